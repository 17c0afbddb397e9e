import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { ManualClock } from '@cardtrail/infra';
import { signWebhookBody } from '../../apps/worker/src/notifications/webhook-signature';
import { useTestWorker } from '../support/test-worker';
import { givenCard, record } from '../support/worker-builders';
import { TEST_WEBHOOK_SECRET, waitFor } from '../support/worker-harness';

/*
 * `npm run receiver` (scripts/webhook-receiver.mjs), the receiver compose runs to show the
 * notifications as they arrive, against a real worker delivering to it.
 */
describe('the webhook receiver', () => {
  let receiver: ChildProcess;
  let output = '';
  let url: string;
  // A working Monday, 11:00 in Oslo: the address check goes out at once.
  const clock = new ManualClock(new Date('2025-04-14T09:00:00Z'));

  beforeAll(async () => {
    receiver = spawn(process.execPath, [resolve('scripts/webhook-receiver.mjs')], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', RECEIVER_PORT: '0', NOTIFY_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    receiver.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    receiver.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    url = await waitFor(() => /on (http:\/\/127\.0\.0\.1:\d+\/notifications)/.exec(output)?.[1], { what: 'the receiver to listen' });
  });
  const { db, worker } = useTestWorker({ label: 'receiver', clock, webhook: () => url });
  afterAll(async () => {
    if (receiver && receiver.exitCode === null) {
      const exited = new Promise((r) => receiver.once('exit', r));
      receiver.kill('SIGTERM');
      await exited;
    }
  });

  it("shows the worker's notifications as they arrive, signature checked, without contact details", async () => {
    const card = await givenCard(worker.cards, { applicant: { fullName: 'Amina Haddad', dateOfBirth: '1990-05-01', nationality: 'SY', email: 'amina@example.org', preferredLanguage: 'en' } });
    await record(worker.cards, worker.domain, card.id, [{ type: 'CardOrdered', occurredAt: clock.now(), data: { biometricsReused: true } }], clock.now());

    const shown = await waitFor(() => output.includes(`address_check  card ${card.reference}`) && output, { what: 'the address check at the receiver' });
    expect(shown).toContain(`address_check  card ${card.reference}  to the applicant (en)  [signed]`);
    expect(shown).toContain('Folkeregisteret');
    expect(shown).not.toContain('amina@example.org');
    expect(shown).not.toContain('Amina Haddad');
    // Marked sent once the receiver's 2xx is committed.
    await waitFor(async () => {
      const [row] = await db.dataSource.query(`SELECT status FROM notifications WHERE card_id = $1 AND kind = 'address_check'`, [card.id]);
      return row?.status === 'sent';
    }, { what: 'the address check marked sent' });
  });

  it('refuses a body whose signature does not match, and answers a repeated key without showing it again', async () => {
    const body = JSON.stringify({ key: 'k-1', kind: 'card_mailed', card: { id: 'x', reference: 'CT-TEST' }, recipient: { type: 'applicant', language: 'nb' }, message: { subject: 's', text: 't', language: 'nb' } });
    const bad = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Cardtrail-Signature': 'sha256=00' }, body });
    expect(bad.status).toBe(401);

    const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': 'k-1', 'X-Cardtrail-Signature': signWebhookBody(TEST_WEBHOOK_SECRET, body) };
    expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(204);
    expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(200);
    await waitFor(() => output.includes('REPEAT of a key already received'), { what: 'the repeat to be marked' });
  });
});
