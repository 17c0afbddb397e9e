import integrationSetup from '../support/global-setup';
import { browserMissingMessage, chromiumPath } from '../support/chromium';

/**
 * The browser project's setup: the migrated template database (shared with the integration
 * project when both run), and a clear word about Chromium. Without it the browser suites skip
 * and say how to install it, unless CARDTRAIL_REQUIRE_BROWSER=1 (CI) makes that a failure.
 */
export default async function globalSetup(): Promise<void> {
  if (chromiumPath() === null) {
    if (process.env.CARDTRAIL_REQUIRE_BROWSER === '1') throw new Error(browserMissingMessage());
    console.warn(`\n${browserMissingMessage()}\n`);
    return;
  }
  if (!process.env.CARDTRAIL_TEST_TEMPLATE) await integrationSetup();
}
