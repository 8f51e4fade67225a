import './texts.ts';
import {
  Accordion,
  Badge,
  Card,
  Grid,
  Group,
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
import { IconChartBar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { MILESTONE_KINDS, MILESTONE_LABELS } from '../../../shared/mentoring.ts';
import { SECTORS, type Sector } from '../../../shared/sectors.ts';
import { DownloadButton } from '../../components/DownloadButton.tsx';
import { formatDay, formatNumber, formatPercent, formatPeriod } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { currentPeriod, periodsBetween } from '../../components/periods.ts';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useUrlFilters } from '../../components/use-url-filters.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { usePeriods } from '../recovery/recovery.api.ts';
import { ComparisonChart, HoursChart, OUTCOME_HEX } from './OutcomesCharts.tsx';
import type { ComparisonDto, Figures, InstitutionOutcome, MentorOutcome, Outcomes } from './outcomes.api.ts';
import { useOutcomes } from './outcomes.api.ts';

const FIRST_MONTH = '2020-01';

/**
 * What mentoring achieved up to the end of a month, in the caller's scope (the city, an officer's area, an
 * institution's mentors or a mentor's own work): headline figures, the recovery of mentored businesses against
 * comparable ones with the method in words beside it, milestones, and tables per institution and mentor.
 */
export function OutcomesPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const filters = useUrlFilters();
  const periods = usePeriods();
  const now = currentPeriod();
  const months = periodsBetween(FIRST_MONTH, now);
  // By default the month the dashboard opens on (the newest with representative reporting): the
  // comparison needs reports.
  const fallback = periods.data?.defaultPeriod ?? now;
  const asked = filters.params.get('period');
  const period = asked && months.includes(asked) ? asked : fallback;
  const report = useOutcomes(period);
  const data = report.data;

  return (
    <>
      <PageHeader
        title={t('outcomes.title')}
        description={data ? <ScopeLine data={data} /> : t('outcomes.description')}
        actions={
          <>
            <DownloadButton path="/mentoring/outcomes/outcomes.xlsx" query={{ period }}>
              {t('outcomes.downloadXlsx')}
            </DownloadButton>
            {me.role === 'admin' && (
              <DownloadButton path="/mentoring/outcomes/report.pdf" query={{ period }} variant="filled">
                {t('outcomes.downloadPdf')}
              </DownloadButton>
            )}
          </>
        }
      />
      <Stack gap="md">
        <Paper p="sm" radius="md" data-testid="outcomes-filters">
          <Grid gap="sm" align="flex-end">
            <Grid.Col span={{ base: 12, xs: 6, md: 4 }}>
              <Select
                label={t('outcomes.period')}
                allowDeselect={false}
                searchable
                size="md"
                data={months.map((p) => ({ value: p, label: formatPeriod(p, i18n.language, 'long') }))}
                value={period}
                onChange={(value) => filters.set('period', value === fallback ? null : value)}
                data-testid="period"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 6, md: 8 }}>
              {data && (
                <Text size="sm" c="dimmed">
                  {t('outcomes.periodHint', { end: formatDay(data.periodEnd, i18n.language) })}
                </Text>
              )}
            </Grid.Col>
          </Grid>
        </Paper>

        {report.isError ? (
          <ErrorAlert error={report.error} onRetry={() => report.refetch()} />
        ) : !data ? (
          <>
            <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
              {Array.from({ length: 6 }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
                <Skeleton key={i} height={108} radius="md" />
              ))}
            </SimpleGrid>
            <SkeletonRows rows={6} />
          </>
        ) : (
          <div style={{ opacity: report.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
            <Stack gap="md">
              <Headline figures={data.city} />
              <ComparisonSection comparison={data.comparison} period={data.period} />
              {data.city.sessions === 0 ? (
                <Paper radius="md">
                  <EmptyMessage icon={<IconChartBar size={28} />} title={t('outcomes.noSessions')} />
                </Paper>
              ) : (
                <>
                  <MilestonesSection figures={data.city} />
                  {data.institutions.length > 0 && <InstitutionsSection rows={data.institutions} />}
                  <MentorsSection rows={data.mentors} />
                </>
              )}
            </Stack>
          </div>
        )}
      </Stack>
    </>
  );
}

