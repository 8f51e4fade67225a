import { Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconTrendingUp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function Brand({ area, size = 'md' }: { area?: string | null; size?: 'md' | 'lg' }) {
  const { t } = useTranslation();
  const large = size === 'lg';
  return (
    <Group gap="xs" wrap="nowrap">
      <ThemeIcon size={large ? 44 : 34} radius="md" variant="filled" aria-hidden>
        <IconTrendingUp size={large ? 26 : 20} stroke={2.4} />
      </ThemeIcon>
      <Stack gap={0}>
        <Text fw={750} fz={large ? 26 : 20} lh={1.1} c="civic.8">
          {t('app.name')}
        </Text>
        {area && (
          <Text size="xs" c="dimmed" lh={1.2} data-testid="deployment-area">
            {area}
          </Text>
        )}
      </Stack>
    </Group>
  );
}
