import { Box, Center, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Brand } from '../../components/Brand.tsx';
import { areaDisplayName } from '../../components/format.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { useDeploymentArea } from '../areas/areas.api.ts';

/** The deployment's city as people write it ("Kota Tangerang"), once the public area answer is in. */
export function useCityName(): string | null {
  const deployment = useDeploymentArea();
  return deployment.data ? areaDisplayName(deployment.data.name) : null;
}

/** The frame of the pages outside the app: login and the forced password change. */
export function AuthFrame({ children, footer }: { children: ReactNode; footer?: ReactNode }) {
  const { t } = useTranslation();
  const city = useCityName();
  return (
    <Box
      mih="100dvh"
      style={{
        background:
          'linear-gradient(160deg, var(--mantine-color-civic-0) 0%, var(--mantine-color-gray-0) 55%, var(--mantine-color-amber-0) 100%)',
      }}
    >
      <Group justify="space-between" px={{ base: 'md', sm: 'xl' }} py="md">
        <Brand area={city} />
        <LanguageSwitch />
      </Group>
      <Center px="md" pb="xl" pt={{ base: 'md', sm: 48 }}>
        <Stack w="100%" maw={440} gap="lg">
          <Paper p={{ base: 'lg', sm: 'xl' }} radius="lg" shadow="sm">
            {children}
          </Paper>
          {footer}
          <Text size="xs" c="dimmed" ta="center">
            {city ? t('app.officeOf', { city }) : t('app.office')}
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
