import type { DB } from '../../db/database.ts';
import { type TableColumn, type TableFormat, writeTable } from '../../files/table-writer.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { recordExport } from '../audit/identity-reads.ts';
import { countBatchProposals, findBatchView, streamBatchProposals } from './aid.repository.ts';

/** The ministry's column layout for a submission: NIK in full, as text so Excel never rounds it. */
export const MINISTRY_COLUMNS: TableColumn[] = [
  { key: 'nik', header: 'NIK', text: true, width: 20 },
  { key: 'kk', header: 'NO_KK', text: true, width: 20 },
  { key: 'name', header: 'NAMA_LENGKAP', width: 28 },
  { key: 'address', header: 'ALAMAT', width: 40 },
  { key: 'business_field', header: 'BIDANG_USAHA', width: 22 },
  { key: 'phone', header: 'NO_HP', text: true, width: 16 },
  { key: 'amount', header: 'NILAI_BANTUAN', width: 16 },
];

/** A batch in the ministry's layout. Full NIKs leave the system here, so the export is audit-logged. */
export async function exportBatch(
  db: DB,
  user: SessionUser | null,
  actor: Actor,
  batchId: number,
  format: TableFormat,
) {
  if (user && user.role !== 'admin') throw forbidden();
  const batch = await findBatchView(db, batchId);
  if (!batch) throw notFound('Batch pengiriman');
  const rows = await countBatchProposals(db, batchId);
  await recordExport(db, actor, {
    full: true,
    entity: 'aid_batch',
    entityId: batch.id,
    areaCode: batch.kecamatan_code,
    values: { program: batch.program_code, number: batch.number, format, rows },
  });
  return {
    stream: writeTable(format, MINISTRY_COLUMNS, streamBatchProposals(db, batchId), 'Usulan'),
    fileName: `${batch.program_code}-batch-${batch.number}.${format}`,
  };
}
