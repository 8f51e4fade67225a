import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  FileInput,
  Grid,
  Group,
  Modal,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  Textarea,
  ThemeIcon,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconBuildingStore,
  IconCheck,
  IconCircleCheck,
  IconCircleX,
  IconClipboardCheck,
  IconFileImport,
  IconHistory,
  IconPaperclip,
  IconPlus,
  IconSend,
  IconThumbUp,
  IconUser,
  IconX,
} from '@tabler/icons-react';
import { onlineManager } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isSystemActor } from '../../../shared/actors.ts';
import { isApiError } from '../../api/client.ts';
import type { AidProposalDetail, AidState, AidTransition, AidTransitionTarget } from '../../api/types.ts';
import { access } from '../../components/access.ts';
import { DownloadButton } from '../../components/DownloadButton.tsx';
import { errorText } from '../../components/error-text.ts';
import { formatBytes, formatDateTime, formatRupiah } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPage, useIdParam } from '../../components/RecordPage.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { uploadProgress, useOfflineWrite, type VerificationWrite, writeBase } from '../offline/writes.ts';
import { useAidProposal } from './aid.api.ts';
import { businessFieldText, reasonText, STATE_COLORS, StateBadge } from './labels.tsx';

const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
const ATTACHMENT_ACCEPT = 'image/jpeg,image/png,application/pdf';

/** One proposal: the applicant, why it is (not) eligible, where it stands on the ladder, and what happened. */
export function ProposalPage() {
  const { t } = useTranslation();
  const id = useIdParam();
  const proposal = useAidProposal(id);
  return (
    <RecordPage id={id} query={proposal} title={t('aid.proposal.title')}>
      {(data) => <ProposalView proposal={data} />}
    </RecordPage>
  );
}

function ProposalView({ proposal }: { proposal: AidProposalDetail }) {
  const { t } = useTranslation();
  const program = `/aid/${encodeURIComponent(proposal.programCode)}`;
  return (
    <>
      <PageHeader
        above={
          <Breadcrumbs separatorMargin={6} fz="sm">
            <Anchor component={Link} to="/aid" size="sm">
              {t('aid.title')}
            </Anchor>
            <Anchor component={Link} to={program} size="sm">
              {proposal.programCode}
            </Anchor>
            <Anchor component={Link} to={`${program}/proposals`} size="sm">
              {t('aid.tabs.proposals')}
            </Anchor>
          </Breadcrumbs>
        }
        title={proposal.name}
        description={
          <Group gap="xs" component="span">
            <StateBadge state={proposal.state} size="lg" />
            <span>
              {t('businesses.place', {
                kelurahan: proposal.kelurahanName,
                kecamatan: proposal.kecamatanName,
              })}
            </span>
          </Group>
        }
      />
      <Stack gap="md">
        <Eligibility proposal={proposal} />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }} order={{ base: 2, md: 1 }}>
            <ApplicantCard proposal={proposal} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }} order={{ base: 1, md: 2 }}>
            <Stack gap="md">
              <Actions proposal={proposal} />
              <Ladder proposal={proposal} />
            </Stack>
          </Grid.Col>
        </Grid>
        <History proposal={proposal} />
        {proposal.attachments.length > 0 && <Attachments proposal={proposal} />}
        {proposal.intakeRows.length > 0 && <IntakeRows proposal={proposal} />}
      </Stack>
    </>
  );
}

function SectionTitle({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <Group gap="xs" mb="sm" wrap="nowrap">
      {icon}
      <Title order={3} fz="h5">
        {children}
      </Title>
    </Group>
  );
}

