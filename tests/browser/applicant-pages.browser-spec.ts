/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser, with its DOM.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { ManualClock } from '@cardtrail/infra';
import { MESSAGES } from '../../apps/api/src/web/i18n';
import { eventBody, aCardBody } from '../support/card-builders';
import {
  axeRuns,
  describeInBrowser,
  expectAccessible,
  expectNoHorizontalScroll,
  focusedElement,
  newContext,
  screenshots,
  tabTo,
  type PageServer,
  useBrowserSuite,
} from '../support/browser';

// Tuesday 6 January 2026, 10:00 in Oslo. Photo and fingerprints on Tuesday 16 December 2025
// make the card due by Friday 16 January 2026: 8 working days from today.
const NOW = new Date('2026-01-06T09:00:00Z');
const DUF = '201258697561';
const LANGUAGES = ['en', 'nb', 'nn'] as const;
type Language = (typeof LANGUAGES)[number];

type Step = [type: string, occurredAt: string, data?: Record<string, unknown>];

const BOOKED: Step = ['AppointmentBooked', '2025-12-01T10:00:00Z', { appointmentAt: '2025-12-16T08:30:00Z' }];
const CAPTURED: Step[] = [BOOKED, ['BiometricsCaptured', '2025-12-16T08:45:00Z']];
const ORDERED: Step[] = [...CAPTURED, ['CardOrdered', '2025-12-17T10:00:00Z']];
const PRODUCED: Step[] = [...ORDERED, ['CardProduced', '2026-01-02T10:00:00Z']];
const MAILED: Step[] = [...PRODUCED, ['CardMailed', '2026-01-05T10:00:00Z']];
const DELIVERED: Step[] = [...MAILED, ['CardDelivered', '2026-01-06T08:00:00Z']];

/** A card in each state an applicant can find theirs in, with the words its page must show. */
const CARDS: Record<string, { steps: Step[]; status: keyof (typeof MESSAGES)['en']['applicant']['status']['statusNames']; says: Record<Language, string> }> = {
  new: {
    steps: [],
    status: 'awaiting_appointment',
    says: { en: 'Book an appointment in the Application Portal', nb: 'Bestill time i søknadsportalen', nn: 'Bestill time i søknadsportalen' },
  },
  missed: {
    steps: [['AppointmentBooked', '2025-12-20T10:00:00Z', { appointmentAt: '2026-01-05T08:30:00Z' }], ['AppointmentMissed', '2026-01-05T12:00:00Z']],
    status: 'awaiting_appointment',
    says: { en: 'You did not come to your appointment.', nb: 'Du kom ikke til timen din.', nn: 'Du kom ikkje til timen din.' },
  },
  booked: {
    steps: [['AppointmentBooked', '2026-01-02T10:00:00Z', { appointmentAt: '2026-01-13T08:30:00Z' }]],
    status: 'appointment_booked',
    says: { en: 'on Tuesday 13 January 2026 at 09:30', nb: 'tirsdag 13. januar 2026 kl. 09:30', nn: 'tysdag 13. januar 2026 kl. 09:30' },
  },
  captured: { steps: CAPTURED, status: 'biometrics_captured', says: { en: 'by Friday 16 January 2026', nb: 'innen fredag 16. januar 2026', nn: 'innan fredag 16. januar 2026' } },
  ordered: { steps: ORDERED, status: 'ordered', says: { en: '8 working days from today', nb: '8 virkedager fra i dag', nn: '8 yrkedagar frå i dag' } },
  produced: { steps: PRODUCED, status: 'produced', says: { en: 'by Friday 16 January 2026', nb: 'innen fredag 16. januar 2026', nn: 'innan fredag 16. januar 2026' } },
  mailed: { steps: MAILED, status: 'mailed', says: { en: 'Check your letter box.', nb: 'Sjekk postkassen din.', nn: 'Sjekk postkassa di.' } },
  delivered: { steps: DELIVERED, status: 'delivered', says: { en: 'Delivered on Tuesday 6 January 2026', nb: 'Levert tirsdag 6. januar 2026', nn: 'Levert tysdag 6. januar 2026' } },
  returned: {
    steps: [...MAILED, ['CardReturned', '2026-01-06T08:00:00Z', { reason: 'name_not_on_letterbox' }]],
    status: 'returned',
    says: { en: 'Bring your passport or other identification', nb: 'Ta med pass eller annen legitimasjon', nn: 'Ta med pass eller anna legitimasjon' },
  },
  lost: {
    steps: [...MAILED, ['CardLostInMail', '2026-01-06T08:00:00Z']],
    status: 'lost_in_mail',
    // The reissue deadline: 10 working days from the loss.
    says: { en: 'by Tuesday 20 January 2026', nb: 'innen tirsdag 20. januar 2026', nn: 'innan tysdag 20. januar 2026' },
  },
  replacement: {
    steps: [...DELIVERED, ['CardReportedLost', '2026-01-06T08:30:00Z', { circumstance: 'stolen' }]],
    status: 'replacement_requested',
    says: { en: 'The fee for the replacement card is 300 NOK.', nb: 'Gebyret for det nye kortet er 300 kroner.', nn: 'Gebyret for det nye kortet er 300 kroner.' },
  },
  defective: {
    steps: [...DELIVERED, ['CardReportedLost', '2026-01-06T08:30:00Z', { circumstance: 'defective' }]],
    status: 'replacement_requested',
    says: { en: 'There is no fee for this replacement card.', nb: 'Det er ikke noe gebyr for dette kortet.', nn: 'Det er ikkje noko gebyr for dette kortet.' },
  },
  overdue: {
    steps: [
      ['AppointmentBooked', '2025-11-01T10:00:00Z', { appointmentAt: '2025-11-10T09:00:00Z' }],
      ['BiometricsCaptured', '2025-11-10T09:15:00Z'],
      ['CardOrdered', '2025-11-11T10:00:00Z'],
      ['CardMailed', '2025-12-01T10:00:00Z'],
    ],
    status: 'mailed',
    says: { en: 'Your card is late', nb: 'Kortet ditt er forsinket', nn: 'Kortet ditt er forseinka' },
  },
  cancelled: {
    steps: [['CardCancelled', '2026-01-02T10:00:00Z', { reason: 'withdrawn' }]],
    status: 'cancelled',
    says: { en: 'No card will be sent.', nb: 'Det blir ikke sendt noe kort.', nn: 'Det blir ikkje sendt noko kort.' },
  },
};

