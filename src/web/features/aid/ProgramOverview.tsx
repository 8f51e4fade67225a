import {
  Anchor,
  Card,
  Grid,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconCalendarEvent, IconCheck, IconListCheck, IconX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AidProgram, AidState, AidSummary } from '../../api/types.ts';
import { access } from '../../components/access.ts';
import {
  areaDisplayName,
  formatDay,
  formatNumber,
  formatRupiah,
  formatShare,
} from '../../components/format.ts';
import { LinkCard } from '../../components/ListPage.tsx';
import { EmptyMessage, ErrorAlert } from '../../components/states.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useAidSummary } from './aid.api.ts';
import { AID_STATES, STATE_COLORS, StateBadge } from './labels.tsx';
import { useProgram } from './ProgramPage.tsx';

const IN_VERIFICATION: AidState[] = ['submitted', 'verified_kelurahan', 'verified_kecamatan'];

/** The program at a glance: proposals by state and kecamatan (for the office and officers), and its terms. */
export function ProgramOverview() {
  const me = useCurrentUser();
  const program = useProgram();
  return (
    <Stack gap="md">
      {access.seesAidFigures(me.role) && <Figures program={program} />}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <WindowsCard program={program} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <CriteriaCard program={program} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function Figures({ program }: { program: AidProgram }) {
  const { t } = useTranslation();
  const summary = useAidSummary(program.code);
  if (summary.isPending) {
    return (
      <Stack gap="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          {Array.from({ length: 4 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
            <Skeleton key={i} height={96} radius="md" />
          ))}
        </SimpleGrid>
        <Skeleton height={220} radius="md" />
      </Stack>
    );
  }
  if (summary.isError) return <ErrorAlert error={summary.error} onRetry={() => summary.refetch()} />;
  if (summary.data.total === 0) {
    return (
      <Paper radius="md" px="sm">
        <EmptyMessage
          icon={<IconListCheck size={28} />}
          title={t('aid.overview.emptyTitle')}
          description={t('aid.overview.empty')}
        />
      </Paper>
    );
  }
  return (
    <>
      <Kpis program={program} summary={summary.data} />
      <ByState program={program} summary={summary.data} />
      <ByKecamatan program={program} summary={summary.data} />
    </>
  );
}

