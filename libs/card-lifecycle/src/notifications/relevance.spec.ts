import { describe, expect, it } from '@jest/globals';
import { createWorkingDayCalendar } from '../calendar/working-day-calendar';
import { createCardDecider } from '../card.decide';
import type { CardEvent } from '../card.events';
import type { CardState } from '../card.state';
import { defaultDeadlinePolicy } from '../deadlines/deadline-policy';
import {
  addressChanged,
  addressConfirmed,
  anOpening,
  appointmentBooked,
  appointmentMissed,
  at,
  biometricsCaptured,
  cardCancelled,
  cardDelivered,
  cardLostInMail,
  cardMailed,
  cardOrdered,
  cardProduced,
  cardReturned,
  reissueOrdered,
} from '../testing/builders';
import type { NotificationKind, NotificationParams } from './notification-kinds';
import { SKIP_REASONS, checkRelevance } from './relevance';

const zone = 'Europe/Oslo';
const decider = createCardDecider({ calendar: createWorkingDayCalendar(), policy: defaultDeadlinePolicy, zone });
const stateAfter = (...events: CardEvent[]): CardState => decider.fold(anOpening(), events);

const appointmentAt = at('2025-04-22T09:30:00+02:00');
const booked = [appointmentBooked({ occurredAt: '2025-04-01T10:00:00+02:00', appointmentAt })];
const ordered = [
  ...booked,
  biometricsCaptured({ occurredAt: '2025-04-22T09:45:00+02:00' }),
  cardOrdered({ occurredAt: '2025-04-23T10:00:00+02:00' }),
];
const mailed = [...ordered, cardProduced({ occurredAt: '2025-05-02T10:00:00+02:00' }), cardMailed({ occurredAt: '2025-05-05T10:00:00+02:00' })];

const notification = (kind: NotificationKind, params: NotificationParams = {}, issueNumber = 1) => ({
  kind,
  issueNumber,
  params,
  createdAt: at('2025-04-01T10:00:00+02:00'),
});
const reminder = notification('appointment_reminder', { appointmentAt: appointmentAt.toISOString() });
const dayBefore = at('2025-04-17T09:00:00+02:00');
const skipped = (reason: string) => ({ send: false, reason });

describe('appointment_reminder', () => {
  it('is sent while the appointment is booked for that time', () => {
    expect(checkRelevance(reminder, stateAfter(...booked), dayBefore, zone)).toEqual({ send: true });
  });

  it('is skipped when the appointment was moved to another time', () => {
    const rebooked = stateAfter(
      ...booked,
      appointmentBooked({ occurredAt: '2025-04-02T10:00:00+02:00', appointmentAt: at('2025-04-23T09:30:00+02:00') }),
    );
    expect(checkRelevance(reminder, rebooked, dayBefore, zone)).toEqual(skipped(SKIP_REASONS.appointmentMoved));
  });

  it('is skipped when the appointment was missed', () => {
    const missed = stateAfter(...booked, appointmentMissed({ occurredAt: '2025-04-10T10:00:00+02:00' }));
    expect(checkRelevance(reminder, missed, dayBefore, zone)).toEqual(skipped(SKIP_REASONS.appointmentMissed));
  });

  it('is skipped when biometrics were already captured (the card moved on)', () => {
    expect(checkRelevance(reminder, stateAfter(...ordered), dayBefore, zone)).toEqual(
      skipped(SKIP_REASONS.biometricsCaptured),
    );
  });

  it('is skipped when the card was cancelled', () => {
    const cancelled = stateAfter(...booked, cardCancelled({ occurredAt: '2025-04-10T10:00:00+02:00' }));
    expect(checkRelevance(reminder, cancelled, dayBefore, zone)).toEqual(skipped(SKIP_REASONS.cardCancelled));
  });

  it('is skipped when the appointment has already passed', () => {
    expect(checkRelevance(reminder, stateAfter(...booked), at('2025-04-22T09:30:00+02:00'), zone)).toEqual(
      skipped(SKIP_REASONS.appointmentPassed),
    );
  });
});

describe('address_check', () => {
  it('is sent unless the card is cancelled', () => {
    expect(checkRelevance(notification('address_check'), stateAfter(...mailed), dayBefore, zone)).toEqual({ send: true });
    const cancelled = stateAfter(...ordered, cardCancelled({ occurredAt: '2025-04-24T10:00:00+02:00' }));
    expect(checkRelevance(notification('address_check'), cancelled, dayBefore, zone)).toEqual(
      skipped(SKIP_REASONS.cardCancelled),
    );
  });
});

