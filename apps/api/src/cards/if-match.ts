import { ProblemException } from '../common/problem';

/**
 * The version an `If-Match` header asks for: `"3"`, `W/"3"` or a bare `3` (lenient: curl users
 * forget the quotes). `*` and no header mean "any version" (undefined). A list of tags or
 * anything else is a 400: guessing would defeat the point of a precondition.
 */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === '*') return undefined;
  const match = /^(?:W\/"(\d{1,9})"|"(\d{1,9})"|(\d{1,9}))$/.exec(value);
  if (!match) {
    throw new ProblemException({
      status: 400,
      type: 'invalid-if-match',
      title: 'Invalid If-Match header',
      detail: `If-Match must be one entity tag such as "3" (the card's version, as in its ETag) or *, not ${JSON.stringify(value)}.`,
    });
  }
  return Number(match[1] ?? match[2] ?? match[3]);
}
