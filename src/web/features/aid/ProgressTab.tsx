import {
  Anchor,
  Badge,
  Box,
  Breadcrumbs,
  Card,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconChevronRight, IconClipboardCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AidProgress, AidProgressRow } from '../../api/types.ts';
import { areaDisplayName, formatDay, formatNumber, formatPercent } from '../../components/format.ts';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useUrlFilters } from '../../components/use-url-filters.ts';
import { useKecamatan } from '../areas/areas.api.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useAidProgress } from './aid.api.ts';
import { useProgram } from './ProgramPage.tsx';

type Status = 'behind' | 'onTrack' | 'done' | 'none';
const STATUS_COLORS: Record<Status, string> = { behind: 'red', onTrack: 'teal', done: 'green', none: 'gray' };

function statusOf(row: AidProgressRow): Status {
  if (row.proposals === 0) return 'none';
  if (row.behind) return 'behind';
  return row.toVerify === 0 ? 'done' : 'onTrack';
}

/**
 * Field verification against the program's calendar: per kecamatan (the office), or per kelurahan of one
 * kecamatan; an area checking fewer proposals than the calendar expects by today stands out in red.
 */
export function ProgressTab() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const program = useProgram();
  const filters = useUrlFilters();
  const kecamatanList = useKecamatan();
  const officer = me.role === 'area_officer';
  // An officer sees the kelurahan of their own area; the office starts with the kecamatan.
  const kecamatan = filters.params.get('kecamatan') || undefined;
  const by = officer || kecamatan ? 'kelurahan' : 'kecamatan';
  const showEmpty = filters.params.get('empty') === '1';
  const progress = useAidProgress(program.code, { by, kecamatan: officer ? undefined : kecamatan });
  const kecamatanName = kecamatanList.data?.find((k) => k.code === kecamatan)?.name ?? kecamatan;

  if (progress.isPending) {
    return (
      <Stack gap="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          {Array.from({ length: 4 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
            <Skeleton key={i} height={88} radius="md" />
          ))}
        </SimpleGrid>
        <SkeletonRows rows={6} height={44} />
      </Stack>
    );
  }
  if (progress.isError) return <ErrorAlert error={progress.error} onRetry={() => progress.refetch()} />;

  const data = progress.data;
  const rows = showEmpty ? data.rows : data.rows.filter((r) => r.proposals > 0);
  const behind = data.rows.filter((r) => r.behind).length;
  const withProposals = data.rows.filter((r) => r.proposals > 0).length;

  return (
    <Stack gap="md">
      <Windows progress={data} />
      <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="progress-areas">
        <Stack gap="sm">
          <Group justify="space-between" align="flex-end" gap="xs">
            <Stack gap={4} style={{ minWidth: 0 }}>
              {!officer && kecamatan && (
                <Breadcrumbs separatorMargin={6} fz="sm">
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    onClick={() => filters.set('kecamatan', null)}
                  >
                    {t('aid.progress.allKecamatan')}
                  </Anchor>
                  <Text size="sm">{kecamatanName}</Text>
                </Breadcrumbs>
              )}
              <Title order={3} fz="h4">
                {by === 'kecamatan' ? t('aid.progress.byKecamatan') : t('aid.progress.byKelurahan')}
              </Title>
              <Text size="sm" c={behind > 0 ? 'red.8' : 'dimmed'} data-testid="behind-count">
                {behind > 0
                  ? t('aid.progress.behindCount', { count: behind, total: withProposals })
                  : t('aid.progress.noneBehind')}
              </Text>
            </Stack>
            <Switch
              label={t('aid.progress.showEmpty')}
              checked={showEmpty}
              onChange={(e) => filters.set('empty', e.currentTarget.checked ? '1' : null)}
            />
          </Group>
          {rows.length === 0 ? (
            <EmptyMessage
              icon={<IconClipboardCheck size={28} />}
              title={t('aid.progress.emptyTitle')}
              description={t('aid.progress.empty')}
            />
          ) : (
            <div style={{ opacity: progress.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
              <AreaRows
                rows={rows}
                expected={data.expectedShare}
                onOpen={by === 'kecamatan' ? (code) => filters.setMany({ kecamatan: code }) : undefined}
              />
            </div>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}

const WINDOWS = [
  ['intake', 'intakeEnd'],
  ['review', 'reviewEnd'],
  ['verification', 'verificationEnd'],
  ['submission', 'submissionEnd'],
] as const;

/** The four deadlines with the days left to each; the field check's is the one that matters here. */
function Windows({ progress }: { progress: AidProgress }) {
  const { t, i18n } = useTranslation();
  const start = progress.windows.reviewEnd ?? progress.windows.intakeEnd;
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="windows">
        {WINDOWS.map(([key, endKey]) => {
          const end = progress.windows[endKey];
          const left = progress.daysLeft[key];
          const main = key === 'verification';
          return (
            <Card
              key={key}
              padding="sm"
              radius="md"
              data-testid={`window-${key}`}
              style={main ? { borderColor: 'var(--mantine-color-civic-4)', borderWidth: 2 } : undefined}
            >
              <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                {t(`aid.progress.windows.${key}`)}
              </Text>
              <Text fw={650} size="sm" mt={2}>
                {end ? formatDay(end, i18n.language) : t('aid.progress.noDate')}
              </Text>
              {left !== null && <DaysLeft days={left} />}
            </Card>
          );
        })}
      </SimpleGrid>
      <Text size="sm" c="dimmed" data-testid="expected-share">
        {progress.expectedShare === null
          ? t('aid.progress.noTarget')
          : t('aid.progress.target', {
              share: formatPercent(progress.expectedShare * 100, i18n.language),
              today: formatDay(progress.today, i18n.language),
              from: formatDay(start, i18n.language),
              to: formatDay(progress.windows.verificationEnd, i18n.language),
            })}
      </Text>
    </Stack>
  );
}

function DaysLeft({ days }: { days: number }) {
  const { t } = useTranslation();
  const color = days < 0 ? 'gray' : days === 0 ? 'amber' : days <= 3 ? 'orange' : 'civic';
  const text =
    days < 0
      ? t('aid.progress.daysAgo', { count: -days })
      : days === 0
        ? t('aid.progress.today')
        : t('aid.progress.daysLeft', { count: days });
  return (
    <Badge mt={6} size="sm" radius="sm" variant="light" color={color} c={days === 0 ? 'amber.9' : undefined}>
      {text}
    </Badge>
  );
}

/** How much of an area is checked, with a tick where the calendar says it should be by today. */
function ShareBar({ row, expected }: { row: AidProgressRow; expected: number | null }) {
  const { t, i18n } = useTranslation();
  const status = statusOf(row);
  const done = row.doneShare ?? 0;
  return (
    <Box pos="relative" miw={120}>
      <Progress
        value={done * 100}
        color={status === 'behind' ? 'red.6' : 'teal.6'}
        size="lg"
        radius="xl"
        aria-label={t('aid.progress.checkedShare', { share: formatPercent(done * 100, i18n.language) })}
      />
      {expected !== null && row.proposals > 0 && (
        <Tooltip
          label={t('aid.progress.expectedTick', { share: formatPercent(expected * 100, i18n.language) })}
        >
          <Box
            pos="absolute"
            top={-3}
            h={22}
            w={3}
            bg="dark.5"
            style={{ left: `calc(${expected * 100}% - 1px)`, borderRadius: 2 }}
          />
        </Tooltip>
      )}
    </Box>
  );
}

function StatusBadge({ row }: { row: AidProgressRow }) {
  const { t } = useTranslation();
  const status = statusOf(row);
  return (
    <Badge
      color={STATUS_COLORS[status]}
      variant={status === 'behind' ? 'filled' : 'light'}
      radius="sm"
      leftSection={status === 'behind' ? <IconAlertTriangle size={12} /> : undefined}
      data-testid="progress-status"
      data-status={status}
      style={{ flexShrink: 0 }}
    >
      {t(`aid.progress.status.${status}`)}
    </Badge>
  );
}

function AreaRows({
  rows,
  expected,
  onOpen,
}: {
  rows: AidProgressRow[];
  expected: number | null;
  onOpen?: (code: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const n = (v: number) => formatNumber(v, i18n.language);
  const name = (row: AidProgressRow) => areaDisplayName(row.name);

  if (!wide) {
    return (
      <Stack gap="xs" data-testid="progress-cards">
        {rows.map((row) => {
          const content = (
            <>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
                  <Text fw={600} className="break-anywhere">
                    {name(row)}
                  </Text>
                  {onOpen && <IconChevronRight size={16} color="var(--mantine-color-dimmed)" />}
                </Group>
                <StatusBadge row={row} />
              </Group>
              <Box mt="xs">
                <ShareBar row={row} expected={expected} />
              </Box>
              <Text size="xs" c="dimmed" mt={6}>
                {t('aid.progress.cardCounts', {
                  proposals: n(row.proposals),
                  toVerify: n(row.toVerify),
                  verified: n(row.verified),
                  rejected: n(row.rejected),
                })}
              </Text>
            </>
          );
          return (
            <Card
              key={row.code}
              padding="sm"
              radius="md"
              bg={row.behind ? 'red.0' : undefined}
              style={row.behind ? { borderColor: 'var(--mantine-color-red-3)' } : undefined}
              data-testid="progress-row"
              data-behind={row.behind}
            >
              {onOpen ? (
                <UnstyledButton onClick={() => onOpen(row.code)} style={{ display: 'block', width: '100%' }}>
                  {content}
                </UnstyledButton>
              ) : (
                content
              )}
            </Card>
          );
        })}
      </Stack>
    );
  }

  return (
    <Table
      highlightOnHover={Boolean(onOpen)}
      verticalSpacing="sm"
      fz="sm"
      style={{ fontVariantNumeric: 'tabular-nums' }}
      data-testid="progress-table"
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('aid.progress.columns.area')}</Table.Th>
          <Table.Th ta="right">{t('aid.progress.columns.proposals')}</Table.Th>
          <Table.Th ta="right">{t('aid.progress.columns.toVerify')}</Table.Th>
          <Table.Th ta="right">{t('aid.progress.columns.verified')}</Table.Th>
          <Table.Th ta="right">{t('aid.progress.columns.rejected')}</Table.Th>
          <Table.Th w="22%">{t('aid.progress.columns.checked')}</Table.Th>
          <Table.Th>{t('aid.progress.columns.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr
            key={row.code}
            bg={row.behind ? 'red.0' : undefined}
            onClick={onOpen ? () => onOpen(row.code) : undefined}
            style={onOpen ? { cursor: 'pointer' } : undefined}
            data-testid="progress-row"
            data-behind={row.behind}
          >
            <Table.Td fw={500}>
              {onOpen ? (
                <Anchor component="button" type="button" size="sm" fw={600}>
                  {name(row)}
                </Anchor>
              ) : (
                name(row)
              )}
            </Table.Td>
            <Table.Td ta="right">{n(row.proposals)}</Table.Td>
            <Table.Td ta="right" fw={row.toVerify > 0 ? 600 : undefined}>
              {n(row.toVerify)}
            </Table.Td>
            <Table.Td ta="right">{n(row.verified)}</Table.Td>
            <Table.Td ta="right">{n(row.rejected)}</Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <Box style={{ flex: 1 }}>
                  <ShareBar row={row} expected={expected} />
                </Box>
                <Text size="xs" c="dimmed" w={52} ta="right">
                  {row.doneShare === null ? '—' : formatPercent(row.doneShare * 100, i18n.language)}
                </Text>
              </Group>
            </Table.Td>
            <Table.Td>
              <StatusBadge row={row} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
