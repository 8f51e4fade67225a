import { Alert, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconClockPause } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { applyFieldErrors, errorText } from '../../components/error-text.ts';
import { PageLoader } from '../../components/states.tsx';
import { AuthFrame, useCityName } from './AuthFrame.tsx';
import { useLogin, useMe } from './auth.api.ts';

/** Only paths inside this app are followed after signing in (no open redirect). */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const [failure, setFailure] = useState<unknown>(null);
  const city = useCityName();
  const next = safeNext(params.get('next'));
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (v.trim() ? null : t('login.emailRequired')),
      password: (v) => (v ? null : t('login.passwordRequired')),
    },
  });

  const signedOut = (location.state as { signedOut?: boolean } | null)?.signedOut === true;
  if (me.isPending) return <PageLoader />;
  if (me.data && !signedOut && !login.isPending) return <Navigate to={next} replace />;

  const submit = form.onSubmit((values) => {
    setFailure(null);
    login.mutate(
      { email: values.email.trim(), password: values.password },
      {
        onSuccess: () => navigate(next, { replace: true }),
        onError: (error) => {
          if (!isApiError(error, 'ValidationFailed') || !applyFieldErrors(form, t, error)) setFailure(error);
          form.setFieldValue('password', '');
        },
      },
    );
  });

  const rateLimited = isApiError(failure, 'TooManyAttempts');
  return (
    <AuthFrame>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Stack gap={4}>
            <Title order={2} fz="h3">
              {t('login.title')}
            </Title>
            <Text c="dimmed" size="sm">
              {city ? t('login.subtitleOf', { city }) : t('login.subtitle')}
            </Text>
          </Stack>
          {failure != null && (
            <Alert
              color={rateLimited ? 'orange' : 'red'}
              variant="light"
              role="alert"
              data-testid="login-error"
              icon={rateLimited ? <IconClockPause size={18} /> : <IconAlertTriangle size={18} />}
            >
              {errorText(t, failure)}
            </Alert>
          )}
          <TextInput
            label={t('login.email')}
            type="email"
            autoComplete="username"
            inputMode="email"
            required
            autoFocus
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={t('login.password')}
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          <Button type="submit" size="md" loading={login.isPending} fullWidth mt="xs">
            {t('login.submit')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('login.help')}
          </Text>
        </Stack>
      </form>
    </AuthFrame>
  );
}
