import { applicantJson, makeApplicant } from '../../src/server/modules/aid/aid.fixtures.ts';
import { CONSENT_VERSION } from '../../src/shared/mentoring.ts';
import { ROLES, type Role } from '../../src/shared/roles.ts';
import { makeBusiness, makeNik } from '../support/builders.ts';
import { freshProgramCertificate, sideEvent } from './certificate-fixtures.ts';
import { eventBody, freshEvent, freshRegistration, freshUpload } from './events-fixtures.ts';
import {
  freshCampaign,
  freshOrder,
  freshPhoto,
  freshProduct,
  freshShop,
  freshShopless,
  marketImage,
  marketSide,
  servedPhotoFile,
} from './market-fixtures.ts';
import { casesWorld, freshCase, matrixPhoto, sideOf } from './mentoring-cases.ts';
import { freshMilestone, freshOwnerItem } from './owner-fixtures.ts';
import { PNG, type SideFixture, type World } from './world.ts';

/*
 * What every operation of the API answers each role, on its own side and on the other (world.ts).
 * The matrix (test/authz-matrix.test.ts) reads the operations from the OpenAPI document: an operation
 * missing here fails it. A new route adds one entry: how to ask (path parameters from the side's
 * fixtures, query, body) and the status each role gets.
 */

/** [own side, other side]; one number when the side makes no difference. */
export type Statuses = Record<Role, readonly [own: number, other: number] | number>;

export interface Request {
  path?: Record<string, string | number>;
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
  /** A session of its own (the request ends it). */
  freshSession?: boolean;
}

export interface Expectation {
  request?: (side: SideFixture, world: World) => Request | Promise<Request>;
  status: Statuses;
  /** Without a session: 401 unless the operation is public. */
  anonymous?: number;
  /**
   * The answer lists rows (items, an array, CSV lines): an own-side answer carries some and an
   * other-side answer none, but to the roles in `seesOther` (the office, by default).
   */
  rows?: true | { seesOther: Role[] };
  /** One request per role: the operation has no sides (reference data, one's own account, the office's tools). */
  once?: boolean;
}

const statuses = (of: (role: Role) => Statuses[Role]): Statuses =>
  Object.fromEntries(ROLES.map((r) => [r, of(r)])) as Statuses;
/** `roles` get `yes`; everyone else `no` (403 by default: a guard refuses them). */
const only = (roles: readonly Role[], yes: Statuses[Role], no: Statuses[Role] = 403) =>
  statuses((r) => (roles.includes(r) ? yes : no));
const everyone = (status: Statuses[Role]) => only(ROLES, status);

/** A business and what hangs on it: the office sees both sides; everyone else only their own, 404 beyond. */
const businessReader = statuses((r) => (r === 'admin' ? [200, 200] : [200, 404]));

const business = (f: SideFixture) => ({ path: { id: f.businessId } });

