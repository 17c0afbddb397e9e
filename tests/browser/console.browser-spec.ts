/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser, with its DOM.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '@cardtrail/infra';
import {
  describeInBrowser,
  expectAccessible,
  expectNoHorizontalScroll,
  launchChromium,
  newContext,
  screenshots,
  startPageServer,
  type PageServer,
} from '../support/browser';

// Tuesday 6 January 2026, 10:00 in Oslo.
const NOW = new Date('2026-01-06T09:00:00Z');

describeInBrowser("the caseworkers' console in Chromium", () => {
  const clock = new ManualClock(NOW);
  let server: PageServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startPageServer({ label: 'console_browser', clock });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(page: Page, token: string): Promise<void> {
    await page.goto('/console');
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/console');
  }

  it('signs in with a pasted token, shows the navigation, and signs out', async () => {
    const { context, page, outside } = await newContext(browser, server);
    try {
      await page.goto('/console/sign-in');
      await expectAccessible(page, 'console sign-in');
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect((await page.locator('#token-error').textContent())?.trim()).toBe('Paste your access token.');
      await expectAccessible(page, 'console sign-in, error');
      await screenshots(page, 'console-sign-in-error');

      await signIn(page, await server.api.tokenFor({ role: 'admin', sub: 'ola' }));
      const nav = page.getByRole('navigation', { name: 'Console' });
      for (const name of ['Overview', 'Open a card', 'Compliance', 'Closure days', 'Queue dashboard', 'API docs']) {
        expect(await nav.getByRole('link', { name, exact: true }).isVisible()).toBe(true);
      }
      await expectAccessible(page, 'console overview, admin');
      await expectNoHorizontalScroll(page);
      await page.setViewportSize({ width: 320, height: 800 });
      await expectNoHorizontalScroll(page);
      await page.setViewportSize({ width: 1280, height: 900 });

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/console/sign-in?signedOut=1');
      expect(await page.getByText('You have signed out.').isVisible()).toBe(true);
      await page.goto('/console');
      expect(new URL(page.url()).pathname).toBe('/console/sign-in');
      expect(outside.urls).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
