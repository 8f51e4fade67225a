import { Alert, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../shared/roles.ts';
import type { Role, User } from '../../api/types.ts';
import { applyFieldErrors, errorText } from '../../components/error-text.ts';
import { useKecamatan, useKelurahan } from '../areas/areas.api.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useInstitutions } from '../institutions/institutions.api.ts';
import { useCreateUser, useUpdateUser } from './users.api.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const needsArea = (role: Role) => role === 'area_officer';
const needsInstitution = (role: Role) => role === 'institution_admin' || role === 'mentor';

interface Values {
  name: string;
  email: string;
  role: Role;
  kecamatan: string | null;
  kelurahan: string | null;
  institutionId: string | null;
}

function initialValues(user: User | undefined, defaultRole: Role): Values {
  const parts = user?.areaCode?.split('.') ?? [];
  return {
    name: user?.name ?? '',
    email: user?.email ?? '',
    role: user?.role ?? defaultRole,
    kecamatan: parts.length >= 3 ? parts.slice(0, 3).join('.') : null,
    kelurahan: parts.length === 4 ? user!.areaCode : null,
    institutionId: user?.institutionId != null ? String(user.institutionId) : null,
  };
}

/**
 * Create or edit an account. An admin chooses any role, with a kecamatan (and optionally a kelurahan) for an
 * area officer and an institution for institution roles; an institution admin manages mentors of their own
 * institution, so neither role nor institution is theirs to choose.
 */
export function UserForm({
  user,
  onCreated,
  onSaved,
  onCancel,
}: {
  user?: User;
  onCreated?: (user: User, oneTimePassword: string | undefined) => void;
  onSaved?: (user: User) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const isAdmin = me.role === 'admin';
  const editing = user !== undefined;
  const isSelf = user?.id === me.id;
  const create = useCreateUser();
  const update = useUpdateUser();
  const [failure, setFailure] = useState<unknown>(null);

  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: initialValues(user, isAdmin ? 'area_officer' : 'mentor'),
    validate: {
      name: (v) => (v.trim().length >= 2 ? null : t('users.form.nameTooShort')),
      email: (v) => (editing || EMAIL.test(v.trim()) ? null : t('users.form.emailInvalid')),
      kecamatan: (v, values) => (needsArea(values.role) && !v ? t('fieldErrors.AreaRequired') : null),
      institutionId: (v, values) =>
        isAdmin && needsInstitution(values.role) && !v ? t('fieldErrors.InstitutionRequired') : null,
    },
  });
  const { role, kecamatan } = form.getValues();

  const kecamatanList = useKecamatan(isAdmin && needsArea(role));
  const kelurahanList = useKelurahan(isAdmin && needsArea(role) ? kecamatan : null);
  const institutions = useInstitutions(isAdmin && needsInstitution(role));

  const submit = form.onSubmit((values) => {
    setFailure(null);
    const areaCode = needsArea(values.role) ? (values.kelurahan ?? values.kecamatan) : null;
    const institutionId =
      needsInstitution(values.role) && values.institutionId ? Number(values.institutionId) : null;
    const onError = (error: Error) => {
      if (!applyFieldErrors(form, t, error, { areaCode: 'kecamatan' })) setFailure(error);
    };
    if (editing) {
      const body = isAdmin
        ? { name: values.name.trim(), role: values.role, areaCode, institutionId }
        : { name: values.name.trim() };
      update.mutate({ id: user.id, body }, { onSuccess: (saved) => onSaved?.(saved), onError });
    } else {
      const body = isAdmin
        ? { name: values.name.trim(), email: values.email.trim(), role: values.role, areaCode, institutionId }
        : { name: values.name.trim(), email: values.email.trim(), role: 'mentor' as const };
      create.mutate(body, {
        onSuccess: (created) => onCreated?.(created.user, created.oneTimePassword),
        onError,
      });
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {failure != null && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {errorText(t, failure)}
          </Alert>
        )}
        <TextInput
          label={t('users.form.name')}
          required
          data-autofocus
          autoComplete="off"
          {...form.getInputProps('name')}
        />
        {editing ? (
          <TextInput label={t('users.form.email')} value={user.email} readOnly disabled />
        ) : (
          <TextInput
            label={t('users.form.email')}
            type="email"
            inputMode="email"
            autoComplete="off"
            required
            {...form.getInputProps('email')}
          />
        )}
        {isAdmin ? (
          <Select
            label={t('users.form.role')}
            required
            allowDeselect={false}
            disabled={isSelf}
            description={isSelf ? t('users.form.ownRole') : undefined}
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            {...form.getInputProps('role')}
            onChange={(value) => {
              if (value) form.setFieldValue('role', value as Role);
            }}
            comboboxProps={{ withinPortal: true }}
          />
        ) : (
          <TextInput label={t('users.form.role')} value={t('roles.mentor')} readOnly disabled />
        )}
        {isAdmin && needsArea(role) && (
          <>
            <Select
              label={t('users.form.kecamatan')}
              placeholder={t('users.form.kecamatanPlaceholder')}
              required
              searchable
              nothingFoundMessage={t('common.nothingFound')}
              data={(kecamatanList.data ?? []).map((a) => ({ value: a.code, label: a.name }))}
              disabled={kecamatanList.isPending}
              {...form.getInputProps('kecamatan')}
              onChange={(value) => {
                form.setFieldValue('kecamatan', value);
                form.setFieldValue('kelurahan', null);
              }}
              error={
                form.errors.kecamatan ??
                (kecamatanList.isError ? errorText(t, kecamatanList.error) : undefined)
              }
            />
            <Select
              label={t('users.form.kelurahan')}
              description={t('users.form.kelurahanHint')}
              placeholder={kecamatan ? t('users.form.wholeKecamatan') : t('users.form.chooseKecamatanFirst')}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
              data={(kelurahanList.data ?? []).map((a) => ({ value: a.code, label: a.name }))}
              disabled={!kecamatan || kelurahanList.isPending}
              {...form.getInputProps('kelurahan')}
            />
          </>
        )}
        {isAdmin && needsInstitution(role) && (
          <Select
            label={t('users.form.institution')}
            placeholder={t('users.form.institutionPlaceholder')}
            required
            searchable
            nothingFoundMessage={t('users.form.noInstitutions')}
            data={(institutions.data ?? []).map((i) => ({ value: String(i.id), label: i.name }))}
            disabled={institutions.isPending}
            {...form.getInputProps('institutionId')}
            error={
              form.errors.institutionId ??
              (institutions.isError ? errorText(t, institutions.error) : undefined)
            }
          />
        )}
        {!editing && (
          <Text size="xs" c="dimmed">
            {t('users.form.oneTimeHint')}
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {editing ? t('common.save') : t('users.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
