import {
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconArrowDown,
  IconArrowsSort,
  IconArrowUp,
  IconBuildingStore,
  IconFileImport,
  IconFilterOff,
  IconPlus,
  IconSearch,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { SIZE_CLASSES } from '../../../shared/identity.ts';
import { BUCKETS, LEGALITY_KINDS, SECTORS } from '../../../shared/sectors.ts';
import type { BusinessItem, BusinessQuery } from '../../api/types.ts';
import { access } from '../../components/access.ts';
import { DownloadButton } from '../../components/DownloadButton.tsx';
import { formatPeriod, formatRupiah } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PaginationBar } from '../../components/PaginationBar.tsx';
import { SearchFilters } from '../../components/SearchFilters.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useTypedFilter, useUrlFilters } from '../../components/use-url-filters.ts';
import { useKecamatan, useKelurahan } from '../areas/areas.api.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { DeclineBadge } from '../recovery/DeclineBadge.tsx';
import { usePeriods } from '../recovery/recovery.api.ts';
import { useBusinesses } from './businesses.api.ts';
import { LegalityBadges } from './LegalityBadges.tsx';

const PAGE_SIZE = 25;
const SORTS = [
  'name',
  '-name',
  'kelurahan',
  '-kelurahan',
  'baseline',
  '-baseline',
  'created',
  '-created',
] as const;
type Sort = (typeof SORTS)[number];
const BUCKET_FILTERS = [...BUCKETS, 'noBaseline', 'noReport'] as const;
const ARCHIVED = ['false', 'true', 'all'] as const;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The registry: every business the user may see, filtered, sorted and paged by the server. */
export function BusinessesPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const filters = useUrlFilters();
  const { params, page } = filters;
  const search = useTypedFilter('q', filters);

  const read = (key: string) => params.get(key) || undefined;
  const query: BusinessQuery = {
    q: read('q'),
    kecamatan: read('kecamatan'),
    kelurahan: read('kelurahan'),
    sector: oneOf(SECTORS, params.get('sector')),
    size: oneOf(SIZE_CLASSES, params.get('size')),
    legality: oneOf(LEGALITY_KINDS, params.get('legality')),
    bucket: oneOf(BUCKET_FILTERS, params.get('bucket')),
    period: read('period'),
    archived: oneOf(ARCHIVED, params.get('archived')),
    sort: oneOf(SORTS, params.get('sort')),
  };
  const sort: Sort = query.sort ?? 'name';
  const businesses = useBusinesses({ ...query, page, pageSize: PAGE_SIZE });
  const kecamatanList = useKecamatan();
  const kelurahanList = useKelurahan(query.kecamatan);
  const periods = usePeriods();

  const activeFilters = [
    query.kecamatan,
    query.kelurahan,
    query.sector,
    query.size,
    query.legality,
    query.bucket,
    query.period,
    query.archived,
  ].filter(Boolean).length;
  const filtered = Boolean(query.q) || activeFilters > 0;
  const shownPeriod = businesses.data?.period ?? null;
  const exportQuery = { ...query, sort: undefined };

  const canCreate = access.registersBusinesses(me.role);
  const canImport = access.importKinds(me.role).length > 0;
  const importsBusinesses = access.importKinds(me.role).includes('businesses');
  const addButton = canCreate && (
    <Button component={Link} to="/businesses/new" leftSection={<IconPlus size={16} />}>
      {t('businesses.add')}
    </Button>
  );
  const importButton = canImport && (
    <Button
      component={Link}
      to={importsBusinesses ? '/imports' : '/imports?kind=omzet'}
      variant="light"
      leftSection={<IconFileImport size={16} />}
    >
      {t('businesses.import')}
    </Button>
  );
  const clearAll = () => {
    search.reset();
    filters.clear();
  };

  const moreFilters = (
    <Grid gap="sm">
      <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
        <Select
          label={t('businesses.filters.kecamatan')}
          placeholder={t('common.all')}
          clearable
          searchable
          nothingFoundMessage={t('common.nothingFound')}
          data={(kecamatanList.data ?? []).map((a) => ({ value: a.code, label: a.name }))}
          value={query.kecamatan ?? null}
          onChange={(value) => filters.setMany({ kecamatan: value, kelurahan: null })}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
        <Select
          label={t('businesses.filters.kelurahan')}
          placeholder={query.kecamatan ? t('common.all') : t('businesses.filters.chooseKecamatanFirst')}
          clearable
          searchable
          disabled={!query.kecamatan}
          nothingFoundMessage={t('common.nothingFound')}
          data={(kelurahanList.data ?? []).map((a) => ({ value: a.code, label: a.name }))}
          value={query.kelurahan ?? null}
          onChange={(value) => filters.set('kelurahan', value)}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <Select
          label={t('businesses.filters.sector')}
          placeholder={t('common.all')}
          clearable
          data={SECTORS.map((s) => ({ value: s, label: t(`sectors.${s}`) }))}
          value={query.sector ?? null}
          onChange={(value) => filters.set('sector', value)}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <Select
          label={t('businesses.filters.size')}
          placeholder={t('common.all')}
          clearable
          data={SIZE_CLASSES.map((s) => ({ value: s, label: t(`sizeClasses.${s}`) }))}
          value={query.size ?? null}
          onChange={(value) => filters.set('size', value)}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <Select
          label={t('businesses.filters.legality')}
          placeholder={t('common.all')}
          clearable
          data={LEGALITY_KINDS.map((k) => ({ value: k, label: t(`legality.kinds.${k}`) }))}
          value={query.legality ?? null}
          onChange={(value) => filters.set('legality', value)}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <Select
          label={t('businesses.filters.bucket')}
          placeholder={t('common.all')}
          clearable
          data={BUCKET_FILTERS.map((b) => ({ value: b, label: t(`recovery.bucketFilters.${b}`) }))}
          value={query.bucket ?? null}
          onChange={(value) => filters.set('bucket', value)}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <Select
          label={t('businesses.filters.period')}
          placeholder={
            shownPeriod
              ? t('businesses.filters.latestPeriod', { period: formatPeriod(shownPeriod, i18n.language) })
              : t('common.all')
          }
          clearable
          data={[...(periods.data ?? [])]
            .reverse()
            .map((p) => ({ value: p, label: formatPeriod(p, i18n.language, 'long') }))}
          value={query.period ?? null}
          onChange={(value) => filters.set('period', value)}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <Select
          label={t('businesses.filters.archived')}
          allowDeselect={false}
          data={ARCHIVED.map((a) => ({ value: a, label: t(`businesses.archivedFilter.${a}`) }))}
          value={query.archived ?? 'false'}
          onChange={(value) => filters.set('archived', value === 'false' ? null : value)}
        />
      </Grid.Col>
      {!wide && (
        <Grid.Col span={12}>
          <Select
            label={t('businesses.filters.sort')}
            allowDeselect={false}
            data={SORTS.map((s) => ({ value: s, label: t(`businesses.sorts.${s}`) }))}
            value={sort}
            onChange={(value) => filters.set('sort', value === 'name' ? null : value)}
          />
        </Grid.Col>
      )}
    </Grid>
  );

  return (
    <>
      <PageHeader
        title={t('businesses.title')}
        description={t(`businesses.descriptions.${me.role}`)}
        actions={
          <>
            {importButton}
            {addButton}
          </>
        }
      />
      <Paper p="sm" radius="md" mb="md">
        <Stack gap="sm">
          <SearchFilters
            label={t('businesses.filters.search')}
            placeholder={
              access.seesNik(me.role)
                ? t('businesses.filters.searchPlaceholderNik')
                : t('businesses.filters.searchPlaceholder')
            }
            search={search}
            activeFilters={activeFilters}
            wide={wide}
          >
            {moreFilters}
          </SearchFilters>
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Group gap="xs">
              <DownloadButton path="/businesses/export" query={{ ...exportQuery, format: 'csv' }} size="xs">
                {t('businesses.exportCsv')}
              </DownloadButton>
              <DownloadButton path="/businesses/export" query={{ ...exportQuery, format: 'xlsx' }} size="xs">
                {t('businesses.exportXlsx')}
              </DownloadButton>
            </Group>
            {filtered && (
              <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={14} />} onClick={clearAll}>
                {t('common.clearFilters')}
              </Button>
            )}
          </Group>
        </Stack>
      </Paper>

      {businesses.isPending ? (
        <SkeletonRows rows={8} height={wide ? 52 : 140} />
      ) : businesses.isError ? (
        <ErrorAlert error={businesses.error} onRetry={() => businesses.refetch()} />
      ) : businesses.data.items.length === 0 ? (
        <Paper radius="md">
          {filtered ? (
            <EmptyMessage
              icon={<IconSearch size={28} />}
              title={t('businesses.noMatchTitle')}
              description={t('businesses.noMatch')}
              action={
                <Button variant="light" onClick={clearAll}>
                  {t('common.clearFilters')}
                </Button>
              }
            />
          ) : (
            <EmptyMessage
              icon={<IconBuildingStore size={28} />}
              title={t('businesses.emptyTitle')}
              description={
                importsBusinesses
                  ? t('businesses.empty')
                  : canCreate
                    ? t('businesses.emptyNoImport')
                    : t('businesses.emptyReadOnly')
              }
              action={
                canCreate && (
                  <>
                    {importsBusinesses && importButton}
                    {addButton}
                  </>
                )
              }
            />
          )}
        </Paper>
      ) : (
        <div style={{ opacity: businesses.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
          {wide ? (
            <BusinessTable
              items={businesses.data.items}
              period={shownPeriod}
              sort={sort}
              onSort={(s) => filters.set('sort', s === 'name' ? null : s)}
            />
          ) : (
            <BusinessCards items={businesses.data.items} period={shownPeriod} />
          )}
          <PaginationBar
            page={page}
            pageSize={PAGE_SIZE}
            total={businesses.data.total}
            onChange={(p) => filters.set('page', p > 1 ? String(p) : null)}
          />
        </div>
      )}
    </>
  );
}

