import { applicantJson, makeApplicant } from '../../src/server/modules/aid/aid.fixtures.ts';
import { ROLES, type Role } from '../../src/shared/roles.ts';
import { makeNik } from '../support/builders.ts';
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
  'GET /api/v1/institutions/': { once: true, status: only(['admin', 'institution_admin', 'mentor'], 200) },
  'POST /api/v1/institutions/': {
    once: true,
    request: (_, w) => ({ body: { name: `Lembaga ${w.next()}` } }),
    status: only(['admin'], 201),
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
};
