/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser, with its DOM.
import { expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { ManualClock } from '@cardtrail/infra';
import { eventBody, givenCard } from '../support/card-builders';
import {
  describeInBrowser,
  expectAccessible,
  expectNoHorizontalScroll,
  newContext,
  screenshots,
  tabTo,
  useBrowserSuite,
} from '../support/browser';

// Tuesday 6 January 2026, 10:00 in Oslo.
const NOW = new Date('2026-01-06T09:00:00Z');
const BOOKED = '2025-10-01T09:00:00Z';
/** Photo and fingerprints on 3 November 2025, mailed on 6 November: due 1 December, late today. */
const LATE = { AppointmentBooked: BOOKED, BiometricsCaptured: '2025-11-03T09:00:00Z', CardOrdered: '2025-11-04T09:00:00Z', CardProduced: '2025-11-05T09:00:00Z', CardMailed: '2025-11-06T09:00:00Z' };
/** Photo and fingerprints on 22 December 2025, produced yesterday: due within the month. */
const PRODUCED = { AppointmentBooked: BOOKED, BiometricsCaptured: '2025-12-22T09:00:00Z', CardOrdered: '2025-12-23T09:00:00Z', CardProduced: '2026-01-05T09:00:00Z' };

const text = (page: Page) => page.locator('main').innerText();

/** Submits the page's main form and waits for the answer (works with and without script). */
async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: button, exact: true }).click()]);
}

