import type { CardRefusedError } from '@cardtrail/card-lifecycle';
import { PROBLEM_CONTENT_TYPE, ProblemException, type ProblemDocument } from '../common/problem';

/**
 * How a refused event is answered. A `transition` refusal (the event does not fit the card's
 * status) is a 409 Conflict; a `rule` refusal (it fits, but breaks a domain rule such as the
 * guardian rule, or `occurredAt` is in the future) is a 422. Both carry the stable `code`, the
 * card's status as `cardStatus` (the problem's own `status` member is the HTTP status, RFC 9457)
 * and the events that are allowed from it.
 */
export function refusalProblem(error: CardRefusedError): ProblemDocument {
  const transition = error.kind === 'transition';
  return new ProblemException({
    status: transition ? 409 : 422,
    type: refusalSlug(error.code),
    title: transition ? 'Event not allowed in this status' : 'Event refused by a rule',
    detail: error.message,
    extensions: { code: error.code, cardStatus: error.status, allowedEvents: error.allowedEvents },
  }).problem;
}

/** `CARD.GUARDIAN_REQUIRED` → `card/guardian-required`. */
export function refusalSlug(code: string): string {
  return `card/${code.replace(/^CARD\./, '').toLowerCase().replace(/_/g, '-')}`;
}

export const PROBLEM_HEADERS = { 'Content-Type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8` };
