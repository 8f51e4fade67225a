import '../marketplace/texts.ts';
import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import {
  IconArrowDown,
  IconArrowsSort,
  IconArrowUp,
  IconBuildingStore,
  IconFileImport,
  IconPlus,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SIZE_CLASSES } from '../../../shared/identity.ts';
import { BUCKETS, LEGALITY_KINDS, SECTORS } from '../../../shared/sectors.ts';
import type { BusinessItem, BusinessQuery } from '../../api/types.ts';
import { access } from '../../components/access.ts';
import { DownloadButton } from '../../components/DownloadButton.tsx';
import { formatPeriod, formatRupiah } from '../../components/format.ts';
import {
  AreaFilters,
  LinkCard,
  LinkRow,
  ListPage,
  SelectFilter,
  useListFilters,
} from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
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
  'turnover',
  '-turnover',
  'change',
  '-change',
] as const;
type Sort = (typeof SORTS)[number];
const BUCKET_FILTERS = [...BUCKETS, 'noBaseline', 'noReport'] as const;
const ARCHIVED = ['false', 'true', 'all'] as const;

/** The registry: every business the user may see, filtered, sorted and paged by the server. */
export function BusinessesPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const list = useListFilters();
  const { read, oneOf } = list;

  const query: BusinessQuery = {
    q: read('q'),
    kecamatan: read('kecamatan'),
    kelurahan: read('kelurahan'),
    sector: oneOf('sector', SECTORS),
    size: oneOf('size', SIZE_CLASSES),
    legality: oneOf('legality', LEGALITY_KINDS),
    online: oneOf('online', ['true', 'false'] as const),
    bucket: oneOf('bucket', BUCKET_FILTERS),
    period: read('period'),
    archived: oneOf('archived', ARCHIVED),
    sort: oneOf('sort', SORTS),
  };
  const sort: Sort = query.sort ?? 'name';
  const businesses = useBusinesses({ ...query, page: list.page, pageSize: PAGE_SIZE });
  const periods = usePeriods();

  const activeFilters = [
    query.kecamatan,
    query.kelurahan,
    query.sector,
    query.size,
    query.legality,
    query.online,
    query.bucket,
    query.period,
    query.archived,
  ].filter(Boolean).length;
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

  const filters = (
    <>
      <AreaFilters list={list} />
      <SelectFilter
        list={list}
        param="sector"
        label={t('businesses.filters.sector')}
        compact
        options={SECTORS}
        labelOf={(s) => t(`sectors.${s}`)}
      />
      <SelectFilter
        list={list}
        param="size"
        label={t('businesses.filters.size')}
        compact
        options={SIZE_CLASSES}
        labelOf={(s) => t(`sizeClasses.${s}`)}
      />
      <SelectFilter
        list={list}
        param="legality"
        label={t('businesses.filters.legality')}
        compact
        options={LEGALITY_KINDS}
        labelOf={(k) => t(`legality.kinds.${k}`)}
      />
      <SelectFilter
        list={list}
        param="online"
        label={t('market.business.onlineFilter')}
        compact
        options={[
          { value: 'true', label: t('market.business.sellsOnline') },
          { value: 'false', label: t('market.business.notOnline') },
        ]}
        testId="online-filter"
      />
      <SelectFilter
        list={list}
        param="bucket"
        label={t('businesses.filters.bucket')}
        compact
        options={BUCKET_FILTERS}
        labelOf={(b) => t(`recovery.bucketFilters.${b}`)}
      />
      <SelectFilter
        list={list}
        param="period"
        label={t('businesses.filters.period')}
        placeholder={
          shownPeriod
            ? t('businesses.filters.latestPeriod', { period: formatPeriod(shownPeriod, i18n.language) })
            : undefined
        }
        compact
        options={[...(periods.data?.periods ?? [])].reverse()}
        labelOf={(p) => formatPeriod(p, i18n.language, 'long')}
      />
      <SelectFilter
        list={list}
        param="archived"
        label={t('businesses.filters.archived')}
        compact
        defaultValue="false"
        options={ARCHIVED}
        labelOf={(a) => t(`businesses.archivedFilter.${a}`)}
      />
      {/* On a phone the sort has no column headers to click: it is a filter of its own. */}
      {!list.wide && (
        <SelectFilter
          list={list}
          param="sort"
          label={t('businesses.filters.sort')}
          defaultValue="name"
          options={SORTS}
          labelOf={(s) => t(`businesses.sorts.${s}`)}
        />
      )}
    </>
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
      <ListPage
        list={list}
        searchLabel={t('businesses.filters.search')}
        searchPlaceholder={
          access.seesNik(me.role)
            ? t('businesses.filters.searchPlaceholderNik')
            : t('businesses.filters.searchPlaceholder')
        }
        filters={filters}
        activeFilters={activeFilters}
        actions={
          <>
            <DownloadButton path="/businesses/export" query={{ ...exportQuery, format: 'csv' }} size="xs">
              {t('businesses.exportCsv')}
            </DownloadButton>
            <DownloadButton path="/businesses/export" query={{ ...exportQuery, format: 'xlsx' }} size="xs">
              {t('businesses.exportXlsx')}
            </DownloadButton>
          </>
        }
        result={businesses}
        pageSize={PAGE_SIZE}
        table={(items) => (
          <BusinessTable
            items={items}
            period={shownPeriod}
            sort={sort}
            onSort={(s) => list.set('sort', s === 'name' ? null : s)}
          />
        )}
        cards={(items) => <BusinessCards items={items} period={shownPeriod} />}
        noMatch={{ title: t('businesses.noMatchTitle'), description: t('businesses.noMatch') }}
        empty={{
          icon: <IconBuildingStore size={28} />,
          title: t('businesses.emptyTitle'),
          description: importsBusinesses
            ? t('businesses.empty')
            : canCreate
              ? t('businesses.emptyNoImport')
              : t('businesses.emptyReadOnly'),
          action: canCreate && (
            <>
              {importsBusinesses && importButton}
              {addButton}
            </>
          ),
        }}
      />
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
  column: 'name' | 'kelurahan' | 'baseline' | 'turnover' | 'change';
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
            <SortHeader column="turnover" sort={sort} onSort={onSort} align="right">
              {period
                ? t('businesses.columns.turnoverIn', { period: formatPeriod(period, i18n.language) })
                : t('businesses.columns.turnover')}
            </SortHeader>
            <SortHeader column="change" sort={sort} onSort={onSort} align="right">
              {t('businesses.columns.change')}
            </SortHeader>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <LinkRow key={item.id} to={`/businesses/${item.id}`} testId="business-row">
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
              <Table.Td ta="right" fz="sm" style={{ whiteSpace: 'nowrap' }}>
                {item.latest ? (
                  formatRupiah(item.latest.amount, i18n.language)
                ) : (
                  <Text size="sm" c="dimmed" span>
                    {period ? t('businesses.notReported') : '—'}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">
                {item.latest && <DeclineBadge declinePct={item.latest.declinePct} size="sm" compact />}
              </Table.Td>
            </LinkRow>
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
        <LinkCard key={item.id} to={`/businesses/${item.id}`} testId="business-row">
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
        </LinkCard>
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
