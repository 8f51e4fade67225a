import './texts.ts';
import {
  Anchor,
  Breadcrumbs,
  Button,
  Grid,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
  Timeline,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArrowsExchange,
  IconCertificate,
  IconChecklist,
  IconCircleCheck,
  IconPlus,
  IconUser,
  IconUsersGroup,
  IconWriting,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CASE_OUTCOMES } from '../../../shared/mentoring.ts';
import { formatDay } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPage, useIdParam } from '../../components/RecordPage.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import {
  type MentoringCaseDetail,
  useCase,
  useCloseCase,
  useMentorOptions,
  useTransferCase,
} from './cases.api.ts';
import { CaseStateBadge, mentoringAccess, RefusalAlert } from './labels.tsx';
import { ActionItemList, MentoringFigures, MilestoneList, Section, SessionList } from './MentoringParts.tsx';
import { MilestoneForm } from './MilestoneForm.tsx';

const icon = (Icon: typeof IconUser) => <Icon size={20} color="var(--mantine-color-civic-7)" />;

/** One case: the business, who mentored it when, sessions with their time, action items and milestones. */
export function CasePage() {
  const { t } = useTranslation();
  const id = useIdParam();
  const kase = useCase(id);
  return (
    <RecordPage id={id} query={kase} title={t('cases.title')}>
      {(data) => <CaseView kase={data} />}
    </RecordPage>
  );
}

function CaseView({ kase }: { kase: MentoringCaseDetail }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const [transferring, transfer] = useDisclosure(false);
  const [closing, close] = useDisclosure(false);
  const [addingMilestone, addMilestone] = useDisclosure(false);
  const manager = mentoringAccess.opensCases(me.role);
  const today = new Date().toLocaleDateString('en-CA');

  return (
    <>
      <PageHeader
        above={
          <Breadcrumbs separatorMargin={6} fz="sm">
            <Anchor component={Link} to="/mentoring" size="sm">
              {t('cases.title')}
            </Anchor>
            <Text size="sm" className="break-anywhere">
              {kase.business.name}
            </Text>
          </Breadcrumbs>
        }
        title={kase.business.name}
        description={
          <Stack gap={6} component="span">
            <span>
              {kase.business.ownerName} · {kase.business.kelurahanName}, {kase.business.kecamatanName}
            </span>
            <Group gap={6} component="span">
              <CaseStateBadge closedOn={kase.closedOn} />
              <Text span size="sm">
                {t('cases.page.mentor')}: {kase.mentorName}
              </Text>
            </Group>
          </Stack>
        }
        actions={
          <>
            {kase.canManage && manager && (
              <Button
                variant="default"
                leftSection={<IconArrowsExchange size={16} />}
                onClick={transfer.open}
              >
                {t('cases.page.transfer')}
              </Button>
            )}
            {kase.canManage && (
              <Button variant="default" leftSection={<IconCircleCheck size={16} />} onClick={close.open}>
                {t('cases.page.close')}
              </Button>
            )}
            {kase.canRecord && (
              <Button
                component={Link}
                to={`/mentoring/sessions/new?caseId=${kase.id}&mentorId=${kase.mentorId}`}
                size="md"
                leftSection={<IconWriting size={20} />}
                data-testid="record-session"
              >
                {t('cases.recordSession')}
              </Button>
            )}
          </>
        }
      />
      <Stack gap="md">
        <MentoringFigures data={kase} />
        {kase.closedOn && kase.outcome && (
          <Section title={t('cases.close.outcome')} icon={icon(IconCircleCheck)}>
            <Text fw={600}>{t(`cases.outcomes.${kase.outcome}`)}</Text>
            <Text size="sm" c="dimmed">
              {t('cases.page.closedOn', { date: formatDay(kase.closedOn, i18n.language) })}
              {kase.outcomeNote ? ` · ${kase.outcomeNote}` : ''}
            </Text>
          </Section>
        )}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Section title={t('cases.sessions.title')} icon={icon(IconUsersGroup)}>
              <SessionList sessions={kase.sessions} canAddPhotos={kase.canRecord} />
            </Section>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap="md">
              <Section title={t('cases.items.title')} icon={icon(IconChecklist)}>
                <ActionItemList
                  items={kase.actionItems}
                  canTick={(item) =>
                    kase.canRecord || (me.role === 'business_owner' && item.side === 'owner')
                  }
                />
              </Section>
              <Section
                title={t('cases.milestones.title')}
                icon={icon(IconCertificate)}
                actions={
                  kase.canRecord &&
                  mentoringAccess.recordsMilestones(me.role) && (
                    <Button
                      size="xs"
                      variant="light"
                      leftSection={<IconPlus size={14} />}
                      onClick={addMilestone.open}
                    >
                      {t('cases.milestones.add')}
                    </Button>
                  )
                }
              >
                <MilestoneList milestones={kase.milestones} />
              </Section>
              <Section title={t('cases.page.history')} icon={icon(IconUser)}>
                <Timeline bulletSize={18} lineWidth={2} active={kase.assignments.length - 1}>
                  {kase.assignments.map((a) => (
                    <Timeline.Item key={`${a.mentorId}-${a.fromOn}`} title={a.mentorName}>
                      <Text size="xs" c="dimmed">
                        {formatDay(a.fromOn, i18n.language)} –{' '}
                        {a.toOn ? formatDay(a.toOn, i18n.language) : t('cases.page.historyNow')}
                      </Text>
                      {a.reason && <Text size="xs">{a.reason}</Text>}
                    </Timeline.Item>
                  ))}
                </Timeline>
                <Anchor
                  component={Link}
                  to={`/businesses/${kase.business.id}`}
                  size="sm"
                  mt="sm"
                  display="block"
                >
                  {t('cases.page.openBusiness')}
                </Anchor>
              </Section>
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
      <Modal opened={transferring} onClose={transfer.close} title={t('cases.transfer.title')}>
        <TransferForm kase={kase} onDone={transfer.close} />
      </Modal>
      <Modal opened={closing} onClose={close.close} title={t('cases.close.title')}>
        <CloseForm kase={kase} onDone={close.close} />
      </Modal>
      <Modal
        opened={addingMilestone}
        onClose={addMilestone.close}
        title={t('cases.milestones.add')}
        size="lg"
      >
        <MilestoneForm businessId={kase.business.id} today={today} onDone={addMilestone.close} />
      </Modal>
    </>
  );
}

