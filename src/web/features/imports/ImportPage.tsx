import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Grid,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconDownload,
  IconFileSpreadsheet,
  IconFileUpload,
  IconHistory,
  IconUpload,
} from '@tabler/icons-react';
import { type DragEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type {
  BUSINESS_COLUMNS,
  BusinessRejection,
} from '../../../server/modules/businesses/businesses.import.ts';
import type { OMZET_REJECTION_REASONS } from '../../../server/modules/omzet/omzet.import.ts';
import { saveBlob } from '../../api/client.ts';
import type { ImportJob } from '../../api/types.ts';
import { access, type ImportKind } from '../../components/access.ts';
import { DownloadButton } from '../../components/DownloadButton.tsx';
import { formatBytes, formatDateTime, formatNumber } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useUrlFilters } from '../../components/use-url-filters.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { NoAccess } from '../auth/NoAccess.tsx';
import { useImportJob, useImports, useUploadImport } from './imports.api.ts';

/** The columns of each file, in the order the template writes them (checked against the importers). */
const BUSINESS_TEMPLATE: typeof BUSINESS_COLUMNS = [
  'nik',
  'nama_pemilik',
  'no_hp',
  'no_kk',
  'nama_usaha',
  'sektor',
  'kbli',
  'alamat',
  'kode_kelurahan',
  'modal_usaha',
  'omzet_tahunan',
  'omzet_bulanan_sebelum_pandemi',
  'tenaga_kerja',
  'nib',
];
const TEMPLATES: Record<ImportKind, { columns: readonly string[]; required: readonly string[] }> = {
  businesses: {
    columns: BUSINESS_TEMPLATE,
    required: ['nik', 'nama_pemilik', 'nama_usaha', 'sektor', 'kode_kelurahan'],
  },
  omzet: { columns: ['nik', 'nama_usaha', 'periode', 'omzet'], required: ['nik', 'periode', 'omzet'] },
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

const MAX_BYTES = 200 * 1024 * 1024;
const FILE_PATTERN = /\.(csv|xlsx)$/i;

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
  const { t } = useTranslation();
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
        <RecentImports kind={kind} current={jobId} onOpen={(id) => filters.set('job', String(id))} />
      </Stack>
    </>
  );
}

function TemplateCard({ kind }: { kind: ImportKind }) {
  const { t } = useTranslation();
  const template = TEMPLATES[kind];
  const downloadTemplate = () =>
    saveBlob(
      new Blob([`${template.columns.join(',')}\r\n`], { type: 'text/csv;charset=utf-8' }),
      `template-${kind === 'businesses' ? 'usaha' : 'omzet'}.csv`,
    );
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" h="100%">
      <Stack gap="sm">
        <Group gap="xs" wrap="nowrap">
          <IconFileSpreadsheet size={20} color="var(--mantine-color-civic-7)" />
          <Title order={3} fz="h5">
            {t('imports.template.title')}
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          {t(`imports.template.explain.${kind}`)}
        </Text>
        <Group gap={6}>
          {template.columns.map((column) => (
            <Badge
              key={column}
              variant={template.required.includes(column) ? 'filled' : 'light'}
              color="civic"
              radius="sm"
              ff="monospace"
              fw={500}
            >
              {column}
            </Badge>
          ))}
        </Group>
        <Text size="xs" c="dimmed">
          {t('imports.template.legend')}
        </Text>
        <Button
          variant="light"
          leftSection={<IconDownload size={16} />}
          onClick={downloadTemplate}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('imports.template.download')}
        </Button>
      </Stack>
    </Paper>
  );
}

type LocalProblem = 'FileType' | 'FileEmpty' | 'FileTooLarge';

