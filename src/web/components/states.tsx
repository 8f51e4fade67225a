import { Alert, Button, Center, EmptyState, Group, Loader, Skeleton, Stack } from '@mantine/core';
import { IconAlertTriangle, IconInbox, IconRefresh } from '@tabler/icons-react';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { errorText } from './error-text.ts';
import { isOfflineMiss, useOnline } from './online.ts';

/** The server's answer for a record outside the caller's area or work: nothing to retry. */
export const isOutOfScope = (error: unknown) => isApiError(error, 'OutOfScope');

// The message for a record outside the person's area loads when it is needed, not with the first load.
const OutOfScopeMessage = lazy(async () => ({
  default: (await import('./OutOfScopeMessage.tsx')).OutOfScopeMessage,
}));

/**
 * A failed load: what went wrong, in the reader's language, and a way to try again. Without a connection, a
 * page whose data this device never kept says so ("not available offline") instead of a generic error.
 */
export function ErrorAlert({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const { t } = useTranslation();
  const online = useOnline();
  if (isOfflineMiss(error, online)) {
    return (
      <Alert
        color="gray"
        variant="light"
        icon={<IconAlertTriangle size={20} />}
        title={t('offline.notAvailableTitle')}
        role="status"
        data-testid="not-available-offline"
      >
        {t('offline.notAvailable')}
      </Alert>
    );
  }
  if (isOutOfScope(error)) {
    return (
      <Suspense fallback={null}>
        <OutOfScopeMessage />
      </Suspense>
    );
  }
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={20} />}
      title={title ?? t('states.errorTitle')}
      role="alert"
    >
      <Stack gap="sm" align="flex-start">
        <span>{errorText(t, error)}</span>
        {onRetry && (
          <Button
            size="xs"
            variant="white"
            color="red"
            leftSection={<IconRefresh size={14} />}
            onClick={onRetry}
          >
            {t('common.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl" aria-busy="true">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

/** Placeholder rows while a list loads, roughly the height of the real ones. */
export function SkeletonRows({ rows = 6, height = 36 }: { rows?: number; height?: number }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <Skeleton key={i} height={height} radius="sm" />
      ))}
    </Stack>
  );
}

export function EmptyMessage({
  title,
  description,
  icon,
  action,
}: {
  title: string;
  description?: string;
  icon?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <EmptyState
      py="xl"
      variant="light"
      icon={icon ?? <IconInbox size={28} />}
      title={title}
      description={description}
    >
      {action && (
        <EmptyState.Actions>
          <Group justify="center">{action}</Group>
        </EmptyState.Actions>
      )}
    </EmptyState>
  );
}
