import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { RECORDABLE_EVENT_TYPES } from './card';
import { parseInput, parseRecordEvent, parseRecordableEvent, RECORDABLE_EVENT_INPUTS } from './card.input';
import { at } from './testing/builders';

const NOW = at('2025-05-12T10:00:00+02:00');

function refusalOf(input: unknown) {
  const parsed = parseRecordableEvent(input, NOW);
  if (parsed.ok) throw new Error(`expected a refusal, got ${JSON.stringify(parsed.value)}`);
  return parsed.refusal;
}

describe('parsing an event a caller records', () => {
  it('returns the typed event: instants as Dates, texts trimmed, defaults filled, dated now when it does not say', () => {
    expect(
      parseRecordableEvent(
        { type: 'AppointmentBooked', data: { appointmentAt: '2025-05-20T09:30:00+02:00', station: '  Oslo politihus ', channel: 'portal' } },
        NOW,
      ),
    ).toEqual({
      ok: true,
      value: {
        type: 'AppointmentBooked',
        occurredAt: NOW,
        data: { appointmentAt: at('2025-05-20T09:30:00+02:00'), station: 'Oslo politihus', channel: 'portal' },
      },
    });
    expect(parseRecordableEvent({ type: 'CardOrdered', occurredAt: '2025-05-12T09:00:00Z' }, NOW)).toEqual({
      ok: true,
      value: { type: 'CardOrdered', occurredAt: at('2025-05-12T09:00:00Z'), data: { biometricsReused: false } },
    });
    expect(parseRecordableEvent({ type: 'BiometricsCaptured', data: { station: 'Vest', fingerprints: true } }, NOW)).toMatchObject({
      value: { data: { station: 'Vest', fingerprints: true, guardianPresent: false } },
    });
    expect(parseRecordableEvent({ type: 'AddressConfirmed' }, NOW)).toMatchObject({ value: { data: { by: 'caseworker' } } });
    expect(parseRecordableEvent({ type: 'CardMailed' }, NOW)).toMatchObject({ value: { data: {} } });
  });

  it('gives the fields of each type and no others (the fee is the decider’s)', () => {
    expect(parseRecordableEvent({ type: 'CardReportedLost', data: { circumstance: 'stolen' } }, NOW)).toMatchObject({
      value: { data: { circumstance: 'stolen' } },
    });
    expect(refusalOf({ type: 'CardReportedLost', data: { circumstance: 'stolen', feeNok: 0 } })).toMatchObject({
      kind: 'invalid',
      errors: [{ field: 'data.feeNok', message: 'Unknown field' }],
    });
  });

  it.each([
    ['an unknown field in data', { type: 'CardMailed', data: { weight: 20 } }, [{ field: 'data.weight', message: 'Unknown field' }]],
    ['an unknown field beside the event', { type: 'CardMailed', by: 'me' }, [{ field: 'by', message: 'Unknown field' }]],
    ['a channel outside the list', { type: 'AppointmentBooked', data: { appointmentAt: '2025-05-20T09:30:00Z', station: 'x', channel: 'fax' } }, [{ field: 'data.channel', message: expect.stringContaining('portal') }]],
    ['an empty station', { type: 'AppointmentBooked', data: { appointmentAt: '2025-05-20T09:30:00Z', station: ' ', channel: 'phone' } }, [{ field: 'data.station', message: expect.any(String) }]],
    ['no data at all', { type: 'AppointmentBooked' }, [{ field: 'data', message: 'Required' }]],
    ['an address without a city', { type: 'AddressChanged', data: { address: { line1: 'x', postalCode: '0150' } } }, [{ field: 'data.address.city', message: 'Required' }]],
    ['a cancellation reason outside the list', { type: 'CardCancelled', data: { reason: 'bored' } }, [{ field: 'data.reason', message: expect.any(String) }]],
    ['an occurredAt without an offset', { type: 'CardMailed', occurredAt: '2025-04-14T10:00:00' }, [{ field: 'occurredAt', message: expect.stringContaining('offset') }]],
    ['an impossible occurredAt', { type: 'CardMailed', occurredAt: '2025-02-30T10:00:00Z' }, [{ field: 'occurredAt', message: 'is not a real date-time' }]],
  ])('refuses %s, naming the field', (_name, input, errors) => {
    const refusal = refusalOf(input);
    expect(refusal).toMatchObject({ kind: 'invalid', errors });
    expect(refusal.message).toContain(errors[0]!.field);
  });

  it('refuses input without a type, or not an object at all, as invalid', () => {
    expect(refusalOf({ data: {} })).toEqual({ kind: 'invalid', message: 'type: Required', errors: [{ field: 'type', message: 'Required' }] });
    expect(refusalOf({ type: 7 })).toMatchObject({ kind: 'invalid', errors: [{ field: 'type' }] });
    expect(parseRecordableEvent([], NOW, { root: 'body' })).toMatchObject({ ok: false, refusal: { errors: [{ field: 'body' }] } });
  });

  it.each(['ReissueOrdered', 'DeadlineBreached', 'DeadlineRecomputed'])('refuses %s: only the system records it (the one place that says so)', (type) => {
    expect(refusalOf({ type, data: {} })).toEqual({
      kind: 'system-event',
      type,
      message: `${type} is recorded by the worker, not by a caller.`,
      errors: [{ field: 'type', message: 'Recorded by the worker, not by a caller' }],
    });
  });

  it('refuses an unknown type, listing the recordable ones', () => {
    const refusal = refusalOf({ type: 'CardEaten' });
    expect(refusal).toMatchObject({ kind: 'unknown-event-type', type: 'CardEaten', known: false });
    expect(refusal.message).toBe(`type "CardEaten" is not a known event type; known types: ${RECORDABLE_EVENT_TYPES.join(', ')}.`);
    expect(refusal.errors).toEqual([{ field: 'type', message: `Unknown event type; expected one of ${RECORDABLE_EVENT_TYPES.join(', ')}` }]);
  });

  it('has one input schema per recordable event type', () => {
    expect(Object.keys(RECORDABLE_EVENT_INPUTS).sort()).toEqual([...RECORDABLE_EVENT_TYPES].sort());
  });

  it('makes the RecordEvent command, recorded now', () => {
    expect(parseRecordEvent({ type: 'CardDelivered' }, NOW)).toEqual({
      ok: true,
      value: { type: 'RecordEvent', now: NOW, event: { type: 'CardDelivered', occurredAt: NOW, data: {} } },
    });
    expect(parseRecordEvent({ type: 'ReissueOrdered' }, NOW)).toMatchObject({ ok: false, refusal: { kind: 'system-event' } });
  });
});

describe('parseInput', () => {
  const schema = z.strictObject({ items: z.array(z.strictObject({ date: z.string() })) });

  it('names fields by dotted path with array positions, and sums up the first five', () => {
    const parsed = parseInput(schema, { items: [{ date: '1' }, { date: 2 }], a: 1, b: 1, c: 1, d: 1, e: 1 });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.refusal.errors[0]).toEqual({ field: 'items[1].date', message: expect.stringContaining('expected string') });
    expect(parsed.refusal.errors).toHaveLength(6);
    expect(parsed.refusal.message).toMatch(/^items\[1\]\.date: .*; a: Unknown field; b: Unknown field; c: Unknown field; d: Unknown field \(and 1 more\)$/);
  });

  it('calls the whole input and unknown keys what the caller says', () => {
    expect(parseInput(schema, 'x', { root: 'query' })).toMatchObject({ refusal: { errors: [{ field: 'query' }] } });
    expect(parseInput(schema, { items: [], sort: 1 }, { unknownKey: 'query parameter' })).toMatchObject({
      refusal: { errors: [{ field: 'sort', message: 'Unknown query parameter' }] },
    });
  });
});
