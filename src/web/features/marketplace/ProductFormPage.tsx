import {
  ActionIcon,
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Checkbox,
  Grid,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PRODUCT_CATEGORIES, type ProductCategory } from '../../../shared/marketplace.ts';
import { applyFieldErrors } from '../../components/error-text.ts';
import { FormSection } from '../../components/FormSection.tsx';
import { MoneyInput, moneyValue } from '../../components/MoneyInput.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPage, useIdParam } from '../../components/RecordPage.tsx';
import { SkeletonRows } from '../../components/states.tsx';
import { type Product, useDeleteProduct, useProduct, useSaveProduct, useShops } from './market.api.ts';
import { PhotosSection } from './ProductPhotos.tsx';
import { categoryLabel, marketError, SellerTabs } from './parts.tsx';

interface VariantValues {
  id?: number;
  name: string;
  price: number | string;
  stock: number | string;
}
interface Values {
  shopId: string;
  name: string;
  category: ProductCategory | '';
  price: number | string;
  unit: string;
  weightGrams: number | string;
  madeToOrder: boolean;
  stock: number | string;
  description: string;
  variants: VariantValues[];
}

export function NewProductPage() {
  const shops = useShops({ pageSize: 50 });
  const { t } = useTranslation();
  if (shops.isPending) return <SkeletonRows rows={6} height={56} />;
  return (
    <ProductForm
      shops={(shops.data?.items ?? []).map((s) => ({ value: String(s.id), label: s.name }))}
      key="new"
      title={t('market.productForm.newTitle')}
    />
  );
}

export function EditProductPage() {
  const { t } = useTranslation();
  const id = useIdParam();
  const product = useProduct(id);
  return (
    <RecordPage id={id} query={product} title={t('market.productForm.editTitle')}>
      {(p) => (
        <Stack gap="md">
          <ProductForm product={p} shops={[{ value: String(p.shopId), label: p.shopName }]} title={p.name} />
          <PhotosSection product={p} />
        </Stack>
      )}
    </RecordPage>
  );
}

