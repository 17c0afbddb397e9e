import { describe, expect, it } from '@jest/globals';
import { createWorkingDayCalendar } from '../calendar/working-day-calendar';
import { createCardDecider } from '../card.decide';
import type { CardEvent } from '../card.events';
import { defaultDeadlinePolicy } from '../deadlines/deadline-policy';
import {
  addressConfirmed,
  anOpening,
  appointmentBooked,
  at,
  biometricsCaptured,
  cardCancelled,
  cardDelivered,
  cardLostInMail,
  cardMailed,
  cardOrdered,
  cardProduced,
  cardReportedLost,
  cardReturned,
  deadlineBreached,
  deadlineRecomputed,
  reissueOrdered,
} from '../testing/builders';
import { reactTo, type Reactions } from './reactions';

const zone = 'Europe/Oslo';
const calendar = createWorkingDayCalendar();
const decider = createCardDecider({ calendar, policy: defaultDeadlinePolicy, zone });
const cardId = 'card-1';

/** The reactions to the last of `events`, after the ones before it (seq = position, from 1). */
function reactToLast(events: CardEvent[]): Reactions {
  const before = decider.fold(anOpening(), events.slice(0, -1));
  const event = events[events.length - 1]!;
  const after = decider.evolve(before, event);
  return reactTo({ cardId, eventSeq: events.length, event, before, after, zone, calendar });
}

// Biometrics on Monday 2025-04-14: issue deadline 20 working days later, 2025-05-16 (Easter and 1 May skipped).
const captured = [
  appointmentBooked({ occurredAt: '2025-04-01T10:00:00+02:00', appointmentAt: at('2025-04-14T09:30:00+02:00') }),
  biometricsCaptured({ occurredAt: '2025-04-14T09:45:00+02:00' }),
];
const ordered = [...captured, cardOrdered({ occurredAt: '2025-04-15T10:00:00+02:00' })];
const mailed = [...ordered, cardProduced({ occurredAt: '2025-04-25T10:00:00+02:00' })];

describe('appointment_reminder: 09:00 Oslo on the working day before the appointment', () => {
  it('reminds on Friday for a Monday appointment', () => {
    const r = reactToLast([
      appointmentBooked({ occurredAt: '2025-04-14T10:00:00+02:00', appointmentAt: at('2025-04-28T10:00:00+02:00') }),
    ]);
    expect(r.notifications).toEqual([
      {
        key: 'card-1:appointment_reminder:1:1',
        kind: 'appointment_reminder',
        audience: 'applicant',
        issueNumber: 1,
        triggerSeq: 1,
        dueAt: at('2025-04-25T09:00:00+02:00'),
        params: { appointmentAt: '2025-04-28T08:00:00.000Z' },
      },
    ]);
    expect(r.timers).toEqual([]);
    expect(r.orderReissue).toBe(false);
    expect(r.cancelPendingBeforeIssue).toBeNull();
  });

  it('reminds on the Wednesday before Maundy Thursday for the Tuesday after Easter Monday', () => {
    const r = reactToLast([
      appointmentBooked({ occurredAt: '2025-04-01T10:00:00+02:00', appointmentAt: at('2025-04-22T09:30:00+02:00') }),
    ]);
    expect(r.notifications[0]!.dueAt).toEqual(at('2025-04-16T07:00:00Z'));
  });

  it('uses winter time for a reminder on the Friday before the spring DST change', () => {
    const r = reactToLast([
      appointmentBooked({ occurredAt: '2025-03-20T10:00:00+01:00', appointmentAt: at('2025-03-31T10:00:00+02:00') }),
    ]);
    expect(r.notifications[0]!.dueAt).toEqual(at('2025-03-28T08:00:00Z'));
  });

  it('uses summer time for a reminder on the Friday before the autumn DST change', () => {
    const r = reactToLast([
      appointmentBooked({ occurredAt: '2025-10-01T10:00:00+02:00', appointmentAt: at('2025-10-27T10:00:00+01:00') }),
    ]);
    expect(r.notifications[0]!.dueAt).toEqual(at('2025-10-24T07:00:00Z'));
  });

  it('reminds at once when booked after the reminder time', () => {
    const r = reactToLast([
      appointmentBooked({ occurredAt: '2025-04-24T15:00:00+02:00', appointmentAt: at('2025-04-25T10:00:00+02:00') }),
    ]);
    expect(r.notifications[0]!.dueAt).toEqual(at('2025-04-24T15:00:00+02:00'));
  });

  it('moves a late-evening booking for the next morning into the sending window', () => {
    const r = reactToLast([
      appointmentBooked({ occurredAt: '2025-04-24T21:00:00+02:00', appointmentAt: at('2025-04-25T10:00:00+02:00') }),
    ]);
    expect(r.notifications[0]!.dueAt).toEqual(at('2025-04-25T08:00:00+02:00'));
  });

  it('plans a new reminder keyed by the new event when the appointment is rebooked', () => {
    const r = reactToLast([
      appointmentBooked({ occurredAt: '2025-04-01T10:00:00+02:00', appointmentAt: at('2025-04-28T10:00:00+02:00') }),
      appointmentBooked({ occurredAt: '2025-04-02T10:00:00+02:00', appointmentAt: at('2025-05-05T10:00:00+02:00') }),
    ]);
    expect(r.notifications.map((n) => [n.key, n.dueAt])).toEqual([
      ['card-1:appointment_reminder:1:2', at('2025-05-02T09:00:00+02:00')],
    ]);
  });
});

