/**
 * The shapes the API answers with, read from the server's zod schemas (type-only imports, erased at build time),
 * so the web app breaks at compile time when a response changes.
 */
import type { z } from 'zod';
import type { AreaDto, AreaLookupSchema } from '../../server/modules/areas/areas.schema.ts';
import type { AuditEntryDto } from '../../server/modules/audit/audit.schema.ts';
import type { MeSchema } from '../../server/modules/auth/auth.schema.ts';
import type { InstitutionDto } from '../../server/modules/institutions/institutions.schema.ts';
import type {
  CreatedUserSchema,
  CreateUserInput,
  UpdateUserInput,
  UserDto,
} from '../../server/modules/users/users.schema.ts';

export type { Role } from '../../shared/roles.ts';
export type Me = z.infer<typeof MeSchema>;
export type User = UserDto;
export type CreateUserBody = CreateUserInput;
export type UpdateUserBody = UpdateUserInput;
export type CreatedUser = z.infer<typeof CreatedUserSchema>;
export type Institution = InstitutionDto;
export type Area = AreaDto;
export type AreaLookup = z.infer<typeof AreaLookupSchema>;
export type AuditEntry = AuditEntryDto;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
