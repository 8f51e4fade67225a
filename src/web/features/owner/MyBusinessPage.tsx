import { Anchor, Badge, Box, Breadcrumbs, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCalendarEvent } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { EXPERTISE_LABELS, SESSION_MODE_LABELS } from '../../../shared/mentoring.ts';
import { formatDay, formatNumber } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPage, useIdParam } from '../../components/RecordPage.tsx';
import { ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useBusiness } from '../businesses/businesses.api.ts';
import { TurnoverSection } from '../businesses/TurnoverSection.tsx';
import { MentorContact } from './MentorContact.tsx';
import { hoursOf } from './OwnerHomePage.tsx';
import { OwnerMilestones } from './OwnerMilestones.tsx';
import { OwnerTasks } from './OwnerTasks.tsx';
import { type MyMentoring, useMyMentoring } from './owner.api.ts';

/** One of the owner's businesses: mentor, tasks, milestones, sessions, and the monthly turnover report. */
export function MyBusinessPage() {
  const { t } = useTranslation();
  const id = useIdParam();
  const mentoring = useMyMentoring(id);
  return (
    <RecordPage id={id} query={mentoring} title={t('ownerView.title')}>
      {(data) => <MyBusinessView data={data} />}
    </RecordPage>
  );
}

function MyBusinessView({ data }: { data: MyMentoring }) {
  const { t, i18n } = useTranslation();
  // A link from Home's work queue (…#action-items, …#milestones) opens at that part once it is drawn.
  const { hash } = useLocation();
  useEffect(() => {
    if (hash) document.getElementById(hash.slice(1))?.scrollIntoView({ block: 'start' });
  }, [hash]);
  const today = new Date().toLocaleDateString('en-CA');
  const kase = data.case;
  return (
    <>
      <PageHeader
        above={
          <Breadcrumbs separatorMargin={6} fz="sm">
            <Anchor component={Link} to="/" size="sm">
              {t('ownerView.back')}
            </Anchor>
            <Text size="sm" className="break-anywhere">
              {data.business.name}
            </Text>
          </Breadcrumbs>
        }
        title={data.business.name}
        description={
          kase
            ? kase.closedOn
              ? t('ownerView.case.closed', { date: formatDay(kase.closedOn, i18n.language) })
              : t('ownerView.case.openSince', { date: formatDay(kase.openedOn, i18n.language) })
            : t('ownerView.case.none')
        }
      />
      <Stack gap="md">
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="md">
              {/* On a phone the mentor comes first, then what waits for the owner; beside it on a desktop. */}
              <Box hiddenFrom="md">
                <MentorContact mentor={data.mentor} />
              </Box>
              <OwnerTasks items={data.actionItems} today={today} />
              <OwnerMilestones milestones={data.milestones} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap="md">
              <Box visibleFrom="md">
                <MentorContact mentor={data.mentor} />
              </Box>
              <Sessions data={data} />
            </Stack>
          </Grid.Col>
        </Grid>
        <Turnover id={data.business.id} />
      </Stack>
    </>
  );
}

function Sessions({ data }: { data: MyMentoring }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'id';
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="owner-sessions">
      <Group gap="xs" mb={4} wrap="nowrap">
        <IconCalendarEvent size={20} color="var(--mantine-color-civic-7)" />
        <Title order={3} fz="h5">
          {t('ownerView.sessions.title')}
        </Title>
      </Group>
      {data.sessions.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('ownerView.sessions.empty')}
        </Text>
      ) : (
        <>
          <Group gap="xs" mb="sm">
            <Text size="sm" c="dimmed">
              {t('ownerView.sessions.total', { hours: hoursOf(data.creditedMinutes, i18n.language) })}
            </Text>
            {data.longTermClient && (
              <Badge variant="light" color="teal">
                {t('ownerView.sessions.longTerm')}
              </Badge>
            )}
          </Group>
          <Stack gap={0}>
            {data.sessions.map((s, i) => (
              <Group
                key={s.id}
                justify="space-between"
                wrap="nowrap"
                align="flex-start"
                py="xs"
                style={i > 0 ? { borderTop: '1px solid var(--mantine-color-gray-2)' } : undefined}
                data-testid="owner-session"
              >
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600}>
                    {formatDay(s.heldOn, i18n.language)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {s.businesses > 1
                      ? t('ownerView.sessions.group', { count: s.businesses })
                      : SESSION_MODE_LABELS[s.mode][lang]}{' '}
                    · {t('ownerView.sessions.with', { name: s.mentorName })}
                  </Text>
                  <Group gap={4}>
                    {s.topics.map((topic) => (
                      <Badge key={topic} size="sm" variant="outline" radius="sm">
                        {EXPERTISE_LABELS[topic][lang]}
                      </Badge>
                    ))}
                  </Group>
                </Stack>
                <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                  {t('ownerView.sessions.minutes', {
                    minutes: formatNumber(s.creditedMinutes, i18n.language),
                  })}
                </Text>
              </Group>
            ))}
          </Stack>
        </>
      )}
    </Paper>
  );
}

/** The registry's turnover section (chart, table, the owner's monthly report form), reused as it is. */
function Turnover({ id }: { id: number }) {
  const business = useBusiness(id);
  if (business.isPending) return <SkeletonRows rows={3} height={64} />;
  if (business.isError) return <ErrorAlert error={business.error} onRetry={() => business.refetch()} />;
  return <TurnoverSection business={business.data} />;
}
