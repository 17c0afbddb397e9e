/**
 * Moved to `common/card-store.module.ts` (it serves the cards, status, reports, admin and page
 * modules); kept here only for `reports/reports.module.ts`, which another branch is changing.
 * Remove once that import points at `common/`.
 */
export { CardStoreModule } from '../common/card-store.module';
