import './texts.ts';
import { Anchor, Button, Grid, Group, Stack, Text } from '@mantine/core';
import { IconPresentation, IconWriting } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDay } from '../../components/format.ts';
import { ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useBusinessMentoring } from './cases.api.ts';
import { CaseStateBadge } from './labels.tsx';
import { ActionItemList, MentoringFigures, MilestoneList, Section, SessionList } from './MentoringParts.tsx';

/** The registry's business page: the business's mentoring (case, sessions, items, milestones) in one section. */
export function BusinessMentoringSection({ businessId }: { businessId: number }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const mentoring = useBusinessMentoring(businessId);
  const icon = <IconPresentation size={20} color="var(--mantine-color-civic-7)" />;
  if (mentoring.isPending) return <SkeletonRows rows={2} height={72} />;
  if (mentoring.isError) return <ErrorAlert error={mentoring.error} onRetry={() => mentoring.refetch()} />;
  const m = mentoring.data;
  const open = m.openCase;
  const ownCase = open && me.role === 'mentor' && open.mentorId === me.id;
  return (
    <Section
      title={t('cases.section.title')}
      icon={icon}
      actions={
        open && (
          <Group gap="xs">
            <Button component={Link} to={`/mentoring/cases/${open.id}`} variant="default" size="xs">
              {t('cases.section.viewCase')}
            </Button>
            {ownCase && (
              <Button
                component={Link}
                to={`/mentoring/sessions/new?caseId=${open.id}`}
                size="xs"
                leftSection={<IconWriting size={14} />}
              >
                {t('cases.recordSession')}
              </Button>
            )}
          </Group>
        )
      }
    >
      {m.cases.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="mentoring-none">
          {t('cases.section.none')}
        </Text>
      ) : (
        <Stack gap="md" data-testid="business-mentoring">
          <Group gap="xs">
            {open ? (
              <>
                <CaseStateBadge closedOn={null} />
                <Text size="sm">
                  {open.mentorName} ·{' '}
                  {t('cases.page.openedOn', { date: formatDay(open.openedOn, i18n.language) })}
                </Text>
              </>
            ) : (
              <Text size="sm" c="dimmed">
                {t('cases.section.pastCases')}:{' '}
                {m.cases.map((c) => (
                  <Anchor key={c.id} component={Link} to={`/mentoring/cases/${c.id}`} size="sm" mr="xs">
                    {c.mentorName} ({formatDay(c.openedOn, i18n.language)})
                  </Anchor>
                ))}
              </Text>
            )}
          </Group>
          <MentoringFigures data={m} />
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Text fw={600} size="sm" mb={6}>
                {t('cases.sessions.title')}
              </Text>
              <SessionList sessions={m.sessions.slice(0, 5)} canAddPhotos={false} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Stack gap="md">
                <div>
                  <Text fw={600} size="sm" mb={6}>
                    {t('cases.items.title')}
                  </Text>
                  <ActionItemList
                    items={m.actionItems}
                    canTick={(item) =>
                      me.role === 'business_owner'
                        ? item.side === 'owner'
                        : me.role === 'mentor'
                          ? Boolean(ownCase)
                          : open != null
                    }
                  />
                </div>
                <div>
                  <Text fw={600} size="sm" mb={6}>
                    {t('cases.milestones.title')}
                  </Text>
                  <MilestoneList milestones={m.milestones} />
                </div>
              </Stack>
            </Grid.Col>
          </Grid>
        </Stack>
      )}
    </Section>
  );
}
