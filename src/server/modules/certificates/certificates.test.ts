import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeEventWithAttendees } from '../../../../test/support/certificates.ts';
import { makeInstitution, makeMentor } from '../../../../test/support/mentoring.ts';
import { CODE_ALPHABET } from '../../../shared/certificates.ts';
import { localToday } from '../../http/dates.ts';
import type { CertificateDto, Verification } from './certificates.schema.ts';

let t: TestApp;
let admin: string;
let lp3w: number;
let instAdmin: string;
let otherAdmin: string;
let today: string;

beforeAll(async () => {
  t = await createTestApp();
  today = localToday(t.config.timezone);
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  lp3w = (await makeInstitution(t, 'LP3W')).id;
  const other = (await makeInstitution(t, 'Lembaga Lain')).id;
  instAdmin = (await t.signedIn({ role: 'institution_admin', institutionId: lp3w })).cookie;
  otherAdmin = (await t.signedIn({ role: 'institution_admin', institutionId: other })).cookie;
});
afterAll(async () => {
  await t.close();
});

const call = (method: 'GET' | 'POST', url: string, cookie?: string, payload?: object) =>
  t.app.inject({ method, url, headers: cookie ? { cookie } : {}, payload });

const SIGNATORY = { signatoryName: 'Drs. Budi Santoso', signatoryPosition: 'Kepala Dinas Koperasi dan UMKM' };

const certificateCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('certificate')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function issueEvent(eventId: number, body: object = SIGNATORY, cookie = admin) {
  return call('POST', `/api/v1/certificates/events/${eventId}`, cookie, body);
}

function readZip(buffer: Buffer): Promise<{ name: string; head: string }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out: { name: string; head: string }[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.push({ name: entry.fileName, head: Buffer.concat(chunks).subarray(0, 5).toString('latin1') });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('certificates for the attendees of an event', () => {
  it('refuses the whole request when someone named did not attend, then issues to everyone who did, once', async () => {
    const { event, registrations } = await makeEventWithAttendees(t, {
      attended: ['Siti Aminah', 'Joko Widodo'],
      absent: ['Rina Absen'],
    });
    const before = await certificateCount();

    const refused = await issueEvent(event.id, {
      ...SIGNATORY,
      registrationIds: registrations.map((r) => r.id),
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'NotAttended' });
    expect(refused.json().detail).toContain('Rina Absen');
    expect(refused.json().errors).toEqual([
      { path: 'body.registrationIds.2', message: 'Rina Absen tidak hadir (belum check-in).' },
    ]);
    expect(await certificateCount()).toBe(before);

    const first = await issueEvent(event.id);
    expect(first.statusCode, first.body).toBe(200);
    const issued = first.json() as { issued: number; alreadyIssued: number; certificates: CertificateDto[] };
    expect(issued.issued).toBe(2);
    expect(issued.certificates.map((c) => c.holder).sort()).toEqual(['Joko Widodo', 'Siti Aminah']);
    for (const c of issued.certificates) {
      expect(c.number).toMatch(new RegExp(`^BKT/${today.slice(0, 4)}/\\d{6}$`));
      expect(c.code).toHaveLength(20);
      for (const ch of c.code) expect(CODE_ALPHABET).toContain(ch);
      expect(c).toMatchObject({
        kind: 'event_attendance',
        status: 'valid',
        title: event.title,
        issuedOn: today,
        issuer: { institutionId: null, name: expect.stringMatching(/^Dinas Koperasi dan UMKM/) },
        signatory: { name: SIGNATORY.signatoryName, position: SIGNATORY.signatoryPosition },
        eventId: event.id,
      });
      expect(c.verifyUrl).toMatch(new RegExp(`/verify/${c.code}$`));
    }
    expect(new Set(issued.certificates.map((c) => c.number)).size).toBe(2);

    const again = await issueEvent(event.id);
    expect(again.json()).toMatchObject({ issued: 0, alreadyIssued: 2, certificates: [] });
    expect(await certificateCount()).toBe(before + 2);

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('entity', '=', 'certificate')
      .where('action', '=', 'issue')
      .execute();
    for (const c of issued.certificates) expect(audit.map((a) => a.entity_id)).toContain(String(c.id));
  });

  it('says plainly when nobody has checked in yet', async () => {
    const { event } = await makeEventWithAttendees(t, { attended: [], absent: ['Belum Datang'] });
    const res = await issueEvent(event.id);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'NoAttendees' });
    expect(res.json().detail).toContain('hadir');
  });

  it('lets an institution issue for its own events only, in its own name', async () => {
    const own = await makeEventWithAttendees(t, { institutionId: lp3w, attended: ['Dewi Lestari'] });
    expect((await issueEvent(own.event.id, SIGNATORY, otherAdmin)).statusCode).toBe(404);
    const res = await issueEvent(
      own.event.id,
      { ...SIGNATORY, title: 'Peserta Pelatihan Kemasan' },
      instAdmin,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().certificates[0]).toMatchObject({
      title: 'Peserta Pelatihan Kemasan',
      issuer: { institutionId: lp3w, name: 'LP3W' },
      canRevoke: true,
    });
  });

  it('downloads every certificate of the event as one ZIP of PDFs', async () => {
    const { event } = await makeEventWithAttendees(t, { attended: ['Ani', 'Budi', 'Citra'] });
    const empty = await call('GET', `/api/v1/certificates/events/${event.id}/zip`, admin);
    expect(empty.statusCode).toBe(409);
    const issued = (await issueEvent(event.id)).json() as { certificates: CertificateDto[] };
    const res = await call('GET', `/api/v1/certificates/events/${event.id}/zip`, admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain(`sertifikat-${event.slug}.zip`);
    const entries = await readZip(res.rawPayload);
    expect(entries.map((e) => e.name).sort()).toEqual(
      issued.certificates.map((c) => `sertifikat-${c.number.replaceAll('/', '-')}.pdf`).sort(),
    );
    for (const e of entries) expect(e.head).toBe('%PDF-');
    expect((await call('GET', `/api/v1/certificates/events/${event.id}/zip`, otherAdmin)).statusCode).toBe(
      404,
    );
  });
});

