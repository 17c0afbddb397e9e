import { Injectable } from '@nestjs/common';
import type { MessageLanguage } from '@cardtrail/card-lifecycle';
import { AssetRegistry } from './assets/asset-registry';
import { pageCookie } from './http/cookies';
import { readQuery } from './http/form';
import type { WebRequest } from './http/web-request';
import type { CookieToSet } from './http/web-responder';
import { chooseLanguage, LANGUAGE_COOKIE, LANGUAGE_PARAM, languageLinks, MESSAGES, type Messages } from './i18n';
import type { LayoutModel, SiteNavModel } from './templates/layout';

/**
 * A family of pages (the applicant's pages, later the caseworkers' console): its name, home and
 * footer, in the reader's language. The layout, language switch, headers, CSRF and error pages
 * are shared.
 */
export interface WebSite {
  homeHref: string;
  serviceName(messages: Messages): string;
  footer(messages: Messages): readonly string[];
}

export interface LayoutRequest {
  site: WebSite;
  language: MessageLanguage;
  title: string;
  /** The page's path, for the language switch. */
  path: string;
  /** The page's own query parameters to keep when switching language (validated, never personal data). */
  keep?: Record<string, string | undefined>;
  hasErrors?: boolean;
  /** The console's navigation bar (signed-in page families). */
  nav?: SiteNavModel;
  wide?: boolean;
}

/** One year: the language chosen with the switch is remembered across visits. */
const LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600;

/** Builds the layout's view model: everything a page shows around its content. */
@Injectable()
export class WebPages {
  constructor(private readonly assets: AssetRegistry) {}

  /**
   * The language of a request (see `chooseLanguage`), and the cookie that remembers a choice
   * made with the switch (none when nothing new was chosen).
   */
  language(web: WebRequest, query: unknown): { language: MessageLanguage; cookies: CookieToSet[] } {
    const { lang } = readQuery(query, [LANGUAGE_PARAM]);
    const choice = chooseLanguage({ query: lang, cookie: web.cookies[LANGUAGE_COOKIE], acceptLanguage: web.acceptLanguage });
    const cookies: CookieToSet[] = [];
    if (choice.remember) {
      cookies.push({
        name: LANGUAGE_COOKIE,
        value: choice.remember,
        options: pageCookie(web.secure, { sameSite: 'lax', maxAge: LANGUAGE_COOKIE_SECONDS }),
      });
    }
    return { language: choice.language, cookies };
  }

  layout(request: LayoutRequest): LayoutModel {
    const messages = MESSAGES[request.language];
    return {
      language: request.language,
      title: request.title,
      hasErrors: request.hasErrors ?? false,
      serviceName: request.site.serviceName(messages),
      homeHref: request.site.homeHref,
      languages: languageLinks(request.path, request.language, request.keep),
      assets: this.assets.page,
      footer: request.site.footer(messages),
      common: messages.common,
      nav: request.nav,
      wide: request.wide,
    };
  }
}
