import './texts.ts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  FileButton,
  Grid,
  Group,
  Image,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopy, IconExternalLink, IconPencil, IconSend, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { REGISTRATION_STATUSES } from '../../../shared/events.ts';
import { isApiError, upload } from '../../api/client.ts';
import { ListPage, SelectFilter, useListFilters } from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPage, useIdParam } from '../../components/RecordPage.tsx';
import { SummaryFigure } from '../../components/SummaryFigure.tsx';
import { EventCertificatesPanel } from '../certificates/IssuePanels.tsx';
import { AttendanceUploadPanel } from './AttendanceUploadPanel.tsx';
import { CheckInScanner } from './CheckInScanner.tsx';
import { StateBadge } from './EventsPage.tsx';
import {
  type EventDto,
  formatWhen,
  type RegistrationDto,
  useCheckIn,
  useConfirmBusiness,
  useEvent,
  useEventAction,
  useRegistrations,
} from './events.api.ts';

/** One event: what it is, its people, and the check-in (a scan or a tick on the list). */
export function EventPage() {
  const { t } = useTranslation();
  const id = useIdParam();
  const event = useEvent(id);
  return (
    <RecordPage id={id} query={event} title={t('events.title')}>
      {(e) => <EventBody event={e} />}
    </RecordPage>
  );
}

function EventBody({ event }: { event: EventDto }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const action = useEventAction(event.id);
  const run = (what: 'publish' | 'cancel' | 'copy') =>
    action.mutate(what, {
      onSuccess: (saved) => {
        notifications.show({ color: 'teal', message: t(`events.done.${what}`) });
        if (what === 'copy') navigate(`/events/${saved.id}`);
      },
      onError: (error) => notifications.show({ color: 'red', message: error.message }),
    });
  return (
    <>
      <PageHeader
        above={
          <Anchor component={Link} to="/events" size="sm">
            ← {t('events.title')}
          </Anchor>
        }
        title={event.title}
        description={
          <Group gap="xs">
            <StateBadge state={event.state} />
            <span>
              {t(`events.type.${event.type}`)} · {event.organizer} ·{' '}
              {formatWhen(event.startsAt, event.endsAt, i18n.language)}
            </span>
          </Group>
        }
        actions={
          <>
            {event.state === 'draft' && (
              <Button
                leftSection={<IconSend size={16} />}
                onClick={() => run('publish')}
                loading={action.isPending}
              >
                {t('events.publish')}
              </Button>
            )}
            {event.state === 'published' && (
              <Button
                component="a"
                href={`/acara/${event.slug}`}
                target="_blank"
                variant="default"
                leftSection={<IconExternalLink size={16} />}
              >
                {t('events.publicPage')}
              </Button>
            )}
            {event.state !== 'cancelled' && (
              <Button
                component={Link}
                to={`/events/${event.id}/edit`}
                variant="default"
                leftSection={<IconPencil size={16} />}
              >
                {t('events.edit')}
              </Button>
            )}
            <Button variant="default" leftSection={<IconCopy size={16} />} onClick={() => run('copy')}>
              {t('events.copy')}
            </Button>
            {event.state !== 'cancelled' && (
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconX size={16} />}
                onClick={() => window.confirm(t('events.cancelConfirm')) && run('cancel')}
              >
                {t('events.cancelEvent')}
              </Button>
            )}
          </>
        }
      />
      <SimpleGrid cols={{ base: 2, sm: 4 }} mb="md">
        <SummaryFigure
          color="civic.8"
          label={t('events.registered')}
          value={event.capacity ? `${event.registered}/${event.capacity}` : String(event.registered)}
        />
        <SummaryFigure color="yellow.8" label={t('events.waitlisted')} value={String(event.waitlisted)} />
        <SummaryFigure
          color="teal.8"
          label={t('events.attended')}
          value={String(event.attended)}
          testId="attended-count"
        />
        <SummaryFigure
          color="red.8"
          label={t('events.noShow')}
          value={
            event.registered > 0 && new Date(event.endsAt) < new Date()
              ? `${Math.round(((event.registered - event.attended) / event.registered) * 100)}%`
              : '—'
          }
        />
      </SimpleGrid>
      <Tabs defaultValue="checkin" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="checkin">{t('events.tabs.checkin')}</Tabs.Tab>
          <Tabs.Tab value="upload">{t('events.tabs.upload')}</Tabs.Tab>
          <Tabs.Tab value="certificates">{t('certificates.event.tab')}</Tabs.Tab>
          <Tabs.Tab value="about">{t('events.tabs.about')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="checkin">
          <CheckInPanel event={event} />
        </Tabs.Panel>
        <Tabs.Panel value="upload">
          <AttendanceUploadPanel eventId={event.id} />
        </Tabs.Panel>
        <Tabs.Panel value="certificates">
          <EventCertificatesPanel eventId={event.id} attended={event.attended} />
        </Tabs.Panel>
        <Tabs.Panel value="about">
          <Paper p="md" radius="md">
            <Stack gap="xs">
              {event.venue && (
                <Text size="sm">
                  {t('events.venue')}: {event.venue}
                </Text>
              )}
              {event.onlineUrl && (
                <Text size="sm">
                  {t('events.onlineUrl')}: {event.onlineUrl}
                </Text>
              )}
              {event.speakers.length > 0 && (
                <Text size="sm">
                  {t('events.speakers')}: {event.speakers.join(', ')}
                </Text>
              )}
              {event.host && (
                <Text size="sm">
                  {t('events.host')}: {event.host}
                </Text>
              )}
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {event.description}
              </Text>
              <BannerField event={event} />
            </Stack>
          </Paper>
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

const PAGE_SIZE = 50;

function BannerField({ event }: { event: EventDto }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (file: File) => upload<EventDto>(`/events/${event.id}/banner`, file),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['events'] }),
  });
  return (
    <Stack gap="xs" mt="sm">
      {event.hasBanner && event.state !== 'draft' && (
        <Image
          src={`/api/v1/public/events/${event.slug}/banner?v=${encodeURIComponent(event.publishedAt ?? '')}${save.data ? '&n=1' : ''}`}
          alt={t('events.banner')}
          maw={480}
          radius="md"
        />
      )}
      {event.hasBanner && event.state === 'draft' && (
        <Text size="sm" c="dimmed">
          {t('events.bannerSet')}
        </Text>
      )}
      <FileButton onChange={(f) => f && save.mutate(f)} accept="image/jpeg,image/png">
        {(props) => (
          <Button {...props} variant="default" w="fit-content" loading={save.isPending}>
            {event.hasBanner ? t('events.bannerReplace') : t('events.bannerUpload')}
          </Button>
        )}
      </FileButton>
      {save.error && <Alert color="red">{save.error.message}</Alert>}
    </Stack>
  );
}

