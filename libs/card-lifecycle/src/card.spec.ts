import { describe, expect, it } from '@jest/globals';
import type { RecordableEvent, RecordableEventType } from './card.events';
import { CARD_STATUSES, type CardStatus } from './card.state';
import {
  addressChanged,
  addressConfirmed,
  appointmentBooked,
  appointmentMissed,
  biometricsCaptured,
  cardCancelled,
  cardCollected,
  cardDelivered,
  cardLostInMail,
  cardMailed,
  cardOrdered,
  cardProduced,
  cardReturned,
  historyTo,
  record,
  reportLost,
  shift,
} from './testing/builders';
import { DeciderSpec, aDecider } from './testing/decider-spec';

/*
 * The lifecycle table of docs/domain.md, written out by hand from it (not derived from the
 * implementation's table), checked for all 12 statuses × 14 recordable events.
 */
const ANY_BUT_CANCELLED = 'any but cancelled' as const;
const LIFECYCLE_TABLE: Record<
  RecordableEventType,
  { from: readonly CardStatus[] | typeof ANY_BUT_CANCELLED; to: CardStatus | 'unchanged' }
> = {
  AppointmentBooked: {
    from: ['awaiting_appointment', 'appointment_booked', 'replacement_requested'],
    to: 'appointment_booked',
  },
  AppointmentMissed: { from: ['appointment_booked'], to: 'awaiting_appointment' },
  BiometricsCaptured: { from: ['appointment_booked'], to: 'biometrics_captured' },
  // awaiting_appointment only with biometricsReused: true (the event below reuses biometrics)
  CardOrdered: { from: ['biometrics_captured', 'awaiting_appointment'], to: 'ordered' },
  CardProduced: { from: ['ordered', 'reissue_ordered'], to: 'produced' },
  CardMailed: { from: ['ordered', 'produced', 'reissue_ordered', 'returned'], to: 'mailed' },
  CardDelivered: { from: ['mailed'], to: 'delivered' },
  CardReturned: { from: ['mailed'], to: 'returned' },
  CardCollected: { from: ['returned'], to: 'delivered' },
  CardLostInMail: { from: ['mailed'], to: 'lost_in_mail' },
  CardReportedLost: { from: ['delivered'], to: 'replacement_requested' },
  AddressChanged: { from: ANY_BUT_CANCELLED, to: 'unchanged' },
  AddressConfirmed: { from: ANY_BUT_CANCELLED, to: 'unchanged' },
  CardCancelled: { from: ANY_BUT_CANCELLED, to: 'cancelled' },
};

const ALL_STATUSES: CardStatus[] = [
  'awaiting_appointment',
  'appointment_booked',
  'biometrics_captured',
  'ordered',
  'produced',
  'mailed',
  'delivered',
  'returned',
  'lost_in_mail',
  'reissue_ordered',
  'replacement_requested',
  'cancelled',
];

const EVENT_OF_TYPE: Record<RecordableEventType, (occurredAt: Date) => RecordableEvent> = {
  AppointmentBooked: (occurredAt) => appointmentBooked({ occurredAt }),
  AppointmentMissed: (occurredAt) => appointmentMissed({ occurredAt }),
  BiometricsCaptured: (occurredAt) => biometricsCaptured({ occurredAt }),
  CardOrdered: (occurredAt) => cardOrdered({ occurredAt, biometricsReused: true }),
  CardProduced: (occurredAt) => cardProduced({ occurredAt }),
  CardMailed: (occurredAt) => cardMailed({ occurredAt }),
  CardDelivered: (occurredAt) => cardDelivered({ occurredAt }),
  CardReturned: (occurredAt) => cardReturned({ occurredAt }),
  CardCollected: (occurredAt) => cardCollected({ occurredAt }),
  CardLostInMail: (occurredAt) => cardLostInMail({ occurredAt }),
  CardReportedLost: (occurredAt) => reportLost({ occurredAt }),
  AddressChanged: (occurredAt) => addressChanged({ occurredAt }),
  AddressConfirmed: (occurredAt) => addressConfirmed({ occurredAt }),
  CardCancelled: (occurredAt) => cardCancelled({ occurredAt }),
};

const allowedBySpec = (type: RecordableEventType, status: CardStatus): boolean => {
  const { from } = LIFECYCLE_TABLE[type];
  return from === ANY_BUT_CANCELLED ? status !== 'cancelled' : from.includes(status);
};

describe('the lifecycle table', () => {
  const decider = aDecider();

  it('covers every status the state knows', () => {
    expect([...CARD_STATUSES].sort()).toEqual([...ALL_STATUSES].sort());
  });

  describe.each(ALL_STATUSES)('from %s', (status) => {
    const history = historyTo(status);
    const spec = DeciderSpec.for(decider).given(history);

    it('the history used really reaches the status', () => {
      expect(spec.state().status).toBe(status);
    });

    const types = Object.keys(LIFECYCLE_TABLE) as RecordableEventType[];
    it.each(types)('%s is accepted exactly when the table allows it', (type) => {
      const occurredAt = shift(history.at(-1)?.occurredAt ?? new Date('2025-04-01T08:00:00Z'), { days: 1 });
      const event = EVENT_OF_TYPE[type](occurredAt);
      const outcome = spec.when(record(event));
      if (allowedBySpec(type, status)) {
        const to = LIFECYCLE_TABLE[type].to;
        outcome.thenState({ status: to === 'unchanged' ? status : to });
      } else {
        const error = outcome.thenThrows('CARD.TRANSITION_NOT_ALLOWED');
        expect(error.kind).toBe('transition');
        expect(error.status).toBe(status);
        expect(error.allowedEvents).toEqual(types.filter((t) => allowedBySpec(t, status)));
      }
    });
  });

  it('lists the allowed events of each status in table order', () => {
    const types = Object.keys(LIFECYCLE_TABLE) as RecordableEventType[];
    for (const status of ALL_STATUSES) {
      const state = decider.fold({ dateOfBirth: '1990-01-01', address: { line1: 'a', postalCode: '0001', city: 'Oslo' } }, historyTo(status));
      expect(decider.allowedEvents(state)).toEqual(types.filter((t) => allowedBySpec(t, status)));
    }
  });
});
