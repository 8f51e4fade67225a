import { Button, Group, Paper, Stack, Text, ThemeIcon, Timeline, Title } from '@mantine/core';
import {
  IconArchive,
  IconArchiveOff,
  IconCash,
  IconFileImport,
  IconGitMerge,
  IconHistory,
  IconPencil,
  IconPlus,
} from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isSystemActor } from '../../../shared/actors.ts';
import type { TimelineEvent } from '../../api/types.ts';
import { formatDateTime, formatPeriod, formatRupiah } from '../../components/format.ts';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import i18n from '../../i18n/index.ts';
import { useTimeline } from './businesses.api.ts';

const FIRST_SHOWN = 8;
const MONEY_FIELDS = new Set(['capital', 'annual_sales', 'baseline_omzet', 'amount']);
const OMZET_FIELDS = new Set(['period', 'amount', 'source']);
/** Fields in the order people read a business; anything else follows as recorded. */
const FIELD_ORDER = [
  'name',
  'sector',
  'kbli',
  'address',
  'kelurahan_code',
  'kecamatan_code',
  'capital',
  'annual_sales',
  'employees',
  'baseline_omzet',
  'legality',
  'online',
  'mentor_id',
  'archived',
  'period',
  'amount',
  'source',
];
const rank = (field: string) => {
  const i = FIELD_ORDER.indexOf(field);
  return i < 0 ? FIELD_ORDER.length : i;
};

type Kind = 'create' | 'update' | 'import_update' | 'archive' | 'unarchive' | 'merge' | 'omzet' | 'other';

/**
 * A turnover report is recorded with create/update like the business itself; its fields tell it apart
 * (and a later server may name it `omzet` outright).
 */
function kindOf(event: TimelineEvent): Kind {
  const fields = Object.keys({ ...event.summary, ...event.previous });
  if (event.kind.startsWith('omzet') || (fields.length > 0 && fields.every((f) => OMZET_FIELDS.has(f))))
    return 'omzet';
  switch (event.kind) {
    case 'create':
    case 'update':
    case 'import_update':
    case 'archive':
    case 'unarchive':
    case 'merge':
      return event.kind;
    default:
      return 'other';
  }
}

const ICONS: Record<Kind, typeof IconPlus> = {
  create: IconPlus,
  update: IconPencil,
  import_update: IconFileImport,
  archive: IconArchive,
  unarchive: IconArchiveOff,
  merge: IconGitMerge,
  omzet: IconCash,
  other: IconHistory,
};
const COLORS: Record<Kind, string> = {
  create: 'teal',
  update: 'civic',
  import_update: 'grape',
  archive: 'gray',
  unarchive: 'teal',
  merge: 'orange',
  omzet: 'green',
  other: 'gray',
};

/** What happened to the business, newest first: who did it, when, and each value before and after. */
export function BusinessTimeline({ businessId }: { businessId: number }) {
  const { t } = useTranslation();
  const timeline = useTimeline(businessId);
  const [showAll, setShowAll] = useState(false);
  const events = [...(timeline.data ?? [])].reverse();
  const shown = showAll ? events : events.slice(0, FIRST_SHOWN);

  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md">
      <Title order={3} fz="h4" mb="md">
        {t('timeline.title')}
      </Title>
      {timeline.isPending ? (
        <SkeletonRows rows={4} height={48} />
      ) : timeline.isError ? (
        <ErrorAlert error={timeline.error} onRetry={() => timeline.refetch()} />
      ) : events.length === 0 ? (
        <EmptyMessage
          icon={<IconHistory size={28} />}
          title={t('timeline.emptyTitle')}
          description={t('timeline.empty')}
        />
      ) : (
        <>
          <Timeline bulletSize={28} lineWidth={2} active={-1} data-testid="timeline">
            {shown.map((event) => (
              <TimelineEntry key={`${event.at}-${event.kind}`} event={event} />
            ))}
          </Timeline>
          {events.length > FIRST_SHOWN && (
            <Button variant="subtle" size="xs" mt="sm" onClick={() => setShowAll((v) => !v)}>
              {showAll ? t('timeline.showFewer') : t('timeline.showAll', { count: events.length })}
            </Button>
          )}
        </>
      )}
    </Paper>
  );
}

