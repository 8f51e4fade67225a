import { ActionIcon, Group, Popover, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/**
 * A figure's label with its definition one tap away: an info button (named "Penjelasan: <label>") opens the
 * definition in a popover, by click or tap or keyboard — a hover-only tooltip never opens on a phone.
 */
export function MetricLabel({ label, definition }: { label: string; definition: string }) {
  const { t } = useTranslation();
  return (
    <Group gap={2} wrap="nowrap" align="center">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Popover width={260} position="bottom-start" withArrow shadow="md">
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size={32}
            radius="xl"
            aria-label={t('recovery.kpi.explain', { metric: label })}
            data-testid="metric-help"
            // A large target on a phone without taking room from the figure below.
            my={-8}
          >
            <IconInfoCircle size={16} />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown>
          <Text size="sm" role="note">
            {definition}
          </Text>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
