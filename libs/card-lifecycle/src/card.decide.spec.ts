import { describe, expect, it } from '@jest/globals';
import { ageOn } from './card.decide';
import type { CardEvent, DeadlineRecomputed } from './card.events';
import { defaultDeadlinePolicy } from './deadlines';
import {
  addressChanged,
  addressConfirmed,
  anOpening,
  appointmentBooked,
  appointmentMissed,
  at,
  biometricsCaptured,
  cardCancelled,
  cardCollected,
  cardDelivered,
  cardLostInMail,
  cardMailed,
  cardOrdered,
  cardProduced,
  cardReportedLost,
  cardReturned,
  checkDeadline,
  deadlineBreached,
  historyTo,
  orderReissue,
  recomputeDeadline,
  record,
  reissueOrdered,
  reportLost,
} from './testing/builders';
import { DeciderSpec, aDecider } from './testing/decider-spec';

const decider = aDecider();
const card = (dateOfBirth = '1990-06-15') => DeciderSpec.for(decider, anOpening({ dateOfBirth }));

/** Booked on 10 April, biometrics on Monday 14 April 2025 → issue deadline 16 May (20 working days, Easter and 1 May skipped). */
const booked = appointmentBooked({ occurredAt: '2025-04-10T12:00:00+02:00' });
const captured = biometricsCaptured({ occurredAt: '2025-04-14T10:00:00+02:00' });
const ordered = cardOrdered({ occurredAt: '2025-04-14T11:00:00+02:00' });
const produced = cardProduced({ occurredAt: '2025-05-05T10:00:00+02:00' });
const mailed = cardMailed({ occurredAt: '2025-05-12T10:00:00+02:00', trackingNumber: 'RR123456785NO' });
const toMailed = [booked, captured, ordered, produced, mailed];
/** The worker's breach of the 16 May due date: midnight Oslo ending that day. */
const breached = deadlineBreached({ occurredAt: '2025-05-17T00:00:00+02:00', deadline: 'issue', dueDate: '2025-05-16' });

describe('initial state', () => {
  it('is awaiting an appointment, issue 1, with nothing else known', () => {
    const state = decider.initialState(anOpening({ dateOfBirth: '2001-02-03' }));
    expect(state).toMatchObject({
      status: 'awaiting_appointment',
      issueNumber: 1,
      dateOfBirth: '2001-02-03',
      deadline: null,
      delivered: null,
      overdue: false,
      lastEventAt: null,
      timeline: [],
    });
  });
});

describe('recording an event', () => {
  it('refuses with the status and the allowed events, in words', () => {
    const error = card()
      .given([booked, captured, ordered])
      .when(record(cardDelivered({ occurredAt: '2025-05-12T10:00:00+02:00' })))
      .thenThrows('CARD.TRANSITION_NOT_ALLOWED');
    expect(error).toMatchObject({ kind: 'transition', status: 'ordered' });
    expect(error.allowedEvents).toEqual(['CardProduced', 'CardMailed', 'AddressChanged', 'AddressConfirmed', 'CardCancelled']);
    expect(error.message).toBe(
      'CardDelivered is not allowed while the card is ordered; allowed: CardProduced, CardMailed, AddressChanged, AddressConfirmed, CardCancelled',
    );
  });

  it('says "allowed: none" for a cancelled card', () => {
    const error = card()
      .given([cardCancelled({ occurredAt: '2025-04-10T10:00:00+02:00' })])
      .when(record(addressConfirmed({ occurredAt: '2025-04-11T10:00:00+02:00' })))
      .thenThrows('CARD.TRANSITION_NOT_ALLOWED');
    expect(error.message).toMatch(/while the card is cancelled; allowed: none$/);
    expect(error.allowedEvents).toEqual([]);
  });

  it('refuses CardOrdered without an appointment unless biometrics are reused', () => {
    card()
      .when(record(cardOrdered({ biometricsReused: false })))
      .thenThrows('CARD.TRANSITION_NOT_ALLOWED');
    card().when(record(cardOrdered({ biometricsReused: true }))).thenState({ status: 'ordered' });
  });

  it('refuses an invalid appointment time', () => {
    card()
      .when(record(appointmentBooked({ occurredAt: '2025-04-10T12:00:00+02:00', appointmentAt: new Date('nope') })))
      .thenThrows('CARD.INVALID_INSTANT');
  });

  it('refuses an invalid occurredAt', () => {
    card()
      .when(record(appointmentBooked({ occurredAt: new Date(Number.NaN) }), at('2025-04-10T10:00:00+02:00')))
      .thenThrows('CARD.INVALID_INSTANT');
  });
});

