/// <reference lib="dom" />
import { beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { ManualClock } from '@cardtrail/infra';
import { eventBody, givenCard } from '../support/card-builders';
import {
  describeInBrowser,
  expectAccessible,
  expectNoHorizontalScroll,
  newContext,
  screenshots,
  useBrowserSuite,
} from '../support/browser';

// Tuesday 6 January 2026, 10:00 in Oslo.
const NOW = new Date('2026-01-06T09:00:00Z');

describeInBrowser("the console's compliance and closure-day pages in Chromium", () => {
  const clock = new ManualClock(new Date('2024-01-01T09:00:00Z'));
  const { server, browser, worker } = useBrowserSuite({ label: 'console_reports_browser', clock, worker: true });
  let adminToken: string;
  let openCardId: string;

  beforeAll(async () => {
    adminToken = await server.api.tokenFor({ role: 'admin', sub: 'ola', expiresIn: '1000d' });
    // Two years of deliveries: each month, a card in Oslo and one in Vest; every third month one
    // of them late.
    for (let m = 0; m < 24; m += 1) {
      const year = 2024 + Math.floor(m / 12);
      const month = String((m % 12) + 1).padStart(2, '0');
      for (const [i, district] of (['oslo', 'vest'] as const).entries()) {
        clock.set(new Date(`${year}-${month}-0${2 + i}T09:00:00Z`));
        const card = await givenCard(server.api, { status: 'mailed', district, token: adminToken });
        const late = m % 3 === 0 && i === 0;
        const at = new Date(clock.now().getTime() + (late ? 40 : 20 + (m % 5)) * 86_400_000);
        clock.set(new Date(at.getTime() + 3_600_000));
        const res = await server.api
          .http()
          .post(`/v1/cards/${card.id}/events`)
          .set('Authorization', `Bearer ${adminToken}`)
          .send(eventBody('CardDelivered', { occurredAt: at.toISOString() }));
        expect(res.status).toBe(201);
      }
    }
    // An open card whose biometrics were taken on Monday 5 January 2026: due Monday 2 February.
    clock.set(new Date('2026-01-05T09:00:00Z'));
    openCardId = (await givenCard(server.api, { status: 'ordered', district: 'oslo', token: adminToken })).id;
    clock.set(NOW);
  });

  async function signIn(page: Page, token: string): Promise<void> {
    await page.goto('/console/sign-in');
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/console');
  }

  const dueDate = async () =>
    (await server.api.http().get(`/v1/cards/${openCardId}`).set('Authorization', `Bearer ${adminToken}`)).body.deadline.dueDate as string;

  it('reads a two-year compliance report: the chart, the table beside it, the districts, the CSV', async () => {
    const { context, page, outside } = await newContext(browser, server);
    try {
      await signIn(page, adminToken);
      await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Compliance' }).click();
      await page.waitForURL('**/console/compliance');
      await page.getByLabel('From', { exact: true }).fill('2024-01-01');
      await page.getByLabel('To', { exact: true }).fill('2025-12-31');
      await page.getByLabel('Police district', { exact: true }).selectOption('all');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL('**/console/compliance?from=2024-01-01&to=2025-12-31&district=all');
      expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe(
        'From 1 January 2024 to 31 December 2025: 48 cards delivered, 83.3% on time.',
      );
      const chart = page.getByRole('img', { name: /On time, month by month/ });
      expect(await chart.isVisible()).toBe(true);
      expect(await page.locator('.ct-chart__bar').count()).toBe(24);
      const months = page.getByRole('table', { name: 'Per month, all districts together' });
      expect(await months.getByRole('row').count()).toBe(25);
      // The late January card arrived in February: January has Vest's, on time.
      expect(await months.getByRole('row', { name: /January 2024/ }).textContent()).toContain('100.0%');
      expect(await months.getByRole('row', { name: /February 2024/ }).textContent()).toContain('66.7%');
      const districts = page.getByRole('table', { name: 'Per police district, whole period' });
      expect(await districts.getByRole('row', { name: /^Vest police district/ }).textContent()).toContain('100.0%');
      await expectAccessible(page, 'console compliance, two years, all districts');
      await expectNoHorizontalScroll(page);
      await screenshots(page, 'console-compliance-en');

      const download = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download as CSV/ }).click()]);
      expect(download[0].suggestedFilename()).toBe('cardtrail-deadlines-all-2024-01-01-2025-12-31.csv');

      await page.goto('/console/compliance?from=2024-01-01&to=2025-12-31&district=oslo&lang=nb');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Fristoppfølging');
      await expectAccessible(page, 'console compliance, Oslo, bokmål');
      await page.setViewportSize({ width: 320, height: 800 });
      await expectNoHorizontalScroll(page);
      await page.goto('/console/compliance?from=2025-13-01&to=2025-12-31&lang=nn');
      expect(await page.locator('#from-error').textContent()).toContain('Skriv første dato');
      await expectAccessible(page, 'console compliance, error, nynorsk');
      expect(outside.urls).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('adds a closure day as an admin and sees the due date move', async () => {
    const { context, page, outside } = await newContext(browser, server);
    try {
      expect(await dueDate()).toBe('2026-02-02');
      await signIn(page, adminToken);
      await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Closure days' }).click();
      await page.waitForURL('**/console/closures');
      await expectAccessible(page, 'console closures, none');
      await page.getByRole('button', { name: 'Close this date' }).click();
      expect(await page.locator('#date-error').textContent()).toBe('Enter a real date, for example 2026-12-01.');
      await expectAccessible(page, 'console closures, errors');

      await page.getByLabel('Date', { exact: true }).fill('15.01.2026');
      await page.getByLabel('Reason', { exact: true }).fill('IT outage at the police offices');
      await page.getByRole('button', { name: 'Close this date' }).click();
      await page.waitForURL('**/console/closures?done=added&date=2026-01-15');
      expect(await page.getByText('Thursday 15 January 2026 is closed.').isVisible()).toBe(true);

      await worker.refreshCalendar();
      await page.reload();
      const closure = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Thursday 15 January 2026' }) });
      expect(await closure.textContent()).toContain('1 deadline moved');
      expect(await dueDate()).toBe('2026-02-03');
      await expectAccessible(page, 'console closures, one closed');
      // The card's page shows the moved due date and the recomputation in its timeline.
      await page.goto(`/console/cards/${openCardId}`);
      const moved = page.getByRole('row', { name: /Due date moved \(closure days changed\)/ });
      expect(await moved.textContent()).toContain('2026-02-02 → 2026-02-03');
      expect(await moved.textContent()).toContain('closure day 2026-01-15 added: IT outage at the police offices');
      await expectAccessible(page, 'console card after a closure');
      await page.goto('/console/closures');
      await screenshots(page, 'console-closures-en');
      await page.goto('/console/closures?lang=nb');
      await expectAccessible(page, 'console closures, bokmål');
      await screenshots(page, 'console-closures-nb');

      await page.getByLabel('Hvorfor torsdag 15. januar 2026 er åpen igjen').fill('Kontorene åpnet likevel');
      await page.getByRole('button', { name: 'Åpne igjen' }).click();
      await page.waitForURL('**/console/closures?done=removed&date=2026-01-15');
      await worker.refreshCalendar();
      expect(await dueDate()).toBe('2026-02-02');
      expect(outside.urls).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
