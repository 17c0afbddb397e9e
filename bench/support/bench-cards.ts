import { POLICE_DISTRICTS, type PoliceDistrict } from '@cardtrail/card-lifecycle';
import type { AutocannonRequest } from 'autocannon';
import { SignJWT } from 'jose';
import { BENCH_JWT } from './bench-services';

/** A caseworker token per district, signed like the API's mint-token command (HS256, iss, aud, exp). */
export async function caseworkerTokens(): Promise<Map<PoliceDistrict, string>> {
  const key = new TextEncoder().encode(BENCH_JWT.secret);
  const tokens = new Map<PoliceDistrict, string>();
  for (const district of POLICE_DISTRICTS) {
    const token = await new SignJWT({ role: 'caseworker', district })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(`bench-${district}`)
      .setIssuer(BENCH_JWT.issuer)
      .setAudience(BENCH_JWT.audience)
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(key);
    tokens.set(district, token);
  }
  return tokens;
}

/** A plausible adult non-EU applicant; `i` keeps DUF numbers and names distinct. */
export function openCardBody(i: number, district: PoliceDistrict): Record<string, unknown> {
  const nationalities = ['IN', 'PK', 'SY', 'UA', 'PH', 'US', 'CN', 'ER', 'SO', 'MA'];
  return {
    dufNumber: `${2015 + (i % 10)}${String(10_000_000 + ((i * 7919) % 90_000_000)).padStart(8, '0')}`,
    policeDistrict: district,
    reason: i % 7 === 0 ? 'renewal' : 'first',
    applicant: {
      fullName: `Bench Applicant ${i}`,
      dateOfBirth: `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
      nationality: nationalities[i % nationalities.length],
      email: `applicant${i}@example.org`,
      preferredLanguage: i % 3 === 0 ? 'nb' : 'en',
    },
    address: { line1: `Storgata ${1 + (i % 150)}`, postalCode: String(100 + (i % 9000)).padStart(4, '0'), city: 'Oslo' },
  };
}

/**
 * One lap of a card's life that every step of which is allowed from the state the previous step
 * left, and that ends where it can start again (a delivered card reported lost is booked anew), so
 * a bench can cycle a card through it for ever: lifecycle steps, a return and a re-mailing, and
 * about a quarter address events, which are allowed in any state.
 */
export function lifecycleLap(i: number): Array<{ type: string; data: Record<string, unknown> }> {
  return [
    { type: 'AppointmentBooked', data: { appointmentAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), station: 'Oslo sentrum', channel: 'portal' } },
    { type: 'AddressConfirmed', data: { by: 'caseworker' } },
    { type: 'BiometricsCaptured', data: { station: 'Oslo sentrum', fingerprints: true, guardianPresent: false } },
    { type: 'CardOrdered', data: { biometricsReused: false } },
    { type: 'CardProduced', data: {} },
    { type: 'AddressChanged', data: { address: { line1: `Kirkeveien ${1 + (i % 90)}`, postalCode: '0368', city: 'Oslo' } } },
    { type: 'CardMailed', data: { trackingNumber: `RR${String(i).padStart(9, '0')}NO` } },
    { type: 'CardReturned', data: { reason: 'name_not_on_letterbox' } },
    { type: 'CardMailed', data: {} },
    { type: 'CardDelivered', data: {} },
    { type: 'AddressConfirmed', data: { by: 'applicant' } },
    { type: 'CardReportedLost', data: { circumstance: 'lost' } },
  ];
}

export interface OpenedCard {
  id: string;
  reference: string;
  dufNumber: string;
  district: PoliceDistrict;
}

/** Opens `count` cards through the API, `concurrency` at a time, spread over the districts. */
export async function openCards(baseUrl: string, tokens: Map<PoliceDistrict, string>, count: number, concurrency = 16): Promise<OpenedCard[]> {
  const cards: OpenedCard[] = new Array(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const district = POLICE_DISTRICTS[i % POLICE_DISTRICTS.length];
      const body = openCardBody(i, district);
      const response = await fetch(`${baseUrl}/v1/cards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(district)}` },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as { id?: string; reference?: string };
      if (response.status !== 201 || !json.id || !json.reference) {
        throw new Error(`POST /v1/cards answered ${response.status}: ${JSON.stringify(json).slice(0, 300)}`);
      }
      cards[i] = { id: json.id, reference: json.reference, dufNumber: String(body.dufNumber), district };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return cards;
}

type LapStep = ReturnType<typeof lifecycleLap>[number];

/**
 * Walks cards through their laps under load. `take()` hands out the next card that has no
 * request in flight, with its next step, and marks it busy until `release()` hears its 201, so a
 * card never has two requests in flight and its steps arrive in order. A card whose request is
 * refused or fails stays busy: its state is no longer known, so it leaves the rotation.
 */
export class LapRotation {
  readonly laps: Array<LapStep[]>;
  /** Steps each card has been sent so far (its position in its lap). */
  readonly steps: number[];
  private readonly busy: Uint8Array;
  private readonly indexById: Map<string, number>;
  private cursor = 0;

  constructor(
    readonly cards: OpenedCard[],
    startStep: (i: number, lapLength: number) => number = () => 0,
  ) {
    this.laps = cards.map((_, i) => lifecycleLap(i));
    this.steps = cards.map((_, i) => startStep(i, this.laps[i].length));
    this.busy = new Uint8Array(cards.length);
    this.indexById = new Map(cards.map((c, i) => [c.id, i]));
  }

  take(): { card: OpenedCard; step: LapStep } {
    let i = this.cursor;
    for (let tries = 0; this.busy[i] && tries < this.cards.length; tries += 1) i = (i + 1) % this.cards.length;
    this.cursor = (i + 1) % this.cards.length;
    this.busy[i] = 1;
    const lap = this.laps[i];
    const step = lap[this.steps[i] % lap.length];
    this.steps[i] += 1;
    return { card: this.cards[i], step };
  }

  /** A 201 answered for this card (from the response's `card.id`): its next step may go. */
  release(cardId: string | undefined): void {
    const i = cardId === undefined ? undefined : this.indexById.get(cardId);
    if (i !== undefined) this.busy[i] = 0;
  }
}

/**
 * One autocannon request that records the next lap step of a card taken from `rotation`, with
 * its district's token, and hands every answer to `onAnswer` after releasing the card on a 201.
 * `onStep` hears each step sent (for the mix a bench prints).
 */
export function lapStepRequest(
  rotation: LapRotation,
  tokens: Map<PoliceDistrict, string>,
  onAnswer: (status: number, body: string) => void,
  onStep: (type: string) => void = () => undefined,
): AutocannonRequest {
  return {
    method: 'POST',
    setupRequest: (request) => {
      const { card, step } = rotation.take();
      onStep(step.type);
      return {
        ...request,
        path: `/v1/cards/${card.id}/events`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(card.district)}` },
        body: JSON.stringify(step),
      };
    },
    onResponse: (status, body) => {
      if (status === 201) rotation.release((JSON.parse(body) as { card?: { id?: string } }).card?.id);
      onAnswer(status, body);
    },
  };
}
