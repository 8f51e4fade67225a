import './texts.ts';
import {
  Alert,
  Button,
  Grid,
  Group,
  List,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconInfoCircle, IconMapPins, IconSearch, IconTarget } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DownloadButton } from '../../components/DownloadButton.tsx';
import { areaDisplayName, formatDay, formatNumber, formatShare } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SummaryFigure } from '../../components/SummaryFigure.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useTypedFilter, useUrlFilters } from '../../components/use-url-filters.ts';
import { useKecamatan } from '../areas/areas.api.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { CoverageMap, type MapMeasure } from './CoverageMap.tsx';
import { CoverageRows, PriorityBadges, RolloutCell } from './CoverageRows.tsx';
import { type CoverageLevel, type CoverageRow, useCoverage } from './coverage.api.ts';
import { RolloutForm } from './RolloutForm.tsx';

/**
 * The coverage board: where the program mentors and where it does not. A map-like grid of every kelurahan
 * (coloured by the share mentored, priorities and kelurahan behind their target marked), the figures per
 * kelurahan or kecamatan, and for the office the rollout plan's targets.
 */
export function CoveragePage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const isOffice = me.role === 'admin';
  const filters = useUrlFilters();
  const { params } = filters;
  const search = useTypedFilter('q', filters);
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const level: CoverageLevel = params.get('level') === 'kecamatan' ? 'kecamatan' : 'kelurahan';
  const kecamatan = params.get('kecamatan') || undefined;
  const onlyPriority = params.get('priority') === '1';
  const onlyBehind = params.get('behind') === '1';
  const measure: MapMeasure = params.get('colour') === 'online' ? 'online' : 'mentored';
  const q = (params.get('q') ?? '').trim().toLowerCase();
  const kecamatanList = useKecamatan();
  const kelurahan = useCoverage('kelurahan', kecamatan);
  const byKecamatan = useCoverage('kecamatan', kecamatan);
  const board = level === 'kelurahan' ? kelurahan : byKecamatan;
  const [selected, setSelected] = useState<CoverageRow | null>(null);
  const [editing, setEditing] = useState(false);
  const [bulk, setBulk] = useState(false);
  const n = (x: number) => formatNumber(x, i18n.language);

  const allKelurahan = kelurahan.data?.rows ?? [];
  const total = (pick: (r: CoverageRow) => number) => allKelurahan.reduce((sum, r) => sum + pick(r), 0);
  const rows = (board.data?.rows ?? []).filter(
    (r) =>
      (!onlyPriority || r.priority || (level === 'kecamatan' && r.priorityKelurahan > 0)) &&
      (!onlyBehind || r.rollout?.behind) &&
      (!q || r.name.toLowerCase().includes(q) || r.kecamatanName.toLowerCase().includes(q)),
  );
  const closeDialog = () => {
    setSelected(null);
    setEditing(false);
  };

  return (
    <>
      <PageHeader
        title={t('coverage.title')}
        description={t('coverage.description')}
        actions={
          <>
            {isOffice && (
              <Button variant="light" leftSection={<IconTarget size={16} />} onClick={() => setBulk(true)}>
                {t('coverage.setKecamatanTarget')}
              </Button>
            )}
            <DownloadButton path="/mentoring/coverage.xlsx" query={{ level, kecamatan }}>
              {t('coverage.exportXlsx')}
            </DownloadButton>
          </>
        }
      />
      <Stack gap="md">
        {kelurahan.data?.institutionOnly && (
          <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />}>
            {t('coverage.institutionOnly')}
          </Alert>
        )}
        <Paper p="sm" radius="md">
          <Grid gap="sm" align="flex-end">
            <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
              <Stack gap={4}>
                <Text size="sm" fw={500} id="coverage-level">
                  {t('coverage.level')}
                </Text>
                <SegmentedControl
                  fullWidth
                  aria-labelledby="coverage-level"
                  value={level}
                  onChange={(value) => filters.set('level', value === 'kelurahan' ? null : value)}
                  data={(['kelurahan', 'kecamatan'] as const).map((l) => ({
                    value: l,
                    label: t(`coverage.levels.${l}`),
                  }))}
                />
              </Stack>
            </Grid.Col>
            {(kecamatanList.data?.length ?? 0) > 1 && (
              <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
                <Select
                  label={t('coverage.kecamatan')}
                  placeholder={t('coverage.allKecamatan')}
                  clearable
                  searchable
                  nothingFoundMessage={t('common.nothingFound')}
                  data={(kecamatanList.data ?? []).map((a) => ({
                    value: a.code,
                    label: areaDisplayName(a.name),
                  }))}
                  value={kecamatan ?? null}
                  onChange={(value) => filters.set('kecamatan', value)}
                />
              </Grid.Col>
            )}
            <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
              <TextInput
                label={t('coverage.search')}
                leftSection={<IconSearch size={16} />}
                value={search.text}
                onChange={(e) => search.change(e.currentTarget.value)}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
              <Group gap="md" pb={6}>
                <Switch
                  label={t('coverage.onlyPriority')}
                  checked={onlyPriority}
                  onChange={(e) => filters.set('priority', e.currentTarget.checked ? '1' : null)}
                />
                <Switch
                  label={t('coverage.onlyBehind')}
                  checked={onlyBehind}
                  onChange={(e) => filters.set('behind', e.currentTarget.checked ? '1' : null)}
                />
              </Group>
            </Grid.Col>
          </Grid>
        </Paper>

        {kelurahan.isPending ? (
          <SkeletonRows rows={3} height={72} />
        ) : kelurahan.isError ? (
          <ErrorAlert error={kelurahan.error} onRetry={() => kelurahan.refetch()} />
        ) : (
          <>
            <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="sm" data-testid="coverage-figures">
              <SummaryFigure
                label={t('coverage.figures.kelurahan')}
                value={n(allKelurahan.length)}
                color="dark.6"
              />
              <SummaryFigure
                label={t('coverage.figures.priorities')}
                value={n(allKelurahan.filter((r) => r.priority).length)}
                color="red.8"
              />
              <SummaryFigure
                label={t('coverage.figures.businesses')}
                value={n(total((r) => r.businesses))}
                color="dark.6"
              />
              <SummaryFigure
                label={t('coverage.figures.activeCases')}
                value={n(total((r) => r.activeCases))}
                color="teal.8"
              />
              <SummaryFigure
                label={t('coverage.figures.share')}
                value={formatShare(
                  total((r) => r.activeCases),
                  total((r) => r.businesses),
                  i18n.language,
                )}
                color="teal.8"
              />
              <SummaryFigure
                label={t('coverage.figures.sellingOnline')}
                value={n(total((r) => r.sellingOnline))}
                note={t('coverage.figures.sellingOnlineShare', {
                  share: formatShare(
                    total((r) => r.sellingOnline),
                    total((r) => r.businesses),
                    i18n.language,
                  ),
                })}
                color="grape.8"
                testId="coverage-online-figure"
              />
              <SummaryFigure
                label={t('coverage.figures.behind')}
                value={n(allKelurahan.filter((r) => r.rollout?.behind).length)}
                color="orange.8"
              />
            </SimpleGrid>
            <Text size="xs" c="dimmed">
              {t('coverage.window', {
                from: formatDay(kelurahan.data.windowStart, i18n.language),
                to: formatDay(kelurahan.data.today, i18n.language),
              })}
            </Text>

            <Paper p={{ base: 'sm', sm: 'md' }} radius="md">
              <Stack gap="sm">
                <Group justify="space-between" align="flex-end" gap="xs">
                  <Stack gap={2} style={{ flex: '1 1 20rem' }}>
                    <Title order={3} fz="h4">
                      {t('coverage.map.title')}
                    </Title>
                    <Text size="sm" c="dimmed">
                      {t(measure === 'online' ? 'coverage.map.subtitleOnline' : 'coverage.map.subtitle')}
                    </Text>
                  </Stack>
                  <Stack gap={4}>
                    <Text size="sm" fw={500} id="coverage-colour">
                      {t('coverage.map.colourBy')}
                    </Text>
                    <SegmentedControl
                      aria-labelledby="coverage-colour"
                      value={measure}
                      onChange={(value) => filters.set('colour', value === 'online' ? value : null)}
                      data={(['mentored', 'online'] as const).map((m) => ({
                        value: m,
                        label: t(`coverage.map.measures.${m}`),
                      }))}
                      data-testid="coverage-colour"
                    />
                  </Stack>
                </Group>
                <CoverageMap
                  measure={measure}
                  rows={allKelurahan
                    .filter((r) => !onlyPriority || r.priority)
                    .filter((r) => !onlyBehind || r.rollout?.behind)}
                  onSelect={setSelected}
                />
              </Stack>
            </Paper>
          </>
        )}

        <Paper p={{ base: 'sm', sm: 'md' }} radius="md">
          {board.isPending ? (
            <SkeletonRows rows={8} height={wide ? 52 : 180} />
          ) : board.isError ? (
            <ErrorAlert error={board.error} onRetry={() => board.refetch()} />
          ) : rows.length === 0 ? (
            <EmptyMessage icon={<IconMapPins size={28} />} title={t('coverage.empty')} description="" />
          ) : (
            <div style={{ opacity: board.isPlaceholderData ? 0.6 : 1 }}>
              <CoverageRows rows={rows} level={level} wide={wide} onSelect={setSelected} />
            </div>
          )}
        </Paper>

        <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="coverage-definitions">
          <Title order={3} fz="h5" mb="xs">
            {t('coverage.definitions.title')}
          </Title>
          <List size="sm" spacing={4}>
            <List.Item>{t('coverage.definitions.share')}</List.Item>
            <List.Item>{t('coverage.definitions.sellingOnline')}</List.Item>
            <List.Item>{t('coverage.definitions.mentors')}</List.Item>
            <List.Item>{t('coverage.definitions.priority')}</List.Item>
            <List.Item>{t('coverage.definitions.rollout')}</List.Item>
          </List>
        </Paper>
      </Stack>

      <Modal
        opened={selected !== null}
        onClose={closeDialog}
        title={
          selected
            ? editing
              ? t('coverage.form.titleKelurahan', { name: areaDisplayName(selected.name) })
              : areaDisplayName(selected.name)
            : ''
        }
        fullScreen={!wide && editing}
      >
        {selected && editing ? (
          <RolloutForm row={selected} onDone={closeDialog} />
        ) : selected ? (
          <RowDetails
            row={selected}
            canEdit={isOffice && selected.code !== selected.kecamatanCode}
            onEdit={() => setEditing(true)}
          />
        ) : null}
      </Modal>
      <Modal
        opened={bulk}
        onClose={() => setBulk(false)}
        title={t('coverage.form.titleKecamatan')}
        fullScreen={!wide}
      >
        {bulk && <RolloutForm onDone={() => setBulk(false)} />}
      </Modal>
    </>
  );
}