describe('address_check_final', () => {
  const final = notification('address_check_final', { dueDate: '2025-05-21' });
  const now = at('2025-05-14T09:00:00+02:00');

  it('is skipped when a recomputation moved the due date it was planned for (one for the new date is planned)', () => {
    const state = stateAfter(...ordered);
    const planned = notification('address_check_final', { dueDate: '2025-05-20' });
    expect(state.deadline?.dueDate).toBe('2025-05-21');
    expect(checkRelevance(planned, state, now, zone)).toEqual(skipped(SKIP_REASONS.dueDateMoved));
  });

  it('is sent while the card is ordered and the address not confirmed since', () => {
    expect(checkRelevance(final, stateAfter(...ordered), now, zone)).toEqual({ send: true });
  });

  it('is sent when the address was confirmed only before the order', () => {
    const state = stateAfter(...booked, addressConfirmed({ occurredAt: '2025-04-05T10:00:00+02:00' }), ...ordered.slice(1));
    expect(checkRelevance(final, state, now, zone)).toEqual({ send: true });
  });

  it('is sent when the address changed after being confirmed', () => {
    const state = stateAfter(
      ...ordered,
      addressConfirmed({ occurredAt: '2025-04-24T10:00:00+02:00' }),
      addressChanged({ occurredAt: '2025-04-25T10:00:00+02:00' }),
    );
    expect(checkRelevance(final, state, now, zone)).toEqual({ send: true });
  });

  it('is skipped when the address was confirmed since the order', () => {
    const state = stateAfter(...ordered, addressConfirmed({ occurredAt: '2025-04-24T10:00:00+02:00' }));
    expect(checkRelevance(final, state, now, zone)).toEqual(skipped(SKIP_REASONS.addressConfirmed));
  });

  it('is skipped when the card was mailed, returned or lost in the mail', () => {
    expect(checkRelevance(final, stateAfter(...mailed), now, zone)).toEqual(skipped(SKIP_REASONS.alreadyMailed));
    const returned = stateAfter(...mailed, cardReturned({ occurredAt: '2025-05-07T10:00:00+02:00' }));
    expect(checkRelevance(final, returned, now, zone)).toEqual(skipped(SKIP_REASONS.alreadyMailed));
    const lost = stateAfter(...mailed, cardLostInMail({ occurredAt: '2025-05-07T10:00:00+02:00' }));
    expect(checkRelevance(final, lost, now, zone)).toEqual(skipped(SKIP_REASONS.alreadyMailed));
  });

  it('is skipped when the card was delivered', () => {
    const delivered = stateAfter(...mailed, cardDelivered({ occurredAt: '2025-05-07T10:00:00+02:00' }));
    expect(checkRelevance(final, delivered, now, zone)).toEqual(skipped(SKIP_REASONS.alreadyDelivered));
  });

  it('is skipped when the card was cancelled', () => {
    const cancelled = stateAfter(...ordered, cardCancelled({ occurredAt: '2025-04-24T10:00:00+02:00' }));
    expect(checkRelevance(final, cancelled, now, zone)).toEqual(skipped(SKIP_REASONS.cardCancelled));
  });

  it('is skipped when a new issue superseded the one it was planned for', () => {
    const reissued = stateAfter(
      ...mailed,
      cardLostInMail({ occurredAt: '2025-05-07T10:00:00+02:00' }),
      reissueOrdered({ occurredAt: '2025-05-07T10:01:00+02:00' }),
    );
    expect(checkRelevance(final, reissued, now, zone)).toEqual(skipped(SKIP_REASONS.supersededByNewIssue));
    expect(checkRelevance({ ...final, issueNumber: 2 }, reissued, now, zone)).toEqual({ send: true });
  });
});

describe('messages about what happened are sent while the card has not moved past them', () => {
  it.each(['card_mailed', 'card_returned', 'deadline_breached'] as const)('%s, even to a cancelled card', (kind) => {
    const cancelled = stateAfter(...mailed, cardCancelled({ occurredAt: '2025-05-07T10:00:00+02:00' }));
    expect(checkRelevance(notification(kind), cancelled, at('2025-05-08T10:00:00+02:00'), zone)).toEqual({ send: true });
  });
});

describe('messages whose trigger the card has moved past are skipped, the reason kept', () => {
  const later = at('2025-06-10T10:00:00+02:00');
  const delivered = stateAfter(...mailed, cardDelivered({ occurredAt: '2025-05-06T10:00:00+02:00' }));

  it.each(['card_mailed', 'card_returned', 'deadline_breached', 'address_check'] as const)('%s, once the card is delivered', (kind) => {
    expect(checkRelevance(notification(kind), delivered, later, zone)).toEqual(skipped(SKIP_REASONS.alreadyDelivered));
  });

  it('card_mailed, once the card is returned or lost in the mail', () => {
    const returned = stateAfter(...mailed, cardReturned({ occurredAt: '2025-05-08T10:00:00+02:00' }));
    expect(checkRelevance(notification('card_mailed'), returned, later, zone)).toEqual(skipped(SKIP_REASONS.returnedOrLost));
    const lost = stateAfter(...mailed, cardLostInMail({ occurredAt: '2025-05-08T10:00:00+02:00' }));
    expect(checkRelevance(notification('card_mailed'), lost, later, zone)).toEqual(skipped(SKIP_REASONS.returnedOrLost));
  });

  it('card_returned, once the card is mailed again; sent while it waits at the police', () => {
    const returned = stateAfter(...mailed, cardReturned({ occurredAt: '2025-05-08T10:00:00+02:00' }));
    expect(checkRelevance(notification('card_returned'), returned, later, zone)).toEqual({ send: true });
    const again = stateAfter(...mailed, cardReturned({ occurredAt: '2025-05-08T10:00:00+02:00' }), cardMailed({ occurredAt: '2025-05-09T10:00:00+02:00' }));
    expect(checkRelevance(notification('card_returned'), again, later, zone)).toEqual(skipped(SKIP_REASONS.mailedAgain));
  });

  it('card_mailed of an issue a reissue replaced', () => {
    const reissued = stateAfter(
      ...mailed,
      cardLostInMail({ occurredAt: '2025-05-08T10:00:00+02:00' }),
      reissueOrdered({ occurredAt: '2025-05-08T10:00:00+02:00' }),
    );
    expect(checkRelevance(notification('card_mailed'), reissued, later, zone)).toEqual(skipped(SKIP_REASONS.supersededByNewIssue));
  });
});

describe('skip reasons', () => {
  it('are short English sentences', () => {
    for (const reason of Object.values(SKIP_REASONS)) {
      expect(reason).toMatch(/^[A-Z][^.]{5,80}\.$/);
    }
  });
});
