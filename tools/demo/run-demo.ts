import {
  NOTIFICATION_STATUSES,
  businessDate,
  createWorkingDayCalendar,
  type PoliceDistrict,
} from '@cardtrail/card-lifecycle';
import { DemoHttp, DemoHttpError, ServiceUnreachableError, type LatencyStats } from './demo-http';
import { SCENARIO_KINDS, historyStart, planDemo, type CardPlan, type ScenarioKind } from './demo-plans';

export { NOTIFICATION_STATUSES };

/** Bearer tokens the demo works with: one caseworker per district (cards are written by their own district), an admin to read. */
export interface DemoTokens {
  admin: string;
  caseworkers: Record<PoliceDistrict, string>;
}

export interface DemoProgress {
  phase: 'cards' | 'settling';
  cardsDone: number;
  cardsTotal: number;
  events: number;
  refusals: number;
  errors: number;
  elapsedMs: number;
  /** Events recorded per second since the start. */
  rate: number;
}

export interface RunDemoOptions {
  baseUrl: string;
  cards: number;
  seed: number;
  tokens: DemoTokens;
  /** Lines for the operator (plain progress, notes). */
  log?: (line: string) => void;
  /** Called about four times a second while cards are written and while the worker settles. */
  onProgress?: (progress: DemoProgress) => void;
  /** "Now" the histories are dated back from (default: the wall clock). */
  now?: Date;
  zone?: string;
  /** The service's EXTRA_CLOSED_DAYS, so the demo's working days are the service's. */
  extraClosedDays?: readonly string[];
  /** Cards in flight at once (default 16). */
  concurrency?: number;
  /** Longest wait for the worker's ReissueOrdered after a loss in the mail (default 60 s). */
  reissueTimeoutMs?: number;
  /** Longest wait for the notification counts to stop changing (default 30 s). */
  settleTimeoutMs?: number;
  /** The counts are settled when unchanged for this long (default 3 s, above the sweep interval). */
  settleQuietMs?: number;
}

export interface DistrictOnTime {
  policeDistrict: PoliceDistrict;
  delivered: number;
  onTime: number;
  late: number;
  onTimeRate: number | null;
  openOverdue: number;
  medianWorkingDaysToDelivery: number | null;
}

export interface ProblemCount {
  problem: string;
  count: number;
  /** One full message of this kind, with the card it happened to. */
  example: string;
}

export interface DemoSummary {
  seed: number;
  cards: number;
  cardsCreated: number;
  eventsRecorded: number;
  /** Time to write every card and its events. */
  writeMs: number;
  /** The whole run: writing, waiting for the worker, reading the results. */
  durationMs: number;
  scenarios: Record<ScenarioKind, number>;
  cardsByStatus: Record<string, number>;
  /** Demo cards overdue now (breached, not delivered, not cancelled). */
  overdue: number;
  deliveredOnTime: number;
  deliveredLate: number;
  /** Cards whose loss in the mail the worker answered with ReissueOrdered. */
  reissued: number;
  /** Address confirmations by applicants through the status endpoint. */
  applicantConfirmations: number;
  /** Delivered on time, yet breached: their delivery was recorded after the worker's check. */
  breachedButOnTime: number;
  onTime: { from: string; to: string; districts: DistrictOnTime[] };
  notifications: {
    byKind: Record<string, Record<string, number>>;
    total: number;
    /** False when the counts were still changing at the end of the wait. */
    settled: boolean;
    settleMs: number;
  };
  refusals: ProblemCount[];
  failures: ProblemCount[];
  /** Response times the demo saw, by route. */
  latencies: LatencyStats[];
}

interface CardView {
  id: string;
  reference: string;
  status: string;
  issueNumber: number;
  deadline: { breachedAt: string | null; overdue: boolean } | null;
  delivered: { late: boolean } | null;
}

interface Notification {
  kind: string;
  status: string;
}

interface CardOutcome {
  plan: CardPlan;
  id: string | null;
  reissued: boolean;
}

/**
 * Fills a running cardtrail with `cards` demo cards over HTTP and returns what happened. Every
 * card follows its plan step by step with the caseworker token of its district; a step the
 * service refuses or fails ends that card's plan (later steps would only be refused too) and is
 * counted with the service's problem detail. Nothing is retried.
 */
