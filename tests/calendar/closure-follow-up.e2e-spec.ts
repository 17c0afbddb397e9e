import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CalendarWatcher, CardStore, ClosureStore, LiveDomain, ManualClock, createLogger } from '@cardtrail/infra';
import { DataSource } from 'typeorm';
import { CalendarRecompute } from '../../apps/worker/src/calendar/calendar-recompute';
import { startTestApi, type TestApi } from '../support/api-app';
import { givenCard } from '../support/card-builders';
import { waitFor } from '../support/worker-harness';

/**
 * The worker's second recomputation pass after a closure change. An API process checks the
 * calendar only every CALENDAR_POLL_MS, so right after a change it may still start a deadline on
 * the old calendar; the worker's first pass cannot have seen that card. The follow-up pass, two
 * poll intervals later, moves it. The pass is scheduled through an injected scheduler, so the
 * test decides when "later" is and never waits on a timer.
 */
describe('the follow-up recomputation after a closure change', () => {
  // Biometrics on Monday 14 April 2025: due Friday 16 May; a closure on Friday 2 May moves it to Monday 19 May.
  const clock = new ManualClock(new Date('2025-04-14T10:00:00Z'));
  let api: TestApi;
  let staleApi: TestApi;
  let admin: string;
  let caseworker: string;
  let watcher: CalendarWatcher;
  let recompute: CalendarRecompute;
  const scheduled: Array<{ run: () => void; delayMs: number; cancelled: boolean }> = [];

  beforeAll(async () => {
    api = await startTestApi({ label: 'closure-follow-up', clock });
    // Checks the calendar once an hour: it keeps the old calendar for the whole test.
    staleApi = await startTestApi({ db: api.db, clock, env: { CALENDAR_POLL_MS: '60000' } });
    admin = await api.tokenFor({ role: 'admin', sub: 'ola', expiresIn: '365d' });
    caseworker = await api.tokenFor({ role: 'caseworker', district: 'oslo', sub: 'kari', expiresIn: '365d' });

    // The worker's side, as the worker module wires it, on the same database.
    const dataSource = api.app.get(DataSource);
    const domain = new LiveDomain(api.config);
    const closures = new ClosureStore(dataSource);
    recompute = new CalendarRecompute({
      dataSource,
      cards: new CardStore(dataSource, domain),
      domain,
      closures,
      clock,
      logger: createLogger({ LOG_LEVEL: 'silent' }),
      pollMs: 2000,
      schedule: (run, delayMs) => {
        const entry = { run, delayMs, cancelled: false };
        scheduled.push(entry);
        return { cancel: () => void (entry.cancelled = true) };
      },
    });
    watcher = new CalendarWatcher(closures, domain, { pollMs: 60_000, onChange: async (change) => void (await recompute.onChange(change)) });
    await watcher.refresh();
  });
  afterAll(async () => {
    recompute?.stop();
    await watcher?.stop();
    await staleApi?.close();
    await api?.close();
  });

  const dueDate = async (id: string) =>
    (await api.http().get(`/v1/cards/${id}`).set('Authorization', `Bearer ${caseworker}`)).body.deadline?.dueDate as string | undefined;

  it('moves a deadline that a process still on the old calendar started after the first pass', async () => {
    const before = await givenCard(api, { status: 'biometrics_captured', token: caseworker });
    expect(before).toMatchObject({ deadline: { dueDate: '2025-05-16' } });

    clock.set(new Date('2025-04-22T08:00:00Z'));
    expect((await api.http().put('/v1/calendar/closures/2025-05-02').set('Authorization', `Bearer ${admin}`).send({ reason: 'IT outage' })).status).toBe(201);

    // First pass: moves the card that existed, and schedules the follow-up two poll intervals on.
    const change = await watcher.refresh();
    expect(change).toMatchObject({ fromRevision: 0, toRevision: 1 });
    expect(await dueDate(before.id)).toBe('2025-05-19');
    expect(scheduled.map((s) => s.delayMs)).toEqual([4000]);

    // Meanwhile a process that has not seen the change starts a deadline on the old calendar.
    // Biometrics on Tuesday 22 April: due Wednesday 21 May on the old calendar, Thursday 22 May on the new.
    const late = await givenCard(staleApi, { status: 'biometrics_captured', token: caseworker });
    expect(late).toMatchObject({ deadline: { dueDate: '2025-05-21' } });

    scheduled[0]!.run();
    // The pass runs in the background once started.
    await waitFor(async () => (await dueDate(late.id)) === '2025-05-22', { what: 'the follow-up pass to move the late card' });
    const history = (await api.http().get(`/v1/cards/${late.id}/events`).set('Authorization', `Bearer ${caseworker}`)).body.items;
    expect(history.at(-1)).toMatchObject({
      type: 'DeadlineRecomputed',
      data: { previousDueDate: '2025-05-21', dueDate: '2025-05-22', reason: 'closure day 2025-05-02 added: IT outage' },
    });
    // The card the first pass moved is not recomputed again.
    const first = (await api.http().get(`/v1/cards/${before.id}/events`).set('Authorization', `Bearer ${caseworker}`)).body.items;
    expect(first.filter((e: { type: string }) => e.type === 'DeadlineRecomputed')).toHaveLength(1);
  });

  it('cancels a follow-up still pending when the worker stops', async () => {
    clock.set(new Date('2025-04-23T08:00:00Z'));
    expect((await api.http().delete('/v1/calendar/closures/2025-05-02').set('Authorization', `Bearer ${admin}`).send({ reason: 'reopened' })).status).toBe(200);
    await watcher.refresh();
    expect(scheduled).toHaveLength(2);
    expect(scheduled[1]!.cancelled).toBe(false);
    recompute.stop();
    expect(scheduled[1]!.cancelled).toBe(true);
  });
});
