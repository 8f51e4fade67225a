import { sql } from 'kysely';
import { NIK_PROBLEM_MESSAGES, parseNik } from '../../../shared/identity.ts';
import { IMPORT_COLUMNS } from '../../../shared/import-columns.ts';
import { EXPERTISE, parseCodeList, SESSION_MODES, type SessionMode } from '../../../shared/mentoring.ts';
import type { TabularRow } from '../../files/tabular.ts';
import { localToday } from '../../http/dates.ts';
import { loadAreaLookups } from '../areas/areas.service.ts';
import { completeImport, type Importer } from '../imports/imports.service.ts';
import { RejectionLog } from '../imports/rejections.ts';
import { ROW_PROBLEMS } from '../imports/row-problems.ts';
import { nameKey, type StageColumns, type StageValue, stageRows } from '../imports/stage.ts';
import { addStagedRejections, cellText, filledCellsOf, parseFileDate, parseWhole } from './import-cells.ts';
import { decideSessions } from './sessions.import-merge.ts';

/*
 * A file of mentoring sessions (issue 9, decision 0013): one row per business of a session; rows sharing
 * a `kode_sesi` are one group session of those businesses (n = its rows). Cells are checked while the
 * file is read and the rows staged by COPY; the rest (mentor, business, the group's agreement, the
 * certificate on the day, the open case or the cap for a new one) is decided and written set-based in
 * ONE transaction by sessions.import-merge.ts, with the rules of mentoring.rules.ts.
 *
 * Importing a file again changes nothing: a `kode_sesi` already stored is never stored twice. A row of a
 * stored session whose business is already in it is `unchanged`; one whose business is not (a row the
 * first import rejected, corrected since) joins the stored session, which must agree on date, mentor,
 * mode and minutes, and counts as `updated`. Summary: total = created + updated + unchanged + rejected.
 */

export const SESSION_REJECTION_REASONS = {
  required_missing: ROW_PROBLEMS.required_missing,
  date_invalid: 'Tanggal harus berbentuk YYYY-MM-DD atau DD/MM/YYYY.',
  date_future: 'Tanggal sesi tidak boleh di masa depan.',
  mode_invalid: `Mode tidak dikenal. Pilihan: ${SESSION_MODES.join(', ')}.`,
  minutes_invalid:
    'Menit persiapan dan tatap muka harus bilangan bulat tidak negatif (menit_persiapan, menit_tatap_muka).',
  topic_unknown: `Kode topik tidak dikenal. Pilihan: ${EXPERTISE.join(', ')} (pisahkan dengan |).`,
  nik_invalid: ROW_PROBLEMS.nik_invalid,
  nik_numeric: ROW_PROBLEMS.nik_numeric,
  group_mismatch:
    'Baris dengan kode_sesi yang sama tidak sepakat soal tanggal, pendamping, mode atau menit; semua baris kode ini ditolak.',
  mentor_unknown: 'Tidak ada akun pendamping dengan email ini (email_pendamping).',
  outside_scope: 'Sesi pendamping ini di luar wewenang Anda.',
  nik_unknown: 'NIK belum terdaftar sebagai pemilik usaha.',
  business_unknown: 'Usaha dengan nama ini tidak ditemukan untuk NIK tersebut (nama_usaha).',
  business_ambiguous: 'Pemilik memiliki beberapa usaha; isi kolom nama_usaha.',
  duplicate_in_session: 'Usaha ini sudah tercantum di baris lain dengan kode_sesi yang sama.',
  session_conflict: 'kode_sesi ini sudah tersimpan dengan tanggal, pendamping, mode atau menit yang lain.',
  certificate_invalid: 'Sertifikat kompetensi pendamping tidak berlaku pada tanggal sesi.',
  case_other_mentor: 'Usaha ini sedang didampingi pendamping lain (kasus terbuka).',
  cap_exceeded: 'Membuka kasus baru melampaui batas kasus pendamping.',
  too_long: 'Isi sel terlalu panjang.',
} as const;
export type SessionRejection = keyof typeof SESSION_REJECTION_REASONS;

export type SessionImportSummary = {
  total: number;
  created: number;
  updated: number;
  rejected: number;
  reasons: Record<string, number>;
  unchanged: number;
  /** Sessions stored (a group session is one), and cases the file opened. */
  sessions: number;
  casesOpened: number;
};

/** More minutes than a day and a night in one session is a typing mistake. */
const MAX_MINUTES = 1440;
/** The longest text each cell may hold (`kode_sesi` is a key of an index). */
const MAX_LENGTH: Record<string, number> = { kode_sesi: 64, nama_usaha: 200, catatan: 2000 };

