import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrivatePostgres } from './private-postgres';
import { CASEWORKER, Scenario, type ScenarioSetup } from './scenario';
import { timeUntil } from './wait';

/** What a fault reports: when it began and ended (recovery is counted from the end). */
export interface FaultTimes {
  start: number;
  end: number;
  /** Figures of the fault itself (sends in flight at a kill, say), printed with the others. */
  notes?: Record<string, number | string>;
  /** Keys whose repeat the scenario's bound allows (sends in flight at a crash). */
  allowedRepeats?: Set<string>;
}

export type Check = 'http' | 'events' | 'reactions' | 'duplicates' | 'recovery' | 'records' | 'logs';

export interface ScenarioDefinition {
  title: string;
  setup?: Omit<ScenarioSetup, 'pg'>;
  /** Runs while the load runs: waits for the burst, injects the fault, repairs it. */
  fault(s: Scenario): Promise<FaultTimes>;
  /** 503 answers are expected (a dependency every request needs is down); otherwise none. */
  expect503?: boolean;
  /** Notification deliveries beyond the first per key that the scenario allows, and why. */
  duplicates: { bound: number | 'allowed-repeats'; why: string };
  /** From the end of the fault until everything is caught up, at most this long. */
  recoverySeconds: number;
  /** Warn/error lines the worker may write from the fault's start until it has caught up. */
  workerProblemLines?: { max: number; why: string };
  /**
   * Checks that fail on today's code and that a named later change must fix: they run as
   * `it.failing`, so they turn red (and must be flipped back) the day they start to pass.
   */
  knownFailures?: Partial<Record<Check, string>>;
  /**
   * Checks a named later change must make hold, that fail today only in some runs (when a
   * crash happens to hit a send whose notification then stops being relevant): skipped, with
   * the reason in their name, since `it.failing` would then fail in the runs where they pass.
   * Their figures are printed all the same.
   */
  skippedUntilFixed?: Partial<Record<Check, string>>;
}

export interface Figures {
  scenario: string;
  acked: number;
  stored: number;
  ackedNotStored: number;
  storedNotAcked: number;
  cardsAcked: number;
  cardsStored: number;
  gaveUp: number;
  unexpected: number;
  events: number;
  processed: number;
  strayReactions: number;
  doubleBreaches: number;
  notificationsSent: number;
  notificationsFailed: number;
  deliveredKeys: number;
  duplicates: number;
  duplicatedKeys: string[];
  sentNotDelivered: number;
  deliveredNotSent: number;
  requests: number;
  noAnswer: number;
  status503: number;
  other5xx: number;
  recoverySeconds: number | null;
  settled: boolean;
  workerProblemLines: number;
  workerProblemSample: string[];
  notes: Record<string, number | string>;
}

/**
 * Waiting for recovery may take longer than a check's bound when measuring ("before" figures
 * of a stall): `FAULTS_WAIT_S` lengthens the wait without changing the bound asserted.
 */
const EXTRA_WAIT_S = Number(process.env.FAULTS_WAIT_S ?? 0);

/**
 * One fault scenario as a `describe`: the scenario runs once (in `beforeAll`), then each
 * property is its own test, so a property a later change must fix can be marked without
 * hiding the others. Figures are printed (and appended as JSON lines to `FAULTS_FIGURES`).
 */