/** Whose work the figures are. */
function ScopeLine({ data }: { data: Outcomes }) {
  const { t } = useTranslation();
  const name = data.scope.name;
  switch (data.scope.kind) {
    case 'city':
      return t('outcomes.scope.city', { name });
    case 'area':
      return t('outcomes.scope.area', { name });
    case 'institution':
      return t('outcomes.scope.institution', { name });
    case 'mentor':
      return t('outcomes.scope.mentor', { name });
  }
}

const usePhone = () => !useMediaQuery('(min-width: 36em)', true, { getInitialValueInEffect: false });

const hours = (minutes: number, language: string) =>
  new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 }).format(
    minutes / 60,
  );

function Headline({ figures: f }: { figures: Figures }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const h = (v: number) => hours(v, i18n.language);
  const cards = [
    { key: 'businesses', value: n(f.businesses), note: t('outcomes.kpi.businessesNote') },
    { key: 'sessions', value: n(f.sessions), note: t('outcomes.kpi.sessionsNote') },
    {
      key: 'mentorHours',
      value: h(f.prepMinutes + f.contactMinutes),
      note: t('outcomes.kpi.mentorHoursNote', { prep: h(f.prepMinutes), contact: h(f.contactMinutes) }),
    },
    {
      key: 'creditedHours',
      value: h(f.creditedMinutes),
      note: t('outcomes.kpi.creditedHoursNote', {
        contact: h(f.creditedContactMinutes),
        prep: h(f.creditedPrepMinutes),
      }),
    },
    { key: 'longTerm', value: n(f.longTermClients), note: t('outcomes.kpi.longTermNote') },
    {
      key: 'milestones',
      value: n(f.milestones.total),
      note: t('outcomes.kpi.milestonesNote', {
        confirmed: n(f.milestones.confirmed),
        unconfirmed: n(f.milestones.unconfirmed),
      }),
    },
  ] as const;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" data-testid="outcomes-kpis">
      {cards.map((card) => (
        <Card key={card.key} padding="md" radius="md" data-testid={`kpi-${card.key}`}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            {t(`outcomes.kpi.${card.key}`)}
          </Text>
          <Text fz={{ base: 24, sm: 28 }} fw={700} lh={1.25} data-testid="figure">
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

function ComparisonSection({ comparison: c, period }: { comparison: ComparisonDto; period: string }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const method = i18n.language === 'en' ? c.method.en : c.method.id;
  const diff = c.differencePts;
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="comparison">
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={3} fz="h4">
            {t('outcomes.comparison.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('outcomes.comparison.subtitle', { month: formatPeriod(period, i18n.language, 'long') })}
          </Text>
        </Stack>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 6 }}>
            {c.mentored.reporting === 0 ? (
              <EmptyMessage title={t('outcomes.comparison.empty')} />
            ) : (
              <Stack gap="xs">
                <ComparisonChart comparison={c} />
                <Text size="xs" c="dimmed" ta="center">
                  {t('outcomes.comparison.chartCaption')}
                </Text>
                <Group gap="xs" justify="center" wrap="wrap">
                  <Badge size="lg" variant="light" color={diff !== null && diff >= 0 ? 'teal' : 'red'}>
                    {t('outcomes.comparison.difference')}:{' '}
                    {t('outcomes.comparison.points', {
                      value: `${diff !== null && diff > 0 ? '+' : ''}${formatNumber(diff ?? 0, i18n.language)}`,
                    })}
                  </Badge>
                  <Badge
                    size="lg"
                    variant="outline"
                    color="gray"
                    style={{ borderColor: OUTCOME_HEX.mentored }}
                  >
                    {t('outcomes.comparison.mentored')}:{' '}
                    {t('outcomes.comparison.reporting', { n: n(c.mentored.reporting) })}
                  </Badge>
                </Group>
              </Stack>
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Card withBorder radius="md" padding="md" bg="gray.0" data-testid="method">
              <Text fw={600} size="sm" mb={4}>
                {t('outcomes.comparison.method')}
              </Text>
              <Text size="sm" style={{ lineHeight: 1.6 }}>
                {method}
              </Text>
              {c.mentored.withoutBaseline > 0 && (
                <Text size="xs" c="dimmed" mt="xs">
                  {t('outcomes.comparison.noBaseline', { count: c.mentored.withoutBaseline })}
                </Text>
              )}
            </Card>
          </Grid.Col>
        </Grid>
        {c.strata.length > 0 && (
          <Accordion variant="contained" radius="md">
            <Accordion.Item value="strata">
              <Accordion.Control>{t('outcomes.comparison.strata')}</Accordion.Control>
              <Accordion.Panel>
                <StrataTable comparison={c} />
              </Accordion.Panel>
            </Accordion.Item>
          </Accordion>
        )}
      </Stack>
    </Paper>
  );
}

function StrataTable({ comparison: c }: { comparison: ComparisonDto }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const share = (part: number, whole: number) =>
    whole > 0 ? formatPercent((100 * part) / whole, i18n.language) : '—';
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped fz="sm" verticalSpacing={4} style={{ fontVariantNumeric: 'tabular-nums' }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('outcomes.comparison.sector')}</Table.Th>
            <Table.Th>{t('outcomes.comparison.kecamatan')}</Table.Th>
            <Table.Th ta="right">{t('outcomes.comparison.mentoredCol')}</Table.Th>
            <Table.Th ta="right">{t('outcomes.comparison.notMentoredCol')}</Table.Th>
            <Table.Th>{t('outcomes.comparison.included')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {c.strata.map((s) => (
            <Table.Tr key={`${s.sector}:${s.kecamatanCode}`} c={s.included ? undefined : 'dimmed'}>
              <Table.Td>
                {SECTORS.includes(s.sector as Sector) ? t(`sectors.${s.sector as Sector}`) : s.sector}
              </Table.Td>
              <Table.Td>{s.kecamatanName}</Table.Td>
              <Table.Td ta="right">
                {n(s.mentored)} ({n(s.mentoredRecovered)}, {share(s.mentoredRecovered, s.mentored)})
              </Table.Td>
              <Table.Td ta="right">
                {n(s.notMentored)} ({n(s.notMentoredRecovered)},{' '}
                {share(s.notMentoredRecovered, s.notMentored)})
              </Table.Td>
              <Table.Td>{s.included ? t('common.yes') : t('common.no')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function MilestonesSection({ figures }: { figures: Figures }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'id';
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="milestones">
      <Title order={3} fz="h4" mb="xs">
        {t('outcomes.milestones.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="xs">
        {MILESTONE_KINDS.map((kind) => {
          const k = figures.milestones.byKind[kind];
          return (
            <Group
              key={kind}
              justify="space-between"
              wrap="nowrap"
              px="xs"
              py={6}
              style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
            >
              <Text size="sm">{MILESTONE_LABELS[kind][language]}</Text>
              <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                {n(k.total)}{' '}
                <Text span size="xs" c="dimmed" fw={400}>
                  ({n(k.confirmed)} ✓)
                </Text>
              </Text>
            </Group>
          );
        })}
      </SimpleGrid>
    </Paper>
  );
}

function FigureCells({ f }: { f: Figures }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const h = (v: number) => hours(v, i18n.language);
  return (
    <>
      <Table.Td ta="right">{n(f.businesses)}</Table.Td>
      <Table.Td ta="right">{n(f.sessions)}</Table.Td>
      <Table.Td ta="right">
        {h(f.prepMinutes + f.contactMinutes)}
        <Text size="xs" c="dimmed">
          {t('outcomes.kpi.mentorHoursNote', { prep: h(f.prepMinutes), contact: h(f.contactMinutes) })}
        </Text>
      </Table.Td>
      <Table.Td ta="right" fw={600}>
        {h(f.creditedMinutes)}
      </Table.Td>
      <Table.Td ta="right">{n(f.longTermClients)}</Table.Td>
      <Table.Td ta="right">
        {n(f.milestones.total)} ({n(f.milestones.confirmed)})
      </Table.Td>
    </>
  );
}

function FigureHeads() {
  const { t } = useTranslation();
  return (
    <>
      {(['businesses', 'sessions', 'mentorHours', 'creditedHours', 'longTerm', 'milestones'] as const).map(
        (key) => (
          <Table.Th key={key} ta="right" style={{ whiteSpace: 'normal', minWidth: 64 }}>
            {t(`outcomes.columns.${key}`)}
          </Table.Th>
        ),
      )}
    </>
  );
}

/** On a phone: one card per row, the key figures first. */
function FigureCard({ title, subtitle, f }: { title: string; subtitle?: string | null; f: Figures }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const h = (v: number) => hours(v, i18n.language);
  const items = [
    ['businesses', n(f.businesses)],
    ['sessions', n(f.sessions)],
    ['creditedHours', h(f.creditedMinutes)],
    ['longTerm', n(f.longTermClients)],
  ] as const;
  return (
    <Card withBorder radius="md" padding="sm" data-testid="figure-card">
      <Text fw={600} size="sm">
        {title}
      </Text>
      {subtitle && (
        <Text size="xs" c="dimmed">
          {subtitle}
        </Text>
      )}
      <SimpleGrid cols={4} spacing={4} mt={6}>
        {items.map(([key, value]) => (
          <Stack key={key} gap={0}>
            <Text fw={700} size="md">
              {value}
            </Text>
            <Text size="10px" c="dimmed" lh={1.2}>
              {t(`outcomes.columns.${key}`)}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt={6}>
        {t('outcomes.columns.mentorHours')}: {h(f.prepMinutes + f.contactMinutes)} ·{' '}
        {t('outcomes.columns.milestones')}: {n(f.milestones.total)} ({n(f.milestones.confirmed)})
      </Text>
    </Card>
  );
}

function InstitutionsSection({ rows }: { rows: InstitutionOutcome[] }) {
  const { t, i18n } = useTranslation();
  const phone = usePhone();
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="institutions">
      <Title order={3} fz="h4" mb="xs">
        {t('outcomes.institutions.title')}
      </Title>
      {rows.length > 1 && <HoursChart rows={rows} />}
      {phone ? (
        <Stack gap="xs" mt="sm">
          {rows.map((r) => (
            <FigureCard key={r.id ?? 'none'} title={r.name} f={r} />
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={760} mt="sm">
          <Table
            striped
            highlightOnHover
            fz="sm"
            verticalSpacing={6}
            horizontalSpacing={8}
            style={{ fontVariantNumeric: 'tabular-nums' }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('outcomes.institutions.name')}</Table.Th>
                <Table.Th ta="right">{t('outcomes.institutions.mentors')}</Table.Th>
                <FigureHeads />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id ?? 'none'} data-testid="institution-row">
                  <Table.Td fw={500}>{r.name}</Table.Td>
                  <Table.Td ta="right">{formatNumber(r.mentors, i18n.language)}</Table.Td>
                  <FigureCells f={r} />
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function MentorsSection({ rows }: { rows: MentorOutcome[] }) {
  const { t } = useTranslation();
  const phone = usePhone();
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="mentors">
      <Title order={3} fz="h4" mb="xs">
        {t('outcomes.mentors.title')}
      </Title>
      {phone ? (
        <Stack gap="xs">
          {rows.map((r) => (
            <FigureCard key={r.id} title={r.name} subtitle={r.institutionName ?? r.email} f={r} />
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table
            striped
            highlightOnHover
            fz="sm"
            verticalSpacing={6}
            horizontalSpacing={8}
            stickyHeader
            style={{ fontVariantNumeric: 'tabular-nums' }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('outcomes.mentors.name')}</Table.Th>
                <Table.Th>{t('outcomes.mentors.institution')}</Table.Th>
                <FigureHeads />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id} data-testid="mentor-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {r.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {r.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>{r.institutionName ?? '—'}</Table.Td>
                  <FigureCells f={r} />
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
