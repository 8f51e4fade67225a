import type { Translation } from './bundle-id.ts';
import base from './en.json';
import cases from './parts/cases.en.json';
import certificates from './parts/certificates.en.json';
import coverage from './parts/coverage.en.json';
import events from './parts/events.en.json';
import market from './parts/market.en.json';
import mentoringImports from './parts/mentoringImports.en.json';
import mentors from './parts/mentors.en.json';
import offline from './parts/offline.en.json';
import onlineReadiness from './parts/onlineReadiness.en.json';
import outcomes from './parts/outcomes.en.json';
import outOfScope from './parts/outOfScope.en.json';
import ownerView from './parts/ownerView.en.json';
import queueFilters from './parts/queueFilters.en.json';
import workQueue from './parts/workQueue.en.json';

export const en: Translation = {
  ...base,
  ...mentors,
  ...cases,
  ...ownerView,
  ...coverage,
  ...outcomes,
  ...mentoringImports,
  ...workQueue,
  ...queueFilters,
  ...outOfScope,
  ...offline,
  ...market,
  ...events,
  ...certificates,
  ...onlineReadiness,
};
