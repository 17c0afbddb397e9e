import { Body, Catch, Controller, Get, Inject, Ip, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { businessDate, type ApplicantView, type MessageLanguage } from '@cardtrail/card-lifecycle';
import { CLOCK, DOMAIN, type Clock, type Domain } from '@cardtrail/infra';
import { Public } from '../../auth/auth.decorators';
import { ProblemException } from '../../common/problem';
import { StatusService } from '../../status/status.service';
import { CSRF_FIELD, CsrfGuard, CsrfTokens } from '../http/csrf';
import { readForm, readQuery } from '../http/form';
import { Web, type WebRequest } from '../http/web-request';
import { WebResponder, type CookieToSet } from '../http/web-responder';
import { MESSAGES } from '../i18n';
import type { Html } from '../templates/html';
import { WebExceptionFilter } from '../web-exception.filter';
import type { LayoutModel } from '../templates/layout';
import { WebPages, type LayoutRequest } from '../web-pages';
import { ApplicantSessions } from './applicant-session';
import { APPLICANT_PATHS, APPLICANT_SITE } from './applicant-site';
import { checkLookupForm } from './lookup-form';
import { lookupPage, plannerPage, statusPage, tooManyTriesPage, type LookupInput, type TravelInput } from './applicant-view-models';
import { lookupTemplate, plannerTemplate, statusTemplate, tooManyTriesTemplate } from './applicant.templates';

/** Error pages of the applicant's routes, in the applicant's words. */
@Catch()
export class ApplicantExceptionFilter extends WebExceptionFilter {
  protected readonly site = APPLICANT_SITE;
}

interface PageContext {
  web: WebRequest;
  language: MessageLanguage;
  /** Cookies every answer of this request sets (the remembered language, a new CSRF cookie). */
  cookies: CookieToSet[];
}

/**
 * "Where is my residence card?" (`/`): the look-up form, the card's status page, the address
 * confirmation, and the travel planner. Server-rendered, no JavaScript needed; answers go out
 * through `WebResponder`, never through a platform's response object. Personal data never
 * reaches a URL: the reference and the DUF number travel only in POST bodies, and after a
 * lookup the status page finds the card through a signed session cookie.
 */
@Public()
@Controller()
@UseFilters(ApplicantExceptionFilter)
export class ApplicantPagesController {
  constructor(
    private readonly status: StatusService,
    private readonly pages: WebPages,
    private readonly responder: WebResponder,
    private readonly csrf: CsrfTokens,
    private readonly sessions: ApplicantSessions,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DOMAIN) private readonly domain: Domain,
  ) {}

  @Get()
  lookupForm(@Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): void {
    const page = this.context(web, query);
    const { expired } = readQuery(query, ['expired']);
    const notice = expired !== undefined ? MESSAGES[page.language].applicant.lookup.expired : null;
    this.renderLookup(res, page, 200, { notice });
  }

  @Post()
  @UseGuards(CsrfGuard)
  async lookUp(@Body() body: unknown, @Web() web: WebRequest, @Ip() ip: string | undefined, @Query() query: unknown, @Res() res: unknown): Promise<void> {
    const page = this.context(web, query);
    const form = readForm(body, ['reference', 'dufNumber']);
    const checked = checkLookupForm(form, MESSAGES[page.language].applicant.lookup.errors, this.clock.now(), this.domain.zone);
    if (!checked.ok) return this.renderLookup(res, page, 400, { reference: form.reference, errors: checked.errors });
    let cardId: string;
    try {
      ({ cardId } = await this.status.lookUp({ body: checked.value, language: page.language, ip: ip ?? 'unknown' }));
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      if (error.getStatus() === 404) {
        const notFound = MESSAGES[page.language].applicant.lookup.errors.notFound;
        return this.renderLookup(res, page, 404, { reference: form.reference, errors: { form: notFound } });
      }
      if (error.getStatus() === 429) return this.renderTooManyTries(res, page, Number(error.headers['Retry-After'] ?? 60));
      throw error;
    }
    this.responder.redirect(res, APPLICANT_PATHS.card, [...page.cookies, this.sessions.start(cardId, this.clock.now(), web.secure)]);
  }

  @Get('card')
  async card(@Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): Promise<void> {
    const page = this.context(web, query);
    const view = await this.provenView(web, page.language);
    if (typeof view === 'string') return this.responder.redirect(res, view, page.cookies);
    const travel: TravelInput = readQuery(query, ['departure', 'appointment']);
    const layout = this.layout(page, MESSAGES[page.language].applicant.status.title, APPLICANT_PATHS.card, { keep: travel });
    const model = statusPage(layout, {
      language: page.language,
      view,
      today: this.today(),
      calendar: this.domain.calendar,
      issueWorkingDays: this.domain.policy.rules.issue.workingDays,
      reissueWorkingDays: this.domain.policy.rules.reissue.workingDays,
      csrf: this.csrfToken(page),
      travel,
    });
    model.layout.hasErrors = model.errorSummary.errors.length > 0;
    this.render(res, page, model.layout.hasErrors ? 400 : 200, statusTemplate(model));
  }

  @Post('card/address-confirmation')
  @UseGuards(CsrfGuard)
  async confirmAddress(@Body() body: unknown, @Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): Promise<void> {
    readForm(body, []);
    const page = this.context(web, query);
    const session = this.sessions.read(web, this.clock.now());
    if (session === null || session === 'expired') return this.responder.redirect(res, this.expiredHref(session), page.cookies);
    try {
      await this.status.confirmAddressOf(session.cardId, page.language);
    } catch (error) {
      // A case cancelled meanwhile: the status page says so and offers no button.
      if (!(error instanceof ProblemException && error.getStatus() === 409)) throw error;
    }
    this.responder.redirect(res, `${APPLICANT_PATHS.card}#address`, page.cookies);
  }

  @Post('card/end')
  @UseGuards(CsrfGuard)
  end(@Body() body: unknown, @Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): void {
    readForm(body, []);
    const page = this.context(web, query);
    this.responder.redirect(res, APPLICANT_PATHS.lookup, [...page.cookies, this.sessions.end(web.secure)]);
  }

  @Get('travel')
  travel(@Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): void {
    const page = this.context(web, query);
    const travel: TravelInput = readQuery(query, ['departure', 'appointment']);
    const layout = this.layout(page, MESSAGES[page.language].applicant.planner.title, APPLICANT_PATHS.travel, { keep: travel });
    const model = plannerPage(layout, {
      language: page.language,
      today: this.today(),
      calendar: this.domain.calendar,
      issueWorkingDays: this.domain.policy.rules.issue.workingDays,
      travel,
    });
    model.layout.hasErrors = model.errorSummary.errors.length > 0;
    this.render(res, page, model.layout.hasErrors ? 400 : 200, plannerTemplate(model));
  }

  /** The language of this request, and the cookie that remembers a choice made with the switch. */
  private context(web: WebRequest, query: unknown): PageContext {
    return { web, ...this.pages.language(web, query) };
  }

  /** The CSRF token for this page's forms (and the cookie it is bound to, when new). */
  private csrfToken(page: PageContext): { name: string; token: string } {
    const { token, cookie } = this.csrf.issue(page.web);
    if (cookie) page.cookies.push(cookie);
    return { name: CSRF_FIELD, token };
  }

  /** The card of the session, or where to go without one. */
  private async provenView(web: WebRequest, language: MessageLanguage): Promise<ApplicantView | string> {
    const session = this.sessions.read(web, this.clock.now());
    if (session === null || session === 'expired') return this.expiredHref(session);
    return (await this.status.viewOf(session.cardId, language)) ?? APPLICANT_PATHS.lookup;
  }

  private expiredHref(session: 'expired' | null): string {
    return session === 'expired' ? `${APPLICANT_PATHS.lookup}?expired=1` : APPLICANT_PATHS.lookup;
  }

  private renderLookup(res: unknown, page: PageContext, status: number, input: LookupInput): void {
    const layout = this.layout(page, MESSAGES[page.language].applicant.lookup.title, APPLICANT_PATHS.lookup, {
      hasErrors: input.errors !== undefined,
    });
    this.render(res, page, status, lookupTemplate(lookupPage(layout, page.language, this.csrfToken(page), input)));
  }

  private renderTooManyTries(res: unknown, page: PageContext, retryAfterSeconds: number): void {
    const seconds = Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? retryAfterSeconds : 60;
    const layout = this.layout(page, MESSAGES[page.language].applicant.tooManyTries.title, APPLICANT_PATHS.lookup);
    const retryAt = new Date(this.clock.now().getTime() + seconds * 1000);
    this.responder.page(res, {
      status: 429,
      document: tooManyTriesTemplate(tooManyTriesPage(layout, page.language, retryAt, seconds, this.domain.zone)),
      language: page.language,
      cookies: page.cookies,
      headers: { 'Retry-After': String(seconds) },
    });
  }

  private layout(page: PageContext, title: string, path: string, more: Pick<LayoutRequest, 'keep' | 'hasErrors'> = {}): LayoutModel {
    return this.pages.layout({ site: APPLICANT_SITE, language: page.language, title, path, ...more });
  }

  private render(res: unknown, page: PageContext, status: number, document: Html): void {
    this.responder.page(res, { status, document, language: page.language, cookies: page.cookies });
  }

  private today(): string {
    return businessDate(this.clock.now(), this.domain.zone);
  }
}
