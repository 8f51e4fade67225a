import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconBrandWhatsapp } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderState } from '../../../shared/marketplace.ts';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPage, useIdParam } from '../../components/RecordPage.tsx';
import { type Order, useMoveOrder, useOrder } from './market.api.ts';
import { OrderHistory, OrderLines } from './OrderParts.tsx';
import { marketError, OrderStateBadge, SellerTabs } from './parts.tsx';

export function SellerOrderPage() {
  const { t } = useTranslation();
  const id = useIdParam();
  const order = useOrder(id);
  return (
    <RecordPage id={id} query={order} title={t('market.orders.title')}>
      {(o) => <OrderView order={o} />}
    </RecordPage>
  );
}

function OrderView({ order }: { order: Order }) {
  const { t, i18n } = useTranslation();
  const move = useMoveOrder(order.id);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const go = (to: OrderState, why?: string) => {
    setFailure(null);
    move.mutate(
      { to, ...(why ? { reason: why } : {}) },
      {
        onSuccess: (o) => {
          setDeclining(false);
          notifications.show({
            color: 'teal',
            message: t('market.orders.moved', { state: t(`market.orderStates.${o.state}`) }),
          });
        },
        onError: setFailure,
      },
    );
  };
  return (
    <>
      <PageHeader
        above={
          <Breadcrumbs separatorMargin={6} fz="sm">
            <Anchor component={Link} to="/shop/orders" size="sm">
              {t('market.orders.title')}
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
        description={`${order.buyerName} · ${formatDateTime(order.requestedAt, i18n.language)}`}
      />
      <SellerTabs />
      <Stack gap="md">
        {failure != null && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            role="alert"
            data-testid="order-error"
          >
            {marketError(t, failure, i18n.language)}
          </Alert>
        )}
        {order.reason && (
          <Alert color="gray" variant="light" title={t('market.orders.reason')}>
            {order.reason}
          </Alert>
        )}
        <Group gap="xs" data-testid="order-actions">
          {order.nextStates.map((to) =>
            to === 'declined' ? (
              <Button key={to} size="md" variant="light" color="red" onClick={() => setDeclining(true)}>
                {t('market.orders.actions.declined')}
              </Button>
            ) : (
              <Button
                key={to}
                size="md"
                loading={move.isPending}
                onClick={() => go(to)}
                data-testid={`move-${to}`}
              >
                {t(`market.orders.actions.${to}`)}
              </Button>
            ),
          )}
          <Button
            size="md"
            variant="default"
            component="a"
            href={order.whatsappUrl}
            target="_blank"
            rel="noopener noreferrer"
            leftSection={<IconBrandWhatsapp size={18} color="#25D366" />}
            data-testid="whatsapp-buyer"
          >
            {t('market.orders.whatsapp')}
          </Button>
        </Group>
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
                  {t('market.orders.buyer')}
                </Text>
                <Text fw={600}>{order.buyerName}</Text>
                <Text size="sm">{order.buyerPhone}</Text>
                <Text size="sm" c="dimmed" mt="xs">
                  {t('market.orders.fulfilment')}
                </Text>
                <Text size="sm">{t(`market.fulfilment.${order.fulfilment}`)}</Text>
                {order.address && <Text size="sm">{order.address}</Text>}
                {order.note && (
                  <>
                    <Text size="sm" c="dimmed" mt="xs">
                      {t('market.orders.note')}
                    </Text>
                    <Text size="sm">{order.note}</Text>
                  </>
                )}
              </Stack>
              <Title order={2} fz="h5" mt="md" mb="sm">
                {t('market.orders.history')}
              </Title>
              <OrderHistory events={order.events} />
            </Paper>
          </Grid.Col>
        </Grid>
      </Stack>
      <Modal opened={declining} onClose={() => setDeclining(false)} title={t('market.orders.declineTitle')}>
        <Stack>
          <Textarea
            label={t('market.orders.declineReason')}
            description={t('market.orders.declineHint')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          <Button
            color="red"
            disabled={!reason.trim()}
            loading={move.isPending}
            onClick={() => go('declined', reason.trim())}
          >
            {t('market.orders.actions.declined')}
          </Button>
        </Stack>
      </Modal>
    </>
  );
}
