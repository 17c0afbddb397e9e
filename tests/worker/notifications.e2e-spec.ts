import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '@cardtrail/infra';
import { pino } from 'pino';
import { createWorker } from '../../apps/worker/src/create-worker';
import { createTestDatabase, uniqueQueuePrefix } from '../support/test-database';
import { useTestWorker } from '../support/test-worker';
import { TEST_DUF_NUMBER, givenCard, record } from '../support/worker-builders';
import { SHARED_REDIS_URL, obliterateQueues, waitFor, workerTestConfig } from '../support/worker-harness';

interface NotificationRow {
  id: string;
  key: string;
  kind: string;
  status: string;
  attempts: number;
  reason: string | null;
  last_error: string | null;
  due_at: Date;
  retry_at: Date | null;
  claimed_until: Date | null;
}

describe('notifications', () => {
  const clock = new ManualClock(new Date('2025-04-14T09:00:00Z'));
  const { db, worker, receiver } = useTestWorker({
    label: 'notify',
    clock,
    webhook: 'receiver',
    env: { NOTIFY_MAX_ATTEMPTS: '3', NOTIFY_WEBHOOK_TIMEOUT_MS: '2000' },
  });

  const addressCheckOf = async (cardId: string): Promise<NotificationRow | undefined> => {
    const rows: NotificationRow[] = await db.dataSource.query(
      `SELECT id, key, kind, status, attempts, reason, last_error, due_at, retry_at, claimed_until FROM notifications
        WHERE card_id = $1 AND kind = 'address_check'`,
      [cardId],
    );
    return rows[0];
  };

  const orderCard = async (occurredAt: Date, district: 'oslo' | 'agder' = 'oslo') => {
    const card = await givenCard(worker.cards, { policeDistrict: district });
    await record(worker.cards, worker.domain, card.id, [{ type: 'CardOrdered', occurredAt, data: { biometricsReused: true } }], clock.now());
    return card;
  };

  it('retries a webhook answered 500 and delivers it once, signed, without the DUF number', async () => {
    clock.set(new Date('2025-04-14T09:00:00Z'));
    receiver.respondWith(({ attempt }) => (attempt === 0 ? 500 : 200));
    const card = await orderCard(clock.now());

    const failedOnce = await waitFor(async () => {
      const n = await addressCheckOf(card.id);
      // `sending` while the request is out; the answer is recorded right after.
      return n && n.attempts === 1 && n.status !== 'sending' ? n : null;
    }, { what: 'the first delivery attempt and its answer' });
    // The retry time is kept in Postgres (1 s backoff), not only in a Redis job, and written with
    // the answer in one statement, which also releases the claim; the due time does not move.
    expect(failedOnce).toMatchObject({
      status: 'scheduled',
      last_error: 'webhook answered HTTP 500',
      due_at: new Date('2025-04-14T09:00:00Z'),
      retry_at: new Date('2025-04-14T09:00:01Z'),
      claimed_until: null,
    });

    clock.advance(1000);
    await worker.sweepOnce();
    const sent = await waitFor(async () => {
      const n = await addressCheckOf(card.id);
      return n?.status === 'sent' ? n : null;
    }, { what: 'the retried delivery' });
    expect(sent.attempts).toBe(2);

    const requests = receiver.requests.filter((r) => r.key === sent.key);
    expect(requests).toHaveLength(2);
    expect(requests.every((r) => r.signatureValid)).toBe(true);
    expect(requests.map((r) => r.answered)).toEqual([500, 200]);
    expect(requests[1].rawBody).toBe(requests[0].rawBody);
    expect(requests[1].headers['content-type']).toBe('application/json');
    expect(requests[1].rawBody).not.toContain(TEST_DUF_NUMBER);
    expect(requests[1].body).toMatchObject({
      key: sent.key,
      kind: 'address_check',
      card: { id: card.id, reference: card.reference },
      recipient: { type: 'applicant', language: 'en', email: 'amina@example.org', name: 'Amina Haddad' },
      message: { language: 'en' },
      dueAt: '2025-04-14T09:00:00.000Z',
    });
    expect(requests[1].body.message.text).toContain('Folkeregisteret');
  });

  it('marks a notification failed, with the reason, when every attempt is refused', async () => {
    clock.set(new Date('2025-04-14T10:00:00Z'));
    receiver.respondWith(() => 500);
    const card = await orderCard(clock.now(), 'agder');
    for (const attempts of [1, 2]) {
      await waitFor(async () => {
        const n = await addressCheckOf(card.id);
        return n?.attempts === attempts && n.status === 'scheduled' && n.retry_at !== null && n.retry_at > clock.now();
      }, { what: `attempt ${attempts}, its answer and the retry's time` });
      clock.advance(2 ** (attempts - 1) * 1000);
      await worker.sweepOnce();
    }
    const failed = await waitFor(async () => {
      const n = await addressCheckOf(card.id);
      return n?.status === 'failed' ? n : null;
    }, { what: 'the notification to fail' });
    expect(failed).toMatchObject({
      attempts: 3,
      reason: 'Delivery failed after 3 attempts: webhook answered HTTP 500',
      last_error: 'webhook answered HTTP 500',
    });
    expect(receiver.requests.filter((r) => r.key === failed.key)).toHaveLength(3);
    // Recording the last answer released the claim: nothing is left for the sweeper.
    expect(failed.claimed_until).toBeNull();
  });

  it('leaves a send in flight to its run, and sends an interrupted one again with the same key', async () => {
    clock.set(new Date('2025-04-15T09:00:00Z'));
    receiver.respondWith(() => 200);
    const card = await orderCard(clock.now());
    const sent = await waitFor(async () => {
      const n = await addressCheckOf(card.id);
      return n?.status === 'sent' ? n : null;
    }, { what: 'the address check to be sent' });

    // As a worker leaves it when it dies during the request: `sending` until its deadline, and
    // claimed. Meanwhile the card was cancelled, which would skip an address check not yet sent.
    await db.dataSource.query(
      `UPDATE notifications SET status = 'sending', sent_at = NULL, sending_until = $2, claimed_until = $3 WHERE id = $1`,
      [sent.id, new Date(clock.now().getTime() + 7000), clock.now()],
    );
    await record(worker.cards, worker.domain, card.id, [{ type: 'CardCancelled', occurredAt: clock.now(), data: { reason: 'withdrawn' } }], clock.now());
    // The cancellation's reaction leaves a notification caught `sending` alone.
    await waitFor(async () => (await worker.cards.load(card.id))?.status === 'cancelled', { what: 'the cancellation' });
    const timerId = sent.id; // a notification is its own timer

    // Before the deadline another run (a duplicate job) finds it in flight and changes nothing.
    expect(await worker.pipeline.runTimer.execute(String(timerId))).toEqual({ status: 'not-pending' });
    expect(await addressCheckOf(card.id)).toMatchObject({ status: 'sending', attempts: 1 });
    expect(receiver.requests.filter((r) => r.key === sent.key)).toHaveLength(1);

    // After it: the send may have happened, so it goes out again as it was (same key, same body,
    // no relevance check), as the same attempt, and the answer is recorded.
    clock.advance(8000);
    expect(await worker.pipeline.runTimer.execute(String(timerId))).toEqual({ status: 'done', detail: 'sent' });
    expect(await addressCheckOf(card.id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    const requests = receiver.requests.filter((r) => r.key === sent.key);
    expect(requests).toHaveLength(2);
    expect(requests[1].rawBody).toBe(requests[0].rawBody);
    expect((await addressCheckOf(card.id))?.claimed_until).toBeNull();
  });

  it('moves an applicant message that comes due at 21:00 in Oslo to 08:00 the next morning', async () => {
    receiver.respondWith(() => 200);
    // Ordered 19:30 Oslo (inside the window); the worker gets to it at 21:00 (after a backlog).
    clock.set(new Date('2025-04-14T19:00:00Z'));
    const card = await orderCard(new Date('2025-04-14T17:30:00Z'));

    const retimed = await waitFor(async () => {
      const n = await addressCheckOf(card.id);
      return n && n.due_at.getTime() !== new Date('2025-04-14T17:30:00Z').getTime() ? n : null;
    }, { what: 'the notification to be re-timed' });
    // One statement moves the one due time and releases the claim: the sweeper fires it at 08:00.
    expect(retimed).toMatchObject({ status: 'scheduled', attempts: 0, due_at: new Date('2025-04-15T06:00:00Z'), claimed_until: null });
    expect(receiver.requests.some((r) => r.key === retimed.key)).toBe(false);

    // Nothing goes before 08:00.
    clock.set(new Date('2025-04-15T05:59:00Z'));
    expect((await worker.sweepOnce()).claimed).toBe(0);
    clock.set(new Date('2025-04-15T06:00:00Z'));
    await worker.sweepOnce();
    await waitFor(async () => (await addressCheckOf(card.id))?.status === 'sent', { what: 'the morning delivery' });
    expect(receiver.requests.filter((r) => r.key === retimed.key)).toHaveLength(1);
  });

  it('has one due time: a notification moved later is sent when it says, not at the time it was planned for', async () => {
    receiver.respondWith(() => 200);
    clock.set(new Date('2025-04-16T09:00:00Z'));
    // The final address check falls due 5 working days before the due date, at 09:00 Oslo.
    const card = await orderCard(clock.now());
    const finalCheck = async () =>
      (
        await db.dataSource.query(
          `SELECT id, key, status, due_at FROM notifications WHERE card_id = $1 AND kind = 'address_check_final'`,
          [card.id],
        )
      )[0] as { id: string; key: string; status: string; due_at: Date } | undefined;
    const planned = await waitFor(finalCheck, { what: 'the final address check to be planned' });
    // Whoever moves it (a re-time, an operator) moves the one due time there is.
    const moved = new Date(planned.due_at.getTime() + 24 * 60 * 60 * 1000);
    await db.dataSource.query(`UPDATE notifications SET due_at = $2 WHERE id = $1`, [planned.id, moved]);

    // (Other cards' work falls due on these days too: only this notification is looked at.)
    clock.set(planned.due_at);
    await worker.sweepOnce();
    expect(await db.dataSource.query(`SELECT status, claimed_until FROM notifications WHERE id = $1`, [planned.id])).toEqual([
      { status: 'scheduled', claimed_until: null },
    ]);
    clock.set(moved);
    await worker.sweepOnce();
    await waitFor(async () => (await finalCheck())?.status === 'sent', { what: 'the moved final address check to be sent' });
    const delivered = receiver.requests.filter((r) => r.key === planned.key);
    expect(delivered).toHaveLength(1);
    expect(delivered[0].body.dueAt).toBe(moved.toISOString());
  });
});

describe('notifications without a webhook URL', () => {
  it('records them as logged (not sent) and logs ids only, no personal data', async () => {
    const db = await createTestDatabase('notifylog');
    const prefix = uniqueQueuePrefix('notifylog');
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const clock = new ManualClock(new Date('2025-04-14T09:00:00Z'));
    const worker = await createWorker({
      config: workerTestConfig({ databaseUrl: db.url, prefix }),
      clock,
      logger: pino({ level: 'info' }, sink),
      pipeline: { schedule: false },
    });
    try {
      const card = await givenCard(worker.cards);
      await record(worker.cards, worker.domain, card.id, [{ type: 'CardOrdered', occurredAt: clock.now(), data: { biometricsReused: true } }], clock.now());
      const sent = await waitFor(async () => {
        const rows: Array<{ key: string; status: string }> = await db.dataSource.query(
          `SELECT key, status FROM notifications WHERE card_id = $1 AND kind = 'address_check'`,
          [card.id],
        );
        // `logged`, not `sent`: nobody received it.
        return rows[0]?.status === 'logged' ? rows[0] : null;
      }, { what: 'the logged notification' });
      const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.key === sent.key);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ key: sent.key, kind: 'address_check', cardId: card.id });
      const all = lines.join('\n');
      for (const secret of [TEST_DUF_NUMBER, 'Amina', 'amina@example.org', '+4790000000', 'Storgata']) {
        expect(all).not.toContain(secret);
      }
    } finally {
      await worker.close();
      await obliterateQueues(SHARED_REDIS_URL, prefix);
      await db.drop();
    }
  });
});