function ProductForm({
  product,
  shops,
  title,
}: {
  product?: Product;
  shops: { value: string; label: string }[];
  title: string;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      shopId: product ? String(product.shopId) : (shops[0]?.value ?? ''),
      name: product?.name ?? '',
      category: product?.category ?? '',
      price: product?.price ?? '',
      unit: product?.unit ?? 'pcs',
      weightGrams: product?.weightGrams ?? '',
      madeToOrder: product ? product.stock === null : false,
      stock: product?.stock ?? '',
      description: product?.description ?? '',
      variants: (product?.variants ?? []).map((v) => ({
        id: v.id,
        name: v.name,
        price: v.price,
        stock: v.stock ?? '',
      })),
    },
    validate: {
      shopId: (v) => (v ? null : t('market.productForm.shopRequired')),
      name: (v) => (v.trim().length >= 2 ? null : t('market.productForm.nameTooShort')),
      category: (v) => (v ? null : t('market.productForm.categoryRequired')),
      price: (v) => (moneyValue(v) !== null ? null : t('market.productForm.priceRequired')),
      stock: (v, all) =>
        all.madeToOrder || all.variants.length > 0 || moneyValue(v) !== null
          ? null
          : t('market.productForm.stockRequired'),
    },
  });
  const save = useSaveProduct(Number(form.getValues().shopId), product?.id ?? null);
  const remove = useDeleteProduct(product?.id ?? 0);
  const values = form.getValues();
  const submit = form.onSubmit((v) => {
    setFailure(null);
    save.mutate(
      {
        name: v.name.trim(),
        category: v.category as ProductCategory,
        price: moneyValue(v.price) ?? 0,
        unit: v.unit.trim() || 'pcs',
        weightGrams: moneyValue(v.weightGrams),
        stock: v.madeToOrder ? null : moneyValue(v.stock),
        description: v.description.trim(),
        variants: v.variants.map((x) => ({
          ...(x.id ? { id: x.id } : {}),
          name: x.name.trim(),
          price: moneyValue(x.price) ?? 0,
          stock: v.madeToOrder ? null : moneyValue(x.stock),
        })),
      },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: t('market.productForm.saved', { name: saved.name }) });
          // A new product goes on to its page, where its photos are added.
          if (!product) navigate(`/shop/products/${saved.id}`);
        },
        onError: (error) => {
          if (!applyFieldErrors(form, t, error)) setFailure(error);
        },
      },
    );
  });
  return (
    <>
      <PageHeader
        above={
          <Breadcrumbs separatorMargin={6} fz="sm">
            <Anchor component={Link} to="/shop/products" size="sm">
              {t('market.products.title')}
            </Anchor>
            <Text size="sm" className="break-anywhere">
              {product ? product.name : t('market.products.add')}
            </Text>
          </Breadcrumbs>
        }
        title={title}
      />
      <SellerTabs />
      <form onSubmit={submit} noValidate data-testid="product-form">
        <Stack gap="md">
          {product?.hiddenAt && (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle size={18} />}
              title={t('market.productForm.hiddenTitle')}
              data-testid="hidden-reason"
            >
              {product.hiddenReason}
            </Alert>
          )}
          {failure != null && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {marketError(t, failure, i18n.language)}
            </Alert>
          )}
          <FormSection title={t('market.productForm.section')}>
            <Grid gap="sm">
              {!product && shops.length > 1 && (
                <Grid.Col span={12}>
                  <Select label={t('market.products.shop')} data={shops} {...form.getInputProps('shopId')} />
                </Grid.Col>
              )}
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput label={t('market.products.name')} required {...form.getInputProps('name')} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <Select
                  label={t('market.products.category')}
                  required
                  data={PRODUCT_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c, i18n.language) }))}
                  {...form.getInputProps('category')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 4 }}>
                <MoneyInput label={t('market.products.price')} required {...form.getInputProps('price')} />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 4 }}>
                <TextInput
                  label={t('market.productForm.unit')}
                  placeholder="pcs, bungkus, kg"
                  {...form.getInputProps('unit')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <NumberInput
                  label={t('market.productForm.weight')}
                  inputMode="numeric"
                  allowDecimal={false}
                  allowNegative={false}
                  hideControls
                  rightSection={
                    <Text size="sm" c="dimmed">
                      g
                    </Text>
                  }
                  {...form.getInputProps('weightGrams')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <Checkbox
                  mt={{ sm: 'lg' }}
                  label={t('market.productForm.madeToOrder')}
                  description={t('market.productForm.madeToOrderHint')}
                  {...form.getInputProps('madeToOrder', { type: 'checkbox' })}
                />
              </Grid.Col>
              {!values.madeToOrder && values.variants.length === 0 && (
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <NumberInput
                    label={t('market.products.stock')}
                    inputMode="numeric"
                    allowDecimal={false}
                    allowNegative={false}
                    min={0}
                    {...form.getInputProps('stock')}
                  />
                </Grid.Col>
              )}
              <Grid.Col span={12}>
                <Textarea
                  label={t('market.productForm.description')}
                  autosize
                  minRows={3}
                  {...form.getInputProps('description')}
                />
              </Grid.Col>
            </Grid>
          </FormSection>
          <FormSection
            title={t('market.productForm.variants')}
            description={t('market.productForm.variantsHint')}
          >
            <Stack gap="xs">
              {values.variants.map((_, i) => (
                <Grid key={form.key(`variants.${i}`)} gap="xs" align="flex-end">
                  <Grid.Col span={{ base: 12, sm: 5 }}>
                    <TextInput
                      label={t('market.productForm.variantName')}
                      {...form.getInputProps(`variants.${i}.name`)}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 5, sm: 3 }}>
                    <MoneyInput
                      label={t('market.products.price')}
                      {...form.getInputProps(`variants.${i}.price`)}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 5, sm: 3 }}>
                    <NumberInput
                      label={t('market.products.stock')}
                      allowDecimal={false}
                      allowNegative={false}
                      disabled={values.madeToOrder}
                      {...form.getInputProps(`variants.${i}.stock`)}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 2, sm: 1 }}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="lg"
                      aria-label={t('market.productForm.removeVariant')}
                      onClick={() => form.removeListItem('variants', i)}
                    >
                      <IconTrash size={18} />
                    </ActionIcon>
                  </Grid.Col>
                </Grid>
              ))}
              <Group>
                <Button
                  variant="light"
                  leftSection={<IconPlus size={16} />}
                  onClick={() =>
                    form.insertListItem('variants', { name: '', price: values.price, stock: '' })
                  }
                >
                  {t('market.productForm.addVariant')}
                </Button>
              </Group>
            </Stack>
          </FormSection>
          <Group justify="space-between">
            {product ? (
              <Button
                variant="subtle"
                color="red"
                loading={remove.isPending}
                onClick={() =>
                  remove.mutate(undefined, {
                    onSuccess: () => {
                      notifications.show({ color: 'teal', message: t('market.productForm.deleted') });
                      navigate('/shop/products');
                    },
                  })
                }
              >
                {t('market.productForm.delete')}
              </Button>
            ) : (
              <span />
            )}
            <Button type="submit" size="md" loading={save.isPending} data-testid="product-submit">
              {t('market.productForm.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
