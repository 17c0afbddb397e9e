import { Body, Controller, Get, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { formatHumanDate, formatHumanInstant, type IsoDate } from '@cardtrail/card-lifecycle';
import { CurrentUser, Public } from '../../../auth/auth.decorators';
import type { AuthUser } from '../../../auth/jwt';
import { ClosuresService } from '../../../calendar/closures.service';
import type { ClosureChangeView } from '../../../calendar/closures.schemas';
import { ProblemException } from '../../../common/problem';
import { CsrfGuard } from '../../http/csrf';
import { parseDateInput, readForm, readQuery } from '../../http/form';
import { Web, type WebRequest } from '../../http/web-request';
import type { FieldError } from '../../templates/components';
import { ConsoleGuard, ConsoleRoles } from '../console-auth';
import { ConsoleExceptionFilter } from '../console-exception.filter';
import { ConsolePages, type ConsoleRequest } from '../console-pages';
import { CONSOLE_PATHS } from '../console-site';
import { closuresTemplate } from './closures.templates';

const REASON_MAX = 200;

interface Problems {
  errors: FieldError[];
  add?: { date: string; reason: string };
  removeError?: { iso: string; message: string };
}

/**
 * Closure days (admins): close a date or reopen one, through the same service as
 * `PUT/DELETE /v1/calendar/closures/{date}`, and see how many deadlines each change moved.
 */
@Public()
@ApiExcludeController()
@Controller('console/closures')
@UseGuards(ConsoleGuard)
@ConsoleRoles('admin')
@UseFilters(ConsoleExceptionFilter)
export class ClosuresPagesController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly closures: ClosuresService,
  ) {}

  @Get()
  async show(@CurrentUser() user: AuthUser, @Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): Promise<void> {
    const page = this.pages.request(web, query, user);
    const { done, date } = readQuery(query, ['done', 'date']);
    const words = page.words.closures;
    const iso = date && parseDateInput(date);
    const human = iso ? formatHumanDate(iso, page.language) : null;
    const notice =
      human && done === 'added' ? words.notices.added(human) : human && done === 'removed' ? words.notices.removed(human) : human && done === 'already' ? words.notices.already(human) : null;
    await this.render(res, page, 200, notice, { errors: [] });
  }

  @Post()
  @UseGuards(CsrfGuard)
  async add(@CurrentUser() user: AuthUser, @Body() body: unknown, @Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): Promise<void> {
    const page = this.pages.request(web, query, user);
    const words = page.words.closures;
    const form = readForm(body, ['date', 'reason'], { maxLength: { reason: 1000 } });
    const errors: FieldError[] = [];
    const iso = this.checkDate(form.date, words, errors, 'date');
    const reason = this.checkReason(form.reason, words, errors, 'reason');
    if (errors.length === 0) {
      try {
        const { created } = await this.closures.add(iso!, reason!, user.sub);
        return this.pages.redirect(res, page, `${CONSOLE_PATHS.closures}?done=${created ? 'added' : 'already'}&date=${iso}`);
      } catch (error) {
        errors.push({ field: 'date', message: this.conflictMessage(error, iso!, page) });
      }
    }
    await this.render(res, page, 400, null, { errors, add: form });
  }

  @Post('remove')
  @UseGuards(CsrfGuard)
  async remove(@CurrentUser() user: AuthUser, @Body() body: unknown, @Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): Promise<void> {
    const page = this.pages.request(web, query, user);
    const words = page.words.closures;
    const form = readForm(body, ['date', 'reason'], { maxLength: { reason: 1000 } });
    const iso = parseDateInput(form.date);
    if (!iso) return this.render(res, page, 400, null, { errors: [{ field: 'date', message: words.errors.dateInvalid }] });
    const errors: FieldError[] = [];
    const reason = this.checkReason(form.reason, words, errors, `reason-${iso}`);
    if (errors.length === 0) {
      try {
        await this.closures.remove(iso, reason!, user.sub);
        return this.pages.redirect(res, page, `${CONSOLE_PATHS.closures}?done=removed&date=${iso}`);
      } catch (error) {
        errors.push({ field: `reason-${iso}`, message: this.conflictMessage(error, iso, page) });
      }
    }
    await this.render(res, page, 400, null, { errors, removeError: { iso, message: errors[0]!.message } });
  }

  private checkDate(value: string, words: ConsoleRequest['words']['closures'], errors: FieldError[], field: string): IsoDate | null {
    const iso = parseDateInput(value);
    if (!iso) errors.push({ field, message: words.errors.dateInvalid });
    else if (iso < '1970-01-01' || iso > '2199-12-31') errors.push({ field, message: words.errors.dateRange });
    return iso;
  }

  private checkReason(value: string, words: ConsoleRequest['words']['closures'], errors: FieldError[], field: string): string | null {
    const reason = value.trim();
    if (reason === '') errors.push({ field, message: words.errors.reasonMissing });
    else if (reason.length > REASON_MAX) errors.push({ field, message: words.errors.reasonTooLong });
    return reason;
  }

  /** The service's 409 and 404, in the page's words. */
  private conflictMessage(error: unknown, iso: IsoDate, page: ConsoleRequest): string {
    if (!(error instanceof ProblemException) || ![404, 409].includes(error.problem.status)) throw error;
    const words = page.words.closures.errors;
    const human = formatHumanDate(iso, page.language);
    if (error.problem.status === 404) return words.notClosed(human);
    if (this.pages.domain.calendar.holidays(Number(iso.slice(0, 4))).some((h) => h.date === iso)) {
      const holiday = this.pages.domain.calendar.holidays(Number(iso.slice(0, 4))).find((h) => h.date === iso)!;
      return words.holiday(human, holiday.name);
    }
    if (error.problem.detail.includes('EXTRA_CLOSED_DAYS')) return words.startUp(human);
    return words.weekend(human);
  }

  private async render(res: unknown, page: ConsoleRequest, status: number, notice: string | null, problems: Problems): Promise<void> {
    const words = page.words.closures;
    const list = await this.closures.list();
    const human = (d: IsoDate) => formatHumanDate(d, page.language);
    const when = (at: string) => formatHumanInstant(at, page.language, this.pages.domain.zone);
    const moved = (c: ClosureChangeView) => (c.recomputedAt === null ? words.pending : words.moved(c.deadlinesMoved));
    const error = (field: string) => problems.errors.find((e) => e.field === field)?.message;
    const layout = this.pages.layout(page, {
      title: words.title,
      path: CONSOLE_PATHS.closures,
      section: 'closures',
      hasErrors: problems.errors.length > 0,
    });
    const document = closuresTemplate({
      layout,
      title: words.title,
      intro: words.intro,
      notice,
      errorSummary: { heading: page.messages.common.errorSummaryHeading, errors: problems.errors },
      csrf: this.pages.csrfToken(page),
      startUp: list.startUp.length > 0 ? { heading: words.startUpHeading, text: words.startUpText, dates: list.startUp.map(human) } : null,
      inForce: {
        heading: words.inForceHeading,
        none: words.none,
        columns: words.columns,
        rows: list.closures.map((c) => ({ iso: c.date, date: human(c.date), reason: c.reason, by: c.by, at: when(c.at), moved: moved(c) })),
        remove: { action: `${CONSOLE_PATHS.closures}/remove`, reasonLabel: words.removeReasonLabel, submit: words.removeSubmit, error: problems.removeError },
      },
      add: {
        heading: words.addHeading,
        action: CONSOLE_PATHS.closures,
        date: { label: words.dateLabel, hint: words.dateHint, value: problems.add?.date ?? '', error: error('date') },
        reason: { label: words.reasonLabel, hint: words.reasonHint, value: problems.add?.reason ?? '', error: error('reason') },
        submit: words.addSubmit,
      },
      history: {
        heading: words.historyHeading,
        columns: [words.columns.at, words.columns.date, words.columns.change, words.columns.reason, words.columns.by, words.columns.moved],
        rows: list.changes.map((c) => ({
          at: when(c.at),
          date: human(c.date),
          action: words.actions[c.action],
          reason: c.reason,
          by: c.by,
          moved: moved(c),
        })),
      },
    });
    this.pages.render(res, page, status, document);
  }
}
