import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SKIP_REASONS } from '@cardtrail/card-lifecycle';
import { CardStore, ManualClock, Metrics, createDomain, createLogger, type Domain } from '@cardtrail/infra';
import { QueueEvents } from 'bullmq';
import { ReactToCardEvent } from '../../apps/worker/src/events/react-to-card-event';
import { collectPipelineMetrics, registerPipelineMetrics } from '@cardtrail/infra';
import { uniqueQueuePrefix } from '../support/test-database';
import { useTestDatabase } from '../support/suite';
import { useTestWorker } from '../support/test-worker';
import { givenCard, orderEvents, record } from '../support/worker-builders';
import { SHARED_REDIS_URL, waitFor, workerTestConfig } from '../support/worker-harness';

interface NotificationRow {
  key: string;
  kind: string;
  audience: string;
  issue_number: number;
  status: string;
  reason: string | null;
  due_at: Date;
}

describe('event processing', () => {
  const clock = new ManualClock(new Date('2025-04-14T09:00:00Z'));
  const { db, worker, prefix } = useTestWorker({ label: 'events', clock });
  let queueEvents: QueueEvents;

  beforeAll(async () => {
    queueEvents = new QueueEvents('card-events', { connection: { url: SHARED_REDIS_URL }, prefix });
    await queueEvents.waitUntilReady();
  });
  afterAll(async () => {
    await queueEvents?.close();
  });

  const q = <T>(sql: string, params: unknown[] = []): Promise<T[]> => db.dataSource.query(sql, params);

  /** Every recorded event of the card has had its reaction committed. */
  const allProcessed = (cardId: string) =>
    waitFor(
      async () => {
        const [row] = await q<{ version: number; processed: number }>(
          `SELECT c.version, (SELECT count(*)::int FROM processed_events p WHERE p.card_id = c.id) AS processed
             FROM cards c WHERE c.id = $1`,
          [cardId],
        );
        return row.version > 0 && row.processed === row.version;
      },
      { what: `all events of ${cardId} processed` },
    );

  const notificationsOf = (cardId: string) =>
    q<NotificationRow>(
      `SELECT key, kind, audience, issue_number, status, reason, due_at FROM notifications
        WHERE card_id = $1 ORDER BY due_at, key`,
      [cardId],
    );

  it('applies an event once when its job runs twice, or twice at the same time', async () => {
    clock.set(new Date('2025-04-14T09:00:00Z'));
    const card = await givenCard(worker.cards);
    await record(worker.cards, worker.domain, card.id, [{ type: 'CardOrdered', occurredAt: clock.now(), data: { biometricsReused: true } }], clock.now());
    // The running worker and two direct runs race for the same event.
    const direct = await Promise.all([
      worker.pipeline.reactToEvent.execute(card.id, 1),
      worker.pipeline.reactToEvent.execute(card.id, 1),
    ]);
    await allProcessed(card.id);
    expect(direct.filter((o) => o.status === 'applied').length).toBeLessThanOrEqual(1);

    // The same outbox row relayed again under another job id (as after its first job was trimmed).
    const again = await worker.pipeline.queues.events.add('card-event', { cardId: card.id, seq: 1 }, { jobId: `dup-${card.id}` });
    expect(await again.waitUntilFinished(queueEvents, 10_000)).toBe('already-processed');

    const notifications = await notificationsOf(card.id);
    expect(notifications.map((n) => n.kind).sort()).toEqual(['address_check', 'address_check_final']);
    // A notification is its own timer: the only timer row is the deadline check.
    const timers = await q<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM timers WHERE card_id = $1 GROUP BY kind ORDER BY kind`,
      [card.id],
    );
    expect(timers).toEqual([{ kind: 'deadline_check', n: 1 }]);
    const outbox = await q<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE card_id = $1`, [card.id]);
    expect(outbox[0].n).toBe(0);
  });

  it('orders the reissue of a card lost in the mail exactly once, with a 10-working-day deadline', async () => {
    clock.set(new Date('2025-04-14T09:00:00Z'));
    const card = await givenCard(worker.cards);
    const lostAt = new Date('2025-04-14T08:00:00Z'); // Monday 10:00 in Oslo
    await record(
      worker.cards,
      worker.domain,
      card.id,
      [
        ...orderEvents(new Date('2025-04-01T10:00:00Z')),
        { type: 'CardMailed', occurredAt: new Date('2025-04-10T08:00:00Z'), data: {} },
        { type: 'CardLostInMail', occurredAt: lostAt, data: {} },
      ],
      clock.now(),
    );
    const lostSeq = 5;

    const reissued = await waitFor(async () => {
      const c = await worker.cards.load(card.id);
      return c?.status === 'reissue_ordered' ? c : null;
    }, { what: 'ReissueOrdered' });
    await allProcessed(card.id);

    // Run the reaction to the loss again: the card has moved on and the event is already processed.
    expect(await worker.pipeline.reactToEvent.execute(card.id, lostSeq)).toEqual({ status: 'already-processed' });

    const events = await worker.cards.events(card.id);
    const reissues = events.filter((e) => e.type === 'ReissueOrdered');
    expect(reissues).toHaveLength(1);
    expect(reissues[0]).toMatchObject({ actor: 'system:worker', issueNumber: 2, occurredAt: lostAt, seq: 6 });

    expect(reissued.issueNumber).toBe(2);
    expect(reissued.state.deadline).toMatchObject({
      kind: 'reissue',
      startDate: '2025-04-14',
      workingDays: 10,
      // Easter (17, 18, 21 April) and 1 May are not working days.
      dueDate: '2025-05-02',
    });
    expect(worker.domain.calendar.addWorkingDays('2025-04-14', 10)).toBe('2025-05-02');

    const notifications = await notificationsOf(card.id);
    const issue2 = notifications.filter((n) => n.issue_number === 2);
    expect(issue2.map((n) => n.kind).sort()).toEqual(['address_check', 'address_check_final']);
    // The first issue's pending final address check was cancelled by the reissue.
    const staleFinal = notifications.find((n) => n.issue_number === 1 && n.kind === 'address_check_final');
    expect(staleFinal).toMatchObject({ status: 'cancelled', reason: 'Superseded by issue 2.' });
    // Cancelled by the reissue, or finished by a send that was under way when it came.
    await waitFor(async () => {
      const open = await q<{ status: string }>(
        `SELECT status FROM timers WHERE card_id = $1 AND issue_number = 1 AND status IN ('pending', 'claimed')`,
        [card.id],
      );
      return open.length === 0;
    }, { what: "the first issue's timers to be cancelled or finished" });
    const reissueCheck = await q<{ due_at: Date; payload: { dueDate: string } }>(
      `SELECT due_at, payload FROM timers WHERE card_id = $1 AND kind = 'deadline_check' AND issue_number = 2`,
      [card.id],
    );
    expect(reissueCheck).toHaveLength(1);
    expect(reissueCheck[0].payload.dueDate).toBe('2025-05-02');
    expect(reissueCheck[0].due_at.toISOString()).toBe('2025-05-02T22:00:00.000Z'); // midnight Oslo after the due date
  });

  it('records one DeadlineBreached for a backdated card once its due date has passed, and a late delivery', async () => {
    clock.set(new Date('2025-03-03T10:00:00Z'));
    const card = await givenCard(worker.cards, { policeDistrict: 'vest' });
    await record(worker.cards, worker.domain, card.id, orderEvents(new Date('2025-03-03T09:00:00Z')), clock.now());
    await allProcessed(card.id);
    expect((await worker.cards.load(card.id))?.state.deadline?.dueDate).toBe('2025-03-31');

    // Nothing is due yet.
    clock.set(new Date('2025-03-31T21:59:00Z'));
    await worker.sweepOnce();
    clock.set(new Date('2025-04-02T08:00:00Z'));
    const swept = await worker.sweepOnce();
    expect(swept.claimed).toBeGreaterThanOrEqual(1);

    const breached = await waitFor(async () => {
      const c = await worker.cards.load(card.id);
      return c?.state.overdue ? c : null;
    }, { what: 'the card to become overdue' });
    await allProcessed(card.id);
    expect(breached.state.deadline?.breachedAt?.toISOString()).toBe('2025-03-31T22:00:00.000Z');

    // A second sweep and the timer's job running again change nothing.
    await worker.sweepOnce(new Date('2025-04-02T09:00:00Z'));
    const [timer] = await q<{ id: string }>(`SELECT id FROM timers WHERE card_id = $1 AND kind = 'deadline_check'`, [card.id]);
    expect(await worker.pipeline.runTimer.execute(String(timer.id))).toEqual({ status: 'not-pending' });

    const district = await waitFor(async () => {
      const rows = (await notificationsOf(card.id)).filter((n) => n.kind === 'deadline_breached');
      // This worker has no webhook: the log channel records it `logged`.
      return rows.length === 1 && rows[0].status === 'logged' ? rows : null;
    }, { what: 'the deadline_breached notification to be logged' });
    expect(district[0]).toMatchObject({ audience: 'district', issue_number: 1 });
    const breaches = (await worker.cards.events(card.id)).filter((e) => e.type === 'DeadlineBreached');
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatchObject({ actor: 'system:worker', data: { deadline: 'issue', dueDate: '2025-03-31' } });

    clock.set(new Date('2025-04-03T12:00:00Z'));
    const delivered = await record(
      worker.cards,
      worker.domain,
      card.id,
      [
        { type: 'CardMailed', occurredAt: new Date('2025-04-02T09:00:00Z'), data: {} },
        { type: 'CardDelivered', occurredAt: new Date('2025-04-03T10:00:00Z'), data: {} },
      ],
      clock.now(),
    );
    expect(delivered.state.delivered).toMatchObject({ late: true, workingDaysLate: 3 });
    expect(delivered.state.overdue).toBe(false);
  });

  it('records nothing for a card delivered on time when its deadline check comes due', async () => {
    clock.set(new Date('2025-03-03T10:00:00Z'));
    const card = await givenCard(worker.cards);
    await record(
      worker.cards,
      worker.domain,
      card.id,
      [
        ...orderEvents(new Date('2025-03-03T09:00:00Z')),
        { type: 'CardMailed', occurredAt: new Date('2025-03-03T09:30:00Z'), data: {} },
        { type: 'CardDelivered', occurredAt: new Date('2025-03-03T09:45:00Z'), data: {} },
      ],
      clock.now(),
    );
    await allProcessed(card.id);
    clock.set(new Date('2025-04-02T08:00:00Z'));
    await worker.sweepOnce();
    await waitFor(async () => {
      const rows = await q<{ status: string }>(`SELECT status FROM timers WHERE card_id = $1 AND kind = 'deadline_check'`, [card.id]);
      return rows.length === 1 && rows[0].status === 'done';
    }, { what: 'the deadline check to run' });
    const events = await worker.cards.events(card.id);
    expect(events.map((e) => e.type)).not.toContain('DeadlineBreached');
  });

  it('reports queue depths and notification outcomes for /metrics', async () => {
    const snapshot = await collectPipelineMetrics(worker.dataSource, worker.pipeline.queues.all(), clock.now());
    const [expected] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE status = 'logged'`);
    const logged = snapshot.notifications.filter((n) => n.status === 'logged').reduce((sum, n) => sum + n.count, 0);
    expect(logged).toBe(expected.n);
    expect(snapshot.queues.map((d) => d.queue)).toEqual(expect.arrayContaining(['card-events', 'timers', 'maintenance']));
    expect(snapshot.outboxBacklog).toBe(0);

    const metrics = new Metrics({ app: 'test', defaultMetrics: false });
    registerPipelineMetrics(metrics, worker.dataSource, worker.pipeline.queues.all(), () => clock.now());
    const text = await metrics.render();
    expect(text).toMatch(/cardtrail_queue_jobs\{queue="card-events",state="completed",app="test"\} \d+/);
    expect(text).toMatch(/cardtrail_notifications_by_status\{kind="address_check",status="logged",app="test"\} [1-9]/);
  });
});

/**
 * The use case on its own, with no relay or queue on its database: the test decides which event
 * is reacted to when, so out-of-order arrivals are deterministic.
 */
describe('reacting to events in the order jobs happen to run', () => {
  const GRACE_MS = 120_000;
  let cards: CardStore;
  let domain: Domain;
  let react: ReactToCardEvent;
  const clock = new ManualClock(new Date('2025-04-14T09:00:00Z'));
  const db = useTestDatabase('events-direct');

  beforeAll(async () => {
    const config = workerTestConfig({ databaseUrl: db.url, prefix: uniqueQueuePrefix('events-direct') });
    domain = createDomain(config);
    cards = new CardStore(db.dataSource, domain);
    react = new ReactToCardEvent(db.dataSource, cards, domain, clock, createLogger(config), GRACE_MS);
  });

  const q = <T>(sql: string, params: unknown[] = []): Promise<T[]> => db.dataSource.query(sql, params);
  const notificationsOf = (cardId: string) =>
    q<NotificationRow & { id: string }>(
      `SELECT id, key, kind, audience, issue_number, status, reason, due_at FROM notifications
        WHERE card_id = $1 ORDER BY issue_number, kind`,
      [cardId],
    );
  const timersOf = (cardId: string) =>
    q<{ id: string; kind: string; issue_number: number; status: string; due_at: Date; attempts: number; payload: Record<string, string> }>(
      `SELECT id::text, kind, issue_number, status, due_at, attempts, payload FROM timers WHERE card_id = $1 ORDER BY id`,
      [cardId],
    );
  const outboxSeqs = async (cardId: string) =>
    (await q<{ event_seq: number }>(`SELECT event_seq FROM outbox WHERE card_id = $1 ORDER BY event_seq`, [cardId])).map(
      (r) => r.event_seq,
    );

  it('stores what an order planned as cancelled when the cancellation after it was applied first', async () => {
    clock.set(new Date('2025-04-14T09:00:00Z'));
    const card = await givenCard(cards);
    await record(
      cards,
      domain,
      card.id,
      [
        { type: 'CardOrdered', occurredAt: clock.now(), data: { biometricsReused: true } },
        { type: 'CardCancelled', occurredAt: clock.now(), data: { reason: 'withdrawn' } },
      ],
      clock.now(),
    );

    expect(await react.execute(card.id, 2)).toEqual({ status: 'applied', timers: [], notifications: 0, reissueOrdered: false });
    expect(await react.execute(card.id, 1)).toEqual({ status: 'applied', timers: [], notifications: 2, reissueOrdered: false });

    const notifications = await notificationsOf(card.id);
    expect(notifications.map((n) => [n.kind, n.status, n.reason])).toEqual([
      ['address_check', 'cancelled', SKIP_REASONS.cardCancelled],
      ['address_check_final', 'cancelled', SKIP_REASONS.cardCancelled],
    ]);
    // Neither a send nor the deadline check of a cancelled card is ever due.
    expect(await timersOf(card.id)).toEqual([]);
    expect(await outboxSeqs(card.id)).toEqual([]);
    expect(await react.execute(card.id, 1)).toEqual({ status: 'already-processed' });

    // Reacted to before the cancellation is recorded, the order schedules its work; the
    // cancellation's reaction then voids it, for the same reason.
    const inOrder = await givenCard(cards);
    const ordered = { type: 'CardOrdered', occurredAt: clock.now(), data: { biometricsReused: true } } as const;
    await record(cards, domain, inOrder.id, [ordered], clock.now());
    expect(await react.execute(inOrder.id, 1)).toMatchObject({ status: 'applied', notifications: 2 });
    expect((await timersOf(inOrder.id)).map((t) => t.status)).toEqual(['pending']);
    expect((await notificationsOf(inOrder.id)).map((n) => n.status)).toEqual(['scheduled', 'scheduled']);
    await record(cards, domain, inOrder.id, [{ type: 'CardCancelled', occurredAt: clock.now(), data: { reason: 'withdrawn' } }], clock.now());
    expect(await react.execute(inOrder.id, 2)).toMatchObject({ status: 'applied', notifications: 0 });
    expect((await notificationsOf(inOrder.id)).map((n) => [n.kind, n.status, n.reason])).toEqual([
      ['address_check', 'cancelled', SKIP_REASONS.cardCancelled],
      ['address_check_final', 'cancelled', SKIP_REASONS.cardCancelled],
    ]);
    expect((await timersOf(inOrder.id)).map((t) => t.status)).toEqual(['cancelled']);
  });

  it('plans only the new issue once a reissue overtook the original order, and hands back every timer it stored', async () => {
    clock.set(new Date('2025-04-14T09:00:00Z'));
    const card = await givenCard(cards);
    await record(
      cards,
      domain,
      card.id,
      [
        ...orderEvents(new Date('2025-04-01T10:00:00Z')),
        { type: 'CardMailed', occurredAt: new Date('2025-04-10T08:00:00Z'), data: {} },
        { type: 'CardLostInMail', occurredAt: new Date('2025-04-14T08:00:00Z'), data: {} },
      ],
      clock.now(),
    );

    // The loss first: the reissue (seq 6) is appended in the same transaction.
    expect(await react.execute(card.id, 5)).toMatchObject({ status: 'applied', reissueOrdered: true });
    expect((await cards.load(card.id))?.issueNumber).toBe(2);

    // Then the original order, no longer the card's latest event: its issue has been left.
    const order = await react.execute(card.id, 3);
    expect(order).toEqual({ status: 'applied', timers: [], notifications: 2, reissueOrdered: false });
    const issue1 = (await notificationsOf(card.id)).filter((n) => n.issue_number === 1);
    expect(issue1.map((n) => [n.kind, n.status, n.reason])).toEqual([
      ['address_check', 'cancelled', 'Superseded by issue 2.'],
      ['address_check_final', 'cancelled', 'Superseded by issue 2.'],
    ]);

    // The reissue, the card's latest event: two notifications and the reissue deadline's check.
    const reissue = await react.execute(card.id, 6);
    if (reissue.status !== 'applied') throw new Error(`unexpected ${reissue.status}`);
    const all = await timersOf(card.id);
    // The loss planned a check of the reissue deadline under issue 1; the reissue voided it.
    expect(all.filter((t) => t.issue_number === 1).map((t) => [t.kind, t.status])).toEqual([['deadline_check', 'cancelled']]);
    const timers = all.filter((t) => t.issue_number === 2);
    expect(timers.map((t) => [t.kind, t.status])).toEqual([['deadline_check', 'pending']]);
    // A notification is its own timer (one due time): the outcome hands back the deadline check
    // and both notifications, each with the due time stored on it, for punctual jobs.
    const issue2 = (await notificationsOf(card.id)).filter((n) => n.issue_number === 2);
    expect(issue2.map((n) => n.status)).toEqual(['scheduled', 'scheduled']);
    expect(reissue.timers.map((t) => ({ id: t.id, dueAt: t.dueAt, generation: t.generation })).sort(byId)).toEqual(
      [
        ...timers.map((t) => ({ id: t.id, dueAt: t.due_at, generation: t.attempts })),
        ...issue2.map((n) => ({ id: n.id, dueAt: n.due_at, generation: 0 })),
      ].sort(byId),
    );
    const check = timers.find((t) => t.kind === 'deadline_check');
    expect(check?.payload).toEqual({ deadline: 'reissue', dueDate: '2025-05-02' });
    expect(check?.due_at.toISOString()).toBe('2025-05-02T22:00:00.000Z');

    // The events not reacted to yet still have their outbox rows.
    expect(await outboxSeqs(card.id)).toEqual([1, 2, 4]);
    expect(await react.execute(card.id, 6)).toEqual({ status: 'already-processed' });
  });

  it('waits the grace before checking a deadline already past when planned, and deletes the outbox row by id', async () => {
    clock.set(new Date('2025-04-10T12:00:00Z'));
    const card = await givenCard(cards);
    await record(cards, domain, card.id, orderEvents(new Date('2025-03-03T09:00:00Z')), clock.now());
    const [biometricsRow] = await q<{ id: string }>(`SELECT id::text FROM outbox WHERE card_id = $1 AND event_seq = 2`, [
      card.id,
    ]);

    const outcome = await react.execute(card.id, 2, biometricsRow.id);
    if (outcome.status !== 'applied') throw new Error(`unexpected ${outcome.status}`);
    const graceEnds = new Date(clock.now().getTime() + GRACE_MS);
    expect(outcome.timers.map((t) => t.dueAt)).toEqual([graceEnds]);
    const [check] = await timersOf(card.id);
    expect(check).toMatchObject({ kind: 'deadline_check', due_at: graceEnds, payload: { deadline: 'issue', dueDate: '2025-03-31' } });
    // The breach itself was recorded at once, with the biometrics (seq 3, decision 0010); the
    // check only confirms it.
    expect((await q<{ type: string }>(`SELECT type FROM card_events WHERE card_id = $1 AND seq = 3`, [card.id]))[0]?.type).toBe('DeadlineBreached');
    expect(await outboxSeqs(card.id)).toEqual([1, 3, 4]);
  });

  it('writes nothing, not even the claim, when a reaction fails, and reports a missing card', async () => {
    const card = await givenCard(cards);
    await record(cards, domain, card.id, [{ type: 'CardOrdered', occurredAt: clock.now(), data: { biometricsReused: true } }], clock.now());
    const [row] = await q<{ id: string }>(`SELECT id::text FROM outbox WHERE card_id = $1`, [card.id]);

    await expect(react.execute(card.id, 7, row.id)).rejects.toThrow(`card ${card.id} has no event 7`);
    expect(await outboxSeqs(card.id)).toEqual([1]);
    expect(await q(`SELECT seq FROM processed_events WHERE card_id = $1`, [card.id])).toEqual([]);

    expect(await react.execute(randomUUID(), 1)).toEqual({ status: 'card-missing' });
  });
});

function byId(a: { id: string }, b: { id: string }): number {
  return Number(a.id) - Number(b.id);
}
