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
  };
  /** Month names, January first: "May 2025" in tables and the chart. */
  months: string[];
  compliance: {
    title: string;
    intro: string;
    fromLabel: string;
    toLabel: string;
    dateHint: string;
    districtLabel: string;
    allDistricts: string;
    submit: string;
    errors: { fromInvalid: string; toInvalid: string; order: string; range: string };
    /** "From 1 January 2024 to 31 December 2025: 826,028 cards delivered, 91.2% on time." */
    summary: (from: string, to: string, delivered: string, rate: string | null) => string;
    noDeliveries: string;
    chartHeading: string;
    /** The chart's text alternative: what it shows; the numbers are in the table beside it. */
    chartDescription: (what: string) => string;
    allSelected: string;
    monthTableCaption: (what: string) => string;
    districtTableCaption: string;
    columns: {
      month: string;
      district: string;
      delivered: string;
      onTime: string;
      late: string;
      onTimeRate: string;
      median: string;
      openOverdue: string;
    };
    total: string;
    download: string;
  };
  closures: {
    title: string;
    intro: string;
    startUpHeading: string;
    startUpText: string;
    inForceHeading: string;
    none: string;
    columns: { date: string; change: string; reason: string; by: string; at: string; moved: string; action: string };
    /** "3 deadlines moved". */
    moved: (n: number) => string;
    pending: string;
    addHeading: string;
    dateLabel: string;
    dateHint: string;
    reasonLabel: string;
    reasonHint: string;
    addSubmit: string;
    removeReasonLabel: (date: string) => string;
    removeSubmit: string;
    historyHeading: string;
    actions: { added: string; removed: string };
    notices: { added: (date: string) => string; removed: (date: string) => string; already: (date: string) => string };
    errors: {
      dateInvalid: string;
      dateRange: string;
      reasonMissing: string;
      reasonTooLong: string;
      weekend: (date: string) => string;
      holiday: (date: string, name: string) => string;
      startUp: (date: string) => string;
      notClosed: (date: string) => string;
    };
  };
}