describe('occurredAt', () => {
  const now = at('2025-04-10T12:00:00+02:00');

  it('may be up to 5 minutes after now (clock drift)', () => {
    card().when(record(appointmentBooked({ occurredAt: '2025-04-10T12:04:00+02:00' }), now)).thenState({ status: 'appointment_booked' });
    card().when(record(appointmentBooked({ occurredAt: '2025-04-10T12:05:00+02:00' }), now)).thenState({ status: 'appointment_booked' });
  });

  it('is refused more than 5 minutes after now', () => {
    const error = card()
      .when(record(appointmentBooked({ occurredAt: '2025-04-10T12:06:00+02:00' }), now))
      .thenThrows('CARD.OCCURRED_IN_FUTURE');
    expect(error.kind).toBe('rule');
  });

  it('may be long ago: cards are often entered after the fact', () => {
    card().when(record(appointmentBooked({ occurredAt: '2024-01-10T12:00:00+01:00' }), now)).thenState({ status: 'appointment_booked' });
  });

  it('is refused before the previous event', () => {
    card()
      .given(toMailed)
      .when(record(cardDelivered({ occurredAt: '2025-05-12T09:59:59+02:00' }), '2025-05-13T10:00:00+02:00'))
      .thenThrows('CARD.OCCURRED_BEFORE_PREVIOUS_EVENT');
  });

  it('may equal the previous event', () => {
    card()
      .given(toMailed)
      .when(record(cardDelivered({ occurredAt: mailed.occurredAt }), '2025-05-13T10:00:00+02:00'))
      .thenState({ status: 'delivered' });
  });

  it('ignores the worker-recorded DeadlineBreached: a delivery on the due date recorded late is accepted and on time', () => {
    card()
      .given([...toMailed, breached])
      .when(record(cardDelivered({ occurredAt: '2025-05-16T15:00:00+02:00' }), '2025-05-19T09:00:00+02:00'))
      .thenState({
        status: 'delivered',
        overdue: false,
        delivered: { at: at('2025-05-16T15:00:00+02:00'), late: false, workingDaysLate: 0 },
        deadline: { dueDate: '2025-05-16', breachedAt: breached.occurredAt },
      });
  });
});

describe('biometrics of minors', () => {
  const on14April = (data: { guardianPresent?: boolean; fingerprints?: boolean }, occurredAt = '2025-04-14T10:00:00+02:00') =>
    record(biometricsCaptured({ occurredAt, ...data }));

  it('refuses a 17-year-old without a guardian', () => {
    const error = card('2007-04-15').given([booked]).when(on14April({ guardianPresent: false })).thenThrows('CARD.GUARDIAN_REQUIRED');
    expect(error.kind).toBe('rule');
    expect(error.message).toContain('under 18');
  });

  it('accepts a 17-year-old with a guardian', () => {
    card('2007-04-15').given([booked]).when(on14April({ guardianPresent: true })).thenState({ status: 'biometrics_captured' });
  });

  it('accepts someone on their 18th birthday without a guardian', () => {
    card('2007-04-14').given([booked]).when(on14April({ guardianPresent: false })).thenState({ status: 'biometrics_captured' });
  });

  it('takes the age on the Oslo date: 01:30 in Oslo is already the birthday although UTC is the day before', () => {
    card('2007-04-14')
      .given([booked])
      .when(on14April({ guardianPresent: false }, '2025-04-13T23:30:00Z'))
      .thenState({ status: 'biometrics_captured' });
    card('2007-04-14')
      .given([booked])
      .when(on14April({ guardianPresent: false }, '2025-04-13T21:30:00Z'))
      .thenThrows('CARD.GUARDIAN_REQUIRED');
  });

  it('accepts a 5-year-old without fingerprints', () => {
    card('2019-04-15')
      .given([booked])
      .when(on14April({ guardianPresent: true, fingerprints: false }))
      .then([
        {
          type: 'BiometricsCaptured',
          occurredAt: at('2025-04-14T10:00:00+02:00'),
          data: { station: 'Oslo politihus', fingerprints: false, guardianPresent: true },
        },
      ]);
  });

  it('refuses a 6-year-old without fingerprints', () => {
    card('2019-04-14')
      .given([booked])
      .when(on14April({ guardianPresent: true, fingerprints: false }))
      .thenThrows('CARD.FINGERPRINTS_REQUIRED');
  });

  it('refuses an adult without fingerprints', () => {
    card().given([booked]).when(on14April({ fingerprints: false })).thenThrows('CARD.FINGERPRINTS_REQUIRED');
  });
});

