import './texts.ts';
import { Button, Grid, Group, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BusinessRejection } from '../../../server/modules/businesses/businesses.import.ts';
import type { MentorRejection } from '../../../server/modules/mentoring/mentors.import.ts';
import type { SessionRejection } from '../../../server/modules/mentoring/sessions.import.ts';
import type { OMZET_REJECTION_REASONS } from '../../../server/modules/omzet/omzet.import.ts';
import {
  BUSINESS_COLUMNS,
  BUSINESS_REQUIRED_COLUMNS,
  MENTOR_COLUMNS,
  MENTOR_REQUIRED_COLUMNS,
  OMZET_COLUMNS,
  OMZET_REQUIRED_COLUMNS,
  SESSION_COLUMNS,
  SESSION_REQUIRED_COLUMNS,
} from '../../../shared/import-columns.ts';
import type { ImportJob } from '../../api/types.ts';
import { access, type ImportKind } from '../../components/access.ts';
import { formatNumber } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SummaryFigure } from '../../components/SummaryFigure.tsx';
import { useUrlFilters } from '../../components/use-url-filters.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { NoAccess } from '../auth/NoAccess.tsx';
import { JobCard } from './JobCard.tsx';
import { RecentImports } from './RecentImports.tsx';

const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
type ImportStatus = (typeof IMPORT_STATUSES)[number];

import { ReasonCounts, RejectedRowsDownload } from './RejectedRows.tsx';
import { TemplateCard } from './TemplateCard.tsx';
import { UploadCard } from './UploadCard.tsx';

const TEMPLATES: Record<
  ImportKind,
  { columns: readonly string[]; required: readonly string[]; fileName: string }
> = {
  businesses: {
    columns: BUSINESS_COLUMNS,
    required: BUSINESS_REQUIRED_COLUMNS,
    fileName: 'template-usaha.csv',
  },
  omzet: { columns: OMZET_COLUMNS, required: OMZET_REQUIRED_COLUMNS, fileName: 'template-omzet.csv' },
  mentors: {
    columns: MENTOR_COLUMNS,
    required: MENTOR_REQUIRED_COLUMNS,
    fileName: 'template-pendamping.csv',
  },
  sessions: { columns: SESSION_COLUMNS, required: SESSION_REQUIRED_COLUMNS, fileName: 'template-sesi.csv' },
};

/** The kinds of the mentoring program (issue 9) keep their texts in their own part (mentoringImports). */
const isMentoring = (kind: ImportKind): kind is 'mentors' | 'sessions' =>
  kind === 'mentors' || kind === 'sessions';

/** Every reason an importer may reject a row for; a reason added on the server fails the type check here. */
const REASONS: {
  businesses: Record<BusinessRejection, true>;
  omzet: Record<keyof typeof OMZET_REJECTION_REASONS, true>;
  mentors: Record<MentorRejection, true>;
  sessions: Record<SessionRejection, true>;
} = {
  businesses: {
    nik_invalid: true,
    nik_numeric: true,
    kk_invalid: true,
    kk_numeric: true,
    phone_invalid: true,
    required_missing: true,
    sector_invalid: true,
    kbli_invalid: true,
    kelurahan_unknown: true,
    outside_scope: true,
    record_outside_scope: true,
    money_invalid: true,
    employees_invalid: true,
    nib_invalid: true,
  },
  omzet: {
    required_missing: true,
    nik_invalid: true,
    nik_numeric: true,
    nik_unknown: true,
    business_unknown: true,
    business_ambiguous: true,
    outside_scope: true,
    period_invalid: true,
    money_invalid: true,
  },
  mentors: {
    required_missing: true,
    email_invalid: true,
    phone_invalid: true,
    expertise_unknown: true,
    kelurahan_unknown: true,
    certificate_incomplete: true,
    date_invalid: true,
    expiry_before_issue: true,
    cap_invalid: true,
    account_not_mentor: true,
    outside_scope: true,
    too_long: true,
  },
  sessions: {
    required_missing: true,
    date_invalid: true,
    date_future: true,
    mode_invalid: true,
    minutes_invalid: true,
    topic_unknown: true,
    nik_invalid: true,
    nik_numeric: true,
    group_mismatch: true,
    mentor_unknown: true,
    outside_scope: true,
    nik_unknown: true,
    business_unknown: true,
    business_ambiguous: true,
    duplicate_in_session: true,
    session_conflict: true,
    certificate_invalid: true,
    case_other_mentor: true,
    cap_exceeded: true,
    too_long: true,
  },
};

