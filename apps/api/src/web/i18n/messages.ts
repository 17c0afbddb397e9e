import type { CardStatus, MessageLanguage } from '@cardtrail/card-lifecycle';
import type { ConsoleMessages } from '../console/i18n/console-messages';

/**
 * Every word the pages show, per language (en.ts, nb.ts, nn.ts): templates never hold text.
 * `common` belongs to every page (layout, errors); each page family has its own section, so the
 * caseworkers' console adds a section of its own.
 *
 * Sentences are short and plain: the reader may be new to Norwegian or to English, on a phone.
 * The library's applicant view says where the card is and what to do (its `message` and
 * `nextSteps`); these words frame it.
 */
export interface Messages {
  /** The language's name in itself, for the language switch. */
  languageName: string;
  common: CommonMessages;
  applicant: ApplicantMessages;
  /** The caseworkers' console (apps/api/src/web/console/i18n). */
  console: ConsoleMessages;
}

export interface CommonMessages {
  skipLink: string;
  /** The accessible name of the language switch. */
  languageSwitch: string;
  /** "Error: " before the title of a page that reports a problem. */
  errorTitlePrefix: string;
  errorSummaryHeading: string;
  /** "1 working day", "3 working days". */
  workingDays: (n: number) => string;
  /** A time of day in the business zone: "14:32" / "kl. 14:32". */
  timeOfDay: (hhmm: string) => string;
  /** "about 1 minute", "about 5 minutes". */
  minutes: (n: number) => string;
  startAgain: string;
  errors: {
    expired: { title: string; body: string[] };
    /** Signed in, but the page belongs to another district or needs another role (the console). */
    forbidden: { title: string; body: string[] };
    malformed: { title: string; body: string[] };
    notFound: { title: string; body: string[] };
    unavailable: { title: string; body: string[] };
    failed: { title: string; body: string[] };
  };
}

export interface TravelMessages {
  heading: string;
  intro: string;
  departureLabel: string;
  departureHint: string;
  appointmentLabel: string;
  appointmentHint: string;
  submit: string;
  errors: {
    departureMissing: string;
    appointmentMissing: string;
    notADate: string;
    departurePast: string;
    appointmentPast: string;
    tooFar: string;
  };
  result: {
    /** The card is expected before the departure with a working day or more to spare. */
    beforeHeading: string;
    before: (expected: string, spare: string, departure: string) => string;
    /** Before, but with no working day or one to spare. */
    tightHeading: string;
    tight: (expected: string, spare: string, departure: string) => string;
    noneToSpare: (expected: string, departure: string) => string;
    afterHeading: string;
    after: (expected: string, departure: string) => string;
    afterAdvice: (district: string) => string;
    estimateNote: (workingDays: string) => string;
    fromAppointment: (appointment: string, expected: string) => string;
  };
  late: (district: string) => string;
  waitingAtPolice: string;
}

export interface ApplicantMessages {
  serviceName: string;
  lookup: {
    title: string;
    intro: string;
    youNeed: string;
    needReference: string;
    needDuf: string;
    referenceLabel: string;
    referenceHint: string;
    dufLabel: string;
    dufHint: string;
    submit: string;
    privacy: string;
    travelLink: string;
    expired: string;
    errors: {
      referenceMissing: string;
      referenceFormat: string;
      dufMissing: string;
      dufFormat: string;
      dufYear: string;
      notFound: string;
    };
  };
  tooManyTries: {
    title: string;
    body: string;
    tryAgainAt: (time: string, wait: string) => string;
    back: string;
  };
  status: {
    title: string;
    reference: string;
    nowHeading: string;
    statusNames: Record<CardStatus, string>;
    expectedLabel: string;
    estimateLabel: string;
    /** "by Friday 16 January 2026" */
    by: (date: string) => string;
    daysLeft: (workingDays: string) => string;
    lastDay: string;
    daysLate: (workingDays: string) => string;
    deliveredOn: (date: string) => string;
    district: string;
    lateHeading: string;
    late: (workingDays: string, lostInMail: boolean) => string;
    lateNoNewApplication: string;
    lateContact: (district: string) => string;
    nextHeading: string;
    addressHeading: string;
    addressButton: string;
    addressConfirmed: string;
    addressMoved: string;
    /** In "what happens next", instead of the address advice, which the address section gives. */
    addressStep: string;
    stepsHeading: string;
    stepNames: Record<CardStatus, string>;
    stepMissed: string;
    stepCollected: string;
    stepDone: string;
    stepNow: string;
    stepNext: string;
    stepExpected: (date: string) => string;
    endHeading: string;
    endBody: string;
    endButton: string;
    cancelledConfirm: string;
  };
  travel: TravelMessages;
  planner: {
    title: string;
    intro: (workingDays: string) => string;
    back: string;
  };
  footer: string[];
}

export type MessagesByLanguage = Record<MessageLanguage, Messages>;
