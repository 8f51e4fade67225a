import { Grid, Group, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconReceipt } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isWithinArea } from '../../../shared/area-code.ts';
import { ORDER_STATES } from '../../../shared/marketplace.ts';
import { DateField } from '../../components/DateField.tsx';
import { formatDateTime, formatRupiah } from '../../components/format.ts';
import {
  LinkCard,
  LinkRow,
  type ListFilters,
  ListPage,
  SelectFilter,
  useListFilters,
} from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useKecamatan } from '../areas/areas.api.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { type OfficerOrderListItem, useOfficerOrders, useShop, useShops } from './market.api.ts';
import { MarketTabs, OrderStateBadge } from './parts.tsx';

const PAGE_SIZE = 25;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The officers' read-only view of order requests: the office sees the city's, an area officer their area's,
 * newest first. The buyer's name only: phone and address stay with the seller.
 */
export function OfficerOrdersPage() {
  const { t } = useTranslation();
  const list = useListFilters();
  const date = (key: string) => {
    const value = list.read(key);
    return value && DATE.test(value) ? value : undefined;
  };
  const shopParam = Number(list.read('shop'));
  const filter = {
    q: list.read('q'),
    state: list.oneOf('state', ORDER_STATES),
    kecamatan: list.read('kecamatan'),
    shopId: Number.isSafeInteger(shopParam) && shopParam > 0 ? shopParam : undefined,
    from: date('from'),
    to: date('to'),
  };
  const orders = useOfficerOrders({ ...filter, page: list.page, pageSize: PAGE_SIZE });
  const activeFilters = [filter.state, filter.kecamatan, filter.shopId, filter.from, filter.to].filter(
    Boolean,
  ).length;
  return (
    <>
      <PageHeader
        title={t('market.officerOrders.title')}
        description={t('market.officerOrders.description')}
      />
      <MarketTabs />
      <ListPage
        list={list}
        searchLabel={t('market.officerOrders.search')}
        searchPlaceholder={t('market.officerOrders.searchPlaceholder')}
        filters={<Filters list={list} filter={filter} />}
        activeFilters={activeFilters}
        result={orders}
        pageSize={PAGE_SIZE}
        cardHeight={96}
        table={(items) => <OrderTable items={items} />}
        cards={(items) => <OrderCards items={items} />}
        noMatch={{ title: t('market.orders.noMatchTitle'), description: t('market.orders.noMatch') }}
        empty={{
          icon: <IconReceipt size={28} />,
          title: t('market.orders.emptyTitle'),
          description: t('market.officerOrders.empty'),
        }}
      />
    </>
  );
}

function Filters({
  list,
  filter,
}: {
  list: ListFilters;
  filter: { state?: string; kecamatan?: string; shopId?: number; from?: string; to?: string };
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const kecamatan = useKecamatan();
  // An area officer picks among the kecamatan of their own area (or the one that holds their kelurahan).
  const mine = (code: string) =>
    !me.areaCode || isWithinArea(code, me.areaCode) || isWithinArea(me.areaCode, code);
  const [shopSearch, setShopSearch] = useState('');
  const [q] = useDebouncedValue(shopSearch, 250);
  const shops = useShops({ q: q || undefined, pageSize: 50 });
  const chosen = useShop(filter.shopId ?? 0);
  const shopOptions = [
    ...(chosen.data ? [{ value: String(chosen.data.id), label: chosen.data.name }] : []),
    ...(shops.data?.items ?? [])
      .filter((s) => s.id !== filter.shopId)
      .map((s) => ({ value: String(s.id), label: s.name })),
  ];
  return (
    <>
      <SelectFilter
        list={list}
        param="state"
        label={t('market.orders.state')}
        options={ORDER_STATES}
        labelOf={(s) => t(`market.orderStates.${s}`)}
        span={{ base: 12, xs: 6, md: 2 }}
      />
      <SelectFilter
        list={list}
        param="kecamatan"
        label={t('market.officerOrders.kecamatan')}
        searchable
        options={(kecamatan.data ?? [])
          .filter((a) => mine(a.code))
          .map((a) => ({ value: a.code, label: a.name }))}
      />
      <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
        <Select
          label={t('market.officerOrders.shop')}
          placeholder={t('common.all')}
          clearable
          searchable
          searchValue={shopSearch}
          onSearchChange={setShopSearch}
          filter={({ options }) => options}
          nothingFoundMessage={t('common.nothingFound')}
          data={shopOptions}
          value={filter.shopId ? String(filter.shopId) : null}
          onChange={(value) => list.set('shop', value)}
          data-testid="shop-filter"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 2 }}>
        <DateField
          label={t('market.officerOrders.from')}
          value={filter.from ?? ''}
          max={filter.to}
          onChange={(value) => list.set('from', value || null)}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 2 }}>
        <DateField
          label={t('market.officerOrders.to')}
          value={filter.to ?? ''}
          min={filter.from}
          onChange={(value) => list.set('to', value || null)}
        />
      </Grid.Col>
    </>
  );
}

function OrderTable({ items }: { items: OfficerOrderListItem[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper radius="md" style={{ overflow: 'hidden' }}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="officer-orders-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('market.orders.code')}</Table.Th>
            <Table.Th>{t('market.officerOrders.shop')}</Table.Th>
            <Table.Th>{t('market.officerOrders.kecamatan')}</Table.Th>
            <Table.Th>{t('market.orders.buyer')}</Table.Th>
            <Table.Th>{t('market.orders.requestedAt')}</Table.Th>
            <Table.Th ta="right">{t('market.orders.total')}</Table.Th>
            <Table.Th>{t('market.orders.state')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((o) => (
            <LinkRow key={o.id} to={`/market/orders/${o.id}`} testId="officer-order-row">
              <Table.Td>
                <Text
                  fw={600}
                  size="sm"
                  c="civic.8"
                  component={Link}
                  to={`/market/orders/${o.id}`}
                  ff="monospace"
                >
                  {o.code}
                </Text>
              </Table.Td>
              <Table.Td>{o.shopName}</Table.Td>
              <Table.Td>{o.kecamatanName ?? o.kecamatanCode}</Table.Td>
              <Table.Td>{o.buyerName}</Table.Td>
              <Table.Td>{formatDateTime(o.requestedAt, i18n.language)}</Table.Td>
              <Table.Td ta="right">{formatRupiah(o.total, i18n.language)}</Table.Td>
              <Table.Td>
                <OrderStateBadge state={o.state} />
              </Table.Td>
            </LinkRow>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function OrderCards({ items }: { items: OfficerOrderListItem[] }) {
  const { i18n } = useTranslation();
  return (
    <Stack gap="sm" data-testid="officer-order-cards">
      {items.map((o) => (
        <LinkCard key={o.id} to={`/market/orders/${o.id}`} padding="sm" testId="officer-order-card">
          <Group justify="space-between" wrap="nowrap">
            <Text fw={700} size="lg">
              {formatRupiah(o.total, i18n.language)}
            </Text>
            <OrderStateBadge state={o.state} />
          </Group>
          <Text fw={600} className="break-anywhere">
            {o.shopName}
          </Text>
          <Text size="sm" c="dimmed">
            {o.code} · {o.kecamatanName ?? o.kecamatanCode} · {formatDateTime(o.requestedAt, i18n.language)}
          </Text>
        </LinkCard>
      ))}
    </Stack>
  );
}