interface Summary {
  total: number;
  created: number;
  updated: number;
  rejected: number;
  reasons: Record<string, number>;
  /** Mentors and sessions: rows that matched what is stored (total = created + updated + unchanged + rejected). */
  unchanged: number | null;
  /** Sessions: sessions stored and cases opened. */
  sessions: number | null;
  casesOpened: number | null;
}

function summaryOf(job: ImportJob): Summary | null {
  const s = job.summary;
  if (!s) return null;
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  const reasons = s.reasons && typeof s.reasons === 'object' ? (s.reasons as Record<string, number>) : {};
  return {
    total: n(s.total),
    created: n(s.created),
    updated: n(s.updated),
    rejected: n(s.rejected),
    reasons,
    unchanged: typeof s.unchanged === 'number' ? s.unchanged : null,
    sessions: typeof s.sessions === 'number' ? s.sessions : null,
    casesOpened: typeof s.casesOpened === 'number' ? s.casesOpened : null,
  };
}

/** A kind's name, its upload card's title and its template's explanation. */
function useKindTexts() {
  const { t } = useTranslation();
  return {
    label: (kind: ImportKind) =>
      isMentoring(kind) ? t(`mentoringImports.kinds.${kind}`) : t(`imports.kinds.${kind}`),
    upload: (kind: ImportKind) =>
      isMentoring(kind) ? t(`mentoringImports.upload.${kind}`) : t(`imports.upload.title.${kind}`),
    explain: (kind: ImportKind) =>
      isMentoring(kind) ? t(`mentoringImports.template.${kind}`) : t(`imports.template.explain.${kind}`),
  };
}

/** Upload a registry or turnover file, follow its import, and read what came of it. */
export function ImportPage() {
  const { t, i18n } = useTranslation();
  const texts = useKindTexts();
  // Four kinds do not fit side by side on a phone: one under the other, each a full-width target.
  const narrow = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const me = useCurrentUser();
  const kinds = access.importKinds(me.role);
  const filters = useUrlFilters();
  const requested = filters.params.get('kind');
  const kind: ImportKind | undefined = kinds.includes(requested as ImportKind)
    ? (requested as ImportKind)
    : kinds[0];
  const jobParam = Number(filters.params.get('job'));
  const jobId = Number.isInteger(jobParam) && jobParam > 0 ? jobParam : null;
  // The work queue on Home links here with ?status=failed&since=…: the imports of every kind in that state.
  const statusParam = filters.params.get('status');
  const sinceParam = filters.params.get('since');
  const listFilter = IMPORT_STATUSES.includes(statusParam as ImportStatus)
    ? {
        status: statusParam as ImportStatus,
        since: sinceParam && /^\d{4}-\d{2}-\d{2}$/.test(sinceParam) ? sinceParam : undefined,
      }
    : undefined;

  if (!kind) return <NoAccess />;
  return (
    <>
      <PageHeader title={t('imports.title')} description={t('imports.description')} />
      <Stack gap="md">
        {kinds.length > 1 && (
          <SegmentedControl
            value={kind}
            onChange={(value) => filters.setMany({ kind: value === kinds[0] ? null : value, job: null })}
            data={kinds.map((k) => ({ value: k, label: texts.label(k) }))}
            orientation={narrow && kinds.length > 2 ? 'vertical' : 'horizontal'}
            fullWidth={narrow}
            w={{ base: '100%', xs: 'auto' }}
            style={{ alignSelf: 'flex-start' }}
            aria-label={t('imports.kindLabel')}
          />
        )}
        {jobId === null ? (
          <UploadPanel kind={kind} onStarted={(job) => filters.set('job', String(job.id))} />
        ) : (
          <JobPanel id={jobId} onAnother={() => filters.set('job', null)} />
        )}
        <RecentImports
          kind={kind}
          current={jobId}
          filter={listFilter}
          onClearFilter={() => filters.setMany({ status: null, since: null })}
          onOpen={(id) => filters.set('job', String(id))}
          result={(job) => {
            const s = summaryOf(job);
            if (!s) return '—';
            const counts = {
              created: formatNumber(s.created, i18n.language),
              updated: formatNumber(s.updated, i18n.language),
              rejected: formatNumber(s.rejected, i18n.language),
            };
            return s.unchanged === null
              ? t('imports.recent.counts', counts)
              : t('mentoringImports.counts', {
                  ...counts,
                  unchanged: formatNumber(s.unchanged, i18n.language),
                });
          }}
        />
      </Stack>
    </>
  );
}

