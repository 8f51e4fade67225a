import '../mentors/texts.ts';
import { Grid, MultiSelect, Select, Textarea, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Area } from '../../api/types.ts';
import { useKecamatan } from './areas.api.ts';

/** Every kelurahan the user may see, grouped by kecamatan, for a searchable (multi-)select. */
export function useKelurahanOptions() {
  const kecamatan = useKecamatan();
  const lists = useQueries({
    queries: (kecamatan.data ?? []).map((k) => ({
      queryKey: ['areas', 'kelurahan', k.code],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<Area[]>(`/areas/kecamatan/${encodeURIComponent(k.code)}/kelurahan`, { signal }),
      staleTime: 60 * 60_000,
    })),
  });
  return (kecamatan.data ?? []).map((k, i) => ({
    group: k.name,
    items: (lists[i]?.data ?? []).map((a) => ({ value: a.code, label: a.name })),
  }));
}

type InputProps = ReturnType<UseFormReturnType<Record<string, unknown>>['getInputProps']>;

interface Field {
  label: string;
  input: InputProps;
}

/**
 * The contact block the institution and mentor forms share, as columns of the caller's `Grid`: contact
 * person, phone, address and the kelurahan worked in (one, or several for a mentor), each shown when given.
 */
export function ContactFields({
  contactName,
  phone,
  address,
  kelurahan,
}: {
  contactName?: Field & { autoFocus?: boolean };
  phone?: Field;
  address?: Field;
  kelurahan?: Field & { multiple?: boolean; placeholder?: string; description?: string };
}) {
  const { t } = useTranslation();
  const kelurahanOptions = useKelurahanOptions();
  const kelurahanProps = kelurahan && {
    label: kelurahan.label,
    description: kelurahan.description,
    inputWrapperOrder: ['label', 'input', 'description', 'error'] as (
      | 'label'
      | 'input'
      | 'description'
      | 'error'
    )[],
    placeholder: kelurahan.placeholder,
    searchable: true,
    clearable: true,
    nothingFoundMessage: t('common.nothingFound'),
    data: kelurahanOptions,
    ...kelurahan.input,
  };
  return (
    <>
      {contactName && (
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput
            label={contactName.label}
            data-autofocus={contactName.autoFocus || undefined}
            {...contactName.input}
          />
        </Grid.Col>
      )}
      {phone && (
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput
            label={phone.label}
            type="tel"
            inputMode="tel"
            placeholder={t('mentors.form.phonePlaceholder')}
            {...phone.input}
          />
        </Grid.Col>
      )}
      {address && (
        <Grid.Col span={12}>
          <Textarea label={address.label} autosize minRows={2} {...address.input} />
        </Grid.Col>
      )}
      {kelurahanProps && (
        <Grid.Col span={12}>
          {kelurahan.multiple ? (
            <MultiSelect hidePickedOptions {...kelurahanProps} />
          ) : (
            <Select {...kelurahanProps} />
          )}
        </Grid.Col>
      )}
    </>
  );
}
