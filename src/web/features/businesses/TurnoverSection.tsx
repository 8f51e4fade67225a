import {
  Alert,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Paper,
  ScrollArea,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconChartBar } from '@tabler/icons-react';
import { onlineManager } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Business, OmzetReport } from '../../api/types.ts';
import { access } from '../../components/access.ts';
import { applyFieldErrors, errorText } from '../../components/error-text.ts';
import { formatPeriod, formatRupiah } from '../../components/format.ts';
import { MoneyInput, moneyValue } from '../../components/MoneyInput.tsx';
import { currentPeriod, FIRST_PERIOD, nextPeriod, periodsBetween } from '../../components/periods.ts';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { type TurnoverWrite, useOfflineWrite, writeBase } from '../offline/writes.ts';
import { BucketLegend } from '../recovery/BucketLegend.tsx';
import { CHART_HEX, declineOf } from '../recovery/buckets.ts';
import { DeclineBadge } from '../recovery/DeclineBadge.tsx';
import { useOmzetReports } from './businesses.api.ts';

// The chart library is the largest part of this page: the figures, the table and the form show without it.
const TurnoverChart = lazy(async () => ({ default: (await import('./TurnoverChart.tsx')).TurnoverChart }));
const CHART_HEIGHT = 300;

/** Monthly turnover: the chart against the baseline, the figures beside it, and the form to report a month. */
export function TurnoverSection({ business }: { business: Business }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const reports = useOmzetReports(business.id);
  const canReport = access.reportsTurnover(me.role, business);

  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="turnover">
      <Group justify="space-between" align="flex-start" mb="sm" gap="xs">
        <Stack gap={2}>
          <Title order={3} fz="h4">
            {t('turnover.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {business.baselineOmzet != null
              ? t('turnover.baseline', { amount: formatRupiah(business.baselineOmzet, i18n.language) })
              : t('turnover.noBaseline')}
          </Text>
        </Stack>
        {business.latest && (
          <Stack gap={2} align="flex-end">
            <Text size="xs" c="dimmed">
              {t('turnover.latest', { period: formatPeriod(business.latest.period, i18n.language, 'long') })}
            </Text>
            <DeclineBadge declinePct={business.latest.declinePct} />
          </Stack>
        )}
      </Group>

      {reports.isPending ? (
        <SkeletonRows rows={5} height={48} />
      ) : reports.isError ? (
        <ErrorAlert error={reports.error} onRetry={() => reports.refetch()} />
      ) : reports.data.length === 0 ? (
        <EmptyMessage
          icon={<IconChartBar size={28} />}
          title={t('turnover.emptyTitle')}
          description={canReport ? t('turnover.empty') : t('turnover.emptyReadOnly')}
        />
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Suspense fallback={<Skeleton height={CHART_HEIGHT} radius="sm" />}>
              <TurnoverChart reports={reports.data} baseline={business.baselineOmzet} height={CHART_HEIGHT} />
            </Suspense>
            <Group gap="md" mt="xs" style={{ rowGap: 4 }}>
              {business.baselineOmzet != null && (
                <Group gap={6} wrap="nowrap">
                  <Box w={18} style={{ borderTop: `2px dashed ${CHART_HEX.baseline}` }} />
                  <Text size="xs">{t('turnover.baselineLine')}</Text>
                </Group>
              )}
              <BucketLegend />
            </Group>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <TurnoverTable reports={reports.data} />
          </Grid.Col>
        </Grid>
      )}

      {canReport &&
        (business.archived ? (
          <Alert color="gray" variant="light" mt="md">
            {t('turnover.archived')}
          </Alert>
        ) : (
          reports.data && <ReportForm business={business} reports={reports.data} />
        ))}
    </Paper>
  );
}

