import { type ExpressionBuilder, type ReferenceExpression, sql } from 'kysely';
import { isWithinArea } from '../../shared/area-code.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from './errors.ts';
import type { SessionUser } from './guard.ts';

/**
 * Area scoping, the one mechanism every module uses for row-level access by area.
 * Area codes are hierarchical (`36.71` ⊃ `36.71.05` ⊃ `36.71.05.1001`), so a scope is one code:
 * a user may see rows whose area code is the scope or lies inside it.
 * An area officer's scope is their kecamatan or kelurahan; everyone else's is the deployment's city.
 */
export function areaScopeOf(user: SessionUser, deploymentArea: string): string {
  if (user.role === 'area_officer' && user.areaCode) return user.areaCode;
  return deploymentArea;
}

export function isInScope(scope: string, areaCode: string): boolean {
  return isWithinArea(areaCode, scope);
}

export function assertInScope(scope: string, areaCode: string | null | undefined): void {
  if (!areaCode || !isInScope(scope, areaCode)) {
    throw new AppError('OutOfScope', 403, 'Data ini berada di luar wilayah kerja Anda.');
  }
}

/** SQL filter: `column` lies inside `scope` (uses the text_pattern index of a code column). */
export function withinScope<DB extends Database, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: ReferenceExpression<DB, TB>,
  scope: string,
) {
  return eb.or([eb(column, '=', scope as never), eb(column, 'like', `${scope}.%` as never)]);
}

/** The same filter as raw SQL, for set-based statements written in SQL (imports). */
export function withinScopeSql(column: string, scope: string) {
  return sql<boolean>`(${sql.ref(column)} = ${scope} or ${sql.ref(column)} like ${`${scope}.%`})`;
}

/** SQL filter: `column` is an ancestor of `scope` (e.g. the kecamatan that holds an officer's kelurahan). */
export function ancestorOfScope(column: string, scope: string) {
  return sql<boolean>`${scope} like ${sql.ref(column)} || '.%'`;
}
