import { Body, Controller, Get, Inject, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@cardtrail/infra';
import { Public } from '../../auth/auth.decorators';
import { InvalidTokenError, jwtSettings, verifyAccessToken, type JwtSettings } from '../../auth/jwt';
import { CsrfGuard } from '../http/csrf';
import { readForm, readQuery } from '../http/form';
import { Web, type WebRequest } from '../http/web-request';
import { TOKEN_EXPIRED } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsolePages, type ConsoleRequest } from './console-pages';
import { ConsoleSessions, MAX_TOKEN_LENGTH } from './console-session';
import { CONSOLE_PATHS } from './console-site';
import { signInTemplate } from './console.templates';

/**
 * Sign-in and sign-out (docs/decisions/0024). The form takes the access token the organisation's
 * identity provider issued (locally: `npm run token`), verifies it exactly as the API verifies
 * a bearer token, and keeps it in the console's session cookie until it expires.
 */
@Public()
@ApiExcludeController()
@Controller('console')
@UseFilters(ConsoleExceptionFilter)
export class ConsoleSignInController {
  private readonly settings: JwtSettings;

  constructor(
    private readonly pages: ConsolePages,
    private readonly sessions: ConsoleSessions,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.settings = jwtSettings(config);
  }

  @Get('sign-in')
  signInForm(@Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): void {
    const page = this.pages.request(web, query, null);
    const { expired, signedOut } = readQuery(query, ['expired', 'signedOut']);
    const notice =
      expired !== undefined
        ? { color: 'warning' as const, text: page.words.signIn.expired }
        : signedOut !== undefined
          ? { color: 'info' as const, text: page.words.signIn.signedOut }
          : null;
    this.renderSignIn(res, page, 200, notice, undefined);
  }

  @Post('sign-in')
  @UseGuards(CsrfGuard)
  async signIn(@Body() body: unknown, @Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): Promise<void> {
    const page = this.pages.request(web, query, null);
    const { token } = readForm(body, ['token'], { maxLength: { token: MAX_TOKEN_LENGTH } });
    const pasted = token.trim().replace(/^Bearer\s+/i, '');
    const errors = page.words.signIn.errors;
    if (pasted === '') return this.renderSignIn(res, page, 400, null, errors.tokenMissing);
    try {
      await verifyAccessToken(pasted, this.settings, this.pages.now());
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      return this.renderSignIn(res, page, 400, null, error.message === TOKEN_EXPIRED ? errors.tokenExpired : errors.tokenInvalid);
    }
    this.pages.redirect(res, page, CONSOLE_PATHS.overview, [this.sessions.start(pasted, this.pages.now(), web.secure)]);
  }

  /** Ends the session in this browser (the token itself stays valid until it expires). */
  @Post('sign-out')
  @UseGuards(CsrfGuard)
  signOut(@Body() body: unknown, @Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): void {
    readForm(body, []);
    const page = this.pages.request(web, query, null);
    this.pages.redirect(res, page, `${CONSOLE_PATHS.signIn}?signedOut=1`, [this.sessions.end(web.secure)]);
  }

  private renderSignIn(
    res: unknown,
    page: ConsoleRequest,
    status: number,
    notice: { color: 'info' | 'warning'; text: string } | null,
    error: string | undefined,
  ): void {
    const words = page.words.signIn;
    const layout = this.pages.layout(page, { title: words.title, path: CONSOLE_PATHS.signIn, hasErrors: error !== undefined });
    const document = signInTemplate({
      layout,
      title: words.title,
      intro: words.intro,
      localUse: words.localUse,
      notice,
      errorSummary: { heading: page.messages.common.errorSummaryHeading, errors: error ? [{ field: 'token', message: error }] : [] },
      action: CONSOLE_PATHS.signIn,
      csrf: this.pages.csrfToken(page),
      token: { label: words.tokenLabel, hint: words.tokenHint, error },
      submit: words.submit,
    });
    this.pages.render(res, page, status, document);
  }
}
