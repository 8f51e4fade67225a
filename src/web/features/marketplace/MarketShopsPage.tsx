import { Avatar, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconBuildingStore } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SHOP_STATES } from '../../../shared/marketplace.ts';
import { formatDateTime } from '../../components/format.ts';
import { LinkCard, LinkRow, ListPage, SelectFilter, useListFilters } from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { type Shop, useShops } from './market.api.ts';
import { MarketTabs, RegistryBadges, ShopStateBadge } from './parts.tsx';

const PAGE_SIZE = 25;

/** "Pasar UMKM" for officers: the shops of their area, applications waiting first. */
export function MarketShopsPage() {
  const { t } = useTranslation();
  const list = useListFilters();
  const query = { q: list.read('q'), state: list.oneOf('state', SHOP_STATES) };
  const shops = useShops({ ...query, page: list.page, pageSize: PAGE_SIZE });
  return (
    <>
      <PageHeader title={t('market.officer.title')} description={t('market.officer.description')} />
      <MarketTabs />
      <ListPage
        list={list}
        searchLabel={t('market.officer.search')}
        searchPlaceholder={t('market.officer.searchPlaceholder')}
        filters={
          <SelectFilter
            list={list}
            param="state"
            label={t('market.officer.state')}
            options={SHOP_STATES}
            labelOf={(s) => t(`market.shopStates.${s}`)}
          />
        }
        activeFilters={query.state ? 1 : 0}
        result={shops}
        pageSize={PAGE_SIZE}
        cardHeight={90}
        table={(items) => <ShopTable items={items} />}
        cards={(items) => <ShopCards items={items} />}
        noMatch={{ title: t('market.officer.noMatchTitle'), description: t('market.officer.noMatch') }}
        empty={{
          icon: <IconBuildingStore size={28} />,
          title: t('market.officer.emptyTitle'),
          description: t('market.officer.empty'),
        }}
      />
    </>
  );
}

function ShopTable({ items }: { items: Shop[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper radius="md" style={{ overflow: 'hidden' }}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="shops-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('market.officer.shop')}</Table.Th>
            <Table.Th>{t('market.officer.business')}</Table.Th>
            <Table.Th>{t('market.officer.kecamatan')}</Table.Th>
            <Table.Th ta="right">{t('market.officer.products')}</Table.Th>
            <Table.Th>{t('market.officer.applied')}</Table.Th>
            <Table.Th>{t('market.officer.state')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((s) => (
            <LinkRow key={s.id} to={`/market/shops/${s.id}`} testId="shop-row">
              <Table.Td>
                <Group gap="sm" wrap="nowrap">
                  <Avatar src={s.logoUrl} size={32} radius="sm" color="civic">
                    <IconBuildingStore size={16} />
                  </Avatar>
                  <Text fw={600} size="sm" c="civic.8" component={Link} to={`/market/shops/${s.id}`}>
                    {s.name}
                  </Text>
                  <RegistryBadges badges={s.badges} />
                </Group>
              </Table.Td>
              <Table.Td>{s.businessName}</Table.Td>
              <Table.Td>{s.pickupKecamatanName}</Table.Td>
              <Table.Td ta="right">{s.products}</Table.Td>
              <Table.Td>{formatDateTime(s.createdAt, i18n.language)}</Table.Td>
              <Table.Td>
                <ShopStateBadge state={s.state} />
              </Table.Td>
            </LinkRow>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function ShopCards({ items }: { items: Shop[] }) {
  return (
    <Stack gap="sm">
      {items.map((s) => (
        <LinkCard key={s.id} to={`/market/shops/${s.id}`} padding="sm" testId="shop-card">
          <Group justify="space-between" wrap="nowrap">
            <Text fw={700} className="break-anywhere">
              {s.name}
            </Text>
            <ShopStateBadge state={s.state} />
          </Group>
          <Text size="sm" c="dimmed">
            {s.businessName} · {s.pickupKecamatanName}
          </Text>
        </LinkCard>
      ))}
    </Stack>
  );
}
