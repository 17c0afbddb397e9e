import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/jwt';
import { ApiProblems, ApiZodBody, ApiZodQuery, ApiZodResponse } from '../common/openapi';
import { ZodValidationPipe } from '../common/zod-validation';
import { ApiProblem } from '../common/api-problem.decorator';
import { CardEventsService } from './card-events.service';
import { etagOf, type CardView } from './card-view';
import {
  cardListSchema,
  cardViewSchema,
  eventBodySchema,
  historySchema,
  listCardsQuerySchema,
  notificationListSchema,
  openCardBodySchema,
  recordedEventSchema,
  type ListCardsQuery,
  type OpenCardBody,
} from './cards.schemas';
import { CardsService, type HistoryEntry, type NotificationView } from './cards.service';
import { parseIdempotencyKey } from './idempotency';
import { parseIfMatch } from './if-match';

const cardIdParam = ApiParam({ name: 'id', description: 'The card id (UUID); anything else is a 404', format: 'uuid' });

/** Caseworkers (their own district) and admins (every district): cards and their events. */
@ApiTags('cards')
@Roles('caseworker', 'admin')
// Every operation reads or writes Postgres: its outage is a 503 with Retry-After.
@ApiProblems(503)
@Controller('cards')
export class CardsController {
  constructor(
    private readonly cards: CardsService,
    private readonly events: CardEventsService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Open a card record',
    description:
      'A caseworker opens cards of their own district. EU/EEA and Swiss nationals get a registration certificate instead: 422 CARD.EU_EEA_NATIONAL.',
  })
  @ApiZodBody(openCardBodySchema)
  @ApiZodResponse(cardViewSchema, { status: 201, description: 'The new card, awaiting an appointment; Location and ETag set' })
  @ApiProblems(400, 413, 415)
  @ApiProblem(422, 'EU/EEA or Swiss national (code CARD.EU_EEA_NATIONAL): they get a registration certificate')
  async open(
    @Body(new ZodValidationPipe(openCardBodySchema)) body: OpenCardBody,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<CardView> {
    const view = await this.cards.open(body, user);
    res.header('Location', `/v1/cards/${view.id}`);
    res.header('ETag', etagOf(view.version));
    return view;
  }

  @Get()
  @ApiOperation({
    summary: 'List cards, newest last, with filters and cursor pagination',
    description:
      'A caseworker sees their own district only (asking for another is a 403). `overdue=true`: the deadline was breached or its due date has ended undelivered.',
  })
  @ApiZodQuery(listCardsQuerySchema)
  @ApiZodResponse(cardListSchema, { description: 'One page of cards' })
  @ApiProblems(400)
  list(
    @Query(new ZodValidationPipe(listCardsQuerySchema)) query: ListCardsQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<{ items: CardView[]; nextCursor: string | null }> {
    return this.cards.list(query, user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a card', description: 'The ETag is the card version, for If-Match on recording events.' })
  @cardIdParam
  @ApiZodResponse(cardViewSchema, { description: 'The card' })
  @ApiProblems(404)
  async get(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: FastifyReply): Promise<CardView> {
    const view = await this.cards.get(id, user);
    res.header('ETag', etagOf(view.version));
    return view;
  }

  @Post(':id/events')
  @ApiOperation({
    summary: 'Record an event on a card',
    description:
      'Refused transition: 409 with `code`, `cardStatus` and `allowedEvents`. A domain rule broken (guardian, fingerprints, occurredAt in the future or before the previous event): 422 with `code`. ' +
      'ReissueOrdered, DeadlineBreached and DeadlineRecomputed are recorded by the system: 422 CARD.SYSTEM_EVENT. ' +
      'Idempotency-Key: a retry with the same key and request replays the first answer (201, 409 or 422) with `Idempotent-Replayed: true`; the same key with another request is a 422; while the first is in progress, a 409.',
  })
  @cardIdParam
  @ApiHeader({ name: 'If-Match', required: false, description: 'The card version the caller saw ("3"); stale: 412' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1–200 visible ASCII characters, scoped to the caller; kept 24 h' })
  @ApiZodBody(eventBodySchema)
  @ApiZodResponse(recordedEventSchema, { status: 201, description: 'The stored event and the card after it; ETag set' })
  @ApiProblems(400, 404, 412, 413, 415)
  @ApiProblem(
    409,
    'The event is not allowed in the card status (code CARD.TRANSITION_NOT_ALLOWED, with cardStatus and allowedEvents), or a request with the same Idempotency-Key is in progress',
  )
  @ApiProblem(
    422,
    'A domain rule refused the event (code: CARD.GUARDIAN_REQUIRED, CARD.FINGERPRINTS_REQUIRED, CARD.OCCURRED_IN_FUTURE, CARD.OCCURRED_BEFORE_PREVIOUS_EVENT, CARD.INVALID_INSTANT, CARD.SYSTEM_EVENT), or the Idempotency-Key was used for another request',
  )
  async record(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const answer = await this.events.record({
      cardId: id,
      path: `/v1/cards/${id}/events`,
      body,
      user,
      expectedVersion: parseIfMatch(ifMatch),
      idempotencyKey: parseIdempotencyKey(idempotencyKey),
    });
    res.code(answer.status).headers({ 'Content-Type': 'application/json; charset=utf-8', ...answer.headers });
    if (answer.replayed) res.header('Idempotent-Replayed', 'true');
    await res.send(JSON.stringify(answer.body));
  }

  @Get(':id/events')
  @ApiOperation({ summary: "A card's history, oldest first" })
  @cardIdParam
  @ApiZodResponse(historySchema, { description: 'Every event recorded on the card' })
  @ApiProblems(404)
  history(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<{ items: HistoryEntry[] }> {
    return this.cards.history(id, user);
  }

  @Get(':id/notifications')
  @ApiOperation({ summary: "A card's notifications with their status, as the workers recorded them" })
  @cardIdParam
  @ApiZodResponse(notificationListSchema, { description: 'Notifications, by due time' })
  @ApiProblems(404)
  notifications(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<{ items: NotificationView[] }> {
    return this.cards.notifications(id, user);
  }
}
