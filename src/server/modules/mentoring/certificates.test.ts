import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeInstitution, makeMentor } from '../../../../test/support/mentoring.ts';
import { localToday } from '../../http/dates.ts';
import { addDays, certificateState } from './certificates.service.ts';

let t: TestApp;
let admin: string;
let lp3w: number;
let other: number;
let instAdmin: string;
let otherAdmin: string;
let today: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-certificates-'));

beforeAll(async () => {
  t = await createTestApp({ BANGKIT_DATA_DIR: dataDir });
  today = localToday(t.config.timezone);
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  lp3w = (await makeInstitution(t, 'LP3W')).id;
  other = (await makeInstitution(t, 'Lembaga Lain')).id;
  instAdmin = (await t.signedIn({ role: 'institution_admin', institutionId: lp3w })).cookie;
  otherAdmin = (await t.signedIn({ role: 'institution_admin', institutionId: other })).cookie;
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const call = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  cookie: string,
  payload?: object | Buffer,
  contentType?: string,
) =>
  t.app.inject({
    method,
    url,
    headers: { cookie, ...(contentType ? { 'content-type': contentType } : {}) },
    payload,
  });

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200, 0x20)]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(200)]);

async function certificate(mentorId: number, issuedOn: string, expiresOn: string, cookie = admin) {
  const res = await call('POST', `/api/v1/mentors/${mentorId}/certificates`, cookie, {
    number: `No. ${issuedOn}/${expiresOn}`,
    scheme: 'SSK.01.01/LSPPI/PEN/IV/2018',
    lsp: 'LSP Pendamping Usaha',
    issuedOn,
    expiresOn,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('certificates', () => {
  it('refuses an expiry before the issue date, naming the field, and saves nothing', async () => {
    const { user } = await makeMentor(t, { institutionId: lp3w, certificate: null });
    const res = await call('POST', `/api/v1/mentors/${user.id}/certificates`, instAdmin, {
      number: '123',
      scheme: 'Pendamping UMKM',
      lsp: 'LSP X',
      issuedOn: '2025-06-01',
      expiresOn: '2025-05-31',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({
        path: 'body.expiresOn',
        message: 'Tanggal berlaku tidak boleh sebelum tanggal terbit.',
      }),
    ]);
    const missing = await call('POST', `/api/v1/mentors/${user.id}/certificates`, instAdmin, {
      number: '',
      scheme: 'Pendamping UMKM',
      lsp: 'LSP X',
      issuedOn: '2025-06-01',
      expiresOn: '2028-05-31',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0]).toMatchObject({
      path: 'body.number',
      message: 'Nomor sertifikat wajib diisi.',
    });
    expect(
      await t.db.selectFrom('mentor_certificate').where('user_id', '=', user.id).selectAll().execute(),
    ).toEqual([]);
    // A correction is checked against the stored dates too.
    const cert = await certificate(user.id, '2025-06-01', '2028-05-31');
    const edit = await call('PATCH', `/api/v1/mentors/${user.id}/certificates/${cert.id}`, admin, {
      expiresOn: '2025-01-01',
    });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().errors[0].path).toBe('body.expiresOn');
  });

  it('only the office and the mentor’s institution admin record certificates', async () => {
    const mentor = await makeMentor(t, { institutionId: lp3w, certificate: null });
    const body = { number: 'A-1', scheme: 'S', lsp: 'L', issuedOn: '2024-01-01', expiresOn: '2027-01-01' };
    expect(
      (await call('POST', `/api/v1/mentors/${mentor.user.id}/certificates`, otherAdmin, body)).statusCode,
    ).toBe(404);
    expect(
      (await call('POST', `/api/v1/mentors/${mentor.user.id}/certificates`, mentor.cookie, body)).statusCode,
    ).toBe(403);
    expect(
      (await call('POST', `/api/v1/mentors/${mentor.user.id}/certificates`, instAdmin, body)).statusCode,
    ).toBe(201);
    const again = await call('POST', `/api/v1/mentors/${mentor.user.id}/certificates`, admin, body);
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].path).toBe('body.number');
  });

  it('stores a scan told from its bytes, audits it, and serves it only to those who see the mentor', async () => {
    const mentor = await makeMentor(t, { institutionId: lp3w, certificate: null });
    const cert = await certificate(mentor.user.id, '2024-01-01', '2027-01-01', instAdmin);
    const url = `/api/v1/mentors/${mentor.user.id}/certificates/${cert.id}/scan`;

    // Not a PDF or image, whatever the header says: 415, nothing stored.
    const gif = await call('POST', url, instAdmin, GIF, 'application/pdf');
    expect(gif.statusCode).toBe(415);
    expect(gif.json().code).toBe('FileType');
    const tooBig = await call(
      'POST',
      url,
      instAdmin,
      Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]),
      'application/pdf',
    );
    expect(tooBig.statusCode).toBe(413);
    expect((await call('GET', url, admin)).statusCode).toBe(404);

    const ok = await call('POST', url, instAdmin, PDF, 'application/octet-stream');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().scan).toEqual({ type: 'application/pdf', bytes: PDF.length });
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'new_values'])
      .where('entity', '=', 'mentor_certificate')
      .where('entity_id', '=', String(cert.id))
      .where('action', '=', 'upload_scan')
      .execute();
    expect(audit).toHaveLength(1);

    for (const cookie of [admin, instAdmin, mentor.cookie]) {
      const res = await call('GET', url, cookie);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toContain('.pdf');
      expect(res.rawPayload.equals(PDF)).toBe(true);
    }
    expect((await call('GET', url, otherAdmin)).statusCode).toBe(404);
    const colleague = await makeMentor(t, { institutionId: lp3w });
    expect((await call('GET', url, colleague.cookie)).statusCode).toBe(404);
    const owner = await t.signedIn({ role: 'business_owner' });
    expect((await call('GET', url, owner.cookie)).statusCode).toBe(403);
    expect((await call('POST', url, otherAdmin, PDF, 'application/pdf')).statusCode).toBe(404);
  });
});

