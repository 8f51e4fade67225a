import { applicantJson, makeApplicant, makeProgram } from '../../src/server/modules/aid/aid.fixtures.ts';
import { ROLES, type Role } from '../../src/shared/roles.ts';
import type { TestApp } from '../support/app.ts';
import { importFile, makeBusiness, makeNik } from '../support/builders.ts';

/*
 * The world the authorization matrix asks about: one signed-in user of every role, and the same records
 * on two sides. "Own" is the side each role belongs to: the area officer's kecamatan (Cipondoh), the
 * institution of the institution admin and the mentor (who mentors the own business), the business
 * owner's business, and an import by the officer. "Other" is another kecamatan (Karawaci), another
 * institution, a business nobody of the matrix mentors or owns, an import by the office.
 */

export type Side = 'own' | 'other';

export interface SideFixture {
  kecamatan: string;
  kelurahan: string;
  businessId: number;
  ownerId: number;
  ownerNik: string;
  /** Two owners that the office may merge (the matrix merges them). */
  mergeFrom: number;
  mergeInto: number;
  proposalId: number;
  attachmentId: number;
  batchId: number;
  institutionId: number;
  /** A mentor of the side's institution who is none of the matrix's users (their password may be reset). */
  mentorUserId: number;
  mentorEmail: string;
  importJobId: number;
}

export interface Signed {
  id: number;
  email: string;
  password: string;
  cookie: string;
}

export interface World {
  t: TestApp;
  users: Record<Role, Signed>;
  program: string;
  sides: Record<Side, SideFixture>;
  /** A number not used before in this run (unique names, e-mails, NIKs). */
  next: () => number;
  /** A new session of `role`'s user (for a request that ends its session). */
  freshCookie: (role: Role) => Promise<string>;
  /** A new eligible proposal on `side`, entered by the office (for a request that moves it). */
  freshProposal: (side: Side) => Promise<number>;
}

const OWN = { kecamatan: '36.71.05', kelurahan: '36.71.05.1001' };
const OTHER = { kecamatan: '36.71.07', kelurahan: '36.71.07.1001' };

export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64),
]);

export async function buildWorld(t: TestApp): Promise<World> {
  let seq = 9000;
  const next = () => {
    seq += 1;
    return seq;
  };
  const institution = async (name: string) =>
    (await t.db.insertInto('institution').values({ name }).returning('id').executeTakeFirstOrThrow()).id;
  const institutions = {
    own: await institution('Lembaga Sendiri'),
    other: await institution('Lembaga Lain'),
  };

  const signed = async (input: Parameters<TestApp['makeUser']>[0]): Promise<Signed> => {
    const user = await t.makeUser(input);
    return {
      id: user.id,
      email: user.email,
      password: user.password,
      cookie: await t.login(user.email, user.password),
    };
  };
  const roleInput: Record<Role, Parameters<TestApp['makeUser']>[0]> = {
    admin: { role: 'admin' },
    area_officer: { role: 'area_officer', areaCode: OWN.kecamatan },
    institution_admin: { role: 'institution_admin', institutionId: institutions.own },
    mentor: { role: 'mentor', institutionId: institutions.own },
    business_owner: { role: 'business_owner' },
  };
  const users = {} as Record<Role, Signed>;
  for (const role of ROLES) users[role] = await signed(roleInput[role]);
  const admin = users.admin.cookie;
  const officers = {
    own: users.area_officer.cookie,
    other: (await signed({ role: 'area_officer', areaCode: OTHER.kecamatan })).cookie,
  };
  // One person does one verification level of a proposal: a second officer of each kecamatan confirms.
  const confirmers = {
    own: (await signed({ role: 'area_officer', areaCode: OWN.kecamatan })).cookie,
    other: (await signed({ role: 'area_officer', areaCode: OTHER.kecamatan })).cookie,
  };

  const call = async (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: { cookie }, payload });
    if (res.statusCode >= 300) throw new Error(`world: ${method} ${url} → ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const program = await makeProgram(t, admin);
  const enter = async (side: Side, nik: string) => {
    const area = side === 'own' ? OWN : OTHER;
    const applicant = makeApplicant(next(), { nik, kode_kelurahan: area.kelurahan });
    const entered = await call(
      'POST',
      `/api/v1/aid/programs/${program}/proposals`,
      admin,
      applicantJson(applicant),
    );
    return entered.proposal.id as number;
  };
  const move = (id: number, cookie: string, to: string) =>
    call('POST', `/api/v1/aid/proposals/${id}/transitions`, cookie, { to, note: 'Diperiksa di lapangan' });

  const sides = {} as Record<Side, SideFixture>;
  for (const side of ['own', 'other'] as const) {
    const area = side === 'own' ? OWN : OTHER;
    const kec = area.kecamatan.slice(-2);
    const ownerNik = makeNik(next(), kec);
    const business = await makeBusiness(t, admin, {
      owner: { nik: ownerNik, name: `Pemilik ${side}` },
      name: `Usaha ${side}`,
      kelurahanCode: area.kelurahan,
      ...(side === 'own' ? { mentorId: users.mentor.id } : {}),
    });
    if (side === 'own') {
      await t.db
        .updateTable('owner')
        .set({ user_id: users.business_owner.id })
        .where('id', '=', business.owner.id)
        .execute();
    }
    const twin = async (n: number) =>
      (
        await makeBusiness(t, admin, {
          owner: { nik: makeNik(next(), kec), name: `Kembar ${side} ${n}` },
          name: `Usaha kembar ${side} ${n}`,
          kelurahanCode: area.kelurahan,
        })
      ).owner.id as number;
    const proposalId = await enter(side, ownerNik);
    const attachment = await t.app.inject({
      method: 'POST',
      url: `/api/v1/aid/proposals/${proposalId}/attachments?fileName=foto.png`,
      headers: { cookie: admin, 'content-type': 'image/png' },
      payload: PNG,
    });
    // An approved proposal of the side, sent in a batch of its kecamatan.
    const approved = await enter(side, makeNik(next(), kec));
    await move(approved, officers[side], 'verified_kelurahan');
    await move(approved, confirmers[side], 'verified_kecamatan');
    await move(approved, admin, 'approved');
    const batch = await call('POST', `/api/v1/aid/programs/${program}/batches`, admin, {
      kecamatan: area.kecamatan,
    });
    const mentor = await t.makeUser({ role: 'mentor', institutionId: institutions[side] });
    const file = `nik,nama_pemilik,nama_usaha,sektor,kode_kelurahan\n${makeNik(next(), kec)},Impor ${side},Usaha impor ${side},jasa,${area.kelurahan}\n`;
    const imported = await importFile(
      t,
      side === 'own' ? users.area_officer.cookie : admin,
      'businesses',
      file,
    );
    sides[side] = {
      ...area,
      businessId: business.id,
      ownerId: business.owner.id,
      ownerNik,
      mergeFrom: await twin(1),
      mergeInto: await twin(2),
      proposalId,
      attachmentId: attachment.json().id,
      batchId: batch.id,
      institutionId: institutions[side],
      mentorUserId: mentor.id,
      mentorEmail: mentor.email,
      importJobId: imported.job.id,
    };
  }

  return {
    t,
    users,
    program,
    sides,
    next,
    freshCookie: (role) => t.login(users[role].email, users[role].password),
    freshProposal: (side) => enter(side, makeNik(next(), (side === 'own' ? OWN : OTHER).kecamatan.slice(-2))),
  };
}
