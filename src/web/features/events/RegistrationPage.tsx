import './texts.ts';
import { Alert, Anchor, Button, Group, Image, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { NotFoundPage } from '../../components/NotFoundPage.tsx';
import { ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useCancelMine, useMyRegistration } from './events.api.ts';
import { EventFacts, PublicFrame } from './PublicEventsPage.tsx';

/** The attendee's private page: their QR code for check-in, the calendar file, and a way to cancel. */
export function RegistrationPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const reg = useMyRegistration(token);
  const cancel = useCancelMine(token);
  useEffect(() => {
    document.title = `${t('events.mine.confirmation')} · Bangkit`;
  }, [t]);
  if (isApiError(reg.error, 'NotFound')) return <NotFoundPage />;
  const base = `/api/v1/public/registrations/${encodeURIComponent(token)}`;
  return (
    <PublicFrame>
      {reg.isPending ? (
        <SkeletonRows rows={3} height={120} />
      ) : reg.isError ? (
        <ErrorAlert error={reg.error} onRetry={() => reg.refetch()} />
      ) : (
        <Stack maw={520} mx="auto" gap="md">
          <Title order={1} fz="h2">
            {reg.data.event.title}
          </Title>
          <EventFacts event={reg.data.event} />
          {reg.data.status === 'registered' && (
            <Paper p="md" radius="md" withBorder ta="center" data-testid="my-qr">
              <Text fw={600}>{t('events.mine.registered', { name: reg.data.name })}</Text>
              {reg.data.checkedInAt ? (
                <Alert color="teal" mt="sm">
                  {t('events.mine.checkedIn')}
                </Alert>
              ) : (
                <>
                  <Image
                    src={`${base}/qr.svg`}
                    alt={t('events.mine.qrAlt')}
                    w={240}
                    h={240}
                    mx="auto"
                    my="sm"
                  />
                  <Text size="sm" c="dimmed">
                    {t('events.mine.showQr')}
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace" mt={4}>
                    {reg.data.checkinCode}
                  </Text>
                </>
              )}
            </Paper>
          )}
          {reg.data.status === 'waitlisted' && (
            <Alert color="yellow" title={t('events.mine.waitlistedTitle')} data-testid="waitlisted">
              {t('events.mine.waitlisted', { position: reg.data.waitlistPosition })}
            </Alert>
          )}
          {reg.data.status === 'cancelled' && <Alert color="gray">{t('events.mine.cancelled')}</Alert>}
          <Alert color="blue" variant="light">
            {t('events.mine.keepLink')}
          </Alert>
          <Group>
            {reg.data.status !== 'cancelled' && (
              <Button
                component="a"
                href={`${base}/event.ics`}
                variant="default"
                leftSection={<IconCalendarPlus size={16} />}
              >
                {t('events.mine.ics')}
              </Button>
            )}
            {reg.data.status !== 'cancelled' && !reg.data.checkedInAt && (
              <Button
                variant="subtle"
                color="red"
                loading={cancel.isPending}
                onClick={() => window.confirm(t('events.mine.cancelConfirm')) && cancel.mutate()}
              >
                {t('events.mine.cancel')}
              </Button>
            )}
          </Group>
          {cancel.error && <Alert color="red">{cancel.error.message}</Alert>}
          <Anchor component={Link} to={`/acara/${reg.data.event.slug}`} size="sm">
            ← {t('events.mine.toEvent')}
          </Anchor>
        </Stack>
      )}
    </PublicFrame>
  );
}