export async function runDemo(options: RunDemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const now = options.now ?? new Date();
  const zone = options.zone ?? 'Europe/Oslo';
  const calendar = createWorkingDayCalendar({ extraClosedDays: options.extraClosedDays ?? [] });
  const http = new DemoHttp(options.baseUrl);
  const { tokens } = options;

  await http.request('GET', '/health/live');
  try {
    await http.request('GET', '/v1/cards?limit=1', { token: tokens.admin });
  } catch (error) {
    if (error instanceof DemoHttpError && error.status === 401) {
      throw new Error(
        `The service refused the demo's token (${error.problem?.detail ?? 'unauthorised'}): run the demo with the service's JWT_SECRET, JWT_ISSUER and JWT_AUDIENCE.`,
        { cause: error },
      );
    }
    throw error;
  }

  const plans = planDemo({ seed: options.seed, cards: options.cards, now, zone, calendar });
  const refusals = new ProblemCounter();
  const failures = new ProblemCounter();
  const counters = { cardsDone: 0, events: 0, applicantConfirmations: 0 };
  let cardsPhaseMs: number | null = null;
  const progress = (phase: DemoProgress['phase']): DemoProgress => {
    const elapsedMs = Date.now() - started;
    // The rate is that of writing cards: once they are all written it stays put.
    const writingMs = cardsPhaseMs ?? elapsedMs;
    return {
      phase,
      cardsDone: counters.cardsDone,
      cardsTotal: plans.length,
      events: counters.events,
      refusals: refusals.total,
      errors: failures.total,
      elapsedMs,
      rate: writingMs > 0 ? counters.events / (writingMs / 1000) : 0,
    };
  };
  let phase: DemoProgress['phase'] = 'cards';
  const ticker = options.onProgress ? setInterval(() => options.onProgress?.(progress(phase)), 250) : null;

  const reissueTimeoutMs = options.reissueTimeoutMs ?? 60_000;
  let workerSilent = false;
  const outcomes: CardOutcome[] = [];
  try {
    await inPool(plans, options.concurrency ?? 16, async (plan) => {
      const outcome: CardOutcome = { plan, id: null, reissued: false };
      outcomes.push(outcome);
      try {
        await playCard(plan, outcome);
      } catch (error) {
        if (error instanceof ServiceUnreachableError) throw error;
        const label = `card #${plan.index} (${plan.scenario}, ${plan.district}${outcome.id ? `, ${outcome.id}` : ''})`;
        if (error instanceof DemoHttpError && error.isRefusal) refusals.add(error.groupKey, `${label}: ${error.message}`);
        else if (error instanceof DemoHttpError) failures.add(error.groupKey, `${label}: ${error.message}`);
        else failures.add((error as Error).message.replace(/[0-9a-f-]{36}/g, '…'), `${label}: ${(error as Error).message}`);
      } finally {
        counters.cardsDone += 1;
      }
    });

    phase = 'settling';
    cardsPhaseMs = Date.now() - started;
    options.onProgress?.(progress(phase));
    const cardIds = outcomes.filter((o) => o.id !== null).map((o) => o.id as string);
    const settleStarted = Date.now();
    const settled = await settleNotifications(cardIds);
    const settleMs = Date.now() - settleStarted;
    const views = await mapPool(cardIds, 16, (id) => http.request<CardView>('GET', `/v1/cards/${id}`, { token: tokens.admin }));

    const from = historyStart({ now, zone, calendar });
    const to = businessDate(now, zone);
    const report = await http.request<{ districts: DistrictOnTime[] }>(
      'GET',
      `/v1/reports/deadlines?from=${from}&to=${to}`,
      { token: tokens.admin },
    );

    const cardsByStatus: Record<string, number> = {};
    for (const v of views) cardsByStatus[v.status] = (cardsByStatus[v.status] ?? 0) + 1;
    const scenarios = Object.fromEntries(SCENARIO_KINDS.map((k) => [k, 0])) as Record<ScenarioKind, number>;
    for (const plan of plans) scenarios[plan.scenario] += 1;

    return {
      seed: options.seed,
      cards: plans.length,
      cardsCreated: cardIds.length,
      eventsRecorded: counters.events,
      writeMs: cardsPhaseMs ?? Date.now() - started,
      durationMs: Date.now() - started,
      scenarios,
      cardsByStatus,
      overdue: views.filter((v) => v.deadline?.overdue && v.status !== 'delivered' && v.status !== 'cancelled').length,
      deliveredOnTime: views.filter((v) => v.status === 'delivered' && v.delivered && !v.delivered.late).length,
      deliveredLate: views.filter((v) => v.status === 'delivered' && v.delivered?.late).length,
      reissued: outcomes.filter((o) => o.reissued).length,
      applicantConfirmations: counters.applicantConfirmations,
      breachedButOnTime: views.filter((v) => v.status === 'delivered' && v.delivered && !v.delivered.late && v.deadline?.breachedAt).length,
      onTime: { from, to, districts: report.districts },
      notifications: { ...settled, settleMs },
      refusals: refusals.list(),
      failures: failures.list(),
      latencies: http.latencies(),
    };
  } finally {
    if (ticker) clearInterval(ticker);
    options.onProgress?.(progress(phase));
  }

  async function playCard(plan: CardPlan, outcome: CardOutcome): Promise<void> {
    const token = tokens.caseworkers[plan.district];
    const card = await http.request<CardView>('POST', '/v1/cards', { token, body: plan.open });
    outcome.id = card.id;
    let issueNumber = card.issueNumber;
    for (const step of plan.steps) {
      switch (step.kind) {
        case 'event': {
          const recorded = await http.request<{ card: CardView }>('POST', `/v1/cards/${card.id}/events`, {
            token,
            body: { type: step.type, occurredAt: step.at.toISOString(), data: step.data },
          });
          issueNumber = recorded.card.issueNumber;
          counters.events += 1;
          break;
        }
        case 'await-reissue': {
          issueNumber = await awaitReissue(card.id, token, issueNumber);
          outcome.reissued = true;
          break;
        }
        case 'confirm-address': {
          await http.request('POST', '/v1/status/address-confirmation', {
            body: { reference: card.reference, dufNumber: plan.open.dufNumber },
          });
          counters.events += 1;
          counters.applicantConfirmations += 1;
          break;
        }
        default: {
          const unknown: never = step;
          throw new Error(`unknown step ${JSON.stringify(unknown)}`);
        }
      }
    }
  }

  /**
   * Polls the card until the worker has started the next issue; a bounded wait, then a failure.
   * Once one wait has timed out the worker is taken to be absent: later waits look once and fail
   * at once instead of holding every lane for the full wait.
   */
  async function awaitReissue(id: string, token: string, issueBefore: number): Promise<number> {
    const deadline = workerSilent ? 0 : Date.now() + reissueTimeoutMs;
    for (;;) {
      const card = await http.request<CardView>('GET', `/v1/cards/${id}`, { token });
      if (card.issueNumber > issueBefore) return card.issueNumber;
      if (Date.now() > deadline) {
        workerSilent = true;
        throw new Error(
          `the worker did not record ReissueOrdered within ${Math.round(reissueTimeoutMs / 1000)} s of CardLostInMail (card ${id} is ${card.status}); is the worker running?`,
        );
      }
      await delay(200);
    }
  }

  /**
   * Aggregates the notifications of the demo's cards until the counts have not changed for
   * `settleQuietMs` (the worker has caught up), or `settleTimeoutMs` has passed.
   */
  async function settleNotifications(cardIds: string[]): Promise<Omit<DemoSummary['notifications'], 'settleMs'>> {
    const quietMs = options.settleQuietMs ?? 3000;
    const deadline = Date.now() + (options.settleTimeoutMs ?? 30_000);
    let previous = '';
    let stableSince = Date.now();
    for (;;) {
      const lists = await mapPool(cardIds, 16, (id) =>
        http.request<{ items: Notification[] }>('GET', `/v1/cards/${id}/notifications`, { token: tokens.admin }),
      );
      const byKind: Record<string, Record<string, number>> = {};
      let total = 0;
      for (const list of lists) {
        for (const n of list.items) {
          byKind[n.kind] ??= Object.fromEntries(NOTIFICATION_STATUSES.map((s) => [s, 0]));
          byKind[n.kind]![n.status] = (byKind[n.kind]![n.status] ?? 0) + 1;
          total += 1;
        }
      }
      const key = JSON.stringify(byKind);
      if (key !== previous) {
        previous = key;
        stableSince = Date.now();
      } else if (Date.now() - stableSince >= quietMs) {
        return { byKind, total, settled: true };
      }
      if (Date.now() > deadline) {
        log(`notification counts still changing after ${Math.round((options.settleTimeoutMs ?? 30_000) / 1000)} s: reporting them as they are`);
        return { byKind, total, settled: false };
      }
      await delay(1000);
    }
  }
}

/** Counts problems by kind, keeping the first full message of each. */
class ProblemCounter {
  private readonly byKey = new Map<string, ProblemCount>();
  total = 0;

  add(problem: string, example: string): void {
    this.total += 1;
    const entry = this.byKey.get(problem);
    if (entry) entry.count += 1;
    else this.byKey.set(problem, { problem, count: 1, example });
  }

  list(): ProblemCount[] {
    return [...this.byKey.values()].sort((a, b) => b.count - a.count);
  }
}

/** Runs `work` over `items`, at most `concurrency` at a time; the first unreachable-service error stops everything. */
async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let stop: unknown = null;
  const lane = async () => {
    while (stop === null && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        stop = error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  if (stop !== null) throw stop;
}

async function mapPool<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  const indexed = items.map((item, i) => ({ item, i }));
  await inPool(indexed, concurrency, async ({ item, i }) => {
    out[i] = await work(item);
  });
  return out;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