/** Opens a card and records its history through the API, as caseworkers would. */
async function givenCardWith(server: PageServer, steps: Step[]): Promise<string> {
  const token = await server.api.tokenFor({ role: 'admin' });
  const opened = await server.api.http().post('/v1/cards').set('Authorization', `Bearer ${token}`).send(aCardBody());
  if (opened.status !== 201) throw new Error(`opening a card failed: ${opened.status} ${opened.text}`);
  for (const [type, occurredAt, data] of steps) {
    const res = await server.api
      .http()
      .post(`/v1/cards/${opened.body.id}/events`)
      .set('Authorization', `Bearer ${token}`)
      .send(eventBody(type, { occurredAt, data }));
    if (res.status !== 201) throw new Error(`recording ${type} failed: ${res.status} ${res.text}`);
  }
  return opened.body.reference as string;
}

async function lookUp(page: Page, reference: string, dufNumber = DUF): Promise<void> {
  await page.fill('#reference', reference);
  await page.fill('#duf-number', dufNumber);
  await Promise.all([page.waitForEvent('load'), page.click('form[action="/"] button[type="submit"]')]);
}

const text = (page: Page) => page.locator('main').innerText();

afterAll(() => {
  if (axeRuns.length === 0) return;
  const violations = axeRuns.reduce((n, r) => n + r.violations, 0);
  console.log(`axe (WCAG 2.1 A and AA): ${axeRuns.length} page states checked, ${violations} violations`);
});

