import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { importFile, makeBusiness, makeNik } from '../../../../test/support/builders.ts';
import { makeInstitution, makeMentor } from '../../../../test/support/mentoring.ts';
import { MENTOR_COLUMNS, SESSION_COLUMNS } from '../../../shared/import-columns.ts';
import { localToday } from '../../http/dates.ts';
import { shopBody } from '../marketplace/marketplace.fixtures.ts';
import { type CoverageFilter, coverageRecords, coverageReference } from './coverage.repository.ts';
import {
  comparisonStrata,
  comparisonStrataReference,
  type GroupRow,
  groupFigures,
  groupFiguresReference,
  type MilestoneRow,
  milestoneFigures,
  milestoneFiguresReference,
  type OutcomeScope,
} from './outcomes.repository.ts';
import { periodEnd } from './outcomes.service.ts';

/*
 * The maintained aggregates (decision 0022) against a recomputation from scratch, after random writes made
 * through the real routes and imports: businesses registered, moved, re-sectored, archived and restored;
 * cases opened, transferred and closed; visits and group sessions; turnover reported by hand and imported;
 * sessions and businesses imported; and what "selling online" reads (decision 0025): shops applied, approved,
 * suspended and reinstated, marketplaces recorded and cleared, online-sales milestones added, verified, emptied
 * and removed. After every few writes the coverage board (office by kelurahan and
 * kecamatan, an area officer, an institution admin) and the outcomes comparison (the city and an area, each
 * month) must equal the reference statements over the source tables, and the aggregate tables must equal
 * what `agg_rebuild()` computes from scratch.
 */

const KELURAHAN = ['36.71.05.1001', '36.71.05.1002', '36.71.05.1003', '36.71.07.1001', '36.71.07.1002'];
const SECTORS = ['kuliner', 'fesyen', 'kriya', 'jasa'];
const OUTCOMES = ['goals_met', 'partly_met', 'stopped_by_owner', 'moved_or_closed'];

