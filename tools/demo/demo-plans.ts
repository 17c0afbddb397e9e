import {
  POLICE_DISTRICTS,
  atBusinessTime,
  businessDate,
  type IsoDate,
  type PoliceDistrict,
  type WorkingDayCalendar,
} from '@cardtrail/card-lifecycle';
import {
  DISTRICT_PROFILES,
  demoAddress,
  demoApplicant,
  demoDufNumber,
  demoStation,
  type AgeGroup,
  type DemoAddress,
  type DemoApplicant,
} from './demo-people';
import { Prng, allocate } from './prng';

/**
 * What happens to each demo card: a scenario, the body that opens it and the steps after that,
 * dated over the last few months. Plans are pure data computed from a seed, `now` and the
 * working-day calendar, so "on time" and "late" are on time or late by the service's own rule
 * (delivered by the end of the 20th working day after biometrics, or not).
 */
export const SCENARIOS = {
  /** Delivered within 20 working days of the biometrics. */
  on_time: 26,
  /** Delivered 1–8 working days after the due date. */
  late: 8,
  /** Biometrics in the last 4 weeks: ordered, produced or in the mail (some delivered early). */
  in_progress: 14,
  /** Renewal with biometrics on file: ordered without an appointment. */
  biometrics_reused: 5,
  /** Mailed, lost in the mail, reissued by the worker, mailed and delivered again. */
  lost_reissued: 5,
  /** Returned to the police (name not on the letter box, address unknown), then collected or re-mailed. */
  returned: 6,
  /** Delivered, then reported lost, stolen or damaged: a replacement from a new appointment. */
  replaced: 4,
  /** Biometrics more than 20 working days ago and never mailed: the worker records the breach. */
  overdue: 5,
  /** Cancelled on the way (permit revoked, application withdrawn). */
  cancelled: 4,
  /** The first appointment missed, a new one booked, then the usual way. */
  missed_rebooked: 6,
  /** Card record opened, no appointment yet. */
  awaiting_appointment: 4,
  /** An appointment booked in the coming weeks. */
  appointment_booked: 5,
} as const;
export type ScenarioKind = keyof typeof SCENARIOS;
export const SCENARIO_KINDS = Object.keys(SCENARIOS) as ScenarioKind[];

/** How far back the demo's histories reach, in working days (about four months). */
export const HISTORY_WORKING_DAYS = 85;

export interface OpenCardBody {
  dufNumber: string;
  policeDistrict: PoliceDistrict;
  reason: 'first' | 'renewal' | 'replacement';
  applicant: DemoApplicant;
  address: DemoAddress;
}

export type DemoStep =
  | { kind: 'event'; type: string; at: Date; data: Record<string, unknown> }
  /** Wait (bounded) until the worker has recorded ReissueOrdered after CardLostInMail. */
  | { kind: 'await-reissue' }
  /** The applicant confirms the address through POST /v1/status/address-confirmation (dated now). */
  | { kind: 'confirm-address' };

export interface CardPlan {
  index: number;
  scenario: ScenarioKind;
  district: PoliceDistrict;
  open: OpenCardBody;
  steps: DemoStep[];
}

export interface PlanOptions {
  seed: number;
  cards: number;
  now: Date;
  zone: string;
  calendar: WorkingDayCalendar;
}

/** Every card's plan, in a deterministic order for the seed. */
export function planDemo(options: PlanOptions): CardPlan[] {
  const prng = new Prng(options.seed);
  const scenarios = allocate(prng, SCENARIOS, options.cards);
  const weights = Object.fromEntries(POLICE_DISTRICTS.map((d) => [d, DISTRICT_PROFILES[d].weight])) as Record<PoliceDistrict, number>;
  const districts = allocate(prng, weights, options.cards);
  return scenarios.map((scenario, index) => planCard(prng, options, index, scenario, districts[index]!));
}

/** The first day the demo's histories may start (for the deadline report's period). */
export function historyStart(options: Pick<PlanOptions, 'now' | 'zone' | 'calendar'>): IsoDate {
  const today = businessDate(options.now, options.zone);
  return options.calendar.addWorkingDays(today, -(HISTORY_WORKING_DAYS + 15));
}

