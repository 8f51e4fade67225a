import './texts.ts';
import {
  Button,
  Grid,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { EVENT_AUDIENCES, EVENT_TYPES, type EventAudience, type EventType } from '../../../shared/events.ts';
import { EXPERTISE, EXPERTISE_LABELS, type Expertise } from '../../../shared/mentoring.ts';
import { isApiError } from '../../api/client.ts';
import { DateField } from '../../components/DateField.tsx';
import { FormSection, HINTS_BELOW } from '../../components/FormSection.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPage, useIdParam } from '../../components/RecordPage.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useInstitutions } from '../institutions/institutions.api.ts';
import { useMentors } from '../mentors/mentors.api.ts';
import { type EventDto, useEvent, useSaveEvent } from './events.api.ts';

/** Local date and time in WIB (the program's zone) → ISO with its offset. */
const toInstant = (date: string, time: string) => (date && time ? `${date}T${time}:00+07:00` : '');
const wib = (iso: string | null) => {
  if (!iso) return { date: '', time: '' };
  const d = new Date(new Date(iso).getTime() + 7 * 3600 * 1000).toISOString();
  return { date: d.slice(0, 10), time: d.slice(11, 16) };
};

export function NewEventPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('events.add')} />
      <EventForm />
    </>
  );
}

export function EditEventPage() {
  const { t } = useTranslation();
  const id = useIdParam();
  const event = useEvent(id);
  return (
    <RecordPage id={id} query={event} title={t('events.edit')}>
      {(e) => (
        <>
          <PageHeader title={t('events.edit')} description={e.title} />
          <EventForm event={e} />
        </>
      )}
    </RecordPage>
  );
}

