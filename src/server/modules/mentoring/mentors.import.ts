import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { canonicalAreaCode } from '../../../shared/area-code.ts';
import { normalizePhone } from '../../../shared/identity.ts';
import { IMPORT_COLUMNS } from '../../../shared/import-columns.ts';
import { DEFAULT_CASELOAD_CAP, EXPERTISE, parseCodeList } from '../../../shared/mentoring.ts';
import type { TabularRow } from '../../files/tabular.ts';
import { loadAreaLookups } from '../areas/areas.service.ts';
import { hashPassword } from '../auth/password.ts';
import { completeImport, type Importer } from '../imports/imports.service.ts';
import { RejectionLog } from '../imports/rejections.ts';
import { ROW_PROBLEMS } from '../imports/row-problems.ts';
import { nameKey, type StageColumns, type StageValue, stageRows } from '../imports/stage.ts';
import { addStagedRejections, cellText, filledCellsOf, parseFileDate, parseWhole } from './import-cells.ts';

/*
 * A file of mentors (issue 9, decision 0013): accounts by email, their institution by name, profile,
 * the kelurahan they cover and their competency certificates. Rows are checked cell by cell while the
 * file is read and staged by COPY; what depends on the database (existing accounts, institutions, the
 * importer's scope) is decided and written set-based in ONE transaction, a statement per step, never a
 * query per row.
 *
 * Rows with the same email describe one mentor (e.g. one row per certificate): name, phone, institution
 * and cap come from the last of them, expertise and kelurahan are the union of all of them and replace
 * what is stored (an email whose rows name none keeps the stored ones), and every certificate is kept
 * by (mentor, number), its details updated when the number is known.
 * New accounts get no usable password: a hash of a random value nobody sees, and must_change_password,
 * until an admin or their institution's admin issues a one-time password (users page).
 *
 * Summary: total = created + updated + unchanged + rejected. `created` counts the first row of each new
 * email, `updated` every other row of a new email and the rows of a stored mentor the file changed,
 * `unchanged` the rows of a stored mentor the file left as they were.
 */

export const MENTOR_REJECTION_REASONS = {
  required_missing: ROW_PROBLEMS.required_missing,
  email_invalid: 'Email tidak sah.',
  phone_invalid: ROW_PROBLEMS.phone_invalid,
  expertise_unknown: `Kode keahlian tidak dikenal. Pilihan: ${EXPERTISE.join(', ')} (pisahkan dengan |).`,
  kelurahan_unknown: 'Kode kelurahan tidak dikenal di daerah ini.',
  certificate_incomplete:
    'Sertifikat tidak lengkap: isi no_sertifikat, skema, lsp, tanggal_terbit dan tanggal_berlaku, atau kosongkan semuanya.',
  date_invalid: 'Tanggal harus berbentuk YYYY-MM-DD atau DD/MM/YYYY (tanggal_terbit, tanggal_berlaku).',
  expiry_before_issue: 'tanggal_berlaku tidak boleh sebelum tanggal_terbit.',
  cap_invalid: 'batas_kasus harus bilangan bulat 1 sampai 500 (kosong = 25).',
  account_not_mentor: 'Email ini dipakai akun lain yang bukan pendamping; akun itu tidak diubah.',
  outside_scope: 'Pendamping atau lembaga ini di luar lembaga Anda.',
  too_long: 'Isi sel terlalu panjang.',
} as const;
export type MentorRejection = keyof typeof MENTOR_REJECTION_REASONS;

export type MentorImportSummary = {
  total: number;
  created: number;
  updated: number;
  rejected: number;
  reasons: Record<string, number>;
  unchanged: number;
};

