import { Alert, Button, Group, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorText } from '../../components/error-text.ts';
import { useChangePassword } from './auth.api.ts';

export const PASSWORD_MIN_LENGTH = 10;

/** Current password, a new one twice. Used by the forced first-sign-in page and the user menu. */
export function ChangePasswordForm({
  oneTime = false,
  onDone,
  onCancel,
}: {
  oneTime?: boolean;
  onDone?: () => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    validate: {
      currentPassword: (v) => (v ? null : t('password.currentRequired')),
      newPassword: (v, values) =>
        v.length < PASSWORD_MIN_LENGTH
          ? t('password.tooShort', { count: PASSWORD_MIN_LENGTH })
          : v === values.currentPassword
            ? t('fieldErrors.PasswordUnchanged')
            : null,
      confirmPassword: (v, values) => (v === values.newPassword ? null : t('password.mismatch')),
    },
  });

  const submit = form.onSubmit(({ currentPassword, newPassword }) => {
    setFailure(null);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('password.changed') });
          form.reset();
          onDone?.();
        },
        onError: (error) => {
          if (!applyFieldErrors(form, t, error)) setFailure(error);
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {failure != null && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {errorText(t, failure)}
          </Alert>
        )}
        <PasswordInput
          label={oneTime ? t('password.oneTime') : t('password.current')}
          autoComplete="current-password"
          required
          {...form.getInputProps('currentPassword')}
        />
        <PasswordInput
          label={t('password.new')}
          description={t('password.rule', { count: PASSWORD_MIN_LENGTH })}
          autoComplete="new-password"
          required
          {...form.getInputProps('newPassword')}
        />
        <PasswordInput
          label={t('password.confirm')}
          autoComplete="new-password"
          required
          {...form.getInputProps('confirmPassword')}
        />
        <Group justify="flex-end" gap="sm">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={change.isPending} fullWidth={!onCancel}>
            {t('password.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
