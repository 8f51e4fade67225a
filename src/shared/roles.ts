export const ROLES = ['admin', 'area_officer', 'institution_admin', 'mentor', 'business_owner'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that belong to a mentoring institution. */
export const INSTITUTION_ROLES: readonly Role[] = ['institution_admin', 'mentor'];
