import type { Expertise, SessionMode } from '../../src/shared/mentoring.ts';
import type { TestApp } from './app.ts';

/**
 * Builders for mentoring test data, written straight to the tables (decision 0013) so that each part of the
 * module can be tested without going through the others' routes. Tests of a rule go through the API.
 */
let seq = 0;

export async function makeInstitution(t: TestApp, name?: string) {
  seq += 1;
  return t.db
    .insertInto('institution')
    .values({ name: name ?? `Lembaga ${seq}`, type: 'ngo' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface MentorInput {
  institutionId?: number;
  email?: string;
  name?: string;
  expertise?: Expertise[];
  kelurahan?: string[];
  cap?: number;
  /** The competency certificate; `null` for a mentor without one. Default: valid 2020-01-01 … 2030-12-31. */
  certificate?: { issuedOn: string; expiresOn: string; number?: string } | null;
}

/** A mentor account (signed in) with a profile, the kelurahan they cover and a certificate. */
export async function makeMentor(t: TestApp, input: MentorInput = {}) {
  seq += 1;
  const institutionId = input.institutionId ?? (await makeInstitution(t)).id;
  const { user, cookie } = await t.signedIn({
    role: 'mentor',
    institutionId,
    email: input.email,
    name: input.name,
  });
  await t.db
    .insertInto('mentor_profile')
    .values({
      user_id: user.id,
      phone: '081200000000',
      expertise: input.expertise ?? ['pemasaran'],
      caseload_cap: input.cap ?? 25,
    })
    .execute();
  const kelurahan = input.kelurahan ?? ['36.71.05.1001'];
  if (kelurahan.length > 0) {
    await t.db
      .insertInto('mentor_area')
      .values(kelurahan.map((code) => ({ user_id: user.id, kelurahan_code: code })))
      .execute();
  }
  const certificate =
    input.certificate === undefined ? { issuedOn: '2020-01-01', expiresOn: '2030-12-31' } : input.certificate;
  if (certificate) {
    await t.db
      .insertInto('mentor_certificate')
      .values({
        user_id: user.id,
        number: certificate.number ?? `BNSP-${seq}`,
        scheme: 'Pendamping UMKM',
        lsp: 'LSP Pendamping Usaha',
        issued_on: certificate.issuedOn,
        expires_on: certificate.expiresOn,
        scan_path: null,
        scan_type: null,
        scan_bytes: null,
        recorded_by: null,
      })
      .execute();
  }
  return { user, cookie, institutionId };
}

/** An open case of `businessId` with `mentorId` (and its first assignment row); keeps business.mentor_id. */
export async function makeCase(t: TestApp, businessId: number, mentorId: number, openedOn = '2024-01-10') {
  const row = await t.db
    .insertInto('mentoring_case')
    .values({ business_id: businessId, mentor_id: mentorId, opened_on: openedOn, opened_by: null })
    .returningAll()
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('case_assignment')
    .values({ case_id: row.id, mentor_id: mentorId, from_on: openedOn, assigned_by: null })
    .execute();
  await t.db.updateTable('business').set({ mentor_id: mentorId }).where('id', '=', businessId).execute();
  return row;
}

export interface SessionInput {
  mentorId: number;
  /** The businesses of the session with their case (one for a visit, several for a group session). */
  cases: { businessId: number; caseId: number }[];
  heldOn?: string;
  mode?: SessionMode;
  prep?: number;
  contact?: number;
  topics?: Expertise[];
  code?: string;
}

export async function makeSession(t: TestApp, input: SessionInput) {
  const session = await t.db
    .insertInto('mentoring_session')
    .values({
      code: input.code ?? null,
      idempotency_key: null,
      held_on: input.heldOn ?? '2024-02-01',
      mode: input.mode ?? (input.cases.length > 1 ? 'kelompok' : 'kunjungan'),
      mentor_id: input.mentorId,
      prep_minutes: input.prep ?? 30,
      contact_minutes: input.contact ?? 60,
      topics: input.topics ?? ['pemasaran'],
      problems: null,
      notes: null,
      businesses: input.cases.length,
      job_id: null,
      created_by: input.mentorId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('session_business')
    .values(
      input.cases.map((c) => ({ session_id: session.id, business_id: c.businessId, case_id: c.caseId })),
    )
    .execute();
  return session;
}