function planCard(prng: Prng, options: PlanOptions, index: number, scenario: ScenarioKind, district: PoliceDistrict): CardPlan {
  const today = businessDate(options.now, options.zone);
  const ageGroup: AgeGroup = prng.weighted([
    ['adult', 84],
    ['child', 11],
    ['infant', 5],
  ]);
  const applicant = demoApplicant(prng, today, ageGroup);
  const reason: OpenCardBody['reason'] =
    scenario === 'biometrics_reused' ? 'renewal' : prng.weighted([['first', 70], ['renewal', 22], ['replacement', 8]] as const);
  const open: OpenCardBody = {
    dufNumber: demoDufNumber(prng, today, applicant.dateOfBirth),
    policeDistrict: district,
    reason,
    applicant,
    address: demoAddress(prng, district),
  };
  const t = new Timeline(prng, options, district, ageGroup);
  const back = (min: number, max: number) => options.calendar.addWorkingDays(today, -prng.int(min, max));

  switch (scenario) {
    case 'on_time': {
      const a = back(22, HISTORY_WORKING_DAYS);
      t.bookCaptureOrder(a);
      if (prng.chance(0.25)) t.confirmByCaseworker(a, prng.int(1, 5));
      t.produceMailDeliver(a, prng.int(8, 20));
      break;
    }
    case 'late': {
      const a = back(32, HISTORY_WORKING_DAYS);
      t.bookCaptureOrder(a);
      t.produceMailDeliver(a, 20 + prng.int(1, 8));
      break;
    }
    case 'in_progress': {
      const a = back(1, 19);
      t.bookCaptureOrder(a);
      t.produceMailDeliver(a, prng.int(12, 20));
      t.cut();
      if (t.isOpen() && prng.chance(0.4)) t.confirmByApplicant();
      break;
    }
    case 'biometrics_reused': {
      const o = back(3, HISTORY_WORKING_DAYS);
      t.event('CardOrdered', o, prng.int(9, 14), prng.int(0, 59), { biometricsReused: true });
      t.produceMailDeliver(o, prng.int(7, 20));
      t.cut();
      if (t.isOpen() && prng.chance(0.3)) t.confirmByApplicant();
      break;
    }
    case 'lost_reissued': {
      const a = back(30, HISTORY_WORKING_DAYS);
      t.bookCaptureOrder(a);
      const mailed = options.calendar.addWorkingDays(a, prng.int(7, 13));
      t.event('CardProduced', options.calendar.addWorkingDays(mailed, -1), prng.int(7, 15), prng.int(0, 59));
      t.mail(mailed);
      const lost = options.calendar.addWorkingDays(mailed, prng.int(3, 6));
      t.event('CardLostInMail', lost, prng.int(9, 15), prng.int(0, 59));
      t.awaitReissue();
      const remailed = options.calendar.addWorkingDays(lost, prng.int(2, 6));
      t.mail(remailed);
      t.deliver(options.calendar.addWorkingDays(remailed, prng.int(1, 3)));
      t.cut();
      if (t.isOpen() && prng.chance(0.3)) t.confirmByApplicant();
      break;
    }
    case 'returned': {
      const a = back(25, HISTORY_WORKING_DAYS);
      t.bookCaptureOrder(a);
      const mailed = options.calendar.addWorkingDays(a, prng.int(8, 15));
      t.event('CardProduced', options.calendar.addWorkingDays(mailed, -1), prng.int(7, 15), prng.int(0, 59));
      t.mail(mailed);
      const returnReason = prng.weighted([['name_not_on_letterbox', 60], ['address_unknown', 32], ['other', 8]] as const);
      const returned = options.calendar.addWorkingDays(mailed, prng.int(2, 5));
      t.event('CardReturned', returned, prng.int(10, 15), prng.int(0, 59), { reason: returnReason });
      if (returnReason === 'address_unknown' && prng.chance(0.5)) {
        // The applicant had moved: the caseworker records the new address and mails it again.
        const changed = options.calendar.addWorkingDays(returned, prng.int(1, 3));
        t.event('AddressChanged', changed, prng.int(9, 15), prng.int(0, 59), { address: demoAddress(prng, district) });
        const remailed = options.calendar.addWorkingDays(changed, prng.int(1, 2));
        t.mail(remailed);
        t.deliver(options.calendar.addWorkingDays(remailed, prng.int(1, 3)));
      } else {
        t.event('CardCollected', options.calendar.addWorkingDays(returned, prng.int(1, 8)), prng.int(9, 15), prng.int(0, 59));
      }
      break;
    }
    case 'replaced': {
      const a = back(55, HISTORY_WORKING_DAYS);
      t.bookCaptureOrder(a);
      const delivered = options.calendar.addWorkingDays(a, prng.int(8, 16));
      t.produceMailDeliver(a, options.calendar.workingDaysBetween(a, delivered));
      const circumstance = prng.weighted([['lost', 50], ['stolen', 25], ['damaged', 15], ['defective', 10]] as const);
      const reported = options.calendar.addWorkingDays(delivered, prng.int(3, 15));
      t.event('CardReportedLost', reported, prng.int(9, 15), prng.int(0, 59), { circumstance });
      const a2 = options.calendar.addWorkingDays(reported, prng.int(4, 10));
      t.bookCaptureOrder(a2, options.calendar.addWorkingDays(reported, prng.int(0, 2)));
      t.produceMailDeliver(a2, prng.int(8, 20));
      break;
    }
    case 'overdue': {
      const a = back(23, 60);
      t.bookCaptureOrder(a);
      if (prng.chance(0.5)) t.event('CardProduced', options.calendar.addWorkingDays(a, prng.int(3, 12)), prng.int(7, 15), prng.int(0, 59));
      t.cut();
      if (prng.chance(0.2)) t.confirmByApplicant();
      break;
    }
    case 'cancelled': {
      const a = back(5, HISTORY_WORKING_DAYS);
      const stage = prng.weighted([['booked', 30], ['captured', 20], ['ordered', 50]] as const);
      if (stage === 'booked') t.book(a);
      else t.bookCaptureOrder(a, undefined, stage === 'captured' ? 'capture' : 'order');
      const reason = prng.weighted([['permit_revoked', 40], ['withdrawn', 45], ['other', 15]] as const);
      // A booked appointment is cancelled before it takes place; later stages some days on.
      const cancelledOn = options.calendar.addWorkingDays(a, stage === 'booked' ? -1 : prng.int(1, 8));
      t.event('CardCancelled', cancelledOn, prng.int(9, 15), prng.int(0, 59), { reason });
      break;
    }
    case 'missed_rebooked': {
      const a1 = back(25, HISTORY_WORKING_DAYS);
      const slot = t.book(a1);
      t.event('AppointmentMissed', a1, Math.min(slot.hour + prng.int(1, 3), 16), prng.int(0, 59));
      const rebooked = options.calendar.addWorkingDays(a1, prng.int(1, 4));
      const a2 = options.calendar.addWorkingDays(rebooked, prng.int(4, 12));
      t.bookCaptureOrder(a2, rebooked);
      t.produceMailDeliver(a2, prng.int(8, 20));
      break;
    }
    case 'awaiting_appointment':
      break;
    case 'appointment_booked': {
      const appointment = options.calendar.addWorkingDays(today, prng.int(1, 15));
      t.book(appointment, options.calendar.addWorkingDays(today, -prng.int(1, 5)));
      break;
    }
    default: {
      const unknown: never = scenario;
      throw new Error(`unknown scenario ${String(unknown)}`);
    }
  }
  t.cut();
  return { index, scenario, district, open, steps: t.steps };
}