function RowDetails({ row, canEdit, onEdit }: { row: CoverageRow; canEdit: boolean; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  const line = (label: string, value: string) => (
    <Group justify="space-between" gap="xs">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600}>
        {value}
      </Text>
    </Group>
  );
  const n = (x: number) => formatNumber(x, i18n.language);
  return (
    <Stack gap="xs" data-testid="coverage-details">
      <Text size="sm" c="dimmed">
        {row.code === row.kecamatanCode ? row.code : `${areaDisplayName(row.kecamatanName)} · ${row.code}`}
      </Text>
      <PriorityBadges row={row} />
      {line(t('coverage.figures.businesses'), n(row.businesses))}
      {line(t('coverage.figures.activeCases'), n(row.activeCases))}
      {line(t('coverage.figures.share'), formatShare(row.activeCases, row.businesses, i18n.language))}
      {line(
        t('coverage.figures.sellingOnline'),
        `${n(row.sellingOnline)} (${formatShare(row.sellingOnline, row.businesses, i18n.language)})`,
      )}
      {line(t('coverage.figures.mentors'), n(row.mentors))}
      <Text size="xs" c="dimmed" ta="right">
        {t('coverage.mentorsDetail', { withCases: row.mentorsWithCases, covering: row.mentorsCovering })}
      </Text>
      {line(t('coverage.figures.activeMentors'), n(row.activeMentors))}
      {line(t('coverage.columns.sessions30d'), n(row.sessions30d))}
      <Paper withBorder p="xs" radius="sm">
        <RolloutCell row={row} />
      </Paper>
      {canEdit && (
        <Button size="md" leftSection={<IconTarget size={18} />} onClick={onEdit}>
          {t('coverage.setTarget')}
        </Button>
      )}
    </Stack>
  );
}
