import { describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'supertest';
import { ManualClock } from '@cardtrail/infra';
import { Public } from '../../apps/api/src/auth/auth.decorators';
import { ConsoleGuard, ConsoleRoles } from '../../apps/api/src/web/console/console-auth';
import { ConsoleExceptionFilter } from '../../apps/api/src/web/console/console-exception.filter';
import { ConsolePagesModule } from '../../apps/api/src/web/console/console-pages.module';
import { WebResponder } from '../../apps/api/src/web/http/web-responder';
import { html } from '../../apps/api/src/web/templates/html';
import { startTestApi, useTestApi } from '../support/api-app';
import { csrfTokenOf, pageAgent, submitForm, visibleText, type PageAgent } from '../support/pages';

const NOW = new Date('2025-04-14T10:00:00Z');

function cookieNamed(res: Response, name: string): string | undefined {
  const cookies = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return cookies.find((c) => c.startsWith(`${name}=`));
}

/** A console page for admins only, built as docs/console.md says a new page is. */
@Public()
@Controller('console/admin-probe')
@UseGuards(ConsoleGuard)
@ConsoleRoles('admin')
@UseFilters(ConsoleExceptionFilter)
class AdminProbeController {
  constructor(private readonly responder: WebResponder) {}

  @Get()
  probe(@Res() res: unknown): void {
    this.responder.page(res, { status: 200, document: html`<html lang="en"><body>admins only</body></html>`, language: 'en' });
  }
}

@Module({ imports: [ConsolePagesModule], controllers: [AdminProbeController] })
class AdminProbeModule {}

describe("the console's sign-in", () => {
  const clock = new ManualClock(NOW);

  const api = useTestApi({ label: 'console_sign_in', clock, imports: [AdminProbeModule] });

  const signIn = (agent: PageAgent, token: string) => submitForm(agent, '/console/sign-in', '/console/sign-in', { token });

  it('sends a reader without a session to the sign-in page', async () => {
    const res = await api.http().get('/console');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/console/sign-in');
    expect(res.headers['cache-control']).toBe('no-store');
    const form = await api.http().get('/console/sign-in');
    expect(form.status).toBe(200);
    expect(form.text).toContain('<form class="ct-form" method="post" action="/console/sign-in"');
    expect(form.text).toContain('type="password"');
    expect(form.headers['content-security-policy']).toContain("default-src 'none'");
    // No navigation before signing in.
    expect(form.text).not.toContain('/console/sign-out');
  });

  it('signs in with a valid token into an HttpOnly, SameSite=Strict cookie that ends with the token', async () => {
    const agent = pageAgent(api.server);
    const token = await api.tokenFor({ role: 'caseworker', district: 'vest', sub: 'kari', expiresIn: '2h' });
    const res = await signIn(agent, token);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/console');
    const cookie = cookieNamed(res, 'cardtrail_console');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Max-Age=7200/);
    expect(cookie).not.toMatch(/Secure/);
    const overview = await agent.get('/console');
    expect(overview.status).toBe(200);
    const text = visibleText(overview.text);
    expect(text).toContain('Signed in as kari, caseworker in Vest');
    expect(text).toContain('Open a card');
    // Admins' entries are not shown to a caseworker; compliance (their own district) is.
    expect(overview.text).toContain('href="/console/compliance"');
    expect(overview.text).not.toContain('href="/console/closures"');
    expect(overview.text).not.toContain('href="/admin/queues"');
    // The token is never written into a page.
    expect(overview.text).not.toContain(token);
  });

  it('marks the cookie Secure over HTTPS', async () => {
    const secureApi = await startTestApi({ label: 'console_secure', clock, env: { TRUST_PROXY: 'true' }, db: api.db });
    try {
      const form = await secureApi.http().get('/console/sign-in').set('X-Forwarded-Proto', 'https');
      // The CSRF cookie is Secure too: a client over plain HTTP must be handed it.
      const csrfCookie = cookieNamed(form, 'cardtrail_csrf')!;
      expect(csrfCookie).toMatch(/; Secure/);
      const token = await secureApi.tokenFor({ role: 'admin' });
      const res = await secureApi
        .http()
        .post('/console/sign-in')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', csrfCookie.split(';')[0]!)
        .type('form')
        .send({ token, _csrf: csrfTokenOf(form.text) });
      expect(res.status).toBe(303);
      expect(cookieNamed(res, 'cardtrail_console')).toMatch(/; Secure/);
    } finally {
      await secureApi.close();
    }
  });

  it('shows admins the admin entries, and lets them open the queue dashboard with the session', async () => {
    const agent = pageAgent(api.server);
    await signIn(agent, await api.tokenFor({ role: 'admin', sub: 'ola' }));
    const overview = await agent.get('/console');
    expect(visibleText(overview.text)).toContain('Signed in as ola, administrator');
    for (const href of ['/console/compliance', '/console/closures', '/admin/queues', '/docs']) {
      expect(overview.text).toContain(`href="${href}"`);
    }
    const dashboard = await agent.get('/admin/queues');
    expect(dashboard.status).toBe(200);

    const caseworker = pageAgent(api.server);
    await signIn(caseworker, await api.tokenFor({ role: 'caseworker', district: 'oslo' }));
    expect((await caseworker.get('/admin/queues')).status).toBe(403);
  });

  it('keeps a page for admins from a caseworker (403), as the API does', async () => {
    const caseworker = pageAgent(api.server);
    await signIn(caseworker, await api.tokenFor({ role: 'caseworker', district: 'oslo' }));
    const refused = await caseworker.get('/console/admin-probe');
    expect(refused.status).toBe(403);
    expect(visibleText(refused.text)).toContain('You do not have access to this page');
    const admin = pageAgent(api.server);
    await signIn(admin, await api.tokenFor({ role: 'admin' }));
    expect((await admin.get('/console/admin-probe')).text).toContain('admins only');
    expect((await api.http().get('/console/admin-probe')).headers.location).toBe('/console/sign-in');
  });

  it.each([
    ['', 'Paste your access token.'],
    ['not-a-token', 'This is not a valid access token for cardtrail.'],
  ])('refuses %j with the reason next to the field, and sets no session', async (token, message) => {
    const agent = pageAgent(api.server);
    const res = await signIn(agent, token);
    expect(res.status).toBe(400);
    expect(res.text).toContain('<title>Error: Sign in');
    expect(res.text).toContain('aria-invalid="true"');
    expect(visibleText(res.text)).toContain(message);
    expect(cookieNamed(res, 'cardtrail_console')).toBeUndefined();
  });

  it('refuses a token signed with another secret, and an expired one', async () => {
    const agent = pageAgent(api.server);
    const forged = (await api.tokenFor({ role: 'admin' })).replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(visibleText((await signIn(agent, forged)).text)).toContain('This is not a valid access token');
    const old = await api.tokenFor({ role: 'admin', expiresIn: '1m' });
    clock.advance(10 * 60_000);
    try {
      const res = await signIn(agent, old);
      expect(res.status).toBe(400);
      expect(visibleText(res.text)).toContain('This access token has expired.');
    } finally {
      clock.set(NOW);
    }
  });

  it('refuses a sign-in without the form token (CSRF)', async () => {
    const token = await api.tokenFor({ role: 'admin' });
    const res = await api.http().post('/console/sign-in').type('form').send({ token });
    expect(res.status).toBe(403);
    expect(cookieNamed(res, 'cardtrail_console')).toBeUndefined();
  });

  it('ends the session when the token expires, and says so', async () => {
    const agent = pageAgent(api.server);
    await signIn(agent, await api.tokenFor({ role: 'caseworker', district: 'oslo', expiresIn: '5m' }));
    expect((await agent.get('/console')).status).toBe(200);
    clock.advance(10 * 60_000);
    try {
      const res = await agent.get('/console');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/console/sign-in?expired=1');
      expect(cookieNamed(res, 'cardtrail_console')).toMatch(/Max-Age=0/);
      const page = await agent.get('/console/sign-in?expired=1');
      expect(visibleText(page.text)).toContain('Your access token has expired');
    } finally {
      clock.set(NOW);
    }
  });

  it('signs out: the cookie is cleared and the console asks to sign in again', async () => {
    const agent = pageAgent(api.server);
    await signIn(agent, await api.tokenFor({ role: 'caseworker', district: 'oslo' }));
    const res = await submitForm(agent, '/console', '/console/sign-out', {});
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/console/sign-in?signedOut=1');
    expect(cookieNamed(res, 'cardtrail_console')).toMatch(/Max-Age=0/);
    expect((await agent.get('/console')).headers.location).toBe('/console/sign-in');
  });

  it('is in the reader’s language, with nynorsk', async () => {
    const res = await api.http().get('/console/sign-in?lang=nn');
    expect(res.text).toContain('<html lang="nn"');
    expect(visibleText(res.text)).toContain('Lim inn tilgangsnøkkelen du fekk');
  });
});