function CheckInPanel({ event }: { event: EventDto }) {
  const { t } = useTranslation();
  const list = useListFilters();
  const status = list.oneOf('status', REGISTRATION_STATUSES);
  const registrations = useRegistrations(event.id, {
    q: list.read('q'),
    status,
    page: list.page,
    pageSize: PAGE_SIZE,
  });
  const checkIn = useCheckIn(event.id);
  const [result, setResult] = useState<{ color: string; text: string } | null>(null);

  const submit = (by: { code: string } | { registrationId: number }) =>
    checkIn.mutate(by, {
      onSuccess: (r) =>
        setResult({
          color: r.outcome === 'checked_in' ? 'teal' : 'yellow',
          text: `${r.message} ${r.registration.name}`,
        }),
      onError: (error) =>
        setResult({ color: 'red', text: isApiError(error) ? error.message : String(error) }),
    });

  return (
    <Stack>
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper p="md" radius="md">
            <Text fw={600} mb="xs">
              {t('events.scan.title')}
            </Text>
            <CheckInScanner onCode={(code) => submit({ code })} busy={checkIn.isPending} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {result && (
            <Alert color={result.color} data-testid="checkin-result" role="status" mb="sm">
              {result.text}
            </Alert>
          )}
        </Grid.Col>
      </Grid>
      <ListPage
        list={list}
        searchLabel={t('events.searchPeople')}
        searchPlaceholder={t('events.searchPeoplePlaceholder')}
        filters={
          <SelectFilter
            list={list}
            param="status"
            label={t('events.statusLabel')}
            options={REGISTRATION_STATUSES}
            labelOf={(v) => t(`events.status.${v}`)}
          />
        }
        activeFilters={status ? 1 : 0}
        result={registrations}
        pageSize={PAGE_SIZE}
        table={(items) => (
          <Paper radius="md" style={{ overflow: 'hidden' }}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={60}>{t('events.present')}</Table.Th>
                  <Table.Th>{t('events.person')}</Table.Th>
                  <Table.Th>{t('events.business')}</Table.Th>
                  <Table.Th>{t('events.statusLabel')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r) => (
                  <Table.Tr key={r.id} data-testid="registration-row">
                    <Table.Td>
                      <PresentBox r={r} onTick={() => submit({ registrationId: r.id })} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {r.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {r.phone}
                        {r.email ? ` · ${r.email}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <BusinessMatch eventId={event.id} r={r} />
                    </Table.Td>
                    <Table.Td>
                      <RegistrationStatus r={r} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
        cards={(items) => (
          <Stack gap="sm">
            {items.map((r) => (
              <Paper key={r.id} p="sm" radius="md" data-testid="registration-card">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div>
                    <Text fw={600}>{r.name}</Text>
                    <Text size="xs" c="dimmed">
                      {r.phone}
                    </Text>
                    <RegistrationStatus r={r} />
                  </div>
                  <PresentBox r={r} onTick={() => submit({ registrationId: r.id })} />
                </Group>
                <BusinessMatch eventId={event.id} r={r} />
              </Paper>
            ))}
          </Stack>
        )}
        cardHeight={90}
        noMatch={{ title: t('events.noPeopleMatchTitle'), description: t('events.noPeopleMatch') }}
        empty={{ title: t('events.noPeopleTitle'), description: t('events.noPeople') }}
      />
    </Stack>
  );
}

function PresentBox({ r, onTick }: { r: RegistrationDto; onTick: () => void }) {
  const { t } = useTranslation();
  return (
    <Checkbox
      size="md"
      aria-label={t('events.tick', { name: r.name })}
      checked={r.checkedInAt !== null}
      disabled={r.status !== 'registered' || r.checkedInAt !== null}
      onChange={onTick}
    />
  );
}

function RegistrationStatus({ r }: { r: RegistrationDto }) {
  const { t } = useTranslation();
  if (r.checkedInAt) {
    return (
      <Badge color="teal" variant="light" radius="sm">
        {t('events.present')} ·{' '}
        {new Date(r.checkedInAt).toLocaleTimeString('id-ID', {
          hour: '2-digit',
          minute: '2-digit',
          timeZone: 'Asia/Jakarta',
        })}
      </Badge>
    );
  }
  return (
    <Badge
      color={r.status === 'registered' ? 'civic' : r.status === 'waitlisted' ? 'yellow' : 'gray'}
      variant="light"
      radius="sm"
    >
      {t(`events.status.${r.status}`)}
      {r.waitlistPosition ? ` #${r.waitlistPosition}` : ''}
    </Badge>
  );
}

function BusinessMatch({ eventId, r }: { eventId: number; r: RegistrationDto }) {
  const { t } = useTranslation();
  const confirm = useConfirmBusiness(eventId);
  if (!r.business) return <Text size="sm">{r.businessName ?? '—'}</Text>;
  return (
    <Stack gap={2}>
      <Anchor component={Link} to={`/businesses/${r.business.id}`} size="sm">
        {r.business.name}
      </Anchor>
      {r.business.confirmed ? (
        <Text size="xs" c="teal">
          {t('events.matchConfirmed')}
        </Text>
      ) : (
        <Group gap={4}>
          <Text size="xs" c="dimmed">
            {t(`events.match.${r.business.match}`)}
          </Text>
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => confirm.mutate({ registrationId: r.id, businessId: r.business!.id })}
          >
            {t('events.confirmMatch')}
          </Button>
          <Button
            size="compact-xs"
            variant="subtle"
            color="gray"
            onClick={() => confirm.mutate({ registrationId: r.id, businessId: null })}
          >
            {t('events.rejectMatch')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
