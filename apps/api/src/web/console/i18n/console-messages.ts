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
}
