import { Badge, Card, Group, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCalendarTime,
  IconCertificate,
  IconChecklist,
  IconChevronRight,
  IconCircleCheck,
  IconClipboardCheck,
  IconFileAlert,
  IconFlag3,
  IconTrophy,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useWorkQueue, type WorkQueueItem } from '../features/work-queue/work-queue.api.ts';
import { addPageTexts } from '../i18n/page-texts.ts';
import workQueueTexts from '../i18n/parts/workQueue.id.json';
import { formatNumber } from './format.ts';
import { ErrorAlert } from './states.tsx';

// The section's Indonesian texts load with it, not with the app's first load (English has them in its bundle).
addPageTexts(workQueueTexts);

type Icon = ComponentType<{ size?: number; stroke?: number }>;

/** An icon per kind of item; a kind a later module adds without one gets the checklist. */
const ICONS: Record<string, Icon> = {
  'aid.awaitingVerification': IconClipboardCheck,
  'aid.awaitingApproval': IconClipboardCheck,
  'imports.failed': IconFileAlert,
  'mentoring.certificatesExpiring': IconCertificate,
  'mentoring.rolloutBehind': IconFlag3,
  'mentoring.followUpOverdue': IconAlertTriangle,
  'mentoring.noRecentSession': IconCalendarTime,
  'mentoring.ownerActionItems': IconChecklist,
  'mentoring.ownerMilestones': IconTrophy,
};

const COLORS: Record<WorkQueueItem['severity'], string> = { urgent: 'red', warning: 'orange', info: 'civic' };

/**
 * "Menunggu Anda" on Home: what waits for the signed-in person, from every module's work-queue providers
 * (GET /me/work-queue). Each card is one large link to the list filtered to exactly the counted records.
 */
export function WorkQueueSection() {
  const { t, i18n } = useTranslation();
  const queue = useWorkQueue();
  const items = queue.data?.items ?? [];
  const total = items.reduce((sum, i) => sum + i.count, 0);

  return (
    <Stack gap="sm" component="section" aria-labelledby="work-queue-title" data-testid="work-queue">
      <Group gap="xs" align="center">
        <Title order={2} fz="h4" id="work-queue-title">
          {t('workQueue.title')}
        </Title>
        {total > 0 && (
          <Badge color="orange" variant="filled" radius="sm" data-testid="work-queue-total">
            {formatNumber(total, i18n.language)}
          </Badge>
        )}
      </Group>
      {queue.isPending ? (
        <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} spacing="md">
          <Skeleton height={88} radius="md" />
          <Skeleton height={88} radius="md" />
        </SimpleGrid>
      ) : queue.isError ? (
        <ErrorAlert error={queue.error} onRetry={() => queue.refetch()} />
      ) : items.length === 0 ? (
        <Card padding="lg" radius="md" data-testid="work-queue-empty">
          <Group wrap="nowrap" gap="md">
            <ThemeIcon size={44} radius="md" variant="light" color="teal">
              <IconCircleCheck size={24} stroke={1.6} />
            </ThemeIcon>
            <Stack gap={0}>
              <Text fw={600}>{t('workQueue.empty')}</Text>
              <Text size="sm" c="dimmed">
                {t('workQueue.emptyHint')}
              </Text>
            </Stack>
          </Group>
        </Card>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {t('workQueue.hint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} spacing="md">
            {items.map((item) => (
              <WorkItemCard key={`${item.key}:${item.link}`} item={item} />
            ))}
          </SimpleGrid>
        </>
      )}
      {queue.data && queue.data.unavailable.length > 0 && (
        <Text size="sm" c="orange.8" role="status">
          {t('workQueue.partial')}
        </Text>
      )}
    </Stack>
  );
}

function WorkItemCard({ item }: { item: WorkQueueItem }) {
  const { t, i18n } = useTranslation();
  const Icon = ICONS[item.key] ?? IconChecklist;
  const color = COLORS[item.severity];
  // The key names a text of this part; a key a newer server sends that this app does not know yet shows as is.
  const label = i18n.exists(`workQueue.items.${item.key}`)
    ? t(`workQueue.items.${item.key}` as 'workQueue.title', item.params)
    : item.key;
  const detailKey = `workQueue.items.${item.key}Detail`;
  const detail = i18n.exists(detailKey) ? t(detailKey as 'workQueue.title', item.params) : null;
  const count = formatNumber(item.count, i18n.language);
  return (
    <Card
      component={Link}
      to={item.link}
      padding="md"
      radius="md"
      mih={88}
      aria-label={`${label}${detail ? ` — ${detail}` : ''}: ${count}`}
      data-testid="work-item"
      data-key={item.key}
      style={{
        textDecoration: 'none',
        borderLeft: `4px solid var(--mantine-color-${color}-6)`,
      }}
    >
      <Group wrap="nowrap" gap="md" align="center" h="100%">
        <ThemeIcon size={44} radius="md" variant="light" color={color}>
          <Icon size={24} stroke={1.6} />
        </ThemeIcon>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Text fw={600} lh={1.3} className="break-anywhere">
            {label}
          </Text>
          {detail && (
            <Text size="sm" c="dimmed" lineClamp={2} className="break-anywhere">
              {detail}
            </Text>
          )}
        </Stack>
        <Text fz={28} fw={700} c={`${color}.8`} lh={1} data-testid="work-item-count">
          {count}
        </Text>
        <IconChevronRight size={18} color="var(--mantine-color-dimmed)" />
      </Group>
    </Card>
  );
}
