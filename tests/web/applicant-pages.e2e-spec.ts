import { describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { ManualClock } from '@cardtrail/infra';
import { useTestApi } from '../support/api-app';
import { givenCard, storedRowCounts, type GivenCardOptions } from '../support/card-builders';
import { csrfTokenOf, pageAgent, submitForm, visibleText } from '../support/pages';

const NOW = new Date('2025-04-14T10:00:00Z');
const DUF = '201258697561';
/** What the page must never show: the DUF number, and the applicant's name, address and contacts. */
const PERSONAL = [DUF, '2012 5869 7561', 'Amina', 'Haddad', 'Storgata', '0155', 'amina@example.org', '1990-05-17'];

function expectPageHeaders(res: Response): void {
  expect(res.headers['content-security-policy']).toBe(
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('DENY');
}

function expectNoPersonalData(res: Response): void {
  for (const value of PERSONAL) expect(res.text).not.toContain(value);
  expect(res.headers.location ?? '').not.toMatch(/\d{12}|CT-/);
}

function cookieNamed(res: Response, name: string): string | undefined {
  const cookies = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return cookies.find((c) => c.startsWith(`${name}=`));
}

describe("the applicant's pages", () => {
  const clock = new ManualClock(NOW);

  const api = useTestApi({ label: 'pages', clock });

  const lookUp = async (agent: ReturnType<typeof pageAgent>, reference: string, dufNumber = DUF, headers: Record<string, string> = {}) =>
    submitForm(agent, '/', '/', { reference, dufNumber }, headers);

  /** A card in `status`, and an agent (a browser) that has looked it up: its session cookie is set. */
  const lookedUp = async (status: NonNullable<GivenCardOptions['status']>) => {
    const card = await givenCard(api, { status });
    const agent = pageAgent(api.server);
    await lookUp(agent, card.reference);
    return { card, agent };
  };

  describe('the look-up form', () => {
    it.each([
      [undefined, 'en', 'Look up your residence card'],
      ['nb-NO,nb;q=0.9', 'nb', 'Slå opp oppholdskortet ditt'],
      ['nn', 'nn', 'Slå opp opphaldskortet ditt'],
      ['no', 'nb', 'Slå opp oppholdskortet ditt'],
    ])('answers Accept-Language %s in %s, with the security headers', async (acceptLanguage, lang, heading) => {
      const req = api.http().get('/');
      if (acceptLanguage) req.set('Accept-Language', acceptLanguage);
      const res = await req;
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-language']).toBe(lang);
      expect(res.text).toContain(`<html lang="${lang}"`);
      expect(res.text).toContain(heading);
      expectPageHeaders(res);
      // The form posts; nothing personal ever goes in a URL.
      expect(res.text).toContain('<form method="post" action="/"');
      expect(cookieNamed(res, 'cardtrail_csrf')).toMatch(/HttpOnly; SameSite=Strict/);
    });

    it('switches language with a link, and remembers the choice in a cookie', async () => {
      const agent = pageAgent(api.server);
      const switched = await agent.get('/?lang=nn').set('Accept-Language', 'en');
      expect(switched.text).toContain('<html lang="nn"');
      expect(cookieNamed(switched, 'cardtrail_lang')).toMatch(/^cardtrail_lang=nn; .*SameSite=Lax/);
      const later = await agent.get('/').set('Accept-Language', 'en');
      expect(later.text).toContain('<html lang="nn"');
      expect(later.text).toContain('href="/?lang=en"');
      const unknown = await agent.get('/?lang=xx<script>');
      expect(unknown.status).toBe(200);
      expect(unknown.text).not.toContain('<script>');
    });

    it('tells a missing or malformed field before any lookup, keeps the reference and never the DUF number', async () => {
      const before = await storedRowCounts(api);
      const agent = pageAgent(api.server);
      const res = await lookUp(agent, 'hello', '1234');
      expect(res.status).toBe(400);
      expectPageHeaders(res);
      expect(res.text).toContain('<title>Error: Look up your residence card');
      expect(res.text).toContain('<ds-error-summary');
      expect(res.text).toContain('href="#reference">The card reference is CT- and 12 letters and digits');
      expect(res.text).toContain('href="#duf-number">The DUF number has 12 digits');
      expect(res.text).toContain('aria-describedby="reference-error reference-hint" aria-invalid="true"');
      expect(res.text).toContain('value="hello"');
      expect(res.text).not.toContain('1234');
      const empty = await lookUp(agent, '', '');
      expect(visibleText(empty.text)).toContain('Enter the card reference.');
      expect(visibleText(empty.text)).toContain('Enter your DUF number.');
      const future = await lookUp(agent, 'CT-AAAA-BBBB-CCCC', '209958697561');
      expect(visibleText(future.text)).toContain('The DUF number starts with the year of your first application');
      expect(await storedRowCounts(api)).toEqual(before);
    });

    it('gives one answer for an unknown reference and for a wrong DUF number', async () => {
      const card = await givenCard(api, { status: 'ordered' });
      const agent = pageAgent(api.server);
      const unknown = await lookUp(agent, 'CT-0000-0000-0000');
      const wrongDuf = await lookUp(agent, card.reference, '201258697562');
      for (const res of [unknown, wrongDuf]) {
        expect(res.status).toBe(404);
        expectPageHeaders(res);
        expect(res.text).toContain('We could not find a card with this reference and DUF number.');
        expect(cookieNamed(res, 'cardtrail_card')).toBeUndefined();
      }
      const withoutValue = (text: string) => visibleText(text.replace(/ value="[^"]*"/g, '').replace(/name="_csrf"[^>]*>/g, ''));
      expect(withoutValue(unknown.text)).toBe(withoutValue(wrongDuf.text));
    });
  });

  describe('after a lookup', () => {
    it('shows the status page from a signed HttpOnly cookie, with no personal data in any URL or page', async () => {
      const card = await givenCard(api, { status: 'mailed' });
      const agent = pageAgent(api.server);
      const form = await agent.get('/');
      expectNoPersonalData(form);
      // Typed as people type it: lower case, without dashes, with spaces in the DUF number.
      const posted = await lookUp(agent, card.reference.toLowerCase().replace(/-/g, ' '), '2012 5869 7561');
      expect(posted.status).toBe(303);
      expect(posted.headers.location).toBe('/card');
      expectPageHeaders(posted);
      expectNoPersonalData(posted);
      expect(cookieNamed(posted, 'cardtrail_card')).toMatch(/^cardtrail_card=[0-9a-f-]{36}\.\d+\.[\w-]{43}; Path=\/; Max-Age=1800; HttpOnly; SameSite=Strict$/);

      const page = await agent.get('/card');
      expect(page.status).toBe(200);
      expectPageHeaders(page);
      expectNoPersonalData(page);
      const text = visibleText(page.text);
      expect(text).toContain(`Reference: ${card.reference}`);
      expect(text).toContain('Your card has been sent to you by post.');
      expect(text).toContain('The card should arrive by Friday 16 May 2025 20 working days from today');
      expect(text).toContain('What happens next');
      expect(page.text).toContain('<li class="ct-step" data-state="current" aria-current="step">');
      expect(text).toMatch(/Done: Appointment booked Monday 14 April 2025 .* Now: Sent by post Monday 14 April 2025 Next: Delivered Expected by Friday 16 May 2025/);
      // A reload is the same GET; the language switch keeps the place.
      const nn = await agent.get('/card?lang=nn');
      expect(nn.text).toContain('<html lang="nn"');
      expect(visibleText(nn.text)).toContain('Kortet ditt er sendt til deg i posten. Kortet skal vere framme innan fredag 16. mai 2025.');
      expect(visibleText(nn.text)).toContain('Kortet skal kome innan fredag 16. mai 2025 20 yrkedagar frå i dag');
    });

    it('records the address confirmation through the status service, once', async () => {
      const { card, agent } = await lookedUp('ordered');
      const page = await agent.get('/card');
      expect(page.text).toContain('I have checked my address');
      const confirmed = await agent.post('/card/address-confirmation').type('form').send({ _csrf: csrfTokenOf(page.text) });
      expect(confirmed.status).toBe(303);
      expect(confirmed.headers.location).toBe('/card#address');
      const after = await agent.get('/card');
      expect(visibleText(after.text)).toContain('Thank you. You have confirmed that your address is correct.');
      expect(after.text).not.toContain('I have checked my address');
      await agent.post('/card/address-confirmation').type('form').send({ _csrf: csrfTokenOf(after.text) });
      const events = await api.db.dataSource.query(`SELECT type, actor, data FROM card_events WHERE card_id = $1 AND type = 'AddressConfirmed'`, [card.id]);
      expect(events).toEqual([{ type: 'AddressConfirmed', actor: 'applicant', data: { by: 'applicant' } }]);
    });

    it('plans a journey against the expected date, and explains a bad date', async () => {
      const { agent } = await lookedUp('ordered');
      const before = await agent.get('/card?departure=2025-05-20');
      expect(before.status).toBe(200);
      expect(visibleText(before.text)).toContain(
        'Your card should come before you travel It is expected by Friday 16 May 2025. That is 2 working days before you leave on Tuesday 20 May 2025.',
      );
      const tight = await agent.get('/card?departure=19.05.2025');
      expect(visibleText(tight.text)).toContain('Your card should come just before you travel');
      const after = await agent.get('/card?departure=2025-05-16');
      expect(visibleText(after.text)).toContain('Your card will probably not come before you travel');
      expect(visibleText(after.text)).toContain('Contact Oslo police district before you travel');
      expect(after.text).toContain('href="/card?departure=2025-05-16&amp;lang=nb"');
      const bad = await agent.get('/card?departure=2025-02-30');
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('<title>Error: Your residence card');
      expect(bad.text).toContain('href="#departure">Enter a real date');
      const past = await agent.get('/card?departure=2025-04-01');
      expect(visibleText(past.text)).toContain('The date you leave must be today or later.');
    });

    it('ends the session on request, and after 30 minutes', async () => {
      const { card, agent } = await lookedUp('produced');
      const page = await agent.get('/card');
      const ended = await agent.post('/card/end').type('form').send({ _csrf: csrfTokenOf(page.text) });
      expect(ended.status).toBe(303);
      expect(ended.headers.location).toBe('/');
      expect(cookieNamed(ended, 'cardtrail_card')).toMatch(/^cardtrail_card=; Path=\/; Max-Age=0/);
      expect((await agent.get('/card')).headers.location).toBe('/');

      await lookUp(agent, card.reference);
      clock.advance(31 * 60 * 1000);
      try {
        const expired = await agent.get('/card');
        expect(expired.status).toBe(303);
        expect(expired.headers.location).toBe('/?expired=1');
        const notice = await agent.get('/?expired=1');
        expect(visibleText(notice.text)).toContain('For your security, the page about your card closes after 30 minutes.');
      } finally {
        clock.set(NOW);
      }
    });

    it('refuses a forged session cookie', async () => {
      const card = await givenCard(api);
      const forged = `${card.id}.${Math.floor(NOW.getTime() / 1000) + 600}.${'A'.repeat(43)}`;
      const res = await api.http().get('/card').set('Cookie', `cardtrail_card=${forged}`);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/');
    });
  });

  describe('CSRF', () => {
    it('refuses a form post without a token, with a token of another browser, or from another site, and changes nothing', async () => {
      const card = await givenCard(api, { status: 'ordered' });
      const before = await storedRowCounts(api);
      const victim = pageAgent(api.server);
      await lookUp(victim, card.reference);
      const attacker = pageAgent(api.server);
      const attackersToken = csrfTokenOf((await attacker.get('/')).text);

      const answers = [
        await victim.post('/card/address-confirmation').type('form').send({}),
        await victim.post('/card/address-confirmation').type('form').send({ _csrf: attackersToken }),
        await victim
          .post('/card/address-confirmation')
          .set('Sec-Fetch-Site', 'cross-site')
          .type('form')
          .send({ _csrf: csrfTokenOf((await victim.get('/card')).text) }),
        await api.http().post('/').type('form').send({ reference: card.reference, dufNumber: DUF, _csrf: attackersToken }),
        await victim.post('/').set('Origin', 'https://evil.example').type('form').send({ reference: card.reference, dufNumber: DUF, _csrf: csrfTokenOf((await victim.get('/')).text) }),
      ];
      for (const res of answers) {
        expect(res.status).toBe(403);
        expectPageHeaders(res);
        expect(res.text).toContain('The page has expired');
        expect(cookieNamed(res, 'cardtrail_card')).toBeUndefined();
      }
      expect(await storedRowCounts(api)).toEqual(before);
    });
  });

  describe('bad requests', () => {
    it('answers a malformed form with a page, and stores nothing', async () => {
      const before = await storedRowCounts(api);
      const agent = pageAgent(api.server);
      const token = csrfTokenOf((await agent.get('/')).text);
      const bodies = [
        `reference=CT-AAAA-BBBB-CCCC&reference=CT-DDDD-EEEE-FFFF&dufNumber=${DUF}&_csrf=${token}`,
        `reference=CT-AAAA-BBBB-CCCC&dufNumber=${DUF}&admin=1&_csrf=${token}`,
        `reference=CT-AAAA%00&dufNumber=${DUF}&_csrf=${token}`,
        `reference=${'A'.repeat(500)}&dufNumber=${DUF}&_csrf=${token}`,
        `reference[a]=1&dufNumber=${DUF}&_csrf=${token}`,
      ];
      for (const body of bodies) {
        const res = await agent.post('/').type('form').send(body);
        expect(res.status).toBe(400);
        expectPageHeaders(res);
        expect(res.text).toContain('The form could not be read');
      }
      // A lone surrogate cannot be written in a form body's UTF-8; JSON can carry one.
      const surrogate = await agent.post('/').type('json').send(`{"reference":"\\ud800","dufNumber":"${DUF}","_csrf":"${token}"}`);
      expect(surrogate.status).toBe(400);
      expect(surrogate.text).toContain('The form could not be read');
      const huge = await agent.post('/').type('form').send(`reference=${'A'.repeat(20_000)}&_csrf=${token}`);
      expect(huge.status).toBe(413);
      const multipart = await agent.post('/').field('reference', 'x').field('_csrf', token);
      expect(multipart.status).toBe(415);
      expect(await storedRowCounts(api)).toEqual(before);
    });

    it('still refuses form bodies on the JSON API', async () => {
      const res = await api.http().post('/v1/status').type('form').send({ reference: 'x', dufNumber: 'y' });
      expect(res.status).toBe(415);
    });

    it('answers an unknown path under /card with 404', async () => {
      const res = await api.http().get('/card/nothing-here');
      expect(res.status).toBe(404);
    });
  });

  describe('static files', () => {
    it('serves Designsystemet, the font and our CSS from the service, cached for a year', async () => {
      const page = await api.http().get('/');
      const urls = [...page.text.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
      expect(urls).toHaveLength(4);
      for (const url of urls) {
        const res = await api.http().get(url);
        expect(res.status).toBe(200);
        expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
      const css = await api.http().get(urls.find((u) => u.includes('cardtrail'))!);
      expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
      const fonts = [...css.text.matchAll(/url\((\/assets\/[^)]+\.woff2)\)/g)].map((m) => m[1]!);
      expect(fonts).toHaveLength(2);
      const font = await api.http().get(fonts[0]!);
      expect(font.headers['content-type']).toBe('font/woff2');
      // No request ever leaves the service: no absolute URL in any stylesheet or script.
      for (const url of urls) expect((await api.http().get(url)).text).not.toMatch(/(?:url\(|import\s*\(?|from\s*)["']?https?:/);
      expect((await api.http().get('/assets/designsystemet.00000000.css')).status).toBe(404);
      expect((await api.http().get('/assets/../package.json')).status).toBe(404);
    });
  });
});

describe("the applicant's pages when lookups fail too often", () => {
  const api = useTestApi({ label: 'pages-limit', env: { STATUS_RATE_LIMIT_PER_MINUTE: '2' } });

  it('says when to try again, in the reader language, even for a correct lookup', async () => {
    const card = await givenCard(api);
    const agent = pageAgent(api.server);
    for (let i = 0; i < 2; i += 1) {
      const res = await submitForm(agent, '/', '/', { reference: 'CT-0000-0000-0000', dufNumber: DUF });
      expect(res.status).toBe(404);
    }
    const limited = await submitForm(agent, '/?lang=nb', '/', { reference: card.reference, dufNumber: DUF });
    expect(limited.status).toBe(429);
    expectPageHeaders(limited);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.text).toContain('<html lang="nb"');
    expect(visibleText(limited.text)).toMatch(/For mange forsøk .* Du kan prøve igjen kl\. \d\d:\d\d \(om omtrent 1 minutt\)\./);
    expect(cookieNamed(limited, 'cardtrail_card')).toBeUndefined();
  });
});