describeInBrowser("the applicant's pages in Chromium", () => {
  const { server, browser } = useBrowserSuite({ label: 'browser', clock: new ManualClock(NOW) });
  const references: Record<string, string> = {};
  /** Cards whose address a test confirms: one each, so no test depends on another's. */
  const toConfirm: Record<'button' | 'keyboard' | 'noScript', string> = { button: '', keyboard: '', noScript: '' };

  beforeAll(async () => {
    for (const [name, card] of Object.entries(CARDS)) references[name] = await givenCardWith(server, card.steps);
    for (const name of Object.keys(toConfirm) as Array<keyof typeof toConfirm>) toConfirm[name] = await givenCardWith(server, ORDERED);
  });

  /**
   * axe runs on every status in English; in bokmål and nynorsk (the same markup, other words) on
   * the states that differ most, so lang and contrast are checked in each language too.
   */
  const AXE_IN_EVERY_LANGUAGE = new Set(['new', 'mailed', 'overdue', 'returned', 'replacement']);

  it.each(LANGUAGES)('looks up a card in each status in %s, each page accessible', async (language) => {
    const words = MESSAGES[language].applicant;
    const { context, page, outside } = await newContext(browser, server);
    await page.goto(`/?lang=${language}`);
    expect(await page.getAttribute('html', 'lang')).toBe(language);
    expect(await page.title()).toBe(`${words.lookup.title} – ${words.serviceName}`);
    await expectAccessible(page, `lookup form (${language})`);
    await screenshots(page, `lookup-${language}`);

    for (const [name, card] of Object.entries(CARDS)) {
      await page.goto('/');
      await lookUp(page, references[name]!);
      expect(new URL(page.url()).pathname).toBe('/card');
      expect(page.url()).not.toContain(DUF);
      expect(await page.getAttribute('html', 'lang')).toBe(language);
      const main = await text(page);
      expect(main).toContain(words.status.statusNames[card.status]);
      expect(main).toContain(card.says[language]);
      for (const personal of [DUF, 'Amina', 'Haddad', 'Storgata', '0155']) expect(await page.content()).not.toContain(personal);
      if (language === 'en' || AXE_IN_EVERY_LANGUAGE.has(name)) await expectAccessible(page, `status ${name} (${language})`);
      if (name === 'mailed' || name === 'overdue' || name === 'returned') await screenshots(page, `status-${name}-${language}`);
    }
    // Closing the page ends the session: the status page is gone until the next lookup.
    await Promise.all([page.waitForEvent('load'), page.click('form[action="/card/end"] button')]);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.goto('/card');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(outside.urls).toEqual([]);
    await context.close();
  });

  it.each(LANGUAGES)('says the same for an unknown reference and a wrong DUF number, with the focus on the summary (%s)', async (language) => {
    const words = MESSAGES[language].applicant.lookup;
    const { context, page } = await newContext(browser, server);
    await page.goto(`/?lang=${language}`);
    await lookUp(page, references.mailed!, '201258697562');
    expect(await page.title()).toMatch(/^(Error|Feil): /);
    expect(await page.locator('ds-error-summary').innerText()).toContain(words.errors.notFound);
    expect(await focusedTag(page)).toBe('DS-ERROR-SUMMARY');
    expect(await page.inputValue('#duf-number')).toBe('');
    await expectAccessible(page, `wrong DUF number (${language})`);
    await screenshots(page, `lookup-not-found-${language}`);
    await lookUp(page, 'CT-0000-0000-0000');
    expect(await page.locator('ds-error-summary').innerText()).toContain(words.errors.notFound);
    await lookUp(page, '', '12');
    expect(await page.locator('ds-error-summary a').allInnerTexts()).toEqual([words.errors.referenceMissing, words.errors.dufFormat]);
    await page.click('ds-error-summary a >> nth=1');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('duf-number');
    await expectAccessible(page, `missing fields (${language})`);
    await context.close();
  });

  it('records the address confirmation with the button', async () => {
    const { context, page } = await newContext(browser, server);
    await page.goto('/');
    await lookUp(page, toConfirm.button);
    await Promise.all([page.waitForEvent('load'), page.click('text=I have checked my address')]);
    expect(new URL(page.url()).hash).toBe('#address');
    expect(await page.locator('#address').innerText()).toContain('Thank you. You have confirmed that your address is correct.');
    expect(await page.locator('text=I have checked my address').count()).toBe(0);
    await expectAccessible(page, 'address confirmed');
    await context.close();
  });

  it.each(LANGUAGES)('plans a journey on the status page and before any appointment (%s)', async (language) => {
    const words = MESSAGES[language].applicant.travel;
    const { context, page } = await newContext(browser, server);
    await page.goto(`/?lang=${language}`);
    await lookUp(page, references.captured!);
    await page.fill('#departure', '2026-01-21');
    await Promise.all([page.waitForEvent('load'), page.click('#travel button[type="submit"]')]);
    const result = await page.locator('#travel-result').innerText();
    expect(result).toContain(words.result.beforeHeading);
    expect(page.url()).toContain('departure=2026-01-21');
    await expectAccessible(page, `travel planner result (${language})`);
    await screenshots(page, `status-travel-${language}`);

    await page.fill('#departure', '2026-01-14');
    await Promise.all([page.waitForEvent('load'), page.click('#travel button[type="submit"]')]);
    expect(await page.locator('#travel-result').innerText()).toContain(words.result.afterHeading);

    await page.goto(`/travel?lang=${language}`);
    await page.fill('#appointment', '2026-01-13');
    await page.fill('#departure', '2026-03-01');
    await Promise.all([page.waitForEvent('load'), page.click('#planner button[type="submit"]')]);
    expect(await page.locator('#planner-result').innerText()).toContain(words.result.beforeHeading);
    await expectAccessible(page, `planner page (${language})`);

    await page.fill('#appointment', '');
    await Promise.all([page.waitForEvent('load'), page.click('#planner button[type="submit"]')]);
    expect(await page.locator('ds-error-summary').innerText()).toContain(words.errors.appointmentMissing);
    await expectAccessible(page, `planner errors (${language})`);
    await context.close();
  });

  it('works with the keyboard alone, with a visible focus on every stop', async () => {
    const { context, page } = await newContext(browser, server);
    await page.goto('/');
    const focused = () => focusedElement(page);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'A', text: 'Skip to main content', visible: true, indicator: true });
    await page.keyboard.press('Enter');
    expect((await focused())?.id).toBe('main');
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ id: 'reference', indicator: true });
    await page.keyboard.type(toConfirm.keyboard);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ id: 'duf-number', indicator: true });
    await page.keyboard.type(DUF);
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/card');

    // Tab on to the address button; every stop on the way shows where the focus is.
    await tabTo(page, 'I have checked my address', 20);
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Space')]);
    expect(await page.locator('#address').innerText()).toContain('You have confirmed that your address is correct.');
    await context.close();
  });

  it('works with JavaScript turned off', async () => {
    const { context, page } = await newContext(browser, server, { javaScriptEnabled: false });
    await page.goto('/?lang=nn');
    await lookUp(page, references.mailed!, '201258697560');
    // Without script the error summary still takes the focus (autofocus).
    expect(await focusedTag(page)).toBe('DS-ERROR-SUMMARY');
    await lookUp(page, toConfirm.noScript);
    expect(await text(page)).toContain('Kortet ditt er bestilt og blir produsert.');
    await page.fill('#departure', '2026-02-02');
    await Promise.all([page.waitForEvent('load'), page.click('#travel button[type="submit"]')]);
    expect(await page.locator('#travel-result').innerText()).toContain(MESSAGES.nn.applicant.travel.result.beforeHeading);
    await Promise.all([page.waitForEvent('load'), page.click('#address button')]);
    expect(await page.locator('#address').innerText()).toContain('Takk. Du har stadfesta at adressa di er rett.');
    // axe needs script in the page, so it runs on these pages with JavaScript on (above): the
    // markup is the same, the server renders it.
    await context.close();
  });

  it('fits 320 px without horizontal scrolling, and 1,280 px at 200% zoom', async () => {
    for (const viewport of [{ width: 320, height: 640, deviceScaleFactor: 1 }, { width: 640, height: 450, deviceScaleFactor: 2 }]) {
      const { context, page } = await newContext(browser, server, { viewport: { width: viewport.width, height: viewport.height }, deviceScaleFactor: viewport.deviceScaleFactor });
      await page.goto('/?lang=nb');
      await expectNoHorizontalScroll(page);
      await lookUp(page, 'x', 'y');
      await expectNoHorizontalScroll(page);
      for (const name of ['overdue', 'captured', 'returned']) {
        await page.goto('/');
        await lookUp(page, references[name]!);
        await expectNoHorizontalScroll(page);
        if (name === 'overdue') await expectAccessible(page, `${name} at ${viewport.width} px`);
      }
      await page.goto('/travel?appointment=2026-01-13&departure=2026-01-20');
      await expectNoHorizontalScroll(page);
      await context.close();
    }
  });
});