function UploadPanel({ kind, onStarted }: { kind: ImportKind; onStarted: (job: ImportJob) => void }) {
  const { t, i18n } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<LocalProblem | null>(null);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const uploadFile = useUploadImport();

  const choose = (chosen: File | undefined) => {
    uploadFile.reset();
    if (!chosen) return;
    setProblem(
      !FILE_PATTERN.test(chosen.name)
        ? 'FileType'
        : chosen.size === 0
          ? 'FileEmpty'
          : chosen.size > MAX_BYTES
            ? 'FileTooLarge'
            : null,
    );
    setFile(chosen);
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    choose(e.dataTransfer.files[0]);
  };
  const start = () => {
    if (!file || problem) return;
    setProgress({ sent: 0, total: file.size });
    uploadFile.mutate(
      { kind, file, onProgress: (sent, total) => setProgress({ sent, total }) },
      { onSuccess: onStarted, onSettled: () => setProgress(null) },
    );
  };
  const uploading = uploadFile.isPending;

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Paper p={{ base: 'sm', sm: 'md' }} radius="md" h="100%">
          <Stack gap="sm">
            <Title order={3} fz="h5">
              {t(`imports.upload.title.${kind}`)}
            </Title>
            <UnstyledButton
              onClick={() => input.current?.click()}
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={drop}
              disabled={uploading}
              data-testid="drop-zone"
              style={{
                border: `2px dashed var(--mantine-color-${dragging ? 'civic-6' : 'gray-4'})`,
                borderRadius: 'var(--mantine-radius-md)',
                background: dragging ? 'var(--mantine-color-civic-0)' : 'var(--mantine-color-gray-0)',
                padding: 'var(--mantine-spacing-lg)',
                textAlign: 'center',
              }}
            >
              <Stack gap={6} align="center">
                <ThemeIcon size={48} radius="xl" variant="light">
                  <IconFileUpload size={26} />
                </ThemeIcon>
                <Text fw={600}>{t('imports.upload.drop')}</Text>
                <Text size="sm" c="dimmed">
                  {t('imports.upload.accepts')}
                </Text>
              </Stack>
            </UnstyledButton>
            <input
              ref={input}
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              hidden
              data-testid="file-input"
              onChange={(e) => {
                choose(e.currentTarget.files?.[0]);
                e.currentTarget.value = '';
              }}
            />
            {file && (
              <Group justify="space-between" gap="xs" wrap="nowrap" data-testid="chosen-file">
                <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                  <IconFileSpreadsheet size={20} style={{ flexShrink: 0 }} />
                  <Text size="sm" fw={500} className="break-anywhere">
                    {file.name}
                  </Text>
                </Group>
                <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                  {formatBytes(file.size, i18n.language)}
                </Text>
              </Group>
            )}
            {problem && (
              <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
                {t(`imports.errors.${problem}`)}
              </Alert>
            )}
            {uploadFile.isError && <ErrorAlert error={uploadFile.error} title={t('imports.upload.failed')} />}
            {progress && (
              <Stack gap={4} data-testid="upload-progress">
                <Group justify="space-between">
                  <Text size="sm">{t('imports.upload.uploading')}</Text>
                  <Text size="sm" c="dimmed">
                    {formatBytes(progress.sent, i18n.language)} / {formatBytes(progress.total, i18n.language)}
                  </Text>
                </Group>
                <Progress
                  value={progress.total ? (100 * progress.sent) / progress.total : 0}
                  size="lg"
                  radius="xl"
                  aria-label={t('imports.upload.uploading')}
                />
              </Stack>
            )}
            <Button
              leftSection={<IconUpload size={16} />}
              onClick={start}
              disabled={!file || problem !== null}
              loading={uploading}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('imports.upload.start')}
            </Button>
          </Stack>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <TemplateCard kind={kind} />
      </Grid.Col>
    </Grid>
  );
}

