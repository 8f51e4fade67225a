import { type ExpressionBuilder, sql } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import type { SessionUser } from '../../http/guard.ts';
import { withinScope } from '../../http/scope.ts';

/**
 * Who sees which mentoring records, the one place the module decides it (decision 0013), built on the one
 * area-scope mechanism (`http/scope.ts`). Queries name the case `c`, its business `b`, a mentor account `mu`.
 *
 * - office (admin): every case of the deployment;
 * - area officer: cases of businesses in their kecamatan or kelurahan;
 * - institution admin: cases whose mentor belongs to their institution;
 * - mentor: their own cases (the case's current mentor);
 * - business owner: the cases of their own businesses.
 */
type CaseEB = ExpressionBuilder<
  Database & { c: Database['mentoring_case']; b: Database['business'] },
  'c' | 'b'
>;

export function caseAccess(user: SessionUser, config: Config) {
  return (eb: CaseEB) => {
    switch (user.role) {
      case 'admin':
        return withinScope(eb, 'b.kelurahan_code', config.deploymentArea);
      case 'area_officer':
        return withinScope(eb, 'b.kelurahan_code', user.areaCode ?? '-');
      case 'mentor':
        return eb('c.mentor_id', '=', user.id);
      case 'institution_admin':
        return eb(
          'c.mentor_id',
          'in',
          eb
            .selectFrom('app_user as iu')
            .select('iu.id')
            .where('iu.institution_id', '=', user.institutionId ?? -1),
        );
      case 'business_owner':
        return eb(
          'b.owner_id',
          'in',
          eb.selectFrom('owner as o').select('o.id').where('o.user_id', '=', user.id),
        );
    }
  };
}

/**
 * Which mentor accounts a user sees (`mu` = app_user of role mentor): the office and area officers all of
 * them (an officer assigns mentors to businesses in their area), an institution admin their institution's,
 * a mentor themself, an owner none.
 */
export function mentorAccess(user: SessionUser) {
  return (eb: ExpressionBuilder<Database & { mu: Database['app_user'] }, 'mu'>) => {
    switch (user.role) {
      case 'admin':
      case 'area_officer':
        return eb.val(true);
      case 'institution_admin':
        return eb('mu.institution_id', '=', user.institutionId ?? -1);
      case 'mentor':
        return eb('mu.id', '=', user.id);
      case 'business_owner':
        return eb.val(false);
    }
  };
}

/** The same mentor rule as raw SQL, for reports written in SQL (coverage, outcomes). */
export function mentorAccessSql(user: SessionUser, column = 'mu') {
  const ref = (c: string) => sql.ref(`${column}.${c}`);
  switch (user.role) {
    case 'admin':
    case 'area_officer':
      return sql<boolean>`true`;
    case 'institution_admin':
      return sql<boolean>`${ref('institution_id')} = ${user.institutionId ?? -1}`;
    case 'mentor':
      return sql<boolean>`${ref('id')} = ${user.id}`;
    case 'business_owner':
      return sql<boolean>`false`;
  }
}
