import { Alert, Anchor, Breadcrumbs, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPage, useIdParam } from '../../components/RecordPage.tsx';
import { type OfficerOrder, useOfficerOrder } from './market.api.ts';
import { OrderHistory, OrderLines } from './OrderParts.tsx';
import { MarketTabs, OrderStateBadge } from './parts.tsx';

/** One order request for an officer: read-only; the lines, the total and every state it went through. */
export function OfficerOrderPage() {
  const { t } = useTranslation();
  const id = useIdParam();
  const order = useOfficerOrder(id);
  return (
    <RecordPage id={id} query={order} title={t('market.officerOrders.title')}>
      {(o) => <OrderView order={o} />}
    </RecordPage>
  );
}

function OrderView({ order }: { order: OfficerOrder }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <PageHeader
        above={
          <Breadcrumbs separatorMargin={6} fz="sm">
            <Anchor component={Link} to="/market/orders" size="sm">
              {t('market.officerOrders.title')}
            </Anchor>
            <Text size="sm">{order.code}</Text>
          </Breadcrumbs>
        }
        title={
          <Group gap="sm">
            <span>{order.code}</span>
            <OrderStateBadge state={order.state} />
          </Group>
        }
        description={`${order.shopName} · ${order.kecamatanName ?? order.kecamatanCode} · ${formatDateTime(order.requestedAt, i18n.language)}`}
      />
      <MarketTabs />
      <Stack gap="md">
        {order.reason && (
          <Alert color="gray" variant="light" title={t('market.orders.reason')}>
            {order.reason}
          </Alert>
        )}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Paper radius="md" p="md">
              <Title order={2} fz="h5" mb="sm">
                {t('market.orders.items')}
              </Title>
              <OrderLines items={order.items} total={order.total} />
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Paper radius="md" p="md">
              <Stack gap={4}>
                <Text size="sm" c="dimmed">
                  {t('market.officerOrders.shop')}
                </Text>
                <Anchor component={Link} to={`/market/shops/${order.shopId}`} fw={600}>
                  {order.shopName}
                </Anchor>
                <Text size="sm">{order.businessName}</Text>
                <Text size="sm" c="dimmed" mt="xs">
                  {t('market.orders.buyer')}
                </Text>
                <Text fw={600} data-testid="buyer-name">
                  {order.buyerName}
                </Text>
                <Group gap={6} wrap="nowrap" align="flex-start">
                  <IconLock
                    size={14}
                    style={{ marginTop: 3, flexShrink: 0 }}
                    color="var(--mantine-color-gray-6)"
                  />
                  <Text size="xs" c="dimmed">
                    {t('market.officerOrders.buyerPrivate')}
                  </Text>
                </Group>
                <Text size="sm" c="dimmed" mt="xs">
                  {t('market.orders.fulfilment')}
                </Text>
                <Text size="sm">{t(`market.fulfilment.${order.fulfilment}`)}</Text>
              </Stack>
              <Title order={2} fz="h5" mt="md" mb="sm">
                {t('market.orders.history')}
              </Title>
              <OrderHistory events={order.events} />
            </Paper>
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}
