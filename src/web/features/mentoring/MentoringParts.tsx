import './texts.ts';
import {
  Anchor,
  Badge,
  Checkbox,
  FileButton,
  Group,
  Image,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCamera,
  IconCheck,
  IconClock,
  IconFileCertificate,
  IconTrendingUp,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay, formatPercent, formatRupiah } from '../../components/format.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import {
  type ActionItem,
  type MentoringCaseDetail,
  type MentoringSession,
  type Milestone,
  useToggleActionItem,
  useUploadPhoto,
} from './cases.api.ts';
import { formatMinutes, LongTermBadge, mentoringErrorText } from './labels.tsx';

export function Section({
  title,
  icon,
  actions,
  children,
}: {
  title: string;
  icon?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md">
      <Group justify="space-between" mb="sm" gap="xs" wrap="wrap">
        <Group gap="xs" wrap="nowrap">
          {icon}
          <Title order={3} fz="h5">
            {title}
          </Title>
        </Group>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

/** Credited time (with the long-term badge), sessions and recovered turnover, side by side. */
export function MentoringFigures({
  data,
}: {
  data: Pick<MentoringCaseDetail, 'creditedMinutes' | 'longTermClient' | 'turnover'> & {
    sessions: unknown[];
  };
}) {
  const { t, i18n } = useTranslation();
  const turnover = data.turnover;
  return (
    <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
      <Figure
        icon={<IconClock size={18} />}
        label={t('cases.page.credited')}
        hint={t('cases.page.creditedHint')}
      >
        <Group gap={6}>
          <Text fw={700} fz="lg" data-testid="credited-minutes">
            {formatMinutes(t, data.creditedMinutes)}
          </Text>
          {data.longTermClient && <LongTermBadge />}
        </Group>
      </Figure>
      <Figure icon={<IconUsersGroup size={18} />} label={t('cases.page.sessions')}>
        <Text fw={700} fz="lg">
          {data.sessions.length}
        </Text>
      </Figure>
      <Figure
        icon={<IconTrendingUp size={18} />}
        label={t('cases.page.turnover')}
        hint={
          turnover
            ? turnover.declinePct != null && turnover.declinePct < 0
              ? t('cases.page.turnoverHintUp', {
                  period: turnover.period,
                  growth: formatPercent(-turnover.declinePct, i18n.language),
                })
              : t('cases.page.turnoverHint', {
                  period: turnover.period,
                  decline: formatPercent(turnover.declinePct, i18n.language),
                })
            : undefined
        }
      >
        {turnover ? (
          <Group gap={6}>
            <Badge
              color={turnover.recovered ? 'teal' : 'orange'}
              variant="light"
              data-testid="turnover-recovered"
            >
              {turnover.recovered ? t('cases.page.recovered') : t('cases.page.notRecovered')}
            </Badge>
            <Text size="sm" c="dimmed">
              {formatRupiah(turnover.amount, i18n.language)}
            </Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {t('cases.page.noTurnover')}
          </Text>
        )}
      </Figure>
    </SimpleGrid>
  );
}

function Figure({
  icon,
  label,
  hint,
  children,
}: {
  icon: ReactNode;
  label: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <Paper p="sm" radius="md" withBorder>
      <Group gap={6} mb={4} wrap="nowrap">
        <ThemeIcon size="sm" variant="light" color="civic">
          {icon}
        </ThemeIcon>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {label}
        </Text>
      </Group>
      {children}
      {hint && (
        <Text size="xs" c="dimmed" mt={4}>
          {hint}
        </Text>
      )}
    </Paper>
  );
}

export function SessionList({
  sessions,
  canAddPhotos,
}: {
  sessions: MentoringSession[];
  canAddPhotos: boolean;
}) {
  const { t } = useTranslation();
  if (sessions.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('cases.sessions.empty')}
      </Text>
    );
  return (
    <Stack gap="sm" data-testid="sessions">
      {sessions.map((s) => (
        <SessionCard key={s.id} session={s} canAddPhotos={canAddPhotos} />
      ))}
    </Stack>
  );
}

function SessionCard({ session: s, canAddPhotos }: { session: MentoringSession; canAddPhotos: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const uploadPhoto = useUploadPhoto();
  // The server's figure (the session_credit view); the same rule for a business the reader does not see.
  const each = s.businesses[0]?.creditedMinutes ?? s.prepMinutes / s.businessCount + s.contactMinutes;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="session">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Group gap={6}>
          <Text fw={600}>{formatDay(s.heldOn, i18n.language)}</Text>
          <Badge variant="light" radius="sm" size="sm">
            {t(`cases.modes.${s.mode}`)}
          </Badge>
          {s.topics.map((topic) => (
            <Badge key={topic} variant="outline" radius="sm" size="sm" color="gray">
              {t(`cases.topics.${topic}`)}
            </Badge>
          ))}
        </Group>
        {me.role !== 'mentor' && (
          <Text size="xs" c="dimmed">
            {s.mentorName}
          </Text>
        )}
      </Group>
      <Text size="sm" mt={4}>
        <Tooltip
          label={t('cases.sessions.mentorTimeHint', {
            prep: formatMinutes(t, s.prepMinutes),
            contact: formatMinutes(t, s.contactMinutes),
          })}
        >
          <span>{t('cases.sessions.mentorTime', { time: formatMinutes(t, s.mentorMinutes) })}</span>
        </Tooltip>{' '}
        · {t('cases.sessions.creditedEach', { time: formatMinutes(t, each) })}
      </Text>
      {s.businessCount > 1 && (
        <Text size="xs" c="dimmed">
          {t('cases.sessions.group', { count: s.businessCount })}:{' '}
          {s.businesses.map((b) => b.name).join(', ')}
        </Text>
      )}
      {s.problems && (
        <Text size="sm" mt={4}>
          <Text span fw={600} size="sm">
            {t('cases.sessions.problems')}:
          </Text>{' '}
          {s.problems}
        </Text>
      )}
      {s.notes && (
        <Text size="sm" mt={2} c="dimmed">
          {s.notes}
        </Text>
      )}
      {(s.photos.length > 0 || canAddPhotos) && (
        <Group gap="xs" mt="xs">
          {s.photos.map((p) => (
            <Anchor key={p.id} href={`${p.url}`} target="_blank">
              <Image src={p.url} w={72} h={72} radius="sm" fit="cover" alt={t('cases.sessions.photos')} />
            </Anchor>
          ))}
          {canAddPhotos && (
            <FileButton
              accept="image/jpeg,image/png"
              onChange={(file) =>
                file &&
                uploadPhoto.mutate(
                  { sessionId: s.id, file },
                  {
                    onSuccess: () =>
                      notifications.show({ color: 'teal', message: t('cases.sessions.photoAdded') }),
                    onError: (error) =>
                      notifications.show({ color: 'red', message: mentoringErrorText(t, error) }),
                  },
                )
              }
            >
              {(props) => (
                <Anchor component="button" size="sm" {...props} aria-busy={uploadPhoto.isPending}>
                  <Group gap={4}>
                    <IconCamera size={16} />
                    {t('cases.sessions.addPhoto')}
                  </Group>
                </Anchor>
              )}
            </FileButton>
          )}
        </Group>
      )}
    </Paper>
  );
}

/** Open items first; a checkbox for whoever may tick it (the mentor any, the owner their own side). */
export function ActionItemList({
  items,
  canTick,
}: {
  items: ActionItem[];
  canTick: (item: ActionItem) => boolean;
}) {
  const { t, i18n } = useTranslation();
  const toggle = useToggleActionItem();
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('cases.items.empty')}
      </Text>
    );
  return (
    <Stack gap={6} data-testid="action-items">
      {items.map((item) => (
        <Group key={item.id} justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
          <Checkbox
            size="md"
            checked={item.done}
            disabled={!canTick(item) || toggle.isPending}
            onChange={(e) => toggle.mutate({ id: item.id, done: e.currentTarget.checked })}
            label={
              <Text
                size="sm"
                td={item.done ? 'line-through' : undefined}
                c={item.done ? 'dimmed' : undefined}
              >
                {item.what}
              </Text>
            }
            description={
              <>
                {t(`cases.items.${item.side}`)}
                {item.dueOn
                  ? ` · ${t('cases.items.due', { date: formatDay(item.dueOn, i18n.language) })}`
                  : ''}
              </>
            }
          />
          {item.overdue && (
            <Badge color="red" variant="light" size="sm" style={{ flexShrink: 0 }}>
              {t('cases.items.overdue')}
            </Badge>
          )}
        </Group>
      ))}
    </Stack>
  );
}

