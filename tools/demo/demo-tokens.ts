import { POLICE_DISTRICTS, type PoliceDistrict } from '@cardtrail/card-lifecycle';
import { mintAccessToken, type JwtSettings } from '../../apps/api/src/auth/jwt';
import type { DemoTokens } from './run-demo';

/** An admin token and a caseworker token per district, signed like `npm run token` signs them. */
export async function mintDemoTokens(settings: JwtSettings, expiresIn = '2h'): Promise<DemoTokens> {
  const caseworkers = {} as Record<PoliceDistrict, string>;
  for (const district of POLICE_DISTRICTS) {
    caseworkers[district] = await mintAccessToken({ sub: `demo-${district}`, role: 'caseworker', district }, settings, { expiresIn });
  }
  return { admin: await mintAccessToken({ sub: 'demo-admin', role: 'admin' }, settings, { expiresIn }), caseworkers };
}