function UploadPanel({ kind, onStarted }: { kind: ImportKind; onStarted: (job: ImportJob) => void }) {
  const texts = useKindTexts();
  const template = TEMPLATES[kind];
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <UploadCard kind={kind} title={texts.upload(kind)} onStarted={onStarted} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <TemplateCard
          columns={template.columns}
          required={template.required}
          fileName={template.fileName}
          explain={texts.explain(kind)}
          kind={kind}
        />
      </Grid.Col>
    </Grid>
  );
}

function JobPanel({ id, onAnother }: { id: number; onAnother: () => void }) {
  const { t } = useTranslation();
  const texts = useKindTexts();
  return (
    <JobCard
      id={id}
      kindLabel={(kind) => texts.label(kindOf({ kind }))}
      onAnother={onAnother}
      summary={(job) => {
        const summary = summaryOf(job);
        return summary && <JobSummary job={job} kind={kindOf(job)} summary={summary} />;
      }}
      actions={(job) =>
        kindOf(job) === 'businesses' ? (
          <Button component={Link} to="/businesses" variant="subtle">
            {t('imports.toBusinesses')}
          </Button>
        ) : (
          kindOf(job) === 'mentors' && (
            <Button component={Link} to="/users" variant="subtle">
              {t('mentoringImports.toMentors')}
            </Button>
          )
        )
      }
    />
  );
}

const KINDS: readonly ImportKind[] = ['businesses', 'omzet', 'mentors', 'sessions'];
const kindOf = (job: Pick<ImportJob, 'kind'>): ImportKind =>
  KINDS.includes(job.kind as ImportKind) ? (job.kind as ImportKind) : 'businesses';

function JobSummary({ job, kind, summary }: { job: ImportJob; kind: ImportKind; summary: Summary }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const stats = [
    ['total', t('imports.summary.total'), summary.total, 'civic'],
    ['created', t('imports.summary.created'), summary.created, 'teal'],
    ['updated', t('imports.summary.updated'), summary.updated, 'grape'],
    ...(summary.unchanged === null
      ? []
      : ([['unchanged', t('mentoringImports.unchanged'), summary.unchanged, 'gray']] as const)),
    ['rejected', t('imports.summary.rejected'), summary.rejected, summary.rejected > 0 ? 'red' : 'gray'],
  ] as const;
  const reasons = Object.entries(summary.reasons)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
  const reasonText = (code: string) =>
    !Object.hasOwn(REASONS[kind], code)
      ? code
      : isMentoring(kind)
        ? t(`mentoringImports.reasons.${kind}.${code}` as 'mentoringImports.reasons.sessions.nik_invalid')
        : t(`imports.reasons.${kind}.${code}` as 'imports.reasons.omzet.nik_invalid');

  return (
    <Stack gap="md" data-testid="import-summary">
      <Group gap="xs">
        <IconCircleCheck size={20} color="var(--mantine-color-teal-7)" />
        <Text fw={600}>{t('imports.summary.title')}</Text>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: stats.length }} spacing="sm">
        {stats.map(([key, label, value, color]) => (
          <SummaryFigure
            key={key}
            label={label}
            value={n(value)}
            color={`${color}.8`}
            testId={`summary-${key}`}
          />
        ))}
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {summary.unchanged === null
          ? t('imports.summary.equation', {
              total: n(summary.total),
              created: n(summary.created),
              updated: n(summary.updated),
              rejected: n(summary.rejected),
            })
          : t('mentoringImports.equation', {
              total: n(summary.total),
              created: n(summary.created),
              updated: n(summary.updated),
              unchanged: n(summary.unchanged),
              rejected: n(summary.rejected),
            })}
      </Text>
      {summary.sessions !== null && (
        <Text size="sm" data-testid="sessions-stored">
          {t('mentoringImports.sessionsStored', {
            sessions: n(summary.sessions),
            cases: n(summary.casesOpened ?? 0),
          })}
        </Text>
      )}
      {reasons.length > 0 && (
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {t('imports.summary.reasons')}
          </Text>
          <ReasonCounts
            testId="rejection-reasons"
            rows={reasons.map(([code, count]) => ({ code, label: reasonText(code), count: n(count) }))}
          />
          <RejectedRowsDownload job={job}>{t('imports.summary.downloadRejected')}</RejectedRowsDownload>
        </Stack>
      )}
    </Stack>
  );
}
