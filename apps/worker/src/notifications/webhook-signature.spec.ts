import { describe, expect, it } from '@jest/globals';
import { retryDelayMs, RETRY_MAX_DELAY_MS } from './send-notification';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

describe('webhook signature', () => {
  const secret = 'a-secret-of-sixteen+';
  const body = '{"key":"k","kind":"address_check"}';

  it('is sha256= and the hex HMAC-SHA256 of the raw body', () => {
    // echo -n '{"key":"k","kind":"address_check"}' | openssl dgst -sha256 -hmac 'a-secret-of-sixteen+'
    expect(signWebhookBody(secret, body)).toBe(
      'sha256=e5e13184c13c0f926509bf425db0327583c0684f73d4c46fddd6ce47bf7a9230',
    );
    expect(signWebhookBody(secret, body)).toBe(signWebhookBody(secret, Buffer.from(body)));
  });

  it('verifies the exact bytes only, under the same secret', () => {
    const signature = signWebhookBody(secret, body);
    expect(verifyWebhookSignature(secret, body, signature)).toBe(true);
    expect(verifyWebhookSignature(secret, `${body} `, signature)).toBe(false);
    expect(verifyWebhookSignature('another-secret-16+', body, signature)).toBe(false);
    expect(verifyWebhookSignature(secret, body, undefined)).toBe(false);
    expect(verifyWebhookSignature(secret, body, 'sha256=short')).toBe(false);
  });
});

describe('retry delay', () => {
  it('doubles from one second and stops at an hour', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(40)).toBe(RETRY_MAX_DELAY_MS);
  });
});
