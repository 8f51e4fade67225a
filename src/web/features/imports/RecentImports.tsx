import { Anchor, Badge, Button, Card, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconHistory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ImportJob } from '../../api/types.ts';
import { formatDateTime, formatDay } from '../../components/format.ts';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { addPageTexts } from '../../i18n/page-texts.ts';
import queueFilterTexts from '../../i18n/parts/queueFilters.id.json';
import { type ImportListFilter, useImports } from './imports.api.ts';
import { ImportStatusBadge } from './JobCard.tsx';

addPageTexts(queueFilterTexts);

/** The latest imports of one kind: a table on a wide screen, cards on a phone; each opens its job. */
export function RecentImports({
  kind,
  program,
  current,
  onOpen,
  result,
  filter,
  onClearFilter,
}: {
  kind: string;
  /** Aid imports: only those of this program. */
  program?: string;
  current: number | null;
  onOpen: (id: number) => void;
  /** A job's outcome in a few words ("2 new · 1 rejected"), once it is done. */
  result: (job: ImportJob) => string;
  /** Only imports of every kind in this status (since a day), with a way back to the kind's recent ones. */
  filter?: ImportListFilter;
  onClearFilter?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const jobs = useImports(kind, program, filter);
  const filtered = filter?.status !== undefined;
  const counts = (job: ImportJob) => (job.summary ? result(job) : '—');

  return (
    <Stack gap="sm">
      <Group gap="xs">
        <IconHistory size={20} color="var(--mantine-color-civic-7)" />
        <Title order={3} fz="h5">
          {filtered ? t(`queueFilters.importStatuses.${filter!.status!}`) : t('imports.recent.title')}
        </Title>
        {filtered && filter?.since && (
          <Badge variant="light" radius="sm" data-testid="imports-since">
            {t('queueFilters.since', { date: formatDay(filter.since, i18n.language) })}
          </Badge>
        )}
        {filtered && onClearFilter && (
          <Button variant="subtle" size="compact-sm" onClick={onClearFilter}>
            {t('queueFilters.clear')}
          </Button>
        )}
      </Group>
      {jobs.isPending ? (
        <SkeletonRows rows={3} />
      ) : jobs.isError ? (
        <ErrorAlert error={jobs.error} onRetry={() => jobs.refetch()} />
      ) : jobs.data.length === 0 ? (
        <Paper radius="md" px="sm">
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
                      ta="left"
                      className="break-anywhere"
                      onClick={() => onOpen(job.id)}
                    >
                      {job.fileName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <ImportStatusBadge status={job.status} />
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
                <ImportStatusBadge status={job.status} />
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
