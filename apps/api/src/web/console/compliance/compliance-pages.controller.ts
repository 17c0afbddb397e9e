import { Controller, Get, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  DISTRICT_NAMES,
  POLICE_DISTRICTS,
  type IsoDate,
  type MessageLanguage,
  type PoliceDistrict,
} from '@cardtrail/card-lifecycle';
import { CurrentUser, Public } from '../../../auth/auth.decorators';
import { assertDistrictAccess } from '../../../auth/district-access';
import type { AuthUser } from '../../../auth/jwt';
import { deadlineReportCsv } from '../../../reports/deadline-report';
import type { DeadlineFigures, DeadlineReport } from '../../../reports/reports.schemas';
import { ReportsService } from '../../../reports/reports.service';
import { parseDateInput, readQuery } from '../../http/form';
import { WebPageException } from '../../http/web-page.exception';
import { Web, type WebRequest } from '../../http/web-request';
import type { FieldError } from '../../templates/components';
import { ConsoleGuard, ConsoleRoles } from '../console-auth';
import { ConsoleExceptionFilter } from '../console-exception.filter';
import { ConsolePages, type ConsoleRequest } from '../console-pages';
import { CONSOLE_PATHS } from '../console-site';
import { complianceTemplate, type ComplianceRow, type CompliancePageModel } from './compliance.templates';

const FIRST_DATE = '1970-01-01';
const LAST_DATE = '2199-12-31';

type Period = { from: IsoDate; to: IsoDate; districts: 'all' | PoliceDistrict };

/**
 * Compliance (on time, median working days to delivery) per district and month over any period:
 * a GET form, so a report is a bookmarkable address, the chart beside its table, a CSV download.
 * Caseworkers see their district, admins any or all, by the API's rules and through its report.
 */
