import { Alert, Avatar, Button, Card, FileButton, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconBrandWhatsapp, IconBuildingStore, IconPhoto } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useMyBusinesses } from '../owner/owner.api.ts';
import { type Shop, useShopLogo, useShops } from './market.api.ts';
import { marketError, RegistryBadges, SellerTabs, ShopStateBadge } from './parts.tsx';
import { ShopForm } from './ShopForm.tsx';

/** "Toko saya": the owner's shop for each business, or the application for one; then products and orders. */
export function SellerHomePage() {
  const { t } = useTranslation();
  const businesses = useMyBusinesses();
  const shops = useShops({ pageSize: 50 });
  const loading = businesses.isPending || shops.isPending;
  const error = businesses.error ?? shops.error;
  return (
    <>
      <PageHeader title={t('market.seller.title')} description={t('market.seller.description')} />
      <SellerTabs />
      {loading ? (
        <SkeletonRows rows={2} height={200} />
      ) : error ? (
        <ErrorAlert
          error={error}
          onRetry={() => {
            businesses.refetch();
            shops.refetch();
          }}
        />
      ) : businesses.data!.length === 0 ? (
        <EmptyMessage
          icon={<IconBuildingStore size={28} />}
          title={t('market.seller.noBusinessTitle')}
          description={t('market.seller.noBusiness')}
        />
      ) : (
        <Stack gap="md">
          {businesses
            .data!.filter((b) => !b.archived)
            .map((b) => {
              const shop = shops.data!.items.find((s) => s.businessId === b.id);
              return shop ? (
                <ShopCard key={b.id} shop={shop} />
              ) : (
                <Card key={b.id} radius="md" padding="md" data-testid="apply-card">
                  <Title order={2} fz="h4">
                    {t('market.seller.applyTitle', { name: b.name })}
                  </Title>
                  <Text size="sm" c="dimmed" mb="sm">
                    {t('market.seller.applyHint')}
                  </Text>
                  <ShopForm businessId={b.id} />
                </Card>
              );
            })}
        </Stack>
      )}
    </>
  );
}

function ShopCard({ shop }: { shop: Shop }) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState(false);
  const logo = useShopLogo(shop.id);
  return (
    <Card radius="md" padding="md" data-testid="shop-card">
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Avatar src={shop.logoUrl} size={56} radius="md" color="civic">
            <IconBuildingStore size={28} />
          </Avatar>
          <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
            <Group gap="xs">
              <Title order={2} fz="h4" className="break-anywhere">
                {shop.name}
              </Title>
              <ShopStateBadge state={shop.state} />
            </Group>
            <Text size="sm" c="dimmed">
              {shop.businessName} · {shop.pickupKecamatanName}
            </Text>
            <Group gap={4}>
              <RegistryBadges badges={shop.badges} />
            </Group>
          </Stack>
        </Group>
        {shop.state === 'pending' && (
          <Alert color="yellow" variant="light">
            {t('market.seller.pendingHint')}
          </Alert>
        )}
        {(shop.state === 'rejected' || shop.state === 'suspended') && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            title={t(`market.seller.${shop.state}Title`)}
            data-testid="shop-reason"
          >
            {shop.reason}
            {shop.state === 'rejected' && (
              <Text size="sm" mt={4}>
                {t('market.seller.rejectedHint')}
              </Text>
            )}
          </Alert>
        )}
        <Group gap="xs" grow preventGrowOverflow={false}>
          <Button component={Link} to="/shop/products" variant="light" size="md">
            {t('market.seller.products', { count: shop.products })}
          </Button>
          <Button component={Link} to="/shop/orders" variant="light" size="md" data-testid="open-orders">
            {t('market.seller.orders', { count: shop.openOrders })}
          </Button>
        </Group>
        <Group gap="xs">
          <Button variant="default" onClick={() => setEditing(true)}>
            {t('market.seller.edit')}
          </Button>
          <FileButton
            accept="image/jpeg,image/png"
            onChange={(file) =>
              file &&
              logo.mutate(file, {
                onSuccess: () => notifications.show({ color: 'teal', message: t('market.seller.logoSaved') }),
                onError: (e) =>
                  notifications.show({ color: 'red', message: marketError(t, e, i18n.language) }),
              })
            }
          >
            {(props) => (
              <Button
                variant="default"
                leftSection={<IconPhoto size={16} />}
                loading={logo.isPending}
                {...props}
              >
                {t('market.seller.logo')}
              </Button>
            )}
          </FileButton>
          <Text size="sm" c="dimmed">
            <IconBrandWhatsapp size={14} /> {shop.whatsapp}
          </Text>
        </Group>
      </Stack>
      <Modal opened={editing} onClose={() => setEditing(false)} title={t('market.seller.edit')} size="lg">
        <ShopForm shop={shop} onDone={() => setEditing(false)} />
      </Modal>
    </Card>
  );
}
