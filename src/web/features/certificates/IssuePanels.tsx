import './texts.ts';
import { Alert, Button, Card, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCertificate, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField.tsx';
import { DownloadButton } from '../../components/DownloadButton.tsx';
import { applyFieldErrors } from '../../components/error-text.ts';
import { formatDay } from '../../components/format.ts';
import { EmptyMessage } from '../../components/states.tsx';
import { RevokeDialog, StatusBadge } from './CertificateBits.tsx';
import { CertificateActions } from './CertificatesPage.tsx';
import {
  type CertificateDto,
  certificateErrorText,
  useCertificatePage,
  useIssueForEvent,
  useIssueForMentor,
} from './certificates.api.ts';

interface IssueValues {
  title: string;
  signatoryName: string;
  signatoryPosition: string;
  validUntil: string;
}

/** The fields both ways of issuing share: what it is for, who signs, and an optional end. */
function IssueForm({
  titleLabel,
  titlePlaceholder,
  titleRequired,
  busy,
  submit,
  onSubmit,
}: {
  titleLabel: string;
  titlePlaceholder?: string;
  titleRequired: boolean;
  busy: boolean;
  submit: string;
  // biome-ignore lint/suspicious/noExplicitAny: any rules record
  onSubmit: (values: IssueValues, form: UseFormReturnType<IssueValues, any, any>) => void;
}) {
  const { t } = useTranslation();
  const form = useForm<IssueValues>({
    mode: 'uncontrolled',
    initialValues: { title: '', signatoryName: '', signatoryPosition: '', validUntil: '' },
    validate: {
      title: (v) => (titleRequired && v.trim().length < 2 ? t('fieldErrors.invalid') : null),
      signatoryName: (v) => (v.trim().length < 2 ? t('fieldErrors.invalid') : null),
      signatoryPosition: (v) => (v.trim().length < 2 ? t('fieldErrors.invalid') : null),
    },
  });
  return (
    <form onSubmit={form.onSubmit((values) => onSubmit(values, form))}>
      <Stack gap="sm">
        <TextInput
          label={titleLabel}
          placeholder={titlePlaceholder}
          required={titleRequired}
          maxLength={200}
          key={form.key('title')}
          {...form.getInputProps('title')}
        />
        <TextInput
          label={t('certificates.signatoryName')}
          required
          maxLength={120}
          key={form.key('signatoryName')}
          {...form.getInputProps('signatoryName')}
        />
        <TextInput
          label={t('certificates.signatoryPosition')}
          required
          maxLength={160}
          key={form.key('signatoryPosition')}
          {...form.getInputProps('signatoryPosition')}
        />
        <DateField
          label={t('certificates.validUntilOptional')}
          key={form.key('validUntil')}
          {...form.getInputProps('validUntil')}
        />
        <Button type="submit" loading={busy} leftSection={<IconCertificate size={16} />}>
          {submit}
        </Button>
      </Stack>
    </form>
  );
}

const bodyOf = (v: IssueValues) => ({
  signatoryName: v.signatoryName.trim(),
  signatoryPosition: v.signatoryPosition.trim(),
  validUntil: v.validUntil || null,
});

/** On an event's page: issue to everyone who checked in, then download them, one by one or as a ZIP. */
export function EventCertificatesPanel({ eventId, attended }: { eventId: number; attended: number }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<CertificateDto | null>(null);
  const issue = useIssueForEvent(eventId);
  const certificates = useCertificatePage({ event: eventId, page: 1, pageSize: 200 });
  const items = certificates.data?.items ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={2} style={{ flex: '1 1 18rem' }}>
          <Title order={2} fz="h4">
            {t('certificates.event.heading')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('certificates.event.hint')}
          </Text>
          <Text size="sm">{t('certificates.event.attended', { count: attended })}</Text>
        </Stack>
        <Group gap="xs">
          {items.length > 0 && (
            <DownloadButton path={`/certificates/events/${eventId}/zip`}>
              {t('certificates.event.zip')}
            </DownloadButton>
          )}
          <Button leftSection={<IconCertificate size={16} />} onClick={() => setOpen(true)}>
            {t('certificates.event.issue')}
          </Button>
        </Group>
      </Group>
      {problem && (
        <Alert color="red" withCloseButton onClose={() => setProblem(null)} data-testid="issue-problem">
          {problem}
        </Alert>
      )}
      {items.length === 0 ? (
        <Paper radius="md">
          <EmptyMessage icon={<IconCertificate size={28} />} title={t('certificates.event.none')} />
        </Paper>
      ) : (
        <Stack gap="xs" data-testid="event-certificates">
          {items.map((c) => (
            <Card key={c.id} padding="sm" radius="md" data-testid="certificate-card">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Stack gap={0}>
                  <Group gap="xs">
                    <Text fw={600}>{c.holder}</Text>
                    <StatusBadge status={c.status} />
                  </Group>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {c.number} · {formatDay(c.issuedOn, i18n.language)}
                  </Text>
                </Stack>
                <CertificateActions certificate={c} onRevoke={setRevoking} />
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title={t('certificates.event.issueTitle')}>
        <Text size="sm" c="dimmed" mb="sm">
          {t('certificates.event.titleHint')}
        </Text>
        <IssueForm
          titleLabel={t('certificates.titleLabel')}
          titleRequired={false}
          busy={issue.isPending}
          submit={t('certificates.event.issue')}
          onSubmit={(values, form) =>
            issue.mutate(
              { ...bodyOf(values), ...(values.title.trim() ? { title: values.title.trim() } : {}) },
              {
                onSuccess: (r) => {
                  setOpen(false);
                  setProblem(null);
                  notifications.show({
                    color: 'teal',
                    message: t('certificates.event.issued', { issued: r.issued, already: r.alreadyIssued }),
                  });
                },
                onError: (error) => {
                  if (applyFieldErrors(form, t, error)) return;
                  setOpen(false);
                  setProblem(certificateErrorText(t, error));
                },
              },
            )
          }
        />
      </Modal>
      <RevokeDialog certificate={revoking} onClose={() => setRevoking(null)} />
    </Stack>
  );
}

/** On a mentor's page: the program's own competency certificates (BNSP ones are the section above). */
export function MentorProgramCertificates({ mentorId, canIssue }: { mentorId: number; canIssue: boolean }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [revoking, setRevoking] = useState<CertificateDto | null>(null);
  const issue = useIssueForMentor();
  const certificates = useCertificatePage({
    mentor: mentorId,
    kind: 'mentor_competency',
    page: 1,
    pageSize: 50,
  });
  const items = certificates.data?.items ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={2} style={{ flex: '1 1 18rem' }}>
          <Title order={2} fz="h4">
            {t('certificates.mentor.heading')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('certificates.mentor.hint')}
          </Text>
        </Stack>
        {canIssue && (
          <Button leftSection={<IconPlus size={16} />} variant="light" onClick={() => setOpen(true)}>
            {t('certificates.mentor.issue')}
          </Button>
        )}
      </Group>
      {items.length === 0 ? (
        <Paper radius="md">
          <EmptyMessage icon={<IconCertificate size={28} />} title={t('certificates.mentor.empty')} />
        </Paper>
      ) : (
        <Stack gap="xs" data-testid="program-certificates">
          {items.map((c) => (
            <Card key={c.id} padding="md" radius="md">
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text fw={600}>{c.title}</Text>
                  <Text size="sm" c="dimmed">
                    {c.number} · {c.issuer.name} · {formatDay(c.issuedOn, i18n.language)}
                  </Text>
                </Stack>
                <StatusBadge status={c.status} />
              </Group>
              <Stack mt="xs">
                <CertificateActions certificate={c} onRevoke={setRevoking} />
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title={t('certificates.mentor.issue')}>
        <IssueForm
          titleLabel={t('certificates.mentor.competency')}
          titlePlaceholder={t('certificates.mentor.competencyPlaceholder')}
          titleRequired
          busy={issue.isPending}
          submit={t('certificates.mentor.issue')}
          onSubmit={(values, form) =>
            issue.mutate(
              { ...bodyOf(values), mentorId, title: values.title.trim() },
              {
                onSuccess: (c) => {
                  setOpen(false);
                  notifications.show({
                    color: 'teal',
                    message: t('certificates.mentor.issued', { number: c.number }),
                  });
                },
                onError: (error) => {
                  if (!applyFieldErrors(form, t, error))
                    notifications.show({ color: 'red', message: certificateErrorText(t, error) });
                },
              },
            )
          }
        />
      </Modal>
      <RevokeDialog certificate={revoking} onClose={() => setRevoking(null)} />
    </Stack>
  );
}
