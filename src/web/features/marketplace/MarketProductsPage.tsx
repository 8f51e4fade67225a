import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEye, IconEyeOff, IconPackage, IconStar, IconStarOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListPage, SelectFilter, useListFilters } from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { type Product, useModerateProduct, useProducts } from './market.api.ts';
import { ProductCards, ProductFilters, ProductTable } from './ProductList.tsx';
import { MarketTabs, marketError } from './parts.tsx';

const PAGE_SIZE = 25;

/** Products of the officer's area: hide one with a reason the seller reads, feature one on the storefront. */
export function MarketProductsPage() {
  const { t, i18n } = useTranslation();
  const list = useListFilters();
  const query = {
    q: list.read('q'),
    category: list.read('category'),
    hidden: list.oneOf('hidden', ['true', 'false']),
    featured: list.oneOf('featured', ['true', 'false']),
  };
  const products = useProducts({ ...query, page: list.page, pageSize: PAGE_SIZE });
  const moderate = useModerateProduct();
  const [hiding, setHiding] = useState<Product | null>(null);
  const [reason, setReason] = useState('');
  const run = (id: number, action: 'hide' | 'unhide' | 'feature' | 'unfeature', why?: string) =>
    moderate.mutate(
      { id, action, ...(why ? { reason: why } : {}) },
      {
        onSuccess: () => {
          setHiding(null);
          setReason('');
          notifications.show({ color: 'teal', message: t(`market.moderation.done.${action}`) });
        },
        onError: (e) => notifications.show({ color: 'red', message: marketError(t, e, i18n.language) }),
      },
    );
  const actions = (p: Product) => (
    <Group gap={4} wrap="nowrap" onClick={(e) => e.stopPropagation()}>
      {p.hiddenAt ? (
        <Button
          size="compact-sm"
          variant="light"
          leftSection={<IconEye size={14} />}
          onClick={() => run(p.id, 'unhide')}
        >
          {t('market.moderation.unhide')}
        </Button>
      ) : (
        <>
          <Button
            size="compact-sm"
            variant="light"
            color="yellow"
            leftSection={p.featured ? <IconStarOff size={14} /> : <IconStar size={14} />}
            onClick={() => run(p.id, p.featured ? 'unfeature' : 'feature')}
            data-testid="feature"
          >
            {p.featured ? t('market.moderation.unfeature') : t('market.moderation.feature')}
          </Button>
          <Button
            size="compact-sm"
            variant="light"
            color="red"
            leftSection={<IconEyeOff size={14} />}
            onClick={() => setHiding(p)}
            data-testid="hide"
          >
            {t('market.moderation.hide')}
          </Button>
        </>
      )}
    </Group>
  );
  const to = (p: Product) => `/market/shops/${p.shopId}`;
  return (
    <>
      <PageHeader title={t('market.moderation.title')} description={t('market.moderation.description')} />
      <MarketTabs />
      <ListPage
        list={list}
        searchLabel={t('market.products.search')}
        searchPlaceholder={t('market.products.searchPlaceholder')}
        filters={
          <>
            <ProductFilters list={list} />
            <SelectFilter
              list={list}
              param="featured"
              label={t('market.products.featured')}
              options={[
                { value: 'true', label: t('market.moderation.featuredOnly') },
                { value: 'false', label: t('market.moderation.notFeatured') },
              ]}
            />
          </>
        }
        activeFilters={[query.category, query.hidden, query.featured].filter(Boolean).length}
        result={products}
        pageSize={PAGE_SIZE}
        cardHeight={120}
        table={(items) => <ProductTable items={items} to={to} action={actions} />}
        cards={(items) => <ProductCards items={items} to={to} action={actions} />}
        noMatch={{ title: t('market.products.noMatchTitle'), description: t('market.products.noMatch') }}
        empty={{
          icon: <IconPackage size={28} />,
          title: t('market.products.emptyTitle'),
          description: t('market.moderation.empty'),
        }}
      />
      <Modal
        opened={hiding !== null}
        onClose={() => setHiding(null)}
        title={t('market.moderation.hideTitle', { name: hiding?.name ?? '' })}
      >
        <Stack>
          <Textarea
            label={t('market.officer.reasonLabel')}
            description={t('market.officer.reasonHint')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          <Button
            color="red"
            disabled={!reason.trim()}
            loading={moderate.isPending}
            onClick={() => hiding && run(hiding.id, 'hide', reason.trim())}
          >
            {t('market.moderation.hide')}
          </Button>
        </Stack>
      </Modal>
    </>
  );
}
