/**
 * Moved to `common/card-store.module.ts` (it serves the cards, status, reports, admin and page
 * modules); kept here only for `reports/reports.module.ts` and `web/console/console-pages.module.ts`,
 * which other branches are changing.
 * Remove once those imports point at `common/`.
 */
export { CardStoreModule } from '../common/card-store.module';
