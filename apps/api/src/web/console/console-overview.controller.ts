import { Body, Controller, Get, Inject, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { addCalendarDays, endOfBusinessDay, POLICE_DISTRICTS, startOfBusinessDay, type PoliceDistrict } from '@cardtrail/card-lifecycle';
import { ConsoleQueries, type CardRecord, type CardSearch } from '@cardtrail/infra';
import { CurrentUser, Public } from '../../auth/auth.decorators';
import type { AuthUser } from '../../auth/jwt';
import { normaliseReference } from '../applicant/lookup-form';
import { CsrfGuard } from '../http/csrf';
import { readForm, readQuery } from '../http/form';
import { Web, type WebRequest } from '../http/web-request';
import { WebPageException } from '../http/web-page.exception';
import { ConsoleGuard } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsolePages, type ConsoleRequest } from './console-pages';
import { overviewPage } from './console-overview.view';
import { overviewTemplate } from './console-overview.templates';
import { CONSOLE_PATHS } from './console-site';

/** At most this many cards per list on the overview (the counts are complete). */
export const OVERVIEW_LIST_LIMIT = 50;
/** "Due soon": due within this many working days from today. */
export const DUE_SOON_WORKING_DAYS = 5;

/**
 * The console's first page: the district overview, and the search by reference or DUF number
 * (a POST, so a DUF number never sits in a URL). `@Public()` only tells the API's bearer-token
 * guard to stand aside; `ConsoleGuard` checks the session cookie's token instead.
 */
@Public()
@ApiExcludeController()
@Controller('console')
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleExceptionFilter)
export class ConsoleOverviewController {
  constructor(
    private readonly pages: ConsolePages,
    @Inject(ConsoleQueries) private readonly queries: ConsoleQueries,
  ) {}

  @Get()
  async overview(@CurrentUser() user: AuthUser, @Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): Promise<void> {
    const page = this.pages.request(web, query, user);
    const district = this.districtOf(user, readQuery(query, ['district']).district);
    await this.render(res, page, user, district, 200, {});
  }

  @Post('search')
  @UseGuards(CsrfGuard)
  async search(@Body() body: unknown, @CurrentUser() user: AuthUser, @Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): Promise<void> {
    const page = this.pages.request(web, query, user);
    const { q } = readForm(body, ['q']);
    const words = page.words.search.errors;
    const district = user.role === 'admin' ? null : (user.district ?? null);
    const typed = q.trim();
    const dufNumber = typed.replace(/[\s.-]+/g, '');
    const reference = normaliseReference(typed);
    let search: CardSearch | null = null;
    if (/^\d{12}$/.test(dufNumber)) search = { dufNumber };
    else if (reference !== null) search = { reference };
    if (search === null) {
      return this.render(res, page, user, district, 400, { value: q, error: typed === '' ? words.missing : words.format });
    }
    const found = await this.queries.search(search, district);
    // One card: straight to it (its id is not personal data); several (one DUF number, several
    // applications) or none: the answer to this POST, never a URL with the DUF number.
    if (found.length === 1 && found[0]) return this.pages.redirect(res, page, CONSOLE_PATHS.card(found[0].id));
    await this.render(res, page, user, district, found.length === 0 ? 404 : 200, { value: q, found });
  }

  /** A caseworker sees their own district; an admin the one asked for, or all. */
  private districtOf(user: AuthUser, asked: string | undefined): PoliceDistrict | null {
    if (user.role !== 'admin') {
      if (asked !== undefined && asked !== user.district) throw new WebPageException('forbidden', 403);
      return user.district ?? null;
    }
    if (asked === undefined || asked === 'all' || asked === '') return null;
    if (!(POLICE_DISTRICTS as readonly string[]).includes(asked)) throw new WebPageException('malformed', 400);
    return asked as PoliceDistrict;
  }

  private async render(
    res: unknown,
    page: ConsoleRequest,
    user: AuthUser,
    district: PoliceDistrict | null,
    status: number,
    search: { value?: string; error?: string; found?: CardRecord[] },
  ): Promise<void> {
    const { calendar, zone } = this.pages.domain;
    const now = this.pages.now();
    const today = this.pages.today();
    const lists = await this.queries.overview({
      district,
      today,
      dueSoonUntil: calendar.addWorkingDays(today, DUE_SOON_WORKING_DAYS),
      appointmentsFrom: startOfBusinessDay(today, zone),
      appointmentsTo: endOfBusinessDay(addCalendarDays(today, 1), zone),
      limit: OVERVIEW_LIST_LIMIT,
    });
    const layout = this.pages.layout(page, {
      title: page.words.overview.title,
      path: CONSOLE_PATHS.overview,
      section: 'overview',
      keep: { district: user.role === 'admin' ? (district ?? undefined) : undefined },
      hasErrors: search.error !== undefined,
    });
    const model = overviewPage(layout, {
      language: page.language,
      messages: page.messages,
      district,
      isAdmin: user.role === 'admin',
      lists,
      limit: OVERVIEW_LIST_LIMIT,
      now,
      zone,
      calendar,
      search: { csrf: this.pages.csrfToken(page), value: search.value, error: search.error, found: search.found },
    });
    this.pages.render(res, page, status, overviewTemplate(model));
  }
}
