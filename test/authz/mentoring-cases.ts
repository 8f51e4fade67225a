import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Side, SideFixture, World } from './world.ts';

/*
 * The records the matrix asks the mentoring cases, sessions and milestones routes about, made on first use
 * (straight into the tables, like test/support/mentoring.ts): on each side a mentor with a profile and a
 * certificate (own: the matrix's mentor; other: the other institution's), an open case of the side's
 * business, a session with an owner's action item and a photo, and a milestone with an evidence file.
 */

export interface CasesSide {
  mentorId: number;
  /** A second mentor of the side's institution, to transfer cases to. */
  otherMentorId: number;
  caseId: number;
  sessionId: number;
  photoId: number;
  actionItemId: number;
  milestoneId: number;
}

const made = new WeakMap<World, Promise<Record<Side, CasesSide>>>();
let photo: Buffer | null = null;

/** A real (tiny) JPEG, which the photo route re-encodes. */
export async function matrixPhoto() {
  photo ??= await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
    .jpeg()
    .toBuffer();
  return photo;
}

export function casesWorld(w: World): Promise<Record<Side, CasesSide>> {
  let built = made.get(w);
  if (!built) {
    built = build(w);
    made.set(w, built);
  }
  return built;
}

async function ensureMentor(w: World, userId: number) {
  const db = w.t.db;
  await db
    .insertInto('mentor_profile')
    .values({ user_id: userId, phone: '081200000001', expertise: ['pemasaran'], caseload_cap: 200 })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  await db
    .insertInto('mentor_certificate')
    .values({
      user_id: userId,
      number: `BNSP-MATRIX-${userId}`,
      scheme: 'Pendamping UMKM',
      lsp: 'LSP Pendamping Usaha',
      issued_on: '2020-01-01',
      expires_on: '2035-12-31',
      scan_path: null,
      scan_type: null,
      scan_bytes: null,
      recorded_by: null,
    })
    .onConflict((oc) => oc.columns(['user_id', 'number']).doNothing())
    .execute();
}

/** An open case of `businessId` with `mentorId` (the one already open, if another part made it). */
export async function openCaseOf(w: World, businessId: number, mentorId: number, openedOn = '2024-01-10') {
  const db = w.t.db;
  const open = await db
    .selectFrom('mentoring_case')
    .select(['id', 'mentor_id'])
    .where('business_id', '=', businessId)
    .where('closed_on', 'is', null)
    .executeTakeFirst();
  if (open) {
    if (open.mentor_id !== mentorId)
      throw new Error(`matrix: business ${businessId} has a case with another mentor`);
    return open.id;
  }
  const row = await db
    .insertInto('mentoring_case')
    .values({ business_id: businessId, mentor_id: mentorId, opened_on: openedOn, opened_by: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('case_assignment')
    .values({ case_id: row.id, mentor_id: mentorId, from_on: openedOn, assigned_by: null })
    .execute();
  await db.updateTable('business').set({ mentor_id: mentorId }).where('id', '=', businessId).execute();
  return row.id;
}

/** A new business of the side with an open case of the side's mentor (for a request that closes or moves it). */
export async function freshCase(w: World, f: SideFixture) {
  const side = await casesWorld(w).then((all) => (f === w.sides.own ? all.own : all.other));
  const n = w.next();
  const business = await w.t.db
    .insertInto('business')
    .values({
      owner_id: f.ownerId,
      name: `Usaha kasus ${n}`,
      name_key: `usaha kasus ${n}`,
      sector: 'kuliner',
      kbli: null,
      address: null,
      kelurahan_code: f.kelurahan,
      kecamatan_code: f.kecamatan,
      capital: null,
      annual_sales: null,
      employees: null,
      legality: '{}',
      online: '{}',
      baseline_omzet: null,
      mentor_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { businessId: business.id, caseId: await openCaseOf(w, business.id, side.mentorId), side };
}

async function build(w: World): Promise<Record<Side, CasesSide>> {
  const db = w.t.db;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-matrix-'));
  const out = {} as Record<Side, CasesSide>;
  for (const side of ['own', 'other'] as const) {
    const f = w.sides[side];
    const mentorId = side === 'own' ? w.users.mentor.id : f.mentorUserId;
    const second = await w.t.makeUser({ role: 'mentor', institutionId: f.institutionId });
    for (const id of [mentorId, second.id]) await ensureMentor(w, id);
    const caseId = await openCaseOf(w, f.businessId, mentorId);
    const session = await db
      .insertInto('mentoring_session')
      .values({
        code: null,
        idempotency_key: null,
        held_on: '2025-02-03',
        mode: 'kunjungan',
        mentor_id: mentorId,
        prep_minutes: 20,
        contact_minutes: 60,
        topics: ['pemasaran'],
        problems: null,
        notes: null,
        businesses: 1,
        job_id: null,
        created_by: mentorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('session_business')
      .values({ session_id: session.id, business_id: f.businessId, case_id: caseId })
      .execute();
    const photoPath = path.join(dir, `${side}.jpg`);
    fs.writeFileSync(photoPath, await matrixPhoto());
    const photoRow = await db
      .insertInto('session_photo')
      .values({ session_id: session.id, path: photoPath, bytes: 100 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const item = await db
      .insertInto('action_item')
      .values({
        session_id: session.id,
        business_id: f.businessId,
        what: 'Foto produk',
        owner_side: 'owner',
        due_on: '2025-03-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const evidencePath = path.join(dir, `${side}.pdf`);
    fs.writeFileSync(evidencePath, '%PDF-1.4\n');
    const milestone = await db
      .insertInto('milestone')
      .values({
        business_id: f.businessId,
        case_id: caseId,
        kind: 'cooperative',
        achieved_on: '2025-02-10',
        evidence_number: null,
        evidence_file: evidencePath,
        evidence_type: 'application/pdf',
        details: '{}',
        verified_by: mentorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    out[side] = {
      mentorId,
      otherMentorId: second.id,
      caseId,
      sessionId: session.id,
      photoId: photoRow.id,
      actionItemId: item.id,
      milestoneId: milestone.id,
    };
  }
  return out;
}

export const sideOf = async (w: World, f: SideFixture) =>
  (await casesWorld(w))[f === w.sides.own ? 'own' : 'other'];