/** Why the proposal cannot go on, what it still needs, or why it was rejected. */
function Eligibility({ proposal }: { proposal: AidProposalDetail }) {
  const { t } = useTranslation();
  return (
    <>
      {proposal.reasons.length > 0 && (
        <Alert
          color="gray"
          variant="light"
          icon={<IconCircleX size={20} />}
          title={t('aid.proposal.ineligibleTitle')}
          data-testid="proposal-reasons"
        >
          <Stack gap={4}>
            {proposal.reasons.map((r) => (
              <Text key={r.code} size="sm">
                • {reasonText(t, r.code, r.message)}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {proposal.warnings.length > 0 && (
        <Alert
          color="orange"
          variant="light"
          icon={<IconAlertTriangle size={20} />}
          title={t('aid.proposal.warningsTitle')}
          data-testid="proposal-warnings"
        >
          <Stack gap={4}>
            {proposal.warnings.map((w) => (
              <Text key={w.code} size="sm">
                {reasonText(t, w.code, w.message)}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {(proposal.state === 'rejected' || proposal.state === 'rejected_by_ministry') && (
        <Alert
          color="red"
          variant="light"
          icon={<IconCircleX size={20} />}
          title={t(
            `aid.proposal.${proposal.state === 'rejected' ? 'rejectedTitle' : 'rejectedByMinistryTitle'}`,
          )}
          data-testid="proposal-rejection"
        >
          <Text size="sm" className="break-anywhere">
            {proposal.lastNote ?? t('aid.proposal.noReason')}
          </Text>
        </Alert>
      )}
    </>
  );
}

function ApplicantCard({ proposal }: { proposal: AidProposalDetail }) {
  const { t, i18n } = useTranslation();
  const money = (v: number | null) => formatRupiah(v, i18n.language);
  const mono = (value: string, testId?: string) => (
    <Text span ff="monospace" size="sm" data-testid={testId}>
      {value}
    </Text>
  );
  const rows: [string, ReactNode][] = [
    [t('aid.fields.nik'), mono(proposal.nik, 'proposal-nik')],
    [t('aid.fields.kk'), mono(proposal.kk)],
    [
      t('aid.fields.phone'),
      <Anchor key="phone" href={`tel:${proposal.phone}`} size="sm">
        {proposal.phone}
      </Anchor>,
    ],
    [t('aid.fields.address'), proposal.address],
    [t('aid.fields.occupation'), proposal.occupation],
    [t('aid.fields.receivesKur'), proposal.receivesKur ? t('common.yes') : t('common.no')],
    [t('aid.fields.businessField'), businessFieldText(t, proposal.businessField)],
    [t('aid.fields.nib'), proposal.nib ? mono(proposal.nib) : '—'],
    [t('aid.fields.capital'), money(proposal.capital)],
    [t('aid.fields.annualSales'), money(proposal.annualSales)],
    [t('aid.fields.ktpKelurahan'), proposal.ktpKelurahanCode ? mono(proposal.ktpKelurahanCode) : '—'],
    [t('aid.fields.amount'), money(proposal.amount)],
    [t('aid.fields.created'), formatDateTime(proposal.createdAt, i18n.language)],
  ];
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" h="100%" data-testid="applicant-card">
      <SectionTitle icon={<IconUser size={20} color="var(--mantine-color-civic-7)" />}>
        {t('aid.proposal.applicant')}
      </SectionTitle>
      <Stack gap={6}>
        {rows.map(([label, value]) => (
          <Group key={label} justify="space-between" gap="sm" wrap="nowrap" align="flex-start">
            <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
              {label}
            </Text>
            <Text size="sm" ta="right" component="div" className="break-anywhere">
              {value}
            </Text>
          </Group>
        ))}
      </Stack>
      {proposal.nikMasked && (
        <Text size="xs" c="dimmed" mt="sm">
          {t('owner.masked')}
        </Text>
      )}
      <Group mt="md" pt="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
        {proposal.businessId ? (
          <Button
            component={Link}
            to={`/businesses/${proposal.businessId}`}
            variant="light"
            size="xs"
            leftSection={<IconBuildingStore size={14} />}
            data-testid="business-link"
          >
            {t('aid.proposal.openBusiness')}
          </Button>
        ) : (
          <Text size="xs" c="dimmed">
            {t('aid.proposal.noBusiness')}
          </Text>
        )}
      </Group>
    </Paper>
  );
}

const MOVE_ICONS: Record<AidTransitionTarget, typeof IconCheck> = {
  verified_kelurahan: IconClipboardCheck,
  verified_kecamatan: IconCircleCheck,
  approved: IconThumbUp,
  rejected: IconX,
};

/** The steps the user may take now; otherwise what the proposal waits for. */
function Actions({ proposal }: { proposal: AidProposalDetail }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  // One person, one level: who verified the level before may still reject, not confirm their own check.
  const moves = access
    .aidMoves(me, proposal.state)
    .filter((m) => !(proposal.earlierLevelByYou && (m === 'verified_kecamatan' || m === 'approved')));
  const [open, setOpen] = useState<AidTransitionTarget | null>(null);
  const forward = moves.filter((m) => m !== 'rejected');

  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="proposal-actions">
      <SectionTitle icon={<IconClipboardCheck size={20} color="var(--mantine-color-civic-7)" />}>
        {t('aid.proposal.next')}
      </SectionTitle>
      <Text size="sm" c="dimmed" mb={moves.length ? 'sm' : 0}>
        {t(`aid.waiting.${proposal.state}`)}
      </Text>
      {proposal.earlierLevelByYou && proposal.state === 'verified_kelurahan' && (
        <Alert color="yellow" variant="light" mb="sm" data-testid="earlier-level-by-you">
          {t('aid.proposal.earlierLevelByYou')}
        </Alert>
      )}
      {proposal.state === 'approved' && access.sendsAidBatches(me.role) && (
        <Button
          component={Link}
          to={`/aid/${encodeURIComponent(proposal.programCode)}/batches`}
          variant="light"
          leftSection={<IconSend size={16} />}
          mb="sm"
        >
          {t('aid.proposal.toBatches')}
        </Button>
      )}
      {moves.length > 0 && (
        <Group gap="xs">
          {forward.map((move) => {
            const Icon = MOVE_ICONS[move];
            return (
              <Button key={move} leftSection={<Icon size={16} />} onClick={() => setOpen(move)}>
                {t(`aid.moves.${move}.button`)}
              </Button>
            );
          })}
          {moves.includes('rejected') && (
            <Button
              variant="light"
              color="red"
              leftSection={<IconX size={16} />}
              onClick={() => setOpen('rejected')}
            >
              {t('aid.moves.rejected.button')}
            </Button>
          )}
        </Group>
      )}
      <Modal
        opened={open !== null}
        onClose={() => setOpen(null)}
        title={open ? t(`aid.moves.${open}.title`) : ''}
        size="lg"
      >
        {open && <MoveForm proposal={proposal} move={open} onDone={() => setOpen(null)} />}
      </Modal>
    </Paper>
  );
}

/** A note (required for the field check and a rejection), and for the field check a photo or PDF. */
function MoveForm({
  proposal,
  move,
  onDone,
}: {
  proposal: AidProposalDetail;
  move: AidTransitionTarget;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  // Kept on the device without a connection, photo and all, and sent when it returns (features/offline).
  const transition = useOfflineWrite<AidProposalDetail, VerificationWrite>('verification');
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const noteRequired = move === 'verified_kelurahan' || move === 'rejected';
  const withFile = move === 'verified_kelurahan';

  const chooseFile = (chosen: File | null) => {
    setFile(chosen);
    setFileError(
      chosen && !/\.(jpe?g|png|pdf)$/i.test(chosen.name)
        ? t('aid.moves.fileType')
        : chosen && chosen.size > MAX_ATTACHMENT_BYTES
          ? t('aid.moves.fileTooLarge')
          : null,
    );
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (noteRequired && !note.trim()) {
      setNoteError(t(move === 'rejected' ? 'aid.moves.reasonRequired' : 'aid.moves.noteRequired'));
      return;
    }
    if (fileError) return;
    const attached = withFile ? file : null;
    const write: VerificationWrite = {
      ...writeBase(proposal.name, me.id),
      proposalId: proposal.id,
      body: { to: move, ...(note.trim() ? { note: note.trim() } : {}) },
      file: attached,
      fileName: attached?.name ?? null,
    };
    uploadProgress.set(write.key, (sent, total) => setProgress({ sent, total }));
    const offline = !onlineManager.isOnline();
    transition.mutate(write, {
      onSuccess: (saved) => {
        notifications.show({
          color: move === 'rejected' ? 'orange' : 'teal',
          message: t(`aid.moves.${move}.done`, { name: saved.name }),
        });
        onDone();
      },
      onError: (error) => {
        if (isApiError(error, 'NoteRequired')) {
          setNoteError(t(move === 'rejected' ? 'aid.moves.reasonRequired' : 'aid.moves.noteRequired'));
        }
      },
      onSettled: () => {
        uploadProgress.delete(write.key);
        setProgress(null);
      },
    });
    if (offline) {
      uploadProgress.delete(write.key);
      notifications.show({ color: 'orange', message: t('offline.savedOnDevice') });
      onDone();
    }
  };

  // A refusal that no field explains: someone moved it first, it lies outside the area, or the file is wrong.
  const refusal =
    transition.isError && !isApiError(transition.error, 'NoteRequired') ? transition.error : null;

  return (
    <form onSubmit={submit} noValidate data-testid="move-form">
      <Stack>
        <Text size="sm">{t(`aid.moves.${move}.explain`, { name: proposal.name })}</Text>
        {move === 'approved' && (
          <Text size="sm" fw={600}>
            {t('aid.moves.approved.amount', { amount: formatRupiah(proposal.amount, i18n.language) })}
          </Text>
        )}
        <Textarea
          label={move === 'rejected' ? t('aid.moves.reason') : t('aid.moves.note')}
          description={t(`aid.moves.${move}.noteHint`)}
          required={noteRequired}
          autosize
          minRows={3}
          maxLength={2000}
          data-autofocus
          value={note}
          onChange={(e) => {
            setNote(e.currentTarget.value);
            setNoteError(null);
          }}
          error={noteError}
        />
        {withFile && (
          <FileInput
            label={t('aid.moves.attachment')}
            description={t('aid.moves.attachmentHint')}
            placeholder={t('aid.moves.attachmentPlaceholder')}
            accept={ATTACHMENT_ACCEPT}
            clearable
            leftSection={<IconPaperclip size={16} />}
            value={file}
            onChange={chooseFile}
            error={fileError}
            data-testid="attachment-input"
          />
        )}
        {progress && (
          <Stack gap={4}>
            <Group justify="space-between">
              <Text size="sm">{t('imports.upload.uploading')}</Text>
              <Text size="sm" c="dimmed">
                {formatBytes(progress.sent, i18n.language)} / {formatBytes(progress.total, i18n.language)}
              </Text>
            </Group>
            <Progress
              value={progress.total ? (100 * progress.sent) / progress.total : 0}
              size="md"
              radius="xl"
              aria-label={t('imports.upload.uploading')}
            />
          </Stack>
        )}
        {refusal != null && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            role="alert"
            data-testid="move-error"
          >
            {refusalText(t, i18n.language, refusal)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button
            type="submit"
            color={move === 'rejected' ? 'red' : undefined}
            loading={transition.isPending && !transition.isPaused}
          >
            {t(`aid.moves.${move}.submit`)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The attachment's own problems in its words; a refused step by its code (the level's rule in Indonesian). */
function refusalText(t: TFunction, language: string, error: unknown): string {
  if (isApiError(error, 'FileType')) return t('aid.moves.fileType');
  if (isApiError(error, 'PayloadTooLarge')) return t('aid.moves.fileTooLarge');
  if (isApiError(error, 'Forbidden') && language === 'id' && error.detail) return error.detail;
  return errorText(t, error);
}

const LADDER = [
  'submitted',
  'verified_kelurahan',
  'verified_kecamatan',
  'approved',
  'sent',
  'disbursed',
] as const;

/** The ladder from intake to disbursement: steps done, the one it waits at, and where it stopped. */
function Ladder({ proposal }: { proposal: AidProposalDetail }) {
  const { t } = useTranslation();
  const stopped = ['ineligible', 'rejected', 'rejected_by_ministry'].includes(proposal.state);
  // Where a stopped proposal was when it stopped (an ineligible one never climbed).
  const reached = stopped
    ? proposal.state === 'ineligible'
      ? -1
      : (LADDER as readonly AidState[]).indexOf(proposal.transitions.at(-1)?.from ?? 'submitted')
    : (LADDER as readonly AidState[]).indexOf(proposal.state);
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="ladder">
      <SectionTitle icon={<IconSend size={20} color="var(--mantine-color-civic-7)" />}>
        {t('aid.proposal.ladder')}
      </SectionTitle>
      <Stack gap={8}>
        {LADDER.map((state, i) => {
          const done = i <= reached;
          const current = !stopped && i === reached + 1;
          return (
            <Group key={state} gap="sm" wrap="nowrap">
              <ThemeIcon
                size={24}
                radius="xl"
                variant={done ? 'filled' : 'light'}
                color={done ? 'teal' : current ? 'civic' : 'gray'}
              >
                {done ? <IconCheck size={14} /> : <Text size="xs">{i + 1}</Text>}
              </ThemeIcon>
              <Text size="sm" fw={current ? 600 : undefined} c={done || current ? undefined : 'dimmed'}>
                {t(`aid.ladder.${state}`)}
              </Text>
            </Group>
          );
        })}
        {stopped && (
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon size={24} radius="xl" color={STATE_COLORS[proposal.state]}>
              <IconX size={14} />
            </ThemeIcon>
            <Text size="sm" fw={600}>
              {t(`aid.states.${proposal.state}`)}
            </Text>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** Who moved the proposal, when and why, oldest first, from its intake on. */
function History({ proposal }: { proposal: AidProposalDetail }) {
  const { t, i18n } = useTranslation();
  const source = proposal.intakeRows.find((r) => r.proposalId === proposal.id && r.state !== 'duplicate');
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md">
      <SectionTitle icon={<IconHistory size={20} color="var(--mantine-color-civic-7)" />}>
        {t('aid.proposal.history')}
      </SectionTitle>
      <Timeline bulletSize={28} lineWidth={2} active={-1} data-testid="history">
        <Timeline.Item
          bullet={
            <ThemeIcon size={28} radius="xl" variant="light" color="gray">
              {source?.jobId ? <IconFileImport size={15} /> : <IconPlus size={15} />}
            </ThemeIcon>
          }
          title={
            <Text fw={600} size="sm">
              {source?.jobId
                ? t('aid.history.imported', { job: source.jobId, row: source.rowNumber ?? '—' })
                : t('aid.history.entered')}
            </Text>
          }
        >
          <Text size="xs" c="dimmed">
            {formatDateTime(proposal.createdAt, i18n.language)}
          </Text>
          <Text size="xs" mt={2}>
            {t('aid.history.intakeResult', {
              state: t(`aid.states.${proposal.eligible ? 'submitted' : 'ineligible'}`),
            })}
          </Text>
        </Timeline.Item>
        {proposal.transitions.map((transition) => (
          <HistoryEntry key={transition.id} transition={transition} proposal={proposal} />
        ))}
      </Timeline>
    </Paper>
  );
}

function HistoryEntry({ transition, proposal }: { transition: AidTransition; proposal: AidProposalDetail }) {
  const { t, i18n } = useTranslation();
  const attachment = proposal.attachments.find((a) => a.id === transition.attachmentId);
  const bad = transition.to === 'rejected' || transition.to === 'rejected_by_ministry';
  return (
    <Timeline.Item
      data-testid="history-entry"
      data-to={transition.to}
      bullet={
        <ThemeIcon size={28} radius="xl" variant="light" color={STATE_COLORS[transition.to]}>
          {bad ? <IconX size={15} /> : <IconCheck size={15} />}
        </ThemeIcon>
      }
      title={
        <Text fw={600} size="sm">
          {t(`aid.history.to.${transition.to}`)}
        </Text>
      }
    >
      <Text size="xs" c="dimmed" className="break-anywhere">
        {t('timeline.byAt', {
          actor: isSystemActor(transition.actor) ? t('audit.system') : transition.actor,
          at: formatDateTime(transition.at, i18n.language),
        })}
      </Text>
      {transition.note && (
        <Text size="sm" mt={4} className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
          “{transition.note}”
        </Text>
      )}
      <Group gap="xs" mt={4}>
        {transition.batchId !== null && (
          <Text size="xs" c="dimmed">
            {t('aid.history.inBatch', { id: transition.batchId })}
          </Text>
        )}
        {transition.jobId !== null && (
          <Text size="xs" c="dimmed">
            {t('aid.history.fromAnswer', { job: transition.jobId })}
          </Text>
        )}
        {attachment && (
          <DownloadButton
            path={`/aid/attachments/${attachment.id}`}
            size="compact-xs"
            variant="subtle"
            leftSection={<IconPaperclip size={12} />}
          >
            {attachment.fileName}
          </DownloadButton>
        )}
      </Group>
    </Timeline.Item>
  );
}

function Attachments({ proposal }: { proposal: AidProposalDetail }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="attachments">
      <SectionTitle icon={<IconPaperclip size={20} color="var(--mantine-color-civic-7)" />}>
        {t('aid.proposal.attachments')}
      </SectionTitle>
      <Stack gap="xs">
        {proposal.attachments.map((a) => (
          <Group key={a.id} justify="space-between" gap="xs" wrap="nowrap" data-testid="attachment">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} className="break-anywhere">
                {a.fileName}
              </Text>
              <Text size="xs" c="dimmed" className="break-anywhere">
                {formatBytes(a.sizeBytes, i18n.language)} · {a.uploadedBy} ·{' '}
                {formatDateTime(a.createdAt, i18n.language)}
              </Text>
            </Stack>
            <DownloadButton path={`/aid/attachments/${a.id}`} size="xs" style={{ flexShrink: 0 }}>
              {t('aid.proposal.download')}
            </DownloadButton>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

/** The rows this proposal came from, and later rows with the same NIK that were set aside as duplicates. */
function IntakeRows({ proposal }: { proposal: AidProposalDetail }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="intake-rows">
      <SectionTitle icon={<IconFileImport size={20} color="var(--mantine-color-civic-7)" />}>
        {t('aid.proposal.intakeRows')}
      </SectionTitle>
      <Table.ScrollContainer minWidth={480}>
        <Table fz="sm" verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('aid.proposal.source')}</Table.Th>
              <Table.Th>{t('aid.proposal.rowState')}</Table.Th>
              <Table.Th>{t('aid.proposal.received')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {proposal.intakeRows.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td>
                  {row.jobId
                    ? t('aid.history.imported', { job: row.jobId, row: row.rowNumber ?? '—' })
                    : t('aid.history.entered')}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`aid.intake.states.${row.state}`)}</Text>
                  {row.state === 'duplicate' && row.firstRowNumber !== null && (
                    <Text size="xs" c="dimmed">
                      {t('aid.proposal.duplicateOf', { row: row.firstRowNumber })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(row.createdAt, i18n.language)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
