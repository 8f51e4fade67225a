import '../mentors/texts.ts';
import { Alert, Button, Grid, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  INSTITUTION_TYPE_LABELS,
  INSTITUTION_TYPES,
  type InstitutionType,
} from '../../../shared/mentoring.ts';
import type { Institution } from '../../api/types.ts';
import { applyFieldErrors, errorText } from '../../components/error-text.ts';
import { ContactFields } from '../areas/ContactFields.tsx';
import { type InstitutionDetail, useCreateInstitution, useUpdateInstitution } from './institutions.api.ts';

interface Values {
  name: string;
  type: string;
  contactName: string;
  phone: string;
  address: string;
  kelurahanCode: string | null;
}

/** The label of an institution type in the reader's language. */
export function useInstitutionTypeLabel() {
  const { i18n } = useTranslation();
  return (type: InstitutionType) => INSTITUTION_TYPE_LABELS[type][i18n.language === 'en' ? 'en' : 'id'];
}

/**
 * A new institution (the office), or an edit: the office changes everything, the institution's own admin
 * its contact person, phone and address.
 */
export function InstitutionForm({
  institution,
  onDone,
  onSaved,
}: {
  institution?: InstitutionDetail;
  onDone: () => void;
  onSaved: (institution: Institution) => void;
}) {
  const { t } = useTranslation();
  const typeLabel = useInstitutionTypeLabel();
  const contactOnly = institution?.canEdit === 'contact';
  const create = useCreateInstitution();
  const update = useUpdateInstitution(institution?.id ?? 0);
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      name: institution?.name ?? '',
      type: institution?.type ?? 'ngo',
      contactName: institution?.contactName ?? '',
      phone: institution?.phone ?? '',
      address: institution?.address ?? '',
      kelurahanCode: institution?.kelurahanCode ?? null,
    },
    validate: {
      name: (v) => (contactOnly || v.trim().length >= 2 ? null : t('institutions.nameTooShort')),
    },
  });

  const submit = form.onSubmit((v) => {
    setFailure(null);
    const contact = {
      contactName: v.contactName.trim() || null,
      phone: v.phone.trim() || null,
      address: v.address.trim() || null,
    };
    const all = {
      ...contact,
      name: v.name.trim(),
      type: v.type as InstitutionType,
      kelurahanCode: v.kelurahanCode || null,
    };
    const handlers = {
      onSuccess: onSaved,
      onError: (error: unknown) => {
        if (!applyFieldErrors(form, t, error)) setFailure(error);
      },
    };
    if (!institution) create.mutate(all, handlers);
    else update.mutate(contactOnly ? contact : all, handlers);
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {failure != null && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {errorText(t, failure)}
          </Alert>
        )}
        {contactOnly && (
          <Text size="sm" c="dimmed">
            {t('mentors.institutions.contactOnlyHint')}
          </Text>
        )}
        <Grid gap="sm">
          {!contactOnly && (
            <>
              <Grid.Col span={{ base: 12, sm: 8 }}>
                <TextInput
                  label={t('institutions.name')}
                  placeholder={t('institutions.namePlaceholder')}
                  required
                  data-autofocus
                  {...form.getInputProps('name')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <Select
                  label={t('mentors.institutions.type')}
                  allowDeselect={false}
                  data={INSTITUTION_TYPES.map((type) => ({ value: type, label: typeLabel(type) }))}
                  {...form.getInputProps('type')}
                />
              </Grid.Col>
            </>
          )}
          <ContactFields
            contactName={{
              label: t('mentors.institutions.contactName'),
              input: form.getInputProps('contactName'),
              autoFocus: contactOnly,
            }}
            phone={{ label: t('mentors.institutions.phone'), input: form.getInputProps('phone') }}
            address={{ label: t('mentors.institutions.address'), input: form.getInputProps('address') }}
            kelurahan={
              contactOnly
                ? undefined
                : {
                    label: t('mentors.institutions.kelurahan'),
                    placeholder: t('mentors.institutions.cityWide'),
                    input: form.getInputProps('kelurahanCode'),
                  }
            }
          />
        </Grid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
