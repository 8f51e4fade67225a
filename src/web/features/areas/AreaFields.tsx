import { Grid, Select } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { useKecamatan, useKelurahan } from './areas.api.ts';

/**
 * A form's kecamatan and kelurahan, side by side on wide screens: the kelurahan list follows the
 * kecamatan, and choosing another kecamatan empties the kelurahan (the form does that in
 * `onKecamatanChange`). An officer's own area can be fixed with the `locked` flags.
 */
export function AreaFields({
  kecamatan,
  kelurahan,
  onKecamatanChange,
  kecamatanLocked = false,
  kelurahanLocked = false,
}: {
  kecamatan: GetInputPropsReturnType;
  kelurahan: GetInputPropsReturnType;
  onKecamatanChange: (code: string | null) => void;
  kecamatanLocked?: boolean;
  kelurahanLocked?: boolean;
}) {
  const { t } = useTranslation();
  const kecamatanCode = (kecamatan.value as string | null) ?? null;
  const kecamatanList = useKecamatan();
  const kelurahanList = useKelurahan(kecamatanCode);
  return (
    <>
      <Grid.Col span={{ base: 12, sm: 6 }}>
        <Select
          label={t('businesses.filters.kecamatan')}
          required
          searchable
          disabled={kecamatanLocked}
          placeholder={t('businessForm.choose')}
          nothingFoundMessage={t('common.nothingFound')}
          data={(kecamatanList.data ?? []).map((a) => ({ value: a.code, label: a.name }))}
          {...kecamatan}
          onChange={onKecamatanChange}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 6 }}>
        <Select
          label={t('businesses.filters.kelurahan')}
          required
          searchable
          disabled={!kecamatanCode || kelurahanLocked}
          placeholder={
            kecamatanCode ? t('businessForm.choose') : t('businesses.filters.chooseKecamatanFirst')
          }
          nothingFoundMessage={t('common.nothingFound')}
          data={(kelurahanList.data ?? []).map((a) => ({ value: a.code, label: a.name }))}
          {...kelurahan}
        />
      </Grid.Col>
    </>
  );
}
