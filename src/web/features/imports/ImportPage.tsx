import { Button, Grid, Group, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BusinessRejection } from '../../../server/modules/businesses/businesses.import.ts';
import type { OMZET_REJECTION_REASONS } from '../../../server/modules/omzet/omzet.import.ts';
import {
  BUSINESS_COLUMNS,
  BUSINESS_REQUIRED_COLUMNS,
  OMZET_COLUMNS,
  OMZET_REQUIRED_COLUMNS,
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
import { ReasonCounts, RejectedRowsDownload } from './RejectedRows.tsx';
import { TemplateCard } from './TemplateCard.tsx';
import { UploadCard } from './UploadCard.tsx';

const TEMPLATES: Record<ImportKind, { columns: readonly string[]; required: readonly string[] }> = {
  businesses: {
    columns: BUSINESS_COLUMNS,
    required: BUSINESS_REQUIRED_COLUMNS,
  },
  omzet: { columns: OMZET_COLUMNS, required: OMZET_REQUIRED_COLUMNS },
};

/** Every reason an importer may reject a row for; a reason added on the server fails the type check here. */
const REASONS: {
  businesses: Record<BusinessRejection, true>;
  omzet: Record<keyof typeof OMZET_REJECTION_REASONS, true>;
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
};

interface Summary {
  total: number;
  created: number;
  updated: number;
  rejected: number;
  reasons: Record<string, number>;
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
  };
}

/** Upload a registry or turnover file, follow its import, and read what came of it. */
export function ImportPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const kinds = access.importKinds(me.role);
  const filters = useUrlFilters();
  const requested = filters.params.get('kind');
  const kind: ImportKind | undefined = kinds.includes(requested as ImportKind)
    ? (requested as ImportKind)
    : kinds[0];
  const jobParam = Number(filters.params.get('job'));
  const jobId = Number.isInteger(jobParam) && jobParam > 0 ? jobParam : null;

  if (!kind) return <NoAccess />;
  return (
    <>
      <PageHeader title={t('imports.title')} description={t('imports.description')} />
      <Stack gap="md">
        {kinds.length > 1 && (
          <SegmentedControl
            value={kind}
            onChange={(value) => filters.setMany({ kind: value === 'businesses' ? null : value, job: null })}
            data={kinds.map((k) => ({ value: k, label: t(`imports.kinds.${k}`) }))}
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
          onOpen={(id) => filters.set('job', String(id))}
          result={(job) => {
            const s = summaryOf(job);
            return s
              ? t('imports.recent.counts', {
                  created: formatNumber(s.created, i18n.language),
                  updated: formatNumber(s.updated, i18n.language),
                  rejected: formatNumber(s.rejected, i18n.language),
                })
              : '—';
          }}
        />
      </Stack>
    </>
  );
}

function UploadPanel({ kind, onStarted }: { kind: ImportKind; onStarted: (job: ImportJob) => void }) {
  const { t } = useTranslation();
  const template = TEMPLATES[kind];
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <UploadCard kind={kind} title={t(`imports.upload.title.${kind}`)} onStarted={onStarted} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <TemplateCard
          columns={template.columns}
          required={template.required}
          fileName={`template-${kind === 'businesses' ? 'usaha' : 'omzet'}.csv`}
          explain={t(`imports.template.explain.${kind}`)}
        />
      </Grid.Col>
    </Grid>
  );
}

function JobPanel({ id, onAnother }: { id: number; onAnother: () => void }) {
  const { t } = useTranslation();
  return (
    <JobCard
      id={id}
      kindLabel={(kind) => t(`imports.kinds.${kind === 'omzet' ? 'omzet' : 'businesses'}`)}
      onAnother={onAnother}
      summary={(job) => {
        const summary = summaryOf(job);
        return summary && <JobSummary job={job} kind={kindOf(job)} summary={summary} />;
      }}
      actions={(job) =>
        kindOf(job) === 'businesses' && (
          <Button component={Link} to="/businesses" variant="subtle">
            {t('imports.toBusinesses')}
          </Button>
        )
      }
    />
  );
}

const kindOf = (job: ImportJob): ImportKind => (job.kind === 'omzet' ? 'omzet' : 'businesses');

function JobSummary({ job, kind, summary }: { job: ImportJob; kind: ImportKind; summary: Summary }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const stats = [
    ['total', summary.total, 'civic'],
    ['created', summary.created, 'teal'],
    ['updated', summary.updated, 'grape'],
    ['rejected', summary.rejected, summary.rejected > 0 ? 'red' : 'gray'],
  ] as const;
  const reasons = Object.entries(summary.reasons)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
  const reasonText = (code: string) =>
    Object.hasOwn(REASONS[kind], code)
      ? t(`imports.reasons.${kind}.${code}` as 'imports.reasons.omzet.nik_invalid')
      : code;

  return (
    <Stack gap="md" data-testid="import-summary">
      <Group gap="xs">
        <IconCircleCheck size={20} color="var(--mantine-color-teal-7)" />
        <Text fw={600}>{t('imports.summary.title')}</Text>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        {stats.map(([key, value, color]) => (
          <SummaryFigure
            key={key}
            label={t(`imports.summary.${key}`)}
            value={n(value)}
            color={`${color}.8`}
            testId={`summary-${key}`}
          />
        ))}
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {t('imports.summary.equation', {
          total: n(summary.total),
          created: n(summary.created),
          updated: n(summary.updated),
          rejected: n(summary.rejected),
        })}
      </Text>
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
