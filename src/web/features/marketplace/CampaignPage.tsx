import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Modal,
  MultiSelect,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DownloadButton } from '../../components/DownloadButton.tsx';
import { formatDay, formatNumber, formatRupiah } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPage, useIdParam } from '../../components/RecordPage.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { CampaignBanner } from './CampaignBanner.tsx';
import { CampaignForm } from './CampaignsPage.tsx';
import {
  type Campaign,
  type Figures,
  useCampaign,
  useCampaignProducts,
  useFigures,
  useProducts,
} from './market.api.ts';
import { MarketTabs, marketError } from './parts.tsx';

export function CampaignPage() {
  const { t } = useTranslation();
  const id = useIdParam();
  const campaign = useCampaign(id);
  return (
    <RecordPage id={id} query={campaign} title={t('market.campaigns.title')}>
      {(c) => <CampaignView campaign={c} />}
    </RecordPage>
  );
}

function CampaignView({ campaign }: { campaign: Campaign }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const office = me.role === 'admin';
  const [editing, setEditing] = useState(false);
  const [by, setBy] = useState<'kecamatan' | 'sector'>('kecamatan');
  const figures = useFigures(campaign.id, by);
  return (
    <>
      <PageHeader
        above={
          <Breadcrumbs separatorMargin={6} fz="sm">
            <Anchor component={Link} to="/market/campaigns" size="sm">
              {t('market.campaigns.title')}
            </Anchor>
            <Text size="sm">{campaign.name}</Text>
          </Breadcrumbs>
        }
        title={campaign.name}
        description={`${t(`market.themes.${campaign.theme}`)} · ${formatDay(campaign.startsOn, i18n.language)} – ${formatDay(campaign.endsOn, i18n.language)}`}
        actions={
          office && (
            <Button variant="default" onClick={() => setEditing(true)}>
              {t('market.campaigns.edit')}
            </Button>
          )
        }
      />
      <MarketTabs />
      <Stack gap="md">
        {campaign.description && <Text>{campaign.description}</Text>}
        <CampaignBanner campaign={campaign} office={office} />
        <Paper radius="md" p="md">
          <Group justify="space-between" mb="sm">
            <Title order={2} fz="h5">
              {t('market.campaigns.figures')}
            </Title>
            <Group gap="xs">
              <SegmentedControl
                size="xs"
                value={by}
                onChange={(v) => setBy(v as typeof by)}
                data={[
                  { value: 'kecamatan', label: t('market.campaigns.byKecamatan') },
                  { value: 'sector', label: t('market.campaigns.bySector') },
                ]}
              />
              <DownloadButton size="xs" path={`/market/campaigns/${campaign.id}/figures.xlsx`} query={{ by }}>
                XLSX
              </DownloadButton>
            </Group>
          </Group>
          <Table.ScrollContainer minWidth={640}>
            <Table striped verticalSpacing="xs" data-testid="campaign-figures">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    {by === 'kecamatan' ? t('market.campaigns.kecamatan') : t('market.campaigns.sector')}
                  </Table.Th>
                  <Table.Th ta="right">{t('market.campaigns.shopsOnline')}</Table.Th>
                  <Table.Th ta="right">{t('market.campaigns.productsListed')}</Table.Th>
                  <Table.Th ta="right">{t('market.campaigns.orderRequests')}</Table.Th>
                  <Table.Th ta="right">{t('market.campaigns.completedOrders')}</Table.Th>
                  <Table.Th ta="right">{t('market.campaigns.completedSales')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(figures.data?.rows ?? []).map((r) => (
                  <FigureRow key={r.code} name={r.name} row={r} />
                ))}
                {figures.data && (
                  <FigureRow name={t('market.campaigns.total')} row={figures.data.total} strong />
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
        <CampaignProducts campaign={campaign} office={office} />
      </Stack>
      <Modal opened={editing} onClose={() => setEditing(false)} title={t('market.campaigns.edit')} size="lg">
        <CampaignForm campaign={campaign} onDone={() => setEditing(false)} />
      </Modal>
    </>
  );
}

function CampaignProducts({ campaign, office }: { campaign: Campaign; office: boolean }) {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const options = useProducts({ q: q || undefined, hidden: 'false', pageSize: 50 }, office);
  const save = useCampaignProducts(campaign.id);
  const chosen = campaign.products.map((p) => String(p.id));
  const data = [
    ...campaign.products.map((p) => ({ value: String(p.id), label: `${p.name} · ${p.shopName}` })),
    ...(options.data?.items ?? [])
      .filter((p) => !chosen.includes(String(p.id)))
      .map((p) => ({ value: String(p.id), label: `${p.name} · ${p.shopName}` })),
  ];
  return (
    <Paper radius="md" p="md">
      <Title order={2} fz="h5" mb="sm">
        {t('market.campaigns.products')}
      </Title>
      {office && (
        <MultiSelect
          mb="sm"
          label={t('market.campaigns.chooseProducts')}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          data={data}
          value={chosen}
          onChange={(ids) =>
            save.mutate(ids.map(Number), {
              onError: (e) => notifications.show({ color: 'red', message: marketError(t, e, i18n.language) }),
            })
          }
          data-testid="campaign-products"
        />
      )}
      <Stack gap={4}>
        {campaign.products.map((p) => (
          <Group key={p.id} justify="space-between">
            <Text size="sm">
              {p.name} ·{' '}
              <Text span c="dimmed">
                {p.shopName}
              </Text>
            </Text>
            <Group gap={4}>
              {!p.public && (
                <Badge color="gray" variant="light" size="sm">
                  {t('market.campaigns.notPublic')}
                </Badge>
              )}
              <Text size="sm">{formatRupiah(p.price, i18n.language)}</Text>
            </Group>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

function FigureRow({ name, row, strong }: { name: string; row: Figures['total']; strong?: boolean }) {
  const { i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <Table.Tr fw={strong ? 700 : undefined}>
      <Table.Td>{name}</Table.Td>
      <Table.Td ta="right">{n(row.shopsOnline)}</Table.Td>
      <Table.Td ta="right">{n(row.productsListed)}</Table.Td>
      <Table.Td ta="right">{n(row.orderRequests)}</Table.Td>
      <Table.Td ta="right">{n(row.completedOrders)}</Table.Td>
      <Table.Td ta="right">{formatRupiah(row.completedSales, i18n.language)}</Table.Td>
    </Table.Tr>
  );
}
