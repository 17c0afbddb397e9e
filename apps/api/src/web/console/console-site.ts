import { QUEUE_DASHBOARD_PATH } from '../../admin/queue-dashboard';
import type { WebSite } from '../web-pages';

/** The caseworkers' console as a page family. */
export const CONSOLE_SITE: WebSite = {
  homeHref: '/console',
  serviceName: (messages) => messages.console.serviceName,
  footer: (messages) => messages.console.footer,
};

/** The console's routes (outside `/v1`; `web-routes.ts` lets `/console/…` take form posts). */
export const CONSOLE_PATHS = {
  overview: '/console',
  signIn: '/console/sign-in',
  signOut: '/console/sign-out',
  search: '/console/search',
  openCard: '/console/cards/new',
  card: (cardId: string) => `/console/cards/${cardId}`,
  recordEvent: (cardId: string, type: string) => `/console/cards/${cardId}/events/${type}`,
  /** Built by the compliance work on this skeleton; until then a 404. */
  compliance: '/console/compliance',
  /** Built by the closure-days work on this skeleton; until then a 404. */
  closures: '/console/closures',
  queues: QUEUE_DASHBOARD_PATH,
  apiDocs: '/docs',
} as const;
