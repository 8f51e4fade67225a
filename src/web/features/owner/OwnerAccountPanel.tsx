import { Alert, Badge, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { IconKey, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Business } from '../../api/types.ts';
import { applyFieldErrors, errorText } from '../../components/error-text.ts';
import { formatDateTime } from '../../components/format.ts';
import { OneTimePassword } from '../../components/OneTimePassword.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useResetPassword } from '../users/users.api.ts';
import { useCreateOwnerAccount, useOwnerAccount } from './owner.api.ts';

/**
 * The owner's sign-in account, on the registry's owner card: whether there is one, and a button to create it
 * (the office, an area officer, the business's mentor). A new one-time password is the office's (users route).
 */
export function OwnerAccountPanel({ business }: { business: Business }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const manages =
    me.role === 'admin' ||
    me.role === 'area_officer' ||
    (me.role === 'mentor' && business.mentorId === me.id);
  const account = useOwnerAccount(business.id, manages);
  const [creating, createModal] = useDisclosure(false);
  const reset = useResetPassword();
  const [issued, setIssued] = useState<{ email: string; password: string } | null>(null);
  if (!manages || !account.data) return null;
  const a = account.data.account;

  return (
    <Stack
      gap={6}
      mt="md"
      pt="sm"
      style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
      data-testid="owner-account"
    >
      <Text fw={600} size="sm">
        {t('ownerView.account.title')}
      </Text>
      {a ? (
        <>
          <Text size="sm" className="break-anywhere">
            {t('ownerView.account.has', { email: a.email })}
          </Text>
          <Group gap={6}>
            {a.disabled && (
              <Badge color="gray" variant="light">
                {t('ownerView.account.disabled')}
              </Badge>
            )}
            {a.mustChangePassword && (
              <Badge color="amber" variant="light">
                {t('ownerView.account.pendingPassword')}
              </Badge>
            )}
            <Text size="xs" c="dimmed">
              {a.lastLoginAt
                ? t('ownerView.account.lastLogin', { date: formatDateTime(a.lastLoginAt, i18n.language) })
                : t('ownerView.account.neverSignedIn')}
            </Text>
          </Group>
          {me.role === 'admin' ? (
            <Group>
              <Button
                size="compact-sm"
                variant="subtle"
                leftSection={<IconKey size={14} />}
                loading={reset.isPending}
                onClick={() =>
                  reset.mutate(a.id, {
                    onSuccess: ({ oneTimePassword }) =>
                      setIssued({ email: a.email, password: oneTimePassword }),
                  })
                }
              >
                {t('ownerView.account.reissue')}
              </Button>
            </Group>
          ) : (
            <Text size="xs" c="dimmed">
              {t('ownerView.account.reissueHint')}
            </Text>
          )}
          {reset.isError && (
            <Alert color="red" variant="light">
              {errorText(t, reset.error)}
            </Alert>
          )}
        </>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {t('ownerView.account.none')}
          </Text>
          <Group>
            <Button variant="light" leftSection={<IconUserPlus size={16} />} onClick={createModal.open}>
              {t('ownerView.account.create')}
            </Button>
          </Group>
        </>
      )}
      <Modal opened={creating} onClose={createModal.close} title={t('ownerView.account.create')}>
        {creating && <CreateAccount business={business} onDone={createModal.close} />}
      </Modal>
      <Modal opened={issued !== null} onClose={() => setIssued(null)} title={t('ownerView.account.reissue')}>
        {issued && (
          <Stack>
            <OneTimePassword email={issued.email} password={issued.password} />
            <Group justify="flex-end">
              <Button onClick={() => setIssued(null)}>{t('ownerView.account.done')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

function CreateAccount({ business, onDone }: { business: Business; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateOwnerAccount(business.id);
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '' },
    validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('ownerView.account.email')) },
  });

  if (create.data) {
    return (
      <Stack>
        <Text size="sm">{t('ownerView.account.created', { name: business.owner.name })}</Text>
        <OneTimePassword email={create.data.user.email} password={create.data.oneTimePassword} />
        <Group justify="flex-end">
          <Button onClick={onDone}>{t('ownerView.account.done')}</Button>
        </Group>
      </Stack>
    );
  }
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setFailure(null);
        create.mutate(values.email.trim(), {
          onError: (error) => {
            if (!applyFieldErrors(form, t, error)) setFailure(error);
          },
        });
      })}
    >
      <Stack>
        <Text size="sm">{t('ownerView.account.explain')}</Text>
        <Text fw={600} className="break-anywhere">
          {business.owner.name}
        </Text>
        {failure != null && (
          <Alert color="red" variant="light" role="alert">
            {errorText(t, failure)}
          </Alert>
        )}
        <TextInput
          label={t('ownerView.account.email')}
          type="email"
          inputMode="email"
          autoComplete="off"
          required
          data-autofocus
          {...form.getInputProps('email')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending} leftSection={<IconUserPlus size={16} />}>
            {t('ownerView.account.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
