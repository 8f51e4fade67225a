import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Chip,
  Collapse,
  FileButton,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconCamera,
  IconChevronDown,
  IconMinus,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import { onlineManager } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { EXPERTISE, type Expertise } from '../../../shared/mentoring.ts';
import { ApiError } from '../../api/client.ts';
import { DateField } from '../../components/DateField.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { type SessionWrite, useOfflineWrite, writeBase } from '../offline/writes.ts';
import {
  type MentoringSession,
  type NewSession,
  type SessionFormDefaults,
  useFormDefaults,
  useMentorOptions,
} from './cases.api.ts';
import { mentoringAccess, mentoringErrorText } from './labels.tsx';

interface ItemDraft {
  key: number;
  what: string;
  side: 'mentor' | 'owner';
  dueOn: string;
  businessId: number | null;
}

/**
 * The mentor's phone form: today and the last topics already chosen, the open cases to tap, minutes with large
 * steppers; problems, notes and action items folded away. One tap to save; the same submit sent twice (a bad
 * connection) lands once, by its idempotency key.
 */
export function SessionFormPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const picksMentor = mentoringAccess.picksMentor(me.role);
  const mentors = useMentorOptions(picksMentor);
  const [params] = useSearchParams();
  const [mentorId, setMentorId] = useState<number | null>(() => {
    const fromCase = Number(params.get('mentorId'));
    return Number.isInteger(fromCase) && fromCase > 0 ? fromCase : null;
  });
  const defaults = useFormDefaults(picksMentor ? mentorId : undefined);
  return (
    <Stack gap="md" maw={640} mx="auto" pb={96}>
      <PageHeader title={t('cases.form.title')} />
      {picksMentor && (
        <Select
          label={t('cases.form.mentor')}
          placeholder={t('cases.form.mentorPlaceholder')}
          searchable
          size="md"
          data={(mentors.data ?? []).map((m) => ({ value: String(m.id), label: m.name }))}
          value={mentorId ? String(mentorId) : null}
          onChange={(v) => setMentorId(v ? Number(v) : null)}
        />
      )}
      {picksMentor && !mentorId ? (
        <Text c="dimmed">{t('cases.form.chooseMentor')}</Text>
      ) : defaults.isPending ? (
        <SkeletonRows rows={5} height={64} />
      ) : defaults.isError ? (
        <ErrorAlert error={defaults.error} onRetry={() => defaults.refetch()} />
      ) : (
        <SessionForm
          key={defaults.data.mentorId ?? 0}
          defaults={defaults.data}
          mentorId={picksMentor ? mentorId : null}
        />
      )}
    </Stack>
  );
}