export function describeScenario(pg: () => PrivatePostgres, def: ScenarioDefinition): void {
  describe(def.title, () => {
    let scenario: Scenario | undefined;
    let figures: Figures | undefined;
    let failure: unknown;
    const waitSeconds = Math.max(def.recoverySeconds, EXTRA_WAIT_S) + 5;

    beforeAll(async () => {
      try {
        scenario = await Scenario.start({ pg: pg(), ...def.setup });
        scenario.load.start();
        const times = await def.fault(scenario);
        // The API serves again: some events acknowledged after the fault ended.
        await scenario.ackedAfter(times.end, 20, 60_000);
        await scenario.load.stop();
        const settledAt = await timeUntil(() => scenario!.settled(), { timeoutMs: times.end + waitSeconds * 1000 - Date.now() });
        figures = await collectFigures(def, scenario, times, settledAt);
        print(figures);
        if (process.env.FAULTS_LOGS) saveLogs(process.env.FAULTS_LOGS, def.title, scenario);
      } catch (error) {
        failure = error;
        process.stderr.write(`\n[faults] ${def.title}: the scenario did not run to the end: ${String((error as Error)?.stack ?? error)}\n`);
        if (scenario) process.stderr.write(`${scenario.describeProcesses()}\n`);
      }
    }, (waitSeconds + 240) * 1000);

    afterAll(async () => {
      await scenario?.close();
    }, 60_000);

    const check = (name: Check, title: string, body: (f: Figures) => void): void => {
      const known = def.knownFailures?.[name];
      const skipped = def.skippedUntilFixed?.[name];
      const run = (): void => {
        if (!figures) throw new Error(`the scenario did not run: ${String(failure)}`);
        body(figures);
      };
      if (known) it.failing(`${title} [fails today; ${known}]`, run);
      else if (skipped) it.skip(`${title} [skipped: fails today in some runs; ${skipped}]`, run);
      else it(title, run);
    };

    it('runs to the end (services started, fault injected and repaired, figures collected)', () => {
      expect(failure).toBeUndefined();
      expect(figures).toBeDefined();
    });

    check('http', def.expect503 ? 'answers no 5xx other than 503 during the outage' : 'answers no 5xx at all', (f) => {
      expect(f.other5xx).toBe(0);
      if (!def.expect503) expect(f.status503).toBe(0);
    });

    check('events', 'stores every acknowledged event exactly once (and nothing unacknowledged)', (f) => {
      expect({ gaveUp: f.gaveUp, unexpected: f.unexpected, ackedNotStored: f.ackedNotStored, storedNotAcked: f.storedNotAcked }).toEqual({
        gaveUp: 0,
        unexpected: 0,
        ackedNotStored: 0,
        storedNotAcked: 0,
      });
      expect(f.stored).toBe(f.acked);
    });

    check('reactions', 'applies no reaction twice (processed_events, one breach per card)', (f) => {
      expect({ strayReactions: f.strayReactions, doubleBreaches: f.doubleBreaches }).toEqual({ strayReactions: 0, doubleBreaches: 0 });
    });

    check('duplicates', `repeats a notification only within its bound: ${def.duplicates.why}`, (f) => {
      if (def.duplicates.bound === 'allowed-repeats') {
        const allowed = new Set(String(f.notes.allowedRepeatKeys ?? '').split(',').filter(Boolean));
        expect(f.duplicatedKeys.filter((k) => !allowed.has(k))).toEqual([]);
        expect(f.duplicates).toBeLessThanOrEqual(allowed.size);
      } else {
        expect(f.duplicates).toBeLessThanOrEqual(def.duplicates.bound);
      }
    });

    check(
      'recovery',
      `recovers within ${def.recoverySeconds} s: every event reacted to, every due timer fired, every due notification delivered`,
      (f) => {
        expect(f.settled).toBe(true);
        expect(f.recoverySeconds).not.toBeNull();
        expect(f.recoverySeconds!).toBeLessThanOrEqual(def.recoverySeconds);
        expect({ failed: f.notificationsFailed, sentNotDelivered: f.sentNotDelivered }).toEqual({ failed: 0, sentNotDelivered: 0 });
      },
    );

    check('records', 'records every delivery as sent (nothing the receiver acted on is recorded skipped or pending)', (f) => {
      expect(f.deliveredNotSent).toBe(0);
    });

    if (def.workerProblemLines) {
      const { max, why } = def.workerProblemLines;
      check('logs', `logs the outage in at most ${max} warn/error lines, not one per job (${why})`, (f) => {
        expect(f.workerProblemLines).toBeLessThanOrEqual(max);
      });
    }
  });
}