describeInBrowser("the applicant's pages in Chromium, after too many tries", () => {
  const { server, browser } = useBrowserSuite({ label: 'browser-limit', clock: new ManualClock(NOW), env: { STATUS_RATE_LIMIT_PER_MINUTE: '2' } });

  it('says when to try again, in each language', async () => {
    const { context, page } = await newContext(browser, server);
    await page.goto('/');
    await lookUp(page, 'CT-0000-0000-0000');
    await lookUp(page, 'CT-0000-0000-0001');
    for (const language of LANGUAGES) {
      await page.goto(`/?lang=${language}`);
      await lookUp(page, 'CT-0000-0000-0002');
      expect(await page.locator('h1').innerText()).toBe(MESSAGES[language].applicant.tooManyTries.title);
      expect(await text(page)).toMatch(/(kl\. )?1[01]:0[01]/);
      await expectAccessible(page, `too many tries (${language})`);
      await screenshots(page, `too-many-tries-${language}`);
    }
    await context.close();
  });
});

/**
 * The focused element's tag once the browser has applied `autofocus`, which it does at a
 * rendering step after the load event (later on a busy machine). Polled with plain evaluations,
 * which also work in a context with JavaScript turned off.
 */
async function focusedTag(page: Page): Promise<string | undefined> {
  for (let tries = 0; tries < 50; tries += 1) {
    const tag = await page.evaluate(() => document.activeElement?.tagName);
    if (tag !== 'BODY') return tag;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return page.evaluate(() => document.activeElement?.tagName);
}
