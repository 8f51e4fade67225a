import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** A one-time password, shown once: large, copyable, with what to do with it. */
export function OneTimePassword({ password, email }: { password: string; email: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="amber" variant="light" icon={<IconKey size={20} />} title={t('otp.title')}>
      <Stack gap="sm">
        <Text size="sm">
          {t('otp.account')}:{' '}
          <Text span fw={600} className="break-anywhere">
            {email}
          </Text>
        </Text>
        <Text size="sm">{t('otp.explain')}</Text>
        <Group gap="xs" wrap="nowrap">
          <Code
            data-testid="one-time-password"
            fz="lg"
            px="md"
            py={6}
            style={{ letterSpacing: '0.08em', userSelect: 'all' }}
          >
            {password}
          </Code>
          <CopyButton value={password} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
                <ActionIcon
                  variant="light"
                  color={copied ? 'teal' : 'civic'}
                  size="lg"
                  onClick={copy}
                  aria-label={t('common.copy')}
                >
                  {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Text size="xs" c="dimmed">
          {t('otp.once')}
        </Text>
      </Stack>
    </Alert>
  );
}
