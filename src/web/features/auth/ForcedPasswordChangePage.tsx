import { Alert, Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AuthFrame } from './AuthFrame.tsx';
import { useCurrentUser } from './auth.api.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { useSignOut } from './use-sign-out.ts';

/** Until a one-time password is replaced the server refuses everything else, so this is all there is. */
export function ForcedPasswordChangePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const signOut = useSignOut();
  return (
    <AuthFrame
      footer={
        <Group justify="center">
          <Anchor component="button" type="button" size="sm" onClick={signOut}>
            {t('userMenu.logout')}
          </Anchor>
        </Group>
      }
    >
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} fz="h3">
            {t('password.forcedTitle')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('password.forcedGreeting', { name: me.name })}
          </Text>
        </Stack>
        <Alert variant="light" color="civic" icon={<IconShieldLock size={18} />}>
          {t('password.forcedExplain')}
        </Alert>
        <ChangePasswordForm oneTime />
      </Stack>
    </AuthFrame>
  );
}