/**
 * Builds one card's steps in time order. An event dated at or before the previous one moves a
 * few minutes after it (two events planned for the same morning). `cut` drops every step from
 * the first one dated after `now`: recent cards simply have not got that far yet.
 */
class Timeline {
  readonly steps: DemoStep[] = [];
  private last = 0;
  private lastType: string | null = null;
  private cutDone = false;

  constructor(
    private readonly prng: Prng,
    private readonly options: PlanOptions,
    private readonly district: PoliceDistrict,
    private readonly ageGroup: AgeGroup,
  ) {}

  event(type: string, date: IsoDate, hour: number, minute: number, data: Record<string, unknown> = {}): Date {
    return this.eventAt(type, atBusinessTime(date, hour, minute, this.options.zone), data);
  }

  eventAt(type: string, planned: Date, data: Record<string, unknown> = {}): Date {
    let at = planned;
    if (at.getTime() <= this.last) at = new Date(this.last + this.prng.int(5, 40) * 60_000);
    this.last = at.getTime();
    this.steps.push({ kind: 'event', type, at, data });
    return at;
  }

  /** AppointmentBooked for a slot on `date`, booked on `bookedOn` (default: a few working days before). */
  book(date: IsoDate, bookedOn?: IsoDate): { hour: number; minute: number } {
    const { calendar, zone } = this.options;
    const hour = this.prng.int(8, 14);
    const minute = this.prng.pick([0, 15, 30, 45]);
    const booking = bookedOn ?? calendar.addWorkingDays(date, -this.prng.int(2, 12));
    const channel = this.prng.weighted([['portal', 65], ['phone', 20], ['police', 15]] as const);
    this.event('AppointmentBooked', booking, this.prng.int(8, 19), this.prng.int(0, 59), {
      appointmentAt: atBusinessTime(date, hour, minute, zone).toISOString(),
      station: demoStation(this.prng, this.district),
      channel,
    });
    return { hour, minute };
  }

