/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser, with its DOM.
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import type { ManualClock } from '@cardtrail/infra';
import { createWorker, type WorkerHandle } from '../../apps/worker/src/create-worker';
import { startTestApi, type StartTestApiOptions, type TestApi } from './api-app';
import { browserMissingMessage, chromiumPath } from './chromium';
import { deferred, suiteResource } from './suite';
import { obliterateQueues, workerTestConfig } from './worker-harness';

export { browserMissingMessage, chromiumPath };

/**
 * The browser test harness (applicant's pages now, the console next): Debian's Chromium driven by
 * playwright-core, the API listening on a free port, axe on every page state, screenshots, and a
 * guard that no request leaves the service.
 */

/** `describe`, or `describe.skip` (with the reason in its name) when there is no Chromium. */
export const describeInBrowser = (name: string, fn: () => void): void => {
  if (chromiumPath() === null) describe.skip(`${name} (skipped: no Chromium, see the message above)`, fn);
  else describe(name, fn);
};

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === null) throw new Error(browserMissingMessage());
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface PageServer {
  api: TestApi;
  baseUrl: string;
  close(): Promise<void>;
}

/** The API as production builds it, on a fresh database, listening on a free loopback port. */
export async function startPageServer(options: StartTestApiOptions & { clock: ManualClock }): Promise<PageServer> {
  const api = await startTestApi(options);
  await api.app.listen(0, '127.0.0.1');
  const address = api.server.address();
  if (address === null || typeof address === 'string') throw new Error('the server did not listen on a port');
  return { api, baseUrl: `http://127.0.0.1:${address.port}`, close: () => api.close() };
}

export interface BrowserSuite {
  server: PageServer;
  browser: Browser;
  /** With `worker: true`: a worker on the server's database and queues (scheduled sweeps on). */
  worker: WorkerHandle;
}

/**
 * The API listening on a free port (a fresh database) and Chromium, for the tests of the
 * enclosing `describe`; with `worker: true` also an in-process worker on the same database. All
 * are closed after the tests, the worker before the database goes. Hold the parts
 * (`const { server, browser } = useBrowserSuite(…)`) and use them in tests and later hooks.
 */
export function useBrowserSuite(options: StartTestApiOptions & { clock: ManualClock; worker?: boolean }): BrowserSuite {
  const started = suiteResource(`the browser suite '${options.label ?? 'browser'}'`, async (onStop) => {
    const server = await startPageServer(options);
    onStop(() => server.close());
    let worker: WorkerHandle | undefined;
    if (options.worker) {
      const { config, db } = server.api;
      onStop(() => obliterateQueues(config.REDIS_URL, config.QUEUE_PREFIX));
      worker = await createWorker({ config: workerTestConfig({ databaseUrl: db.url, prefix: config.QUEUE_PREFIX }), clock: options.clock });
      onStop(() => worker!.close());
    }
    const browser = await launchChromium();
    onStop(() => browser.close());
    return { server, worker, browser };
  });
  return {
    server: deferred(() => started.server),
    browser: deferred(() => started.browser),
    worker: deferred(() => {
      if (!started.worker) throw new Error('this browser suite has no worker: pass worker: true');
      return started.worker;
    }),
  };
}

/** Requests that went anywhere but the service: a page must make none. */
export class OutsideRequests {
  readonly urls: string[] = [];

  constructor(private readonly baseUrl: string) {}

  async watch(context: BrowserContext): Promise<void> {
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(`${this.baseUrl}/`) || url.startsWith('data:')) return route.continue();
      this.urls.push(url);
      return route.abort();
    });
  }
}

export async function newContext(browser: Browser, server: PageServer, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page; outside: OutsideRequests }> {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 900 }, locale: 'en-GB', ...options });
  const outside = new OutsideRequests(server.baseUrl);
  await outside.watch(context);
  const page = await context.newPage();
  return { context, page, outside };
}

/** Every axe run of the suite: the report counts them. */
export const axeRuns: Array<{ state: string; violations: number; passes: number }> = [];

/**
 * axe on the page as it is now, WCAG 2.1 A and AA: zero violations, each one printed with its
 * nodes when there are any. Also: exactly one h1, and heading levels that never skip one.
 */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  axeRuns.push({ state, violations: results.violations.length, passes: results.passes.length });
  const described = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`,
  );
  expect({ state, violations: described }).toEqual({ state, violations: [] });
  const levels = await page.$$eval('h1, h2, h3, h4, h5, h6', (hs) => hs.map((h) => Number(h.tagName[1])));
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  levels.forEach((level, i) => {
    if (i > 0) expect(level).toBeLessThanOrEqual(levels[i - 1]! + 1);
  });
}

/**
 * The element that has the focus now: its tag, id and text, whether it takes up space, and
 * whether it shows a focus indicator (an outline or a box shadow). Null when nothing has it.
 */
export async function focusedElement(page: Page): Promise<{ tag: string; id: string; text: string; visible: boolean; indicator: boolean } | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      tag: el.tagName,
      id: el.id,
      text: (el.textContent ?? '').trim(),
      visible: box.width > 1 && box.height > 1,
      indicator: style.outlineStyle !== 'none' || style.boxShadow !== 'none',
    };
  });
}

/**
 * Presses Tab until the element saying `text` has the focus, at most `stops` times; every element
 * the focus stops at on the way must show that it has it.
 */
export async function tabTo(page: Page, text: string, stops: number): Promise<void> {
  for (let i = 0; i < stops; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focusedElement(page);
    expect(now).toMatchObject({ visible: true, indicator: true });
    if (now?.text === text) break;
  }
  expect((await focusedElement(page))?.text).toBe(text);
}

/** Nothing wider than the viewport: no horizontal scrolling (320 px, or 200% zoom). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

/** Where the tests write screenshots (git-ignored). */
export const SCREENSHOT_DIR = join(process.cwd(), 'tests', 'browser', 'screenshots');

/** A full-page screenshot at 375 px (a phone) and at 1,280 px, named `<name>-<width>.png`. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}
