import {
  Alert,
  Button,
  Card,
  Grid,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconCircleCheck,
  IconDownload,
  IconFileSpreadsheet,
  IconSend,
  IconShieldLock,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download } from '../../api/client.ts';
import type { AidAnswerSummary, AidBatch, AidProgram, AidSummary, ImportJob } from '../../api/types.ts';
import { access } from '../../components/access.ts';
import { errorText } from '../../components/error-text.ts';
import { areaDisplayName, formatDateTime, formatNumber, formatRupiah } from '../../components/format.ts';
import { SummaryFigure } from '../../components/SummaryFigure.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useUrlFilters } from '../../components/use-url-filters.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { NoAccess } from '../auth/NoAccess.tsx';
import { JobCard } from '../imports/JobCard.tsx';
import { RecentImports } from '../imports/RecentImports.tsx';
import { ReasonCounts, RejectedRowsDownload } from '../imports/RejectedRows.tsx';
import { TemplateCard } from '../imports/TemplateCard.tsx';
import { UploadCard } from '../imports/UploadCard.tsx';
import { useAidBatches, useAidSummary, useCreateBatch } from './aid.api.ts';
import { answerReasonText } from './labels.tsx';
import { useProgram } from './ProgramPage.tsx';

const ALL = 'all';

/** The office sends approved proposals to the ministry in batches and reads the ministry's answer back. */
export function BatchesTab() {
  const me = useCurrentUser();
  const program = useProgram();
  if (!access.sendsAidBatches(me.role)) return <NoAccess />;
  return (
    <Stack gap="md">
      <NewBatch program={program} />
      <BatchList program={program} />
      <MinistryAnswer program={program} />
    </Stack>
  );
}

