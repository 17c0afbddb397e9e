import { describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { InvalidTokenError, mintAccessToken, verifyAccessToken, type JwtSettings } from './jwt';

const settings: JwtSettings = { secret: 'unit-test-secret-0123456789abcdefghij', issuer: 'cardtrail', audience: 'cardtrail-api' };
const now = new Date('2025-04-14T08:00:00Z');
const key = new TextEncoder().encode(settings.secret);

/** A token signed by hand with the test secret, valid for a minute from `now`: `alg` HS256 and a subject unless said otherwise. */
function handSigned(claims: Record<string, unknown>, { alg = 'HS256', sub = 'ola' }: { alg?: string; sub?: string | null } = {}): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setExpirationTime(Math.floor(now.getTime() / 1000) + 60);
  return (sub === null ? jwt : jwt.setSubject(sub)).sign(key);
}

describe('access tokens', () => {
  it('round-trips a caseworker with their district, valid for 8 hours by default', async () => {
    const token = await mintAccessToken({ sub: 'kari', role: 'caseworker', district: 'oslo' }, settings, { now });
    await expect(verifyAccessToken(token, settings, now)).resolves.toEqual({ sub: 'kari', role: 'caseworker', district: 'oslo' });
    const in7h59 = new Date(now.getTime() + (8 * 3600 - 60) * 1000);
    await expect(verifyAccessToken(token, settings, in7h59)).resolves.toMatchObject({ sub: 'kari' });
    const in8h1 = new Date(now.getTime() + (8 * 3600 + 60) * 1000);
    await expect(verifyAccessToken(token, settings, in8h1)).rejects.toThrow('The token has expired.');
  });

  it('drops a district from an admin token: an admin is not scoped to one', async () => {
    const token = await handSigned({ role: 'admin', district: 'oslo' });
    await expect(verifyAccessToken(token, settings, now)).resolves.toEqual({ sub: 'ola', role: 'admin' });
  });

  it('accepts HS256 only, even when another HMAC algorithm is signed with the same secret', async () => {
    const token = await handSigned({ role: 'admin' }, { alg: 'HS512' });
    await expect(verifyAccessToken(token, settings, now)).rejects.toThrow(new InvalidTokenError('The token must be signed with HS256.'));
  });

  it('requires a subject', async () => {
    const token = await handSigned({ role: 'admin' }, { sub: null });
    await expect(verifyAccessToken(token, settings, now)).rejects.toThrow('"sub" claim');
  });

  it('still expires a token it has verified before (verified tokens are remembered)', async () => {
    // exp 10 s from now: shorter than the 60 s a verified token is remembered for.
    const token = await mintAccessToken({ sub: 'kari', role: 'caseworker', district: 'oslo' }, settings, { now, expiresIn: '10s' });
    await expect(verifyAccessToken(token, settings, now)).resolves.toMatchObject({ sub: 'kari' });
    await expect(verifyAccessToken(token, settings, new Date(now.getTime() + 5_000))).resolves.toMatchObject({ sub: 'kari' });
    // Past exp and the 30 s clock tolerance, still inside a minute of the first verification.
    await expect(verifyAccessToken(token, settings, new Date(now.getTime() + 45_000))).rejects.toThrow('The token has expired.');
  });

  it('does not carry a verified token over to other settings', async () => {
    const token = await mintAccessToken({ sub: 'ola', role: 'admin' }, settings, { now });
    await expect(verifyAccessToken(token, settings, now)).resolves.toEqual({ sub: 'ola', role: 'admin' });
    const rotated: JwtSettings = { ...settings, secret: 'another-unit-test-secret-0123456789ab' };
    await expect(verifyAccessToken(token, rotated, now)).rejects.toThrow('The token signature is invalid.');
    const otherAudience: JwtSettings = { ...settings, audience: 'another-api' };
    await expect(verifyAccessToken(token, otherAudience, now)).rejects.toThrow('"aud" claim');
  });

  it('refuses a lifetime it cannot read', async () => {
    await expect(mintAccessToken({ sub: 'x', role: 'admin' }, settings, { expiresIn: 'forever' })).rejects.toThrow(RangeError);
  });
});
