import type { Migration } from 'kysely/migration';
import * as m001 from './2026_11_28_001_foundation.ts';
import * as m002 from './2026_11_28_002_registry.ts';
import * as m003 from './2026_11_28_003_imports.ts';
import * as m004 from './2026_11_28_004_aid.ts';
import * as m005 from './2026_11_28_005_import_details.ts';
import * as m006 from './2026_11_28_006_health_check.ts';
import * as m007 from './2026_11_28_007_sign_in_throttle.ts';
import * as m008 from './2026_12_06_001_histogram_room_for_updates.ts';
import * as m009 from './2026_12_07_001_mentoring.ts';
import * as m050 from './2026_12_07_050_coverage.ts';
import * as m060 from './2026_12_07_060_aid_same_verifier.ts';
import * as m061 from './2026_12_07_061_aid_proposal_without_owner.ts';
import * as m070 from './2026_12_07_070_idempotency.ts';
import * as m080 from './2026_12_07_080_mentoring_aggregates.ts';
import * as m100 from './2026_12_07_100_marketplace.ts';
import * as m200 from './2026_12_07_200_events.ts';
import * as m210 from './2026_12_07_210_certificates.ts';
import * as m220 from './2026_12_07_220_campaign_banner.ts';
import * as m230 from './2026_12_07_230_online_aggregates.ts';

/**
 * Every migration, in order. Names sort by date; add new ones at the end, after every name that has landed:
 * a database migrated past a name refuses a new one sorted before it.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_28_001_foundation': m001,
  '2026_11_28_002_registry': m002,
  '2026_11_28_003_imports': m003,
  '2026_11_28_004_aid': m004,
  '2026_11_28_005_import_details': m005,
  '2026_11_28_006_health_check': m006,
  '2026_11_28_007_sign_in_throttle': m007,
  '2026_12_06_001_histogram_room_for_updates': m008,
  '2026_12_07_001_mentoring': m009,
  '2026_12_07_050_coverage': m050,
  '2026_12_07_060_aid_same_verifier': m060,
  '2026_12_07_061_aid_proposal_without_owner': m061,
  '2026_12_07_070_idempotency': m070,
  '2026_12_07_080_mentoring_aggregates': m080,
  '2026_12_07_100_marketplace': m100,
  '2026_12_07_200_events': m200,
  '2026_12_07_210_certificates': m210,
  '2026_12_07_220_campaign_banner': m220,
  '2026_12_07_230_online_aggregates': m230,
};