describe('deadline_check timers', () => {
  it('starts a check at the end of the due date when biometrics are captured', () => {
    const r = reactToLast(captured);
    expect(r.notifications).toEqual([]);
    expect(r.timers).toEqual([
      {
        key: 'card-1:deadline_check:1:2025-05-16',
        kind: 'deadline_check',
        issueNumber: 1,
        dueAt: at('2025-05-16T22:00:00Z'),
        params: { deadline: 'issue', dueDate: '2025-05-16' },
      },
    ]);
  });

  it('starts no second check when the card is ordered after a capture', () => {
    expect(reactToLast(ordered).timers).toEqual([]);
  });

  it('starts the check at the order when biometrics on file are reused', () => {
    const r = reactToLast([cardOrdered({ occurredAt: '2025-04-14T10:00:00+02:00', biometricsReused: true })]);
    expect(r.timers.map((t) => t.key)).toEqual(['card-1:deadline_check:1:2025-05-16']);
  });

  it('uses the winter offset for a due date in winter', () => {
    const r = reactToLast([cardOrdered({ occurredAt: '2025-12-15T10:00:00+01:00', biometricsReused: true })]);
    expect(r.timers[0]).toMatchObject({ dueAt: at('2026-01-15T23:00:00Z'), params: { dueDate: '2026-01-15' } });
  });
});

describe('address checks when the card is ordered', () => {
  it('sends address_check at once and address_check_final at 09:00 five working days before the due date', () => {
    const r = reactToLast(ordered);
    const params = { dueDate: '2025-05-16', orderedAt: '2025-04-15T08:00:00.000Z' };
    expect(r.notifications).toEqual([
      {
        key: 'card-1:address_check:1:3',
        kind: 'address_check',
        audience: 'applicant',
        issueNumber: 1,
        triggerSeq: 3,
        dueAt: at('2025-04-15T10:00:00+02:00'),
        params,
      },
      {
        key: 'card-1:address_check_final:1:3',
        kind: 'address_check_final',
        audience: 'applicant',
        issueNumber: 1,
        triggerSeq: 3,
        // 16 May back five working days: 15, 14, 13, 12, 9 May.
        dueAt: at('2025-05-09T09:00:00+02:00'),
        params,
      },
    ]);
  });

  it('plans the final check anew when a recomputation moves the due date of a card not yet mailed', () => {
    // A closure day moves the due date from Friday 16 to Monday 19 May.
    const moved = deadlineRecomputed({ occurredAt: '2025-04-20T12:00:00+02:00', previousDueDate: '2025-05-16', dueDate: '2025-05-19' });
    const r = reactToLast([...ordered, moved]);
    expect(r.notifications).toEqual([
      {
        key: 'card-1:address_check_final:1:4',
        kind: 'address_check_final',
        audience: 'applicant',
        issueNumber: 1,
        triggerSeq: 4,
        // 19 May back five working days: 16, 15, 14, 13, 12 May.
        dueAt: at('2025-05-12T09:00:00+02:00'),
        params: { dueDate: '2025-05-19', orderedAt: '2025-04-15T08:00:00.000Z' },
      },
    ]);
  });

  it('plans no final check for a recomputation once the card is mailed, or when its time has passed', () => {
    const late = deadlineRecomputed({ occurredAt: '2025-05-14T12:00:00+02:00', previousDueDate: '2025-05-16', dueDate: '2025-05-19' });
    expect(reactToLast([...ordered, late]).notifications).toEqual([]);
    const afterMail = deadlineRecomputed({ occurredAt: '2025-04-29T12:00:00+02:00', previousDueDate: '2025-05-16', dueDate: '2025-05-19' });
    expect(reactToLast([...mailed, cardMailed({ occurredAt: '2025-04-28T10:00:00+02:00' }), afterMail]).notifications).toEqual([]);
  });

  it('holds an order recorded at night until 08:00', () => {
    const r = reactToLast([...captured, cardOrdered({ occurredAt: '2025-04-15T21:30:00+02:00' })]);
    expect(r.notifications[0]!.dueAt).toEqual(at('2025-04-16T08:00:00+02:00'));
  });

  it('skips the final check when the order is recorded within the last five working days', () => {
    const r = reactToLast([...captured, cardOrdered({ occurredAt: '2025-05-12T10:00:00+02:00' })]);
    expect(r.notifications.map((n) => n.kind)).toEqual(['address_check']);
  });
});

