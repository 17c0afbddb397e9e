import { existsSync } from 'node:fs';

/** Where Debian puts Chromium (`apt-get install -y chromium`). */
const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Chromium's path (CARDTRAIL_CHROMIUM, else Debian's), or null when it is not installed. */
export function chromiumPath(): string | null {
  const path = process.env.CARDTRAIL_CHROMIUM ?? DEFAULT_CHROMIUM;
  return existsSync(path) ? path : null;
}

export function browserMissingMessage(): string {
  return (
    `Browser tests SKIPPED: no Chromium at ${process.env.CARDTRAIL_CHROMIUM ?? DEFAULT_CHROMIUM}. ` +
    'Install Debian\'s Chromium with "apt-get update && apt-get install -y chromium" ' +
    '(or point CARDTRAIL_CHROMIUM at one), then run npm test again. ' +
    'CARDTRAIL_REQUIRE_BROWSER=1 makes a missing browser a failure (CI sets it).'
  );
}

