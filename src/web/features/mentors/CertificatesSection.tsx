import './texts.ts';
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  FileButton,
  FileInput,
  Grid,
  Group,
  Menu,
  Modal,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconCertificate,
  IconDots,
  IconPencil,
  IconPlus,
  IconTrash,
  IconUpload,
} from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { DateField } from '../../components/DateField.tsx';
import { DownloadButton } from '../../components/DownloadButton.tsx';
import { applyFieldErrors, errorText } from '../../components/error-text.ts';
import { formatBytes, formatDay } from '../../components/format.ts';
import { EmptyMessage } from '../../components/states.tsx';
import { CertificateBadge, DaysLeft } from './MentorBits.tsx';
import {
  type Certificate,
  type MentorDetail,
  useDeleteCertificate,
  useSaveCertificate,
  useUploadScan,
} from './mentors.api.ts';

const SCAN_TYPES = 'application/pdf,image/jpeg,image/png';

/** A refused scan in words: not a PDF/JPEG/PNG, too big, or whatever else the server said. */
function scanErrorText(t: TFunction, error: unknown) {
  if (error instanceof ApiError && (error.code === 'FileType' || error.status === 415))
    return t('mentors.certificates.scanType');
  if (error instanceof ApiError && (error.code === 'PayloadTooLarge' || error.status === 413))
    return t('mentors.certificates.scanTooBig');
  return errorText(t, error);
}

type Dialog =
  | { kind: 'add' }
  | { kind: 'edit'; certificate: Certificate }
  | { kind: 'delete'; certificate: Certificate };

/** The mentor's competency certificates: state, days left, the scan; recorded by the office or the institution. */
export function CertificatesSection({ mentor }: { mentor: MentorDetail }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const manage = mentor.canManageCertificates;
  const close = () => setDialog(null);
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={2} style={{ flex: '1 1 18rem' }}>
          <Title order={2} fz="h4">
            {t('mentors.certificates.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('mentors.certificates.hint')}
          </Text>
        </Stack>
        {manage && (
          <Button
            leftSection={<IconPlus size={16} />}
            variant="light"
            onClick={() => setDialog({ kind: 'add' })}
          >
            {t('mentors.certificates.add')}
          </Button>
        )}
      </Group>
      {mentor.certificates.length === 0 ? (
        <Paper radius="md">
          <EmptyMessage icon={<IconCertificate size={28} />} title={t('mentors.certificates.empty')} />
        </Paper>
      ) : (
        <Stack gap="sm" data-testid="certificates">
          {mentor.certificates.map((c) => (
            <CertificateCard
              key={c.id}
              mentorId={mentor.id}
              certificate={c}
              manage={manage}
              onEdit={() => setDialog({ kind: 'edit', certificate: c })}
              onDelete={() => setDialog({ kind: 'delete', certificate: c })}
            />
          ))}
        </Stack>
      )}
      <Modal
        opened={dialog !== null}
        onClose={close}
        title={
          dialog?.kind === 'add'
            ? t('mentors.certificates.add')
            : dialog?.kind === 'edit'
              ? t('mentors.certificates.edit')
              : t('mentors.certificates.delete')
        }
        size="lg"
      >
        {dialog?.kind === 'add' && <CertificateForm mentorId={mentor.id} onDone={close} />}
        {dialog?.kind === 'edit' && (
          <CertificateForm mentorId={mentor.id} certificate={dialog.certificate} onDone={close} />
        )}
        {dialog?.kind === 'delete' && (
          <DeleteCertificate mentorId={mentor.id} certificate={dialog.certificate} onDone={close} />
        )}
      </Modal>
    </Stack>
  );
}

function CertificateCard({
  mentorId,
  certificate: c,
  manage,
  onEdit,
  onDelete,
}: {
  mentorId: number;
  certificate: Certificate;
  manage: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t, i18n } = useTranslation();
  const upload = useUploadScan(mentorId);
  const send = (file: File | null) => {
    if (!file) return;
    upload.mutate(
      { id: c.id, file },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: t('mentors.certificates.uploaded') }),
        onError: (error) => notifications.show({ color: 'red', message: scanErrorText(t, error) }),
      },
    );
  };
  return (
    <Card padding="md" radius="md" data-testid="certificate">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text fw={600} className="break-anywhere">
            {c.number}
          </Text>
          <Text size="sm" c="dimmed" className="break-anywhere">
            {c.scheme} · {c.lsp}
          </Text>
        </Stack>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <CertificateBadge state={c.state} size="md" />
          {manage && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="lg"
                  aria-label={t('mentors.certificates.edit')}
                >
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconPencil size={16} />} onClick={onEdit}>
                  {t('mentors.certificates.edit')}
                </Menu.Item>
                <Menu.Item leftSection={<IconTrash size={16} />} color="red" onClick={onDelete}>
                  {t('mentors.certificates.delete')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>
      <Grid mt="sm" gap="xs">
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <Text size="xs" c="dimmed">
            {t('mentors.certificates.issuedOn')}
          </Text>
          <Text size="sm">{formatDay(c.issuedOn, i18n.language)}</Text>
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <Text size="xs" c="dimmed">
            {t('mentors.certificates.expiresOn')}
          </Text>
          <Text size="sm">{formatDay(c.expiresOn, i18n.language)}</Text>
          <Text
            size="xs"
            c={c.state === 'expiring' ? 'orange.8' : c.state === 'expired' ? 'red.8' : 'dimmed'}
          >
            <DaysLeft certificate={c} />
          </Text>
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Text size="xs" c="dimmed">
            {t('mentors.certificates.scan')}
          </Text>
          <Group gap="xs" mt={2} wrap="wrap">
            {c.scan ? (
              <DownloadButton
                path={`/mentors/${mentorId}/certificates/${c.id}/scan`}
                size="compact-sm"
                variant="light"
              >
                {t('mentors.certificates.download')} ({formatBytes(c.scan.bytes, i18n.language)})
              </DownloadButton>
            ) : (
              <Text size="sm" c="dimmed">
                {t('mentors.certificates.noScan')}
              </Text>
            )}
            {manage && (
              <FileButton onChange={send} accept={SCAN_TYPES}>
                {(props) => (
                  <Button
                    {...props}
                    size="compact-sm"
                    variant="default"
                    leftSection={<IconUpload size={14} />}
                    loading={upload.isPending}
                  >
                    {c.scan ? t('mentors.certificates.replace') : t('mentors.certificates.upload')}
                  </Button>
                )}
              </FileButton>
            )}
          </Group>
        </Grid.Col>
      </Grid>
    </Card>
  );
}

