import { describe, expect, it } from '@jest/globals';
import { eventBodyFromForm } from './event-forms';
import { consoleEn } from './i18n/console-en';

const words = consoleEn.record.errors;
const ZONE = 'Europe/Oslo';

describe('the API body from an event form, checked with the library parser of the event', () => {
  it('turns what a person types into the body: a time in Oslo, ticks as booleans, blanks left out', () => {
    expect(
      eventBodyFromForm('AppointmentBooked', { occurredAt: '2026-01-06 10:30', appointmentAt: '2026-01-20T09:00', station: ' Oslo ', channel: 'phone' }, words, ZONE),
    ).toEqual({
      ok: true,
      body: {
        type: 'AppointmentBooked',
        occurredAt: '2026-01-06T09:30:00.000Z',
        data: { appointmentAt: '2026-01-20T08:00:00.000Z', station: 'Oslo', channel: 'phone' },
      },
    });
    expect(eventBodyFromForm('BiometricsCaptured', { station: 'Vest', fingerprints: 'yes' }, words, ZONE)).toEqual({
      ok: true,
      body: { type: 'BiometricsCaptured', data: { station: 'Vest', fingerprints: true, guardianPresent: false } },
    });
    expect(eventBodyFromForm('AddressChanged', { line1: 'Storgata 1', line2: ' ', postalCode: '0155', city: 'Oslo' }, words, ZONE)).toEqual({
      ok: true,
      body: { type: 'AddressChanged', data: { address: { line1: 'Storgata 1', postalCode: '0155', city: 'Oslo' } } },
    });
    expect(eventBodyFromForm('CardDelivered', {}, words, ZONE)).toEqual({ ok: true, body: { type: 'CardDelivered' } });
  });

  it('puts the parser’s refusals next to their fields, in words', () => {
    expect(eventBodyFromForm('AppointmentBooked', { occurredAt: 'tomorrow', appointmentAt: '', station: 'x'.repeat(101) }, words, ZONE)).toEqual({
      ok: false,
      errors: { occurredAt: words.dateTime, appointmentAt: words.required, station: words.tooLong, channel: words.choose },
    });
    expect(eventBodyFromForm('AddressChanged', { line1: '', postalCode: '155', city: 'Oslo' }, words, ZONE)).toEqual({
      ok: false,
      errors: { line1: words.required, postalCode: words.postalCode },
    });
    expect(eventBodyFromForm('CardCancelled', { cancelReason: 'bored' }, words, ZONE)).toEqual({ ok: false, errors: { cancelReason: words.choose } });
    expect(eventBodyFromForm('CardReturned', {}, words, ZONE)).toEqual({ ok: false, errors: { returnReason: words.choose } });
  });
});
