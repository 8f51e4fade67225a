import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import {
  IconArrowRight,
  IconBuildingStore,
  IconCalendarEvent,
  IconChartBar,
  IconCircleCheck,
  IconListCheck,
  IconTrophy,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber, formatPeriod } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { WorkQueueSection } from '../../components/WorkQueueSection.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { MentorContact } from './MentorContact.tsx';
import { type MyBusiness, useMyBusinesses } from './owner.api.ts';

/** Hours to one decimal, from credited minutes. */
export const hoursOf = (minutes: number, language: string) =>
  formatNumber(Math.round((minutes / 60) * 10) / 10, language);

/** The business owner's Home: each of their businesses with its mentor and what waits for them. */
export function OwnerHomePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const businesses = useMyBusinesses();
  return (
    <Stack gap="md">
      <PageHeader
        title={t('ownerView.title')}
        description={`${t('ownerView.greeting', { name: me.name })} · ${t('ownerView.intro')}`}
      />
      <WorkQueueSection />
      {businesses.isPending ? (
        <SkeletonRows rows={2} height={220} />
      ) : businesses.isError ? (
        <ErrorAlert error={businesses.error} onRetry={() => businesses.refetch()} />
      ) : businesses.data.length === 0 ? (
        <EmptyMessage
          icon={<IconBuildingStore size={28} />}
          title={t('ownerView.empty')}
          description={t('ownerView.emptyHint')}
        />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {businesses.data.map((b) => (
            <BusinessCard key={b.id} business={b} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function BusinessCard({ business: b }: { business: MyBusiness }) {
  const { t, i18n } = useTranslation();
  const waiting = b.openOwnerItems > 0 || b.unconfirmedMilestones > 0;
  return (
    <Card padding="md" radius="md" data-testid="my-business">
      <Stack gap="md">
        <Stack gap={2}>
          <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
            <Title order={2} fz="h3" className="break-anywhere">
              {b.name}
            </Title>
            {b.archived && (
              <Badge color="gray" variant="light">
                {t('ownerView.archived')}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {t(`sectors.${b.sector}`)} ·{' '}
            {t('businesses.place', { kelurahan: b.kelurahanName, kecamatan: b.kecamatanName })}
          </Text>
        </Stack>

        <MentorContact mentor={b.mentor} framed={false} />

        <Group gap="lg">
          <Figure
            icon={<IconCalendarEvent size={18} />}
            value={t('ownerView.sessionsCount', { count: b.sessions })}
          />
          <Figure
            icon={<IconCalendarEvent size={18} />}
            value={t('ownerView.hours', { hours: hoursOf(b.creditedMinutes, i18n.language) })}
          />
          <Figure
            icon={<IconChartBar size={18} />}
            value={
              b.latestPeriod
                ? t('ownerView.latestReport', { period: formatPeriod(b.latestPeriod, i18n.language, 'long') })
                : t('ownerView.noReport')
            }
          />
        </Group>

        <Stack gap={6}>
          {b.openOwnerItems > 0 && (
            <Badge
              size="lg"
              variant="light"
              color="amber"
              leftSection={<IconListCheck size={16} />}
              radius="sm"
            >
              {t('ownerView.openItems', { count: b.openOwnerItems })}
            </Badge>
          )}
          {b.unconfirmedMilestones > 0 && (
            <Badge size="lg" variant="light" color="civic" leftSection={<IconTrophy size={16} />} radius="sm">
              {t('ownerView.toConfirm', { count: b.unconfirmedMilestones })}
            </Badge>
          )}
          {!waiting && (
            <Group gap={6}>
              <IconCircleCheck size={18} color="var(--mantine-color-teal-7)" />
              <Text size="sm" c="dimmed">
                {t('ownerView.nothingWaiting')}
              </Text>
            </Group>
          )}
        </Stack>

        <Button
          component={Link}
          to={`/my/businesses/${b.id}`}
          size="md"
          fullWidth
          rightSection={<IconArrowRight size={18} />}
        >
          {t('ownerView.open')}
        </Button>
      </Stack>
    </Card>
  );
}

function Figure({ icon, value }: { icon: React.ReactNode; value: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text c="civic.7" component="span" display="flex">
        {icon}
      </Text>
      <Text size="sm">{value}</Text>
    </Group>
  );
}