/** Milestones, the ones the owner confirmed apart from those still waiting for it. */
export function MilestoneList({ milestones }: { milestones: Milestone[] }) {
  const { t } = useTranslation();
  if (milestones.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('cases.milestones.empty')}
      </Text>
    );
  const confirmed = milestones.filter((m) => m.ownerConfirmedAt);
  const waiting = milestones.filter((m) => !m.ownerConfirmedAt);
  return (
    <Stack gap="sm">
      {[
        ['confirmed', confirmed],
        ['unconfirmed', waiting],
      ].map(
        ([key, list]) =>
          (list as Milestone[]).length > 0 && (
            <div key={key as string} data-testid={`milestones-${key}`}>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb={4}>
                {t(key === 'confirmed' ? 'cases.milestones.confirmed' : 'cases.milestones.unconfirmed')}
              </Text>
              <Stack gap={4}>
                {(list as Milestone[]).map((m) => (
                  <MilestoneRow key={m.id} milestone={m} />
                ))}
              </Stack>
            </div>
          ),
      )}
    </Stack>
  );
}

function MilestoneRow({ milestone: m }: { milestone: Milestone }) {
  const { t, i18n } = useTranslation();
  const detail = [
    m.evidenceNumber,
    m.details.channel,
    m.details.lender && `${m.details.lender} ${formatRupiah(m.details.amount ?? 0, i18n.language)}`,
    m.kind === 'jobs' && `+${m.details.created ?? 0} / ${m.details.retained ?? 0}`,
  ].filter(Boolean);
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <ThemeIcon size="sm" variant="light" color={m.ownerConfirmedAt ? 'teal' : 'gray'} mt={2}>
        {m.ownerConfirmedAt ? <IconCheck size={14} /> : <IconFileCertificate size={14} />}
      </ThemeIcon>
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={600}>
          {t(`cases.kinds.${m.kind}`)}{' '}
          <Text span size="xs" c="dimmed" fw={400}>
            {formatDay(m.achievedOn, i18n.language)}
          </Text>
        </Text>
        <Text size="xs" c="dimmed" className="break-anywhere">
          {detail.join(' · ')}
          {m.hasEvidenceFile && (
            <>
              {detail.length ? ' · ' : ''}
              <Anchor href={`/api/v1/mentoring/milestones/${m.id}/evidence`} size="xs">
                {t('cases.milestones.file')}
              </Anchor>
            </>
          )}
          {m.verifiedBy ? ` · ${t('cases.milestones.verifiedBy', { name: m.verifiedBy })}` : ''}
        </Text>
      </div>
    </Group>
  );
}
