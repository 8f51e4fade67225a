import './texts.ts';
import {
  Alert,
  Button,
  Grid,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_CASELOAD_CAP, EXPERTISE, type Expertise } from '../../../shared/mentoring.ts';
import { applyFieldErrors, errorText } from '../../components/error-text.ts';
import { FormSection } from '../../components/FormSection.tsx';
import { ContactFields } from '../areas/ContactFields.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useInstitutions } from '../institutions/institutions.api.ts';
import { useExpertiseLabel } from './MentorBits.tsx';
import { type CreatedMentor, type MentorDetail, useCreateMentor, useUpdateMentor } from './mentors.api.ts';

interface Values {
  email: string;
  name: string;
  institutionId: string | null;
  phone: string;
  expertise: string[];
  kelurahan: string[];
  caseloadCap: number | string;
}

/**
 * A new mentor (account, profile and kelurahan at once) or an edit of a profile. The mentor themself edits
 * only their phone and expertise; the office and their institution's admin everything of the profile.
 */
export function MentorForm({
  mentor,
  onCancel,
  onCreated,
  onSaved,
}: {
  mentor?: MentorDetail;
  onCancel: () => void;
  onCreated?: (created: CreatedMentor) => void;
  onSaved?: (mentor: MentorDetail) => void;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const label = useExpertiseLabel();
  const creating = !mentor;
  const ownOnly = mentor?.canEdit === 'own';
  const pickInstitution = creating && me.role === 'admin';
  const institutions = useInstitutions(pickInstitution);
  const create = useCreateMentor();
  const update = useUpdateMentor(mentor?.id ?? 0);
  const [failure, setFailure] = useState<unknown>(null);

  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      email: '',
      name: '',
      institutionId: null,
      phone: mentor?.phone ?? '',
      expertise: mentor?.expertise ?? [],
      kelurahan: mentor?.kelurahan.map((k) => k.code) ?? [],
      caseloadCap: mentor?.caseloadCap ?? DEFAULT_CASELOAD_CAP,
    },
    validate: {
      email: (v) => (creating && !/^\S+@\S+\.\S+$/.test(v) ? t('fieldErrors.invalid') : null),
      name: (v) => (creating && v.trim().length < 2 ? t('fieldErrors.invalid') : null),
      institutionId: (v) => (pickInstitution && !v ? t('fieldErrors.InstitutionRequired') : null),
      caseloadCap: (v) =>
        ownOnly || (Number.isInteger(Number(v)) && Number(v) > 0) ? null : t('fieldErrors.invalid'),
    },
  });

  const submit = form.onSubmit((values) => {
    setFailure(null);
    const onError = (error: unknown) => {
      if (!applyFieldErrors(form, t, error)) setFailure(error);
    };
    const profile = {
      phone: values.phone.trim() || null,
      expertise: values.expertise as Expertise[],
    };
    if (creating) {
      create.mutate(
        {
          email: values.email.trim(),
          name: values.name.trim(),
          ...(pickInstitution ? { institutionId: Number(values.institutionId) } : {}),
          ...profile,
          kelurahan: values.kelurahan,
          caseloadCap: Number(values.caseloadCap),
        },
        { onSuccess: (created) => onCreated?.(created), onError },
      );
    } else {
      update.mutate(
        ownOnly
          ? profile
          : { ...profile, kelurahan: values.kelurahan, caseloadCap: Number(values.caseloadCap) },
        { onSuccess: (saved) => onSaved?.(saved), onError },
      );
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {failure != null && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {errorText(t, failure)}
          </Alert>
        )}
        {creating && (
          <FormSection title={t('mentors.form.account')}>
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label={t('mentors.name')}
                  required
                  data-autofocus
                  autoComplete="off"
                  {...form.getInputProps('name')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label={t('mentors.email')}
                  description={t('mentors.form.emailHint')}
                  inputWrapperOrder={['label', 'input', 'description', 'error']}
                  type="email"
                  required
                  autoComplete="off"
                  {...form.getInputProps('email')}
                />
              </Grid.Col>
              {pickInstitution && (
                <Grid.Col span={12}>
                  <Select
                    label={t('mentors.institution')}
                    placeholder={t('mentors.form.chooseInstitution')}
                    required
                    searchable
                    nothingFoundMessage={t('common.nothingFound')}
                    data={(institutions.data ?? []).map((i) => ({ value: String(i.id), label: i.name }))}
                    {...form.getInputProps('institutionId')}
                  />
                </Grid.Col>
              )}
            </Grid>
          </FormSection>
        )}
        <FormSection
          title={t('mentors.form.profile')}
          description={ownOnly ? t('mentors.form.ownHint') : undefined}
        >
          <Grid gap="sm">
            <ContactFields phone={{ label: t('mentors.phone'), input: form.getInputProps('phone') }} />
            {!ownOnly && (
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <NumberInput
                  label={t('mentors.caseloadCap')}
                  description={t('mentors.form.capHint')}
                  inputWrapperOrder={['label', 'input', 'description', 'error']}
                  min={1}
                  max={1000}
                  allowDecimal={false}
                  allowNegative={false}
                  {...form.getInputProps('caseloadCap')}
                />
              </Grid.Col>
            )}
            <Grid.Col span={12}>
              <MultiSelect
                label={t('mentors.expertise')}
                placeholder={t('mentors.form.expertisePlaceholder')}
                data={EXPERTISE.map((code) => ({ value: code, label: label(code) }))}
                clearable
                {...form.getInputProps('expertise')}
              />
            </Grid.Col>
          </Grid>
        </FormSection>
        {!ownOnly && (
          <FormSection title={t('mentors.form.areas')}>
            <Grid gap="sm">
              <ContactFields
                kelurahan={{
                  label: t('mentors.kelurahan'),
                  description: t('mentors.form.kelurahanHint'),
                  placeholder: t('mentors.form.kelurahanPlaceholder'),
                  multiple: true,
                  input: form.getInputProps('kelurahan'),
                }}
              />
            </Grid>
          </FormSection>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
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
