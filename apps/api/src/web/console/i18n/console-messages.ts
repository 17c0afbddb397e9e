import type {
  AppointmentChannel,
  CancellationReason,
  CardEventType,
  CardStatus,
  DeadlineKind,
  LossCircumstance,
  NotificationKind,
  NotificationStatus,
  ReturnReason,
} from '@cardtrail/card-lifecycle';
import type { CardReason } from '@cardtrail/infra';
import type { Role } from '../../../auth/jwt';

/**
 * The caseworkers' console's words, per language (console-en.ts, console-nb.ts, console-nn.ts).
 * A new console page adds its own section here and in each of the three files; `tsc` refuses a
 * language that lacks a key.
 */
export interface ConsoleMessages {
  serviceName: string;
  footer: string[];
  nav: {
    /** The accessible name of the console's navigation. */
    label: string;
    overview: string;
    openCard: string;
    compliance: string;
    closures: string;
    queues: string;
    apiDocs: string;
    signOut: string;
    /** "Signed in as kari, caseworker in Oslo". */
    signedInAs: (sub: string, role: string, district: string | null) => string;
  };
  roles: Record<Role, string>;
  signIn: {
    title: string;
    intro: string;
    localUse: string;
    tokenLabel: string;
    tokenHint: string;
    submit: string;
    expired: string;
    signedOut: string;
    errors: {
      tokenMissing: string;
      tokenExpired: string;
      tokenInvalid: string;
    };
  };
  overview: {
    title: string;
    districtLabel: string;
    allDistricts: string;
    showDistrict: string;
    /** "Oslo" or "All districts", under the title. */
    showing: (district: string) => string;
    glanceLabel: string;
    sections: Record<OverviewSection, { heading: string; empty: string }>;
    /** "Showing the first 50 of 73." */
    showingFirst: (shown: number, total: number) => string;
    columns: {
      reference: string;
      applicant: string;
      status: string;
      district: string;
      dueDate: string;
      late: string;
      left: string;
      since: string;
      appointment: string;
      station: string;
    };
  };
  search: {
    heading: string;
    label: string;
    hint: string;
    submit: string;
    resultsTitle: string;
    results: (count: number) => string;
    errors: { missing: string; format: string };
    noMatch: (where: string) => string;
  };
  /** "3 working days late" and the like (the calendar's working days). */
  days: {
    late: (workingDays: string) => string;
    left: (workingDays: string) => string;
    dueToday: string;
  };
  statusNames: Record<CardStatus, string>;
  eventNames: Record<CardEventType, string>;
  card: {
    title: (reference: string) => string;
    recorded: (event: string) => string;
    opened: string;
    statusHeading: string;
    status: string;
    issueNumber: string;
    version: string;
    reason: string;
    reasons: Record<CardReason, string>;
    district: string;
    appointment: string;
    appointmentAt: (when: string, station: string) => string;
    deadlineHeading: string;
    deadlineKinds: Record<DeadlineKind, (workingDays: string) => string>;
    dueDate: string;
    remaining: string;
    breach: string;
    breachedAt: (when: string) => string;
    notBreached: string;
    noDeadline: string;
    delivered: string;
    deliveredOnTime: (when: string) => string;
    deliveredLate: (when: string, late: string) => string;
    applicantHeading: string;
    fullName: string;
    dateOfBirth: string;
    nationality: string;
    dufNumber: string;
    email: string;
    phone: string;
    preferredLanguage: string;
    none: string;
    addressHeading: string;
    addressConfirmed: (when: string) => string;
    addressNotConfirmed: string;
    /** Confirmed, but before the current card was ordered: it says nothing about where this card goes. */
    addressConfirmedBefore: (when: string) => string;
    timelineHeading: string;
    timelineColumns: { event: string; occurred: string; recorded: string; by: string; details: string };
    notificationsHeading: string;
    notificationsEmpty: string;
    notificationColumns: { kind: string; audience: string; due: string; status: string; attempts: string; reason: string };
    notificationKinds: Record<NotificationKind, string>;
    /** The worker's states of a notification (the library's `NOTIFICATION_STATUSES`). */
    notificationStatuses: Record<NotificationStatus, string>;
    audiences: Record<string, string>;
    recordHeading: string;
    recordIntro: string;
    recordNone: string;
  };
  record: {
    title: (event: string) => string;
    cardLine: (reference: string, status: string) => string;
    occurredAtLabel: string;
    occurredAtHint: string;
    dateTimeHint: string;
    stationLabel: string;
    appointmentAtLabel: string;
    channelLegend: string;
    channels: Record<AppointmentChannel, string>;
    fingerprintsLabel: string;
    guardianLabel: string;
    biometricsReusedLabel: string;
    trackingLabel: string;
    optional: string;
    returnReasonLegend: string;
    returnReasons: Record<ReturnReason, string>;
    circumstanceLegend: string;
    circumstances: Record<LossCircumstance, string>;
    cancelReasonLegend: string;
    cancelReasons: Record<CancellationReason, string>;
    submit: string;
    back: string;
    errors: {
      required: string;
      choose: string;
      dateTime: string;
      tooLong: string;
      postalCode: string;
      guardianRequired: string;
      fingerprintsRequired: string;
      inFuture: string;
      beforePrevious: string;
    };
    staleHeading: string;
    /** Every change since was the user's own (a form sent twice, another tab). */
    staleHeadingOwn: string;
    staleBody: string;
    staleAgain: string;
    notAllowedHeading: string;
    notAllowed: (event: string, status: string) => string;
    allowedNow: (events: string) => string;
  };
  open: {
    title: string;
    intro: string;
    dufLabel: string;
    dufHint: string;
    districtLabel: string;
    reasonLegend: string;
    applicantHeading: string;
    fullNameLabel: string;
    dateOfBirthLabel: string;
    dateOfBirthHint: string;
    nationalityLabel: string;
    nationalityHint: string;
    emailLabel: string;
    phoneLabel: string;
    languageLegend: string;
    addressHeading: string;
    line1Label: string;
    line2Label: string;
    postalCodeLabel: string;
    cityLabel: string;
    submit: string;
    errors: {
      dufFormat: string;
      dufInvalid: string;
      district: string;
      reason: string;
      fullName: string;
      dateOfBirth: string;
      dateOfBirthFuture: string;
      nationalityFormat: string;
      nationalityUnknown: string;
      euEea: string;
      email: string;
      phone: string;
      line1: string;
      postalCode: string;
      city: string;
      tooLong: string;
    };
  };
}

export type OverviewSection = 'overdue' | 'dueSoon' | 'returned' | 'lostInMail' | 'appointments';
