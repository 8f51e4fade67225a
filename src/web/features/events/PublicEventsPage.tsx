import './texts.ts';
import {
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Container,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconCalendarEvent, IconMapPin, IconUsers, IconWorld } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Brand } from '../../components/Brand.tsx';
import { PaginationBar } from '../../components/PaginationBar.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { formatWhen, type PublicEventDto, usePublicEvents } from './events.api.ts';

/** The frame of the public pages: no sign-in, no app menu; the brand and a way in for staff. */
export function PublicFrame({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box bg="gray.0" mih="100vh">
      <Box bg="white" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size="lg">
          <Group justify="space-between">
            <Anchor component={Link} to="/acara" underline="never" c="inherit">
              <Brand />
            </Anchor>
            <Anchor component={Link} to="/login" size="sm">
              {t('events.public.signIn')}
            </Anchor>
          </Group>
        </Container>
      </Box>
      <Container size="lg" py="lg">
        {children}
      </Container>
    </Box>
  );
}

export function EventFacts({ event }: { event: PublicEventDto }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap={4}>
      <Group gap={6} wrap="nowrap">
        <IconCalendarEvent size={16} />
        <Text size="sm">{formatWhen(event.startsAt, event.endsAt, i18n.language)}</Text>
      </Group>
      <Group gap={6} wrap="nowrap">
        {event.online ? <IconWorld size={16} /> : <IconMapPin size={16} />}
        <Text size="sm">{event.venue ?? t('events.public.online')}</Text>
      </Group>
      <Group gap={6} wrap="nowrap">
        <IconUsers size={16} />
        <Text size="sm">
          {t('events.public.forWho', {
            who: event.audience.map((a) => t(`events.audienceOptions.${a}`)).join(', '),
          })}
        </Text>
      </Group>
    </Stack>
  );
}

/** The public list of events: anyone may look and register, no account needed. */
export function PublicEventsPage() {
  const { t } = useTranslation();
  const [when, setWhen] = useState<'upcoming' | 'past'>('upcoming');
  const [page, setPage] = useState(1);
  const events = usePublicEvents(when, page);
  useEffect(() => {
    document.title = `${t('events.public.title')} · Bangkit`;
  }, [t]);
  return (
    <PublicFrame>
      <Stack gap="md">
        <div>
          <Title order={1} fz={{ base: 'h2', sm: 'h1' }}>
            {t('events.public.title')}
          </Title>
          <Text c="dimmed">{t('events.public.lead')}</Text>
        </div>
        <SegmentedControl
          w="fit-content"
          value={when}
          onChange={(v) => {
            setWhen(v as 'upcoming' | 'past');
            setPage(1);
          }}
          data={[
            { value: 'upcoming', label: t('events.whenOptions.upcoming') },
            { value: 'past', label: t('events.whenOptions.past') },
          ]}
        />
        {events.isPending ? (
          <SkeletonRows rows={3} height={140} />
        ) : events.isError ? (
          <ErrorAlert error={events.error} onRetry={() => events.refetch()} />
        ) : events.data.items.length === 0 ? (
          <EmptyMessage title={t('events.public.noneTitle')} description={t('events.public.none')} />
        ) : (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
              {events.data.items.map((e) => (
                <Card
                  key={e.slug}
                  component={Link}
                  to={`/acara/${e.slug}`}
                  radius="md"
                  padding="md"
                  data-testid="public-event-card"
                >
                  <Stack gap="xs">
                    <Group gap="xs">
                      <Badge variant="light" radius="sm">
                        {t(`events.type.${e.type}`)}
                      </Badge>
                      {e.cancelled && (
                        <Badge color="red" variant="light" radius="sm">
                          {t('events.state.cancelled')}
                        </Badge>
                      )}
                    </Group>
                    <Title order={3} fz="h4">
                      {e.title}
                    </Title>
                    <Text size="sm" c="dimmed">
                      {e.organizer}
                    </Text>
                    <EventFacts event={e} />
                    {e.registrationOpen && (
                      <Button variant="light" component="span" mt="xs">
                        {t('events.public.register')}
                      </Button>
                    )}
                  </Stack>
                </Card>
              ))}
            </SimpleGrid>
            <PaginationBar page={page} pageSize={12} total={events.data.total} onChange={setPage} />
          </>
        )}
      </Stack>
    </PublicFrame>
  );
}
