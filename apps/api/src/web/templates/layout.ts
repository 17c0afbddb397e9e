import type { MessageLanguage } from '@cardtrail/card-lifecycle';
import type { PageAssets } from '../assets/asset-registry';
import type { CommonMessages, LanguageLink } from '../i18n';
import { errorSummary, type FieldError } from './components';
import { attributes, html, type Html } from './html';

/** What every page of every page family (the applicant's pages, the console) shows around its content. */
export interface LayoutModel {
  language: MessageLanguage;
  /** The page's own title (usually its h1); the service name is added. */
  title: string;
  /** The title starts with "Error: " when the page reports a problem with what was sent. */
  hasErrors: boolean;
  serviceName: string;
  homeHref: string;
  languages: LanguageLink[];
  assets: PageAssets;
  footer: readonly string[];
  common: CommonMessages;
  /** A signed-in page family's navigation (the console), under the header. */
  nav?: SiteNavModel;
  /** Pages with tables (the console) use a wider column than reading pages. */
  wide?: boolean;
}

export interface SiteNavLink {
  href: string;
  text: string;
  current: boolean;
}

/** The console's bar: where to go, who is signed in, and a form to sign out. */
export interface SiteNavModel {
  label: string;
  links: SiteNavLink[];
  signedInAs: string;
  signOut: { action: string; label: string; csrf: { name: string; token: string } };
}

function siteNav(nav: SiteNavModel, container: string): Html {
  return html`<div class="ct-site-nav">
  <div class="${container} ct-site-nav__inner">
    <nav aria-label="${nav.label}">
      <ul>${nav.links.map((link) =>
        link.current
          ? html`<li><a class="ds-link" href="${link.href}" aria-current="page">${link.text}</a></li>`
          : html`<li><a class="ds-link" href="${link.href}">${link.text}</a></li>`,
      )}</ul>
    </nav>
    <form class="ct-sign-out" method="post" action="${nav.signOut.action}">
      <span class="ct-muted">${nav.signedInAs}</span>
      <input type="hidden" name="${nav.signOut.csrf.name}" value="${nav.signOut.csrf.token}">
      <button class="ds-button" data-variant="tertiary" data-size="sm" type="submit">${nav.signOut.label}</button>
    </form>
  </div>
</div>`;
}

/**
 * The document: skip link, header (service name, language switch), main, footer, in
 * Designsystemet's light colour scheme. `lang` is the page's language; each language's name in
 * the switch carries its own `lang`.
 */
export function layout(model: LayoutModel, main: Html): Html {
  const container = model.wide ? 'ct-container ct-container--wide' : 'ct-container';
  const title = `${model.hasErrors ? model.common.errorTitlePrefix : ''}${model.title} – ${model.serviceName}`;
  return html`<html lang="${model.language}" data-color-scheme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
${model.assets.stylesheets.map((href) => html`<link rel="stylesheet" href="${href}">\n`)}${model.assets.scripts.map((src) => html`<script type="module" src="${src}"></script>\n`)}</head>
<body>
<a class="ds-skip-link ct-skip-link" href="#main">${model.common.skipLink}</a>
<header class="ct-header">
  <div class="${container} ct-header__inner">
    <a class="ds-link ct-service-name" data-color="neutral" href="${model.homeHref}">${model.serviceName}</a>
    <nav class="ct-languages" aria-label="${model.common.languageSwitch}">
      <ul>${model.languages.map((link) =>
        link.current
          ? html`<li><span${attributes({ lang: link.language, 'aria-current': 'true' })}>${link.name}</span></li>`
          : html`<li><a class="ds-link"${attributes({ href: link.href, lang: link.language, hreflang: link.language })}>${link.name}</a></li>`,
      )}</ul>
    </nav>
  </div>
</header>
${model.nav ? siteNav(model.nav, container) : null}
<main id="main" tabindex="-1">
  <div class="${container}">
${main}
  </div>
</main>
<footer class="ct-footer">
  <div class="${container}">${model.footer.map((line) => html`<p class="ds-paragraph" data-size="sm">${line}</p>`)}</div>
</footer>
</body>
</html>`;
}

/** An error page of any page family: its title, its sentences, a link back to the start. */
export function errorPage(model: LayoutModel, body: readonly string[], startHref: string): Html {
  return layout(
    model,
    html`<div class="ct-stack">
  <h1 class="ds-heading" data-size="lg">${model.title}</h1>
  ${body.map((text) => html`<p class="ds-paragraph">${text}</p>`)}
  <p class="ds-paragraph"><a class="ds-link" href="${startHref}">${model.common.startAgain}</a></p>
</div>`,
  );
}

/** A page that answers a form: the heading it shows, and the problems with what was sent. */
export interface FormPageModel {
  layout: LayoutModel;
  title: string;
  errorSummary: { heading: string; errors: FieldError[] };
}

/**
 * A page with a form (or the answer to one): the error summary first (nothing without errors),
 * then a column with the page's h1 and `content`; `after` follows the column. `narrow` keeps a
 * single form's column to a readable width.
 */
export function formPage(model: FormPageModel, content: Html, options: { narrow?: boolean; after?: Html } = {}): Html {
  return layout(
    model.layout,
    html`${errorSummary(model.errorSummary.heading, model.errorSummary.errors)}
<div class="${options.narrow ? 'ct-stack ct-narrow' : 'ct-stack'}">
  <h1 class="ds-heading" data-size="lg">${model.title}</h1>
  ${content}
</div>
${options.after ?? null}`,
  );
}
