import type { AidState, AidTransitionTarget, Business, Me, Role } from '../api/types.ts';

/**
 * What each role may do in the registry, so the app offers only what the server would allow.
 * The server enforces the same rules (and scopes every answer to the user's area or caseload).
 */
export const access = {
  /** Full NIK and No. KK (UU 27/2022): the office and area officers; the server masks them for the rest. */
  seesNik: (role: Role) => role === 'admin' || role === 'area_officer',
  registersBusinesses: (role: Role) => role === 'admin' || role === 'area_officer' || role === 'mentor',
  archives: (role: Role) => role === 'admin' || role === 'area_officer',
  mergesOwners: (role: Role) => role === 'admin',
  picksMentor: (role: Role) => role === 'admin',
  seesRecovery: (role: Role) => role === 'admin' || role === 'area_officer',
  /** Turnover may be reported by whoever may change the business, and by its owner. */
  reportsTurnover: (role: Role, business: Business) => business.canEdit || role === 'business_owner',
  importKinds: (role: Role): ImportKind[] =>
    role === 'admin'
      ? ['businesses', 'omzet', 'mentors', 'sessions']
      : role === 'area_officer'
        ? ['businesses', 'omzet']
        : role === 'mentor'
          ? ['omzet', 'sessions']
          : role === 'institution_admin'
            ? ['mentors', 'sessions']
            : [],

  /** Aid programs: proposals by state, kecamatan and verification progress (officers see their area). */
  seesAidFigures: (role: Role) => role === 'admin' || role === 'area_officer',
  managesAidPrograms: (role: Role) => role === 'admin',
  /** Bulk intake files and the ministry's answer are the office's; officers enter applicants one by one. */
  importsAidFiles: (role: Role) => role === 'admin',
  entersAidApplicants: (role: Role) => role === 'admin' || role === 'area_officer',
  sendsAidBatches: (role: Role) => role === 'admin',
  /** The level a user checks proposals at: an officer's kelurahan or kecamatan, or the office. */
  aidLevel: (me: Pick<Me, 'role' | 'areaCode'>): AidLevel | null =>
    me.role === 'admin'
      ? 'office'
      : me.role === 'area_officer' && me.areaCode
        ? me.areaCode.split('.').length >= 4
          ? 'kelurahan'
          : 'kecamatan'
        : null,
  /** The steps this user may take with a proposal in `state` (the server checks the area too). */
  aidMoves: (me: Pick<Me, 'role' | 'areaCode'>, state: AidState): AidTransitionTarget[] => {
    const level = access.aidLevel(me);
    if (!level) return [];
    return AID_TARGETS.filter((to) => AID_LADDER[to][state]?.includes(level));
  },
};

export type ImportKind = 'businesses' | 'omzet' | 'mentors' | 'sessions';
export type AidLevel = 'kelurahan' | 'kecamatan' | 'office';

const AID_TARGETS: AidTransitionTarget[] = [
  'verified_kelurahan',
  'verified_kecamatan',
  'approved',
  'rejected',
];
/**
 * The verification ladder as the server's TRANSITIONS (aid.service.ts) has it: from which state, and by
 * which level, each step may be taken. `sent`, `disbursed` and `rejected_by_ministry` come only with a
 * batch or the ministry's answer.
 */
const AID_LADDER: Record<AidTransitionTarget, Partial<Record<AidState, readonly AidLevel[]>>> = {
  verified_kelurahan: { submitted: ['kelurahan', 'kecamatan'] },
  verified_kecamatan: { verified_kelurahan: ['kecamatan'] },
  approved: { verified_kecamatan: ['office'] },
  rejected: {
    submitted: ['kelurahan', 'kecamatan', 'office'],
    verified_kelurahan: ['kecamatan', 'office'],
    verified_kecamatan: ['office'],
    approved: ['office'],
  },
};