interface CertificateValues {
  number: string;
  scheme: string;
  lsp: string;
  issuedOn: string;
  expiresOn: string;
  scan: File | null;
}

function CertificateForm({
  mentorId,
  certificate,
  onDone,
}: {
  mentorId: number;
  certificate?: Certificate;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveCertificate(mentorId);
  const [failure, setFailure] = useState<unknown>(null);
  const required = (v: string) => (v.trim() ? null : t('mentors.certificates.required'));
  const form = useForm<CertificateValues>({
    mode: 'controlled',
    initialValues: {
      number: certificate?.number ?? '',
      scheme: certificate?.scheme ?? '',
      lsp: certificate?.lsp ?? '',
      issuedOn: certificate?.issuedOn ?? '',
      expiresOn: certificate?.expiresOn ?? '',
      scan: null,
    },
    validate: {
      number: required,
      scheme: required,
      lsp: required,
      issuedOn: required,
      expiresOn: (v, values) =>
        required(v) ??
        (values.issuedOn && v < values.issuedOn ? t('mentors.certificates.expiryBeforeIssue') : null),
    },
  });

  const submit = form.onSubmit(({ scan, ...values }) => {
    setFailure(null);
    const body = {
      number: values.number.trim(),
      scheme: values.scheme.trim(),
      lsp: values.lsp.trim(),
      issuedOn: values.issuedOn,
      expiresOn: values.expiresOn,
    };
    save.mutate(
      { id: certificate?.id, body, scan },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('mentors.certificates.saved') });
          onDone();
        },
        onError: (error) => {
          // The certificate is saved before its scan is sent: a refused scan leaves the certificate.
          const scanRefused =
            error instanceof ApiError && (error.status === 413 || error.status === 415) && scan !== null;
          if (scanRefused) {
            notifications.show({
              color: 'orange',
              message: t('mentors.certificates.savedWithoutScan', { reason: scanErrorText(t, error) }),
            });
            onDone();
            return;
          }
          if (!applyFieldErrors(form, t, error)) setFailure(error);
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {failure != null && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {errorText(t, failure)}
          </Alert>
        )}
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label={t('mentors.certificates.number')}
              required
              data-autofocus
              {...form.getInputProps('number')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label={t('mentors.certificates.scheme')}
              placeholder={t('mentors.certificates.schemePlaceholder')}
              required
              {...form.getInputProps('scheme')}
            />
          </Grid.Col>
          <Grid.Col span={12}>
            <TextInput label={t('mentors.certificates.lsp')} required {...form.getInputProps('lsp')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <DateField
              label={t('mentors.certificates.issuedOn')}
              required
              {...form.getInputProps('issuedOn')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6 }}>
            <DateField
              label={t('mentors.certificates.expiresOn')}
              required
              {...form.getInputProps('expiresOn')}
            />
          </Grid.Col>
          {!certificate && (
            <Grid.Col span={12}>
              <FileInput
                label={t('mentors.certificates.scan')}
                description={t('mentors.certificates.scanHint')}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                placeholder={t('mentors.certificates.scanChoose')}
                accept={SCAN_TYPES}
                clearable
                leftSection={<IconUpload size={16} />}
                {...form.getInputProps('scan')}
              />
            </Grid.Col>
          )}
        </Grid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DeleteCertificate({
  mentorId,
  certificate,
  onDone,
}: {
  mentorId: number;
  certificate: Certificate;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const remove = useDeleteCertificate(mentorId);
  return (
    <Stack>
      <Text size="sm">{t('mentors.certificates.deleteConfirm', { number: certificate.number })}</Text>
      {remove.isError && (
        <Alert color="red" variant="light" role="alert">
          {errorText(t, remove.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button
          color="red"
          loading={remove.isPending}
          onClick={() =>
            remove.mutate(certificate.id, {
              onSuccess: () => {
                notifications.show({ color: 'teal', message: t('mentors.certificates.deleted') });
                onDone();
              },
            })
          }
        >
          {t('mentors.certificates.delete')}
        </Button>
      </Group>
    </Stack>
  );
}
