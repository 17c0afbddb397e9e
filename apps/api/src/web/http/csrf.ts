import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { pageCookie } from './cookies';
import { WebKeys } from './web-keys';
import { WebPageException } from './web-page.exception';
import { webRequestOf, type PlatformRequest, type WebRequest } from './web-request';
import type { CookieToSet } from './web-responder';

/** The browser's random value; forms carry its signature (docs/decisions/0016). */
export const CSRF_COOKIE = 'cardtrail_csrf';
/** The hidden field every form posts. */
export const CSRF_FIELD = '_csrf';

/** 32 random bytes, base64url. */
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Signed double-submit tokens: the browser holds a random value in an HttpOnly, SameSite=Strict
 * cookie; every form carries HMAC(key, value). A cross-site page can make the browser send the
 * cookie (not with SameSite=Strict, but older browsers ignore it) yet can neither read it nor
 * compute its signature, so it cannot fill in the field. Nothing is stored on the server.
 */
@Injectable()
export class CsrfTokens {
  constructor(private readonly keys: WebKeys) {}

  /** The token for the page's forms, and the cookie to set when the browser has none yet. */
  issue(web: WebRequest): { token: string; cookie: CookieToSet | null } {
    const current = web.cookies[CSRF_COOKIE];
    if (current !== undefined && COOKIE_VALUE.test(current)) {
      return { token: this.keys.sign('csrf', current), cookie: null };
    }
    const value = randomBytes(32).toString('base64url');
    return {
      token: this.keys.sign('csrf', value),
      // A session cookie: it ends with the browser session, and a form older than that expires.
      cookie: { name: CSRF_COOKIE, value, options: pageCookie(web.secure) },
    };
  }

  verify(web: WebRequest, token: unknown): boolean {
    const value = web.cookies[CSRF_COOKIE];
    if (value === undefined || !COOKIE_VALUE.test(value) || typeof token !== 'string' || token.length > 100) return false;
    return this.keys.verify('csrf', value, token);
  }
}

/**
 * A request a browser reports as coming from another site (Fetch Metadata), or, from browsers
 * that do not send `Sec-Fetch-Site` (plain HTTP), whose `Origin` is another host. Requests with
 * neither header are judged by the token alone.
 */
export function isCrossSite(headers: IncomingHttpHeaders): boolean {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = headers.origin;
  if (typeof origin !== 'string') return false;
  try {
    return new URL(origin).host.toLowerCase() !== String(headers.host ?? '').toLowerCase();
  } catch {
    return true;
  }
}

/**
 * On every form post of the pages: the request is not cross-site and carries a valid token;
 * otherwise the "page has expired" page (403), before anything is read or changed.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly tokens: CsrfTokens) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<PlatformRequest>();
    const body = request.body;
    const token = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
    if (isCrossSite(request.headers) || !this.tokens.verify(webRequestOf(request), token)) {
      throw new WebPageException('expired', 403);
    }
    return true;
  }
}
