import { Inject, Injectable } from '@nestjs/common';
import { hash, timingSafeEqual } from 'node:crypto';
import {
  applicantView,
  CardRefusedError,
  isAddressConfirmed,
  stateFromJson,
  type ApplicantView,
  type CardEvent,
  type CardState,
  type CardStateJson,
  type MessageLanguage,
  type PoliceDistrict,
} from '@cardtrail/card-lifecycle';
import { CLOCK, CardStore, DOMAIN, Metrics, type CardProof, type CardRecord, type Clock, type Domain } from '@cardtrail/infra';
import { ProblemException } from '../common/problem';
import { StatusRateLimiter } from './status-rate-limiter';
import type { StatusLookupBody } from './status.schemas';

/** Compared against when the reference is unknown, so that case does the same work as a wrong DUF number. */
const NO_CARD_DUF = 'no-card-for-this-reference';

/** The one answer for an unknown reference and for a wrong DUF number: nothing tells them apart. */
function notFound(): ProblemException {
  return new ProblemException({
    status: 404,
    type: 'status-not-found',
    title: 'Not Found',
    detail: 'No card matches this reference and DUF number. Check both against your letter from the police and try again.',
  });
}

/**
 * References are Crockford base32: read aloud or typed, O is 0 and I or L is 1, and case does
 * not matter.
 */
export function normaliseReference(value: string): string {
  const upper = value.trim().toUpperCase();
  if (!upper.startsWith('CT-')) return upper;
  return `CT-${upper.slice(3).replace(/O/g, '0').replace(/[IL]/g, '1')}`;
}

/** One-shot `crypto.hash`: the same digest as `createHash`, without a Hash object per call. */
function digest(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}

export interface ApplicantRequest {
  body: StatusLookupBody;
  language: MessageLanguage;
  /** The client address the rate limit counts against. */
  ip: string;
}

/** The applicant's status lookup and address confirmation, proven by reference + DUF number. */
@Injectable()
export class StatusService {
  constructor(
    private readonly store: CardStore,
    private readonly limiter: StatusRateLimiter,
    private readonly metrics: Metrics,
    @Inject(DOMAIN) private readonly domain: Domain,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async status(request: ApplicantRequest): Promise<ApplicantView> {
    return (await this.lookUp(request)).view;
  }

  /** The lookup, with the card's id too: the applicant's pages keep it in their session cookie. */
  async lookUp(request: ApplicantRequest): Promise<{ cardId: string; view: ApplicantView }> {
    const card = await this.prove(request);
    const state = stateFromJson(JSON.parse(card.state) as CardStateJson);
    return { cardId: card.id, view: this.view(card.reference, card.policeDistrict, state, request.language) };
  }

  /** The view of a card the pages' session has proven already; null when there is no such card. */
  async viewOf(cardId: string, language: MessageLanguage): Promise<ApplicantView | null> {
    const card = await this.store.load(cardId);
    return card ? this.view(card.reference, card.policeDistrict, card.state, language) : null;
  }

  /**
   * Records `AddressConfirmed { by: 'applicant' }` unless the address is already confirmed for
   * the current order (a repeated click records nothing), and answers the applicant view.
   */
  async confirmAddress(request: ApplicantRequest): Promise<ApplicantView> {
    const proven = await this.prove(request);
    return this.confirmAddressOf(proven.id, request.language);
  }

  /** `confirmAddress` for a card already proven (by the pages' session). */
  async confirmAddressOf(cardId: string, language: MessageLanguage): Promise<ApplicantView> {
    const now = this.clock.now();
    let card: CardRecord;
    let recorded: CardEvent[];
    try {
      ({ card, events: recorded } = await this.store.append(
        cardId,
        (state) => {
          if (isAddressConfirmed(state)) return [];
          // A caseworker may have dated the last event a few minutes ahead; never go before it.
          const at = state.lastEventAt !== null && state.lastEventAt > now ? state.lastEventAt : now;
          return this.domain.decider.decide(
            { type: 'RecordEvent', now, event: { type: 'AddressConfirmed', occurredAt: at, data: { by: 'applicant' } } },
            state,
          );
        },
        { actor: 'applicant' },
      ));
    } catch (error) {
      if (!(error instanceof CardRefusedError)) throw error;
      this.metrics.eventsRefused.inc({ code: error.code });
      throw new ProblemException({
        status: 409,
        type: 'card-cancelled',
        title: 'Address cannot be confirmed',
        detail: 'This card case is closed, so there is no address to confirm. Contact your police district if you have questions.',
        extensions: { code: error.code },
      });
    }
    for (const event of recorded) this.metrics.eventsRecorded.inc({ type: event.type });
    return this.view(card.reference, card.policeDistrict, card.state, language);
  }

  /**
   * The card for a reference, if the DUF number matches. Both paths do the same work: one indexed
   * lookup of the reference and a constant-time comparison of SHA-256 digests (equal lengths
   * whatever was typed), against a stand-in when the reference is unknown. The one statement
   * reads what the view needs too, so a lookup is a single round trip to Postgres; the rate
   * limit's check runs alongside it. Failures count against the caller's rate limit.
   */
  private async prove(request: ApplicantRequest): Promise<CardProof> {
    const [, row] = await Promise.all([
      this.limiter.assertNotBlocked(request.ip),
      this.store.proofOf(normaliseReference(request.body.reference)),
    ]);
    const given = request.body.dufNumber.replace(/\s+/g, '');
    const dufMatches = timingSafeEqual(digest(row?.dufNumber ?? NO_CARD_DUF), digest(given));
    if (row === null || !dufMatches) {
      await this.limiter.countFailure(request.ip);
      throw notFound();
    }
    return row;
  }

  private view(reference: string, policeDistrict: PoliceDistrict, state: CardState, language: MessageLanguage): ApplicantView {
    return applicantView({
      reference,
      state,
      policeDistrict,
      language,
      now: this.clock.now(),
      zone: this.domain.zone,
      calendar: this.domain.calendar,
      issueWorkingDays: this.domain.policy.rules.issue.workingDays,
    });
  }
}