const MAX_CAP = 500;
/** The longest text each cell may hold (names and numbers are keys of indexes and fit on a screen). */
const MAX_LENGTH: Record<string, number> = {
  nama: 120,
  lembaga: 160,
  no_sertifikat: 100,
  skema: 200,
  lsp: 200,
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const STAGE: StageColumns = [
  ['row_number', 'int'],
  ['email', 'text'],
  ['name', 'text'],
  ['phone', 'text'],
  ['institution_name', 'text'],
  ['institution_key', 'text'],
  ['expertise', 'text[]'],
  ['areas', 'text[]'],
  ['cert_number', 'text'],
  ['scheme', 'text'],
  ['lsp', 'text'],
  ['issued_on', 'date'],
  ['expires_on', 'date'],
  ['cap', 'int'],
  ['data', 'text'],
];

const arrayLiteral = (codes: readonly string[]) => `{${codes.join(',')}}`;

export const mentorImporter: Importer = {
  kind: 'mentors',
  spec: IMPORT_COLUMNS.mentors,
  roles: ['admin', 'institution_admin'],
  async run(ctx, batches, progress) {
    const { database, config } = ctx;
    const areas = await loadAreaLookups(database.db, config.deploymentArea);
    const rejections = new RejectionLog(config.importRejectionsKept);
    const byInstitution = ctx.by?.role === 'institution_admin' ? (ctx.by.institutionId ?? -1) : null;
    const own = byInstitution
      ? await database.db
          .selectFrom('institution')
          .select('name')
          .where('id', '=', byInstitution)
          .executeTakeFirst()
      : undefined;

    const reject = (row: TabularRow, reason: MentorRejection, detail?: string): null => {
      rejections.add(reason, () => ({
        rowNumber: row.rowNumber,
        message: detail ? `${MENTOR_REJECTION_REASONS[reason]} ${detail}` : MENTOR_REJECTION_REASONS[reason],
        data: filledCellsOf(row),
      }));
      return null;
    };

    function resolve(row: TabularRow): StageValue[] | null {
      const text = (name: string) => cellText(row, name);
      // An institution's admin may leave `lembaga` empty: their own institution.
      const institution = text('lembaga').replace(/\s+/g, ' ') || own?.name || '';
      const missing = ['email', 'nama'].filter((c) => !text(c));
      if (!institution) missing.push('lembaga');
      if (missing.length) return reject(row, 'required_missing', `(${missing.join(', ')})`);
      const tooLong = Object.keys(MAX_LENGTH).filter((c) => text(c).length > MAX_LENGTH[c]!);
      if (tooLong.length)
        return reject(
          row,
          'too_long',
          `(${tooLong.map((c) => `${c}: maks. ${MAX_LENGTH[c]} karakter`).join(', ')})`,
        );
      const email = text('email').toLowerCase();
      if (!EMAIL.test(email) || email.length > 254) return reject(row, 'email_invalid');
      let phone: string | null = null;
      if (text('no_hp')) {
        phone = normalizePhone(text('no_hp'));
        if (!phone) return reject(row, 'phone_invalid');
      }
      const expertise = parseCodeList(text('keahlian'), EXPERTISE);
      if (expertise.unknown.length)
        return reject(row, 'expertise_unknown', `(${expertise.unknown.join(', ')})`);
      const kelurahan: string[] = [];
      for (const part of text('kode_kelurahan').split('|')) {
        if (!part.trim()) continue;
        const code = canonicalAreaCode(part.trim());
        if (!code || !areas.kecamatanOf.has(code))
          return reject(row, 'kelurahan_unknown', `(${part.trim()})`);
        if (!kelurahan.includes(code)) kelurahan.push(code);
      }
      const certCells = ['no_sertifikat', 'skema', 'lsp', 'tanggal_terbit', 'tanggal_berlaku'];
      const given = certCells.filter((c) => text(c));
      let issued: string | null = null;
      let expires: string | null = null;
      if (given.length > 0) {
        if (given.length < certCells.length)
          return reject(
            row,
            'certificate_incomplete',
            `(${certCells.filter((c) => !text(c)).join(', ')} kosong)`,
          );
        issued = parseFileDate(text('tanggal_terbit'));
        expires = parseFileDate(text('tanggal_berlaku'));
        if (!issued || !expires)
          return reject(row, 'date_invalid', `(${!issued ? 'tanggal_terbit' : 'tanggal_berlaku'})`);
        if (expires < issued) return reject(row, 'expiry_before_issue');
      }
      let cap = DEFAULT_CASELOAD_CAP;
      if (text('batas_kasus')) {
        const parsed = parseWhole(text('batas_kasus'), MAX_CAP);
        if (!parsed) return reject(row, 'cap_invalid');
        cap = parsed;
      }
      return [
        row.rowNumber,
        email,
        text('nama').replace(/\s+/g, ' '),
        phone,
        institution,
        nameKey(institution),
        arrayLiteral(expertise.values),
        arrayLiteral(kelurahan),
        issued ? text('no_sertifikat') : null,
        issued ? text('skema') : null,
        issued ? text('lsp') : null,
        issued,
        expires,
        cap,
        JSON.stringify(filledCellsOf(row)),
      ];
    }

    const total = await stageRows(database, ctx.stageTable, STAGE, batches, progress, resolve);
    // One hash of a random value nobody ever sees: every new account's password is unusable.
    const unusable = await hashPassword(randomBytes(32).toString('base64url'));
    const stage = sql.table(ctx.stageTable);
    await sql`alter table ${stage} add column user_id bigint, add column user_role text,
      add column user_institution bigint, add column institution_id bigint, add column reason text,
      add column is_new boolean not null default false`.execute(database.db);

    return database.db.transaction().execute(async (trx) => {
      await sql`lock table institution in share row exclusive mode`.execute(trx);
      const instKey = (col: string) => sql`lower(regexp_replace(trim(${sql.ref(col)}), '\\s+', ' ', 'g'))`;

      // Accounts the file names: another role's account is never turned into a mentor.
      await sql`update ${stage} s set user_id = u.id, user_role = u.role, user_institution = u.institution_id
        from app_user u where lower(u.email) = s.email`.execute(trx);
      await sql`update ${stage} set reason = 'account_not_mentor' where user_role <> 'mentor'`.execute(trx);
      await sql`update ${stage} s set institution_id = i.id from institution i
        where ${instKey('i.name')} = s.institution_key`.execute(trx);
      if (byInstitution !== null) {
        // An institution's admin: their own institution's mentors only, and no new institutions.
        await sql`update ${stage} set reason = 'outside_scope' where reason is null
          and (institution_id is distinct from ${byInstitution}
               or (user_id is not null and user_institution is distinct from ${byInstitution}))`.execute(trx);
      } else {
        const made = await sql`insert into institution (name)
          select distinct on (institution_key) institution_name from ${stage}
          where reason is null and institution_id is null order by institution_key, row_number
          returning id`.execute(trx);
        ctx.changed('institution', made.rows.length);
        await sql`update ${stage} s set institution_id = i.id from institution i
          where s.institution_id is null and ${instKey('i.name')} = s.institution_key`.execute(trx);
      }

      // What each stored mentor looks like before, to tell the rows that changed them from those that did not.
      const signature = sql`md5(concat_ws('|', u.name, u.institution_id::text,
          p.phone, array_to_string(array(select unnest(p.expertise) order by 1), ','), p.caseload_cap::text,
          (select string_agg(a.kelurahan_code, ',' order by a.kelurahan_code) from mentor_area a where a.user_id = u.id),
          (select string_agg(concat_ws(':', c.number, c.scheme, c.lsp, c.issued_on::text, c.expires_on::text), ','
                  order by c.number) from mentor_certificate c where c.user_id = u.id)))`;
      await sql`create temp table import_mentor_before on commit drop as
        select u.id, ${signature} as sig from app_user u left join mentor_profile p on p.user_id = u.id
        where u.id in (select user_id from ${stage} where reason is null)`.execute(trx);

      // One mentor per email: the last row's name, phone, institution and cap; the union of the codes.
      await sql`create temp table import_mentor on commit drop as
        select distinct on (s.email) s.email, s.user_id, s.name, s.phone, s.institution_id, s.cap,
          (select array_agg(distinct e) from ${stage} t cross join unnest(t.expertise) e
            where t.email = s.email and t.reason is null) as expertise,
          (select array_agg(distinct a) from ${stage} t cross join unnest(t.areas) a
            where t.email = s.email and t.reason is null) as areas
        from ${stage} s where s.reason is null order by s.email, s.row_number desc`.execute(trx);

      const created = await sql<{ id: number; email: string; name: string; institution_id: number }>`
        insert into app_user (email, name, role, institution_id, password_hash, must_change_password)
        select email, name, 'mentor', institution_id, ${unusable}, true from import_mentor
        where user_id is null order by email
        returning id, email, name, institution_id`.execute(trx);
      await sql`update import_mentor m set user_id = u.id from app_user u
        where m.user_id is null and lower(u.email) = m.email`.execute(trx);
      await sql`update ${stage} s set user_id = m.user_id, is_new = true from import_mentor m
        where s.user_id is null and s.email = m.email and s.reason is null`.execute(trx);
      await sql`update app_user u set name = m.name, institution_id = m.institution_id, updated_at = now()
        from import_mentor m where u.id = m.user_id
          and (u.name, u.institution_id) is distinct from (m.name, m.institution_id)`.execute(trx);
      await sql`insert into mentor_profile (user_id, phone, expertise, caseload_cap)
        select user_id, phone, coalesce(expertise, '{}'), cap from import_mentor
        on conflict (user_id) do update set
          phone = coalesce(excluded.phone, mentor_profile.phone),
          expertise = case when cardinality(excluded.expertise) > 0 then excluded.expertise
                           else mentor_profile.expertise end,
          caseload_cap = excluded.caseload_cap,
          updated_at = now()
        where (mentor_profile.phone, mentor_profile.expertise, mentor_profile.caseload_cap) is distinct from
              (coalesce(excluded.phone, mentor_profile.phone),
               case when cardinality(excluded.expertise) > 0 then excluded.expertise else mentor_profile.expertise end,
               excluded.caseload_cap)`.execute(trx);
      // The kelurahan a mentor covers are replaced when the file names any.
      await sql`delete from mentor_area a using import_mentor m
        where a.user_id = m.user_id and m.areas is not null
          and not (a.kelurahan_code = any(m.areas))`.execute(trx);
      await sql`insert into mentor_area (user_id, kelurahan_code)
        select m.user_id, a from import_mentor m cross join unnest(m.areas) a
        on conflict do nothing`.execute(trx);
      await sql`insert into mentor_certificate (user_id, number, scheme, lsp, issued_on, expires_on, recorded_by)
        select distinct on (user_id, cert_number) user_id, cert_number, scheme, lsp, issued_on, expires_on,
               ${ctx.actor.id}::bigint
        from ${stage} where reason is null and cert_number is not null
        order by user_id, cert_number, row_number desc
        on conflict (user_id, number) do update set
          scheme = excluded.scheme, lsp = excluded.lsp, issued_on = excluded.issued_on,
          expires_on = excluded.expires_on
        where (mentor_certificate.scheme, mentor_certificate.lsp, mentor_certificate.issued_on,
               mentor_certificate.expires_on) is distinct from
              (excluded.scheme, excluded.lsp, excluded.issued_on, excluded.expires_on)`.execute(trx);

      const changedMentors = await sql<{ id: number; email: string }>`
        select u.id, u.email from app_user u join import_mentor_before b on b.id = u.id
        left join mentor_profile p on p.user_id = u.id
        where ${signature} is distinct from b.sig`.execute(trx);
      const changedIds = changedMentors.rows.map((r) => Number(r.id));

      // Every account made and every mentor changed in the audit log, in one statement each.
      const by = ctx.actor;
      await sql`insert into audit_log (actor_id, actor_label, action, entity, entity_id, new_values, request_id, ip)
        select ${by.id}::bigint, ${by.label}::text, 'import_create', 'user', c.id::text,
               jsonb_build_object('email', c.email, 'name', c.name, 'role', 'mentor', 'institution_id', c.institution_id,
                                  'job', ${ctx.job.id}::bigint),
               ${by.requestId ?? null}::text, ${by.ip ?? null}::text
        from unnest(${created.rows.map((r) => Number(r.id))}::bigint[], ${created.rows.map((r) => r.email)}::text[],
                    ${created.rows.map((r) => r.name)}::text[], ${created.rows.map((r) => Number(r.institution_id))}::bigint[])
          as c(id, email, name, institution_id)`.execute(trx);
      await sql`insert into audit_log (actor_id, actor_label, action, entity, entity_id, new_values, request_id, ip)
        select ${by.id}::bigint, ${by.label}::text, 'import_update', 'mentor_profile', u.id::text,
               jsonb_build_object('email', u.email, 'job', ${ctx.job.id}::bigint),
               ${by.requestId ?? null}::text, ${by.ip ?? null}::text
        from app_user u where u.id = any(${changedIds}::bigint[])`.execute(trx);

      const counts = await sql<{ created: number; updated: number; unchanged: number }>`
        with ranked as (
          select s.*, row_number() over (partition by s.email order by s.row_number) as nth
          from ${stage} s where s.reason is null)
        select count(*) filter (where is_new and nth = 1)::int as created,
               count(*) filter (where (is_new and nth > 1) or (not is_new and user_id = any(${changedIds}::bigint[])))::int as updated,
               count(*) filter (where not is_new and not (user_id = any(${changedIds}::bigint[])))::int as unchanged
        from ranked`.execute(trx);
      const { created: made, updated, unchanged } = counts.rows[0]!;

      const kept = await sql<{ row_number: number; reason: string; data: string }>`
        select row_number, reason, data from ${stage} where reason is not null
        order by row_number limit ${Math.max(0, rejections.limit - rejections.kept.length)}`.execute(trx);
      const byReason = await sql<{ reason: string; n: number }>`
        select reason, count(*)::int as n from ${stage} where reason is not null group by reason`.execute(
        trx,
      );
      addStagedRejections(rejections, kept.rows, byReason.rows, MENTOR_REJECTION_REASONS);

      ctx.changed('app_user', created.rows.length);
      const summary: MentorImportSummary = {
        total,
        created: made,
        updated,
        rejected: rejections.count,
        reasons: rejections.reasons,
        unchanged,
      };
      return completeImport(trx, ctx, summary, rejections);
    });
  },
};