describe('competency certificates of mentors', () => {
  it('are the program’s own, issued by the office or the mentor’s institution, and not twice', async () => {
    const { user: mentor, cookie: mentorCookie } = await makeMentor(t, {
      institutionId: lp3w,
      name: 'Pak Mentor',
    });
    const body = { ...SIGNATORY, mentorId: mentor.id, title: 'Pendamping Pemasaran Digital' };
    expect((await call('POST', '/api/v1/certificates/mentor-competency', otherAdmin, body)).statusCode).toBe(
      404,
    );
    const res = await call('POST', '/api/v1/certificates/mentor-competency', instAdmin, body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'mentor_competency',
      holder: 'Pak Mentor',
      mentorId: mentor.id,
      issuer: { institutionId: lp3w, name: 'LP3W' },
    });
    const twice = await call('POST', '/api/v1/certificates/mentor-competency', admin, {
      ...body,
      title: 'pendamping pemasaran digital',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().errors[0].path).toBe('body.title');

    // The mentor sees their own, and nobody else's.
    const mine = await call('GET', '/api/v1/certificates', mentorCookie);
    expect(mine.json().items.map((c: CertificateDto) => c.holder)).toEqual(['Pak Mentor']);
    expect(mine.json().items[0].canRevoke).toBe(false);
  });

  it('refuse a future issue date or an end before the start, changing nothing', async () => {
    const { user: mentor } = await makeMentor(t, { institutionId: lp3w });
    const before = await certificateCount();
    const future = await call('POST', '/api/v1/certificates/mentor-competency', admin, {
      ...SIGNATORY,
      mentorId: mentor.id,
      title: 'Kompetensi',
      issuedOn: '2999-01-01',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0]).toMatchObject({ path: 'body.issuedOn' });
    const backwards = await call('POST', '/api/v1/certificates/mentor-competency', admin, {
      ...SIGNATORY,
      mentorId: mentor.id,
      title: 'Kompetensi',
      issuedOn: '2025-01-01',
      validUntil: '2024-12-31',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0]).toMatchObject({ path: 'body.validUntil' });
    expect(await certificateCount()).toBe(before);
  });
});