/** A new certificate of the side's mentor (with a scan when asked), for a request that changes or reads it. */
async function freshCertificate(f: SideFixture, w: World, withScan = false): Promise<number> {
  const row = await w.t.db
    .insertInto('mentor_certificate')
    .values({
      user_id: f.mentorUserId,
      number: `CERT-${w.next()}`,
      scheme: 'Pendamping UMKM',
      lsp: 'LSP Pendamping',
      issued_on: '2025-01-01',
      expires_on: '2028-01-01',
      scan_path: null,
      scan_type: null,
      scan_bytes: null,
      recorded_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (withScan) {
    const res = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/mentors/${f.mentorUserId}/certificates/${row.id}/scan`,
      headers: { cookie: w.users.admin.cookie, 'content-type': 'image/png' },
      payload: PNG,
    });
    if (res.statusCode !== 200) throw new Error(`freshCertificate: ${res.statusCode} ${res.body}`);
  }
  return row.id;
}
const proposal = (f: SideFixture) => ({ path: { id: f.proposalId } });
const program = (_: SideFixture, w: World) => ({ path: { code: w.program } });

export const EXPECTATIONS: Record<string, Expectation> = {
  'GET /api/health': { once: true, status: everyone(200), anonymous: 200 },

  // Signing in and one's own account.
  'POST /api/v1/auth/login': {
    once: true,
    // An unknown account each time: sign-in is public, and what it answers is the same for everyone.
    request: (_, w) => ({
      body: { email: `tidak-ada${w.next()}@test.local`, password: 'salah-sekali-kata-sandi' },
    }),
    status: everyone(401),
    anonymous: 401,
  },
  'POST /api/v1/auth/logout': {
    once: true,
    request: () => ({ freshSession: true }),
    status: everyone(204),
    anonymous: 204,
  },
  'GET /api/v1/auth/me': { once: true, status: everyone(200) },
  'POST /api/v1/auth/password': {
    once: true,
    // A wrong current password: past the guard, refused by the rule (the account is left as it is).
    request: () => ({
      body: { currentPassword: 'bukan-kata-sandinya', newPassword: 'kata-sandi-baru-panjang' },
    }),
    status: everyone(400),
  },

  // Sign-in locks: the office sees and lifts them (no lock with this id: 404 past the guard).
  'GET /api/v1/auth/locks/': { once: true, status: only(['admin'], 200) },
  'DELETE /api/v1/auth/locks/{id}': {
    once: true,
    request: () => ({ path: { id: 999_999 } }),
    status: only(['admin'], 404),
  },

  // Accounts: the office all, an institution admin those of their institution.
  'GET /api/v1/users/': {
    request: (f) => ({ query: { q: f.mentorEmail } }),
    status: only(['admin', 'institution_admin'], 200),
    rows: true,
  },
  'POST /api/v1/users/': {
    request: (f, w) => ({
      body: {
        email: `baru${w.next()}@test.local`,
        name: 'Pendamping Baru',
        role: 'mentor',
        institutionId: f.institutionId,
        password: 'kata-sandi-rahasia-baru',
      },
    }),
    // An institution admin creates accounts of their own institution; naming another is refused.
    status: { ...only(['admin'], [201, 201]), institution_admin: [201, 403] },
  },
  'GET /api/v1/users/mentors': {
    once: true,
    status: only(['admin', 'area_officer', 'institution_admin'], 200),
  },
  'GET /api/v1/users/{id}': {
    request: (f) => ({ path: { id: f.mentorUserId } }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 403] },
  },
  'PATCH /api/v1/users/{id}': {
    request: (f) => ({ path: { id: f.mentorUserId }, body: { name: 'Nama Diubah' } }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 403] },
  },
  'POST /api/v1/users/{id}/reset-password': {
    request: (f) => ({ path: { id: f.mentorUserId } }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 403] },
  },
  'GET /api/v1/institutions/': {
    once: true,
    status: only(['admin', 'area_officer', 'institution_admin', 'mentor'], 200),
  },
  'GET /api/v1/institutions/list': { once: true, status: only(['admin', 'area_officer'], 200) },
  // An institution's page: the office and officers any; its own people theirs, another's is not found.
  'GET /api/v1/institutions/{id}': {
    request: (f) => ({ path: { id: f.institutionId } }),
    status: {
      ...only(['admin', 'area_officer'], [200, 200]),
      institution_admin: [200, 404],
      mentor: [200, 404],
    },
  },
  'PATCH /api/v1/institutions/{id}': {
    request: (f) => ({ path: { id: f.institutionId }, body: { phone: '021-5550000' } }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'POST /api/v1/institutions/': {
    once: true,
    request: (_, w) => ({ body: { name: `Lembaga ${w.next()}` } }),
    status: only(['admin'], 201),
  },

  // Mentors and their certificates (mentorAccess): the office and officers all, an institution admin
  // their institution's, a mentor themself (the side's mentor is another one: not found).
  'GET /api/v1/mentors/': {
    request: (f) => ({ query: { institution: String(f.institutionId) } }),
    status: only(['admin', 'area_officer', 'institution_admin', 'mentor'], 200),
    rows: { seesOther: ['admin', 'area_officer'] },
  },
  'POST /api/v1/mentors/': {
    request: (f, w) => ({
      body: {
        email: `pendamping${w.next()}@test.local`,
        name: 'Pendamping Baru',
        institutionId: f.institutionId,
        expertise: ['pemasaran'],
        kelurahan: [f.kelurahan],
      },
    }),
    status: { ...only(['admin'], [201, 201]), institution_admin: [201, 403] },
  },
  'GET /api/v1/mentors/{id}': {
    request: (f) => ({ path: { id: f.mentorUserId } }),
    status: { ...only(['admin', 'area_officer'], [200, 200]), institution_admin: [200, 404], mentor: 404 },
  },
  'PATCH /api/v1/mentors/{id}': {
    request: (f) => ({ path: { id: f.mentorUserId }, body: { phone: '0812-0000-1111' } }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404], mentor: 404 },
  },
  'GET /api/v1/mentors/certificates/expiring': {
    once: true,
    status: only(['admin', 'area_officer', 'institution_admin', 'mentor'], 200),
  },
  'POST /api/v1/mentors/{id}/certificates': {
    request: (f, w) => ({
      path: { id: f.mentorUserId },
      body: {
        number: `BNSP-${w.next()}`,
        scheme: 'Pendamping UMKM',
        lsp: 'LSP Pendamping',
        issuedOn: '2025-01-01',
        expiresOn: '2028-01-01',
      },
    }),
    status: { ...only(['admin'], [201, 201]), institution_admin: [201, 404] },
  },
  'PATCH /api/v1/mentors/{id}/certificates/{certificateId}': {
    request: async (f, w) => ({
      path: { id: f.mentorUserId, certificateId: await freshCertificate(f, w) },
      body: { scheme: 'Skema diperbaiki' },
    }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'DELETE /api/v1/mentors/{id}/certificates/{certificateId}': {
    request: async (f, w) => ({ path: { id: f.mentorUserId, certificateId: await freshCertificate(f, w) } }),
    status: { ...only(['admin'], [204, 204]), institution_admin: [204, 404] },
  },
  'POST /api/v1/mentors/{id}/certificates/{certificateId}/scan': {
    request: async (f, w) => ({
      path: { id: f.mentorUserId, certificateId: await freshCertificate(f, w) },
      body: PNG,
      contentType: 'image/png',
    }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'GET /api/v1/mentors/{id}/certificates/{certificateId}/scan': {
    request: async (f, w) => ({
      path: { id: f.mentorUserId, certificateId: await freshCertificate(f, w, true) },
    }),
    status: {
      ...only(['admin', 'area_officer'], [200, 200]),
      institution_admin: [200, 404],
      mentor: 404,
    },
  },

  // The program's own certificates (decision 0021): the office all; an institution its own and its
  // mentors'; a mentor their own (the side's mentor is another one: not found). Issuing and revoking is
  // the issuer's. Verification is public.
  'GET /api/v1/certificates/': {
    request: async (f, w) => ({ query: { event: String(await sideEvent(f, w)) } }),
    status: only(['admin', 'institution_admin', 'mentor'], 200),
  },
  'GET /api/v1/certificates/{id}': {
    request: async (f, w) => ({ path: { id: (await freshProgramCertificate(f, w)).id } }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404], mentor: 404 },
  },
  'GET /api/v1/certificates/{id}/pdf': {
    request: async (f, w) => ({ path: { id: (await freshProgramCertificate(f, w)).id } }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404], mentor: 404 },
  },
  'POST /api/v1/certificates/{id}/revoke': {
    request: async (f, w) => ({
      path: { id: (await freshProgramCertificate(f, w)).id },
      body: { reason: 'Diterbitkan keliru' },
    }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'POST /api/v1/certificates/mentor-competency': {
    request: (f, w) => ({
      body: {
        mentorId: f.mentorUserId,
        title: `Kompetensi ${w.next()}`,
        signatoryName: 'Penanda Tangan',
        signatoryPosition: 'Ketua',
      },
    }),
    status: { ...only(['admin'], [201, 201]), institution_admin: [201, 404] },
  },
  'POST /api/v1/certificates/events/{eventId}': {
    request: async (f, w) => ({
      path: { eventId: await sideEvent(f, w) },
      body: { signatoryName: 'Penanda Tangan', signatoryPosition: 'Ketua' },
    }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'GET /api/v1/certificates/events/{eventId}/zip': {
    request: async (f, w) => ({ path: { eventId: await sideEvent(f, w) } }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'GET /api/v1/verify/{code}': {
    once: true,
    request: async (f, w) => ({ path: { code: (await freshProgramCertificate(f, w)).code } }),
    status: everyone(200),
    anonymous: 200,
  },
  'GET /api/v1/verify/{code}/pdf': {
    once: true,
    request: async (f, w) => ({ path: { code: (await freshProgramCertificate(f, w)).code } }),
    status: everyone(200),
    anonymous: 200,
  },

  // Reference data.
  'GET /api/v1/areas/deployment': { once: true, status: everyone(200), anonymous: 200 },
  'GET /api/v1/areas/kecamatan': { once: true, status: everyone(200) },
  'GET /api/v1/areas/kecamatan/{code}/kelurahan': {
    request: (f) => ({ path: { code: f.kecamatan } }),
    status: { ...everyone(200), area_officer: [200, 403] },
  },
  'GET /api/v1/areas/{code}': { request: (f) => ({ path: { code: f.kelurahan } }), status: everyone(200) },

  // The audit log: the office only.
  'GET /api/v1/audit/': { once: true, status: only(['admin'], 200) },
  'GET /api/v1/audit/export': {
    once: true,
    request: () => ({ query: { format: 'csv', entity: 'institution' } }),
    status: only(['admin'], 200),
  },
  'GET /api/v1/audit/entities': { once: true, status: only(['admin'], 200) },
  'GET /api/v1/audit/actions': { once: true, status: only(['admin'], 200) },

  // The registry.
  'GET /api/v1/businesses/': {
    request: (f) => ({ query: { kecamatan: f.kecamatan } }),
    status: everyone(200),
    rows: true,
  },
  'GET /api/v1/businesses/export': {
    request: (f) => ({ query: { kecamatan: f.kecamatan, format: 'csv' } }),
    status: everyone(200),
    rows: true,
  },
  'POST /api/v1/businesses/': {
    request: (f, w) => ({
      body: {
        owner: { nik: makeNik(w.next(), f.kecamatan.slice(-2)), name: 'Pemilik Baru' },
        name: `Usaha baru ${w.next()}`,
        sector: 'jasa',
        kelurahanCode: f.kelurahan,
      },
    }),
    status: { ...only(['admin', 'mentor'], [201, 201]), area_officer: [201, 403] },
  },
  'GET /api/v1/businesses/{id}': { request: business, status: businessReader },
  'PATCH /api/v1/businesses/{id}': {
    request: (f) => ({ ...business(f), body: { employees: 3 } }),
    status: { ...only(['admin', 'area_officer', 'mentor'], [200, 404]), admin: [200, 200] },
  },
  'POST /api/v1/businesses/{id}/archive': {
    request: business,
    status: { ...only(['admin', 'area_officer'], [200, 404]), admin: [200, 200] },
  },
  'POST /api/v1/businesses/{id}/unarchive': {
    request: business,
    status: { ...only(['admin', 'area_officer'], [200, 404]), admin: [200, 200] },
  },
  'GET /api/v1/businesses/{id}/timeline': { request: business, status: businessReader },
  'GET /api/v1/businesses/{id}/omzet': { request: business, status: businessReader },
  'PUT /api/v1/businesses/{id}/omzet/{period}': {
    request: (f) => ({ path: { id: f.businessId, period: '2021-03' }, body: { amount: 4_000_000 } }),
    status: {
      ...only(['area_officer', 'mentor', 'business_owner'], [200, 404]),
      admin: [200, 200],
      institution_admin: [403, 403],
    },
  },
  'GET /api/v1/owners/lookup': {
    request: (f) => ({ query: { nik: f.ownerNik } }),
    status: only(['admin', 'area_officer', 'mentor'], 200),
  },
  'GET /api/v1/owners/{id}': {
    request: (f) => ({ path: { id: f.ownerId } }),
    status: { ...only(['admin'], [200, 200]), area_officer: [200, 404] },
  },
  'POST /api/v1/owners/{id}/merge': {
    request: (f) => ({ path: { id: f.mergeFrom }, body: { intoOwnerId: f.mergeInto } }),
    status: only(['admin'], [200, 200]),
  },

  // Turnover figures: the office and officers (an officer's figures are their area's).
  'GET /api/v1/omzet/stats': {
    request: (f) => ({ query: { period: '2021-03', by: 'kelurahan', kecamatan: f.kecamatan } }),
    status: { ...only(['admin', 'area_officer'], 200), area_officer: [200, 403] },
  },
  'GET /api/v1/omzet/trend': {
    request: (f) => ({ query: { area: f.kecamatan } }),
    status: { ...only(['admin', 'area_officer'], 200), area_officer: [200, 403] },
  },
  'GET /api/v1/omzet/stats.xlsx': {
    request: (f) => ({ query: { period: '2021-03', by: 'kelurahan', kecamatan: f.kecamatan } }),
    status: { ...only(['admin', 'area_officer'], 200), area_officer: [200, 403] },
  },
  'GET /api/v1/omzet/periods': { once: true, status: everyone(200) },

  // Mentoring outcomes: each reader's own scope (the office all, an officer their area, an institution admin
  // their institution's mentors, a mentor their own work); the monthly PDF is the office's.
  'GET /api/v1/mentoring/outcomes/': {
    once: true,
    request: () => ({ query: { period: '2021-03' } }),
    status: only(['admin', 'area_officer', 'institution_admin', 'mentor'], 200),
  },
  'GET /api/v1/mentoring/outcomes/outcomes.xlsx': {
    once: true,
    request: () => ({ query: { period: '2021-03' } }),
    status: only(['admin', 'area_officer', 'institution_admin', 'mentor'], 200),
  },
  'GET /api/v1/mentoring/outcomes/report.pdf': {
    once: true,
    request: () => ({ query: { period: '2021-03' } }),
    status: only(['admin'], 200),
  },

  // Imports: an import is its author's (and the office's); rows outside an officer's area are rejected in the job.
  'POST /api/v1/imports/{kind}': {
    request: (f, w) => ({
      path: { kind: 'businesses' },
      query: { fileName: 'usaha.csv' },
      contentType: 'application/octet-stream',
      body: `nik,nama_pemilik,nama_usaha,sektor,kode_kelurahan\n${makeNik(w.next(), f.kecamatan.slice(-2))},Impor,Usaha ${w.next()},jasa,${f.kelurahan}\n`,
    }),
    status: only(['admin', 'area_officer'], 202),
  },
  'GET /api/v1/imports/': { once: true, status: everyone(200) },
  'GET /api/v1/imports/templates/{kind}': {
    once: true,
    request: () => ({ path: { kind: 'businesses' }, query: { format: 'csv' } }),
    status: everyone(200),
  },
  'GET /api/v1/imports/{id}': {
    request: (f) => ({ path: { id: f.importJobId } }),
    status: { ...only(['admin'], [200, 200], 404), area_officer: [200, 404] },
  },
  'GET /api/v1/imports/{id}/rejections': {
    request: (f) => ({ path: { id: f.importJobId }, query: { format: 'csv' } }),
    status: { ...only(['admin'], [200, 200], 404), area_officer: [200, 404] },
  },

  // Aid: programs are the office's; proposals are seen like their businesses, checked by officers of their area.
  'GET /api/v1/aid/programs': { once: true, status: everyone(200) },
  'POST /api/v1/aid/programs': {
    once: true,
    request: (_, w) => ({ body: { code: `M${w.next()}`, name: 'Program matriks', amount: 1_000_000 } }),
    status: only(['admin'], 201),
  },
  'GET /api/v1/aid/programs/{code}': { once: true, request: program, status: everyone(200) },
  'PATCH /api/v1/aid/programs/{code}': {
    once: true,
    request: (f, w) => ({ ...program(f, w), body: { name: 'Program uji diubah' } }),
    status: only(['admin'], 200),
  },
  'GET /api/v1/aid/programs/{code}/summary': {
    once: true,
    request: program,
    status: only(['admin', 'area_officer'], 200),
  },
  'GET /api/v1/aid/programs/{code}/progress': {
    once: true,
    request: program,
    status: only(['admin', 'area_officer'], 200),
  },
  'GET /api/v1/aid/programs/{code}/proposals': {
    request: (f, w) => ({ ...program(f, w), query: { kecamatan: f.kecamatan } }),
    status: everyone(200),
    rows: true,
  },
  'POST /api/v1/aid/programs/{code}/proposals': {
    request: (f, w) => ({
      ...program(f, w),
      body: applicantJson(
        makeApplicant(w.next(), {
          nik: makeNik(w.next(), f.kecamatan.slice(-2)),
          kode_kelurahan: f.kelurahan,
        }),
      ),
    }),
    status: { ...only(['admin'], [201, 201]), area_officer: [201, 403] },
  },
  'GET /api/v1/aid/programs/{code}/intake': { once: true, request: program, status: only(['admin'], 200) },
  'GET /api/v1/aid/programs/{code}/batches': { once: true, request: program, status: only(['admin'], 200) },
  'POST /api/v1/aid/programs/{code}/batches': {
    // Every approved proposal is in a batch already: past the guard, refused by the rule.
    request: (f, w) => ({ ...program(f, w), body: { kecamatan: f.kecamatan } }),
    status: only(['admin'], [409, 409]),
  },
  'GET /api/v1/aid/batches/{id}/export': {
    request: (f) => ({ path: { id: f.batchId }, query: { format: 'csv' } }),
    status: only(['admin'], [200, 200]),
  },
  'GET /api/v1/aid/proposals/{id}': {
    request: proposal,
    status: { ...businessReader, area_officer: [200, 403] },
  },
  'POST /api/v1/aid/proposals/{id}/transitions': {
    request: async (f, w) => ({
      path: { id: await w.freshProposal(f === w.sides.own ? 'own' : 'other') },
      body: { to: 'rejected', note: 'Tidak memenuhi syarat' },
    }),
    status: { ...only(['admin'], [200, 200]), area_officer: [200, 403] },
  },
  'POST /api/v1/aid/proposals/{id}/attachments': {
    request: (f) => ({
      ...proposal(f),
      query: { fileName: 'foto.png' },
      contentType: 'image/png',
      body: PNG,
    }),
    status: { ...only(['admin'], [201, 201]), area_officer: [201, 403] },
  },
  'GET /api/v1/aid/attachments/{id}': {
    request: (f) => ({ path: { id: f.attachmentId } }),
    status: { ...only(['admin'], [200, 200]), area_officer: [200, 403] },
  },

  // The owner's own view (mentoring): only an owner, and only their own businesses (404 beyond).
  'GET /api/v1/me/consent': { once: true, status: only(['business_owner'], 200) },
  'POST /api/v1/me/consent': {
    once: true,
    request: () => ({ body: { version: CONSENT_VERSION } }),
    status: only(['business_owner'], 200),
  },
  // What waits for the caller (Home): each provider scopes its counts; cross-side checks are in its own test.
  'GET /api/v1/me/work-queue': { once: true, status: everyone(200) },
  'GET /api/v1/me/businesses': { once: true, rows: true, status: only(['business_owner'], 200) },
  'GET /api/v1/me/businesses/{id}/mentoring': {
    request: business,
    status: only(['business_owner'], [200, 404]),
  },
  'PATCH /api/v1/me/action-items/{id}': {
    request: async (f, w) => ({ path: { id: await freshOwnerItem(f, w) }, body: { done: true } }),
    status: only(['business_owner'], [200, 404]),
  },
  'POST /api/v1/me/milestones/{id}/confirm': {
    request: async (f, w) => ({ path: { id: await freshMilestone(f, w) } }),
    status: only(['business_owner'], [200, 404]),
  },
  // Owner accounts: the office, an officer in their area, the business's mentor.
  'GET /api/v1/businesses/{id}/owner-account': {
    request: business,
    status: { ...only(['admin'], [200, 200]), area_officer: [200, 403], mentor: [200, 403] },
  },
  'POST /api/v1/businesses/{id}/owner-account': {
    // A new business of the side each time (the own one mentored by the matrix's mentor), its owner without an account.
    request: async (f, w) => {
      const made = await makeBusiness(w.t, w.users.admin.cookie, {
        owner: { nik: makeNik(w.next(), f.kecamatan.slice(-2)), name: 'Pemilik Baru' },
        name: `Usaha akun ${w.next()}`,
        kelurahanCode: f.kelurahan,
        ...(f === w.sides.own ? { mentorId: w.users.mentor.id } : {}),
      });
      return { path: { id: made.id }, body: { email: `pemilik${w.next()}@test.local` } };
    },
    status: { ...only(['admin'], [201, 201]), area_officer: [201, 403], mentor: [201, 403] },
  },
  // Mentoring cases (issue 9): a case is seen like its business (a mentor their own, an institution admin its
  // mentors', an officer their area's); the office, officers and institution admins open, move and close them.
  'GET /api/v1/mentoring/cases': {
    request: async (f, w) => {
      await casesWorld(w);
      return { query: { kecamatan: f.kecamatan } };
    },
    status: everyone(200),
    rows: true,
  },
  'POST /api/v1/mentoring/cases': {
    request: async (f, w) => {
      const { businessId, side } = await freshCase(w, f);
      await w.t.db
        .updateTable('mentoring_case')
        .set({ closed_on: '2024-02-01', outcome: 'unreachable' })
        .where('business_id', '=', businessId)
        .execute();
      return { body: { businessId, mentorId: side.mentorId } };
    },
    status: {
      ...only(['admin'], [201, 201]),
      area_officer: [201, 404],
      // Another institution's mentor: not theirs to assign.
      institution_admin: [201, 403],
    },
  },
  'GET /api/v1/mentoring/cases/suggestions': {
    request: async (f, w) => {
      await casesWorld(w);
      return { query: { businessId: String(f.businessId) } };
    },
    status: { ...only(['admin', 'institution_admin'], [200, 200]), area_officer: [200, 404] },
  },
  'GET /api/v1/mentoring/cases/{id}': {
    request: async (f, w) => ({ path: { id: (await sideOf(w, f)).caseId } }),
    status: businessReader,
  },
  'POST /api/v1/mentoring/cases/{id}/transfer': {
    request: async (f, w) => {
      const { caseId, side } = await freshCase(w, f);
      return { path: { id: caseId }, body: { mentorId: side.otherMentorId, reason: 'Pindah tugas' } };
    },
    status: { ...only(['admin'], [200, 200]), area_officer: [200, 404], institution_admin: [200, 404] },
  },
  'POST /api/v1/mentoring/cases/{id}/close': {
    request: async (f, w) => ({
      path: { id: (await freshCase(w, f)).caseId },
      body: { outcome: 'goals_met', note: 'Tujuan tercapai' },
    }),
    status: {
      ...only(['admin'], [200, 200]),
      area_officer: [200, 404],
      institution_admin: [200, 404],
      mentor: [200, 404],
    },
  },
  'GET /api/v1/businesses/{id}/mentoring': {
    request: async (f, w) => {
      await casesWorld(w);
      return business(f);
    },
    status: businessReader,
  },
  'POST /api/v1/mentoring/sessions': {
    request: async (f, w) => ({
      body: {
        heldOn: '2025-06-02',
        mode: 'kunjungan',
        prepMinutes: 15,
        contactMinutes: 45,
        topics: ['pemasaran'],
        businessIds: [f.businessId],
        mentorId: (await sideOf(w, f)).mentorId,
        idempotencyKey: `matrix-${w.next()}`,
      },
    }),
    status: {
      ...only(['admin'], [201, 201]),
      area_officer: [201, 404],
      // Naming another mentor: not theirs (another institution's; a mentor records only their own).
      institution_admin: [201, 403],
      mentor: [201, 403],
    },
  },
  'GET /api/v1/mentoring/sessions/form-defaults': {
    once: true,
    request: async (_, w) => {
      await casesWorld(w);
      return {};
    },
    status: only(['admin', 'area_officer', 'institution_admin', 'mentor'], 200),
  },
  'GET /api/v1/mentoring/sessions/{id}': {
    request: async (f, w) => ({ path: { id: (await sideOf(w, f)).sessionId } }),
    status: businessReader,
  },
  'POST /api/v1/mentoring/sessions/{id}/photos': {
    request: async (f, w) => ({
      path: { id: (await sideOf(w, f)).sessionId },
      contentType: 'image/jpeg',
      body: await matrixPhoto(),
    }),
    status: {
      ...only(['admin'], [201, 201]),
      area_officer: [201, 404],
      institution_admin: [201, 404],
      mentor: [201, 404],
    },
  },
  'GET /api/v1/mentoring/photos/{id}': {
    request: async (f, w) => ({ path: { id: (await sideOf(w, f)).photoId } }),
    status: businessReader,
  },
  'PATCH /api/v1/mentoring/action-items/{id}': {
    request: async (f, w) => ({ path: { id: (await sideOf(w, f)).actionItemId }, body: { done: true } }),
    status: businessReader,
  },
  'POST /api/v1/mentoring/milestones': {
    request: async (f, w) => {
      await casesWorld(w);
      return {
        body: {
          businessId: f.businessId,
          kind: 'online_sales',
          achievedOn: '2025-04-01',
          details: { channel: 'Shopee' },
        },
      };
    },
    status: { ...only(['admin'], [201, 201]), area_officer: [201, 404], mentor: [201, 404] },
  },
  'POST /api/v1/mentoring/milestones/with-file': {
    request: async (f, w) => {
      await casesWorld(w);
      return {
        query: { businessId: String(f.businessId), kind: 'cooperative', achievedOn: '2025-04-02' },
        contentType: 'application/pdf',
        body: Buffer.from('%PDF-1.4\n'),
      };
    },
    status: { ...only(['admin'], [201, 201]), area_officer: [201, 404], mentor: [201, 404] },
  },
  'POST /api/v1/mentoring/milestones/{id}/confirm': {
    request: async (f, w) => ({ path: { id: (await sideOf(w, f)).milestoneId } }),
    status: only(['business_owner'], [200, 404]),
  },
  'GET /api/v1/mentoring/milestones/{id}/evidence': {
    request: async (f, w) => ({ path: { id: (await sideOf(w, f)).milestoneId } }),
    status: businessReader,
  },
  // Mentoring coverage: the office, officers (their area only) and institution admins read the board;
  // only the office sets the rollout plan.
  'GET /api/v1/mentoring/coverage': {
    request: (f) => ({ query: { level: 'kelurahan', kecamatan: f.kecamatan } }),
    status: { ...only(['admin', 'institution_admin'], 200), area_officer: [200, 403] },
  },
  'GET /api/v1/mentoring/coverage.xlsx': {
    request: (f) => ({ query: { level: 'kecamatan', kecamatan: f.kecamatan } }),
    status: { ...only(['admin', 'institution_admin'], 200), area_officer: [200, 403] },
  },
  'PUT /api/v1/mentoring/rollout/kelurahan/{code}': {
    request: (f) => ({ path: { code: f.kelurahan }, body: { targetBusinesses: 25, targetMonth: '2027-06' } }),
    status: only(['admin'], 200),
  },
  'PUT /api/v1/mentoring/rollout/kecamatan/{code}': {
    request: (f) => ({ path: { code: f.kecamatan }, body: { targetBusinesses: 10, targetMonth: '2027-12' } }),
    status: only(['admin'], 200),
  },
  'DELETE /api/v1/mentoring/rollout/kelurahan/{code}': {
    request: (f) => ({ path: { code: f.kelurahan } }),
    status: only(['admin'], 204),
  },

  // The public storefront (no login): everyone, signed in or not, gets the same answer.
  'GET /api/v1/store/search': {
    once: true,
    request: () => ({ query: { q: 'keripik', halal: '1' } }),
    status: everyone(200),
    anonymous: 200,
  },
  'GET /api/v1/store/products/{slug}': {
    once: true,
    request: () => ({ path: { slug: 'tidak-ada-produk' } }),
    status: everyone(404),
    anonymous: 404,
  },
  'GET /api/v1/store/shops/{slug}': {
    once: true,
    request: () => ({ path: { slug: 'tidak-ada-toko' } }),
    status: everyone(404),
    anonymous: 404,
  },
  'POST /api/v1/store/orders': {
    once: true,
    // No such shop: refused the same for everyone, nothing saved.
    request: () => ({
      body: {
        shopId: 999_999,
        buyerName: 'Pembeli',
        buyerPhone: '081234567890',
        fulfilment: 'pickup',
        items: [{ productId: 1, quantity: 1 }],
      },
    }),
    status: everyone(404),
    anonymous: 404,
  },
  'GET /api/v1/store/orders/{token}': {
    once: true,
    request: () => ({ path: { token: 'tebakan-token-yang-tidak-ada-sama-sekali' } }),
    status: everyone(404),
    anonymous: 404,
  },
  'POST /api/v1/store/orders/{token}/cancel': {
    once: true,
    request: () => ({ path: { token: 'tebakan-token-yang-tidak-ada-sama-sekali' } }),
    status: everyone(404),
    anonymous: 404,
  },
  // The marketplace (issue 11): officers decide on shops and moderate in their area; only the business's
  // owner runs its shop, products and orders; the office runs campaigns; photos are public by unguessable name.
  'GET /api/v1/market/shops': {
    request: async (f, w) => {
      await marketSide(w, f);
      return {};
    },
    status: only(['admin', 'area_officer', 'business_owner'], 200),
    once: true,
  },
  'POST /api/v1/market/shops': {
    request: async (f, w) => ({
      body: {
        businessId: await freshShopless(w, f),
        name: 'Toko Baru',
        pickupKecamatanCode: f.kecamatan,
        whatsapp: '081234567890',
      },
    }),
    status: only(['business_owner'], [201, 404]),
  },
  'GET /api/v1/market/shops/{id}': {
    request: async (f, w) => ({ path: { id: (await marketSide(w, f)).shopId } }),
    status: { ...only(['admin'], [200, 200]), area_officer: [200, 404], business_owner: [200, 404] },
  },
  'PUT /api/v1/market/shops/{id}': {
    request: async (f, w) => ({
      path: { id: (await marketSide(w, f)).shopId },
      body: { name: 'Toko Ganti', pickupKecamatanCode: f.kecamatan, whatsapp: '081234567890' },
    }),
    status: only(['business_owner'], [200, 404]),
  },
  'POST /api/v1/market/shops/{id}/logo': {
    request: async (f, w) => ({
      path: { id: (await marketSide(w, f)).shopId },
      contentType: 'image/png',
      body: await marketImage(),
    }),
    status: only(['business_owner'], [200, 404]),
  },
  'POST /api/v1/market/shops/{id}/decision': {
    request: async (f, w) => ({ path: { id: await freshShop(w, f) }, body: { action: 'approve' } }),
    status: { ...only(['admin'], [200, 200]), area_officer: [200, 404] },
  },
  'GET /api/v1/market/products': {
    request: async (f, w) => {
      await marketSide(w, f);
      return {};
    },
    status: only(['admin', 'area_officer', 'business_owner'], 200),
    once: true,
  },
  'POST /api/v1/market/shops/{id}/products': {
    request: async (f, w) => ({
      path: { id: (await marketSide(w, f)).shopId },
      body: { name: 'Produk Baru', category: 'camilan', price: 12000, stock: 3 },
    }),
    status: only(['business_owner'], [201, 404]),
  },
  'GET /api/v1/market/products/{id}': {
    request: async (f, w) => ({ path: { id: (await marketSide(w, f)).productId } }),
    status: { ...only(['admin'], [200, 200]), area_officer: [200, 404], business_owner: [200, 404] },
  },
  'PUT /api/v1/market/products/{id}': {
    request: async (f, w) => ({
      path: { id: (await marketSide(w, f)).productId },
      body: { name: 'Produk Matriks', category: 'camilan', price: 11000, stock: 50 },
    }),
    status: only(['business_owner'], [200, 404]),
  },
  'DELETE /api/v1/market/products/{id}': {
    request: async (f, w) => ({ path: { id: await freshProduct(w, (await marketSide(w, f)).shopId) } }),
    status: only(['business_owner'], [204, 404]),
  },
  'POST /api/v1/market/products/{id}/photos': {
    request: async (f, w) => ({
      path: { id: await freshProduct(w, (await marketSide(w, f)).shopId) },
      contentType: 'image/png',
      body: await marketImage(),
    }),
    status: only(['business_owner'], [201, 404]),
  },
  'PUT /api/v1/market/products/{id}/photos/order': {
    request: async (f, w) => {
      const productId = (await marketSide(w, f)).productId;
      const photos = await w.t.db
        .selectFrom('product_photo')
        .select('id')
        .where('product_id', '=', productId)
        .orderBy('position')
        .orderBy('id')
        .execute();
      const ids = photos.length > 0 ? photos.map((p) => p.id) : [await freshPhoto(w, productId)];
      return { path: { id: productId }, body: { photoIds: ids.reverse() } };
    },
    status: only(['business_owner'], [200, 404]),
  },
  'DELETE /api/v1/market/products/{id}/photos/{photoId}': {
    request: async (f, w) => {
      const productId = (await marketSide(w, f)).productId;
      return { path: { id: productId, photoId: await freshPhoto(w, productId) } };
    },
    status: only(['business_owner'], [200, 404]),
  },
  'POST /api/v1/market/products/{id}/moderation': {
    request: async (f, w) => ({
      path: { id: (await marketSide(w, f)).productId },
      body: { action: 'feature' },
    }),
    status: { ...only(['admin'], [200, 200]), area_officer: [200, 404] },
  },
  'GET /api/v1/market/photos/{file}': {
    request: async (_f, w) => ({ path: { file: await servedPhotoFile(w) } }),
    status: everyone(200),
    anonymous: 200,
    once: true,
  },
  'GET /api/v1/market/orders': {
    request: async (f, w) => {
      await marketSide(w, f);
      return {};
    },
    status: only(['business_owner'], 200),
    once: true,
  },
  'GET /api/v1/market/orders/{id}': {
    request: async (f, w) => ({ path: { id: (await marketSide(w, f)).orderId } }),
    status: only(['business_owner'], [200, 404]),
  },
  'POST /api/v1/market/orders/{id}/transition': {
    request: async (f, w) => ({
      path: { id: await freshOrder(w, await marketSide(w, f)) },
      body: { to: 'confirmed' },
    }),
    status: only(['business_owner'], [200, 404]),
  },
  // The officers' read-only order list (decision 0024): the office every order, an area officer their area's;
  // owners (sellers too) and mentors are refused.
  'GET /api/v1/market/officer-orders': {
    request: async (f, w) => {
      await marketSide(w, f);
      return { query: { kecamatan: f.kecamatan } };
    },
    status: only(['admin', 'area_officer'], 200),
    rows: true,
  },
  'GET /api/v1/market/officer-orders/{id}': {
    request: async (f, w) => ({ path: { id: (await marketSide(w, f)).orderId } }),
    status: { ...only(['admin'], [200, 200]), area_officer: [200, 404] },
  },
  'GET /api/v1/market/campaigns': { once: true, status: only(['admin', 'area_officer'], 200) },
  'POST /api/v1/market/campaigns': {
    once: true,
    request: () => ({
      body: {
        name: 'Bangga Produk UMKM',
        theme: 'kemerdekaan',
        startsOn: '2026-08-01',
        endsOn: '2026-08-31',
      },
    }),
    status: only(['admin'], 201),
  },
  'GET /api/v1/market/campaigns/{id}': {
    once: true,
    request: async (_f, w) => ({ path: { id: await freshCampaign(w) } }),
    status: only(['admin', 'area_officer'], 200),
  },
  'PUT /api/v1/market/campaigns/{id}': {
    once: true,
    request: async (_f, w) => ({
      path: { id: await freshCampaign(w) },
      body: { name: 'Kampanye Ganti', theme: 'ramadan', startsOn: '2026-03-01', endsOn: '2026-03-30' },
    }),
    status: only(['admin'], 200),
  },
  'DELETE /api/v1/market/campaigns/{id}': {
    once: true,
    request: async (_f, w) => ({ path: { id: await freshCampaign(w) } }),
    status: only(['admin'], 204),
  },
  'POST /api/v1/market/campaigns/{id}/banner': {
    once: true,
    request: async (_f, w) => ({
      path: { id: await freshCampaign(w) },
      contentType: 'image/png',
      body: await marketImage(),
    }),
    status: only(['admin'], 200),
  },
  'DELETE /api/v1/market/campaigns/{id}/banner': {
    once: true,
    request: async (_f, w) => ({ path: { id: await freshCampaign(w) } }),
    status: only(['admin'], 200),
  },
  'PUT /api/v1/market/campaigns/{id}/products': {
    once: true,
    request: async (f, w) => ({
      path: { id: await freshCampaign(w) },
      body: { productIds: [(await marketSide(w, f)).productId] },
    }),
    status: only(['admin'], 200),
  },
  'GET /api/v1/market/campaigns/{id}/figures': {
    once: true,
    request: async (_f, w) => ({ path: { id: await freshCampaign(w) }, query: { by: 'sector' } }),
    status: only(['admin', 'area_officer'], 200),
  },
  'GET /api/v1/market/campaigns/{id}/figures.xlsx': {
    once: true,
    request: async (_f, w) => ({ path: { id: await freshCampaign(w) } }),
    status: only(['admin', 'area_officer'], 200),
  },
  'GET /api/v1/market/businesses/{id}': { request: business, status: businessReader },

  // Events: the office manages every event, an institution admin their institution's (404 beyond); owners and
  // mentors see their own registrations; the public pages and registration need no account.
  'GET /api/v1/events/': { once: true, status: only(['admin', 'institution_admin'], 200) },
  'POST /api/v1/events/': {
    request: (f, w) => ({ body: eventBody(f, w) }),
    status: { ...only(['admin'], [201, 201]), institution_admin: [201, 400] },
  },
  'GET /api/v1/events/mine': { once: true, status: only(['business_owner', 'mentor'], 200) },
  'GET /api/v1/events/report': { once: true, status: only(['admin', 'institution_admin'], 200) },
  'GET /api/v1/events/report.xlsx': { once: true, status: only(['admin', 'institution_admin'], 200) },
  'GET /api/v1/events/{id}': {
    request: async (f, w) => ({ path: { id: (await freshEvent(f, w)).id } }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'PUT /api/v1/events/{id}': {
    request: async (f, w) => ({ path: { id: (await freshEvent(f, w)).id }, body: eventBody(f, w) }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'POST /api/v1/events/{id}/copy': {
    request: async (f, w) => ({ path: { id: (await freshEvent(f, w)).id } }),
    status: { ...only(['admin'], [201, 201]), institution_admin: [201, 404] },
  },
  'POST /api/v1/events/{id}/publish': {
    request: async (f, w) => ({ path: { id: (await freshEvent(f, w, 'draft')).id } }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'POST /api/v1/events/{id}/cancel': {
    request: async (f, w) => ({ path: { id: (await freshEvent(f, w)).id } }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'GET /api/v1/events/{id}/registrations': {
    request: async (f, w) => ({ path: { id: (await freshRegistration(f, w)).event.id } }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'POST /api/v1/events/{id}/check-in': {
    request: async (f, w) => {
      const { event, reg } = await freshRegistration(f, w);
      return { path: { id: event.id }, body: { code: reg.checkin_code } };
    },
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'POST /api/v1/events/{id}/registrations/{registrationId}/check-in': {
    request: async (f, w) => {
      const { event, reg } = await freshRegistration(f, w);
      return { path: { id: event.id, registrationId: reg.id } };
    },
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'PUT /api/v1/events/{id}/registrations/{registrationId}/business': {
    request: async (f, w) => {
      const { event, reg } = await freshRegistration(f, w);
      return { path: { id: event.id, registrationId: reg.id }, body: { businessId: f.businessId } };
    },
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'POST /api/v1/events/{id}/registrations/{registrationId}/cancel': {
    request: async (f, w) => {
      const { event, reg } = await freshRegistration(f, w);
      return { path: { id: event.id, registrationId: reg.id } };
    },
    status: { ...only(['admin'], [204, 204]), institution_admin: [204, 404] },
  },
  'POST /api/v1/events/{id}/attendance-uploads': {
    request: async (f, w) => ({
      path: { id: (await freshEvent(f, w)).id },
      query: { fileName: 'zoom.csv' },
      contentType: 'text/csv',
      body: 'nama,no_hp\nSiapa Saja,081299998888\n',
    }),
    status: { ...only(['admin'], [201, 201]), institution_admin: [201, 404] },
  },
  'GET /api/v1/events/{id}/attendance-uploads/{uploadId}': {
    request: async (f, w) => ({ path: await freshUpload(f, w) }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'PUT /api/v1/events/{id}/attendance-uploads/{uploadId}/rows/{row}': {
    request: async (f, w) => ({ path: { ...(await freshUpload(f, w)), row: 2 }, body: { accepted: false } }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'POST /api/v1/events/{id}/attendance-uploads/{uploadId}/apply': {
    request: async (f, w) => ({ path: await freshUpload(f, w) }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'POST /api/v1/events/{id}/attendance-uploads/{uploadId}/discard': {
    request: async (f, w) => ({ path: await freshUpload(f, w) }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'POST /api/v1/events/{id}/banner': {
    request: async (f, w) => ({
      path: { id: (await freshEvent(f, w)).id },
      contentType: 'image/png',
      body: PNG,
    }),
    status: { ...only(['admin'], [200, 200]), institution_admin: [200, 404] },
  },
  'GET /api/v1/public/events/{slug}/banner': {
    once: true,
    request: async (f, w) => ({ path: { slug: (await freshEvent(f, w)).slug } }),
    // The matrix's events have no banner: a plain 404 to everyone, signed in or not.
    status: everyone(404),
    anonymous: 404,
  },
  'GET /api/v1/public/events': { once: true, status: everyone(200), anonymous: 200 },
  'GET /api/v1/public/events/{slug}': {
    once: true,
    request: async (f, w) => ({ path: { slug: (await freshEvent(f, w)).slug } }),
    status: everyone(200),
    anonymous: 200,
  },
  'POST /api/v1/public/events/{slug}/registrations': {
    once: true,
    request: async (f, w) => ({
      path: { slug: (await freshEvent(f, w)).slug },
      body: { name: 'Peserta Publik', phone: `0813${String(w.next()).padStart(8, '0')}` },
    }),
    status: everyone(201),
    anonymous: 201,
  },
  'POST /api/v1/public/events/{slug}/registrations/me': {
    once: true,
    request: async (f, w) => ({ path: { slug: (await freshEvent(f, w)).slug } }),
    status: only(['business_owner', 'mentor'], 201),
  },
  'GET /api/v1/public/registrations/{token}': {
    once: true,
    request: async (f, w) => ({ path: { token: (await freshRegistration(f, w)).reg.token } }),
    status: everyone(200),
    anonymous: 200,
  },
  'POST /api/v1/public/registrations/{token}/cancel': {
    once: true,
    request: async (f, w) => ({ path: { token: (await freshRegistration(f, w)).reg.token } }),
    status: everyone(200),
    anonymous: 200,
  },
  'GET /api/v1/public/registrations/{token}/qr.svg': {
    once: true,
    request: async (f, w) => ({ path: { token: (await freshRegistration(f, w)).reg.token } }),
    status: everyone(200),
    anonymous: 200,
  },
  'GET /api/v1/public/registrations/{token}/event.ics': {
    once: true,
    request: async (f, w) => ({ path: { token: (await freshRegistration(f, w)).reg.token } }),
    status: everyone(200),
    anonymous: 200,
  },
};
