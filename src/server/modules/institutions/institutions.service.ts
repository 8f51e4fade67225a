import type { DB } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor } from '../../http/guard.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findInstitutionByName, insertInstitution, listInstitutions } from './institutions.repository.ts';
import type { InstitutionDto } from './institutions.schema.ts';

export async function allInstitutions(db: DB): Promise<InstitutionDto[]> {
  const rows = await listInstitutions(db);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    mentors: r.mentors ?? 0,
    createdAt: r.created_at.toISOString(),
  }));
}

export async function createInstitution(db: DB, actor: Actor, name: string): Promise<InstitutionDto> {
  return db.transaction().execute(async (trx) => {
    if (await findInstitutionByName(trx, name)) {
      throw new AppError('InstitutionExists', 409, `Lembaga "${name}" sudah terdaftar.`, {
        errors: [{ path: 'body.name', message: 'Nama lembaga sudah terdaftar.' }],
      });
    }
    const row = await insertInstitution(trx, name);
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'institution',
      entityId: row.id,
      newValues: { name },
    });
    return { id: row.id, name: row.name, mentors: 0, createdAt: row.created_at.toISOString() };
  });
}
