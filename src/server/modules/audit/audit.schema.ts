import { z } from 'zod';
import { IsoDate } from '../../http/dates.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';

export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorId: z.number().int().nullable(),
    actorLabel: z.string(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string().nullable(),
    areaCode: z.string().nullable(),
    entityName: z.string().nullable().describe('The record by name (a business, person, program, proposal)'),
    entityPath: z.string().nullable().describe('Its page in the web app, when it has one'),
    areaName: z.string().nullable(),
    oldValues: z.record(z.string(), z.unknown()).nullable(),
    newValues: z.record(z.string(), z.unknown()).nullable(),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntryDto = z.infer<typeof AuditEntrySchema>;

export const AuditQuery = PageQuery.extend({
  entity: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  actorId: z.coerce.number().int().positive().optional(),
  q: z.string().max(100).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});

export const AuditPage = pageOf(AuditEntrySchema);
