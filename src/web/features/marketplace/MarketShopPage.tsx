import {
  Alert,
  Anchor,
  Avatar,
  Breadcrumbs,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconBuildingStore } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPage, useIdParam } from '../../components/RecordPage.tsx';
import { type Shop, useDecideShop, useProducts, useShop } from './market.api.ts';
import { ProductCards } from './ProductList.tsx';
import { MarketTabs, marketError, RegistryBadges, ShopStateBadge } from './parts.tsx';

type Action = 'approve' | 'reject' | 'suspend' | 'reinstate';
const ACTIONS: Record<Shop['state'], Action[]> = {
  pending: ['approve', 'reject'],
  approved: ['suspend'],
  suspended: ['reinstate'],
  rejected: [],
};
const NEEDS_REASON: Action[] = ['reject', 'suspend'];

/** One shop for an officer: what the seller entered, the registry's badges, and the decision. */
export function MarketShopPage() {
  const { t } = useTranslation();
  const id = useIdParam();
  const shop = useShop(id);
  return (
    <RecordPage id={id} query={shop} title={t('market.officer.title')}>
      {(s) => <ShopReview shop={s} />}
    </RecordPage>
  );
}

function ShopReview({ shop }: { shop: Shop }) {
  const { t, i18n } = useTranslation();
  const decide = useDecideShop(shop.id);
  const products = useProducts({ shopId: shop.id, pageSize: 12 });
  const [asking, setAsking] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const run = (action: Action, why?: string) => {
    setFailure(null);
    decide.mutate(
      { action, ...(why ? { reason: why } : {}) },
      {
        onSuccess: (s) => {
          setAsking(null);
          setReason('');
          notifications.show({
            color: 'teal',
            message: t('market.officer.decided', { state: t(`market.shopStates.${s.state}`) }),
          });
        },
        onError: setFailure,
      },
    );
  };
  const field = (label: string, value: string | null) => (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" className="break-anywhere">
        {value || '—'}
      </Text>
    </Stack>
  );
  return (
    <>
      <PageHeader
        above={
          <Breadcrumbs separatorMargin={6} fz="sm">
            <Anchor component={Link} to="/market" size="sm">
              {t('market.officer.title')}
            </Anchor>
            <Text size="sm">{shop.name}</Text>
          </Breadcrumbs>
        }
        title={
          <Group gap="sm">
            <span>{shop.name}</span>
            <ShopStateBadge state={shop.state} />
          </Group>
        }
        description={shop.businessName}
      />
      <MarketTabs />
      <Stack gap="md">
        {failure != null && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {marketError(t, failure, i18n.language)}
          </Alert>
        )}
        {shop.reason && (
          <Alert color="gray" variant="light" title={t('market.officer.reason')}>
            {shop.reason}
          </Alert>
        )}
        <Group gap="xs" data-testid="shop-actions">
          {ACTIONS[shop.state].map((a) => (
            <Button
              key={a}
              color={NEEDS_REASON.includes(a) ? 'red' : undefined}
              variant={NEEDS_REASON.includes(a) ? 'light' : 'filled'}
              loading={decide.isPending}
              onClick={() => (NEEDS_REASON.includes(a) ? setAsking(a) : run(a))}
              data-testid={`decide-${a}`}
            >
              {t(`market.officer.actions.${a}`)}
            </Button>
          ))}
          <Button variant="default" component={Link} to={`/businesses/${shop.businessId}`}>
            {t('market.officer.openBusiness')}
          </Button>
        </Group>
        <Paper radius="md" p="md">
          <Group gap="md" align="flex-start" wrap="nowrap">
            <Avatar src={shop.logoUrl} size={72} radius="md" color="civic">
              <IconBuildingStore size={32} />
            </Avatar>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" style={{ flex: 1 }}>
              {field(t('market.shopForm.whatsapp'), shop.whatsapp)}
              {field(t('market.shopForm.kecamatan'), shop.pickupKecamatanName)}
              {field(t('market.shopForm.openingHours'), shop.openingHours)}
              {field(t('market.officer.applied'), formatDateTime(shop.createdAt, i18n.language))}
              {field(t('market.shopForm.description'), shop.description)}
              <Stack gap={2}>
                <Text size="xs" c="dimmed">
                  {t('market.officer.badges')}
                </Text>
                <Group gap={4}>
                  {shop.badges.length > 0 ? (
                    <RegistryBadges badges={shop.badges} />
                  ) : (
                    <Text size="sm">—</Text>
                  )}
                </Group>
              </Stack>
            </SimpleGrid>
          </Group>
        </Paper>
        <Text fw={600}>{t('market.officer.productsOf', { count: products.data?.total ?? 0 })}</Text>
        {products.data && (
          <ProductCards
            items={products.data.items}
            to={(p) => `/market/products?q=${encodeURIComponent(p.name)}`}
          />
        )}
      </Stack>
      <Modal
        opened={asking !== null}
        onClose={() => setAsking(null)}
        title={asking ? t(`market.officer.actions.${asking}`) : ''}
      >
        <Stack>
          <Textarea
            label={t('market.officer.reasonLabel')}
            description={t('market.officer.reasonHint')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
            data-testid="decision-reason"
          />
          <Button
            color="red"
            disabled={!reason.trim()}
            loading={decide.isPending}
            onClick={() => asking && run(asking, reason.trim())}
          >
            {asking ? t(`market.officer.actions.${asking}`) : ''}
          </Button>
        </Stack>
      </Modal>
    </>
  );
}