function TurnoverTable({ reports }: { reports: OmzetReport[] }) {
  const { t, i18n } = useTranslation();
  const newestFirst = [...reports].reverse();
  return (
    <ScrollArea.Autosize mah={300} type="auto" offsetScrollbars="y" scrollbars="y">
      <Table verticalSpacing={6} horizontalSpacing="xs" fz="sm" stickyHeader data-testid="turnover-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('turnover.period')}</Table.Th>
            <Table.Th ta="right">{t('turnover.amount')}</Table.Th>
            <Table.Th ta="right">{t('turnover.decline')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {newestFirst.map((r) => (
            <Table.Tr key={r.period} data-period={r.period}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{formatPeriod(r.period, i18n.language)}</Text>
                <Text size="xs" c="dimmed">
                  {t(`turnover.sources.${r.source}`)}
                </Text>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatRupiah(r.amount, i18n.language)}
              </Table.Td>
              <Table.Td ta="right">
                <DeclineBadge declinePct={r.declinePct} size="sm" compact />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

interface ReportValues {
  period: string;
  amount: number | string;
}

/** The month to offer first: the one after the latest report, never a month still to come. */
function suggestedPeriod(reports: OmzetReport[], now: string) {
  const last = reports.at(-1)?.period;
  if (!last) return now;
  const next = nextPeriod(last);
  return next > now ? now : next;
}

function ReportForm({ business, reports }: { business: Business; reports: OmzetReport[] }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  // Kept on the device without a connection and sent when it returns (features/offline).
  const report = useOfflineWrite<OmzetReport, TurnoverWrite>('turnover');
  const [failure, setFailure] = useState<unknown>(null);
  const now = currentPeriod();
  const form = useForm<ReportValues>({
    mode: 'controlled',
    initialValues: { period: suggestedPeriod(reports, now), amount: '' },
    validate: {
      period: (v) => (v ? null : t('turnover.form.periodRequired')),
      amount: (v) => (moneyValue(v) === null ? t('turnover.form.amountRequired') : null),
    },
  });
  const { period, amount } = form.getValues();
  const value = moneyValue(amount);
  const existing = reports.find((r) => r.period === period);
  const reported = new Set(reports.map((r) => r.period));

  const nextAfter = (saved: string) => ({
    period: nextPeriod(saved) > now ? saved : nextPeriod(saved),
    amount: '',
  });
  const submit = form.onSubmit((values) => {
    setFailure(null);
    const write: TurnoverWrite = {
      ...writeBase(business.name, me.id),
      businessId: business.id,
      period: values.period,
      amount: moneyValue(values.amount)!,
    };
    const offline = !onlineManager.isOnline();
    report.mutate(write, {
      onSuccess: (saved) => {
        notifications.show({
          color: 'teal',
          message: t('turnover.form.saved', { period: formatPeriod(saved.period, i18n.language, 'long') }),
        });
        // A write kept offline already cleared the form; the person may be typing the next one.
        if (!offline) form.setValues(nextAfter(saved.period));
      },
      onError: (error) => {
        if (!applyFieldErrors(form, t, error, { period: 'period' })) setFailure(error);
      },
    });
    if (offline) {
      notifications.show({ color: 'orange', message: t('offline.savedOnDevice') });
      form.setValues(nextAfter(values.period));
    }
  });

  return (
    <Box mt="md" pt="md" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
      <form onSubmit={submit} noValidate data-testid="report-form">
        <Stack gap="sm">
          <Text fw={600}>{t('turnover.form.title')}</Text>
          {failure != null && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {errorText(t, failure)}
            </Alert>
          )}
          <Grid gap="sm" align="flex-start">
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <Select
                label={t('turnover.form.period')}
                required
                searchable
                allowDeselect={false}
                nothingFoundMessage={t('common.nothingFound')}
                data={periodsBetween(FIRST_PERIOD, now).map((p) => ({
                  value: p,
                  label: reported.has(p)
                    ? t('turnover.form.periodReported', { period: formatPeriod(p, i18n.language, 'long') })
                    : formatPeriod(p, i18n.language, 'long'),
                }))}
                {...form.getInputProps('period')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <MoneyInput label={t('turnover.form.amount')} required {...form.getInputProps('amount')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <Button
                type="submit"
                loading={report.isPending && !report.isPaused}
                fullWidth
                mt={{ base: 0, sm: 25 }}
              >
                {existing ? t('turnover.form.replace') : t('turnover.form.submit')}
              </Button>
            </Grid.Col>
          </Grid>
          <ImpliedDecline baseline={business.baselineOmzet} amount={value} existing={existing} />
        </Stack>
      </form>
    </Box>
  );
}

/** What the typed amount means before it is saved: the decline it implies, and what it replaces. */
function ImpliedDecline({
  baseline,
  amount,
  existing,
}: {
  baseline: number | null;
  amount: number | null;
  existing: OmzetReport | undefined;
}) {
  const { t, i18n } = useTranslation();
  const decline = amount === null ? null : declineOf(baseline, amount);
  return (
    <Stack gap={4} data-testid="implied-decline">
      {amount !== null &&
        (baseline == null ? (
          <Text size="sm" c="dimmed">
            {t('turnover.form.noBaseline')}
          </Text>
        ) : (
          <Group gap="xs">
            <DeclineBadge declinePct={decline} />
            <Text size="sm" c="dimmed">
              {t('turnover.form.against', { amount: formatRupiah(baseline, i18n.language) })}
            </Text>
          </Group>
        ))}
      {existing && (
        <Group gap="xs">
          <Badge variant="outline" color="gray" radius="sm" size="sm">
            {t('turnover.form.replaces')}
          </Badge>
          <Text size="sm" c="dimmed">
            {formatRupiah(existing.amount, i18n.language)}
          </Text>
        </Group>
      )}
    </Stack>
  );
}