function Kpis({ program, summary }: { program: AidProgram; summary: AidSummary }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const s = summary.byState;
  const eligible = summary.total - s.ineligible;
  const verifying = IN_VERIFICATION.reduce((sum, state) => sum + s[state], 0);
  const cards: { key: string; value: string; note: string; color?: string }[] = [
    { key: 'total', value: n(summary.total), note: t('aid.overview.kpi.totalNote') },
    {
      key: 'eligible',
      value: n(eligible),
      note: t('aid.overview.kpi.share', { share: formatShare(eligible, summary.total, i18n.language) }),
      color: 'teal.8',
    },
    {
      key: 'verifying',
      value: n(verifying),
      note: t('aid.overview.kpi.verifyingNote', { count: s.submitted, n: n(s.submitted) }),
      color: 'civic.8',
    },
    {
      key: 'disbursed',
      value: n(s.disbursed),
      note: formatRupiah(s.disbursed * program.amount, i18n.language),
      color: 'green.8',
    },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="aid-kpis">
      {cards.map((card) => (
        <Card key={card.key} padding="md" radius="md" data-testid={`kpi-${card.key}`}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            {t(`aid.overview.kpi.${card.key}` as 'aid.overview.kpi.total')}
          </Text>
          <Text fz={{ base: 24, sm: 28 }} fw={700} lh={1.25} c={card.color} data-testid="figure">
            {card.value}
          </Text>
          <Text size="xs" c="dimmed" mt={2}>
            {card.note}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

/** The proposals split by state in one bar; each state opens the list filtered to it. */
function ByState({ program, summary }: { program: AidProgram; summary: AidSummary }) {
  const { t, i18n } = useTranslation();
  const states = AID_STATES.filter((state) => summary.byState[state] > 0);
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="by-state">
      <Stack gap="sm">
        <Title order={3} fz="h4">
          {t('aid.overview.byState')}
        </Title>
        <Progress.Root size={22} radius="md" aria-hidden>
          {states.map((state) => (
            <Tooltip
              key={state}
              label={`${t(`aid.states.${state}`)}: ${formatNumber(summary.byState[state], i18n.language)}`}
            >
              <Progress.Section
                value={(100 * summary.byState[state]) / summary.total}
                color={`${STATE_COLORS[state]}.6`}
              />
            </Tooltip>
          ))}
        </Progress.Root>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing={6} verticalSpacing={6}>
          {AID_STATES.map((state) => (
            <Group
              key={state}
              justify="space-between"
              gap="xs"
              wrap="nowrap"
              data-testid="state-count"
              data-state={state}
            >
              <Anchor
                component={Link}
                to={`/aid/${program.code}/proposals?state=${state}`}
                underline="never"
                aria-label={t('aid.overview.openState', { state: t(`aid.states.${state}`) })}
              >
                <StateBadge state={state} variant={summary.byState[state] > 0 ? 'light' : 'outline'} />
              </Anchor>
              <Text size="sm" fw={600} c={summary.byState[state] > 0 ? undefined : 'dimmed'}>
                {formatNumber(summary.byState[state], i18n.language)}
              </Text>
            </Group>
          ))}
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {t('aid.overview.totalExplain', { total: formatNumber(summary.total, i18n.language) })}
        </Text>
      </Stack>
    </Paper>
  );
}

function ByKecamatan({ program, summary }: { program: AidProgram; summary: AidSummary }) {
  const { t, i18n } = useTranslation();
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const n = (v: number) => formatNumber(v, i18n.language);
  // Columns only for the states some proposal is in; the rest would be a wall of zeros.
  const states = AID_STATES.filter((state) => summary.byState[state] > 0);
  const rows = [...summary.byKecamatan].sort((a, b) => a.code.localeCompare(b.code));
  const link = (code: string, state?: AidState) =>
    `/aid/${program.code}/proposals?kecamatan=${code}${state ? `&state=${state}` : ''}`;

  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="by-kecamatan">
      <Title order={3} fz="h4" mb="sm">
        {t('aid.overview.byKecamatan')}
      </Title>
      {wide ? (
        <Table.ScrollContainer minWidth={640}>
          <Table
            striped
            highlightOnHover
            fz="sm"
            verticalSpacing={6}
            style={{ fontVariantNumeric: 'tabular-nums' }}
            data-testid="kecamatan-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('aid.overview.kecamatan')}</Table.Th>
                <Table.Th ta="right">{t('aid.overview.total')}</Table.Th>
                {states.map((state) => (
                  <Table.Th key={state} ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {t(`aid.states.${state}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.code} data-testid="kecamatan-row">
                  <Table.Td fw={500}>
                    <Anchor component={Link} to={link(row.code)} size="sm">
                      {areaDisplayName(row.name)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {n(row.total)}
                  </Table.Td>
                  {states.map((state) => (
                    <Table.Td key={state} ta="right" c={row.byState[state] ? undefined : 'dimmed'}>
                      {n(row.byState[state])}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
            {rows.length > 1 && (
              <Table.Tfoot>
                <Table.Tr fw={700}>
                  <Table.Td>{t('aid.overview.total')}</Table.Td>
                  <Table.Td ta="right">{n(summary.total)}</Table.Td>
                  {states.map((state) => (
                    <Table.Td key={state} ta="right">
                      {n(summary.byState[state])}
                    </Table.Td>
                  ))}
                </Table.Tr>
              </Table.Tfoot>
            )}
          </Table>
        </Table.ScrollContainer>
      ) : (
        <Stack gap="xs" data-testid="kecamatan-cards">
          {rows.map((row) => (
            <LinkCard key={row.code} to={link(row.code)} testId="kecamatan-row" padding="sm">
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text fw={600}>{areaDisplayName(row.name)}</Text>
                <Text fw={700}>{n(row.total)}</Text>
              </Group>
              <Progress.Root size={8} radius="xl" mt={6} aria-hidden>
                {states.map((state) => (
                  <Progress.Section
                    key={state}
                    value={row.total ? (100 * row.byState[state]) / row.total : 0}
                    color={`${STATE_COLORS[state]}.6`}
                  />
                ))}
              </Progress.Root>
              <Group gap={6} mt={6}>
                {states
                  .filter((state) => row.byState[state] > 0)
                  .map((state) => (
                    <Text key={state} size="xs" c="dimmed">
                      {t(`aid.states.${state}`)}: <b>{n(row.byState[state])}</b>
                    </Text>
                  ))}
              </Group>
            </LinkCard>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function CardTitle({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <Group gap="xs" mb="sm" wrap="nowrap">
      {icon}
      <Title order={3} fz="h5">
        {children}
      </Title>
    </Group>
  );
}

const WINDOW_KEYS = ['intakeStart', 'intakeEnd', 'reviewEnd', 'verificationEnd', 'submissionEnd'] as const;

function WindowsCard({ program }: { program: AidProgram }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" h="100%" data-testid="windows-card">
      <CardTitle icon={<IconCalendarEvent size={20} color="var(--mantine-color-civic-7)" />}>
        {t('aid.overview.windows')}
      </CardTitle>
      <Stack gap={6}>
        {WINDOW_KEYS.map((key) => (
          <Group key={key} justify="space-between" gap="sm" wrap="nowrap" align="flex-start">
            <Text size="sm" c="dimmed">
              {t(`aid.windows.${key}`)}
            </Text>
            <Text size="sm" ta="right" style={{ flexShrink: 0 }}>
              {formatDay(program.windows[key], i18n.language)}
            </Text>
          </Group>
        ))}
        <Group
          justify="space-between"
          gap="sm"
          wrap="nowrap"
          pt={6}
          mt={4}
          style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
        >
          <Text size="sm" c="dimmed">
            {t('aid.programForm.amount')}
          </Text>
          <Text size="sm" fw={600}>
            {formatRupiah(program.amount, i18n.language)}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}

function CriteriaCard({ program }: { program: AidProgram }) {
  const { t } = useTranslation();
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" h="100%" data-testid="criteria-card">
      <CardTitle icon={<IconListCheck size={20} color="var(--mantine-color-civic-7)" />}>
        {t('aid.overview.criteria')}
      </CardTitle>
      <Stack gap="xs">
        {(['occupation', 'kur', 'micro', 'area'] as const).map((key) => {
          const on = program.criteria[key];
          return (
            <Group key={key} gap="sm" wrap="nowrap" align="flex-start">
              <ThemeIcon size={22} radius="xl" variant="light" color={on ? 'teal' : 'gray'}>
                {on ? <IconCheck size={14} /> : <IconX size={14} />}
              </ThemeIcon>
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" c={on ? undefined : 'dimmed'} td={on ? undefined : 'line-through'}>
                  {t(`aid.criteria.${key}`)}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`aid.criteriaHints.${key}`)}
                </Text>
              </Stack>
            </Group>
          );
        })}
        <Text size="xs" c="dimmed" mt={4}>
          {t('aid.overview.skuNote')}
        </Text>
      </Stack>
    </Paper>
  );
}
