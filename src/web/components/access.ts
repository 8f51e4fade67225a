import type { Business, Role } from '../api/types.ts';

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
    role === 'admin' || role === 'area_officer'
      ? ['businesses', 'omzet']
      : role === 'mentor'
        ? ['omzet']
        : [],
};

export type ImportKind = 'businesses' | 'omzet';