describe('the certificate state and the 60-day warning', () => {
  it('tells the states apart on today', () => {
    expect(certificateState('2024-01-01', '2030-01-01', '2026-12-07')).toBe('valid');
    expect(certificateState('2024-01-01', '2026-12-07', '2026-12-07')).toBe('expiring');
    expect(certificateState('2024-01-01', '2026-12-06', '2026-12-07')).toBe('expired');
    expect(certificateState('2026-12-08', '2029-12-08', '2026-12-07')).toBe('not_yet_valid');
  });

  it('flags a certificate ending in 59 days, not one ending in 60 or 61 (decision 0013)', async () => {
    const mentors: Record<number, number> = {};
    for (const days of [59, 60, 61]) {
      const m = await makeMentor(t, { institutionId: lp3w, name: `Batas ${days} hari`, certificate: null });
      await certificate(m.user.id, '2024-01-01', addDays(today, days));
      mentors[days] = m.user.id;
    }
    const state = async (id: number) => (await call('GET', `/api/v1/mentors/${id}`, admin)).json();
    expect((await state(mentors[59]!)).certificates[0]).toMatchObject({ state: 'expiring', daysLeft: 59 });
    expect((await state(mentors[59]!)).certificateState).toBe('expiring');
    expect((await state(mentors[60]!)).certificates[0]).toMatchObject({ state: 'valid', daysLeft: 60 });
    expect((await state(mentors[61]!)).certificateState).toBe('valid');

    const expiring = (await call('GET', '/api/v1/mentors/certificates/expiring', admin)).json();
    const flagged = expiring.map((c: { mentorId: number }) => c.mentorId);
    expect(flagged).toContain(mentors[59]);
    expect(flagged).not.toContain(mentors[60]);
    expect(flagged).not.toContain(mentors[61]);
    expect(expiring.find((c: { mentorId: number }) => c.mentorId === mentors[59])).toMatchObject({
      daysLeft: 59,
      institutionName: 'LP3W',
    });

    // A renewed certificate valid past the window takes the mentor off the list.
    await certificate(mentors[59]!, addDays(today, -1), addDays(today, 3 * 365));
    const after = (await call('GET', '/api/v1/mentors/certificates/expiring', admin)).json();
    expect(after.map((c: { mentorId: number }) => c.mentorId)).not.toContain(mentors[59]);
  });

  it('lists for an institution admin only their institution’s certificates', async () => {
    const ours = await makeMentor(t, {
      institutionId: lp3w,
      certificate: { issuedOn: '2024-01-01', expiresOn: addDays(today, 10) },
    });
    const theirs = await makeMentor(t, {
      institutionId: other,
      certificate: { issuedOn: '2024-01-01', expiresOn: addDays(today, 10) },
    });
    const seen = async (cookie: string) =>
      (await call('GET', '/api/v1/mentors/certificates/expiring', cookie))
        .json()
        .map((c: { mentorId: number }) => c.mentorId);
    expect(await seen(instAdmin)).toContain(ours.user.id);
    expect(await seen(instAdmin)).not.toContain(theirs.user.id);
    expect(await seen(otherAdmin)).toEqual([theirs.user.id]);
    expect(await seen(admin)).toEqual(expect.arrayContaining([ours.user.id, theirs.user.id]));
    const byInstitution = await call(
      'GET',
      `/api/v1/mentors/certificates/expiring?institution=${other}`,
      admin,
    );
    expect(byInstitution.json().map((c: { mentorId: number }) => c.mentorId)).toEqual([theirs.user.id]);
  });
});
