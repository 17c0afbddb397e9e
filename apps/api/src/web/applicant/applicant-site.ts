import type { WebSite } from '../web-pages';

/** The applicant's pages as a page family: "Where is my residence card?". */
export const APPLICANT_SITE: WebSite = {
  homeHref: '/',
  serviceName: (messages) => messages.applicant.serviceName,
  footer: (messages) => messages.applicant.footer,
};

/** The routes of the applicant's pages (outside `/v1`). */
export const APPLICANT_PATHS = {
  lookup: '/',
  card: '/card',
  confirmAddress: '/card/address-confirmation',
  end: '/card/end',
  travel: '/travel',
} as const;
