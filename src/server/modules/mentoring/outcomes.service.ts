import { sql } from 'kysely';
import { isValidPeriod } from '../../../shared/identity.ts';
import { MILESTONE_KINDS, type MilestoneKind } from '../../../shared/mentoring.ts';
import { SECTOR_LABELS, type Sector } from '../../../shared/sectors.ts';
import { whileUnchanged } from '../../cache/snapshot-cache.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { AppError, forbidden } from '../../http/errors.ts';
import type { SessionUser } from '../../http/guard.ts';
import { areaNames } from '../areas/areas.service.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { methodText, pct, standardise } from './comparison.ts';
import {
  comparisonStrata,
  type GroupRow,
  groupFigures,
  institutionNames,
  type MilestoneRow,
  mentorsOf,
  milestoneFigures,
  type OutcomeScope,
  scopeKey,
} from './outcomes.repository.ts';
import type {
  ComparisonDto,
  Figures,
  InstitutionOutcome,
  MentorOutcome,
  Outcomes,
} from './outcomes.schema.ts';

export type { OutcomeScope } from './outcomes.repository.ts';

const PERIOD_MESSAGE = 'Periode harus berbentuk YYYY-MM (misalnya 2026-03) dan tidak boleh di masa depan.';

/** The period as asked, or a 400 naming the field. */
export function checkPeriod(period: string, path = 'query.period'): string {
  const value = period.trim();
  if (!isValidPeriod(value)) {
    throw new AppError('PeriodInvalid', 400, PERIOD_MESSAGE, { errors: [{ path, message: PERIOD_MESSAGE }] });
  }
  return value;
}

/** The last day of a `YYYY-MM` month. */
export function periodEnd(period: string): string {
  const [y, m] = period.split('-').map(Number);
  const last = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  return `${period}-${String(last).padStart(2, '0')}`;
}

/** Whose work a user sees in the report (the business owner none). */
export function outcomesScope(user: SessionUser, config: Config): OutcomeScope {
  switch (user.role) {
    case 'admin':
      return { kind: 'city', area: config.deploymentArea };
    case 'area_officer':
      return { kind: 'area', area: user.areaCode ?? '-' };
    case 'institution_admin':
      return { kind: 'institution', area: config.deploymentArea, institutionId: user.institutionId ?? -1 };
    case 'mentor':
      return { kind: 'mentor', area: config.deploymentArea, mentorId: user.id };
    case 'business_owner':
      throw forbidden();
  }
}

/** The report for a user, kept until the database changes (decision 0010). */
export async function outcomesFor(db: DB, config: Config, user: SessionUser, period: string) {
  const checked = checkPeriod(period);
  const scope = outcomesScope(user, config);
  const name =
    user.role === 'area_officer'
      ? displayName(user.areaName ?? user.areaCode ?? '')
      : user.role === 'institution_admin'
        ? (user.institutionName ?? '')
        : user.role === 'mentor'
          ? user.name
          : undefined;
  const report = await whileUnchanged(db, `mentoring.outcomes:${checked}:${scopeKey(scope)}`, () =>
    computeOutcomes(db, config, scope, checked),
  );
  return name === undefined ? report : { ...report, scope: { ...report.scope, name } };
}

