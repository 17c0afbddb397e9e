import { RequestMethod } from '@nestjs/common';

/**
 * The pages' routes, which live outside the API's `/v1` prefix (bootstrap excludes them from it).
 * A new page family adds its paths here.
 */
export const PAGE_ROUTES: Array<{ path: string; method: RequestMethod }> = [
  { path: '/', method: RequestMethod.ALL },
  { path: 'card', method: RequestMethod.ALL },
  { path: 'card/*path', method: RequestMethod.ALL },
  { path: 'travel', method: RequestMethod.ALL },
  { path: 'console', method: RequestMethod.ALL },
  { path: 'console/*path', method: RequestMethod.ALL },
  { path: 'assets/*path', method: RequestMethod.ALL },
];

/** Paths whose POSTs are HTML form posts (`application/x-www-form-urlencoded`), not JSON. */
const FORM_PATHS = /^\/(?:(?:card|console)(?:\/[^?#]*)?)?(?:[?#].*)?$/;

export function acceptsFormPosts(path: string): boolean {
  return FORM_PATHS.test(path);
}

/** HTML forms post at most a few short fields. */
export const FORM_BODY_LIMIT = '10kb';

export function isFormBody(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}
