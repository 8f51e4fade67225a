import { Alert, Button, Grid, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizeMobilePhone } from '../../../shared/marketplace.ts';
import { applyFieldErrors } from '../../components/error-text.ts';
import { FormSection, HINTS_BELOW } from '../../components/FormSection.tsx';
import { useKecamatan } from '../areas/areas.api.ts';
import { type Shop, type ShopFields, useApplyShop, useEditShop } from './market.api.ts';
import { marketError } from './parts.tsx';

/** A seller's shop: apply for one (for a business) or change it. Phone-first: one column on a phone. */
export function ShopForm({
  businessId,
  shop,
  onDone,
}: {
  businessId?: number;
  shop?: Shop;
  onDone?: (shop: Shop) => void;
}) {
  const { t, i18n } = useTranslation();
  const kecamatan = useKecamatan();
  const apply = useApplyShop();
  const edit = useEditShop(shop?.id ?? 0);
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm<ShopFields>({
    mode: 'controlled',
    initialValues: {
      name: shop?.name ?? '',
      description: shop?.description ?? '',
      pickupKecamatanCode: shop?.pickupKecamatanCode ?? '',
      whatsapp: shop?.whatsapp ?? '',
      openingHours: shop?.openingHours ?? '',
    },
    validate: {
      name: (v) => (v.trim().length >= 2 ? null : t('market.shopForm.nameTooShort')),
      pickupKecamatanCode: (v) => (v ? null : t('market.shopForm.kecamatanRequired')),
      whatsapp: (v) => (normalizeMobilePhone(v) ? null : t('market.shopForm.whatsappInvalid')),
    },
  });
  const submit = form.onSubmit((v) => {
    setFailure(null);
    const onError = (error: Error) => {
      if (!applyFieldErrors(form, t, error)) setFailure(error);
    };
    const onSuccess = (saved: Shop) => {
      notifications.show({
        color: 'teal',
        message: t(shop ? 'market.shopForm.saved' : 'market.shopForm.applied'),
      });
      onDone?.(saved);
    };
    if (shop) edit.mutate(v, { onSuccess, onError });
    else apply.mutate({ ...v, businessId: businessId! }, { onSuccess, onError });
  });
  return (
    <form onSubmit={submit} noValidate data-testid="shop-form">
      <Stack gap="md">
        {failure != null && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {marketError(t, failure, i18n.language)}
          </Alert>
        )}
        <FormSection title={t('market.shopForm.section')} description={t('market.shopForm.sectionHint')}>
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label={t('market.shopForm.name')} required {...form.getInputProps('name')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label={t('market.shopForm.whatsapp')}
                description={t('market.shopForm.whatsappHint')}
                inputWrapperOrder={HINTS_BELOW}
                type="tel"
                inputMode="tel"
                required
                {...form.getInputProps('whatsapp')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label={t('market.shopForm.kecamatan')}
                description={t('market.shopForm.kecamatanHint')}
                inputWrapperOrder={HINTS_BELOW}
                searchable
                required
                data={(kecamatan.data ?? []).map((a) => ({ value: a.code, label: a.name }))}
                {...form.getInputProps('pickupKecamatanCode')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label={t('market.shopForm.openingHours')}
                placeholder={t('market.shopForm.openingHoursPlaceholder')}
                {...form.getInputProps('openingHours')}
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <Textarea
                label={t('market.shopForm.description')}
                autosize
                minRows={3}
                {...form.getInputProps('description')}
              />
            </Grid.Col>
          </Grid>
        </FormSection>
        <Group justify="flex-end">
          <Button
            type="submit"
            size="md"
            loading={apply.isPending || edit.isPending}
            data-testid="shop-submit"
          >
            {shop ? t('market.shopForm.save') : t('market.shopForm.apply')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