/** A small seeded generator (mulberry32): the same seed makes the same writes. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

let t: TestApp;
let admin: string;
let adminId: number;
let today: string;
let institutionId: number;
const institutionNames: string[] = [];
const mentors: { id: number; email: string }[] = [];

function daysAgo(days: number) {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}
/** The last `n` months, the current one first. */
function months(n: number) {
  const [y, m] = today.slice(0, 7).split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const index = y * 12 + (m - 1) - i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

beforeAll(async () => {
  t = await createTestApp();
  today = localToday(t.config.timezone);
  const signedIn = await t.signedIn({ role: 'admin' });
  admin = signedIn.cookie;
  adminId = signedIn.user.id;
  const own = await makeInstitution(t, 'LP3W Agregat');
  const other = await makeInstitution(t, 'Lembaga Agregat Lain');
  institutionId = own.id;
  institutionNames.push(own.name, other.name);
  for (const [i, inst] of [own, other, own, other].entries()) {
    const email = `agregat${i}@lp3w.or.id`;
    const m = await makeMentor(t, { institutionId: inst.id, email, kelurahan: [KELURAHAN[i]!], cap: 100 });
    mentors.push({ id: m.user.id, email });
  }
});
afterAll(() => t.close());

async function call(method: 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown) {
  const res = await t.app.inject({ method, url, headers: { cookie: admin }, payload: payload as object });
  return res;
}

interface Business {
  id: number;
  nik: string;
  name: string;
}

/** Each aggregate table as one line per row (zero counts left out), in a stable order. */
const TABLE_LINES = {
  kelurahan: sql`select kelurahan_code || ':' || businesses from agg_kelurahan where businesses <> 0`,
  pairs: sql`select concat_ws(':', business_id, mentor_id, kelurahan_code, open_cases) from agg_case_pair`,
  sessions: sql`select concat_ws(':', session_id, kelurahan_code, mentor_id, held_on) from agg_session_area`,
  first: sql`select business_id || ':' || first_month from agg_business_session`,
  months: sql`select concat_ws(':', mentor_id, month, sessions, prep, contact, credited_contact,
                               round(credited_prep::numeric, 6)) from agg_mentor_month`,
  clients: sql`select concat_ws(':', level, grp, business_id, first_month, long_term_month) from agg_client`,
  milestones: sql`select concat_ws(':', milestone_id, mentor_id, kind, achieved_on, confirmed) from agg_milestone`,
  strata: sql`select concat_ws(':', period, kecamatan_code, kelurahan_code, sector, mentored,
                               reports, measured, recovered, no_baseline)
              from agg_stratum where reports <> 0 or measured <> 0`,
  online: sql`select business_id || ':' || kelurahan_code from agg_business_online`,
  onlineKelurahan: sql`select kelurahan_code || ':' || businesses from agg_kelurahan_online`,
};

/**
 * The maintained tables equal what agg_rebuild() computes from the sources (`online`: only the tables of
 * "selling online", against agg_rebuild_online()).
 */
async function tablesMatchRebuild(only?: 'online') {
  const read = async (db: typeof t.db) => {
    const out = {} as Record<keyof typeof TABLE_LINES, string[]>;
    for (const [name, query] of Object.entries(TABLE_LINES)) {
      if (only === 'online' && !name.startsWith('online')) continue;
      const { rows } = await sql<{ r: string }>`select x.l as r from (${query}) x(l) order by 1`.execute(db);
      out[name as keyof typeof TABLE_LINES] = rows.map((row) => row.r);
    }
    return out;
  };
  const kept = await read(t.db);
  let rebuilt: typeof kept | undefined;
  await t.db
    .transaction()
    .execute(async (trx) => {
      await (only === 'online' ? sql`select agg_rebuild_online()` : sql`select agg_rebuild()`).execute(trx);
      rebuilt = await read(trx as unknown as typeof t.db);
      throw new Error('rolled back');
    })
    .catch((e: Error) => {
      if (e.message !== 'rolled back') throw e;
    });
  expect(kept).toEqual(rebuilt);
  return kept;
}

/** What users see: the board and the comparison from the aggregates equal the reference statements. */
async function figuresMatchReference() {
  const filters: CoverageFilter[] = [
    { level: 'kelurahan', scope: t.config.deploymentArea, today },
    { level: 'kecamatan', scope: t.config.deploymentArea, today },
    { level: 'kelurahan', scope: '36.71.05', today },
    { level: 'kelurahan', scope: t.config.deploymentArea, today, kecamatan: '36.71.07' },
    { level: 'kelurahan', scope: t.config.deploymentArea, today, institutionId },
    { level: 'kecamatan', scope: t.config.deploymentArea, today, institutionId },
  ];
  for (const f of filters) {
    expect(await coverageRecords(t.db, f), JSON.stringify(f)).toEqual(await coverageReference(t.db, f));
  }
  const scopes: OutcomeScope[] = [
    { kind: 'city', area: t.config.deploymentArea },
    { kind: 'area', area: '36.71.05' },
    { kind: 'area', area: '36.71.07.1001' },
  ];
  const mentorScopes: OutcomeScope[] = [
    { kind: 'city', area: t.config.deploymentArea },
    { kind: 'institution', area: t.config.deploymentArea, institutionId },
    { kind: 'mentor', area: t.config.deploymentArea, mentorId: mentors[1]!.id },
  ];
  const rounded = (rows: GroupRow[]) =>
    rows
      .map((r) => ({ ...r, credited: Math.round(r.credited * 1e6) / 1e6 }))
      .sort((a, b) =>
        `${a.level}:${a.mentor_id}:${a.institution_id}`.localeCompare(
          `${b.level}:${b.mentor_id}:${b.institution_id}`,
        ),
      );
  const byKey = (rows: MilestoneRow[]) =>
    rows.sort((a, b) =>
      `${a.level}:${a.mentor_id}:${a.institution_id}:${a.kind}`.localeCompare(
        `${b.level}:${b.mentor_id}:${b.institution_id}:${b.kind}`,
      ),
    );
  for (const scope of mentorScopes) {
    for (const period of months(5)) {
      const end = periodEnd(period);
      expect(byKey(await milestoneFigures(t.db, scope, end)), `milestones ${scope.kind} ${period}`).toEqual(
        byKey(await milestoneFiguresReference(t.db, scope, end)),
      );
      expect(rounded(await groupFigures(t.db, scope, end)), `${scope.kind} ${period}`).toEqual(
        rounded(await groupFiguresReference(t.db, scope, end)),
      );
    }
  }
  for (const scope of [...scopes, ...mentorScopes.slice(1)]) {
    for (const period of months(4)) {
      const end = periodEnd(period);
      expect(await comparisonStrata(t.db, scope, period), `${scope.area} ${period}`).toEqual(
        await comparisonStrataReference(t.db, scope, period, end),
      );
    }
  }
}

describe('maintained aggregates', () => {
  it('equal a recomputation from scratch after random writes through the routes and imports', async () => {
    const next = random(20261207);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const businesses: Business[] = [];
    const shops: { id: number; businessId: number; state: string }[] = [];
    const spare: number[] = []; // businesses selling online that no other step touches, deleted by hand
    let spareSerial = 7600;
    const openCases = new Map<number, { caseId: number; mentorId: number }>(); // by business
    const done: Record<string, number> = {};
    const count = (what: string, ok: boolean, why?: unknown) => {
      if (!ok && process.env.AGG_DEBUG) console.log(what, why);
      if (ok) done[what] = (done[what] ?? 0) + 1;
    };
    let serial = 7100;
    let code = 0;

    const register = async () => {
      serial += 1;
      const nik = makeNik(serial, '05');
      const name = `Usaha Agregat ${serial}`;
      const b = await makeBusiness(t, admin, {
        owner: { nik, name: `Pemilik ${serial}` },
        name,
        sector: pick(SECTORS),
        kelurahanCode: pick(KELURAHAN),
      });
      businesses.push({ id: b.id, nik, name });
      count('register', true);
    };
    for (let i = 0; i < 8; i++) await register();

    const steps: [string, () => Promise<void>][] = [
      ['register', register],
      [
        'open case',
        async () => {
          const b = pick(businesses.filter((x) => !openCases.has(x.id)));
          if (!b) return;
          const mentor = pick(mentors);
          const res = await call('POST', '/api/v1/mentoring/cases', {
            businessId: b.id,
            mentorId: mentor.id,
            openedOn: daysAgo(200),
          });
          if (res.statusCode === 201) openCases.set(b.id, { caseId: res.json().id, mentorId: mentor.id });
          count('open case', res.statusCode === 201, res.body);
        },
      ],
      [
        'transfer case',
        async () => {
          const [businessId, c] = pick([...openCases.entries()]) ?? [];
          if (!c || businessId === undefined) return;
          const mentor = pick(mentors.filter((m) => m.id !== c.mentorId));
          const res = await call('POST', `/api/v1/mentoring/cases/${c.caseId}/transfer`, {
            mentorId: mentor.id,
          });
          if (res.statusCode === 200) c.mentorId = mentor.id;
          count('transfer case', res.statusCode === 200, res.body);
        },
      ],
      [
        'close case',
        async () => {
          const [businessId, c] = pick([...openCases.entries()]) ?? [];
          if (!c || businessId === undefined) return;
          const res = await call('POST', `/api/v1/mentoring/cases/${c.caseId}/close`, {
            outcome: pick(OUTCOMES),
            note: 'Selesai didampingi.',
          });
          if (res.statusCode === 200) openCases.delete(businessId);
          count('close case', res.statusCode === 200, res.body);
        },
      ],
      [
        'session',
        async () => {
          const [first, c] = pick([...openCases.entries()]) ?? [];
          if (!c || first === undefined) return;
          // A group session takes another open case of the same mentor (opened for it when there is none).
          let others = [...openCases.entries()].filter(([b, o]) => b !== first && o.mentorId === c.mentorId);
          const group = next() < 0.5;
          if (group && others.length === 0) {
            const free = businesses.find((x) => !openCases.has(x.id));
            if (!free) return;
            const opened = await call('POST', '/api/v1/mentoring/cases', {
              businessId: free.id,
              mentorId: c.mentorId,
              openedOn: daysAgo(200),
            });
            if (opened.statusCode !== 201) return;
            openCases.set(free.id, { caseId: opened.json().id, mentorId: c.mentorId });
            others = [[free.id, openCases.get(free.id)!]];
          }
          const businessIds = group ? [first, pick(others)[0]] : [first];
          const res = await call('POST', '/api/v1/mentoring/sessions', {
            heldOn: daysAgo(Math.floor(next() * 100)),
            mode: group ? 'kelompok' : pick(['kunjungan', 'daring']),
            prepMinutes: 30,
            contactMinutes: 60,
            topics: ['pemasaran'],
            businessIds,
            mentorId: c.mentorId,
            idempotencyKey: crypto.randomUUID(),
          });
          count(group ? 'group session' : 'session', res.statusCode === 201, res.body);
        },
      ],
      [
        'move business',
        async () => {
          const b = pick(businesses);
          const res = await call('PATCH', `/api/v1/businesses/${b.id}`, {
            kelurahanCode: pick(KELURAHAN),
            sector: pick(SECTORS),
          });
          count('move business', res.statusCode === 200);
        },
      ],
      [
        'archive',
        async () => {
          const b = pick(businesses);
          const res = await call(
            'POST',
            `/api/v1/businesses/${b.id}/${next() < 0.6 ? 'archive' : 'unarchive'}`,
          );
          count('archive', res.statusCode === 200);
        },
      ],
      [
        'turnover',
        async () => {
          const b = pick(businesses);
          const res = await call('PUT', `/api/v1/businesses/${b.id}/omzet/${pick(months(4))}`, {
            amount: Math.floor(next() * 14) * 1_000_000,
          });
          count('turnover', res.statusCode === 200, res.body);
        },
      ],
      [
        'turnover import',
        async () => {
          const rows = Array.from({ length: 6 }, () => {
            const b = pick(businesses);
            return `${b.nik},${b.name},${pick(months(4))},${Math.floor(next() * 14) * 1_000_000}`;
          });
          const { job } = await importFile(
            t,
            admin,
            'omzet',
            `nik,nama_usaha,periode,omzet\n${rows.join('\n')}\n`,
          );
          count('turnover import', job?.status === 'done' && job.summary.created + job.summary.updated > 0);
        },
      ],
      [
        'sessions import',
        async () => {
          const cases = [...openCases.entries()];
          if (cases.length === 0) return;
          code += 1;
          const lines = Array.from({ length: 3 }, (_, i) => {
            const [businessId, c] = pick(cases);
            const b = businesses.find((x) => x.id === businessId)!;
            const mentor = mentors.find((m) => m.id === c.mentorId)!;
            const r: Record<string, string> = {
              kode_sesi: `AGG-${code}-${i}`,
              tanggal: daysAgo(Math.floor(next() * 100)),
              email_pendamping: mentor.email,
              nik: b.nik,
              nama_usaha: b.name,
              mode: 'kunjungan',
              menit_persiapan: '15',
              menit_tatap_muka: '45',
              topik: 'keuangan',
            };
            return SESSION_COLUMNS.map((col) => r[col] ?? '').join(',');
          });
          const { job } = await importFile(
            t,
            admin,
            'sessions',
            `${SESSION_COLUMNS.join(',')}\n${lines.join('\n')}\n`,
          );
          count('sessions import', job?.status === 'done' && job.summary.created > 0);
        },
      ],
      [
        'milestone',
        async () => {
          const [businessId] = pick([...openCases.entries()]) ?? [];
          if (businessId === undefined) return;
          const res = await call('POST', '/api/v1/mentoring/milestones', {
            businessId,
            kind: pick(['nib', 'pirt', 'halal', 'bpom', 'hki'] as const),
            achievedOn: daysAgo(Math.floor(next() * 100)),
            evidenceNumber: `NIB-${Math.floor(next() * 1e9)}`,
          });
          count('milestone', res.statusCode === 201, res.body);
        },
      ],
      [
        'mentors import',
        async () => {
          // A mentor moves to the other institution (the same email again updates the account).
          const i = Math.floor(next() * mentors.length);
          const mentor = mentors[i]!;
          const r: Record<string, string> = {
            email: mentor.email,
            nama: `Pendamping Agregat ${i}`,
            no_hp: '081200000000',
            lembaga: pick(institutionNames),
            keahlian: 'pemasaran',
            kode_kelurahan: KELURAHAN[i]!,
            no_sertifikat: `AGG-CERT-${i}`,
            skema: 'Pendamping UMKM',
            lsp: 'LSP Pendamping Usaha',
            tanggal_terbit: '2020-01-01',
            tanggal_berlaku: '2030-12-31',
            batas_kasus: '100',
          };
          const csv = `${MENTOR_COLUMNS.join(',')}\n${MENTOR_COLUMNS.map((c) => r[c] ?? '').join(',')}\n`;
          const { job } = await importFile(t, admin, 'mentors', csv);
          count('mentors import', job?.status === 'done' && job.summary.rejected === 0, job?.summary);
        },
      ],
      [
        'businesses import',
        async () => {
          // An existing business moved to another kelurahan, and a new one.
          const b = pick(businesses);
          serial += 1;
          const nik = makeNik(serial, '05');
          const name = `Usaha Impor ${serial}`;
          const header =
            'nik,nama_pemilik,no_hp,no_kk,nama_usaha,sektor,kbli,alamat,kode_kelurahan,modal_usaha,omzet_tahunan,omzet_bulanan_sebelum_pandemi,tenaga_kerja,nib';
          const row = (x: Business, owner: string) =>
            `${x.nik},${owner},,,${x.name},${pick(SECTORS)},,,${pick(KELURAHAN).replaceAll('.', '')},,,10000000,,`;
          const csv = [header, row(b, 'Pemilik Lama'), row({ id: 0, nik, name }, `Pemilik ${serial}`)].join(
            '\n',
          );
          const { job } = await importFile(t, admin, 'businesses', `${csv}\n`);
          const created = await t.db
            .selectFrom('business')
            .select('id')
            .where('name', '=', name)
            .executeTakeFirst();
          if (created) businesses.push({ id: Number(created.id), nik, name });
          count('businesses import', job?.status === 'done' && created !== undefined);
        },
      ],
    ];

    // What "selling online" reads, from a generator of its own: the writes above stay the same sequence, and one
    // of these follows each of them.
    const nextOnline = random(20261225);
    const pickOnline = <T>(list: readonly T[]) => list[Math.floor(nextOnline() * list.length)]!;
    const onlineSteps: [string, () => Promise<void>][] = [
      [
        'shop',
        async () => {
          // A new shop (its owner given an account), approved most times; or the next decision on one.
          const open = shops.filter((s) => s.state !== 'rejected');
          if (open.length === 0 || nextOnline() < 0.4) {
            const b = pickOnline(businesses.filter((x) => !shops.some((s) => s.businessId === x.id)));
            if (!b) return;
            const { user, cookie } = await t.signedIn({ role: 'business_owner' });
            const { owner_id } = await t.db
              .selectFrom('business')
              .select('owner_id')
              .where('id', '=', b.id)
              .executeTakeFirstOrThrow();
            await t.db.updateTable('owner').set({ user_id: user.id }).where('id', '=', owner_id).execute();
            const res = await t.app.inject({
              method: 'POST',
              url: '/api/v1/market/shops',
              headers: { cookie },
              payload: shopBody(b.id, { name: `Toko Agregat ${b.id}` }),
            });
            count('shop applied', res.statusCode === 201, res.body);
            if (res.statusCode !== 201) return;
            shops.push({ id: res.json().id, businessId: b.id, state: 'pending' });
            if (nextOnline() < 0.3) return;
          }
          const shop = pickOnline(shops.filter((s) => s.state !== 'rejected'));
          const action =
            shop.state === 'pending'
              ? nextOnline() < 0.8
                ? 'approve'
                : 'reject'
              : shop.state === 'approved'
                ? 'suspend'
                : 'reinstate';
          const res = await call('POST', `/api/v1/market/shops/${shop.id}/decision`, {
            action,
            ...(action === 'reject' || action === 'suspend' ? { reason: 'Data toko belum lengkap.' } : {}),
          });
          if (res.statusCode === 200) shop.state = res.json().state;
          count(`shop ${action}`, res.statusCode === 200, res.body);
        },
      ],
      [
        'by hand',
        async () => {
          // Writes no route makes (a repair, a merge by hand): a shop inserted already approved, or deleted; a
          // business registered with a marketplace, then deleted.
          const roll = nextOnline();
          if (roll < 0.25) {
            const b = pickOnline(businesses.filter((x) => !shops.some((s) => s.businessId === x.id)));
            if (!b) return;
            const { rows } = await sql<{ id: string }>`
              insert into shop (business_id, slug, name, pickup_kecamatan_code, whatsapp, state, approved_at)
              values (${b.id}, ${`toko-tangan-${b.id}`}, ${`Toko Tangan ${b.id}`}, '36.71.05', '+6281234567890',
                      'approved', now())
              returning id`.execute(t.db);
            shops.push({ id: Number(rows[0]!.id), businessId: b.id, state: 'approved' });
            count('shop inserted by hand', true);
          } else if (roll < 0.5) {
            // An approved one when there is one: deleting it is what changes the count.
            const approved = shops.filter((s) => s.state === 'approved');
            const shop = pickOnline(approved.length > 0 ? approved : shops);
            if (!shop) return;
            await sql`delete from shop where id = ${shop.id}`.execute(t.db);
            shops.splice(shops.indexOf(shop), 1);
            count('shop deleted by hand', true);
          } else if (roll < 0.75) {
            spareSerial += 1;
            const b = await makeBusiness(t, admin, {
              owner: { nik: makeNik(spareSerial, '05'), name: `Pemilik Cadangan ${spareSerial}` },
              name: `Usaha Cadangan ${spareSerial}`,
              kelurahanCode: pickOnline(KELURAHAN),
              online: { marketplaces: [pickOnline(['Bukalapak', 'Blibli'])] },
            });
            spare.push(b.id);
            count('online business registered', true);
          } else {
            const id = spare.pop();
            if (id === undefined) return;
            await sql`delete from business where id = ${id}`.execute(t.db);
            count('business deleted by hand', true);
          }
        },
      ],
      [
        'online field',
        async () => {
          const b = pickOnline(businesses);
          const marketplaces =
            nextOnline() < 0.6 ? [pickOnline(['shopee.co.id/agregat', 'Tokopedia', 'GoFood'])] : [];
          const res = await call('PATCH', `/api/v1/businesses/${b.id}`, { online: { marketplaces } });
          count(
            marketplaces.length > 0 ? 'online field set' : 'online field cleared',
            res.statusCode === 200,
          );
        },
      ],
      [
        'online milestone',
        async () => {
          // Added through the route; verified, emptied of its channel or removed by hand (no route does those).
          const { rows } = await sql<{ id: string }>`
            select id from milestone where kind = 'online_sales' order by id`.execute(t.db);
          const roll = nextOnline();
          if (rows.length === 0 || roll < 0.5) {
            const res = await call('POST', '/api/v1/mentoring/milestones', {
              businessId: pickOnline(businesses).id,
              kind: 'online_sales',
              achievedOn: daysAgo(Math.floor(nextOnline() * 100)),
              details: { channel: pickOnline(['Shopee', 'WhatsApp', 'Pasar UMKM']) },
            });
            count('online milestone added', res.statusCode === 201, res.body);
            return;
          }
          const id = Number(pickOnline(rows).id);
          if (roll < 0.65) {
            await sql`update milestone set verified_by = ${adminId} where id = ${id}`.execute(t.db);
            count('online milestone verified', true);
          } else if (roll < 0.8) {
            // The only channel of a business selling online when there is one: emptying it is what changes the count.
            const { rows: only } = await sql<{ id: string }>`
              select m.id from milestone m join business b on b.id = m.business_id and b.archived_at is null
              where m.kind = 'online_sales' and trim(coalesce(m.details->>'channel', '')) <> ''
                and (select count(*) from business_online_channel c where c.business_id = m.business_id) = 1
                and not exists (select 1 from milestone o where o.business_id = m.business_id and o.id <> m.id
                                and o.kind = 'online_sales' and trim(coalesce(o.details->>'channel', '')) <> '')
              order by m.id`.execute(t.db);
            const emptied = only.length > 0 ? Number(pickOnline(only).id) : id;
            await sql`update milestone set details = '{"channel": " "}'::jsonb where id = ${emptied}`.execute(
              t.db,
            );
            count('online milestone emptied', true);
          } else {
            await sql`delete from milestone where id = ${id}`.execute(t.db);
            count('online milestone removed', true);
          }
        },
      ],
    ];

    for (let step = 1; step <= 100; step++) {
      const [, run] = pick(steps);
      await run();
      await pickOnline(onlineSteps)[1]();
      // Checked at once: a later write to the same business would otherwise repair a missed one unseen.
      await tablesMatchRebuild('online');
      if (step % 10 === 0) {
        await tablesMatchRebuild();
        await figuresMatchReference();
      }
    }
    if (process.env.AGG_DEBUG) console.log(done);
    // Every kind of write happened (and succeeded) at least once.
    for (const [what] of steps) expect(done[what] ?? 0, what).toBeGreaterThan(0);
    for (const what of [
      'group session',
      'shop applied',
      'shop approve',
      'shop suspend',
      'shop reinstate',
      'online field set',
      'online field cleared',
      'online milestone added',
      'online milestone verified',
      'online milestone emptied',
      'online milestone removed',
      'shop inserted by hand',
      'shop deleted by hand',
      'online business registered',
      'business deleted by hand',
    ]) {
      expect(done[what] ?? 0, what).toBeGreaterThan(0);
    }

    // Not vacuous: the world holds open cases, sessions in the window and mentored reports.
    const kept = await tablesMatchRebuild();
    expect(kept.pairs.length).toBeGreaterThan(3);
    expect(kept.sessions.length).toBeGreaterThan(5);
    expect(kept.strata.some((r) => r.includes(':t:'))).toBe(true);
    const board = await coverageRecords(t.db, { level: 'kelurahan', scope: t.config.deploymentArea, today });
    expect(board.some((r) => r.sessions_30d > 0)).toBe(true);
    expect(board.some((r) => r.active_cases > 0)).toBe(true);
    expect(kept.clients.some((r) => r.startsWith('i:'))).toBe(true);
    expect(kept.milestones.length).toBeGreaterThan(0);
    expect(kept.online.length).toBeGreaterThan(2);
    expect(board.some((r) => r.selling_online > 0 && r.selling_online < r.businesses)).toBe(true);
  }, 600_000);
});
