import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { breachInstant, businessDate, hasOpenDeadline, isOverdue } from '@cardtrail/card-lifecycle';
import { historySteps, playHistory } from '../../../card-lifecycle/src/testing/card-histories';
import { useTestDatabase } from '../../../../tests/support/suite';
import { givenCard } from '../../../../tests/support/worker-builders';
import { loadConfig } from '../config/config';
import { CardStore } from './card-store';
import { OPEN_DEADLINE_SQL, overdueSql } from './card-rules.sql';
import { createDomain } from './domain';

const config = loadConfig({ NODE_ENV: 'test' });
const domain = createDomain(config);
const DAY_MS = 24 * 3600 * 1000;
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

/**
 * The SQL spelling of each card rule against the library's function: generated histories are
 * appended through the card store (so the row's derived columns are what production writes), and
 * the SQL, evaluated on the row for several "todays" around the due date, must agree with the
 * function on the state.
 */
describe('the card rules spelled in SQL', () => {
  let store: CardStore;

  const db = useTestDatabase('cardrulesql');
  beforeAll(async () => {
    store = new CardStore(db.dataSource, domain);
  });

  it('agree with hasOpenDeadline and isOverdue on generated cards', async () => {
    await fc.assert(
      fc.asyncProperty(historySteps(), fc.array(fc.integer({ min: -40, max: 60 }), { minLength: 1, maxLength: 3 }), async (steps, offsets) => {
        const card = await givenCard(store);
        const history = playHistory(domain.decider, steps, card.opening);
        for (const events of history.appends) await store.append(card.id, () => events, { actor: 'test' });
        const stored = await store.load(card.id);
        expect(stored?.state).toEqual(history.state);

        // Days around the last step, and the instants either side of the due date's end.
        const nows = offsets.map((days) => new Date(history.lastAt.getTime() + days * DAY_MS));
        const deadline = history.state.deadline;
        if (deadline) {
          const end = breachInstant(deadline.dueDate, domain.zone).getTime();
          nows.push(new Date(end - 1), new Date(end), new Date(end - DAY_MS));
        }
        for (const now of nows) {
          const [row]: Array<{ open: boolean; overdue: boolean }> = await db.dataSource.query(
            `SELECT ${OPEN_DEADLINE_SQL} AS open, ${overdueSql('$2')} AS overdue FROM cards WHERE id = $1`,
            [card.id, businessDate(now, domain.zone)],
          );
          expect({ status: history.state.status, now, open: row.open, overdue: row.overdue }).toEqual({
            status: history.state.status,
            now,
            open: hasOpenDeadline(history.state),
            overdue: isOverdue(history.state, now, domain.zone),
          });
        }
      }),
      { numRuns: RUNS },
    );
  });
});
