import { Catch, Inject, type ArgumentsHost } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Logger } from '@cardtrail/infra';
import { LOGGER } from '@cardtrail/infra/nest';
import { ProblemException } from '../../common/problem';
import { webRequestOf, type PlatformRequest } from '../http/web-request';
import { WebPageException } from '../http/web-page.exception';
import { WebResponder } from '../http/web-responder';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebPages } from '../web-pages';
import { ConsoleSignInRequired } from './console-auth';
import { ConsoleSessions } from './console-session';
import { CONSOLE_PATHS, CONSOLE_SITE } from './console-site';

/**
 * Errors of the console's routes as pages in the caseworker's language. No session, or a token
 * that expired or no longer verifies: 303 to the sign-in page with the cookie cleared (with a
 * note when it expired). A card of another district, or a page for another role: the "no access"
 * page (403), as the API answers 403.
 */
@Catch()
export class ConsoleExceptionFilter extends WebExceptionFilter {
  protected readonly site = CONSOLE_SITE;

  // The base class's parameters first, in its order: Nest's `@Inject` metadata is inherited by
  // index, so the logger must stay the fourth.
  constructor(
    private readonly web: WebResponder,
    pages: WebPages,
    host: HttpAdapterHost,
    @Inject(LOGGER) logger: Logger,
    private readonly sessions: ConsoleSessions,
  ) {
    super(web, pages, host, logger);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof ConsoleSignInRequired) {
      const request = host.switchToHttp().getRequest<PlatformRequest>();
      const secure = webRequestOf(request).secure;
      const location = exception.reason === 'expired' ? `${CONSOLE_PATHS.signIn}?expired=1` : CONSOLE_PATHS.signIn;
      const cookies = exception.reason === 'none' ? [] : [this.sessions.end(secure)];
      this.web.redirect(host.switchToHttp().getResponse<unknown>(), location, cookies);
      return;
    }
    if (exception instanceof ProblemException && exception.getStatus() === 403) {
      super.catch(new WebPageException('forbidden', 403), host);
      return;
    }
    super.catch(exception, host);
  }
}
