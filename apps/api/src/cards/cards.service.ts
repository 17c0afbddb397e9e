import { Inject, Injectable } from '@nestjs/common';
import {
  businessDate,
  CardRefusedError,
  eventToJson,
  validateCardOpening,
  type PoliceDistrict,
  type ValidCardOpening,
} from '@cardtrail/card-lifecycle';
import {
  CLOCK,
  CardStore,
  DOMAIN,
  NotificationStore,
  type Clock,
  type Domain,
  type StoredCardEvent,
} from '@cardtrail/infra';
import { assertDistrictAccess } from '../auth/district-access';
import type { AuthUser } from '../auth/jwt';
import { ProblemException } from '../common/problem';
import { decodeCursor, encodeCursor } from './card-cursor';
import { toCardView, type CardView } from './card-view';
import type { ListCardsQuery, OpenCardBody } from './cards.schemas';

export const DEFAULT_PAGE_SIZE = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where a refused opening points in the request body, for the problem's `errors`. */
const OPENING_FIELDS: Record<string, string> = {
  'CARD.INVALID_NATIONALITY': 'applicant.nationality',
  'CARD.INVALID_DUF_NUMBER': 'dufNumber',
  'CARD.INVALID_DATE_OF_BIRTH': 'applicant.dateOfBirth',
  'CARD.DATE_OF_BIRTH_IN_FUTURE': 'applicant.dateOfBirth',
};

export interface HistoryEntry {
  seq: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  data: Record<string, unknown>;
}

export interface NotificationView {
  key: string;
  kind: string;
  audience: string;
  issueNumber: number;
  dueAt: string;
  status: string;
  attempts: number;
  reason: string | null;
  lastError: string | null;
  sentAt: string | null;
}

export function historyEntry(event: StoredCardEvent): HistoryEntry {
  return {
    seq: event.seq,
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    recordedAt: event.recordedAt.toISOString(),
    actor: event.actor,
    data: eventToJson(event).data,
  };
}

export function cardNotFound(id: string): ProblemException {
  return new ProblemException({ status: 404, type: 'card-not-found', title: 'Card not found', detail: `No card has the id ${id}.` });
}

/** A path id that is not a UUID names no card: 404, before it reaches Postgres' uuid cast. */
export function assertCardId(id: string): void {
  if (!UUID.test(id)) throw cardNotFound(id);
}

function openingProblem(error: CardRefusedError | undefined): ProblemException {
  if (error?.code === 'CARD.EU_EEA_NATIONAL') {
    return new ProblemException({
      status: 422,
      type: 'card/eu-eea-national',
      title: 'EU/EEA nationals get no residence card',
      detail: error.message,
      extensions: { code: error.code },
    });
  }
  const message = error?.message ?? 'The card cannot be opened with these details.';
  return new ProblemException({
    status: 400,
    type: 'validation-error',
    title: 'Validation failed',
    detail: message,
    errors: [{ field: (error && OPENING_FIELDS[error.code]) ?? 'body', message }],
    ...(error ? { extensions: { code: error.code } } : {}),
  });
}

/** Opening, reading and listing cards; reading their history and notifications. */
@Injectable()
export class CardsService {
  constructor(
    private readonly store: CardStore,
    private readonly notificationStore: NotificationStore,
    @Inject(DOMAIN) private readonly domain: Domain,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Order of checks: the body's shape (400, by the pipe), the caller's district (403), then the
   * domain's opening rules: an EU/EEA national is a 422 (a valid request the domain refuses);
   * an unknown country, an implausible DUF number or date of birth are 400 field errors.
   */
  async open(body: OpenCardBody, user: AuthUser): Promise<CardView> {
    assertDistrictAccess(user, body.policeDistrict);
    const now = this.clock.now();
    let valid: ValidCardOpening | undefined;
    let refused: CardRefusedError | undefined;
    try {
      valid = validateCardOpening(
        { dufNumber: body.dufNumber, nationality: body.applicant.nationality, dateOfBirth: body.applicant.dateOfBirth },
        now,
        this.domain.zone,
      );
    } catch (error) {
      if (!(error instanceof CardRefusedError)) throw error;
      refused = error;
    }
    if (refused !== undefined || valid === undefined) throw openingProblem(refused);
    const card = await this.store.open({
      dufNumber: valid.dufNumber,
      policeDistrict: body.policeDistrict,
      reason: body.reason,
      applicant: {
        fullName: body.applicant.fullName,
        dateOfBirth: valid.dateOfBirth,
        nationality: valid.nationality,
        ...(body.applicant.email !== undefined ? { email: body.applicant.email } : {}),
        ...(body.applicant.phone !== undefined ? { phone: body.applicant.phone } : {}),
        preferredLanguage: body.applicant.preferredLanguage,
      },
      address: body.address,
      createdBy: user.sub,
    });
    return toCardView(card, now, this.domain.zone);
  }

  async get(id: string, user: AuthUser): Promise<CardView> {
    assertCardId(id);
    const card = await this.store.load(id);
    if (!card) throw cardNotFound(id);
    assertDistrictAccess(user, card.policeDistrict);
    return toCardView(card, this.clock.now(), this.domain.zone);
  }

  /**
   * Keyset pagination in (created_at, id) order, which the indexes (police_district, created_at,
   * id) and (created_at, id) serve; one row more than the page is read to know whether another
   * page follows. A caseworker's list is always confined to their district.
   */
  async list(query: ListCardsQuery, user: AuthUser): Promise<{ items: CardView[]; nextCursor: string | null }> {
    let district: PoliceDistrict | undefined = query.policeDistrict;
    if (user.role !== 'admin') {
      // A caseworker token always names a district (the guard checks); asking for another is a 403.
      assertDistrictAccess(user, district ?? user.district ?? '');
      district = user.district;
    }
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const now = this.clock.now();

    const rows = await this.store.list({
      ...(district !== undefined ? { policeDistrict: district } : {}),
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(query.dufNumber !== undefined ? { dufNumber: query.dufNumber } : {}),
      ...(query.dueBefore !== undefined ? { dueBefore: query.dueBefore } : {}),
      ...(query.overdue !== undefined ? { overdue: { value: query.overdue, today: businessDate(now, this.domain.zone) } } : {}),
      ...(cursor !== undefined ? { after: cursor } : {}),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => toCardView(row.card, now, this.domain.zone)),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.cursorAt, id: last.card.id }) : null,
    };
  }

  async history(id: string, user: AuthUser): Promise<{ items: HistoryEntry[] }> {
    assertCardId(id);
    const found = await this.store.loadHistory(id);
    if (!found) throw cardNotFound(id);
    assertDistrictAccess(user, found.card.policeDistrict);
    return { items: found.events.map(historyEntry) };
  }

  /** What the workers recorded: every notification of the card with its outcome. */
  async notifications(id: string, user: AuthUser): Promise<{ items: NotificationView[] }> {
    assertCardId(id);
    const card = await this.store.load(id);
    if (!card) throw cardNotFound(id);
    assertDistrictAccess(user, card.policeDistrict);
    const rows = await this.notificationStore.forCard(id);
    return {
      items: rows.map((row) => ({
        ...row,
        dueAt: row.dueAt.toISOString(),
        sentAt: row.sentAt === null ? null : row.sentAt.toISOString(),
      })),
    };
  }
}
