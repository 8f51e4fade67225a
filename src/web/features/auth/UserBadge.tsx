import { Avatar, Group, Text } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { initialsOf } from '../../components/format.ts';
import { useCurrentUser } from './auth.api.ts';

/** Who is signed in, as the header shows it: the user menu's button, and its stand-in while the menu loads. */
export function UserBadge() {
  const me = useCurrentUser();
  return (
    <Group gap={6} wrap="nowrap">
      <Avatar color="civic" radius="xl" size={34}>
        {initialsOf(me.name)}
      </Avatar>
      <Text size="sm" fw={500} visibleFrom="md" maw={160} truncate>
        {me.name}
      </Text>
      <IconChevronDown size={14} />
    </Group>
  );
}