@Public()
@ApiExcludeController()
@Controller('console/compliance')
@UseGuards(ConsoleGuard)
@ConsoleRoles('caseworker', 'admin')
@UseFilters(ConsoleExceptionFilter)
export class CompliancePagesController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly reports: ReportsService,
  ) {}

  @Get()
  async show(@CurrentUser() user: AuthUser, @Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): Promise<void> {
    const page = this.pages.request(web, query, user);
    const words = page.words.compliance;
    const asked = readQuery(query, ['from', 'to', 'district']);
    const today = this.pages.today();
    const input = {
      from: asked.from ?? `${Number(today.slice(0, 4)) - 1}-01-01`,
      to: asked.to ?? today,
      district: asked.district ?? (user.role === 'admin' ? 'all' : (user.district ?? '')),
    };
    const errors: FieldError[] = [];
    const from = parseDateInput(input.from);
    const to = parseDateInput(input.to);
    if (!from) errors.push({ field: 'from', message: words.errors.fromInvalid });
    else if (from < FIRST_DATE || from > LAST_DATE) errors.push({ field: 'from', message: words.errors.range });
    if (!to) errors.push({ field: 'to', message: words.errors.toInvalid });
    else if (to < FIRST_DATE || to > LAST_DATE) errors.push({ field: 'to', message: words.errors.range });
    if (errors.length === 0 && from! > to!) errors.push({ field: 'from', message: words.errors.order });

    const districts = this.districtsFor(user, input.district);
    let report: DeadlineReport | null = null;
    if (errors.length === 0) {
      report = await this.reports.deadlines(
        { from: from!, to: to!, ...(districts === 'all' ? {} : { policeDistrict: districts }) },
        user,
      );
    }
    const period: Period | null = report ? { from: from!, to: to!, districts } : null;
    const layout = this.pages.layout(page, {
      title: words.title,
      path: CONSOLE_PATHS.compliance,
      section: 'compliance',
      keep: asked.from || asked.to || asked.district ? input : undefined,
      hasErrors: errors.length > 0,
    });
    this.pages.render(res, page, errors.length > 0 ? 400 : 200, complianceTemplate(this.model(page, user, input, errors, layout, report, period)));
  }

  @Get('csv')
  async csv(@CurrentUser() user: AuthUser, @Query() query: unknown, @Res({ passthrough: true }) res: { header(name: string, value: string): unknown }): Promise<string> {
    const asked = readQuery(query, ['from', 'to', 'district', 'lang']);
    const from = parseDateInput(asked.from ?? '');
    const to = parseDateInput(asked.to ?? '');
    if (!from || !to || from > to || from < FIRST_DATE || to > LAST_DATE) {
      throw new WebPageException('malformed', 400);
    }
    const districts = this.districtsFor(user, asked.district ?? (user.role === 'admin' ? 'all' : (user.district ?? '')));
    const report = await this.reports.deadlines({ from, to, ...(districts === 'all' ? {} : { policeDistrict: districts }) }, user);
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', `attachment; filename="cardtrail-deadlines-${districts}-${from}-${to}.csv"`);
    res.header('Cache-Control', 'no-store');
    return deadlineReportCsv(report);
  }

  /** Admins: `all` or one district; caseworkers: their own (another is the no-access page, by the API's rule). */
  private districtsFor(user: AuthUser, asked: string): 'all' | PoliceDistrict {
    if (user.role === 'admin') return (POLICE_DISTRICTS as readonly string[]).includes(asked) ? (asked as PoliceDistrict) : 'all';
    assertDistrictAccess(user, asked);
    return asked as PoliceDistrict;
  }

  private model(
    page: ConsoleRequest,
    user: AuthUser,
    input: { from: string; to: string; district: string },
    errors: FieldError[],
    layout: CompliancePageModel['layout'],
    report: DeadlineReport | null,
    period: Period | null,
  ): CompliancePageModel {
    const words = page.words.compliance;
    const language = page.language;
    const error = (field: string) => errors.find((e) => e.field === field)?.message;
    const f = formatters(language);
    const monthName = (month: string) => `${page.words.months[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
    const row = (label: string, x: DeadlineFigures, openOverdue?: number): ComplianceRow => ({
      label,
      delivered: f.count(x.delivered),
      onTime: f.count(x.onTime),
      late: f.count(x.late),
      onTimeRate: x.onTimeRate === null ? '–' : f.percent(x.onTimeRate),
      median: x.medianWorkingDaysToDelivery === null ? '–' : f.decimal(x.medianWorkingDaysToDelivery),
      ...(openOverdue === undefined ? {} : { openOverdue: f.count(openOverdue) }),
    });
    const c = words.columns;
    let result: CompliancePageModel['result'] = null;
    if (report && period) {
      const scope = period.districts === 'all' ? report.total : report.districts[0]!;
      const what = period.districts === 'all' ? words.allSelected : DISTRICT_NAMES[period.districts][language];
      const human = (d: IsoDate) => f.date(d);
      const months = scope.months;
      const query = new URLSearchParams({ from: period.from, to: period.to, district: period.districts });
      result = {
        summary: words.summary(human(period.from), human(period.to), f.count(scope.delivered), scope.onTimeRate === null ? null : f.percent(scope.onTimeRate)),
        noDeliveries: scope.delivered === 0 ? words.noDeliveries : null,
        chart:
          scope.delivered === 0
            ? null
            : {
                heading: words.chartHeading,
                description: words.chartDescription(what),
                bars: months.map((m) => ({
                  label: monthName(m.month),
                  rate: m.onTimeRate,
                  text: `${monthName(m.month)}: ${m.onTimeRate === null ? '–' : f.percent(m.onTimeRate)}`,
                })),
                firstLabel: monthName(months[0]!.month),
                lastLabel: monthName(months[months.length - 1]!.month),
              },
        months: {
          caption: words.monthTableCaption(what),
          columns: [c.month, c.delivered, c.onTime, c.late, c.onTimeRate, c.median],
          rows: months.map((m) => row(monthName(m.month), m)),
        },
        districts:
          period.districts === 'all'
            ? {
                caption: words.districtTableCaption,
                columns: [c.district, c.delivered, c.onTime, c.late, c.onTimeRate, c.median, c.openOverdue],
                rows: [
                  ...report.districts.map((d) => row(DISTRICT_NAMES[d.policeDistrict][language], d, d.openOverdue)),
                  row(words.total, report.total, report.total.openOverdue),
                ],
              }
            : null,
        download: { href: `${CONSOLE_PATHS.compliance}/csv?${query.toString()}`, text: words.download },
      };
    }
    return {
      layout,
      title: words.title,
      intro: words.intro,
      errorSummary: { heading: page.messages.common.errorSummaryHeading, errors },
      form: {
        action: CONSOLE_PATHS.compliance,
        from: { label: words.fromLabel, hint: words.dateHint, value: input.from, error: error('from') },
        to: { label: words.toLabel, hint: words.dateHint, value: input.to, error: error('to') },
        district:
          user.role === 'admin'
            ? {
                label: words.districtLabel,
                options: [
                  { value: 'all', text: words.allDistricts, selected: !(POLICE_DISTRICTS as readonly string[]).includes(input.district) },
                  ...POLICE_DISTRICTS.map((d) => ({ value: d, text: DISTRICT_NAMES[d][language], selected: d === input.district })),
                ],
              }
            : null,
        submit: words.submit,
      },
      result,
    };
  }
}

function formatters(language: MessageLanguage) {
  const locale = language === 'en' ? 'en-GB' : 'nb-NO';
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return {
    count: (n: number) => count.format(n),
    percent: (n: number) => percent.format(n),
    decimal: (n: number) => decimal.format(n),
    date: (d: IsoDate) => date.format(new Date(`${d}T12:00:00Z`)),
  };
}
