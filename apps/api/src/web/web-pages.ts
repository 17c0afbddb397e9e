import { Injectable } from '@nestjs/common';
import type { MessageLanguage } from '@cardtrail/card-lifecycle';
import { AssetRegistry } from './assets/asset-registry';
import { languageLinks, MESSAGES, type Messages } from './i18n';
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

/** Builds the layout's view model: everything a page shows around its content. */
@Injectable()
export class WebPages {
  constructor(private readonly assets: AssetRegistry) {}

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
