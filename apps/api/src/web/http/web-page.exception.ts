import { HttpException } from '@nestjs/common';

/** The error pages every page family shows (their words are in `common.errors`). */
export type ErrorPageKind = 'expired' | 'forbidden' | 'malformed' | 'notFound' | 'unavailable' | 'failed';

/** Thrown by page handlers and guards; the page family's exception filter renders the page. */
export class WebPageException extends HttpException {
  constructor(
    readonly kind: ErrorPageKind,
    status: number,
    readonly headers: Record<string, string> = {},
  ) {
    super(kind, status);
  }
}