describe('public verification', () => {
  let cert: CertificateDto;
  let registration: { phone: string; email: string | null };

  beforeAll(async () => {
    const { event, registrations } = await makeEventWithAttendees(t, { attended: ['Sri Rahayu'] });
    registration = registrations[0]!;
    cert = ((await issueEvent(event.id)).json() as { certificates: CertificateDto[] }).certificates[0]!;
  });

  it('answers anyone, as JSON and as a page, with what the certificate says and nothing personal', async () => {
    const json = await call('GET', `/api/v1/verify/${cert.code}`);
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({
      code: cert.code,
      status: 'valid',
      holder: 'Sri Rahayu',
      title: cert.title,
      issuedAt: today,
      number: cert.number,
      revokedAt: null,
    } satisfies Partial<Verification>);
    const page = await call('GET', `/verify/${cert.code}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Sri Rahayu');
    expect(page.body).toContain('SAH');
    expect(page.body).toContain(cert.number);
    for (const body of [json.body, page.body]) {
      expect(body).not.toContain(registration.phone);
      expect(body).not.toContain(registration.email!);
    }
    // Typed from paper: lower case, in groups.
    const typed = cert.code.toLowerCase().match(/.{4}/g)!.join('-');
    expect((await call('GET', `/api/v1/verify/${typed}`)).json().status).toBe('valid');
    // The holder can fetch the PDF with the code.
    const pdf = await call('GET', `/api/v1/verify/${cert.code}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('says plainly that an unknown code is unknown (404 page and 404 problem)', async () => {
    const page = await call('GET', '/verify/ABCDEFGHJKLMNPQRSTUV');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('TIDAK DIKENAL');
    const nonsense = await call('GET', '/verify/%3Cscript%3E');
    expect(nonsense.statusCode).toBe(404);
    expect(nonsense.body).not.toContain('<script>');
    const json = await call('GET', '/api/v1/verify/ABCDEFGHJKLMNPQRSTUV');
    expect(json.statusCode).toBe(404);
    expect(json.json()).toMatchObject({ code: 'CertificateUnknown' });
  });

  it('shows a revocation with its date and reason; only the issuer may revoke, once, with a reason', async () => {
    const url = `/api/v1/certificates/${cert.id}/revoke`;
    expect((await call('POST', url, otherAdmin, { reason: 'Bukan penerbit' })).statusCode).toBe(404);
    const short = await call('POST', url, admin, { reason: 'x' });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].path).toBe('body.reason');
    expect((await call('GET', `/api/v1/verify/${cert.code}`)).json().status).toBe('valid');

    const res = await call('POST', url, admin, { reason: 'Nama peserta salah ketik' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'revoked',
      revokedReason: 'Nama peserta salah ketik',
      canRevoke: false,
    });
    expect((await call('POST', url, admin, { reason: 'Sekali lagi' })).json()).toMatchObject({
      code: 'AlreadyRevoked',
    });

    const json = (await call('GET', `/api/v1/verify/${cert.code}`)).json() as Verification;
    expect(json).toMatchObject({
      status: 'revoked',
      revokedAt: today,
      revokedReason: 'Nama peserta salah ketik',
    });
    const page = await call('GET', `/verify/${cert.code}`);
    expect(page.body).toContain('DICABUT');
    expect(page.body).toContain('Nama peserta salah ketik');
    expect((await call('GET', `/api/v1/verify/${cert.code}/pdf`)).statusCode).toBe(409);

    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'certificate')
      .where('entity_id', '=', String(cert.id))
      .where('action', '=', 'revoke')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.new_values).toMatchObject({ revoked_reason: 'Nama peserta salah ketik' });

    const revokedList = await call('GET', '/api/v1/certificates?status=revoked', admin);
    expect(revokedList.json().items.map((c: CertificateDto) => c.id)).toContain(cert.id);
  });

  it('says when a certificate has expired', async () => {
    const { user: mentor } = await makeMentor(t, { institutionId: lp3w });
    const res = await call('POST', '/api/v1/certificates/mentor-competency', admin, {
      ...SIGNATORY,
      mentorId: mentor.id,
      title: 'Pendamping Keuangan',
      issuedOn: '2022-01-01',
      validUntil: '2024-12-31',
    });
    const code = (res.json() as CertificateDto).code;
    expect((await call('GET', `/api/v1/verify/${code}`)).json()).toMatchObject({
      status: 'expired',
      validUntil: '2024-12-31',
    });
    expect((await call('GET', `/verify/${code}`)).body).toContain('KEDALUWARSA');
  });
});

describe('the limit on public verification', () => {
  it('answers 429 with Retry-After once an address has asked too often', async () => {
    const own = await createTestApp();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 61; i++) {
        statuses.push(
          (await own.app.inject({ method: 'GET', url: '/api/v1/verify/ABCDEFGHJKLMNPQRSTUV' })).statusCode,
        );
      }
      expect(statuses.slice(0, 60).every((s) => s === 404)).toBe(true);
      const last = await own.app.inject({ method: 'GET', url: '/verify/ABCDEFGHJKLMNPQRSTUV' });
      expect(last.statusCode).toBe(429);
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      expect(statuses[60]).toBe(429);
    } finally {
      await own.close();
    }
  });
});

describe('the certificate PDF', () => {
  it('is an A4 landscape page for whoever may see the certificate', async () => {
    const { event } = await makeEventWithAttendees(t, { attended: ['Wati'] });
    const cert = ((await issueEvent(event.id)).json() as { certificates: CertificateDto[] }).certificates[0]!;
    const res = await call('GET', `/api/v1/certificates/${cert.id}/pdf`, admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = res.rawPayload.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
    expect((await call('GET', `/api/v1/certificates/${cert.id}/pdf`, otherAdmin)).statusCode).toBe(404);
  });
});
