import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconDots,
  IconKey,
  IconPencil,
  IconPlus,
  IconSearch,
  IconUserCheck,
  IconUserOff,
  IconUsers,
} from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../shared/roles.ts';
import type { Role, User } from '../../api/types.ts';
import { formatDateTime } from '../../components/format.ts';
import { OneTimePassword } from '../../components/OneTimePassword.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PaginationBar } from '../../components/PaginationBar.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useTypedFilter, useUrlFilters } from '../../components/use-url-filters.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { SignInLocks } from './SignInLocks.tsx';
import { UserForm } from './UserForm.tsx';
import { useResetPassword, useUpdateUser, useUsers } from './users.api.ts';

const PAGE_SIZE = 20;

type Dialog =
  | { kind: 'create' }
  | { kind: 'created'; user: User; password?: string }
  | { kind: 'edit'; user: User }
  | { kind: 'reset'; user: User }
  | { kind: 'resetDone'; user: User; password: string }
  | { kind: 'toggle'; user: User };

/** Accounts: admins see everyone, an institution admin the mentors of their institution. */
export function UsersPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const isAdmin = me.role === 'admin';
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const filters = useUrlFilters();
  const { params, page } = filters;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const search = useTypedFilter('q', filters);
  const roleParam = params.get('role') ?? '';
  const role = (ROLES as readonly string[]).includes(roleParam) ? (roleParam as Role) : undefined;
  const statusParam = params.get('status');
  const status = statusParam === 'active' || statusParam === 'disabled' ? statusParam : undefined;

  const users = useUsers({ page, pageSize: PAGE_SIZE, q: params.get('q') ?? undefined, role, status });
  const filtered = Boolean(params.get('q') || role || status);
  const close = () => setDialog(null);

  const addButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'create' })}>
      {isAdmin ? t('users.add') : t('users.addMentor')}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={isAdmin ? t('users.title') : t('users.mentorsTitle')}
        description={isAdmin ? t('users.description') : t('users.mentorsDescription')}
        actions={addButton}
      />
      <Paper p="sm" radius="md" mb="md">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <TextInput
            label={t('users.filters.search')}
            placeholder={t('users.filters.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            value={search.text}
            onChange={(e) => search.change(e.currentTarget.value)}
            style={{ flex: '1 1 14rem' }}
          />
          {isAdmin && (
            <Select
              label={t('users.filters.role')}
              placeholder={t('common.all')}
              clearable
              data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
              value={role ?? null}
              onChange={(value) => filters.set('role', value)}
              style={{ flex: '1 1 9rem' }}
            />
          )}
          <Select
            label={t('users.filters.status')}
            placeholder={t('common.all')}
            clearable
            data={[
              { value: 'active', label: t('users.status.active') },
              { value: 'disabled', label: t('users.status.disabled') },
            ]}
            value={status ?? null}
            onChange={(value) => filters.set('status', value)}
            style={{ flex: '1 1 9rem' }}
          />
        </Group>
      </Paper>

      {users.isPending ? (
        <SkeletonRows rows={8} height={wide ? 44 : 88} />
      ) : users.isError ? (
        <ErrorAlert error={users.error} onRetry={() => users.refetch()} />
      ) : users.data.items.length === 0 ? (
        <Paper radius="md">
          {filtered ? (
            <EmptyMessage
              icon={<IconSearch size={28} />}
              title={t('users.noMatchTitle')}
              description={t('users.noMatch')}
            />
          ) : (
            <EmptyMessage
              icon={<IconUsers size={28} />}
              title={isAdmin ? t('users.emptyTitle') : t('users.noMentorsTitle')}
              description={isAdmin ? t('users.empty') : t('users.noMentors')}
              action={addButton}
            />
          )}
        </Paper>
      ) : (
        <div style={{ opacity: users.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
          {wide ? (
            <UsersTable users={users.data.items} meId={me.id} onAction={setDialog} />
          ) : (
            <UserCards users={users.data.items} meId={me.id} onAction={setDialog} />
          )}
          <PaginationBar
            page={page}
            pageSize={PAGE_SIZE}
            total={users.data.total}
            onChange={(p) => filters.set('page', p > 1 ? String(p) : null)}
          />
        </div>
      )}
      {isAdmin && <SignInLocks />}

      <Modal
        opened={dialog !== null}
        onClose={close}
        title={dialog ? dialogTitle(t, dialog, isAdmin) : ''}
        size={dialog?.kind === 'create' || dialog?.kind === 'edit' ? 'lg' : 'md'}
        closeOnClickOutside={dialog?.kind !== 'created' && dialog?.kind !== 'resetDone'}
      >
        {dialog?.kind === 'create' && (
          <UserForm
            onCancel={close}
            onCreated={(user, password) => setDialog({ kind: 'created', user, password })}
          />
        )}
        {dialog?.kind === 'edit' && (
          <UserForm
            user={dialog.user}
            onCancel={close}
            onSaved={(user) => {
              notifications.show({ color: 'teal', message: t('users.saved', { name: user.name }) });
              close();
            }}
          />
        )}
        {dialog?.kind === 'created' && (
          <Stack>
            <Text size="sm">{t('users.createdText', { name: dialog.user.name })}</Text>
            {dialog.password && <OneTimePassword password={dialog.password} email={dialog.user.email} />}
            <Group justify="flex-end">
              <Button onClick={close}>{t('common.done')}</Button>
            </Group>
          </Stack>
        )}
        {dialog?.kind === 'reset' && (
          <ResetPasswordConfirm user={dialog.user} onDone={setDialog} onCancel={close} />
        )}
        {dialog?.kind === 'resetDone' && (
          <Stack>
            <OneTimePassword password={dialog.password} email={dialog.user.email} />
            <Group justify="flex-end">
              <Button onClick={close}>{t('common.done')}</Button>
            </Group>
          </Stack>
        )}
        {dialog?.kind === 'toggle' && <ToggleDisabledConfirm user={dialog.user} onDone={close} />}
      </Modal>
    </>
  );
}

function dialogTitle(t: TFunction, dialog: Dialog, isAdmin: boolean): string {
  switch (dialog.kind) {
    case 'create':
      return isAdmin ? t('users.add') : t('users.addMentor');
    case 'created':
      return t('users.createdTitle');
    case 'edit':
      return t('users.editTitle', { name: dialog.user.name });
    case 'reset':
    case 'resetDone':
      return t('users.resetTitle', { name: dialog.user.name });
    case 'toggle':
      return dialog.user.disabled
        ? t('users.enableTitle', { name: dialog.user.name })
        : t('users.disableTitle', { name: dialog.user.name });
  }
}

function StatusBadge({ user }: { user: User }) {
  const { t } = useTranslation();
  if (user.disabled) {
    return (
      <Badge color="gray" variant="light" radius="sm">
        {t('users.status.disabled')}
      </Badge>
    );
  }
  if (user.mustChangePassword) {
    return (
      <Badge color="amber" c="amber.9" variant="light" radius="sm">
        {t('users.status.pending')}
      </Badge>
    );
  }
  return (
    <Badge color="teal" variant="light" radius="sm">
      {t('users.status.active')}
    </Badge>
  );
}

/** Where an account belongs: the officer's area or the institution, or nothing. */
function Assignment({ user }: { user: User }) {
  if (user.areaName) {
    return (
      <Stack gap={0}>
        <Text size="sm">{user.areaName}</Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {user.areaCode}
        </Text>
      </Stack>
    );
  }
  if (user.institutionName) return <Text size="sm">{user.institutionName}</Text>;
  return (
    <Text size="sm" c="dimmed">
      —
    </Text>
  );
}

function UserActions({ user, meId, onAction }: { user: User; meId: number; onAction: (d: Dialog) => void }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={t('users.actionsFor', { name: user.name })}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onAction({ kind: 'edit', user })}>
          {t('users.edit')}
        </Menu.Item>
        <Menu.Item leftSection={<IconKey size={16} />} onClick={() => onAction({ kind: 'reset', user })}>
          {t('users.resetPassword')}
        </Menu.Item>
        {user.id !== meId && (
          <Menu.Item
            color={user.disabled ? undefined : 'red'}
            leftSection={user.disabled ? <IconUserCheck size={16} /> : <IconUserOff size={16} />}
            onClick={() => onAction({ kind: 'toggle', user })}
          >
            {user.disabled ? t('users.enable') : t('users.disable')}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

function UsersTable({
  users,
  meId,
  onAction,
}: {
  users: User[];
  meId: number;
  onAction: (d: Dialog) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Paper radius="md" style={{ overflow: 'hidden' }}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('users.columns.name')}</Table.Th>
            <Table.Th>{t('users.columns.role')}</Table.Th>
            <Table.Th>{t('users.columns.assignment')}</Table.Th>
            <Table.Th>{t('users.columns.status')}</Table.Th>
            <Table.Th>{t('users.columns.lastLogin')}</Table.Th>
            <Table.Th w={48}>
              <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr key={user.id} data-testid="user-row">
              <Table.Td>
                <Text size="sm" fw={600}>
                  {user.name}
                  {user.id === meId && (
                    <Text span size="xs" c="dimmed" fw={400}>
                      {' '}
                      ({t('users.you')})
                    </Text>
                  )}
                </Text>
                <Text size="xs" c="dimmed">
                  {user.email}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" radius="sm">
                  {t(`roles.${user.role}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Assignment user={user} />
              </Table.Td>
              <Table.Td>
                <StatusBadge user={user} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={user.lastLoginAt ? undefined : 'dimmed'}>
                  {user.lastLoginAt
                    ? formatDateTime(user.lastLoginAt, i18n.language)
                    : t('users.neverSignedIn')}
                </Text>
              </Table.Td>
              <Table.Td>
                <UserActions user={user} meId={meId} onAction={onAction} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** On a phone a table would scroll sideways; each account becomes a card instead. */
function UserCards({
  users,
  meId,
  onAction,
}: {
  users: User[];
  meId: number;
  onAction: (d: Dialog) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="sm" data-testid="users-cards">
      {users.map((user) => (
        <Card key={user.id} padding="md" radius="md" data-testid="user-row">
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text fw={600} className="break-anywhere">
                {user.name}
                {user.id === meId && (
                  <Text span size="xs" c="dimmed" fw={400}>
                    {' '}
                    ({t('users.you')})
                  </Text>
                )}
              </Text>
              <Text size="xs" c="dimmed" className="break-anywhere">
                {user.email}
              </Text>
            </Stack>
            <UserActions user={user} meId={meId} onAction={onAction} />
          </Group>
          <Group gap="xs" mt="sm">
            <Badge variant="light" radius="sm">
              {t(`roles.${user.role}`)}
            </Badge>
            <StatusBadge user={user} />
          </Group>
          {(user.areaName || user.institutionName) && (
            <Text size="sm" mt="xs">
              {user.areaName ?? user.institutionName}
            </Text>
          )}
          <Text size="xs" c="dimmed" mt={4}>
            {t('users.columns.lastLogin')}:{' '}
            {user.lastLoginAt ? formatDateTime(user.lastLoginAt, i18n.language) : t('users.neverSignedIn')}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}

function ResetPasswordConfirm({
  user,
  onDone,
  onCancel,
}: {
  user: User;
  onDone: (d: Dialog) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const reset = useResetPassword();
  return (
    <Stack>
      <Text size="sm">{t('users.resetExplain', { name: user.name })}</Text>
      {reset.isError && <ErrorAlert error={reset.error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button
          color="red"
          loading={reset.isPending}
          onClick={() =>
            reset.mutate(user.id, {
              onSuccess: ({ oneTimePassword }) =>
                onDone({ kind: 'resetDone', user, password: oneTimePassword }),
            })
          }
        >
          {t('users.resetPassword')}
        </Button>
      </Group>
    </Stack>
  );
}

function ToggleDisabledConfirm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateUser();
  const enabling = user.disabled;
  return (
    <Stack>
      <Text size="sm">
        {enabling
          ? t('users.enableExplain', { name: user.name })
          : t('users.disableExplain', { name: user.name })}
      </Text>
      {update.isError && <ErrorAlert error={update.error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button
          color={enabling ? 'teal' : 'red'}
          loading={update.isPending}
          onClick={() =>
            update.mutate(
              { id: user.id, body: { disabled: !enabling } },
              {
                onSuccess: (saved) => {
                  notifications.show({
                    color: 'teal',
                    message: enabling
                      ? t('users.enabled', { name: saved.name })
                      : t('users.disabled', { name: saved.name }),
                  });
                  onDone();
                },
              },
            )
          }
        >
          {enabling ? t('users.enable') : t('users.disable')}
        </Button>
      </Group>
    </Stack>
  );
}