function EventForm({ event }: { event?: EventDto }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const institutions = useInstitutions(me.role === 'admin');
  const save = useSaveEvent(event?.id);
  const start = wib(event?.startsAt ?? null);
  const end = wib(event?.endsAt ?? null);
  const deadline = wib(event?.registrationDeadline ?? null);
  const [v, setV] = useState({
    title: event?.title ?? '',
    type: (event?.type ?? 'training') as EventType,
    institutionId: event ? event.institutionId : me.role === 'institution_admin' ? me.institutionId : null,
    speakers: event?.speakers.join(', ') ?? '',
    host: event?.host ?? '',
    hostMentorId: event?.hostMentorId ?? null,
    date: start.date,
    startTime: start.time || '09:00',
    endTime: end.time || '12:00',
    deadlineDate: deadline.date,
    venue: event?.venue ?? '',
    onlineUrl: event?.onlineUrl ?? '',
    capacity: event?.capacity ?? ('' as number | ''),
    audience: (event?.audience ?? ['public']) as EventAudience[],
    topics: (event?.topics ?? []) as Expertise[],
    description: event?.description ?? '',
  });
  const mentors = useMentors(
    { institution: v.institutionId ?? undefined, pageSize: 200 },
    v.institutionId !== null,
  );
  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) => setV((s) => ({ ...s, [k]: value }));
  const fieldError = (path: string) =>
    isApiError(save.error) ? save.error.errors.find((e) => e.path === path)?.message : undefined;
  const lang = i18n.language.startsWith('en') ? 'en' : 'id';

  const submit = () => {
    save.mutate(
      {
        title: v.title,
        type: v.type,
        institutionId: v.institutionId ?? null,
        speakers: v.speakers
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        host: v.host || null,
        hostMentorId: v.institutionId === null ? null : v.hostMentorId,
        startsAt: toInstant(v.date, v.startTime),
        endsAt: toInstant(v.date, v.endTime),
        registrationDeadline: v.deadlineDate ? toInstant(v.deadlineDate, '23:59') : null,
        venue: v.venue || null,
        onlineUrl: v.onlineUrl || null,
        capacity: v.capacity === '' ? null : v.capacity,
        audience: v.audience,
        topics: v.topics,
        description: v.description,
      },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: t('events.saved') });
          navigate(`/events/${saved.id}`);
        },
      },
    );
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack>
        <FormSection title={t('events.sectionWhat')}>
          <Grid>
            <Grid.Col span={{ base: 12, md: 8 }}>
              <TextInput
                label={t('events.titleLabel')}
                required
                value={v.title}
                onChange={(e) => set('title', e.currentTarget.value)}
                error={fieldError('title')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Select
                label={t('events.typeLabel')}
                data={EVENT_TYPES.map((x) => ({ value: x, label: t(`events.type.${x}`) }))}
                value={v.type}
                onChange={(x) => x && set('type', x as EventType)}
                allowDeselect={false}
              />
            </Grid.Col>
            {me.role === 'admin' && (
              <Grid.Col span={{ base: 12, md: 6 }}>
                <Select
                  label={t('events.organizer')}
                  data={[
                    { value: '', label: t('events.office') },
                    ...(institutions.data ?? []).map((i) => ({ value: String(i.id), label: i.name })),
                  ]}
                  value={v.institutionId ? String(v.institutionId) : ''}
                  onChange={(x) => set('institutionId', x ? Number(x) : null)}
                  error={fieldError('institutionId')}
                />
              </Grid.Col>
            )}
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TextInput
                label={t('events.speakers')}
                description={t('events.speakersHint')}
                inputWrapperOrder={HINTS_BELOW}
                value={v.speakers}
                onChange={(e) => set('speakers', e.currentTarget.value)}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TextInput
                label={t('events.host')}
                value={v.host}
                onChange={(e) => set('host', e.currentTarget.value)}
              />
            </Grid.Col>
            {v.institutionId !== null && (
              <Grid.Col span={{ base: 12, md: 6 }}>
                <Select
                  label={t('events.hostMentor')}
                  description={t('events.hostMentorHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  clearable
                  searchable
                  data={(mentors.data?.items ?? []).map((m) => ({ value: String(m.id), label: m.name }))}
                  value={v.hostMentorId ? String(v.hostMentorId) : null}
                  onChange={(x) => set('hostMentorId', x ? Number(x) : null)}
                  error={fieldError('hostMentorId')}
                />
              </Grid.Col>
            )}
            <Grid.Col span={12}>
              <Textarea
                label={t('events.descriptionLabel')}
                autosize
                minRows={3}
                value={v.description}
                onChange={(e) => set('description', e.currentTarget.value)}
              />
            </Grid.Col>
          </Grid>
        </FormSection>
        <FormSection title={t('events.sectionWhen')}>
          <Grid>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <DateField
                label={t('events.date')}
                required
                value={v.date}
                onChange={(x) => set('date', x)}
                error={fieldError('startsAt')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 4 }}>
              <TextInput
                type="time"
                label={t('events.startTime')}
                value={v.startTime}
                onChange={(e) => set('startTime', e.currentTarget.value)}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 4 }}>
              <TextInput
                type="time"
                label={t('events.endTime')}
                value={v.endTime}
                onChange={(e) => set('endTime', e.currentTarget.value)}
                error={fieldError('endsAt')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label={t('events.venue')}
                value={v.venue}
                onChange={(e) => set('venue', e.currentTarget.value)}
                error={fieldError('venue')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label={t('events.onlineUrl')}
                placeholder="https://"
                value={v.onlineUrl}
                onChange={(e) => set('onlineUrl', e.currentTarget.value)}
                error={fieldError('onlineUrl')}
              />
            </Grid.Col>
          </Grid>
        </FormSection>
        <FormSection title={t('events.sectionWho')}>
          <Grid>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <NumberInput
                label={t('events.capacity')}
                description={t('events.capacityHint')}
                inputWrapperOrder={HINTS_BELOW}
                min={1}
                value={v.capacity}
                onChange={(x) => set('capacity', typeof x === 'number' ? x : '')}
                error={fieldError('capacity')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <DateField
                label={t('events.deadline')}
                description={t('events.deadlineHint')}
                inputWrapperOrder={HINTS_BELOW}
                value={v.deadlineDate}
                onChange={(x) => set('deadlineDate', x)}
                error={fieldError('registrationDeadline')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <MultiSelect
                label={t('events.audience')}
                data={EVENT_AUDIENCES.map((x) => ({ value: x, label: t(`events.audienceOptions.${x}`) }))}
                value={v.audience}
                onChange={(x) => set('audience', x as EventAudience[])}
                error={fieldError('audience')}
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <MultiSelect
                label={t('events.topics')}
                data={EXPERTISE.map((x) => ({ value: x, label: EXPERTISE_LABELS[x][lang] }))}
                value={v.topics}
                onChange={(x) => set('topics', x as Expertise[])}
              />
            </Grid.Col>
          </Grid>
        </FormSection>
        {isApiError(save.error) && !save.error.errors.length && (
          <TextInput readOnly variant="unstyled" c="red" value={save.error.message} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => navigate(event ? `/events/${event.id}` : '/events')}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
