import { beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@cardtrail/infra';
import { useTestApi } from '../support/api-app';
import { eventBody, givenCard } from '../support/card-builders';
import { csrfTokenOf, pageAgent, submitForm, visibleText, type PageAgent } from '../support/pages';

// Tuesday 6 January 2026, 10:00 in Oslo.
const NOW = new Date('2026-01-06T09:00:00Z');

/** The HTML of one section of the overview (`<section id="overdue">…</section>`). */
function section(html: string, id: string): string {
  const start = html.indexOf(`<section class="ct-section" id="${id}"`);
  if (start < 0) throw new Error(`no section ${id}`);
  return html.slice(start, html.indexOf('</section>', start));
}

describe("the caseworkers' console pages", () => {
  const clock = new ManualClock(NOW);
  let vestToken: string;
  const cards: Record<string, { id: string; reference: string; version: number }> = {};

  const api = useTestApi({ label: 'console_pages', clock });
  beforeAll(async () => {
    vestToken = await api.tokenFor({ role: 'caseworker', district: 'vest', sub: 'kari' });
    const vest = { district: 'vest' as const };
    cards.veryLate = await givenCard(api, { ...vest, status: 'mailed', at: { AppointmentBooked: '2025-10-01T09:00:00Z', BiometricsCaptured: '2025-11-03T09:00:00Z', CardOrdered: '2025-11-04T09:00:00Z', CardProduced: '2025-11-05T09:00:00Z', CardMailed: '2025-11-06T09:00:00Z' } });
    cards.late = await givenCard(api, { ...vest, status: 'ordered', at: { AppointmentBooked: '2025-10-01T09:00:00Z', BiometricsCaptured: '2025-11-24T09:00:00Z', CardOrdered: '2025-11-25T09:00:00Z' } });
    cards.dueSoon = await givenCard(api, { ...vest, status: 'ordered', at: { AppointmentBooked: '2025-10-01T09:00:00Z', BiometricsCaptured: '2025-12-05T09:00:00Z', CardOrdered: '2025-12-08T09:00:00Z' } });
    cards.notSoon = await givenCard(api, { ...vest, status: 'biometrics_captured', at: { AppointmentBooked: '2025-10-01T09:00:00Z', BiometricsCaptured: '2026-01-05T09:00:00Z' } });
    cards.returned = await givenCard(api, { ...vest, status: 'returned', at: { AppointmentBooked: '2025-10-01T09:00:00Z', BiometricsCaptured: '2025-12-15T09:00:00Z', CardOrdered: '2025-12-16T09:00:00Z', CardProduced: '2025-12-17T09:00:00Z', CardMailed: '2025-12-18T09:00:00Z', CardReturned: '2026-01-02T09:00:00Z' } });
    cards.lost = await givenCard(api, { ...vest, status: 'lost_in_mail', at: { AppointmentBooked: '2025-10-01T09:00:00Z', BiometricsCaptured: '2025-12-15T09:00:00Z', CardOrdered: '2025-12-16T09:00:00Z', CardProduced: '2025-12-17T09:00:00Z', CardMailed: '2025-12-18T09:00:00Z', CardLostInMail: '2026-01-05T09:00:00Z' } });
    cards.appointment = await givenCard(api, vest);
    const admin = await api.tokenFor({ role: 'admin' });
    await api.http().post(`/v1/cards/${cards.appointment.id}/events`).set('Authorization', `Bearer ${admin}`)
      .send(eventBody('AppointmentBooked', { occurredAt: '2026-01-05T09:00:00Z', data: { appointmentAt: '2026-01-07T08:30:00Z', station: 'Bergen sentrum' } }));
    cards.later = await givenCard(api, vest);
    await api.http().post(`/v1/cards/${cards.later.id}/events`).set('Authorization', `Bearer ${admin}`)
      .send(eventBody('AppointmentBooked', { occurredAt: '2026-01-05T09:00:00Z', data: { appointmentAt: '2026-01-09T08:30:00Z' } }));
    cards.oslo = await givenCard(api, { district: 'oslo', status: 'mailed', at: { AppointmentBooked: '2025-10-01T09:00:00Z', BiometricsCaptured: '2025-11-03T09:00:00Z', CardOrdered: '2025-11-04T09:00:00Z', CardProduced: '2025-11-05T09:00:00Z', CardMailed: '2025-11-06T09:00:00Z' } });
  });

  async function signedIn(token = vestToken): Promise<PageAgent> {
    const agent = pageAgent(api.server);
    const res = await submitForm(agent, '/console/sign-in', '/console/sign-in', { token });
    expect(res.status).toBe(303);
    return agent;
  }

  it("shows a caseworker their district's lists: overdue worst first with working days late, due soon, returned, lost, appointments", async () => {
    const agent = await signedIn();
    const res = await agent.get('/console');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const overdue = section(res.text, 'overdue');
    expect(overdue).toContain('Overdue (2)');
    expect(overdue.indexOf(cards.veryLate!.reference)).toBeGreaterThan(0);
    expect(overdue.indexOf(cards.veryLate!.reference)).toBeLessThan(overdue.indexOf(cards.late!.reference));
    expect(visibleText(overdue)).toMatch(/\d+ working days late/);
    const dueSoon = section(res.text, 'dueSoon');
    expect(dueSoon).toContain(cards.dueSoon!.reference);
    expect(dueSoon).not.toContain(cards.notSoon!.reference);
    expect(visibleText(dueSoon)).toMatch(/\d working days? left|Due today/);
    expect(section(res.text, 'returned')).toContain(cards.returned!.reference);
    expect(section(res.text, 'lostInMail')).toContain(cards.lost!.reference);
    const appointments = section(res.text, 'appointments');
    expect(appointments).toContain(cards.appointment!.reference);
    expect(appointments).toContain('2026-01-07 09:30');
    expect(appointments).not.toContain(cards.later!.reference);
    // Another district's cards are not on a caseworker's overview, and they cannot ask for them.
    expect(res.text).not.toContain(cards.oslo!.reference);
    expect((await agent.get('/console?district=oslo')).status).toBe(403);
  });

  it('speaks bokmål and nynorsk too, and keeps the district when switching language', async () => {
    const agent = await signedIn();
    const nn = await agent.get('/console?lang=nn');
    expect(nn.text).toContain('<html lang="nn"');
    expect(visibleText(section(nn.text, 'overdue'))).toMatch(/Forseinka \(2\).*yrkedagar forseinka/);
    const nb = await agent.get(`/console/cards/${cards.veryLate!.id}?lang=nb`);
    expect(visibleText(nb.text)).toMatch(/virkedager forsinket/);
    expect(visibleText(nb.text)).toContain('Registrer neste hendelse');
    const admin = await signedIn(await api.tokenFor({ role: 'admin' }));
    const oslo = await admin.get('/console?district=oslo');
    expect(oslo.text).toContain('href="/console?district=oslo&amp;lang=nn"');
  });

  it('lets an admin choose a district or see all', async () => {
    const agent = await signedIn(await api.tokenFor({ role: 'admin' }));
    const all = await agent.get('/console');
    expect(section(all.text, 'overdue')).toContain(cards.oslo!.reference);
    expect(section(all.text, 'overdue')).toContain(cards.veryLate!.reference);
    const oslo = await agent.get('/console?district=oslo');
    expect(section(oslo.text, 'overdue')).toContain(cards.oslo!.reference);
    expect(section(oslo.text, 'overdue')).not.toContain(cards.veryLate!.reference);
    expect((await agent.get('/console?district=atlantis')).status).toBe(400);
  });

  it("refuses a caseworker another district's card (403) and says so", async () => {
    const agent = await signedIn();
    const res = await agent.get(`/console/cards/${cards.oslo!.id}`);
    expect(res.status).toBe(403);
    expect(visibleText(res.text)).toContain('You do not have access to this page');
    expect(res.text).not.toContain(cards.oslo!.reference);
    expect((await agent.get('/console/cards/not-a-uuid')).status).toBe(404);
  });

  it('finds a card by reference (to its page) or DUF number (a list), by POST only, within the district', async () => {
    const agent = await signedIn();
    const byReference = await submitForm(agent, '/console', '/console/search', { q: cards.late!.reference.toLowerCase() });
    expect(byReference.status).toBe(303);
    expect(byReference.headers.location).toBe(`/console/cards/${cards.late!.id}`);
    const byDuf = await submitForm(agent, '/console', '/console/search', { q: '2012 5869 7561' });
    expect(byDuf.status).toBe(200);
    expect(visibleText(byDuf.text)).toMatch(/\d+ cards have this DUF number/);
    expect(byDuf.text).toContain(cards.returned!.reference);
    expect(byDuf.text).not.toContain(cards.oslo!.reference);
    const elsewhere = await submitForm(agent, '/console', '/console/search', { q: cards.oslo!.reference });
    expect(elsewhere.status).toBe(404);
    expect(visibleText(elsewhere.text)).toContain('No card in Vest police district has this reference or DUF number.');
    const nonsense = await submitForm(agent, '/console', '/console/search', { q: 'hello' });
    expect(nonsense.status).toBe(400);
    expect(nonsense.text).toContain('aria-invalid="true"');
  });

  it("shows a card's status, deadline, applicant, address, timeline and notifications", async () => {
    const agent = await signedIn();
    const res = await agent.get(`/console/cards/${cards.veryLate!.id}`);
    expect(res.status).toBe(200);
    const text = visibleText(res.text);
    expect(text).toContain(`Card ${cards.veryLate!.reference}`);
    expect(text).toContain('Mailed');
    expect(text).toMatch(/Due date .*2025/);
    expect(text).toMatch(/\d+ working days late/);
    expect(text).toContain('Amina Haddad');
    expect(text).toContain('2012 5869 7561');
    expect(text).toContain('Storgata 1');
    expect(text).toContain('Not confirmed');
    expect(text).toContain('Photo and fingerprints taken 2025-11-03 10:00');
    // What can be recorded next comes from the library's allowed-events rule.
    for (const type of ['CardDelivered', 'CardReturned', 'CardLostInMail', 'CardCancelled']) {
      expect(res.text).toContain(`href="/console/cards/${cards.veryLate!.id}/events/${type}"`);
    }
    expect(res.text).not.toContain(`/events/CardMailed"`);
  });

  it("lists the card's notifications in words, with status, attempts and reason", async () => {
    const agent = await signedIn();
    const card = cards.returned!;
    // As the worker records them (its own tests cover how): one sent, one skipped, one failed.
    await api.db.dataSource.query(
      `INSERT INTO notifications (key, card_id, kind, audience, issue_number, trigger_seq, due_at, status, attempts, reason, last_error, sent_at)
       VALUES ($1 || ':a', $1::uuid, 'card_mailed', 'applicant', 1, 5, '2025-12-18T09:05:00Z', 'sent', 1, NULL, NULL, '2025-12-18T09:05:02Z'),
              ($1 || ':b', $1::uuid, 'address_check_final', 'applicant', 1, 5, '2025-12-29T07:00:00Z', 'skipped', 0, 'address_confirmed', NULL, NULL),
              ($1 || ':c', $1::uuid, 'card_returned', 'applicant', 1, 6, '2026-01-02T09:05:00Z', 'failed', 5, 'attempts_exhausted', 'HTTP 503', NULL),
              ($1 || ':d', $1::uuid, 'appointment_reminder', 'applicant', 1, 6, '2026-01-06T08:59:00Z', 'sending', 1, NULL, NULL, NULL),
              ($1 || ':e', $1::uuid, 'address_check', 'applicant', 1, 5, '2025-12-19T07:00:00Z', 'logged', 1, NULL, NULL, '2025-12-19T07:00:01Z')`,
      [card.id],
    );
    const res = await agent.get(`/console/cards/${card.id}`);
    const text = visibleText(res.text.slice(res.text.indexOf('id="notifications"')));
    expect(text).toContain('Card sent Applicant 2025-12-18 10:05 Sent 1');
    expect(text).toContain('Check your address (last reminder) Applicant 2025-12-29 08:00 Not sent 0 address_confirmed');
    expect(text).toContain('Card returned to the police Applicant 2026-01-02 10:05 Failed 5 attempts_exhausted: HTTP 503');
    expect(text).toContain('Appointment reminder Applicant 2026-01-06 09:59 Sending 1');
    expect(text).toContain('Check your address Applicant 2025-12-19 08:00 Written to the log only (no webhook) 1');
  });

  it('records an event through the form, with the version as If-Match; a stale form says what changed', async () => {
    const agent = await signedIn();
    const card = await givenCard(api, { district: 'vest', status: 'produced', at: { AppointmentBooked: '2025-10-01T09:00:00Z', BiometricsCaptured: '2025-12-22T09:00:00Z', CardOrdered: '2025-12-23T09:00:00Z', CardProduced: '2026-01-05T09:00:00Z' } });
    const formPath = `/console/cards/${card.id}/events/CardMailed`;
    const form = await agent.get(formPath);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`name="version" value="${card.version}"`);
    expect(form.text).toContain('value="2026-01-06 10:00"');
    const mailed = await agent.post(formPath).type('form').send({ _csrf: csrfTokenOf(form.text), version: String(card.version), occurredAt: '2026-01-06T09:30', trackingNumber: 'RR1NO' });
    expect(mailed.status).toBe(303);
    expect(mailed.headers.location).toBe(`/console/cards/${card.id}?recorded=CardMailed#timeline`);
    const page = visibleText((await agent.get(`/console/cards/${card.id}?recorded=CardMailed`)).text);
    expect(page).toContain('Recorded: Card mailed.');
    expect(page).toContain('Card mailed 2026-01-06 09:30');
    expect(page).toContain('kari');

    // The form for CardDelivered is opened at the version after the mailing…
    const deliveredForm = await agent.get(`/console/cards/${card.id}/events/CardDelivered`);
    const seen = /name="version" value="(\d+)"/.exec(deliveredForm.text)![1]!;
    // …then someone else records that the card came back.
    const admin = await api.tokenFor({ role: 'admin', sub: 'ola' });
    const other = await api.http().post(`/v1/cards/${card.id}/events`).set('Authorization', `Bearer ${admin}`).send(eventBody('CardReturned', { occurredAt: '2026-01-06T08:45:00Z' }));
    expect(other.status).toBe(201);
    const stale = await agent.post(`/console/cards/${card.id}/events/CardDelivered`).type('form').send({ _csrf: csrfTokenOf(deliveredForm.text), version: seen, occurredAt: '2026-01-06T09:50' });
    expect(stale.status).toBe(409);
    const staleText = visibleText(stale.text);
    expect(staleText).toContain('Someone else recorded an event on this card');
    expect(staleText).toContain('Card returned to the police – 2026-01-06 09:45 – ola');
    expect(staleText).toContain('“Card delivered” cannot be recorded while the card is “Returned to the police”.');
    expect(stale.text).not.toContain('name="version"');
    const after = await api.http().get(`/v1/cards/${card.id}`).set('Authorization', `Bearer ${admin}`);
    expect(after.body.status).toBe('returned');
  });

  it('records a form sent twice once, and says the card changed', async () => {
    const agent = await signedIn();
    const card = await givenCard(api, { district: 'vest', status: 'mailed', at: { AppointmentBooked: '2025-10-01T09:00:00Z', BiometricsCaptured: '2025-12-22T09:00:00Z', CardOrdered: '2025-12-23T09:00:00Z', CardProduced: '2026-01-05T09:00:00Z', CardMailed: '2026-01-05T12:00:00Z' } });
    const path = `/console/cards/${card.id}/events/AddressConfirmed`;
    const form = await agent.get(path);
    const fields = { _csrf: csrfTokenOf(form.text), version: String(card.version), occurredAt: '2026-01-06T09:00' };
    expect((await agent.post(path).type('form').send(fields)).status).toBe(303);
    const again = await agent.post(path).type('form').send(fields);
    expect(again.status).toBe(409);
    expect(visibleText(again.text)).toContain('This card changed since you opened this form');
    expect(visibleText(again.text)).toContain('Address confirmed – 2026-01-06 09:00 – kari');
    const admin = await api.tokenFor({ role: 'admin' });
    const after = await api.http().get(`/v1/cards/${card.id}`).set('Authorization', `Bearer ${admin}`);
    expect(after.body.version).toBe(card.version + 1);
    expect(visibleText((await agent.get(`/console/cards/${card.id}`)).text)).toContain('Confirmed 2026-01-06 09:00');
  });

  it("says an address confirmed before the card was ordered is not confirmed for this card (the library's rule)", async () => {
    const agent = await signedIn();
    const card = await givenCard(api, { district: 'vest' });
    const admin = await api.tokenFor({ role: 'admin' });
    for (const [type, occurredAt] of [['AddressConfirmed', '2026-01-06T08:00:00Z'], ['AppointmentBooked', '2026-01-06T08:10:00Z'], ['BiometricsCaptured', '2026-01-06T08:20:00Z'], ['CardOrdered', '2026-01-06T08:30:00Z']] as const) {
      const res = await api.http().post(`/v1/cards/${card.id}/events`).set('Authorization', `Bearer ${admin}`).send(eventBody(type, { occurredAt }));
      expect(res.status).toBe(201);
    }
    const page = visibleText((await agent.get(`/console/cards/${card.id}`)).text);
    expect(page).toContain('Not confirmed for this card (last confirmed 2026-01-06 09:00, before it was ordered)');
  });

  it('puts a domain refusal next to its field (a minor without a guardian)', async () => {
    const agent = await signedIn();
    const card = await givenCard(api, { district: 'vest', status: 'appointment_booked', body: { applicant: { dateOfBirth: '2012-03-01' } } });
    const path = `/console/cards/${card.id}/events/BiometricsCaptured`;
    const res = await submitForm(agent, path, path, { version: String(card.version), occurredAt: '2026-01-06T10:00', station: 'Bergen', fingerprints: 'yes' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="guardianPresent-error"');
    expect(visibleText(res.text)).toContain('The applicant is under 18: a parent or guardian must be present.');
  });

  it("lets an address line be as long as the API takes it (the library's parser), in both forms", async () => {
    const agent = await signedIn();
    const inputTag = (html: string, name: string) => new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? '';
    const openForm = (await agent.get('/console/cards/new')).text;
    const card = await givenCard(api, { district: 'vest', status: 'ordered', at: { AppointmentBooked: '2025-10-01T09:00:00Z', BiometricsCaptured: '2025-12-22T09:00:00Z', CardOrdered: '2025-12-23T09:00:00Z' } });
    const path = `/console/cards/${card.id}/events/AddressChanged`;
    const changeForm = (await agent.get(path)).text;
    for (const html of [openForm, changeForm]) {
      expect(inputTag(html, 'line1')).toContain('maxlength="200"');
      expect(inputTag(html, 'line2')).toContain('maxlength="200"');
    }
    const line1 = `Kirkeveien 2, ${'c/o Haddad '.repeat(12)}`.trim();
    expect(line1.length).toBeGreaterThan(100);
    const res = await submitForm(agent, path, path, { version: String(card.version), occurredAt: '2026-01-06T10:00', line1, line2: '', postalCode: '0368', city: 'Oslo' });
    expect(res.status).toBe(303);
    const admin = await api.tokenFor({ role: 'admin' });
    expect((await api.http().get(`/v1/cards/${card.id}`).set('Authorization', `Bearer ${admin}`)).body.address.line1).toBe(line1);
  });

  it('opens a card, with field errors next to their fields', async () => {
    const agent = await signedIn();
    const fields = {
      dufNumber: '2012 5869 7561', policeDistrict: 'vest', reason: 'first', fullName: 'Lars Berg', dateOfBirth: '17.05.1990',
      nationality: 'se', email: '', phone: '', preferredLanguage: 'nb', line1: 'Bryggen 1', line2: '', postalCode: '5003', city: 'Bergen',
    };
    const eu = await submitForm(agent, '/console/cards/new', '/console/cards/new', fields);
    expect(eu.status).toBe(422);
    expect(eu.text).toContain('id="nationality-error"');
    expect(visibleText(eu.text)).toContain('Citizens of EU/EEA countries and Switzerland get a registration certificate');
    const badDuf = await submitForm(agent, '/console/cards/new', '/console/cards/new', { ...fields, nationality: 'MA', dufNumber: '12345' });
    expect(badDuf.status).toBe(400);
    expect(badDuf.text).toContain('id="dufNumber-error"');
    expect(badDuf.text).toContain('value="Lars Berg"');
    const otherDistrict = await submitForm(agent, '/console/cards/new', '/console/cards/new', { ...fields, nationality: 'MA', policeDistrict: 'oslo' });
    expect(otherDistrict.status).toBe(403);
    const opened = await submitForm(agent, '/console/cards/new', '/console/cards/new', { ...fields, nationality: 'MA' });
    expect(opened.status).toBe(303);
    expect(opened.headers.location).toMatch(/^\/console\/cards\/[0-9a-f-]{36}\?opened=1$/);
    const page = visibleText((await agent.get(opened.headers.location!)).text);
    expect(page).toContain('The card is opened. It waits for an appointment.');
    expect(page).toContain('Lars Berg');
    expect(page).toContain('Thursday 17 May 1990');
  });
});
