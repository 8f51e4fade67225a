import { Badge, Menu, Modal, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKey, IconLogout, IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCurrentUser } from './auth.api.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { UserBadge } from './UserBadge.tsx';
import { useSignOut } from './use-sign-out.ts';

export function UserMenu() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const signOut = useSignOut();
  const [passwordOpen, passwordModal] = useDisclosure(false);
  const navigate = useNavigate();

  return (
    <>
      <Menu position="bottom-end" width={260} shadow="md" withinPortal>
        <Menu.Target>
          <UnstyledButton aria-label={t('userMenu.open')} data-testid="user-menu">
            <UserBadge />
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Stack gap={2} px="sm" py="xs">
            <Text size="sm" fw={600} className="break-anywhere">
              {me.name}
            </Text>
            <Text size="xs" c="dimmed" className="break-anywhere">
              {me.email}
            </Text>
            <Badge size="sm" variant="light" mt={4}>
              {t(`roles.${me.role}`)}
            </Badge>
          </Stack>
          <Menu.Divider />
          <Menu.Item leftSection={<IconKey size={16} />} onClick={passwordModal.open}>
            {t('userMenu.changePassword')}
          </Menu.Item>
          {me.role === 'business_owner' && (
            <Menu.Item leftSection={<IconShieldCheck size={16} />} onClick={() => navigate('/my/consent')}>
              {t('ownerView.consent.menu')}
            </Menu.Item>
          )}
          <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={signOut}>
            {t('userMenu.logout')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={passwordOpen} onClose={passwordModal.close} title={t('password.title')}>
        <ChangePasswordForm onDone={passwordModal.close} onCancel={passwordModal.close} />
      </Modal>
    </>
  );
}