function JobPanel({ id, onAnother }: { id: number; onAnother: () => void }) {
  const { t, i18n } = useTranslation();
  const job = useImportJob(id);

  if (job.isPending) return <SkeletonRows rows={3} height={64} />;
  if (job.isError) {
    return (
      <Stack>
        <ErrorAlert error={job.error} onRetry={() => job.refetch()} />
        <Button variant="light" onClick={onAnother} style={{ alignSelf: 'flex-start' }}>
          {t('imports.another')}
        </Button>
      </Stack>
    );
  }
  const data = job.data;
  const kind: ImportKind = data.kind === 'omzet' ? 'omzet' : 'businesses';
  const summary = summaryOf(data);

  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="import-job" data-status={data.status}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text fw={650} className="break-anywhere">
              {data.fileName}
            </Text>
            <Text size="xs" c="dimmed">
              {t(`imports.kinds.${kind}`)} · {formatBytes(data.totalBytes, i18n.language)} ·{' '}
              {formatDateTime(data.createdAt, i18n.language)}
            </Text>
          </Stack>
          <StatusBadge status={data.status} />
        </Group>

        {(data.status === 'queued' || data.status === 'running') && (
          <Stack gap={4} data-testid="processing-progress">
            <Group justify="space-between" gap="xs">
              <Text size="sm">
                {data.status === 'queued' ? t('imports.job.queued') : t('imports.job.running')}
              </Text>
              <Text size="sm" c="dimmed">
                {t('imports.job.rowsRead', {
                  count: data.rowsRead,
                  rows: formatNumber(data.rowsRead, i18n.language),
                })}
              </Text>
            </Group>
            <Progress
              value={data.totalBytes ? (100 * data.bytesRead) / data.totalBytes : 0}
              size="lg"
              radius="xl"
              striped
              animated
              aria-label={t('imports.job.running')}
            />
            <Text size="xs" c="dimmed">
              {formatBytes(data.bytesRead, i18n.language)} / {formatBytes(data.totalBytes, i18n.language)}
            </Text>
          </Stack>
        )}

        {data.status === 'failed' && <JobFailure job={data} />}

        {data.status === 'done' && summary && <JobSummary job={data} kind={kind} summary={summary} />}

        {(data.status === 'done' || data.status === 'failed') && (
          <Group gap="sm">
            <Button variant="light" leftSection={<IconUpload size={16} />} onClick={onAnother}>
              {t('imports.another')}
            </Button>
            {data.status === 'done' && kind === 'businesses' && (
              <Button component={Link} to="/businesses" variant="subtle">
                {t('imports.toBusinesses')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function JobFailure({ job }: { job: ImportJob }) {
  const { t, i18n } = useTranslation();
  const error = job.error;
  const code = error?.code ?? 'ImportFailed';
  const missing =
    error?.details &&
    typeof error.details === 'object' &&
    Array.isArray((error.details as { missing?: unknown }).missing)
      ? (error.details as { missing: string[] }).missing
      : [];
  const key = `imports.errors.${code}`;
  // The server explains in Indonesian; another language gets the translation of the code.
  const message =
    i18n.language === 'id' && error?.message
      ? error.message
      : i18n.exists(key)
        ? t(key as 'imports.errors.ImportFailed')
        : (error?.message ?? t('imports.errors.ImportFailed'));
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={20} />}
      title={t('imports.job.failedTitle')}
      role="alert"
    >
      <Stack gap="xs">
        <Text size="sm" data-testid="import-error">
          {message}
        </Text>
        {missing.length > 0 && (
          <Group gap={6}>
            <Text size="sm">{t('imports.job.missingColumns')}</Text>
            {missing.map((m) => (
              <Code key={m}>{m}</Code>
            ))}
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

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
    code in REASONS[kind]
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
          <Card key={key} padding="sm" radius="md" data-testid={`summary-${key}`}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t(`imports.summary.${key}`)}
            </Text>
            <Text fz={26} fw={700} c={`${color}.8`} lh={1.2}>
              {n(value)}
            </Text>
          </Card>
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
          <Table withTableBorder fz="sm" data-testid="rejection-reasons">
            <Table.Tbody>
              {reasons.map(([code, count]) => (
                <Table.Tr key={code}>
                  <Table.Td>{reasonText(code)}</Table.Td>
                  <Table.Td ta="right" w={80} fw={600}>
                    {n(count)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group gap="xs">
            <DownloadButton path={`/imports/${job.id}/rejections`} query={{ format: 'xlsx' }}>
              {t('imports.summary.downloadRejected')}
            </DownloadButton>
            <DownloadButton path={`/imports/${job.id}/rejections`} query={{ format: 'csv' }} variant="subtle">
              CSV
            </DownloadButton>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

const STATUS_COLORS: Record<ImportJob['status'], string> = {
  queued: 'gray',
  running: 'civic',
  done: 'teal',
  failed: 'red',
};

function StatusBadge({ status }: { status: ImportJob['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" radius="sm" data-testid="import-status">
      {t(`imports.status.${status}`)}
    </Badge>
  );
}

function RecentImports({
  kind,
  current,
  onOpen,
}: {
  kind: ImportKind;
  current: number | null;
  onOpen: (id: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const jobs = useImports(kind);
  const counts = (job: ImportJob) => {
    const s = summaryOf(job);
    if (!s) return '—';
    return t('imports.recent.counts', {
      created: formatNumber(s.created, i18n.language),
      updated: formatNumber(s.updated, i18n.language),
      rejected: formatNumber(s.rejected, i18n.language),
    });
  };

  return (
    <Stack gap="sm">
      <Group gap="xs">
        <IconHistory size={20} color="var(--mantine-color-civic-7)" />
        <Title order={3} fz="h5">
          {t('imports.recent.title')}
        </Title>
      </Group>
      {jobs.isPending ? (
        <SkeletonRows rows={3} />
      ) : jobs.isError ? (
        <ErrorAlert error={jobs.error} onRetry={() => jobs.refetch()} />
      ) : jobs.data.length === 0 ? (
        <Paper radius="md">
          <EmptyMessage title={t('imports.recent.emptyTitle')} description={t('imports.recent.empty')} />
        </Paper>
      ) : wide ? (
        <Paper radius="md" style={{ overflow: 'hidden' }}>
          <Table highlightOnHover verticalSpacing="sm" data-testid="recent-imports">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('imports.recent.file')}</Table.Th>
                <Table.Th>{t('imports.recent.status')}</Table.Th>
                <Table.Th>{t('imports.recent.result')}</Table.Th>
                <Table.Th>{t('imports.recent.by')}</Table.Th>
                <Table.Th>{t('imports.recent.at')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs.data.map((job) => (
                <Table.Tr key={job.id} bg={job.id === current ? 'civic.0' : undefined}>
                  <Table.Td>
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      fw={500}
                      onClick={() => onOpen(job.id)}
                    >
                      {job.fileName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={job.status} />
                  </Table.Td>
                  <Table.Td fz="sm">{counts(job)}</Table.Td>
                  <Table.Td fz="sm" className="break-anywhere">
                    {job.createdBy}
                  </Table.Td>
                  <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(job.createdAt, i18n.language)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ) : (
        <Stack gap="xs" data-testid="recent-imports">
          {jobs.data.map((job) => (
            <Card
              key={job.id}
              component="button"
              type="button"
              onClick={() => onOpen(job.id)}
              padding="sm"
              radius="md"
              bg={job.id === current ? 'civic.0' : undefined}
              style={{ textAlign: 'left', cursor: 'pointer' }}
            >
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm" fw={600} className="break-anywhere">
                  {job.fileName}
                </Text>
                <StatusBadge status={job.status} />
              </Group>
              <Text size="xs" c="dimmed" mt={4}>
                {counts(job)}
              </Text>
              <Text size="xs" c="dimmed" className="break-anywhere">
                {job.createdBy} · {formatDateTime(job.createdAt, i18n.language)}
              </Text>
            </Card>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