async function collectFigures(def: ScenarioDefinition, s: Scenario, times: FaultTimes, settledAt: number | null): Promise<Figures> {
  const load = s.load.results;
  // Postgres may still be coming back in a scenario that never recovered: wait for it to answer.
  await timeUntil(async () => (await s.db.query('SELECT 1')).rowCount === 1, { timeoutMs: 30_000 });

  const stored = await s.db.query<{ card_id: string; seq: number; type: string }>(
    `SELECT card_id::text, seq, type FROM card_events WHERE actor = $1`,
    [CASEWORKER],
  );
  const storedKeys = new Set(stored.rows.map((r) => `${r.card_id}/${r.seq}/${r.type}`));
  const ackedKeys = new Set(load.acked.map((a) => `${a.cardId}/${a.seq}/${a.type}`));
  const [counts] = (
    await s.db.query<{
      events: number;
      processed: number;
      strays: number;
      double_breaches: number;
      cards: number;
      sent: number;
      failed: number;
    }>(
      `SELECT
         (SELECT count(*)::int FROM card_events) AS events,
         (SELECT count(*)::int FROM processed_events) AS processed,
         (SELECT count(*)::int FROM processed_events p
           WHERE NOT EXISTS (SELECT 1 FROM card_events e WHERE e.card_id = p.card_id AND e.seq = p.seq)) AS strays,
         (SELECT count(*)::int FROM (SELECT card_id FROM card_events WHERE type = 'DeadlineBreached'
           GROUP BY card_id HAVING count(*) > 1) d) AS double_breaches,
         (SELECT count(*)::int FROM cards) AS cards,
         (SELECT count(*)::int FROM notifications WHERE status = 'sent') AS sent,
         (SELECT count(*)::int FROM notifications WHERE status = 'failed') AS failed`,
    )
  ).rows;

  const sent = await s.sentKeys();
  const delivered = s.receiver.delivered();
  const byKey = s.receiver.deliveriesByKey();
  const duplicatedKeys = [...byKey.entries()].filter(([, n]) => n > 1).map(([k]) => k);
  const http = load.exchanges;
  const until = settledAt ?? Date.now();
  const problems = [...s.workers, ...s.retired.filter((p) => p.name.startsWith('worker'))].flatMap((w) => w.problems(times.start, until));

  return {
    scenario: def.title,
    acked: ackedKeys.size,
    stored: storedKeys.size,
    ackedNotStored: [...ackedKeys].filter((k) => !storedKeys.has(k)).length,
    storedNotAcked: [...storedKeys].filter((k) => !ackedKeys.has(k)).length,
    cardsAcked: load.cardsAcked.length,
    cardsStored: counts.cards,
    gaveUp: load.gaveUp.length,
    unexpected: load.unexpected.length,
    events: counts.events,
    processed: counts.processed,
    strayReactions: counts.strays,
    doubleBreaches: counts.double_breaches,
    notificationsSent: counts.sent,
    notificationsFailed: counts.failed,
    deliveredKeys: delivered.size,
    duplicates: s.receiver.duplicates(),
    duplicatedKeys,
    sentNotDelivered: [...sent].filter((k) => !delivered.has(k)).length,
    deliveredNotSent: [...delivered].filter((k) => !sent.has(k)).length,
    requests: http.length,
    noAnswer: http.filter((e) => e.status === null).length,
    status503: http.filter((e) => e.status === 503).length,
    other5xx: http.filter((e) => e.status !== null && e.status >= 500 && e.status !== 503).length,
    recoverySeconds: settledAt === null ? null : Math.round((settledAt - times.end) / 100) / 10,
    settled: settledAt !== null,
    workerProblemLines: problems.length,
    workerProblemSample: [...new Set(problems.map((l) => l.msg))].slice(0, 8),
    notes: {
      ...(times.notes ?? {}),
      ...(times.allowedRepeats ? { allowedRepeatKeys: [...times.allowedRepeats].join(',') } : {}),
      faultSeconds: Math.round((times.end - times.start) / 100) / 10,
      ...(load.unexpected.length > 0 ? { firstUnexpected: JSON.stringify(load.unexpected[0]) } : {}),
      ...(load.gaveUp.length > 0 ? { firstGaveUp: JSON.stringify(load.gaveUp[0]) } : {}),
    },
  };
}

/** Every process's output, one file each, for looking into a figure (`FAULTS_LOGS=<dir>`). */
function saveLogs(dir: string, title: string, s: Scenario): void {
  mkdirSync(dir, { recursive: true });
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40);
  for (const p of s.allProcesses()) writeFileSync(join(dir, `${slug}-${p.name}.log`), p.lines.map((l) => l.raw).join('\n'));
}

function print(f: Figures): void {
  const notes = Object.entries(f.notes)
    .filter(([k]) => k !== 'allowedRepeatKeys')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const lines = [
    `\n[faults] ${f.scenario}`,
    `  acked ${f.acked} · stored ${f.stored} (acked not stored ${f.ackedNotStored}, stored not acked ${f.storedNotAcked}) · cards acked ${f.cardsAcked}, stored ${f.cardsStored}`,
    `  reactions: events ${f.events}, processed ${f.processed}, stray ${f.strayReactions}, double breaches ${f.doubleBreaches}`,
    `  notifications: sent ${f.notificationsSent}, failed ${f.notificationsFailed}, delivered keys ${f.deliveredKeys}, duplicates ${f.duplicates}, sent-not-delivered ${f.sentNotDelivered}, delivered-not-sent ${f.deliveredNotSent}`,
    `  http: ${f.requests} requests, no answer ${f.noAnswer}, 503 ${f.status503}, other 5xx ${f.other5xx}, gave up ${f.gaveUp}, unexpected ${f.unexpected}`,
    `  recovery: ${f.settled ? `${f.recoverySeconds} s` : 'not within the wait'} · worker warn/error lines ${f.workerProblemLines}${f.workerProblemSample.length ? ` (${f.workerProblemSample.join(' | ')})` : ''}`,
    `  ${notes}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (process.env.FAULTS_FIGURES) appendFileSync(process.env.FAULTS_FIGURES, `${JSON.stringify(f)}\n`);
}
