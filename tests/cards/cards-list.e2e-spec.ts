import { beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@cardtrail/infra';
import { useTestApi } from '../support/api-app';
import { givenCard } from '../support/card-builders';

/** Biometrics on Monday 14 April 2025: due Friday 16 May. */
const NOW = new Date('2025-04-14T10:00:00Z');
const AFTER_DUE = new Date('2025-05-19T10:00:00Z');

describe('listing cards with filters and cursor pagination', () => {
  let admin: string;
  const clock = new ManualClock(NOW);
  const ids: Record<string, string> = {};

  const api = useTestApi({ label: 'list', clock });
  beforeAll(async () => {
    admin = await api.tokenFor({ role: 'admin', expiresIn: '365d' });
    ids.awaiting = (await givenCard(api, { token: admin })).id;
    ids.ordered = (await givenCard(api, { status: 'ordered', token: admin, body: { dufNumber: '201999999999' } })).id;
    ids.mailed = (await givenCard(api, { status: 'mailed', token: admin })).id;
    ids.delivered = (await givenCard(api, { status: 'delivered', token: admin })).id;
    ids.vest = (await givenCard(api, { status: 'ordered', district: 'vest', token: admin })).id;
    for (let i = 0; i < 4; i += 1) ids[`extra${i}`] = (await givenCard(api, { token: admin })).id;
  });

  const list = async (query: string, token = admin) => {
    const res = await api.http().get(`/v1/cards${query}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return res.body as { items: Array<{ id: string; status: string; policeDistrict: string }>; nextCursor: string | null };
  };

  it('walks every card exactly once, page by page, in creation order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 20);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
    const all = await list('?limit=100');
    expect(all.items.map((c) => c.id)).toEqual(seen);
    expect(all.nextCursor).toBeNull();
  });

  it('defaults to 20 a page', async () => {
    const page = await list('');
    expect(page.items).toHaveLength(9);
    expect(page.nextCursor).toBeNull();
  });

  it('filters by status, district and DUF number', async () => {
    expect((await list('?status=ordered')).items.map((c) => c.id).sort()).toEqual([ids.ordered, ids.vest].sort());
    expect((await list('?status=ordered&policeDistrict=oslo')).items.map((c) => c.id)).toEqual([ids.ordered]);
    expect((await list('?dufNumber=201999999999')).items.map((c) => c.id)).toEqual([ids.ordered]);
  });

  it('filters by due date and overdue, counting a due date that has ended as overdue before the worker records it', async () => {
    expect((await list('?dueBefore=2025-05-16')).items).toEqual([]);
    const dueBy17 = (await list('?dueBefore=2025-05-17')).items.map((c) => c.id);
    expect(dueBy17.sort()).toEqual([ids.ordered, ids.mailed, ids.delivered, ids.vest].sort());
    expect((await list('?overdue=true')).items).toEqual([]);

    clock.set(AFTER_DUE);
    try {
      const overdue = await list('?overdue=true');
      expect(overdue.items.map((c) => c.id).sort()).toEqual([ids.ordered, ids.mailed, ids.vest].sort());
      const notOverdue = (await list('?overdue=false&limit=100')).items.map((c) => c.id);
      expect(notOverdue).toHaveLength(6);
      expect(notOverdue).toContain(ids.delivered);
      const card = await api.http().get(`/v1/cards/${ids.mailed}`).set('Authorization', `Bearer ${admin}`);
      expect(card.body.deadline).toMatchObject({ dueDate: '2025-05-16', overdue: true, breachedAt: null });
    } finally {
      clock.set(NOW);
    }
  });

  it("refuses a caseworker a filter on another district's cards (403)", async () => {
    const oslo = await api.tokenFor({ role: 'caseworker', district: 'oslo' });
    const res = await api.http().get('/v1/cards?policeDistrict=vest').set('Authorization', `Bearer ${oslo}`);
    expect(res.status).toBe(403);
    const own = await list('?policeDistrict=oslo&status=ordered', oslo);
    expect(own.items.map((c) => c.id)).toEqual([ids.ordered]);
  });
});
