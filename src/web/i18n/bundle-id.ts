import base from './id.json';
import cases from './parts/cases.id.json';
import coverage from './parts/coverage.id.json';
import type market from './parts/market.id.json';
import mentoringImports from './parts/mentoringImports.id.json';
import mentors from './parts/mentors.id.json';
import offline from './parts/offline.id.json';
import outcomes from './parts/outcomes.id.json';
import type outOfScope from './parts/outOfScope.id.json';
import ownerView from './parts/ownerView.id.json';
import type queueFilters from './parts/queueFilters.id.json';
import type workQueue from './parts/workQueue.id.json';

/**
 * The Indonesian texts: the app's base file and one part per later feature (parts/<feature>.id.json, each
 * with one top-level key named after the feature), so that features grow their texts without touching
 * each other's files. English (bundle-en.ts) must have the same keys: a missing one fails the type check.
 */
export const id = {
  ...base,
  ...mentors,
  ...cases,
  ...ownerView,
  ...coverage,
  ...outcomes,
  ...mentoringImports,
  ...offline,
};
/**
 * Every text, also those of the parts that load with the feature showing them: the marketplace's
 * (features/marketplace/texts.ts) and, through i18n/deferred.ts, Home's "Menunggu Anda" (workQueue), the
 * lists' work-queue filters (queueFilters) and the out-of-area message (outOfScope).
 */
export type Translation = typeof id &
  typeof market &
  typeof workQueue &
  typeof queueFilters &
  typeof outOfScope;
