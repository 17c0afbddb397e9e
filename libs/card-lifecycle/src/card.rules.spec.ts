import { describe, expect, it } from '@jest/globals';
import { hasOpenDeadline, isAddressConfirmed, isBreachDue, isOverdue } from './card.rules';
import { planDeadlineCheck } from './deadlines/deadline-check';
import { addressChanged, addressConfirmed, at, checkDeadline, historyTo } from './testing/builders';
import { DeciderSpec } from './testing/decider-spec';

const ZONE = 'Europe/Oslo';
const start = at('2025-04-01T10:00:00+02:00');

describe('the card rules', () => {
  const ordered = DeciderSpec.for().given(historyTo('ordered', start)).state();
  const due = ordered.deadline!.dueDate;
  const dueEnds = planDeadlineCheck('card-1', ordered, ZONE)!.dueAt;

  it('an ordered card has an open deadline, due at midnight Oslo after its due date', () => {
    expect(hasOpenDeadline(ordered)).toBe(true);
    expect(planDeadlineCheck('card-1', ordered, ZONE)).toEqual({
      key: `card-1:deadline_check:1:${due}`,
      kind: 'deadline_check',
      issueNumber: 1,
      dueAt: dueEnds,
      params: { deadline: 'issue', dueDate: due },
    });
  });

  it('is overdue from the first instant after the due date, before any breach is recorded', () => {
    expect(isOverdue(ordered, new Date(dueEnds.getTime() - 1), ZONE)).toBe(false);
    expect(isOverdue(ordered, dueEnds, ZONE)).toBe(true);
    expect(isBreachDue(ordered, dueEnds, ZONE)).toBe(true);
  });

  it('stays overdue once the breach is recorded, and is no longer breach-due', () => {
    const breached = DeciderSpec.for().given(historyTo('ordered', start)).when(checkDeadline(dueEnds)).thenState({ overdue: true });
    expect(isOverdue(breached, dueEnds, ZONE)).toBe(true);
    expect(isBreachDue(breached, dueEnds, ZONE)).toBe(false);
  });

  it('a delivered, cancelled or replaced card has no open deadline, and is never overdue', () => {
    for (const status of ['delivered', 'cancelled', 'replacement_requested'] as const) {
      const state = DeciderSpec.for().given(historyTo(status, start)).state();
      expect(hasOpenDeadline(state)).toBe(false);
      expect(isOverdue(state, at('2030-01-01T12:00:00Z'), ZONE)).toBe(false);
      expect(planDeadlineCheck('card-1', state, ZONE)).toBeNull();
    }
  });

  it('the address counts as confirmed only after the current order, and not after a change', () => {
    const before = DeciderSpec.for()
      .given([addressConfirmed({ occurredAt: start }), ...historyTo('ordered', new Date(start.getTime() + 3600_000))])
      .state();
    expect(isAddressConfirmed(before)).toBe(false);
    const after = DeciderSpec.for()
      .given([...historyTo('ordered', start), addressConfirmed({ occurredAt: '2025-04-10T10:00:00+02:00' })])
      .state();
    expect(isAddressConfirmed(after)).toBe(true);
    const changed = DeciderSpec.for()
      .given([
        ...historyTo('ordered', start),
        addressConfirmed({ occurredAt: '2025-04-10T10:00:00+02:00' }),
        addressChanged({ occurredAt: '2025-04-11T10:00:00+02:00' }),
      ])
      .state();
    expect(isAddressConfirmed(changed)).toBe(false);
  });
});
