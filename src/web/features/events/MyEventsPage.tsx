import './texts.ts';
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconCalendarEvent } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LinkCard } from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { formatWhen, useMyEvents } from './events.api.ts';

/** "Acara saya": the events an owner or a mentor registered for, with the way to their QR. */
export function MyEventsPage() {
  const { t, i18n } = useTranslation();
  const mine = useMyEvents();
  const browse = (
    <Button component={Link} to="/acara" variant="light">
      {t('events.mine.browse')}
    </Button>
  );
  return (
    <>
      <PageHeader title={t('nav.myEvents')} description={t('events.mine.description')} actions={browse} />
      {mine.isPending ? (
        <SkeletonRows rows={3} height={90} />
      ) : mine.isError ? (
        <ErrorAlert error={mine.error} onRetry={() => mine.refetch()} />
      ) : mine.data.length === 0 ? (
        <EmptyMessage
          icon={<IconCalendarEvent size={28} />}
          title={t('events.mine.noneTitle')}
          description={t('events.mine.none')}
          action={browse}
        />
      ) : (
        <Stack gap="sm">
          {mine.data.map((r) => (
            <LinkCard key={r.token} to={`/acara/daftar/${r.token}`} testId="my-event">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text fw={600}>{r.event.title}</Text>
                <Badge
                  variant="light"
                  radius="sm"
                  color={r.checkedInAt ? 'teal' : r.status === 'registered' ? 'civic' : 'gray'}
                >
                  {r.checkedInAt ? t('events.present') : t(`events.status.${r.status as 'registered'}`)}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {formatWhen(r.event.startsAt, r.event.endsAt, i18n.language)}
              </Text>
            </LinkCard>
          ))}
        </Stack>
      )}
    </>
  );
}