function TimelineEntry({ event }: { event: TimelineEvent }) {
  const { t, i18n } = useTranslation();
  const kind = kindOf(event);
  const Icon = ICONS[kind];
  const before = event.previous ?? {};
  const after = event.summary ?? {};
  const period =
    typeof after.period === 'string'
      ? after.period
      : typeof before.period === 'string'
        ? before.period
        : null;
  const changed =
    kind === 'create' || kind === 'archive' || kind === 'unarchive'
      ? []
      : [...new Set([...Object.keys(before), ...Object.keys(after)])]
          .filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null))
          .filter((f) => !(kind === 'omzet' && (f === 'period' || f === 'source')))
          .sort((a, b) => rank(a) - rank(b));
  const title =
    kind === 'omzet'
      ? period
        ? t(event.previous ? 'timeline.kinds.omzetUpdatedIn' : 'timeline.kinds.omzetIn', {
            period: formatPeriod(period, i18n.language, 'long'),
          })
        : t(event.previous ? 'timeline.kinds.omzetUpdated' : 'timeline.kinds.omzet')
      : kind === 'other'
        ? event.kind
        : t(`timeline.kinds.${kind}`);

  return (
    <Timeline.Item
      data-testid="timeline-entry"
      data-kind={kind}
      bullet={
        <ThemeIcon size={28} radius="xl" variant="light" color={COLORS[kind]}>
          <Icon size={15} />
        </ThemeIcon>
      }
      title={
        <Text fw={600} size="sm">
          {title}
        </Text>
      }
    >
      <Text size="xs" c="dimmed" className="break-anywhere">
        {t('timeline.byAt', {
          actor: actorLabel(t, event.actor),
          at: formatDateTime(event.at, i18n.language),
        })}
      </Text>
      {kind === 'omzet' && !event.previous && typeof after.amount === 'number' && (
        <Text size="sm" mt={4}>
          {formatRupiah(after.amount, i18n.language)}
        </Text>
      )}
      {changed.length > 0 && !(kind === 'omzet' && !event.previous) && (
        <Stack gap={2} mt={6}>
          {changed.map((field) => (
            <Group key={field} gap={6} wrap="wrap" align="baseline">
              <Text size="xs" fw={600} c="dimmed">
                {fieldLabel(t, field)}:
              </Text>
              {field in before && (
                <Text size="xs" c="red.8" td="line-through" className="break-anywhere">
                  {valueText(t, i18n.language, field, before[field])}
                </Text>
              )}
              {field in before && (
                <Text size="xs" c="dimmed">
                  →
                </Text>
              )}
              <Text size="xs" c="teal.9" className="break-anywhere">
                {valueText(t, i18n.language, field, after[field])}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Timeline.Item>
  );
}

type T = TFunction;

/** A translation when the app knows the key, else the recorded text (later modules add fields and values). */
function known(t: T, key: string, fallback: string): string {
  return i18n.exists(key) ? t(key as 'common.yes') : fallback;
}

function actorLabel(t: T, actor: string) {
  if (isSystemActor(actor)) return t('audit.system');
  return actor;
}

function fieldLabel(t: T, field: string): string {
  return known(t, `timeline.fields.${field}`, field);
}

/** A recorded value as people read it: rupiah, sector names, permits with numbers, yes/no. */
function valueText(t: T, language: string, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (MONEY_FIELDS.has(field) && typeof value === 'number') return formatRupiah(value, language);
  if (field === 'sector' && typeof value === 'string') return known(t, `sectors.${value}`, value);
  if (field === 'source' && typeof value === 'string') return known(t, `turnover.sources.${value}`, value);
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (field === 'legality' && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, { number?: string } | undefined>).filter(
      ([, v]) => v,
    );
    if (entries.length === 0) return '—';
    return entries
      .map(([kind, v]) => `${known(t, `legality.kinds.${kind}`, kind)} ${v?.number ?? ''}`.trim())
      .join(', ');
  }
  if (field === 'online' && typeof value === 'object') {
    const all = Object.values(value as Record<string, string[] | undefined>).flatMap((v) => v ?? []);
    return all.length ? all.join(', ') : '—';
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}
