import { Badge, Group, Image, Paper, Stack, Table, Text } from '@mantine/core';
import { IconPhoto } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PRODUCT_CATEGORIES } from '../../../shared/marketplace.ts';
import { formatRupiah } from '../../components/format.ts';
import { LinkCard, LinkRow, type ListFilters, SelectFilter } from '../../components/ListPage.tsx';
import type { Product } from './market.api.ts';
import { categoryLabel } from './parts.tsx';

/** The category and visibility filters both product lists share. */
export function ProductFilters({ list }: { list: ListFilters }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <SelectFilter
        list={list}
        param="category"
        label={t('market.products.category')}
        options={PRODUCT_CATEGORIES}
        labelOf={(c) => categoryLabel(c, i18n.language)}
      />
      <SelectFilter
        list={list}
        param="hidden"
        label={t('market.products.visibility')}
        options={[
          { value: 'false', label: t('market.products.shown') },
          { value: 'true', label: t('market.products.hiddenFilter') },
        ]}
      />
    </>
  );
}

function Thumb({ product, size }: { product: Product; size: number }) {
  const photo = product.photos[0];
  return photo ? (
    <Image src={photo.url} w={size} h={size} radius="sm" fit="cover" alt="" loading="lazy" />
  ) : (
    <Paper w={size} h={size} radius="sm" bg="gray.1" style={{ display: 'grid', placeItems: 'center' }}>
      <IconPhoto size={size / 2.5} color="var(--mantine-color-gray-5)" />
    </Paper>
  );
}

function Stock({ product }: { product: Product }) {
  const { t } = useTranslation();
  if (product.variants.length > 0)
    return <>{t('market.products.variants', { count: product.variants.length })}</>;
  if (product.stock === null) return <>{t('market.products.madeToOrder')}</>;
  return <>{t('market.products.stockLeft', { count: product.stock })}</>;
}

function Flags({ product }: { product: Product }) {
  const { t } = useTranslation();
  return (
    <>
      {product.hiddenAt && (
        <Badge color="red" variant="light" radius="sm" style={{ flexShrink: 0 }} data-testid="hidden-badge">
          {t('market.products.hidden')}
        </Badge>
      )}
      {product.featured && (
        <Badge color="yellow" variant="light" radius="sm" style={{ flexShrink: 0 }}>
          {t('market.products.featured')}
        </Badge>
      )}
    </>
  );
}

export function ProductTable({
  items,
  to,
  action,
}: {
  items: Product[];
  to: (p: Product) => string;
  action?: (p: Product) => ReactNode;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Paper radius="md" style={{ overflow: 'hidden' }}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="products-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('market.products.name')}</Table.Th>
            <Table.Th>{t('market.products.shop')}</Table.Th>
            <Table.Th>{t('market.products.category')}</Table.Th>
            <Table.Th ta="right">{t('market.products.price')}</Table.Th>
            <Table.Th>{t('market.products.stock')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((p) => (
            <LinkRow key={p.id} to={to(p)} testId="product-row">
              <Table.Td>
                <Group gap="sm" wrap="nowrap">
                  <Thumb product={p} size={40} />
                  <Text fw={600} size="sm" c="civic.8" component={Link} to={to(p)}>
                    {p.name}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td>{p.shopName}</Table.Td>
              <Table.Td>{categoryLabel(p.category, i18n.language)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatRupiah(p.price, i18n.language)}
              </Table.Td>
              <Table.Td>
                <Stock product={p} />
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Flags product={p} />
                  {action?.(p)}
                </Group>
              </Table.Td>
            </LinkRow>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

export function ProductCards({
  items,
  to,
  action,
}: {
  items: Product[];
  to: (p: Product) => string;
  action?: (p: Product) => ReactNode;
}) {
  const { i18n } = useTranslation();
  return (
    <Stack gap="sm" data-testid="product-cards">
      {items.map((p) => {
        const card = (
          <LinkCard key={p.id} to={to(p)} padding="sm" testId="product-card">
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <Thumb product={p} size={72} />
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text fw={700} size="lg">
                  {formatRupiah(p.price, i18n.language)}
                </Text>
                <Text fw={600} className="break-anywhere">
                  {p.name}
                </Text>
                <Text size="sm" c="dimmed">
                  <Stock product={p} />
                </Text>
                <Group gap={4}>
                  <Flags product={p} />
                </Group>
              </Stack>
            </Group>
          </LinkCard>
        );
        return action ? (
          <Stack key={p.id} gap={4}>
            {card}
            <Group justify="flex-end">{action(p)}</Group>
          </Stack>
        ) : (
          card
        );
      })}
    </Stack>
  );
}
