import { describe, expect, it } from '@jest/globals';
import {
  POLICE_DISTRICTS,
  ageOn,
  businessDate,
  createCardDecider,
  createWorkingDayCalendar,
  defaultDeadlinePolicy,
  eventFromJson,
  isEuEeaNational,
  isPastDue,
  isValidDufNumber,
  type CardState,
} from '@cardtrail/card-lifecycle';
import { SCENARIO_KINDS, planDemo, type CardPlan } from './demo-plans';

const zone = 'Europe/Oslo';
const calendar = createWorkingDayCalendar();
const decider = createCardDecider({ calendar, policy: defaultDeadlinePolicy, zone });
// A Wednesday afternoon, and a Sunday evening: the histories end at either.
const nows = [new Date('2026-03-18T14:30:00Z'), new Date('2026-11-22T17:40:00Z')];

/** Replays a plan through the domain as the service and its worker would; throws on a refusal. */
function replay(plan: CardPlan, now: Date): CardState {
  let state = decider.initialState({ dateOfBirth: plan.open.applicant.dateOfBirth, address: plan.open.address });
  const apply = (events: ReturnType<typeof decider.decide>) => {
    for (const e of events) state = decider.evolve(state, e);
  };
  for (const step of plan.steps) {
    if (step.kind === 'event') {
      const event = eventFromJson({ type: step.type, occurredAt: step.at.toISOString(), data: step.data });
      apply(decider.decide({ type: 'RecordEvent', now, event: event as never }, state));
    } else if (step.kind === 'await-reissue') {
      const lostAt = state.lastEventAt as Date;
      apply(decider.decide({ type: 'OrderReissue', now, lostAt }, state));
    } else {
      apply(decider.decide({ type: 'RecordEvent', now, event: { type: 'AddressConfirmed', occurredAt: now, data: { by: 'applicant' } } }, state));
    }
  }
  return state;
}

describe('demo plans', () => {
  it('are the same for the same seed and differ for another', () => {
    const a = planDemo({ seed: 42, cards: 50, now: nows[0]!, zone, calendar });
    const b = planDemo({ seed: 42, cards: 50, now: nows[0]!, zone, calendar });
    const c = planDemo({ seed: 43, cards: 50, now: nows[0]!, zone, calendar });
    expect(b).toEqual(a);
    expect(c.map((p) => p.open.applicant.fullName)).not.toEqual(a.map((p) => p.open.applicant.fullName));
  });

  it('cover every scenario and every district even in a small run', () => {
    const plans = planDemo({ seed: 1, cards: 30, now: nows[0]!, zone, calendar });
    expect(new Set(plans.map((p) => p.scenario))).toEqual(new Set(SCENARIO_KINDS));
    expect(new Set(plans.map((p) => p.district))).toEqual(new Set(POLICE_DISTRICTS));
  });

  for (const now of nows) {
    describe(`dated back from ${now.toISOString()}`, () => {
      const plans = planDemo({ seed: 7, cards: 600, now, zone, calendar });

      it('open cards only for non-EU/EEA nationals with plausible DUF numbers and Norwegian addresses', () => {
        for (const { open } of plans) {
          expect(isEuEeaNational(open.applicant.nationality)).toBe(false);
          expect(isValidDufNumber(open.dufNumber, now, zone)).toBe(true);
          expect(Number(open.dufNumber.slice(0, 4))).toBeGreaterThanOrEqual(Number(open.applicant.dateOfBirth.slice(0, 4)));
          expect(open.address.postalCode).toMatch(/^\d{4}$/);
        }
      });

      it('are valid histories: in time order, none in the future, every event accepted by the domain', () => {
        for (const plan of plans) {
          const times = plan.steps.flatMap((s) => (s.kind === 'event' ? [s.at.getTime()] : []));
          expect(times).toEqual([...times].sort((x, y) => x - y));
          expect(times.every((t) => t <= now.getTime())).toBe(true);
          expect(() => replay(plan, now)).not.toThrow();
          const confirm = plan.steps.findIndex((s) => s.kind === 'confirm-address');
          if (confirm >= 0) expect(confirm).toBe(plan.steps.length - 1);
        }
      });

      it('bring a guardian for every minor and take no fingerprints under 6', () => {
        let minors = 0;
        let infants = 0;
        for (const plan of plans) {
          for (const step of plan.steps) {
            if (step.kind !== 'event' || step.type !== 'BiometricsCaptured') continue;
            const age = ageOn(plan.open.applicant.dateOfBirth, businessDate(step.at, zone));
            if (age < 18) minors += 1;
            if (age < 6) infants += 1;
            expect(step.data.guardianPresent).toBe(age < 18);
            expect(step.data.fingerprints).toBe(age >= 6);
          }
        }
        expect(minors).toBeGreaterThan(0);
        expect(infants).toBeGreaterThan(0);
      });

      it('end where their scenario says: on time, late, overdue, reissued', () => {
        const seen = new Set<string>();
        for (const plan of plans) {
          const state = replay(plan, now);
          switch (plan.scenario) {
            case 'on_time':
              expect(state.status).toBe('delivered');
              expect(state.delivered?.late).toBe(false);
              seen.add('on_time');
              break;
            case 'late':
              expect(state.status).toBe('delivered');
              expect(state.delivered?.late).toBe(true);
              seen.add('late');
              break;
            case 'overdue':
              expect(['ordered', 'produced']).toContain(state.status);
              expect(isPastDue(state.deadline!.dueDate, now, zone)).toBe(true);
              seen.add('overdue');
              break;
            case 'lost_reissued':
              expect(state.issueNumber).toBe(2);
              seen.add('lost_reissued');
              break;
            case 'cancelled':
              expect(state.status).toBe('cancelled');
              break;
            case 'awaiting_appointment':
              expect(state.status).toBe('awaiting_appointment');
              break;
            case 'appointment_booked':
              expect(state.status).toBe('appointment_booked');
              break;
            default:
              break;
          }
        }
        expect(seen).toEqual(new Set(['on_time', 'late', 'overdue', 'lost_reissued']));
      });
    });
  }
});
