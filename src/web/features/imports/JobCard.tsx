import { Alert, Badge, Button, Code, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconUpload } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportJob } from '../../api/types.ts';
import { formatBytes, formatDateTime, formatNumber } from '../../components/format.ts';
import { ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useImportJob } from './imports.api.ts';

/**
 * One import followed to its end: the file, its status, a progress bar while it runs, why it failed, and —
 * once done — what `summary` makes of the job's figures. `actions` add buttons beside "import another".
 */
export function JobCard({
  id,
  kindLabel,
  summary,
  actions,
  onAnother,
}: {
  id: number;
  kindLabel: (kind: string) => string;
  summary: (job: ImportJob) => ReactNode;
  actions?: (job: ImportJob) => ReactNode;
  onAnother: () => void;
}) {
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

  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="import-job" data-status={data.status}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text fw={650} className="break-anywhere">
              {data.fileName}
            </Text>
            <Text size="xs" c="dimmed">
              {kindLabel(data.kind)} · {formatBytes(data.totalBytes, i18n.language)} ·{' '}
              {formatDateTime(data.createdAt, i18n.language)}
            </Text>
          </Stack>
          <ImportStatusBadge status={data.status} />
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

        {data.status === 'done' && data.summary && summary(data)}

        {(data.status === 'done' || data.status === 'failed') && (
          <Group gap="sm">
            <Button variant="light" leftSection={<IconUpload size={16} />} onClick={onAnother}>
              {t('imports.another')}
            </Button>
            {data.status === 'done' && actions?.(data)}
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
  // The server explains in Indonesian; another language gets the translation of the code. Missing columns
  // are listed one by one below, so the general sentence stands above them.
  const message =
    missing.length === 0 && i18n.language === 'id' && error?.message
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

const STATUS_COLORS: Record<ImportJob['status'], string> = {
  queued: 'gray',
  running: 'civic',
  done: 'teal',
  failed: 'red',
};

export function ImportStatusBadge({ status }: { status: ImportJob['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={STATUS_COLORS[status]}
      variant="light"
      radius="sm"
      data-testid="import-status"
      style={{ flexShrink: 0 }}
    >
      {t(`imports.status.${status}`)}
    </Badge>
  );
}
