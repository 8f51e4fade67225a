import './texts.ts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Image,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { audienceAdmits } from '../../../shared/events.ts';
import { EXPERTISE_LABELS } from '../../../shared/mentoring.ts';
import { isApiError } from '../../api/client.ts';
import { NotFoundPage } from '../../components/NotFoundPage.tsx';
import { ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useMe } from '../auth/auth.api.ts';
import { type PublicEventDto, usePublicEvent, useRegister, useRegisterMe } from './events.api.ts';
import { EventFacts, PublicFrame } from './PublicEventsPage.tsx';

/** One public event with its registration form (or one click for a signed-in owner or mentor). */
export function PublicEventPage() {
  const { slug = '' } = useParams();
  const event = usePublicEvent(slug);
  if (isApiError(event.error, 'NotFound')) return <NotFoundPage />;
  return (
    <PublicFrame>
      {event.isPending ? (
        <SkeletonRows rows={4} height={80} />
      ) : event.isError ? (
        <ErrorAlert error={event.error} onRetry={() => event.refetch()} />
      ) : (
        <EventView event={event.data} />
      )}
    </PublicFrame>
  );
}

function EventView({ event }: { event: PublicEventDto }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('en') ? 'en' : 'id';
  useEffect(() => {
    document.title = `${event.title} · Bangkit`;
  }, [event.title]);
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="sm">
          {event.hasBanner && (
            <Image
              src={`/api/v1/public/events/${event.slug}/banner`}
              alt=""
              radius="md"
              mah={320}
              fit="cover"
            />
          )}
          <Group gap="xs">
            <Badge variant="light" radius="sm">
              {t(`events.type.${event.type}`)}
            </Badge>
            {event.topics.map((topic) => (
              <Badge key={topic} variant="outline" color="gray" radius="sm">
                {EXPERTISE_LABELS[topic][lang]}
              </Badge>
            ))}
          </Group>
          <Title order={1} fz={{ base: 'h2', sm: 'h1' }}>
            {event.title}
          </Title>
          <Text c="dimmed">{t('events.public.by', { organizer: event.organizer })}</Text>
          <EventFacts event={event} />
          {event.speakers.length > 0 && (
            <Text size="sm">
              <b>{t('events.speakers')}:</b> {event.speakers.join(', ')}
            </Text>
          )}
          {event.host && (
            <Text size="sm">
              <b>{t('events.host')}:</b> {event.host}
            </Text>
          )}
          <Text style={{ whiteSpace: 'pre-wrap' }}>{event.description}</Text>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Paper p="md" radius="md" withBorder>
          {event.cancelled ? (
            <Alert color="red">{t('events.public.cancelled')}</Alert>
          ) : event.registrationOpen ? (
            <RegisterForm event={event} />
          ) : (
            <Alert color="gray">{t('events.public.closed')}</Alert>
          )}
        </Paper>
        <Anchor component={Link} to="/acara" size="sm" mt="sm" display="block">
          ← {t('events.public.all')}
        </Anchor>
      </Grid.Col>
    </Grid>
  );
}

function RegisterForm({ event }: { event: PublicEventDto }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const register = useRegister(event.slug);
  const registerMe = useRegisterMe(event.slug);
  const [v, setV] = useState({ name: '', phone: '', email: '', businessName: '', nik: '' });
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement>) => {
    // Read now: the event's target is gone by the time React runs the updater.
    const value = e.currentTarget.value;
    setV((s) => ({ ...s, [k]: value }));
  };
  const error = register.error ?? registerMe.error;
  const fieldError = (path: string) =>
    isApiError(register.error) ? register.error.errors.find((e) => e.path === path)?.message : undefined;
  const done = (r: { token: string }) => navigate(`/acara/daftar/${r.token}`);
  // What the server admits (the event's audience): one click for an owner or a mentor it is for, the form
  // for anyone when it is public; otherwise whom it is for, and for a stranger the way to sign in.
  const role = me.data?.role;
  const signedAs = role === 'business_owner' || role === 'mentor' ? role : null;
  const oneClick = signedAs !== null && audienceAdmits(event.audience, signedAs);
  const byForm = signedAs === null && audienceAdmits(event.audience, 'anonymous');
  if (!oneClick && !byForm) return <NotForYou event={event} signedIn={signedAs !== null} />;

  return (
    <Stack gap="sm">
      <Title order={2} fz="h4">
        {t('events.public.registerTitle')}
      </Title>
      {event.seatsLeft === 0 && <Alert color="yellow">{t('events.public.full')}</Alert>}
      {event.seatsLeft !== null && event.seatsLeft > 0 && (
        <Text size="sm" c="dimmed">
          {t('events.public.seatsLeft', { count: event.seatsLeft })}
        </Text>
      )}
      {oneClick && (
        <Button
          size="md"
          onClick={() => registerMe.mutate(undefined, { onSuccess: done })}
          loading={registerMe.isPending}
        >
          {t('events.public.registerMe', { name: me.data!.name })}
        </Button>
      )}
      {error && !(isApiError(error) && error.errors.length) && <Alert color="red">{error.message}</Alert>}
      {byForm && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            register.mutate(
              {
                name: v.name,
                phone: v.phone,
                email: v.email || null,
                businessName: v.businessName || null,
                nik: v.nik || null,
              },
              { onSuccess: done },
            );
          }}
        >
          <Stack gap="sm">
            <TextInput
              label={t('events.public.name')}
              required
              value={v.name}
              onChange={set('name')}
              error={fieldError('name')}
              autoComplete="name"
            />
            <TextInput
              label={t('events.public.phone')}
              required
              type="tel"
              inputMode="tel"
              placeholder="08…"
              value={v.phone}
              onChange={set('phone')}
              error={fieldError('phone')}
              autoComplete="tel"
            />
            <TextInput
              label={t('events.public.email')}
              type="email"
              value={v.email}
              onChange={set('email')}
              error={fieldError('email')}
              autoComplete="email"
            />
            <TextInput
              label={t('events.public.businessName')}
              value={v.businessName}
              onChange={set('businessName')}
            />
            <TextInput
              label={t('events.public.nik')}
              description={t('events.public.nikHint')}
              inputMode="numeric"
              maxLength={16}
              value={v.nik}
              onChange={set('nik')}
              error={fieldError('nik')}
              autoComplete="off"
            />
            <Button type="submit" size="md" loading={register.isPending}>
              {event.seatsLeft === 0 ? t('events.public.joinWaitlist') : t('events.public.register')}
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}

/** An event this visitor cannot register for: whom it is for, and a stranger's way to sign in. */
function NotForYou({ event, signedIn }: { event: PublicEventDto; signedIn: boolean }) {
  const { t, i18n } = useTranslation();
  const who = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(
    event.audience.map((a) => t(`events.audienceWho.${a}`)),
  );
  return (
    <Stack gap="sm">
      <Title order={2} fz="h4">
        {t('events.public.registerTitle')}
      </Title>
      <Alert color="blue" data-testid="audience-only">
        {t('events.public.onlyFor', { who })}{' '}
        {signedIn ? t('events.public.notForYou') : t('events.public.signInToRegister')}
      </Alert>
      {!signedIn && (
        <Button
          component={Link}
          to={`/login?next=${encodeURIComponent(`/acara/${event.slug}`)}`}
          size="md"
          variant="light"
        >
          {t('events.public.signInButton')}
        </Button>
      )}
    </Stack>
  );
}
