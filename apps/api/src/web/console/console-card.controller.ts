import { Body, Controller, Get, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { allowedEventsFrom, isAddressConfirmed, RECORDABLE_EVENT_TYPES, type CardStatus, type RecordableEventType } from '@cardtrail/card-lifecycle';
import { CardStore } from '@cardtrail/infra';
import { CurrentUser, Public } from '../../auth/auth.decorators';
import type { AuthUser } from '../../auth/jwt';
import { CardEventsService } from '../../cards/card-events.service';
import type { CardView } from '../../cards/card-view';
import { CardsService } from '../../cards/cards.service';
import { ProblemException, type ProblemDocument } from '../../common/problem';
import { CsrfGuard } from '../http/csrf';
import { readForm, readQuery } from '../http/form';
import { Web, type WebRequest } from '../http/web-request';
import { WebPageException } from '../http/web-page.exception';
import { ConsoleGuard } from './console-auth';
import { cardPage } from './console-card.view';
import { cardTemplate, openTemplate, recordTemplate } from './console-card.templates';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { compactInstant } from './console-formats';
import { ADDRESS_LINE_MAX, recordPage } from './console-forms.view';
import { ConsolePages, type ConsoleRequest } from './console-pages';
import { CONSOLE_PATHS } from './console-site';
import { EVENT_FIELDS, eventBodyFromForm, refusalField, type EventFormErrors, type EventFormValues } from './event-forms';
import { OPEN_FIELDS, OPENING_CODES, openBodyFromForm, openPage, type OpenErrors, type OpenValues } from './open-card-form';

/** Address lines may be as long as the API takes them; every other field keeps the pages' limit. */
const ADDRESS_LINES = { line1: ADDRESS_LINE_MAX, line2: ADDRESS_LINE_MAX };

function recordableType(type: string): RecordableEventType {
  if (!(RECORDABLE_EVENT_TYPES as readonly string[]).includes(type)) throw new WebPageException('notFound', 404);
  return type as RecordableEventType;
}

/**
 * A card's page, the form for its next event, and the form to open a card. Reads and writes go
 * through the API's own services (`CardsService`, `CardEventsService`): the same validation,
 * district rule, decision and `If-Match` version check as `POST /v1/cards/{id}/events`.
 */
@Public()
@ApiExcludeController()
@Controller('console/cards')
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleExceptionFilter)
export class ConsoleCardController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly cards: CardsService,
    private readonly events: CardEventsService,
    private readonly store: CardStore,
  ) {}

  @Get('new')
  openForm(@CurrentUser() user: AuthUser, @Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): void {
    const page = this.pages.request(web, query, user);
    this.renderOpen(res, page, user, 200, {}, {});
  }

  @Post('new')
  @UseGuards(CsrfGuard)
  async open(@Body() body: unknown, @CurrentUser() user: AuthUser, @Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): Promise<void> {
    const page = this.pages.request(web, query, user);
    const form = readForm(body, OPEN_FIELDS, { maxLength: ADDRESS_LINES }) as OpenValues;
    const words = page.words.open.errors;
    const checked = openBodyFromForm(form, words);
    if (!checked.ok) return this.renderOpen(res, page, user, 400, form, checked.errors);
    let card: CardView;
    try {
      card = await this.cards.open(checked.body, user);
    } catch (error) {
      const code = error instanceof ProblemException ? (error.problem as ProblemDocument & { code?: string }).code : undefined;
      const known = code === undefined ? undefined : OPENING_CODES[code];
      if (!known || !(error instanceof ProblemException)) throw error;
      return this.renderOpen(res, page, user, error.getStatus(), form, { [known.field]: words[known.message] });
    }
    this.pages.redirect(res, page, `${CONSOLE_PATHS.card(card.id)}?opened=1`);
  }

  @Get(':id')
  async card(@Param('id') id: string, @CurrentUser() user: AuthUser, @Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): Promise<void> {
    const page = this.pages.request(web, query, user);
    const card = await this.cards.get(id, user);
    const [{ items: history }, { items: notifications }, record] = await Promise.all([
      this.cards.history(id, user),
      this.cards.notifications(id, user),
      this.store.load(id),
    ]);
    const { recorded, opened } = readQuery(query, ['recorded', 'opened']);
    const notice =
      recorded !== undefined && (RECORDABLE_EVENT_TYPES as readonly string[]).includes(recorded)
        ? { recorded: recorded as RecordableEventType }
        : opened !== undefined
          ? { opened: true as const }
          : null;
    const layout = this.pages.layout(page, { title: page.words.card.title(card.reference), path: CONSOLE_PATHS.card(card.id) });
    const model = cardPage(layout, {
      language: page.language,
      messages: page.messages,
      card,
      history,
      notifications,
      addressConfirmed: record !== null && isAddressConfirmed(record.state),
      now: this.pages.now(),
      zone: this.pages.domain.zone,
      calendar: this.pages.domain.calendar,
      notice,
    });
    this.pages.render(res, page, 200, cardTemplate(model));
  }

  @Get(':id/events/:type')
  async recordForm(
    @Param('id') id: string,
    @Param('type') typeParam: string,
    @CurrentUser() user: AuthUser,
    @Web() web: WebRequest,
    @Query() query: unknown,
    @Res() res: unknown,
  ): Promise<void> {
    const type = recordableType(typeParam);
    const page = this.pages.request(web, query, user);
    const card = await this.cards.get(id, user);
    const values: EventFormValues = { occurredAt: compactInstant(this.pages.now(), this.pages.domain.zone) };
    if (type === 'BiometricsCaptured') values.fingerprints = 'yes';
    const allowed = allowedEventsFrom(card.status as CardStatus).includes(type);
    this.renderRecord(res, page, card, type, allowed ? 200 : 409, values, {}, null);
  }

  @Post(':id/events/:type')
  @UseGuards(CsrfGuard)
  async record(
    @Param('id') id: string,
    @Param('type') typeParam: string,
    @Body() body: unknown,
    @CurrentUser() user: AuthUser,
    @Web() web: WebRequest,
    @Query() query: unknown,
    @Res() res: unknown,
  ): Promise<void> {
    const type = recordableType(typeParam);
    const page = this.pages.request(web, query, user);
    const form = readForm(body, ['version', 'occurredAt', ...EVENT_FIELDS[type]], { maxLength: ADDRESS_LINES }) as EventFormValues & { version: string };
    if (!/^\d{1,9}$/.test(form.version)) throw new WebPageException('malformed', 400);
    const seen = Number(form.version);
    const values: EventFormValues = { ...form };
    const words = page.words.record.errors;
    const checked = eventBodyFromForm(type, values, words, this.pages.domain.zone);
    if (!checked.ok) return this.renderRecord(res, page, await this.cards.get(id, user), type, 400, values, checked.errors, null, seen);

    let answer;
    try {
      answer = await this.events.record({ cardId: id, path: `/v1/cards/${id}/events`, body: checked.body, user, expectedVersion: seen });
    } catch (error) {
      if (error instanceof ProblemException && error.getStatus() === 412) {
        // Someone recorded an event since this form was opened: say what, and offer the form
        // again at the card's current version (or say the event no longer fits).
        const card = await this.cards.get(id, user);
        const { items } = await this.cards.history(id, user);
        const changes = items.filter((entry) => entry.seq > seen);
        return this.renderRecord(res, page, card, type, 409, values, {}, changes);
      }
      if (error instanceof ProblemException && error.getStatus() === 400) {
        return this.renderRecord(res, page, await this.cards.get(id, user), type, 400, values, { occurredAt: words.dateTime }, null, seen);
      }
      throw error;
    }
    if (answer.status === 201) {
      return this.pages.redirect(res, page, `${CONSOLE_PATHS.card(id)}?recorded=${type}#timeline`);
    }
    const problem = answer.body as ProblemDocument & { code?: string };
    const card = await this.cards.get(id, user);
    const field = refusalField(problem.code ?? '');
    const errors: EventFormErrors = field ? { [field.field]: words[field.message] } : {};
    // A transition the card's status does not allow: the page says so in words (from the
    // library's allowed-events rule, through `allowedEventsFrom`).
    this.renderRecord(res, page, card, type, answer.status, values, errors, null, field ? seen : undefined);
  }

  private renderRecord(
    res: unknown,
    page: ConsoleRequest,
    card: CardView,
    type: RecordableEventType,
    status: number,
    values: EventFormValues,
    errors: EventFormErrors,
    changes: Awaited<ReturnType<CardsService['history']>>['items'] | null,
    version: number = card.version,
  ): void {
    const allowedNow = allowedEventsFrom(card.status as CardStatus);
    const title = page.words.record.title(page.words.eventNames[type]);
    const layout = this.pages.layout(page, {
      title,
      path: CONSOLE_PATHS.recordEvent(card.id, type),
      hasErrors: Object.keys(errors).length > 0,
    });
    const model = recordPage(layout, {
      language: page.language,
      messages: page.messages,
      cardId: card.id,
      reference: card.reference,
      status: page.words.statusNames[card.status],
      version,
      type,
      allowed: allowedNow.includes(type),
      allowedNow,
      values,
      errors,
      changes,
      actor: page.user?.sub ?? '',
      csrf: this.pages.csrfToken(page),
      zone: this.pages.domain.zone,
    });
    this.pages.render(res, page, status, recordTemplate(model));
  }

  private renderOpen(res: unknown, page: ConsoleRequest, user: AuthUser, status: number, values: Partial<OpenValues>, errors: OpenErrors): void {
    const words = page.words.open;
    const layout = this.pages.layout(page, {
      title: words.title,
      path: CONSOLE_PATHS.openCard,
      section: 'openCard',
      hasErrors: Object.keys(errors).length > 0,
    });
    const model = openPage(layout, { messages: page.messages, language: page.language, user, values, errors, csrf: this.pages.csrfToken(page) });
    this.pages.render(res, page, status, openTemplate(model));
  }
}