function NewBatch({ program }: { program: AidProgram }) {
  const { t, i18n } = useTranslation();
  const summary = useAidSummary(program.code);
  const create = useCreateBatch(program.code);
  const [choice, setChoice] = useState<string>(ALL);
  const [confirming, setConfirming] = useState(false);

  if (summary.isPending) return <Skeleton height={160} radius="md" />;
  if (summary.isError) return <ErrorAlert error={summary.error} onRetry={() => summary.refetch()} />;
  const ready = readyByKecamatan(summary.data);
  const total = summary.data.byState.approved;
  const chosen = choice === ALL ? null : ready.find((k) => k.code === choice);
  const count = chosen ? chosen.approved : total;
  const n = (v: number) => formatNumber(v, i18n.language);

  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="new-batch">
      <Group gap="xs" mb="xs" wrap="nowrap">
        <IconSend size={20} color="var(--mantine-color-civic-7)" />
        <Title order={3} fz="h5">
          {t('aid.batches.newTitle')}
        </Title>
      </Group>
      {total === 0 ? (
        <Text size="sm" c="dimmed" data-testid="none-ready">
          <Text span fw={600} c="dark">
            {t('aid.batches.noneReadyTitle')}.
          </Text>{' '}
          {t('aid.batches.noneReady')}
        </Text>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('aid.batches.newExplain')}
          </Text>
          <Grid gap="sm" align="flex-end">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label={t('aid.batches.which')}
                allowDeselect={false}
                data={[
                  { value: ALL, label: t('aid.batches.allKecamatan', { count: total, n: n(total) }) },
                  ...ready.map((k) => ({
                    value: k.code,
                    label: t('aid.batches.oneKecamatan', {
                      name: areaDisplayName(k.name),
                      count: k.approved,
                      n: n(k.approved),
                    }),
                  })),
                ]}
                value={choice}
                onChange={(value) => setChoice(value ?? ALL)}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Group justify="space-between" gap="sm" wrap="wrap">
                <Text size="sm" data-testid="batch-preview">
                  {t('aid.batches.preview', {
                    count,
                    n: n(count),
                    amount: formatRupiah(count * program.amount, i18n.language),
                  })}
                </Text>
                <Button leftSection={<IconSend size={16} />} onClick={() => setConfirming(true)}>
                  {t('aid.batches.create')}
                </Button>
              </Group>
            </Grid.Col>
          </Grid>
        </Stack>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('aid.batches.confirmTitle')}>
        <Stack>
          <Text size="sm">
            {t(chosen ? 'aid.batches.confirmOne' : 'aid.batches.confirmAll', {
              count,
              n: n(count),
              name: chosen ? areaDisplayName(chosen.name) : '',
            })}
          </Text>
          {create.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorText(t, create.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              loading={create.isPending}
              leftSection={<IconSend size={16} />}
              onClick={() =>
                create.mutate(chosen?.code ?? null, {
                  onSuccess: (batch) => {
                    notifications.show({
                      color: 'teal',
                      message: t('aid.batches.created', { number: batch.number, count: batch.proposals }),
                    });
                    setConfirming(false);
                    setChoice(ALL);
                  },
                })
              }
            >
              {t('aid.batches.create')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

function readyByKecamatan(summary: AidSummary) {
  return summary.byKecamatan
    .map((k) => ({ code: k.code, name: k.name, approved: k.byState.approved }))
    .filter((k) => k.approved > 0)
    .sort((a, b) => a.code.localeCompare(b.code));
}

function BatchList({ program }: { program: AidProgram }) {
  const { t, i18n } = useTranslation();
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const batches = useAidBatches(program.code);
  const [exporting, setExporting] = useState<AidBatch | null>(null);
  const area = (b: AidBatch) =>
    b.kecamatanName ? areaDisplayName(b.kecamatanName) : t('aid.batches.everyKecamatan');
  const n = (v: number) => formatNumber(v, i18n.language);
  const exportButton = (batch: AidBatch) => (
    <Button
      size="xs"
      variant="default"
      leftSection={<IconDownload size={14} />}
      onClick={() => setExporting(batch)}
      aria-label={t('aid.batches.downloadOf', { number: batch.number })}
    >
      {t('aid.batches.download')}
    </Button>
  );

  return (
    <Stack gap="sm">
      <Group gap="xs">
        <IconFileSpreadsheet size={20} color="var(--mantine-color-civic-7)" />
        <Title order={3} fz="h5">
          {t('aid.batches.listTitle')}
        </Title>
      </Group>
      {batches.isPending ? (
        <SkeletonRows rows={3} />
      ) : batches.isError ? (
        <ErrorAlert error={batches.error} onRetry={() => batches.refetch()} />
      ) : batches.data.length === 0 ? (
        <Paper radius="md" px="sm">
          <EmptyMessage title={t('aid.batches.emptyTitle')} description={t('aid.batches.empty')} />
        </Paper>
      ) : wide ? (
        <Paper radius="md" style={{ overflow: 'hidden' }}>
          <Table verticalSpacing="sm" data-testid="batches-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('aid.batches.columns.batch')}</Table.Th>
                <Table.Th>{t('aid.batches.columns.area')}</Table.Th>
                <Table.Th ta="right">{t('aid.batches.columns.proposals')}</Table.Th>
                <Table.Th ta="right">{t('aid.batches.columns.amount')}</Table.Th>
                <Table.Th>{t('aid.batches.columns.by')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {batches.data.map((batch) => (
                <Table.Tr key={batch.id} data-testid="batch-row">
                  <Table.Td fw={600}>{t('aid.batches.number', { number: batch.number })}</Table.Td>
                  <Table.Td fz="sm">{area(batch)}</Table.Td>
                  <Table.Td ta="right" fz="sm">
                    {n(batch.proposals)}
                  </Table.Td>
                  <Table.Td ta="right" fz="sm" style={{ whiteSpace: 'nowrap' }}>
                    {formatRupiah(batch.totalAmount, i18n.language)}
                  </Table.Td>
                  <Table.Td fz="sm">
                    <Text size="sm" className="break-anywhere">
                      {batch.createdBy}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(batch.createdAt, i18n.language)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{exportButton(batch)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ) : (
        <Stack gap="xs" data-testid="batches-cards">
          {batches.data.map((batch) => (
            <Card key={batch.id} padding="sm" radius="md" data-testid="batch-row">
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text fw={600}>{t('aid.batches.number', { number: batch.number })}</Text>
                <Text size="sm" fw={600}>
                  {formatRupiah(batch.totalAmount, i18n.language)}
                </Text>
              </Group>
              <Text size="sm" c="dimmed">
                {area(batch)} ·{' '}
                {t('aid.batches.proposalCount', { count: batch.proposals, n: n(batch.proposals) })}
              </Text>
              <Text size="xs" c="dimmed" className="break-anywhere">
                {batch.createdBy} · {formatDateTime(batch.createdAt, i18n.language)}
              </Text>
              <Group mt="xs">{exportButton(batch)}</Group>
            </Card>
          ))}
        </Stack>
      )}
      <Modal
        opened={exporting !== null}
        onClose={() => setExporting(null)}
        title={exporting ? t('aid.batches.exportTitle', { number: exporting.number }) : ''}
      >
        {exporting && <ExportConfirm batch={exporting} onDone={() => setExporting(null)} />}
      </Modal>
    </Stack>
  );
}

/** Full NIKs leave the system with this file (UU 27/2022): the user says so before it downloads. */
function ExportConfirm({ batch, onDone }: { batch: AidBatch; onDone: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  return (
    <Stack>
      <Alert
        color="orange"
        variant="light"
        icon={<IconShieldLock size={20} />}
        title={t('aid.batches.fullNikTitle')}
        data-testid="full-nik-warning"
      >
        {t('aid.batches.fullNik', { count: batch.proposals })}
      </Alert>
      {failure != null && (
        <Alert color="red" variant="light" role="alert">
          {errorText(t, failure)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button
          leftSection={<IconDownload size={16} />}
          loading={busy}
          onClick={async () => {
            setBusy(true);
            setFailure(null);
            try {
              await download(`/aid/batches/${batch.id}/export`, { format: 'xlsx' });
              onDone();
            } catch (error) {
              setFailure(error);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('aid.batches.downloadXlsx')}
        </Button>
      </Group>
    </Stack>
  );
}

function MinistryAnswer({ program }: { program: AidProgram }) {
  const { t } = useTranslation();
  const filters = useUrlFilters();
  const jobParam = Number(filters.params.get('answer'));
  const jobId = Number.isInteger(jobParam) && jobParam > 0 ? jobParam : null;
  return (
    <Stack gap="sm">
      <Group gap="xs" mt="sm">
        <IconCircleCheck size={20} color="var(--mantine-color-civic-7)" />
        <Title order={3} fz="h5">
          {t('aid.answer.title')}
        </Title>
      </Group>
      {jobId === null ? (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <UploadCard
              kind="aid_answer"
              params={{ program: program.code }}
              title={t('aid.answer.uploadTitle')}
              onStarted={(job) => filters.set('answer', String(job.id))}
            >
              <Text size="sm" c="dimmed">
                {t('aid.answer.uploadExplain')}
              </Text>
            </UploadCard>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <TemplateCard
              columns={['nik', 'status', 'alasan']}
              required={['nik', 'status']}
              fileName={`template-jawaban-${program.code.toLowerCase()}.csv`}
              explain={t('aid.answer.templateExplain')}
            />
          </Grid.Col>
        </Grid>
      ) : (
        <JobCard
          id={jobId}
          kindLabel={(kind) => t(`imports.kinds.${kind === 'aid' ? 'aid' : 'aid_answer'}`)}
          onAnother={() => filters.set('answer', null)}
          summary={(job) => <AnswerSummaryView job={job} summary={job.summary as AidAnswerSummary} />}
        />
      )}
      <RecentImports
        kind="aid_answer"
        program={program.code}
        current={jobId}
        onOpen={(id) => filters.set('answer', String(id))}
        result={(job) => {
          const s = job.summary as Partial<AidAnswerSummary> | null;
          return s && typeof s.disbursed === 'number'
            ? t('aid.answer.counts', {
                disbursed: s.disbursed,
                rejected: s.rejectedByMinistry ?? 0,
                unknown: s.unknown ?? 0,
              })
            : '—';
        }}
      />
    </Stack>
  );
}

const ANSWER_FIGURES = [
  ['disbursed', 'green'],
  ['rejectedByMinistry', 'orange'],
  ['unchanged', 'gray'],
  ['unknown', 'red'],
  ['invalid', 'red'],
] as const;

/** What the ministry's answer did: proposals disbursed or rejected, and the rows that changed nothing. */
function AnswerSummaryView({ job, summary }: { job: ImportJob; summary: AidAnswerSummary }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const reasons = Object.entries(summary.reasons ?? {}).filter(([, count]) => count > 0);
  return (
    <Stack gap="md" data-testid="answer-summary">
      <SimpleGrid cols={{ base: 2, xs: 3, md: 6 }} spacing="sm">
        <SummaryFigure
          label={t('aid.answer.figures.total')}
          value={n(summary.total)}
          color="civic.8"
          testId="answer-total"
        />
        {ANSWER_FIGURES.map(([key, color]) => (
          <SummaryFigure
            key={key}
            label={t(`aid.answer.figures.${key}`)}
            value={n(summary[key])}
            color={summary[key] > 0 ? `${color}.8` : 'gray.6'}
            testId={`answer-${key}`}
          />
        ))}
      </SimpleGrid>
      {summary.unknown > 0 && (
        <Alert color="red" variant="light" data-testid="answer-unknown-note">
          {t('aid.answer.unknownExplain', { count: summary.unknown, n: n(summary.unknown) })}
        </Alert>
      )}
      {reasons.length > 0 && (
        <Stack gap="xs">
          <ReasonCounts
            testId="answer-reasons"
            rows={reasons.map(([code, count]) => ({
              code,
              label: answerReasonText(t, code),
              count: n(count),
            }))}
          />
          <RejectedRowsDownload job={job}>{t('aid.answer.download')}</RejectedRowsDownload>
        </Stack>
      )}
    </Stack>
  );
}