function yesterdayOf(day: string) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function SessionForm({ defaults, mentorId }: { defaults: SessionFormDefaults; mentorId: number | null }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const me = useCurrentUser();
  // Kept on the device without a connection, photos and all, and sent when it returns (features/offline).
  const create = useOfflineWrite<MentoringSession, SessionWrite>('session');
  const preselected = defaults.cases.find((c) => String(c.caseId) === params.get('caseId'));
  const [heldOn, setHeldOn] = useState(defaults.today);
  const [businessIds, setBusinessIds] = useState<number[]>(
    preselected
      ? [preselected.businessId]
      : defaults.cases.length === 1
        ? [defaults.cases[0]!.businessId]
        : [],
  );
  const [mode, setMode] = useState<'kunjungan' | 'daring'>(
    defaults.lastMode === 'daring' ? 'daring' : 'kunjungan',
  );
  const [prep, setPrep] = useState<number | ''>(defaults.lastPrepMinutes ?? 15);
  const [contact, setContact] = useState<number | ''>(defaults.lastContactMinutes ?? 60);
  const [topics, setTopics] = useState<string[]>(defaults.lastTopics);
  const [problems, setProblems] = useState('');
  const [notes, setNotes] = useState('');
  const [items, setItems] = useState<ItemDraft[]>([]);
  const [photos, setPhotos] = useState<File[]>([]);
  const [more, toggleMore] = useDisclosure(false);
  // One key per form: a retry after a lost answer is the same write, and lands once.
  const idempotencyKey = useRef(crypto.randomUUID());
  const itemSeq = useRef(0);
  const group = businessIds.length > 1;
  const yesterday = yesterdayOf(defaults.today);
  const prepValue = typeof prep === 'number' ? prep : 0;
  const contactValue = typeof contact === 'number' ? contact : 0;
  const n = Math.max(1, businessIds.length);
  const each = Math.round((contactValue + prepValue / n) * 10) / 10;
  const error = create.error;
  const fieldErrors = error instanceof ApiError ? error.errors : [];
  // The server's sentences are Indonesian; another reader gets the rule's name by its code.
  const errorAt = (path: string) => {
    const found = fieldErrors.find((e) => e.path === `body.${path}` || e.path.startsWith(`body.${path}.`));
    if (!found) return undefined;
    return i18n.language === 'id' ? found.message : mentoringErrorText(t, error);
  };

  useEffect(() => {
    if (error) window.scrollTo({ top: 0, behavior: 'smooth' });
  }, [error]);

  const toggleBusiness = (id: number) =>
    setBusinessIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));

  const submit = () => {
    const names = defaults.cases.filter((c) => businessIds.includes(c.businessId)).map((c) => c.businessName);
    const body: NewSession = {
      heldOn,
      mode: group ? 'kelompok' : mode,
      prepMinutes: prep === '' ? Number.NaN : prep,
      contactMinutes: contact === '' ? Number.NaN : contact,
      topics: topics as Expertise[],
      problems: problems.trim() || null,
      notes: notes.trim() || null,
      businessIds,
      actionItems: items
        .filter((i) => i.what.trim())
        .map((i) => ({
          businessId: i.businessId ?? businessIds[0]!,
          what: i.what.trim(),
          side: i.side,
          dueOn: i.dueOn || null,
        })),
      idempotencyKey: idempotencyKey.current,
      ...(mentorId ? { mentorId } : {}),
    };
    const write: SessionWrite = {
      ...writeBase(names.join(', '), me.id),
      key: idempotencyKey.current,
      body,
      photos,
    };
    const offline = !onlineManager.isOnline();
    create.mutate(write, {
      onSuccess: (session) => {
        if (offline) return;
        notifications.show({ color: 'teal', message: t('cases.form.saved') });
        const only = session.businesses.length === 1 ? session.businesses[0] : undefined;
        navigate(only ? `/mentoring/cases/${only.caseId}` : '/mentoring');
      },
    });
    if (offline) {
      notifications.show({ color: 'orange', message: t('offline.savedOnDevice') });
      const only = defaults.cases.find((c) => c.businessId === businessIds[0]);
      navigate(businessIds.length === 1 && only ? `/mentoring/cases/${only.caseId}` : '/mentoring');
    }
  };

  return (
    <Stack gap="md">
      {!defaults.certificateValidToday && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
          {t('cases.form.certificateInvalid')}
        </Alert>
      )}
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" data-testid="session-error">
          <Text size="sm">{mentoringErrorText(t, error)}</Text>
          {fieldErrors
            .filter((e) => i18n.language === 'id' && e.message !== mentoringErrorText(t, error))
            .map((e) => (
              <Text size="sm" key={e.path}>
                • {e.message}
              </Text>
            ))}
        </Alert>
      )}

      <Paper p="sm" radius="md">
        <Text fw={600} mb={6}>
          {t('cases.form.date')}
        </Text>
        <Group gap="xs" wrap="wrap" align="flex-start">
          <SegmentedControl
            size="md"
            value={heldOn === defaults.today ? 'today' : heldOn === yesterday ? 'yesterday' : 'other'}
            onChange={(v) => v !== 'other' && setHeldOn(v === 'today' ? defaults.today : yesterday)}
            data={[
              { value: 'today', label: t('cases.form.today') },
              { value: 'yesterday', label: t('cases.form.yesterday') },
              ...(heldOn !== defaults.today && heldOn !== yesterday
                ? [{ value: 'other', label: heldOn }]
                : []),
            ]}
          />
          <DateField
            size="md"
            aria-label={t('cases.form.date')}
            max={defaults.today}
            value={heldOn}
            onChange={setHeldOn}
            error={errorAt('heldOn')}
            style={{ flex: '1 1 10rem' }}
          />
        </Group>
      </Paper>

      <Paper p="sm" radius="md">
        <Group justify="space-between" mb={6}>
          <Text fw={600}>{t('cases.form.businesses')}</Text>
          <Text size="xs" c="dimmed">
            {t('cases.form.businessesHint')}
          </Text>
        </Group>
        {defaults.cases.length === 0 && <Text c="dimmed">{t('cases.form.noCases')}</Text>}
        <Stack gap={6} data-testid="case-picker">
          {[...defaults.cases]
            .sort(
              (a, b) => Number(b.caseId === preselected?.caseId) - Number(a.caseId === preselected?.caseId),
            )
            .map((c) => {
              const checked = businessIds.includes(c.businessId);
              return (
                <UnstyledButton
                  key={c.caseId}
                  onClick={() => toggleBusiness(c.businessId)}
                  aria-pressed={checked}
                  p="sm"
                  style={{
                    borderRadius: 8,
                    minHeight: 56,
                    border: `2px solid var(--mantine-color-${checked ? 'civic-6' : 'gray-3'})`,
                    background: checked ? 'var(--mantine-color-civic-0)' : undefined,
                  }}
                >
                  <Group wrap="nowrap" gap="sm">
                    <Checkbox checked={checked} readOnly tabIndex={-1} size="md" aria-hidden />
                    <div style={{ minWidth: 0 }}>
                      <Text fw={600} className="break-anywhere">
                        {c.businessName}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {c.ownerName} · {c.kelurahanName}
                      </Text>
                    </div>
                  </Group>
                </UnstyledButton>
              );
            })}
        </Stack>
        {errorAt('businessIds') && (
          <Text c="red" size="sm" mt={4}>
            {errorAt('businessIds')}
          </Text>
        )}
      </Paper>

      <Paper p="sm" radius="md">
        <Text fw={600} mb={6}>
          {t('cases.form.mode')}
        </Text>
        {group ? (
          <Text>{t('cases.modes.kelompok')}</Text>
        ) : (
          <SegmentedControl
            fullWidth
            size="md"
            value={mode}
            onChange={(v) => setMode(v as 'kunjungan' | 'daring')}
            data={[
              { value: 'kunjungan', label: t('cases.modes.kunjungan') },
              { value: 'daring', label: t('cases.modes.daring') },
            ]}
          />
        )}
      </Paper>

      <Paper p="sm" radius="md">
        <Stack gap="sm">
          <MinuteStepper
            label={t('cases.form.prep')}
            value={prep}
            onChange={setPrep}
            step={5}
            error={errorAt('prepMinutes')}
          />
          <MinuteStepper
            label={t('cases.form.contact')}
            value={contact}
            onChange={setContact}
            step={15}
            error={errorAt('contactMinutes')}
          />
          <Text size="xs" c="dimmed" data-testid="credit-preview">
            {t('cases.form.credit', {
              total: prepValue + contactValue,
              each: new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'id-ID').format(each),
            })}
          </Text>
        </Stack>
      </Paper>

      <Paper p="sm" radius="md">
        <Text fw={600} mb={6}>
          {t('cases.form.topics')}
        </Text>
        <Chip.Group multiple value={topics} onChange={setTopics}>
          <Group gap={8}>
            {EXPERTISE.map((code) => (
              <Chip key={code} value={code} size="lg" radius="md">
                {t(`cases.topics.${code}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </Paper>

      <Paper p="sm" radius="md">
        <UnstyledButton onClick={toggleMore.toggle} w="100%" py={6} aria-expanded={more}>
          <Group justify="space-between">
            <Text fw={600}>{t('cases.form.more_details')}</Text>
            <IconChevronDown size={20} style={{ transform: more ? 'rotate(180deg)' : undefined }} />
          </Group>
        </UnstyledButton>
        <Collapse expanded={more || items.length > 0 || Boolean(errorAt('actionItems'))}>
          <Stack gap="sm" mt="sm">
            <Textarea
              label={t('cases.form.problems')}
              autosize
              minRows={2}
              value={problems}
              onChange={(e) => setProblems(e.currentTarget.value)}
              error={errorAt('problems')}
            />
            <Textarea
              label={t('cases.form.notes')}
              autosize
              minRows={2}
              value={notes}
              onChange={(e) => setNotes(e.currentTarget.value)}
              error={errorAt('notes')}
            />
            <Text fw={600} size="sm">
              {t('cases.form.actionItems')}
            </Text>
            {items.map((item, index) => (
              <Paper key={item.key} withBorder p="xs" radius="md">
                <Stack gap={6}>
                  <Group gap="xs" wrap="nowrap" align="flex-end">
                    <TextInput
                      label={t('cases.form.itemWhat')}
                      value={item.what}
                      onChange={(e) => {
                        const what = e.currentTarget.value;
                        setItems((all) => all.map((x) => (x.key === item.key ? { ...x, what } : x)));
                      }}
                      error={errorAt(`actionItems.${index}.what`)}
                      style={{ flex: 1 }}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="lg"
                      aria-label={t('cases.form.remove')}
                      onClick={() => setItems((all) => all.filter((x) => x.key !== item.key))}
                    >
                      <IconTrash size={18} />
                    </ActionIcon>
                  </Group>
                  <Group gap="xs" wrap="wrap">
                    <SegmentedControl
                      style={{ flex: '1 1 12rem' }}
                      value={item.side}
                      onChange={(v) =>
                        setItems((all) =>
                          all.map((x) => (x.key === item.key ? { ...x, side: v as ItemDraft['side'] } : x)),
                        )
                      }
                      data={[
                        { value: 'owner', label: t('cases.items.owner') },
                        { value: 'mentor', label: t('cases.items.mentor') },
                      ]}
                    />
                    <DateField
                      aria-label={t('cases.form.itemDue')}
                      min={heldOn}
                      value={item.dueOn}
                      onChange={(dueOn) => {
                        setItems((all) => all.map((x) => (x.key === item.key ? { ...x, dueOn } : x)));
                      }}
                      error={errorAt(`actionItems.${index}.dueOn`)}
                      style={{ flex: '1 1 9rem' }}
                    />
                  </Group>
                  {group && (
                    <Select
                      label={t('cases.form.itemBusiness')}
                      data={defaults.cases
                        .filter((c) => businessIds.includes(c.businessId))
                        .map((c) => ({ value: String(c.businessId), label: c.businessName }))}
                      value={String(item.businessId ?? businessIds[0])}
                      onChange={(v) =>
                        setItems((all) =>
                          all.map((x) => (x.key === item.key ? { ...x, businessId: Number(v) } : x)),
                        )
                      }
                    />
                  )}
                </Stack>
              </Paper>
            ))}
            <Button
              variant="light"
              leftSection={<IconPlus size={16} />}
              onClick={() => {
                itemSeq.current += 1;
                setItems((all) => [
                  ...all,
                  {
                    key: itemSeq.current,
                    what: '',
                    side: 'owner',
                    dueOn: '',
                    businessId: businessIds[0] ?? null,
                  },
                ]);
              }}
            >
              {t('cases.form.addItem')}
            </Button>
          </Stack>
        </Collapse>
      </Paper>

      <Paper p="sm" radius="md">
        <Group justify="space-between">
          <div>
            <Text fw={600}>{t('cases.form.photos')}</Text>
            <Text size="xs" c="dimmed">
              {photos.length > 0 ? photos.map((p) => p.name).join(', ') : t('cases.form.photoHint')}
            </Text>
          </div>
          <FileButton multiple accept="image/jpeg,image/png" onChange={(files) => setPhotos(files)}>
            {(props) => (
              <Button variant="default" size="md" leftSection={<IconCamera size={18} />} {...props}>
                {photos.length || ''}
              </Button>
            )}
          </FileButton>
        </Group>
      </Paper>

      <Paper
        p="sm"
        shadow="md"
        style={{
          position: 'sticky',
          bottom: 0,
          zIndex: 5,
          borderTop: '1px solid var(--mantine-color-gray-2)',
        }}
      >
        <Button
          size="xl"
          fullWidth
          onClick={submit}
          loading={create.isPending && !create.isPaused}
          disabled={businessIds.length === 0}
          data-testid="save-session"
        >
          {t('cases.form.save')}
        </Button>
      </Paper>
    </Stack>
  );
}

/** Minutes with large − and + buttons around the number (thumbs on a phone). */
function MinuteStepper({
  label,
  value,
  onChange,
  step,
  error,
}: {
  label: string;
  value: number | '';
  onChange: (value: number | '') => void;
  step: number;
  error?: string;
}) {
  const { t } = useTranslation();
  const current = typeof value === 'number' ? value : 0;
  return (
    <div>
      <Text fw={600} mb={4}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <ActionIcon
          size={52}
          variant="light"
          radius="md"
          aria-label={t('cases.form.less', { label })}
          onClick={() => onChange(Math.max(0, current - step))}
        >
          <IconMinus size={24} />
        </ActionIcon>
        <NumberInput
          size="lg"
          value={value}
          onChange={(v) => onChange(v === '' ? '' : Number(v))}
          allowNegative={false}
          allowDecimal={false}
          hideControls
          inputMode="numeric"
          aria-label={label}
          rightSection={
            <Text size="sm" c="dimmed" pr="sm">
              {t('cases.form.minutesUnit')}
            </Text>
          }
          rightSectionWidth={64}
          styles={{ input: { textAlign: 'center', fontWeight: 700 } }}
          error={error}
          style={{ flex: 1 }}
        />
        <ActionIcon
          size={52}
          variant="light"
          radius="md"
          aria-label={t('cases.form.more', { label })}
          onClick={() => onChange(current + step)}
        >
          <IconPlus size={24} />
        </ActionIcon>
      </Group>
    </div>
  );
}