const emptyMilestones = (): Figures['milestones'] => ({
  total: 0,
  confirmed: 0,
  unconfirmed: 0,
  byKind: Object.fromEntries(
    MILESTONE_KINDS.map((k) => [k, { total: 0, confirmed: 0 }]),
  ) as Figures['milestones']['byKind'],
});

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The area data spells names in capitals ("KOTA TANGERANG"); the report writes them as people do. */
function displayName(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .replace(/(^|[\s(-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

function figuresOf(row: GroupRow | undefined, milestones: MilestoneRow[]): Figures {
  const m = emptyMilestones();
  for (const r of milestones) {
    if (!(MILESTONE_KINDS as readonly string[]).includes(r.kind)) continue;
    m.byKind[r.kind as MilestoneKind] = { total: r.total, confirmed: r.confirmed };
    m.total += r.total;
    m.confirmed += r.confirmed;
  }
  m.unconfirmed = m.total - m.confirmed;
  const credited = row ? Number(row.credited) : 0;
  const creditedContact = row ? Number(row.credited_contact) : 0;
  return {
    businesses: row?.businesses ?? 0,
    sessions: row?.sessions ?? 0,
    prepMinutes: row ? Number(row.prep) : 0,
    contactMinutes: row ? Number(row.contact) : 0,
    creditedMinutes: round2(credited),
    creditedContactMinutes: creditedContact,
    creditedPrepMinutes: round2(credited - creditedContact),
    longTermClients: row?.long_term ?? 0,
    milestones: m,
  };
}

/**
 * A read with room to hash a city's sessions in memory (the default work_mem spills 200,000 sessions to
 * disk). A transaction that writes nothing takes no transaction id, so kept reads stay kept.
 */
function withRoom<T>(db: DB, read: (trx: Executor) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local work_mem = '64MB'`.execute(trx);
    return read(trx);
  });
}

/**
 * Computes the whole report for a scope and period: figures for everything visible, per institution and per
 * mentor, and the comparison with its method in words. Not kept: the bench times this.
 */
export async function computeOutcomes(
  db: DB,
  config: Config,
  scope: OutcomeScope,
  period: string,
): Promise<Outcomes> {
  const end = periodEnd(period);
  const [groups, milestones, strata] = await Promise.all([
    withRoom(db, (trx) => groupFigures(trx, scope, end)),
    milestoneFigures(db, scope, end),
    withRoom(db, (trx) => comparisonStrata(trx, scope, period)),
  ]);
  const mentorIds = new Set<number>();
  const institutionIds = new Set<number>();
  for (const r of [...groups, ...milestones]) {
    if (r.level === 'mentor' && r.mentor_id !== null) mentorIds.add(r.mentor_id);
    if (r.level !== 'city' && r.institution_id !== null) institutionIds.add(r.institution_id);
  }
  const [mentorRows, institutions, names] = await Promise.all([
    mentorsOf(db, scope, [...mentorIds]),
    institutionNames(db, [...institutionIds]),
    areaNames(db, [config.deploymentArea, ...strata.map((s) => s.kecamatan_code)]),
  ]);

  const at = (level: GroupRow['level'], mentor: number | null, institution: number | null) => ({
    group: groups.find(
      (g) =>
        g.level === level &&
        g.mentor_id === mentor &&
        (level === 'mentor' || g.institution_id === institution),
    ),
    milestones: milestones.filter(
      (m) =>
        m.level === level &&
        m.mentor_id === mentor &&
        (level === 'mentor' || m.institution_id === institution),
    ),
  });
  const city = at('city', null, null);

  const mentors: MentorOutcome[] = mentorRows
    .map((u) => {
      const own = at('mentor', u.id, u.institution_id);
      return {
        id: u.id,
        email: u.email,
        name: u.name,
        institutionId: u.institution_id,
        institutionName: u.institution_name,
        ...figuresOf(own.group, own.milestones),
      };
    })
    .sort((a, b) => b.creditedMinutes - a.creditedMinutes || a.name.localeCompare(b.name));

  const institutionKeys = new Set<number | null>();
  for (const r of [...groups, ...milestones])
    if (r.level === 'institution') institutionKeys.add(r.institution_id);
  const institutionRows: InstitutionOutcome[] =
    scope.kind === 'mentor'
      ? []
      : [...institutionKeys]
          .map((id) => {
            const own = at('institution', null, id);
            return {
              id,
              name: id === null ? 'Tanpa lembaga (Dinas)' : (institutions.get(id) ?? `#${id}`),
              mentors: own.group?.mentors ?? 0,
              ...figuresOf(own.group, own.milestones),
            };
          })
          .sort((a, b) => b.creditedMinutes - a.creditedMinutes || a.name.localeCompare(b.name));

  const areaName = displayName(names.get(config.deploymentArea) ?? config.deploymentArea);
  return {
    period,
    periodEnd: end,
    areaName,
    scope: { kind: scope.kind, name: areaName },
    city: figuresOf(city.group, city.milestones),
    institutions: institutionRows,
    mentors,
    comparison: comparisonOf(strata, names, period, end),
  };
}

function comparisonOf(
  rows: Awaited<ReturnType<typeof comparisonStrata>>,
  names: Map<string, string>,
  period: string,
  end: string,
): ComparisonDto {
  const strata = rows.map((r) => ({
    sector: r.sector,
    kecamatanCode: r.kecamatan_code,
    mentored: r.mentored,
    mentoredRecovered: r.mentored_recovered,
    notMentored: r.not_mentored,
    notMentoredRecovered: r.not_mentored_recovered,
  }));
  const s = standardise(strata);
  const difference =
    s.mentored.share === null || s.notMentored.share === null
      ? null
      : Math.round((s.mentored.share - s.notMentored.share) * 1000) / 10;
  return {
    mentored: {
      reporting: s.mentored.reporting,
      recovered: s.mentored.recovered,
      recoveredShare: s.mentored.share,
      recoveredPct: pct(s.mentored.share),
      withoutBaseline: rows.reduce((sum, r) => sum + r.mentored_no_baseline, 0),
    },
    notMentored: {
      reporting: s.notMentored.reporting,
      recovered: s.notMentored.recovered,
      crudeShare: s.notMentored.crudeShare,
      crudePct: pct(s.notMentored.crudeShare),
      recoveredShare: s.notMentored.share,
      recoveredPct: pct(s.notMentored.share),
    },
    differencePts: difference,
    strataUsed: s.strataUsed,
    strataLeftOut: s.strataLeftOut,
    mentoredLeftOut: s.mentoredLeftOut,
    strata: strata
      .filter((x) => x.mentored > 0)
      .map((x) => ({
        ...x,
        sector: x.sector,
        kecamatanName: displayName(names.get(x.kecamatanCode) ?? x.kecamatanCode),
        included: x.notMentored > 0,
      })),
    method: { id: methodText(s, period, end, 'id'), en: methodText(s, period, end, 'en') },
  };
}

/** A sector's label for the workbook and the PDF. */
export const sectorLabel = (code: string) => SECTOR_LABELS[code as Sector] ?? code;