function SortHeader({
  column,
  sort,
  onSort,
  children,
  align,
}: {
  column: 'name' | 'kelurahan' | 'baseline';
  sort: Sort;
  onSort: (sort: Sort) => void;
  children: ReactNode;
  align?: 'right';
}) {
  const { t } = useTranslation();
  const active = sort === column || sort === `-${column}`;
  const descending = sort === `-${column}`;
  const Icon = !active ? IconArrowsSort : descending ? IconArrowDown : IconArrowUp;
  return (
    <Table.Th
      ta={align}
      aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
      style={{ whiteSpace: 'nowrap' }}
    >
      <UnstyledButton
        onClick={() => onSort(active && !descending ? `-${column}` : column)}
        fw={700}
        fz="sm"
        aria-label={t('businesses.sortBy', { column: children })}
      >
        <Group gap={4} wrap="nowrap" justify={align === 'right' ? 'flex-end' : undefined}>
          {children}
          <Icon size={14} color={active ? undefined : 'var(--mantine-color-dimmed)'} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

function LatestReport({ item, period }: { item: BusinessItem; period: string | null }) {
  const { t, i18n } = useTranslation();
  if (!item.latest) {
    return (
      <Text size="sm" c="dimmed">
        {period ? t('businesses.notReported') : '—'}
      </Text>
    );
  }
  return (
    <Stack gap={4} align="flex-end">
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {formatRupiah(item.latest.amount, i18n.language)}
      </Text>
      <DeclineBadge declinePct={item.latest.declinePct} size="sm" />
    </Stack>
  );
}

function BusinessTable({
  items,
  period,
  sort,
  onSort,
}: {
  items: BusinessItem[];
  period: string | null;
  sort: Sort;
  onSort: (sort: Sort) => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  return (
    <Paper radius="md" style={{ overflow: 'hidden' }}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="businesses-table">
        <Table.Thead>
          <Table.Tr>
            <SortHeader column="name" sort={sort} onSort={onSort}>
              {t('businesses.columns.business')}
            </SortHeader>
            <Table.Th>{t('businesses.columns.owner')}</Table.Th>
            <SortHeader column="kelurahan" sort={sort} onSort={onSort}>
              {t('businesses.columns.area')}
            </SortHeader>
            <Table.Th>{t('businesses.columns.legality')}</Table.Th>
            <SortHeader column="baseline" sort={sort} onSort={onSort} align="right">
              {t('businesses.columns.baseline')}
            </SortHeader>
            <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
              {period
                ? t('businesses.columns.turnoverIn', { period: formatPeriod(period, i18n.language) })
                : t('businesses.columns.turnover')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr
              key={item.id}
              data-testid="business-row"
              onClick={(e) => {
                if (!(e.target as HTMLElement).closest('a')) navigate(`/businesses/${item.id}`);
              }}
              style={{ cursor: 'pointer' }}
            >
              <Table.Td>
                <Anchor component={Link} to={`/businesses/${item.id}`} fw={600} size="sm" c="civic.8">
                  {item.name}
                </Anchor>
                <Group gap={6} mt={2}>
                  <Text size="xs" c="dimmed">
                    {t(`sectors.${item.sector}`)}
                    {item.sizeClass ? ` · ${t(`sizeClasses.${item.sizeClass}`)}` : ''}
                  </Text>
                  {item.archived && <ArchivedBadge />}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{item.ownerName}</Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {item.ownerNik}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{item.kelurahanName}</Text>
                <Text size="xs" c="dimmed">
                  {item.kecamatanName}
                </Text>
              </Table.Td>
              <Table.Td>
                <LegalityBadges kinds={item.legality} />
              </Table.Td>
              <Table.Td ta="right" fz="sm" style={{ whiteSpace: 'nowrap' }}>
                {formatRupiah(item.baselineOmzet, i18n.language)}
              </Table.Td>
              <Table.Td ta="right">
                <LatestReport item={item} period={period} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

export function ArchivedBadge() {
  const { t } = useTranslation();
  return (
    <Badge component="span" size="sm" variant="outline" color="gray" radius="sm">
      {t('businesses.archived')}
    </Badge>
  );
}

/** On a phone each business is a card: what it is, whose, where, and how its latest month went. */
function BusinessCards({ items, period }: { items: BusinessItem[]; period: string | null }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="sm" data-testid="businesses-cards">
      {items.map((item) => (
        <Card
          key={item.id}
          component={Link}
          to={`/businesses/${item.id}`}
          padding="md"
          radius="md"
          data-testid="business-row"
          style={{ textDecoration: 'none', color: 'inherit' }}
        >
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text fw={600} c="civic.8" className="break-anywhere">
                {item.name}
              </Text>
              <Text size="xs" c="dimmed">
                {t(`sectors.${item.sector}`)}
                {item.sizeClass ? ` · ${t(`sizeClasses.${item.sizeClass}`)}` : ''}
              </Text>
            </Stack>
            {item.archived ? <ArchivedBadge /> : <DeclineOrNone item={item} period={period} />}
          </Group>
          <Text size="sm" mt="xs">
            {item.ownerName}{' '}
            <Text span size="xs" c="dimmed" ff="monospace">
              {item.ownerNik}
            </Text>
          </Text>
          <Text size="sm" c="dimmed">
            {item.kelurahanName}, {item.kecamatanName}
          </Text>
          <Group justify="space-between" mt="xs" gap="xs">
            <LegalityBadges kinds={item.legality} long />
            {item.latest && (
              <Text size="xs" c="dimmed">
                {formatPeriod(item.latest.period, i18n.language)}:{' '}
                {formatRupiah(item.latest.amount, i18n.language)}
              </Text>
            )}
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

function DeclineOrNone({ item, period }: { item: BusinessItem; period: string | null }) {
  const { t } = useTranslation();
  if (item.latest) return <DeclineBadge declinePct={item.latest.declinePct} size="sm" />;
  return period ? (
    <Badge size="sm" variant="default" radius="sm" c="dimmed" style={{ flexShrink: 0 }}>
      {t('businesses.notReported')}
    </Badge>
  ) : null;
}