function TransferForm({ kase, onDone }: { kase: MentoringCaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const mentors = useMentorOptions(true);
  const transfer = useTransferCase(kase.id);
  const [mentorId, setMentorId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  return (
    <Stack gap="sm">
      <Select
        label={t('cases.transfer.mentor')}
        searchable
        data={(mentors.data ?? [])
          .filter((m) => m.id !== kase.mentorId)
          .map((m) => ({
            value: String(m.id),
            label: m.institutionName ? `${m.name} — ${m.institutionName}` : m.name,
          }))}
        value={mentorId}
        onChange={setMentorId}
        data-autofocus
      />
      <Textarea
        label={t('cases.transfer.reason')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      {transfer.isError && <RefusalAlert error={transfer.error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button
          disabled={!mentorId}
          loading={transfer.isPending}
          onClick={() =>
            transfer.mutate(
              { mentorId: Number(mentorId), reason: reason.trim() || undefined },
              {
                onSuccess: () => {
                  notifications.show({ color: 'teal', message: t('cases.transfer.done') });
                  onDone();
                },
              },
            )
          }
        >
          {t('cases.transfer.submit')}
        </Button>
      </Group>
    </Stack>
  );
}

function CloseForm({ kase, onDone }: { kase: MentoringCaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const closeCase = useCloseCase(kase.id);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [note, setNote] = useState('');
  return (
    <Stack gap="sm">
      <Select
        label={t('cases.close.outcome')}
        withAsterisk
        data={CASE_OUTCOMES.map((o) => ({ value: o, label: t(`cases.outcomes.${o}`) }))}
        value={outcome}
        onChange={setOutcome}
      />
      <Textarea
        label={t('cases.close.note')}
        withAsterisk
        autosize
        minRows={3}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
      />
      {closeCase.isError && <RefusalAlert error={closeCase.error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button
          color="teal"
          disabled={!outcome || !note.trim()}
          loading={closeCase.isPending}
          onClick={() =>
            closeCase.mutate(
              { outcome: outcome!, note: note.trim() },
              {
                onSuccess: () => {
                  notifications.show({ color: 'teal', message: t('cases.close.done') });
                  onDone();
                },
              },
            )
          }
        >
          {t('cases.close.submit')}
        </Button>
      </Group>
    </Stack>
  );
}