describe('mail, return and breach', () => {
  it('tells the applicant the card was mailed, with the tracking number, inside the window', () => {
    const r = reactToLast([...mailed, cardMailed({ occurredAt: '2025-04-30T22:15:00+02:00', trackingNumber: 'RR123456785NO' })]);
    expect(r.notifications).toEqual([
      expect.objectContaining({
        key: 'card-1:card_mailed:1:5',
        kind: 'card_mailed',
        audience: 'applicant',
        // 1 May is a public holiday: the window still applies, only 09:00 rules follow working days.
        dueAt: at('2025-05-01T08:00:00+02:00'),
        params: { trackingNumber: 'RR123456785NO', dueDate: '2025-05-16' },
      }),
    ]);
  });

  it('tells the applicant the card was returned, with the reason', () => {
    const r = reactToLast([
      ...mailed,
      cardMailed({ occurredAt: '2025-04-28T10:00:00+02:00' }),
      cardReturned({ occurredAt: '2025-04-30T13:00:00+02:00', reason: 'address_unknown' }),
    ]);
    expect(r.notifications).toEqual([
      expect.objectContaining({
        key: 'card-1:card_returned:1:6',
        kind: 'card_returned',
        dueAt: at('2025-04-30T13:00:00+02:00'),
        params: { reason: 'address_unknown' },
      }),
    ]);
  });

  it('tells the district about a breach at once, at night too', () => {
    const r = reactToLast([
      ...mailed,
      deadlineBreached({ occurredAt: '2025-05-16T22:00:00Z', deadline: 'issue', dueDate: '2025-05-16' }),
    ]);
    expect(r.notifications).toEqual([
      {
        key: 'card-1:deadline_breached:1:5',
        kind: 'deadline_breached',
        audience: 'district',
        issueNumber: 1,
        triggerSeq: 5,
        dueAt: at('2025-05-16T22:00:00Z'),
        params: { deadline: 'issue', dueDate: '2025-05-16' },
      },
    ]);
    expect(r.timers).toEqual([]);
  });
});

describe('reissue and replacement', () => {
  const lost = [
    ...mailed,
    cardMailed({ occurredAt: '2025-04-28T10:00:00+02:00' }),
    cardLostInMail({ occurredAt: '2025-05-05T10:00:00+02:00' }),
  ];

  it('orders a reissue and checks the 10-working-day reissue deadline when a card is lost in the mail', () => {
    const r = reactToLast(lost);
    expect(r.orderReissue).toBe(true);
    expect(r.notifications).toEqual([]);
    expect(r.timers).toEqual([
      expect.objectContaining({
        key: 'card-1:deadline_check:1:2025-05-19',
        issueNumber: 1,
        params: { deadline: 'reissue', dueDate: '2025-05-19' },
      }),
    ]);
  });

  it('cancels the old issue, moves the deadline check to the new issue and checks the address again', () => {
    const r = reactToLast([...lost, reissueOrdered({ occurredAt: '2025-05-05T10:01:00+02:00' })]);
    expect(r.cancelPendingBeforeIssue).toBe(2);
    expect(r.orderReissue).toBe(false);
    expect(r.timers.map((t) => [t.key, t.dueAt])).toEqual([
      ['card-1:deadline_check:2:2025-05-19', at('2025-05-19T22:00:00Z')],
    ]);
    expect(r.notifications.map((n) => [n.key, n.dueAt])).toEqual([
      ['card-1:address_check:2:7', at('2025-05-05T10:01:00+02:00')],
      ['card-1:address_check_final:2:7', at('2025-05-12T09:00:00+02:00')],
    ]);
  });

  it('cancels the delivered issue when a replacement is requested, and checks no old deadline', () => {
    const r = reactToLast([
      ...mailed,
      cardMailed({ occurredAt: '2025-04-28T10:00:00+02:00' }),
      cardDelivered({ occurredAt: '2025-04-30T10:00:00+02:00' }),
      cardReportedLost({ occurredAt: '2025-06-02T10:00:00+02:00' }),
    ]);
    expect(r).toEqual({ notifications: [], timers: [], orderReissue: false, cancelPendingBeforeIssue: 2 });
  });

  it('cancels pending work of every issue when the card is cancelled', () => {
    const r = reactToLast([...ordered, cardCancelled({ occurredAt: '2025-04-16T10:00:00+02:00' })]);
    expect(r).toEqual({ notifications: [], timers: [], orderReissue: false, cancelPendingBeforeIssue: 2 });
  });
});

describe('events that cause nothing', () => {
  it.each([
    ['CardProduced', mailed],
    ['AddressConfirmed', [...ordered, addressConfirmed({ occurredAt: '2025-04-16T10:00:00+02:00' })]],
    [
      'CardDelivered',
      [...mailed, cardMailed({ occurredAt: '2025-04-28T10:00:00+02:00' }), cardDelivered({ occurredAt: '2025-04-30T10:00:00+02:00' })],
    ],
  ])('%s', (_type, events) => {
    expect(reactToLast(events)).toEqual({ notifications: [], timers: [], orderReissue: false, cancelPendingBeforeIssue: null });
  });
});