describeInBrowser("the caseworkers' console in Chromium", () => {
  const clock = new ManualClock(NOW);
  const { server, browser } = useBrowserSuite({ label: 'console_browser', clock });

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

  it("keeps a caseworker to their district: another district's card is refused", async () => {
    const oslo = await givenCard(server.api, { district: 'oslo', status: 'mailed', at: LATE });
    const { context, page } = await newContext(browser, server);
    try {
      await signIn(page, await server.api.tokenFor({ role: 'caseworker', district: 'vest', sub: 'kari' }));
      const answer = await page.goto(`/console/cards/${oslo.id}`);
      expect(answer?.status()).toBe(403);
      expect(await text(page)).toContain('You do not have access to this page');
      expect(await text(page)).not.toContain(oslo.reference);
      await expectAccessible(page, 'console, another district');
      await page.goto('/console');
      expect(await page.locator('#overdue').innerText()).not.toContain(oslo.reference);
    } finally {
      await context.close();
    }
  });

  it('finds an overdue card from the overview, and records CardMailed then CardDelivered through the forms', async () => {
    const late = await givenCard(server.api, { district: 'vest', status: 'mailed', at: LATE });
    const produced = await givenCard(server.api, { district: 'vest', status: 'produced', at: PRODUCED });
    // A district's day: a card due soon, one back at the police, one lost in the mail, an appointment tomorrow.
    await givenCard(server.api, { district: 'vest', status: 'ordered', at: { AppointmentBooked: BOOKED, BiometricsCaptured: '2025-12-05T09:00:00Z', CardOrdered: '2025-12-08T09:00:00Z' } });
    await givenCard(server.api, { district: 'vest', status: 'returned', body: { applicant: { fullName: 'Jonas Eriksen' } }, at: { ...PRODUCED, CardMailed: '2026-01-05T10:00:00Z', CardReturned: '2026-01-06T07:30:00Z' } });
    await givenCard(server.api, { district: 'vest', status: 'lost_in_mail', body: { applicant: { fullName: 'Mei Lin' } }, at: { ...PRODUCED, CardMailed: '2026-01-05T10:00:00Z', CardLostInMail: '2026-01-06T08:00:00Z' } });
    const booked = await givenCard(server.api, { district: 'vest', body: { applicant: { fullName: 'Omar Said' } } });
    const admin = await server.api.tokenFor({ role: 'admin' });
    await server.api.http().post(`/v1/cards/${booked.id}/events`).set('Authorization', `Bearer ${admin}`)
      .send(eventBody('AppointmentBooked', { data: { appointmentAt: '2026-01-07T08:30:00Z', station: 'Bergen sentrum' } }));
    const { context, page, outside } = await newContext(browser, server);
    try {
      await signIn(page, await server.api.tokenFor({ role: 'caseworker', district: 'vest', sub: 'kari' }));
      await expectAccessible(page, 'console overview');
      await screenshots(page, 'console-overview');
      const overdue = page.locator('#overdue');
      expect(await overdue.innerText()).toMatch(new RegExp(`${late.reference}[\\s\\S]*working days late`));
      await Promise.all([page.waitForEvent('load'), overdue.getByRole('link', { name: late.reference }).click()]);
      expect(await text(page)).toMatch(/\d+ working days late/);
      await expectAccessible(page, 'console card, overdue');
      await screenshots(page, 'console-card-overdue');

      // The card that is produced: mail it, then deliver it, through the forms.
      await page.goto(`/console/cards/${produced.id}`);
      expect(await page.locator('#deadline').innerText()).toMatch(/working days left/);
      await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Card mailed', exact: true }).click()]);
      expect(await page.getByLabel('When did it happen?').inputValue()).toBe('2026-01-06 10:00');
      await page.getByLabel('Tracking number (optional)').fill('RR123456785NO');
      await expectAccessible(page, 'console record CardMailed');
      await screenshots(page, 'console-record-mailed');
      await submit(page, 'Record the event');
      expect(await text(page)).toContain('Recorded: Card mailed.');
      expect(await page.locator('#timeline').innerText()).toMatch(/Card mailed\s+2026-01-06 10:00\s+\S+ \S+\s+kari\s+Tracking number: RR123456785NO/);
      await expectAccessible(page, 'console card after CardMailed');

      await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Card delivered', exact: true }).click()]);
      await submit(page, 'Record the event');
      expect(await text(page)).toContain('Recorded: Card delivered.');
      expect(await page.locator('#timeline').innerText()).toContain('Card delivered');
      const deadline = await page.locator('#deadline').innerText();
      expect(deadline).toMatch(/Delivered\s+2026-01-06 10:00, on time/);
      expect(deadline).not.toMatch(/working days left/);
      await expectAccessible(page, 'console card delivered');
      await screenshots(page, 'console-card-delivered');
      // Tables scroll inside their own box: the page itself never scrolls sideways, at 320 px either.
      for (const path of ['/console', `/console/cards/${produced.id}`]) {
        await page.goto(path);
        await page.setViewportSize({ width: 320, height: 800 });
        await expectNoHorizontalScroll(page);
        await page.setViewportSize({ width: 1280, height: 900 });
      }
      expect(outside.urls).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('works with JavaScript turned off: sign in, open the form, record an event', async () => {
    const card = await givenCard(server.api, { district: 'vest', status: 'produced', at: PRODUCED });
    const { context, page } = await newContext(browser, server, { javaScriptEnabled: false });
    try {
      await signIn(page, await server.api.tokenFor({ role: 'caseworker', district: 'vest', sub: 'kari' }));
      await page.goto(`/console/cards/${card.id}/events/CardMailed`);
      await submit(page, 'Record the event');
      expect(await text(page)).toContain('Recorded: Card mailed.');
      expect(await page.locator('#timeline').innerText()).toContain('Card mailed');
    } finally {
      await context.close();
    }
  });

  it('works with the keyboard alone, with a visible focus on every stop', async () => {
    const card = await givenCard(server.api, { district: 'vest', status: 'mailed', at: { ...PRODUCED, CardMailed: '2026-01-05T12:00:00Z' } });
    const { context, page } = await newContext(browser, server);
    try {
      await signIn(page, await server.api.tokenFor({ role: 'caseworker', district: 'vest', sub: 'kari' }));
      // From the overview's first stop to the card's "Card delivered" button, every stop shows the focus.
      await page.goto(`/console/cards/${card.id}`);
      await tabTo(page, 'Card delivered', 30);
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
      // The skip link first; from the next stop on (the nav, the form's fields) each shows the focus, up to the button.
      await page.keyboard.press('Tab');
      await tabTo(page, 'Record the event', 20);
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
      expect(await text(page)).toContain('Recorded: Card delivered.');
    } finally {
      await context.close();
    }
  });

  it('refuses a form whose card changed in between, and says what changed', async () => {
    const card = await givenCard(server.api, { district: 'vest', status: 'mailed', at: { ...PRODUCED, CardMailed: '2026-01-05T12:00:00Z' } });
    const { context, page } = await newContext(browser, server);
    try {
      await signIn(page, await server.api.tokenFor({ role: 'caseworker', district: 'vest', sub: 'kari' }));
      await page.goto(`/console/cards/${card.id}/events/CardDelivered`);
      // Meanwhile a colleague records that the card came back to the police.
      const token = await server.api.tokenFor({ role: 'caseworker', district: 'vest', sub: 'nils' });
      const other = await server.api.http().post(`/v1/cards/${card.id}/events`).set('Authorization', `Bearer ${token}`).send(eventBody('CardReturned', { occurredAt: '2026-01-06T08:30:00Z' }));
      expect(other.status).toBe(201);
      await submit(page, 'Record the event');
      const said = await text(page);
      expect(said).toContain('Someone else recorded an event on this card');
      expect(said).toContain('Card returned to the police – 2026-01-06 09:30 – nils (Name not on the letter box)');
      expect(said).toContain('“Card delivered” cannot be recorded while the card is “Returned to the police”.');
      await expectAccessible(page, 'console stale form');
      await screenshots(page, 'console-record-stale');
    } finally {
      await context.close();
    }
  });

  it('opens a card, with a field error next to its field first', async () => {
    const { context, page } = await newContext(browser, server);
    try {
      await signIn(page, await server.api.tokenFor({ role: 'caseworker', district: 'vest', sub: 'kari' }));
      await Promise.all([page.waitForEvent('load'), page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Open a card' }).click()]);
      await expectAccessible(page, 'console open a card');
      await page.getByLabel('DUF number').fill('2016 0123 4567');
      await page.getByLabel('First card').check();
      await page.getByLabel('Full name').fill('Lars Berg');
      await page.getByLabel('Date of birth').fill('1990-05-17');
      await page.getByLabel('Nationality').fill('SE');
      await page.getByLabel('Street address').fill('Bryggen 1');
      await page.getByLabel('Postal code').fill('5003');
      await page.getByLabel('City').fill('Bergen');
      await submit(page, 'Open the card');
      expect(await page.title()).toMatch(/^Error: Open a card/);
      expect(await page.locator('#nationality-error').innerText()).toContain('registration certificate, not a residence card');
      expect(await page.locator('#nationality').getAttribute('aria-invalid')).toBe('true');
      // Everything typed is still there.
      expect(await page.getByLabel('Full name').inputValue()).toBe('Lars Berg');
      await expectAccessible(page, 'console open a card, error');
      await screenshots(page, 'console-open-error');
      await page.getByLabel('Nationality').fill('MA');
      await submit(page, 'Open the card');
      expect(await text(page)).toContain('The card is opened. It waits for an appointment.');
      expect(await text(page)).toContain('Lars Berg');
    } finally {
      await context.close();
    }
  });
});