describe('ageOn', () => {
  it('counts a year once the birthday is reached', () => {
    expect(ageOn('2007-04-14', '2025-04-13')).toBe(17);
    expect(ageOn('2007-04-14', '2025-04-14')).toBe(18);
    expect(ageOn('2007-12-31', '2025-01-01')).toBe(17);
  });

  it('makes a 29 February child a year older on 1 March in a non-leap year', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-28')).toBe(19);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });
});

describe('deadlines', () => {
  it('starts the issue deadline at BiometricsCaptured: 14 April 2025 → 16 May 2025', () => {
    card()
      .given([booked])
      .when(record(captured))
      .thenState({
        deadline: { kind: 'issue', startDate: '2025-04-14', workingDays: 20, dueDate: '2025-05-16', breachedAt: null },
      });
  });

  it('keeps the biometrics deadline when the card is ordered afterwards', () => {
    card().given([booked, captured]).when(record(cardOrdered({ occurredAt: '2025-04-22T10:00:00+02:00' }))).thenState({
      orderedAt: at('2025-04-22T10:00:00+02:00'),
      deadline: { kind: 'issue', startDate: '2025-04-14', dueDate: '2025-05-16' },
    });
  });

  it('starts the issue deadline at CardOrdered when biometrics on file are reused', () => {
    card()
      .when(record(cardOrdered({ occurredAt: '2025-04-14T10:00:00+02:00', biometricsReused: true })))
      .thenState({
        status: 'ordered',
        orderedAt: at('2025-04-14T10:00:00+02:00'),
        deadline: { kind: 'issue', startDate: '2025-04-14', dueDate: '2025-05-16' },
      });
  });

  it('takes the Oslo date of the start: 23:30 UTC on a Sunday is Monday in Oslo', () => {
    card()
      .given([booked])
      .when(record(biometricsCaptured({ occurredAt: '2025-04-13T22:30:00Z' })))
      .thenState({ deadline: { startDate: '2025-04-14', dueDate: '2025-05-16' } });
  });

  it('starts a reissue deadline of 10 working days at CardLostInMail (17 May on a Saturday does not count)', () => {
    card()
      .given(toMailed)
      .when(record(cardLostInMail({ occurredAt: '2025-05-14T10:00:00+02:00' })))
      .thenState({
        status: 'lost_in_mail',
        deadline: { kind: 'reissue', startDate: '2025-05-14', workingDays: 10, dueDate: '2025-05-28' },
      });
  });

  it('marks a delivery after the due date late by the working days in between', () => {
    // Due Friday 16 May; delivered Wednesday 21 May: Mon 19, Tue 20, Wed 21 → 3 working days.
    card()
      .given(toMailed)
      .when(record(cardDelivered({ occurredAt: '2025-05-21T13:00:00+02:00' })))
      .thenState({ delivered: { at: at('2025-05-21T13:00:00+02:00'), late: true, workingDaysLate: 3 } });
  });

  it('marks a delivery by the end of the due date on time', () => {
    card()
      .given(toMailed)
      .when(record(cardDelivered({ occurredAt: '2025-05-16T23:59:00+02:00' })))
      .thenState({ delivered: { late: false, workingDaysLate: 0 } });
  });

  it('counts a collection from the police like a delivery', () => {
    const returned = cardReturned({ occurredAt: '2025-05-14T10:00:00+02:00' });
    card()
      .given([...toMailed, returned, breached])
      .when(record(cardCollected({ occurredAt: '2025-05-20T10:00:00+02:00' })))
      .thenState({ status: 'delivered', overdue: false, delivered: { late: true, workingDaysLate: 2 } });
  });

  it('is recomputed by folding under another calendar', () => {
    const history = [booked, captured];
    expect(aDecider().fold(anOpening(), history).deadline?.dueDate).toBe('2025-05-16');
    // One extra closure day inside the window pushes the due date past the weekend.
    expect(aDecider(['2025-05-02']).fold(anOpening(), history).deadline?.dueDate).toBe('2025-05-19');
  });
});

describe('RecomputeDeadline', () => {
  // The card's state was computed before the police closed on Friday 2 May 2025, inside the count
  // from 14 April; under the new calendar the due date moves from Friday 16 May over the weekend
  // to Monday 19 May.
  const closedDecider = aDecider(['2025-05-02']);
  const recompute = (history: CardEvent[], now: string, reason?: string): CardEvent[] =>
    closedDecider.decide(recomputeDeadline(now, reason), decider.fold(anOpening(), history));
  const moved = (occurredAt: string, breachWithdrawn = false): DeadlineRecomputed => ({
    type: 'DeadlineRecomputed',
    occurredAt: at(occurredAt),
    data: {
      deadline: 'issue',
      previousDueDate: '2025-05-16',
      dueDate: '2025-05-19',
      workingDays: 20,
      policyVersion: defaultDeadlinePolicy.version,
      calendarVersion: 'no-holidays-v1+closed(2025-05-02)',
      breachWithdrawn,
      reason: 'closure day 2025-05-02 added',
    },
  });

  it('records the moved due date, the old one and why, dated when it ran', () => {
    expect(recompute(toMailed, '2025-05-05T09:00:00+02:00')).toEqual([moved('2025-05-05T09:00:00+02:00')]);
  });

  it('records nothing when the calendar change leaves the due date where it was', () => {
    const state = decider.fold(anOpening(), toMailed);
    expect(aDecider(['2025-06-02']).decide(recomputeDeadline('2025-05-05T09:00:00+02:00'), state)).toEqual([]);
    expect(decider.decide(recomputeDeadline('2025-05-05T09:00:00+02:00'), state)).toEqual([]);
  });

  it('records nothing for a card without an open deadline', () => {
    expect(recompute([booked], '2025-05-05T09:00:00+02:00')).toEqual([]);
    const delivered = cardDelivered({ occurredAt: '2025-05-13T10:00:00+02:00' });
    expect(recompute([...toMailed, delivered], '2025-05-14T09:00:00+02:00')).toEqual([]);
  });

  it('puts the recorded due date on the state, leaving the status and timeline alone', () => {
    const history = [...toMailed, moved('2025-05-05T09:00:00+02:00')];
    // Folded under the old calendar: the history says where the due date was moved to.
    const state = decider.fold(anOpening(), history);
    expect(state.deadline).toMatchObject({ dueDate: '2025-05-19', calendarVersion: 'no-holidays-v1+closed(2025-05-02)' });
    expect(state.status).toBe('mailed');
    expect(state.timeline).toEqual(decider.fold(anOpening(), toMailed).timeline);
    // Once recorded, a second recomputation under the same calendar finds nothing to do.
    expect(closedDecider.decide(recomputeDeadline('2025-05-06T09:00:00+02:00'), state)).toEqual([]);
  });

  it('withdraws a breach the new due date no longer supports', () => {
    const ranAt = '2025-05-17T09:00:00+02:00';
    const events = recompute([...toMailed, breached], ranAt);
    expect(events).toEqual([moved(ranAt, true)]);
    expect(decider.fold(anOpening(), [...toMailed, breached, ...events])).toMatchObject({
      overdue: false,
      deadline: { dueDate: '2025-05-19', breachedAt: null },
    });
  });

  it('keeps a breach the new due date still supports', () => {
    const ranAt = '2025-05-21T09:00:00+02:00';
    const events = recompute([...toMailed, breached], ranAt);
    expect(events).toEqual([moved(ranAt)]);
    expect(decider.fold(anOpening(), [...toMailed, breached, ...events])).toMatchObject({ overdue: true });
  });

  it('does not hold back a delivery recorded later but dated before it', () => {
    card()
      .given([...toMailed, moved('2025-05-15T09:00:00+02:00')])
      .when(record(cardDelivered({ occurredAt: '2025-05-13T10:00:00+02:00' })))
      .thenState({ status: 'delivered', delivered: { late: false } });
  });

  it('refuses an empty reason', () => {
    expect(() => recompute(toMailed, '2025-05-05T09:00:00+02:00', ' ')).toThrow(/reason must be/);
  });
});

describe('CheckDeadline', () => {
  it('records nothing while the due date lasts', () => {
    card().given(toMailed).when(checkDeadline('2025-05-16T23:59:59+02:00')).then([]);
  });

  it('records the breach once the due date has ended, dated at midnight Oslo', () => {
    card()
      .given(toMailed)
      .when(checkDeadline('2025-05-17T00:00:01+02:00'))
      .then([
        {
          type: 'DeadlineBreached',
          occurredAt: at('2025-05-17T00:00:00+02:00'),
          data: { deadline: 'issue', dueDate: '2025-05-16' },
        },
      ]);
  });

  it('leaves the status unchanged and marks the card overdue', () => {
    card()
      .given(toMailed)
      .when(checkDeadline('2025-05-20T08:00:00+02:00'))
      .thenState({ status: 'mailed', overdue: true, deadline: { breachedAt: at('2025-05-17T00:00:00+02:00') } });
  });

  it('records the breach only once', () => {
    card().given([...toMailed, breached]).when(checkDeadline('2025-05-25T08:00:00+02:00')).then([]);
  });

  it('records nothing for a delivered card', () => {
    card()
      .given([...toMailed, cardDelivered({ occurredAt: '2025-05-15T10:00:00+02:00' })])
      .when(checkDeadline('2025-05-25T08:00:00+02:00'))
      .then([]);
  });

  it('records nothing for a cancelled card', () => {
    card()
      .given([...toMailed, cardCancelled({ occurredAt: '2025-05-15T10:00:00+02:00' })])
      .when(checkDeadline('2025-05-25T08:00:00+02:00'))
      .then([]);
  });

  it('records nothing without a deadline', () => {
    card().given([booked]).when(checkDeadline('2026-01-01T08:00:00+01:00')).then([]);
  });

  it('checks the reissue deadline after a loss in the mail, even when the issue deadline was breached', () => {
    const lost = cardLostInMail({ occurredAt: '2025-05-20T10:00:00+02:00' });
    const spec = card().given([...toMailed, breached, lost]);
    expect(spec.state()).toMatchObject({ overdue: false, deadline: { kind: 'reissue', breachedAt: null } });
    // 10 working days from Tue 20 May, skipping Ascension Day (29 May): due Wed 4 June.
    spec.when(checkDeadline('2025-06-04T08:00:00+02:00')).then([]);
    spec
      .when(checkDeadline('2025-06-05T08:00:00+02:00'))
      .then([{ type: 'DeadlineBreached', occurredAt: at('2025-06-05T00:00:00+02:00'), data: { deadline: 'reissue', dueDate: '2025-06-04' } }]);
  });
});

describe('lost in the mail', () => {
  const lost = cardLostInMail({ occurredAt: '2025-05-14T10:00:00+02:00' });

  it('OrderReissue emits ReissueOrdered dated at the loss, not at now', () => {
    card()
      .given([...toMailed, lost])
      .when(orderReissue(lost.occurredAt, '2025-05-14T10:00:05+02:00'))
      .then([{ type: 'ReissueOrdered', occurredAt: lost.occurredAt, data: {} }]);
  });

  it('ReissueOrdered starts a new issue and keeps the reissue deadline', () => {
    card()
      .given([...toMailed, lost])
      .when(orderReissue(lost.occurredAt, '2025-05-14T10:00:05+02:00'))
      .thenState({
        status: 'reissue_ordered',
        issueNumber: 2,
        orderedAt: lost.occurredAt,
        deadline: { kind: 'reissue', startDate: '2025-05-14', dueDate: '2025-05-28' },
      });
  });

  it.each(['mailed', 'reissue_ordered', 'delivered', 'cancelled'] as const)('OrderReissue is refused from %s', (status) => {
    card().given(historyTo(status)).when(orderReissue('2025-05-14T10:00:00+02:00')).thenThrows('CARD.TRANSITION_NOT_ALLOWED');
  });

  it('a card lost after an address change can still be reissued although lostAt is before that change', () => {
    const moved = addressChanged({ occurredAt: '2025-05-14T11:00:00+02:00' });
    card()
      .given([...toMailed, lost, moved])
      .when(orderReissue(lost.occurredAt, '2025-05-14T11:00:05+02:00'))
      .thenState({ status: 'reissue_ordered', lastEventAt: moved.occurredAt });
  });
});

describe('replacement of a delivered card', () => {
  const delivered = cardDelivered({ occurredAt: '2025-05-15T10:00:00+02:00' });

  it('records a 300 NOK fee for a lost card', () => {
    card()
      .given([...toMailed, delivered])
      .when(record(reportLost({ occurredAt: '2025-09-01T10:00:00+02:00', circumstance: 'stolen' })))
      .then([{ type: 'CardReportedLost', occurredAt: at('2025-09-01T10:00:00+02:00'), data: { circumstance: 'stolen', feeNok: 300 } }]);
  });

  it('records no fee for a defective card', () => {
    card()
      .given([...toMailed, delivered])
      .when(record(reportLost({ occurredAt: '2025-09-01T10:00:00+02:00', circumstance: 'defective' })))
      .thenState({ fee: { amountNok: 0, circumstance: 'defective' } });
  });

  it('starts a new issue from scratch', () => {
    card()
      .given([...toMailed, delivered])
      .when(record(reportLost({ occurredAt: '2025-09-01T10:00:00+02:00' })))
      .thenState({
        status: 'replacement_requested',
        issueNumber: 2,
        fee: { amountNok: 300, circumstance: 'lost' },
        deadline: null,
        delivered: null,
        overdue: false,
        orderedAt: null,
        appointment: null,
      });
  });

  it('counts issues across a reissue and a replacement', () => {
    const history = [
      ...toMailed,
      cardLostInMail({ occurredAt: '2025-05-14T10:00:00+02:00' }),
      reissueOrdered({ occurredAt: '2025-05-14T10:00:00+02:00' }),
      cardMailed({ occurredAt: '2025-05-20T10:00:00+02:00' }),
      cardDelivered({ occurredAt: '2025-05-22T10:00:00+02:00' }),
      cardReportedLost({ occurredAt: '2025-09-01T10:00:00+02:00' }),
      appointmentBooked({ occurredAt: '2025-09-02T10:00:00+02:00' }),
      biometricsCaptured({ occurredAt: '2025-09-10T10:00:00+02:00' }),
    ];
    expect(card().given(history).state()).toMatchObject({
      issueNumber: 3,
      status: 'biometrics_captured',
      deadline: { kind: 'issue', startDate: '2025-09-10' },
      delivered: null,
    });
  });
});

describe('appointments and addresses', () => {
  it('keeps the booked appointment and clears it when missed', () => {
    const spec = card().given([booked]);
    expect(spec.state().appointment).toEqual({ at: booked.data.appointmentAt, station: 'Oslo politihus', channel: 'portal' });
    spec.when(record(appointmentMissed({ occurredAt: '2025-04-22T12:00:00+02:00' }))).thenState({
      status: 'awaiting_appointment',
      appointment: null,
    });
  });

  it('records the confirmation of the address', () => {
    card()
      .given([booked])
      .when(record(addressConfirmed({ occurredAt: '2025-04-11T10:00:00+02:00' })))
      .thenState({ status: 'appointment_booked', addressConfirmedAt: at('2025-04-11T10:00:00+02:00') });
  });

  it('treats a changed address as not yet confirmed', () => {
    card()
      .given([booked, addressConfirmed({ occurredAt: '2025-04-11T10:00:00+02:00' })])
      .when(record(addressChanged({ occurredAt: '2025-04-12T10:00:00+02:00', address: { line1: 'Nygata 2', postalCode: '5017', city: 'Bergen' } })))
      .thenState({
        status: 'appointment_booked',
        address: { line1: 'Nygata 2', postalCode: '5017', city: 'Bergen' },
        addressConfirmedAt: null,
      });
  });
});

describe('timeline', () => {
  it('gets an entry for every change of status and none for events that keep it', () => {
    const state = card()
      .given([booked, addressConfirmed({ occurredAt: '2025-04-11T10:00:00+02:00' }), captured, ordered, produced, mailed, breached])
      .state();
    expect(state.timeline).toEqual([
      { status: 'appointment_booked', at: booked.occurredAt, event: 'AppointmentBooked' },
      { status: 'biometrics_captured', at: captured.occurredAt, event: 'BiometricsCaptured' },
      { status: 'ordered', at: ordered.occurredAt, event: 'CardOrdered' },
      { status: 'produced', at: produced.occurredAt, event: 'CardProduced' },
      { status: 'mailed', at: mailed.occurredAt, event: 'CardMailed' },
    ]);
    expect(state.lastEventAt).toEqual(mailed.occurredAt);
  });
});

describe('evolve', () => {
  it('never throws for a stored event, even an unknown one', () => {
    const state = decider.initialState(anOpening());
    const unknown = { type: 'CardEaten', occurredAt: at('2025-04-10T10:00:00+02:00'), data: {} } as never;
    expect(() => decider.evolve(state, unknown)).not.toThrow();
  });

  it('ignores a breach of a deadline that is no longer current', () => {
    const state = card().given([...toMailed, cardLostInMail({ occurredAt: '2025-05-14T10:00:00+02:00' })]).state();
    expect(decider.evolve(state, breached)).toEqual(state);
  });
});

describe('a breach is recorded at once (a history entered after the fact)', () => {
  it('records DeadlineBreached before a delivery that happened after the due date had ended', () => {
    card()
      .given(toMailed)
      .when(record(cardDelivered({ occurredAt: '2025-05-20T12:00:00+02:00' }), '2025-06-02T09:00:00+02:00'))
      .then([breached, cardDelivered({ occurredAt: '2025-05-20T12:00:00+02:00' })]);
  });

  it('records nothing more for a delivery on time, however late it is entered', () => {
    card()
      .given(toMailed)
      .when(record(cardDelivered({ occurredAt: '2025-05-16T15:00:00+02:00' }), '2025-06-02T09:00:00+02:00'))
      .then([cardDelivered({ occurredAt: '2025-05-16T15:00:00+02:00' })]);
  });

  it('records DeadlineBreached after an event that leaves the card past its due date by now', () => {
    card()
      .given([booked])
      .when(record(captured, '2025-06-02T09:00:00+02:00'))
      .then([captured, breached]);
  });

  it('records it after the event when the due date ended between the event and now', () => {
    const confirmed = addressConfirmed({ occurredAt: '2025-05-15T10:00:00+02:00' });
    card()
      .given([booked, captured, ordered])
      .when(record(confirmed, '2025-05-19T09:00:00+02:00'))
      .then([confirmed, breached]);
  });

  it('records no breach twice, and none for a cancelled card', () => {
    const confirmed = addressConfirmed({ occurredAt: '2025-05-19T10:00:00+02:00' });
    card().given([...toMailed, breached]).when(record(confirmed, '2025-05-19T10:00:00+02:00')).then([confirmed]);
    const cancelled = cardCancelled({ occurredAt: '2025-05-14T10:00:00+02:00' });
    card().given(toMailed).when(record(cancelled, '2025-06-02T09:00:00+02:00')).then([cancelled]);
  });

  it('refuses an invalid occurredAt on a card past its due date as on any other', () => {
    card()
      .given(toMailed)
      .when(record(cardDelivered({ occurredAt: new Date(Number.NaN) }), '2025-06-02T09:00:00+02:00'))
      .thenThrows('CARD.INVALID_INSTANT');
  });

  it('refuses as before: a refused event records no breach either', () => {
    card()
      .given(toMailed)
      .when(record(cardOrdered({ occurredAt: '2025-05-20T12:00:00+02:00' }), '2025-06-02T09:00:00+02:00'))
      .thenThrows('CARD.TRANSITION_NOT_ALLOWED');
  });
});
