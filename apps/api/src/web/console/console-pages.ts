import { Inject, Injectable } from '@nestjs/common';
import { businessDate, DISTRICT_NAMES, type IsoDate, type MessageLanguage } from '@cardtrail/card-lifecycle';
import { CLOCK, DOMAIN, type Clock, type Domain } from '@cardtrail/infra';
import type { AuthUser } from '../../auth/jwt';
import { CSRF_FIELD, CsrfTokens } from '../http/csrf';
import type { WebRequest } from '../http/web-request';
import { WebResponder, type CookieToSet } from '../http/web-responder';
import { MESSAGES, type Messages } from '../i18n';
import type { Html } from '../templates/html';
import type { LayoutModel } from '../templates/layout';
import { WebPages } from '../web-pages';
import type { ConsoleMessages } from './i18n/console-messages';
import { navLinks, type ConsoleSection } from './console-nav';
import { CONSOLE_PATHS, CONSOLE_SITE } from './console-site';

/** What a console handler knows about its request: the reader, their language, cookies to set. */
export interface ConsoleRequest {
  web: WebRequest;
  language: MessageLanguage;
  messages: Messages;
  words: ConsoleMessages;
  /** The signed-in caseworker or admin; null on the sign-in page. */
  user: AuthUser | null;
  cookies: CookieToSet[];
}

export interface ConsoleLayoutRequest {
  title: string;
  path: string;
  /** The page's entry in the navigation. */
  section?: ConsoleSection | null;
  keep?: Record<string, string | undefined>;
  hasErrors?: boolean;
}

/**
 * What every console page does around its content: the language (switch, cookie,
 * Accept-Language, as on the applicant's pages), CSRF tokens, the layout with the navigation
 * bar for the signed-in user, and the answer. "Now" and "today" come from the app's clock.
 */
@Injectable()
export class ConsolePages {
  constructor(
    private readonly pages: WebPages,
    private readonly responder: WebResponder,
    private readonly csrf: CsrfTokens,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DOMAIN) readonly domain: Domain,
  ) {}

  request(web: WebRequest, query: unknown, user: AuthUser | null): ConsoleRequest {
    const { language, cookies } = this.pages.language(web, query);
    const messages = MESSAGES[language];
    return { web, language, messages, words: messages.console, user, cookies };
  }

  now(): Date {
    return this.clock.now();
  }

  today(): IsoDate {
    return businessDate(this.clock.now(), this.domain.zone);
  }

  /** The CSRF token for this page's forms (and the cookie it is bound to, when new). */
  csrfToken(page: ConsoleRequest): { name: string; token: string } {
    const { token, cookie } = this.csrf.issue(page.web);
    if (cookie && !page.cookies.some((c) => c.name === cookie.name)) page.cookies.push(cookie);
    return { name: CSRF_FIELD, token };
  }

  layout(page: ConsoleRequest, request: ConsoleLayoutRequest): LayoutModel {
    const user = page.user;
    const nav = user
      ? {
          label: page.words.nav.label,
          links: navLinks(user.role, request.section ?? null, page.words.nav),
          signedInAs: page.words.nav.signedInAs(
            user.sub,
            page.words.roles[user.role],
            user.district ? DISTRICT_NAMES[user.district][page.language] : null,
          ),
          signOut: { action: CONSOLE_PATHS.signOut, label: page.words.nav.signOut, csrf: this.csrfToken(page) },
        }
      : undefined;
    return this.pages.layout({
      site: CONSOLE_SITE,
      language: page.language,
      title: request.title,
      path: request.path,
      keep: request.keep,
      hasErrors: request.hasErrors,
      nav,
      wide: true,
    });
  }

  render(res: unknown, page: ConsoleRequest, status: number, document: Html, headers?: Record<string, string>): void {
    this.responder.page(res, { status, document, language: page.language, cookies: page.cookies, headers });
  }

  redirect(res: unknown, page: ConsoleRequest, location: string, cookies: CookieToSet[] = []): void {
    this.responder.redirect(res, location, [...page.cookies, ...cookies]);
  }
}
