import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createWorkingDayCalendar } from '@cardtrail/card-lifecycle';
import { ManualClock } from '@cardtrail/infra';
import { createWorker, type WorkerHandle } from '../../apps/worker/src/create-worker';
import { PAST_DUE_GRACE_MS } from '../../apps/worker/src/events/react-to-card-event';
import { startTestApi, type TestApi } from '../support/api-app';
import { aCardBody, eventBody } from '../support/card-builders';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { TEST_WEBHOOK_SECRET, obliterateQueues, waitFor, workerTestConfig } from '../support/worker-harness';

/**
 * The whole pipeline as a caseworker and an applicant use it: the API records events, the worker
 * (in-process, same database and queues) reacts, a real HTTP receiver gets the notifications.
 * Time is a ManualClock shared by both; the sweeper is triggered, never waited for.
 */
describe('the card lifecycle through the API with the worker running', () => {
  const clock = new ManualClock(new Date('2025-04-30T12:00:00Z'));
  const calendar = createWorkingDayCalendar();
  let api: TestApi;
  let worker: WorkerHandle;
  let receiver: WebhookReceiver;
  let token: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ secret: TEST_WEBHOOK_SECRET });
    api = await startTestApi({ label: 'lifecycle', clock });
    worker = await createWorker({
      config: workerTestConfig({ databaseUrl: api.db.url, prefix: api.config.QUEUE_PREFIX, webhookUrl: receiver.url }),
      clock,
      // Sweeps run when a test says so (`sweepOnce`): a scheduled one right after the shared clock
      // jumps past a due date would record the breach before the event the test records next.
      pipeline: { schedule: false },
    });
  });

  /** Moves the shared clock, and mints a token valid at the new time. */
  async function setClock(at: string): Promise<void> {
    clock.set(new Date(at));
    token = await api.tokenFor({ role: 'caseworker', district: 'oslo' });
  }

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await receiver?.close();
    if (api) await obliterateQueues(api.config.REDIS_URL, api.config.QUEUE_PREFIX);
  });

  async function openCard(): Promise<string> {
    const res = await api.http().post('/v1/cards').set('Authorization', `Bearer ${token}`).send(aCardBody());
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function record(cardId: string, type: string, occurredAt: string, data: Record<string, unknown> = {}) {
    const res = await api
      .http()
      .post(`/v1/cards/${cardId}/events`)
      .set('Authorization', `Bearer ${token}`)
      .send(eventBody(type, { occurredAt, data }));
    expect({ type, status: res.status, body: res.status === 201 ? null : res.body }).toEqual({ type, status: 201, body: null });
    return res.body.card as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  /** Every event of the card has had its reaction committed, and the sends it made recorded. */
  async function reactedToAll(cardId: string): Promise<void> {
    await waitFor(
      async () => {
        const [row] = await api.db.dataSource.query(
          `SELECT c.version = (SELECT count(*) FROM processed_events p WHERE p.card_id = c.id) AS reacted,
                  NOT EXISTS (SELECT 1 FROM notifications n WHERE n.card_id = c.id AND n.claimed_until IS NOT NULL) AS settled
             FROM cards c WHERE c.id = $1`,
          [cardId],
        );
        return row.reacted && row.settled;
      },
      { what: `the reactions to every event of ${cardId}` },
    );
  }

  async function view(cardId: string) {
    const res = await api.http().get(`/v1/cards/${cardId}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return res.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  it('reissues a card lost in the mail with a 10-working-day deadline, and delivers it on time', async () => {
    await setClock('2025-04-30T12:00:00Z');
    const id = await openCard();
    await record(id, 'AppointmentBooked', '2025-04-01T08:00:00Z', { appointmentAt: '2025-04-14T08:00:00Z' });
    await record(id, 'BiometricsCaptured', '2025-04-14T08:30:00Z');
    await record(id, 'CardOrdered', '2025-04-14T09:00:00Z');
    await record(id, 'CardProduced', '2025-04-23T09:00:00Z');
    await record(id, 'CardMailed', '2025-04-24T09:00:00Z');
    await setClock('2025-05-02T10:00:00Z');
    await record(id, 'CardLostInMail', '2025-05-02T10:00:00Z');

    // The worker orders the reissue by itself, exactly once.
    const reissued = await waitFor(async () => {
      const card = await view(id);
      return card.status === 'reissue_ordered' ? card : null;
    }, { what: 'ReissueOrdered' });
    expect(reissued.issueNumber).toBe(2);
    expect(reissued.deadline).toMatchObject({
      kind: 'reissue',
      startDate: '2025-05-02',
      workingDays: 10,
      dueDate: calendar.addWorkingDays('2025-05-02', 10),
    });
    expect(reissued.deadline.dueDate).toBe('2025-05-16');
    const history = await api.http().get(`/v1/cards/${id}/events`).set('Authorization', `Bearer ${token}`);
    const types = (history.body.items as Array<{ type: string; actor: string }>).map((e) => e.type);
    expect(types.filter((t) => t === 'ReissueOrdered')).toHaveLength(1);

    // The applicant is asked to check their address for the reissued card (issue 2).
    const addressCheck = await waitFor(
      () => receiver.requests.find((r) => r.body.kind === 'address_check' && r.key?.includes(':2:')) ?? null,
      { what: 'the address check of issue 2' },
    );
    expect(addressCheck.signatureValid).toBe(true);
    expect(addressCheck.rawBody).not.toContain('201258697561');
    expect(addressCheck.body.message.text).toMatch(/Folkeregisteret|National Population Register/);

    await setClock('2025-05-08T12:00:00Z');
    await record(id, 'CardMailed', '2025-05-06T09:00:00Z');
    const delivered = await record(id, 'CardDelivered', '2025-05-08T11:00:00Z');
    expect(delivered.delivered).toMatchObject({ late: false, workingDaysLate: 0 });
  });

  it('records the breach with a late delivery and sends the district no alert for a card delivered by then', async () => {
    await setClock('2025-05-09T10:00:00Z');
    const id = await openCard();
    await record(id, 'AppointmentBooked', '2025-04-01T08:00:00Z', { appointmentAt: '2025-04-14T08:00:00Z' });
    await record(id, 'BiometricsCaptured', '2025-04-14T08:30:00Z');
    await record(id, 'CardOrdered', '2025-04-14T09:00:00Z');
    await record(id, 'CardProduced', '2025-05-08T09:00:00Z');
    const mailed = await record(id, 'CardMailed', '2025-05-09T09:00:00Z');
    expect(mailed.deadline).toMatchObject({ dueDate: '2025-05-16', overdue: false, breachedAt: null });

    // No sweep ran since the due date ended; the late delivery brings the breach with it. The
    // worker has finished reacting before the clock jumps: a reaction still running (its sends
    // take a moment) would otherwise hand its deadline check to a job at the new time, and the
    // check, due by then, would record the breach before the delivery.
    await reactedToAll(id);
    await setClock('2025-05-20T10:00:00Z');
    const delivered = await record(id, 'CardDelivered', '2025-05-19T09:00:00Z');
    expect(delivered.delivered).toMatchObject({ late: true });
    expect(delivered.deadline).toMatchObject({ overdue: false, breachedAt: '2025-05-16T22:00:00.000Z' });
    const history = await api.http().get(`/v1/cards/${id}/events`).set('Authorization', `Bearer ${token}`);
    const tail = (history.body.items as Array<{ type: string; actor: string; occurredAt: string }>).slice(-2);
    expect(tail).toMatchObject([
      { type: 'DeadlineBreached', actor: 'system:deadline', occurredAt: '2025-05-16T22:00:00.000Z' },
      { type: 'CardDelivered' },
    ]);

    // The district's alert is planned and skipped, its reason kept; the receiver never gets it.
    await worker.sweepOnce(clock.now());
    const alert = await waitFor(async () => {
      const res = await api.http().get(`/v1/cards/${id}/notifications`).set('Authorization', `Bearer ${token}`);
      const found = (res.body.items as Array<{ kind: string; status: string; reason: string | null }>).find(
        (n) => n.kind === 'deadline_breached' && n.status !== 'scheduled',
      );
      return found ?? null;
    }, { what: 'the deadline_breached notification to be settled' });
    expect(alert).toMatchObject({ status: 'skipped', reason: 'The card has already been delivered.' });
    expect(receiver.requests.filter((r) => r.body.kind === 'deadline_breached' && r.body.card.id === id)).toEqual([]);
  });

  it('marks a backdated card overdue once its due date has passed, then delivers it late', async () => {
    await setClock('2025-06-10T10:00:00Z');
    const id = await openCard();
    await record(id, 'AppointmentBooked', '2025-04-01T08:00:00Z', { appointmentAt: '2025-04-14T08:00:00Z' });
    const captured = await record(id, 'BiometricsCaptured', '2025-04-14T08:30:00Z');
    expect(captured.deadline).toMatchObject({ kind: 'issue', dueDate: '2025-05-16', workingDays: 20 });
    // Overdue everywhere at once (decision 0010): the breach is recorded with the biometrics that
    // revealed it, dated at the end of the due date, in the answer to that very request.
    expect(captured.deadline).toMatchObject({ overdue: true, breachedAt: '2025-05-16T22:00:00.000Z' });
    await record(id, 'CardOrdered', '2025-04-14T09:00:00Z');

    // The deadline check is a timer in Postgres; the sweep claims it once the reaction wrote it.
    // The due date is long past, so the check waits a grace period; it finds the breach recorded.
    const [timer] = await waitFor(
      async () => {
        const rows: Array<{ due_at: Date }> = await api.db.dataSource.query(
          "SELECT due_at FROM timers WHERE card_id = $1 AND kind = 'deadline_check'",
          [id],
        );
        return rows.length > 0 ? rows : null;
      },
      { what: 'the deadline-check timer' },
    );
    expect(timer.due_at).toEqual(new Date(clock.now().getTime() + PAST_DUE_GRACE_MS));
    await setClock(new Date(clock.now().getTime() + PAST_DUE_GRACE_MS).toISOString());
    await worker.sweepOnce(clock.now());
    const breached = await waitFor(async () => {
      const card = await view(id);
      return card.deadline?.breachedAt ? card : null;
    }, { what: 'DeadlineBreached' });
    expect(breached.deadline.overdue).toBe(true);
    expect(new Date(breached.deadline.breachedAt).toISOString()).toBe('2025-05-16T22:00:00.000Z');

    // Sweeping again changes nothing: one breach, one district notification.
    await worker.sweepOnce(clock.now());
    const district = await waitFor(
      () => receiver.requests.find((r) => r.body.kind === 'deadline_breached' && r.body.card.id === id) ?? null,
      { what: 'the deadline_breached notification' },
    );
    expect(district.body.recipient).toMatchObject({ type: 'district', policeDistrict: 'oslo' });
    const history = await api.http().get(`/v1/cards/${id}/events`).set('Authorization', `Bearer ${token}`);
    expect((history.body.items as Array<{ type: string }>).filter((e) => e.type === 'DeadlineBreached')).toHaveLength(1);

    await record(id, 'CardProduced', '2025-06-02T09:00:00Z');
    await record(id, 'CardMailed', '2025-06-05T09:00:00Z');
    const delivered = await record(id, 'CardDelivered', '2025-06-10T09:00:00Z');
    expect(delivered.delivered).toMatchObject({
      late: true,
      workingDaysLate: calendar.workingDaysBetween('2025-05-16', '2025-06-10'),
    });
    expect(delivered.delivered.workingDaysLate).toBe(15);
    expect(delivered.deadline.overdue).toBe(false);

    const notifications = await api.http().get(`/v1/cards/${id}/notifications`).set('Authorization', `Bearer ${token}`);
    const kinds = (notifications.body.items as Array<{ kind: string; status: string }>).map((n) => `${n.kind}:${n.status}`);
    expect(kinds).toContain('deadline_breached:sent');
  });
});
