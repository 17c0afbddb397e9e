import { Injectable } from '@nestjs/common';
import { decodeJwt } from 'jose';
import { CONSOLE_COOKIE } from '../../admin/queue-dashboard';
import { pageCookie } from '../http/cookies';
import type { WebRequest } from '../http/web-request';
import type { CookieToSet } from '../http/web-responder';

/** The cookie that holds the pasted access token (docs/decisions/0024). */
export const CONSOLE_SESSION_COOKIE = CONSOLE_COOKIE;

/** Longest token the sign-in form takes (ours are about 250 characters). */
export const MAX_TOKEN_LENGTH = 4096;

/** A JWT's shape: three base64url parts (the signature may not be empty). */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The console's session is the access token itself, in an HttpOnly (no script reads it),
 * SameSite=Strict (no other site's request carries it) cookie, `Secure` over HTTPS, that the
 * browser drops when the token expires. Every request verifies it again exactly as the API's
 * guard verifies a bearer token, so nothing is stored on the server and an expired token stops
 * working even if a browser kept the cookie.
 */
@Injectable()
export class ConsoleSessions {
  /** The cookie for a token that has just been verified; it lasts until the token's `exp`. */
  start(token: string, now: Date, secure: boolean): CookieToSet {
    const { exp } = decodeJwt(token);
    const seconds = Math.max(1, Math.floor((exp ?? 0) - now.getTime() / 1000));
    return { name: CONSOLE_SESSION_COOKIE, value: token, options: pageCookie(secure, { maxAge: seconds }) };
  }

  /** The token the browser holds, if it looks like one (it is verified by the guard). */
  token(web: WebRequest): string | null {
    const value = web.cookies[CONSOLE_SESSION_COOKIE];
    return value !== undefined && value.length <= MAX_TOKEN_LENGTH && TOKEN_SHAPE.test(value) ? value : null;
  }

  end(secure: boolean): CookieToSet {
    return { name: CONSOLE_SESSION_COOKIE, value: '', options: pageCookie(secure, { maxAge: 0 }) };
  }
}
