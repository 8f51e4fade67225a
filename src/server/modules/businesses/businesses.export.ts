import { maskNik } from '../../../shared/identity.ts';
import { SECTOR_LABELS } from '../../../shared/sectors.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { type TableColumn, type TableFormat, writeTable } from '../../files/table-writer.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { recordExport } from '../audit/identity-reads.ts';
import { streamBusinesses } from './businesses.repository.ts';
import type { BusinessFilter } from './businesses.schema.ts';
import { accessFor, canSeeFullNik, resolveFilterPeriod } from './businesses.service.ts';

/** The import's columns first (an export with full NIKs can be imported back), then the rest. */
const COLUMNS: TableColumn[] = [
  { key: 'nik', header: 'nik', text: true, width: 20 },
  { key: 'nama_pemilik', header: 'nama_pemilik', width: 24 },
  { key: 'no_hp', header: 'no_hp', text: true, width: 15 },
  { key: 'no_kk', header: 'no_kk', text: true, width: 20 },
  { key: 'nama_usaha', header: 'nama_usaha', width: 28 },
  { key: 'sektor', header: 'sektor', width: 18 },
  { key: 'kbli', header: 'kbli', text: true },
  { key: 'alamat', header: 'alamat', width: 30 },
  { key: 'kode_kelurahan', header: 'kode_kelurahan', text: true, width: 16 },
  { key: 'modal_usaha', header: 'modal_usaha', width: 16 },
  { key: 'omzet_tahunan', header: 'omzet_tahunan', width: 16 },
  { key: 'omzet_bulanan_sebelum_pandemi', header: 'omzet_bulanan_sebelum_pandemi', width: 18 },
  { key: 'tenaga_kerja', header: 'tenaga_kerja' },
  { key: 'nib', header: 'nib', text: true, width: 16 },
  { key: 'id', header: 'id_usaha' },
  { key: 'kelurahan', header: 'kelurahan', width: 18 },
  { key: 'kecamatan', header: 'kecamatan', width: 16 },
  { key: 'sektor_label', header: 'sektor_label', width: 18 },
  { key: 'kelas_usaha', header: 'kelas_usaha' },
  { key: 'legalitas', header: 'legalitas', width: 20 },
  { key: 'periode', header: 'periode' },
  { key: 'omzet_periode', header: 'omzet_periode', width: 16 },
  { key: 'penurunan_persen', header: 'penurunan_persen' },
  { key: 'diarsipkan', header: 'diarsipkan' },
];

/** Streams the filtered registry; every export is audit-logged, saying whether NIKs were in full. */
export async function exportBusinesses(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  filter: BusinessFilter,
  format: TableFormat,
) {
  const period = await resolveFilterPeriod(db, filter);
  const fullNik = canSeeFullNik(user);
  await recordExport(db, actor, {
    full: fullNik,
    entity: 'business',
    areaCode: user.role === 'area_officer' ? user.areaCode : config.deploymentArea,
    values: { format, filter: { ...filter }, period: period ?? null },
  });
  async function* rows() {
    for await (const batch of streamBusinesses(db, { ...filter, period }, accessFor(user, config), fullNik)) {
      yield batch.map((b) => ({
        nik: fullNik || b.owner_user_id === user.id ? b.owner_nik : maskNik(b.owner_nik),
        nama_pemilik: b.owner_name,
        no_hp: b.owner_phone,
        no_kk: fullNik ? b.owner_kk : null,
        nama_usaha: b.name,
        sektor: b.sector,
        kbli: b.kbli,
        alamat: b.address,
        kode_kelurahan: b.kelurahan_code,
        modal_usaha: b.capital,
        omzet_tahunan: b.annual_sales,
        omzet_bulanan_sebelum_pandemi: b.baseline_omzet,
        tenaga_kerja: b.employees,
        nib: b.legality.nib?.number ?? null,
        id: b.id,
        kelurahan: b.kelurahan_name,
        kecamatan: b.kecamatan_name,
        sektor_label: SECTOR_LABELS[b.sector],
        kelas_usaha: b.size_class,
        legalitas: Object.keys(b.legality).join(', '),
        periode: b.period,
        omzet_periode: b.amount,
        penurunan_persen: b.decline_x10 == null ? null : b.decline_x10 / 10,
        diarsipkan: b.archived_at ? 'ya' : 'tidak',
      }));
    }
  }
  const stamp = new Date().toISOString().slice(0, 10);
  return {
    stream: writeTable(format, COLUMNS, rows(), 'Usaha'),
    fileName: `bangkit-usaha-${stamp}.${format}`,
  };
}
