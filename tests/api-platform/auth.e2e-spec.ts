import { describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { SignJWT } from 'jose';
import { ManualClock } from '../../libs/infra/src';
import { CurrentUser, Roles } from '../../apps/api/src/auth/auth.decorators';
import { assertDistrictAccess } from '../../apps/api/src/auth/district-access';
import type { AuthUser } from '../../apps/api/src/auth/jwt';
import { TEST_JWT_SECRET, useTestApi } from '../support/api-app';

/** Test-only routes with each kind of protection. */
@Controller('probe')
class ProbeController {
  @Get('any')
  any(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }

  @Get('admin')
  @Roles('admin')
  admin(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }

  @Get('districts/:district')
  @Roles('caseworker', 'admin')
  district(@CurrentUser() user: AuthUser, @Param('district') district: string): { ok: true } {
    assertDistrictAccess(user, district);
    return { ok: true };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

const secret = new TextEncoder().encode(TEST_JWT_SECRET);

function unsigned(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
}

describe('bearer authentication and roles', () => {
  const clock = new ManualClock(new Date('2025-04-14T08:00:00Z'));
  const api = useTestApi({ label: 'auth', clock, imports: [ProbeModule] });

  const claimsFor = (overrides: Record<string, unknown> = {}) => ({
    sub: 'kari',
    role: 'caseworker',
    district: 'oslo',
    iss: api.config.JWT_ISSUER,
    aud: api.config.JWT_AUDIENCE,
    exp: Math.floor(clock.now().getTime() / 1000) + 3600,
    ...overrides,
  });
  const sign = (claims: Record<string, unknown>, key: Uint8Array = secret) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key);

  async function expect401(authorization: string | undefined, detail: RegExp): Promise<void> {
    const req = api.http().get('/v1/probe/any');
    if (authorization !== undefined) req.set('Authorization', authorization);
    const res = await req.expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="cardtrail"/);
    expect(res.body).toMatchObject({ type: 'https://cardtrail.example/problems/unauthorized', status: 401, detail: expect.stringMatching(detail) });
  }

  it('lets a valid token through and gives the handler the caller', async () => {
    const token = await api.tokenFor({ role: 'caseworker', district: 'vest', sub: 'ola' });
    const res = await api.http().get('/v1/probe/any').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toEqual({ sub: 'ola', role: 'caseworker', district: 'vest' });
  });

  it('refuses a request without a token', () => expect401(undefined, /needs a bearer token/));
  it('refuses another scheme', () => expect401('Basic a2FyaTpwYXNz', /needs a bearer token/));
  it('refuses garbage', () => expect401('Bearer not.a.jwt', /malformed/));

  it('refuses a token signed with another secret', async () => {
    const token = await sign(claimsFor(), new TextEncoder().encode('another-secret-that-is-32-bytes-long!!'));
    await expect401(`Bearer ${token}`, /signature is invalid/);
  });

  it('refuses an unsigned token (alg: none)', () => expect401(`Bearer ${unsigned(claimsFor())}`, /HS256|malformed/));

  it('refuses a token expired by the app clock', async () => {
    const token = await sign(claimsFor({ exp: Math.floor(clock.now().getTime() / 1000) - 120 }));
    await expect401(`Bearer ${token}`, /expired/);
  });

  it('refuses a token without exp', async () => {
    const { exp: _exp, ...claims } = claimsFor();
    await expect401(`Bearer ${await sign(claims)}`, /"exp" claim/);
  });

  it('refuses a token for another issuer or audience', async () => {
    await expect401(`Bearer ${await sign(claimsFor({ iss: 'someone-else' }))}`, /"iss" claim/);
    await expect401(`Bearer ${await sign(claimsFor({ aud: 'another-api' }))}`, /"aud" claim/);
  });

  it('refuses unknown roles and caseworkers without a valid district', async () => {
    await expect401(`Bearer ${await sign(claimsFor({ role: 'applicant' }))}`, /role/);
    await expect401(`Bearer ${await sign(claimsFor({ district: undefined }))}`, /district/);
    await expect401(`Bearer ${await sign(claimsFor({ district: 'stockholm' }))}`, /district/);
  });

  it('measures expiry with the app clock, so moving the clock expires a token', async () => {
    const token = await api.tokenFor({ role: 'admin', expiresIn: '1h' });
    await api.http().get('/v1/probe/any').set('Authorization', `Bearer ${token}`).expect(200);
    clock.advance(2 * 3600 * 1000);
    try {
      await expect401(`Bearer ${token}`, /expired/);
    } finally {
      clock.advance(-2 * 3600 * 1000);
    }
  });

  it('answers 403 when the role is not allowed', async () => {
    const token = await api.tokenFor({ role: 'caseworker', district: 'oslo' });
    const res = await api.http().get('/v1/probe/admin').set('Authorization', `Bearer ${token}`).expect(403);
    expect(res.body).toMatchObject({ type: 'https://cardtrail.example/problems/forbidden', status: 403 });
    const admin = await api.tokenFor({ role: 'admin' });
    await api.http().get('/v1/probe/admin').set('Authorization', `Bearer ${admin}`).expect(200);
  });

  it('keeps a caseworker to their own district; an admin sees all', async () => {
    const kari = await api.tokenFor({ role: 'caseworker', district: 'oslo' });
    await api.http().get('/v1/probe/districts/oslo').set('Authorization', `Bearer ${kari}`).expect(200);
    const res = await api.http().get('/v1/probe/districts/vest').set('Authorization', `Bearer ${kari}`).expect(403);
    expect(res.body).toMatchObject({ type: 'https://cardtrail.example/problems/forbidden-district', status: 403 });
    const admin = await api.tokenFor({ role: 'admin' });
    await api.http().get('/v1/probe/districts/vest').set('Authorization', `Bearer ${admin}`).expect(200);
  });

  it('marks protected routes with the bearer scheme in OpenAPI', async () => {
    const res = await api.http().get('/docs-json').expect(200);
    expect(res.body.paths['/v1/probe/admin'].get.security).toEqual([{ bearer: [] }]);
    expect(res.body.paths['/v1/calendar/holidays'].get.security).toBeUndefined();
  });
});
