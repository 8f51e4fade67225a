import { Badge, Checkbox, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconListCheck, IconUserHeart } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/error-text.ts';
import { formatDay } from '../../components/format.ts';
import { type MyActionItem, useTickItem } from './owner.api.ts';

/**
 * The follow-up tasks of a business: the owner's own open ones with a large box to tick, the mentor's shown
 * for information, and those done lately (the owner may untick their own).
 */
export function OwnerTasks({ items, today }: { items: MyActionItem[]; today: string }) {
  const { t } = useTranslation();
  const open = items.filter((i) => !i.doneAt);
  const yours = open.filter((i) => i.side === 'owner');
  const mentors = open.filter((i) => i.side === 'mentor');
  const done = items.filter((i) => i.doneAt);
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="owner-tasks" id="action-items">
      <Group gap="xs" mb="sm" wrap="nowrap">
        <IconListCheck size={20} color="var(--mantine-color-civic-7)" />
        <Title order={3} fz="h5">
          {t('ownerView.tasks.title')}
        </Title>
      </Group>
      {open.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('ownerView.tasks.empty')}
        </Text>
      )}
      {yours.length > 0 && (
        <Stack gap={4}>
          <Text size="xs" tt="uppercase" fw={700} c="dimmed">
            {t('ownerView.tasks.yours')}
          </Text>
          {yours.map((item) => (
            <TaskRow key={item.id} item={item} today={today} />
          ))}
        </Stack>
      )}
      {mentors.length > 0 && (
        <Stack gap={4} mt={yours.length > 0 ? 'md' : 0}>
          <Text size="xs" tt="uppercase" fw={700} c="dimmed">
            {t('ownerView.tasks.mentors')}
          </Text>
          {mentors.map((item) => (
            <TaskRow key={item.id} item={item} today={today} />
          ))}
        </Stack>
      )}
      {done.length > 0 && (
        <>
          <Divider my="sm" label={t('ownerView.tasks.done')} labelPosition="left" />
          <Stack gap={4}>
            {done.map((item) => (
              <TaskRow key={item.id} item={item} today={today} />
            ))}
          </Stack>
        </>
      )}
    </Paper>
  );
}

function TaskRow({ item, today }: { item: MyActionItem; today: string }) {
  const { t, i18n } = useTranslation();
  const tick = useTickItem();
  const overdue = !item.doneAt && item.dueOn != null && item.dueOn < today;
  const meta = (
    <Group gap={6} mt={2}>
      {item.dueOn && (
        <Text size="xs" c={overdue ? 'red.7' : 'dimmed'}>
          {t('ownerView.tasks.due', { date: formatDay(item.dueOn, i18n.language) })}
        </Text>
      )}
      {overdue && (
        <Badge size="xs" color="red" variant="light">
          {t('ownerView.tasks.overdue')}
        </Badge>
      )}
      <Text size="xs" c="dimmed">
        {t('ownerView.tasks.fromSession', { date: formatDay(item.sessionOn, i18n.language) })}
      </Text>
    </Group>
  );
  if (item.side === 'mentor') {
    return (
      <Group gap="sm" wrap="nowrap" align="flex-start" py={8} px={4} data-side="mentor">
        <IconUserHeart size={22} color="var(--mantine-color-gray-6)" style={{ flexShrink: 0 }} />
        <Stack gap={0}>
          <Text
            size="sm"
            td={item.doneAt ? 'line-through' : undefined}
            c={item.doneAt ? 'dimmed' : undefined}
          >
            {item.what}
          </Text>
          {!item.doneAt && meta}
        </Stack>
      </Group>
    );
  }
  const done = item.doneAt != null;
  return (
    <Checkbox.Card
      radius="md"
      p="sm"
      checked={done}
      disabled={tick.isPending}
      onClick={() =>
        tick.mutate(
          { id: item.id, done: !done },
          {
            onSuccess: () =>
              notifications.show({
                color: 'teal',
                message: done ? t('ownerView.tasks.reopened') : t('ownerView.tasks.saved'),
              }),
            onError: (error) => notifications.show({ color: 'red', message: errorText(t, error) }),
          },
        )
      }
      aria-label={
        done
          ? t('ownerView.tasks.markUndone', { what: item.what })
          : t('ownerView.tasks.markDone', { what: item.what })
      }
      data-testid="owner-task"
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Checkbox.Indicator size="lg" radius="sm" />
        <Stack gap={0}>
          <Text size="sm" fw={500} td={done ? 'line-through' : undefined} c={done ? 'dimmed' : undefined}>
            {item.what}
          </Text>
          {!done && meta}
        </Stack>
      </Group>
    </Checkbox.Card>
  );
}
