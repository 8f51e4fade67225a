import { Badge, Button, Card, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconLockOpen } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignInLock } from '../../api/types.ts';
import { formatDateTime } from '../../components/format.ts';
import { PaginationBar } from '../../components/PaginationBar.tsx';
import { ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useClearSignInLock, useSignInLocks } from './users.api.ts';

const PAGE_SIZE = 10;

/** Who cannot sign in for a while after wrong passwords, by account and address; an admin lifts a lock. */
export function SignInLocks() {
  const { t } = useTranslation();
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const [page, setPage] = useState(1);
  const locks = useSignInLocks(page, PAGE_SIZE);

  return (
    <Paper p="md" radius="md" mt="xl" data-testid="sign-in-locks">
      <Stack gap={4} mb="md">
        <Title order={3} fz="h4">
          {t('users.locks.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('users.locks.description')}
        </Text>
      </Stack>
      {locks.isPending ? (
        <SkeletonRows rows={2} height={wide ? 40 : 80} />
      ) : locks.isError ? (
        <ErrorAlert error={locks.error} onRetry={() => locks.refetch()} />
      ) : locks.data.items.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="sign-in-locks-none">
          {t('users.locks.none')}
        </Text>
      ) : (
        <>
          {wide ? <LocksTable locks={locks.data.items} /> : <LockCards locks={locks.data.items} />}
          {locks.data.total > PAGE_SIZE && (
            <PaginationBar page={page} pageSize={PAGE_SIZE} total={locks.data.total} onChange={setPage} />
          )}
        </>
      )}
    </Paper>
  );
}

function Account({ lock }: { lock: SignInLock }) {
  const { t } = useTranslation();
  return lock.account ? (
    <Text size="sm" fw={600} className="break-anywhere">
      {lock.account}
    </Text>
  ) : (
    <Text size="sm" fs="italic">
      {t('users.locks.everyAccount')}
    </Text>
  );
}

function ClearButton({ lock }: { lock: SignInLock }) {
  const { t } = useTranslation();
  const clear = useClearSignInLock();
  const what = lock.account ?? lock.ip;
  return (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconLockOpen size={14} />}
      loading={clear.isPending}
      aria-label={t('users.locks.clearFor', { what })}
      onClick={() =>
        clear.mutate(lock.id, {
          onSuccess: () => notifications.show({ color: 'teal', message: t('users.locks.cleared', { what }) }),
          onError: () => notifications.show({ color: 'red', message: t('errors.unknown') }),
        })
      }
    >
      {t('users.locks.clear')}
    </Button>
  );
}

function LocksTable({ locks }: { locks: SignInLock[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Table verticalSpacing="sm" highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('users.locks.account')}</Table.Th>
          <Table.Th>{t('users.locks.ip')}</Table.Th>
          <Table.Th>{t('users.locks.failures')}</Table.Th>
          <Table.Th>{t('users.locks.until')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {locks.map((lock) => (
          <Table.Tr key={lock.id} data-testid="sign-in-lock">
            <Table.Td>
              <Account lock={lock} />
            </Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {lock.ip}
              </Text>
            </Table.Td>
            <Table.Td>{lock.failures}</Table.Td>
            <Table.Td>{formatDateTime(lock.lockedUntil, i18n.language)}</Table.Td>
            <Table.Td ta="right">
              <ClearButton lock={lock} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function LockCards({ locks }: { locks: SignInLock[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="sm">
      {locks.map((lock) => (
        <Card key={lock.id} withBorder padding="sm" radius="md" data-testid="sign-in-lock">
          <Account lock={lock} />
          <Group gap="xs" mt={4}>
            <Text size="sm" ff="monospace">
              {lock.ip}
            </Text>
            <Badge color="orange" variant="light" radius="sm">
              {t('users.locks.failuresCount', { count: lock.failures })}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            {t('users.locks.until')}: {formatDateTime(lock.lockedUntil, i18n.language)}
          </Text>
          <Group justify="flex-end" mt="xs">
            <ClearButton lock={lock} />
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
