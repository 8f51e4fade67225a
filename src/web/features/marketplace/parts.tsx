import './texts.ts';
import { Badge, SegmentedControl } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import {
  BADGES,
  type Badge as BadgeKind,
  type OrderState,
  PRODUCT_CATEGORY_LABELS,
  type ProductCategory,
  type ShopState,
} from '../../../shared/marketplace.ts';
import { ApiError } from '../../api/client.ts';
import { errorText } from '../../components/error-text.ts';

const SHOP_COLORS: Record<ShopState, string> = {
  pending: 'yellow',
  approved: 'teal',
  rejected: 'red',
  suspended: 'gray',
};

export function ShopStateBadge({ state }: { state: ShopState }) {
  const { t } = useTranslation();
  return (
    <Badge color={SHOP_COLORS[state]} variant="light" radius="sm" data-testid="shop-state">
      {t(`market.shopStates.${state}`)}
    </Badge>
  );
}

const ORDER_COLORS: Record<OrderState, string> = {
  requested: 'yellow',
  confirmed: 'blue',
  declined: 'red',
  ready: 'grape',
  shipped: 'indigo',
  completed: 'teal',
  cancelled: 'gray',
};

export function OrderStateBadge({ state }: { state: OrderState }) {
  const { t } = useTranslation();
  return (
    <Badge color={ORDER_COLORS[state]} variant="light" radius="sm" data-testid="order-state">
      {t(`market.orderStates.${state}`)}
    </Badge>
  );
}

export function RegistryBadges({ badges }: { badges: BadgeKind[] }) {
  const { t } = useTranslation();
  return (
    <>
      {BADGES.filter((b) => badges.includes(b)).map((b) => (
        <Badge key={b} color="green" variant="outline" radius="sm" size="sm">
          {t(`market.badges.${b}`)}
        </Badge>
      ))}
    </>
  );
}

export function categoryLabel(category: ProductCategory, language: string) {
  return PRODUCT_CATEGORY_LABELS[category][language === 'en' ? 'en' : 'id'];
}

/**
 * The server's own sentence for a marketplace error in Indonesian (it names the field and the rule), the
 * general translated sentence in another language.
 */
export function marketError(t: TFunction, error: unknown, language: string): string {
  if (error instanceof ApiError && error.detail && language === 'id') return error.detail;
  return errorText(t, error);
}

/** The officers' sections of the marketplace, one tap apart. */
export function MarketTabs() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const value = pathname.startsWith('/market/products')
    ? '/market/products'
    : pathname.startsWith('/market/orders')
      ? '/market/orders'
      : pathname.startsWith('/market/campaigns')
        ? '/market/campaigns'
        : '/market';
  return (
    <SegmentedControl
      mb="md"
      value={value}
      onChange={(to) => navigate(to)}
      data={[
        { value: '/market', label: t('market.tabs.shops') },
        { value: '/market/products', label: t('market.tabs.products') },
        { value: '/market/orders', label: t('market.tabs.orders') },
        { value: '/market/campaigns', label: t('market.tabs.campaigns') },
      ]}
      data-testid="market-tabs"
    />
  );
}

/** The seller's sections, one tap apart (a phone-first bar). */
export function SellerTabs() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const value = pathname.startsWith('/shop/products')
    ? '/shop/products'
    : pathname.startsWith('/shop/orders')
      ? '/shop/orders'
      : '/shop';
  return (
    <SegmentedControl
      mb="md"
      fullWidth
      value={value}
      onChange={(to) => navigate(to)}
      data={[
        { value: '/shop', label: t('market.tabs.myShop') },
        { value: '/shop/products', label: t('market.tabs.products') },
        { value: '/shop/orders', label: t('market.tabs.orders') },
      ]}
      data-testid="seller-tabs"
    />
  );
}
