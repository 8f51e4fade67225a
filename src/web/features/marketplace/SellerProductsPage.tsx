import { Button } from '@mantine/core';
import { IconPackage, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ListPage, useListFilters } from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useProducts, useShops } from './market.api.ts';
import { ProductCards, ProductFilters, ProductTable } from './ProductList.tsx';
import { SellerTabs } from './parts.tsx';

const PAGE_SIZE = 25;

/** The seller's products, newest first; a hidden one carries the officer's reason on its page. */
export function SellerProductsPage() {
  const { t } = useTranslation();
  const list = useListFilters();
  const shops = useShops({ pageSize: 50 });
  const query = {
    q: list.read('q'),
    category: list.read('category'),
    hidden: list.oneOf('hidden', ['true', 'false']),
  };
  const products = useProducts({ ...query, page: list.page, pageSize: PAGE_SIZE });
  const hasShop = (shops.data?.items.length ?? 0) > 0;
  const add = hasShop && (
    <Button
      component={Link}
      to="/shop/products/new"
      size="md"
      leftSection={<IconPlus size={18} />}
      data-testid="add-product"
    >
      {t('market.products.add')}
    </Button>
  );
  const to = (p: { id: number }) => `/shop/products/${p.id}`;
  return (
    <>
      <PageHeader
        title={t('market.products.title')}
        description={t('market.products.sellerDescription')}
        actions={add}
      />
      <SellerTabs />
      <ListPage
        list={list}
        searchLabel={t('market.products.search')}
        searchPlaceholder={t('market.products.searchPlaceholder')}
        filters={<ProductFilters list={list} />}
        activeFilters={[query.category, query.hidden].filter(Boolean).length}
        result={products}
        pageSize={PAGE_SIZE}
        cardHeight={100}
        table={(items) => <ProductTable items={items} to={to} />}
        cards={(items) => <ProductCards items={items} to={to} />}
        noMatch={{ title: t('market.products.noMatchTitle'), description: t('market.products.noMatch') }}
        empty={{
          icon: <IconPackage size={28} />,
          title: t('market.products.emptyTitle'),
          description: hasShop ? t('market.products.empty') : t('market.products.emptyNoShop'),
          action: add || undefined,
        }}
      />
    </>
  );
}