export const SESSION_STAGE: StageColumns = [
  ['row_number', 'int'],
  ['code', 'text'],
  ['held_on', 'date'],
  ['email', 'text'],
  ['nik', 'text'],
  ['name_key', 'text'],
  ['mode', 'text'],
  ['prep', 'int'],
  ['contact', 'int'],
  ['topics', 'text[]'],
  ['notes', 'text'],
  ['data', 'text'],
];

export const sessionImporter: Importer = {
  kind: 'sessions',
  spec: IMPORT_COLUMNS.sessions,
  roles: ['admin', 'institution_admin', 'mentor'],
  async run(ctx, batches, progress) {
    const { database, config } = ctx;
    const areas = await loadAreaLookups(database.db, config.deploymentArea);
    const today = localToday(config.timezone);
    const now = new Date();
    const rejections = new RejectionLog(config.importRejectionsKept);

    const reject = (row: TabularRow, reason: SessionRejection, detail?: string): null => {
      rejections.add(reason, () => ({
        rowNumber: row.rowNumber,
        message: detail
          ? `${SESSION_REJECTION_REASONS[reason]} ${detail}`
          : SESSION_REJECTION_REASONS[reason],
        data: filledCellsOf(row),
      }));
      return null;
    };

    function resolve(row: TabularRow): StageValue[] | null {
      const text = (name: string) => cellText(row, name);
      const missing = IMPORT_COLUMNS.sessions.required.filter((c) => !text(c));
      if (missing.length) return reject(row, 'required_missing', `(${missing.join(', ')})`);
      const tooLong = Object.keys(MAX_LENGTH).filter((c) => text(c).length > MAX_LENGTH[c]!);
      if (tooLong.length)
        return reject(
          row,
          'too_long',
          `(${tooLong.map((c) => `${c}: maks. ${MAX_LENGTH[c]} karakter`).join(', ')})`,
        );
      const heldOn = parseFileDate(text('tanggal'));
      if (!heldOn) return reject(row, 'date_invalid');
      if (heldOn > today) return reject(row, 'date_future');
      const mode = text('mode').toLowerCase() as SessionMode;
      if (!SESSION_MODES.includes(mode)) return reject(row, 'mode_invalid');
      const prep = parseWhole(text('menit_persiapan'), MAX_MINUTES);
      const contact = parseWhole(text('menit_tatap_muka'), MAX_MINUTES);
      if (prep === null || contact === null) return reject(row, 'minutes_invalid');
      const topics = parseCodeList(text('topik'), EXPERTISE);
      if (topics.unknown.length) return reject(row, 'topic_unknown', `(${topics.unknown.join(', ')})`);
      if (row.cells.nik?.numeric) return reject(row, 'nik_numeric');
      const nik = parseNik(text('nik'), areas.regencyExists, now);
      if (!nik.ok) return reject(row, 'nik_invalid', NIK_PROBLEM_MESSAGES[nik.problem]);
      return [
        row.rowNumber,
        text('kode_sesi'),
        heldOn,
        text('email_pendamping').toLowerCase(),
        nik.value.nik,
        text('nama_usaha') ? nameKey(text('nama_usaha')) : null,
        mode,
        prep,
        contact,
        `{${topics.values.join(',')}}`,
        text('catatan') || null,
        JSON.stringify(filledCellsOf(row)),
      ];
    }

    const total = await stageRows(database, ctx.stageTable, SESSION_STAGE, batches, progress, resolve);
    const stage = sql.table(ctx.stageTable);
    await sql`alter table ${stage} add column mentor_id bigint, add column owner_id bigint,
      add column business_id bigint, add column case_id bigint, add column session_id bigint,
      add column reason text, add column outcome text`.execute(database.db);
    await sql`create index on ${stage} (code)`.execute(database.db);
    await sql`analyze ${stage}`.execute(database.db);

    return database.db.transaction().execute(async (trx) => {
      const decided = await decideSessions(trx, ctx, stage);
      const kept = await sql<{ row_number: number; reason: string; data: string }>`
        select row_number, reason, data from ${stage} where reason is not null
        order by row_number limit ${Math.max(0, rejections.limit - rejections.kept.length)}`.execute(trx);
      addStagedRejections(rejections, kept.rows, decided.reasons, SESSION_REJECTION_REASONS);
      const summary: SessionImportSummary = {
        total,
        created: decided.created,
        updated: decided.updated,
        rejected: rejections.count,
        reasons: rejections.reasons,
        unchanged: decided.unchanged,
        sessions: decided.sessions,
        casesOpened: decided.casesOpened,
      };
      return completeImport(trx, ctx, summary, rejections);
    });
  },
};
