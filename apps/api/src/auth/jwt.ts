import { webcrypto } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
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
 *
 * A token that passed is remembered (per settings object) until its `exp` or for
 * {@link VERIFIED_TOKEN_TTL_MS}, whichever is sooner, so a client sending the same token on every
 * request pays for the signature check once a minute. A remembered answer is only given for a
 * `now` inside [verified at, remembered until): every time-based check that passed at the
 * verification still holds there; outside it (later, or a clock moved back) the token is
 * verified afresh, so expiry is still judged against the injected `now`. Refusals are not
 * remembered.
 */
export async function verifyAccessToken(token: string, settings: JwtSettings, now: Date = new Date()): Promise<AuthUser> {
  const verifier = verifierFor(settings);
  const at = now.getTime();
  const cached = verifier.verified.get(token);
  if (cached) {
    if (at >= cached.from && at < cached.until) return { ...cached.user };
    verifier.verified.delete(token);
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, await verifier.key, {
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
  const user: AuthUser = role === 'caseworker' ? { sub, role, district } : { sub, role };
  // `exp` is required and numeric once jose has accepted the token.
  const until = Math.min((payload.exp as number) * 1000, at + VERIFIED_TOKEN_TTL_MS);
  if (until > at) {
    if (verifier.verified.size >= VERIFIED_TOKEN_CACHE_SIZE) {
      // Oldest first: Map keeps insertion order.
      verifier.verified.delete(verifier.verified.keys().next().value as string);
    }
    verifier.verified.set(token, { user, from: at, until });
  }
  return { ...user };
}

/** A verified token is trusted without a new signature check for at most this long. */
export const VERIFIED_TOKEN_TTL_MS = 60_000;

/** Verified tokens remembered per settings; the oldest is dropped beyond this. */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

interface Verifier {
  secret: string;
  issuer: string;
  audience: string;
  /** The HMAC key, imported once: jose would import a raw secret again on every call. */
  key: Promise<webcrypto.CryptoKey>;
  verified: Map<string, { user: AuthUser; from: number; until: number }>;
}

const verifiers = new WeakMap<JwtSettings, Verifier>();

/** The key and cache of these settings; built again if the object's fields were changed. */
function verifierFor(settings: JwtSettings): Verifier {
  const known = verifiers.get(settings);
  if (known && known.secret === settings.secret && known.issuer === settings.issuer && known.audience === settings.audience) {
    return known;
  }
  const verifier: Verifier = {
    secret: settings.secret,
    issuer: settings.issuer,
    audience: settings.audience,
    key: hmacKey(settings.secret),
    verified: new Map(),
  };
  verifiers.set(settings, verifier);
  return verifier;
}

function hmacKey(secret: string): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey('raw', secretKey(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
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
    .sign(await verifierFor(settings).key);
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
