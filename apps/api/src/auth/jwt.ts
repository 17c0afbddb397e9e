import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { POLICE_DISTRICTS, type PoliceDistrict } from '@cardtrail/card-lifecycle';
import type { AppConfig } from '@cardtrail/infra';

export const ROLES = ['caseworker', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from a verified token. A caseworker always has a district; an admin never. */
export interface AuthUser {
  sub: string;
  role: Role;
  district?: PoliceDistrict;
}

export interface JwtSettings {
  secret: string;
  issuer: string;
  audience: string;
}

export function jwtSettings(config: Pick<AppConfig, 'JWT_SECRET' | 'JWT_ISSUER' | 'JWT_AUDIENCE'>): JwtSettings {
  return { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
}

/** Tokens minted for local use live a working day. */
export const DEFAULT_TOKEN_LIFETIME = '8h';

/** Why a token was refused; the detail of the 401 answer. */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

const claimsSchema = z
  .object({
    sub: z.string().min(1).max(200),
    role: z.enum(ROLES),
    district: z.enum(POLICE_DISTRICTS).optional(),
  })
  .refine((c) => c.role !== 'caseworker' || c.district !== undefined, {
    message: 'a caseworker token needs a district claim',
    path: ['district'],
  });

/**
 * Verifies a bearer token: HS256 only (so `alg: none` or an RS256 token signed with the secret
 * as a "public key" is refused), signature, `iss`, `aud`, and a required `exp` checked against
 * `now` (the injected clock). Then the cardtrail claims: `sub`, `role`, and a valid police
 * district for caseworkers. Throws `InvalidTokenError`.
 */
export async function verifyAccessToken(token: string, settings: JwtSettings, now: Date = new Date()): Promise<AuthUser> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, secretKey(settings.secret), {
      algorithms: ['HS256'],
      issuer: settings.issuer,
      audience: settings.audience,
      requiredClaims: ['exp', 'sub'],
      currentDate: now,
      clockTolerance: 30,
    }));
  } catch (error) {
    throw new InvalidTokenError(describeJoseError(error));
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) {
    const issue = claims.error.issues[0];
    throw new InvalidTokenError(`The token's claims are invalid: ${issue.path.join('.') || 'claims'}: ${issue.message}`);
  }
  const { sub, role, district } = claims.data;
  return role === 'caseworker' ? { sub, role, district } : { sub, role };
}

/** Mints a token for `user` (the `npm run token` command, and tests). */
export async function mintAccessToken(
  user: AuthUser,
  settings: JwtSettings,
  options: { expiresIn?: string | number; now?: Date } = {},
): Promise<string> {
  const now = options.now ?? new Date();
  const claims: Record<string, unknown> = { role: user.role };
  if (user.district) claims.district = user.district;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(now)
    .setExpirationTime(
      typeof options.expiresIn === 'number' ? options.expiresIn : relativeTo(now, options.expiresIn ?? DEFAULT_TOKEN_LIFETIME),
    )
    .sign(secretKey(settings.secret));
}

function secretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** `'8h'` from `now` as epoch seconds (jose's relative times count from the wall clock). */
function relativeTo(now: Date, span: string): number {
  const match = /^(\d+)\s*(s|m|h|d)$/.exec(span.trim());
  if (!match) throw new RangeError(`Invalid token lifetime ${JSON.stringify(span)}: use e.g. 30m, 8h, 7d`);
  const seconds = Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Math.floor(now.getTime() / 1000) + seconds;
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired.';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is invalid.';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'The token must be signed with HS256.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return `The token's "${error.claim}" claim is invalid (${error.reason}).`;
  }
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'The token is malformed.';
  return 'The token could not be verified.';
}
