import { Injectable } from '@nestjs/common';
import { pageCookie } from '../http/cookies';
import { WebKeys } from '../http/web-keys';
import type { WebRequest } from '../http/web-request';
import type { CookieToSet } from '../http/web-responder';

export const APPLICANT_SESSION_COOKIE = 'cardtrail_card';
/** How long the status page stays open after a lookup (absolute, not sliding). */
export const APPLICANT_SESSION_SECONDS = 30 * 60;

const VALUE = /^([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

export type ApplicantSession = { cardId: string } | 'expired' | null;

/**
 * What lets the status page survive a reload without the DUF number or the reference in any
 * URL (docs/decisions/0016): after a successful lookup the browser holds, for 30 minutes,
 * `<card id>.<expiry>.<HMAC>` in an HttpOnly, SameSite=Strict cookie. The card id is a random
 * UUID, not personal data; the signature makes it unforgeable; nothing is stored on the server,
 * so the page works while Redis is down, across API processes.
 */
@Injectable()
export class ApplicantSessions {
  constructor(private readonly keys: WebKeys) {}

  start(cardId: string, now: Date, secure: boolean): CookieToSet {
    const expires = Math.floor(now.getTime() / 1000) + APPLICANT_SESSION_SECONDS;
    const payload = `${cardId}.${expires}`;
    return {
      name: APPLICANT_SESSION_COOKIE,
      value: `${payload}.${this.keys.sign('applicant-session', payload)}`,
      options: pageCookie(secure, { maxAge: APPLICANT_SESSION_SECONDS }),
    };
  }

  /** The proven card, `'expired'` for a genuine session past its time, null for none or a forgery. */
  read(web: WebRequest, now: Date): ApplicantSession {
    const value = web.cookies[APPLICANT_SESSION_COOKIE];
    const match = value === undefined ? null : VALUE.exec(value);
    if (!match) return null;
    const [, cardId, expires, signature] = match as unknown as [string, string, string, string];
    if (!this.keys.verify('applicant-session', `${cardId}.${expires}`, signature)) return null;
    return Number(expires) * 1000 <= now.getTime() ? 'expired' : { cardId };
  }

  end(secure: boolean): CookieToSet {
    return { name: APPLICANT_SESSION_COOKIE, value: '', options: pageCookie(secure, { maxAge: 0 }) };
  }
}