  /** Booked, then on `date` biometrics captured (guardian for minors, no fingerprints under 6) and the card ordered. */
  bookCaptureOrder(date: IsoDate, bookedOn?: IsoDate, until: 'capture' | 'order' = 'order'): void {
    const slot = this.book(date, bookedOn);
    const captured = this.event('BiometricsCaptured', date, slot.hour, slot.minute + this.prng.int(3, 14), {
      station: demoStation(this.prng, this.district),
      fingerprints: this.ageGroup !== 'infant',
      guardianPresent: this.ageGroup !== 'adult',
    });
    if (until === 'capture') return;
    this.eventAt('CardOrdered', new Date(captured.getTime() + this.prng.int(20, 120) * 60_000), { biometricsReused: false });
  }

  /** Produced and mailed before, and delivered `offset` working days after `start`. */
  produceMailDeliver(start: IsoDate, offset: number): void {
    const { calendar } = this.options;
    const delivered = calendar.addWorkingDays(start, offset);
    const mailed = calendar.addWorkingDays(delivered, -this.prng.int(1, 2));
    const produced = calendar.addWorkingDays(mailed, -this.prng.int(1, 3));
    if (produced > start) this.event('CardProduced', produced, this.prng.int(7, 15), this.prng.int(0, 59));
    this.mail(mailed > start ? mailed : calendar.addWorkingDays(start, 1));
    this.deliver(delivered);
  }

  mail(date: IsoDate): void {
    this.event('CardMailed', date, this.prng.int(12, 16), this.prng.int(0, 59), {
      trackingNumber: `RR${this.prng.digits(9)}NO`,
    });
  }

  deliver(date: IsoDate): void {
    this.event('CardDelivered', date, this.prng.int(10, 15), this.prng.int(0, 59));
  }

  /** The caseworker confirms the address with the applicant a few working days after the order. */
  confirmByCaseworker(orderDate: IsoDate, afterWorkingDays: number): void {
    const date = this.options.calendar.addWorkingDays(orderDate, afterWorkingDays);
    this.event('AddressConfirmed', date, this.prng.int(9, 15), this.prng.int(0, 59), { by: 'caseworker' });
  }

  awaitReissue(): void {
    this.steps.push({ kind: 'await-reissue' });
  }

  /** Dated now by the service, so it can only be a card's last step. */
  confirmByApplicant(): void {
    this.cut();
    this.steps.push({ kind: 'confirm-address' });
  }

  /** Drops the steps dated in the future (with a minute's margin for clock differences). */
  cut(): void {
    if (this.cutDone) return;
    this.cutDone = true;
    const limit = this.options.now.getTime() - 60_000;
    const first = this.steps.findIndex((s) => s.kind === 'event' && s.at.getTime() > limit);
    if (first >= 0) this.steps.splice(first);
    const lastEvent = [...this.steps].reverse().find((s) => s.kind === 'event');
    this.lastType = lastEvent?.kind === 'event' ? lastEvent.type : null;
  }

  /** Whether the card is on its way (ordered, produced, mailed, reissued) after the cut. */
  isOpen(): boolean {
    return this.lastType !== null && ['CardOrdered', 'CardProduced', 'CardMailed', 'CardLostInMail'].includes(this.lastType);
  }
}
