import { Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconReceipt } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ORDER_STATES } from '../../../shared/marketplace.ts';
import { formatDateTime, formatRupiah } from '../../components/format.ts';
import { LinkCard, LinkRow, ListPage, SelectFilter, useListFilters } from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { type OrderListItem, useOrders } from './market.api.ts';
import { OrderStateBadge, SellerTabs } from './parts.tsx';

const PAGE_SIZE = 25;

/** The seller's order requests, open ones first. */
export function SellerOrdersPage() {
  const { t } = useTranslation();
  const list = useListFilters();
  const query = { q: list.read('q'), state: list.oneOf('state', ORDER_STATES) };
  const orders = useOrders({ ...query, page: list.page, pageSize: PAGE_SIZE });
  return (
    <>
      <PageHeader title={t('market.orders.title')} description={t('market.orders.description')} />
      <SellerTabs />
      <ListPage
        list={list}
        searchLabel={t('market.orders.search')}
        searchPlaceholder={t('market.orders.searchPlaceholder')}
        filters={
          <SelectFilter
            list={list}
            param="state"
            label={t('market.orders.state')}
            options={ORDER_STATES}
            labelOf={(s) => t(`market.orderStates.${s}`)}
          />
        }
        activeFilters={query.state ? 1 : 0}
        result={orders}
        pageSize={PAGE_SIZE}
        cardHeight={96}
        table={(items) => <OrderTable items={items} />}
        cards={(items) => <OrderCards items={items} />}
        noMatch={{ title: t('market.orders.noMatchTitle'), description: t('market.orders.noMatch') }}
        empty={{
          icon: <IconReceipt size={28} />,
          title: t('market.orders.emptyTitle'),
          description: t('market.orders.empty'),
        }}
      />
    </>
  );
}

function OrderTable({ items }: { items: OrderListItem[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper radius="md" style={{ overflow: 'hidden' }}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="orders-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('market.orders.code')}</Table.Th>
            <Table.Th>{t('market.orders.buyer')}</Table.Th>
            <Table.Th>{t('market.orders.requestedAt')}</Table.Th>
            <Table.Th>{t('market.orders.fulfilment')}</Table.Th>
            <Table.Th ta="right">{t('market.orders.total')}</Table.Th>
            <Table.Th>{t('market.orders.state')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((o) => (
            <LinkRow key={o.id} to={`/shop/orders/${o.id}`} testId="order-row">
              <Table.Td>
                <Text
                  fw={600}
                  size="sm"
                  c="civic.8"
                  component={Link}
                  to={`/shop/orders/${o.id}`}
                  ff="monospace"
                >
                  {o.code}
                </Text>
              </Table.Td>
              <Table.Td>{o.buyerName}</Table.Td>
              <Table.Td>{formatDateTime(o.requestedAt, i18n.language)}</Table.Td>
              <Table.Td>{t(`market.fulfilment.${o.fulfilment}`)}</Table.Td>
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

function OrderCards({ items }: { items: OrderListItem[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="sm" data-testid="order-cards">
      {items.map((o) => (
        <LinkCard key={o.id} to={`/shop/orders/${o.id}`} padding="sm" testId="order-card">
          <Group justify="space-between" wrap="nowrap">
            <Text fw={700} size="lg">
              {formatRupiah(o.total, i18n.language)}
            </Text>
            <OrderStateBadge state={o.state} />
          </Group>
          <Text fw={600}>{o.buyerName}</Text>
          <Text size="sm" c="dimmed">
            {o.code} · {t(`market.fulfilment.${o.fulfilment}`)} ·{' '}
            {formatDateTime(o.requestedAt, i18n.language)}
          </Text>
        </LinkCard>
      ))}
    </Stack>
  );
}
