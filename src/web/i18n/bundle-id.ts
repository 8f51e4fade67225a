import base from './id.json';
import type cases from './parts/cases.id.json';
import type certificates from './parts/certificates.id.json';
import type coverage from './parts/coverage.id.json';
import type events from './parts/events.id.json';
import type market from './parts/market.id.json';
import type mentoringImports from './parts/mentoringImports.id.json';
import type mentors from './parts/mentors.id.json';
import offline from './parts/offline.id.json';
import type onlineReadiness from './parts/onlineReadiness.id.json';
import type outcomes from './parts/outcomes.id.json';
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
  ...ownerView,
  ...offline,
};
/**
 * The texts of features most sessions never open (mentoring, the marketplace, events, certificates, Home's
 * "Menunggu Anda", the lists' work-queue filters, the out-of-area message, the recovery page's digital readiness)
 * are typed here but load with what shows them (features/<feature>/texts.ts, through i18n/page-texts.ts), not with
 * the frame: the first load's budget is decision 0007.
 */
export type Translation = typeof id &
  typeof mentors &
  typeof cases &
  typeof coverage &
  typeof outcomes &
  typeof mentoringImports &
  typeof market &
  typeof events &
  typeof certificates &
  typeof workQueue &
  typeof queueFilters &
  typeof outOfScope &
  typeof onlineReadiness;
