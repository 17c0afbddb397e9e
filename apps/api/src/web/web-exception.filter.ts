import { HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DatabaseUnavailableError, RedisUnavailableError, type Logger } from '@cardtrail/infra';
import { LOGGER } from '@cardtrail/infra/nest';
import { ProblemException } from '../common/problem';
import { LANGUAGE_COOKIE, LANGUAGE_PARAM, MESSAGES, chooseLanguage } from './i18n';
import { WebPageException, type ErrorPageKind } from './http/web-page.exception';
import { webRequestOf, type PlatformRequest } from './http/web-request';
import { WebResponder } from './http/web-responder';
import { errorPage } from './templates/layout';
import { WebPages, type WebSite } from './web-pages';

interface ErrorAnswer {
  kind: ErrorPageKind;
  status: number;
  headers: Record<string, string>;
}

/**
 * Turns every error of a page family's routes (a guard's refusal, a bad form, a dependency that
 * is down, a bug) into an HTML page in the reader's language, with the pages' headers. Subclass
 * it per page family (`@Catch() class …Filter extends WebExceptionFilter { site = … }`) and put
 * it on the family's controllers with `@UseFilters`. Errors before routing (body parser, unknown
 * paths) stay with the API's problem filter.
 */
export abstract class WebExceptionFilter implements ExceptionFilter {
  protected abstract readonly site: WebSite;

  constructor(
    private readonly responder: WebResponder,
    private readonly pages: WebPages,
    private readonly host: HttpAdapterHost,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<PlatformRequest & { query?: Record<string, unknown>; log?: Logger }>();
    const response = http.getResponse<unknown>();
    const answer = this.answer(exception);
    if (answer.status >= 500 && answer.kind === 'failed') {
      (request.log ?? this.logger).error({ err: exception }, 'Unhandled error while answering a page');
    }
    if (this.host.httpAdapter.isHeadersSent(response)) return;
    const web = webRequestOf(request);
    const { language } = chooseLanguage({
      query: request.query?.[LANGUAGE_PARAM],
      cookie: web.cookies[LANGUAGE_COOKIE],
      acceptLanguage: web.acceptLanguage,
    });
    const words = MESSAGES[language].common.errors[answer.kind];
    const layout = this.pages.layout({ site: this.site, language, title: words.title, path: this.site.homeHref });
    this.responder.page(response, {
      status: answer.status,
      document: errorPage(layout, words.body, this.site.homeHref),
      language,
      headers: answer.headers,
    });
  }

  private answer(exception: unknown): ErrorAnswer {
    if (exception instanceof WebPageException) {
      return { kind: exception.kind, status: exception.getStatus(), headers: exception.headers };
    }
    if (exception instanceof DatabaseUnavailableError || exception instanceof RedisUnavailableError) {
      return { kind: 'unavailable', status: 503, headers: { 'Retry-After': '30' } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const headers = exception instanceof ProblemException ? exception.headers : {};
      if (status === 404 || status === 405) return { kind: 'notFound', status: 404, headers: {} };
      if (status === 403) return { kind: 'expired', status, headers: {} };
      if (status === 503) return { kind: 'unavailable', status, headers };
      if (status >= 400 && status < 500) return { kind: 'malformed', status, headers: {} };
    }
    return { kind: 'failed', status: 500, headers: {} };
  }
}
