import './texts.ts';
import { Badge, Button, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../components/error-text.ts';
import { type CertificateDto, certificateErrorText, useRevokeCertificate } from './certificates.api.ts';

export function StatusBadge({ status }: { status: CertificateDto['status'] }) {
  const { t } = useTranslation();
  const color = { valid: 'teal', revoked: 'red', expired: 'orange' }[status];
  return (
    <Badge variant="light" color={color} radius="sm" data-testid="certificate-status">
      {t(`certificates.status.${status}`)}
    </Badge>
  );
}

/** Revocation by the issuer: a reason the public verification page will show. */
export function RevokeDialog({
  certificate,
  onClose,
}: {
  certificate: CertificateDto | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const revoke = useRevokeCertificate();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { reason: '' },
    validate: { reason: (v) => (v.trim().length < 5 ? t('certificates.reasonPlaceholder') : null) },
  });
  const close = () => {
    form.reset();
    revoke.reset();
    onClose();
  };
  return (
    <Modal
      opened={certificate !== null}
      onClose={close}
      title={certificate ? t('certificates.revokeTitle', { number: certificate.number }) : ''}
    >
      {certificate && (
        <form
          onSubmit={form.onSubmit((values) =>
            revoke.mutate(
              { id: certificate.id, reason: values.reason.trim() },
              {
                onSuccess: (c) => {
                  notifications.show({
                    color: 'teal',
                    message: t('certificates.revoked', { number: c.number }),
                  });
                  close();
                },
                onError: (error) => {
                  if (!applyFieldErrors(form, t, error))
                    notifications.show({ color: 'red', message: certificateErrorText(t, error) });
                },
              },
            ),
          )}
        >
          <Stack gap="sm">
            <Text size="sm">{t('certificates.revokeIntro', { holder: certificate.holder })}</Text>
            <Textarea
              label={t('certificates.reason')}
              placeholder={t('certificates.reasonPlaceholder')}
              autosize
              minRows={2}
              maxLength={500}
              data-autofocus
              key={form.key('reason')}
              {...form.getInputProps('reason')}
            />
            <Button type="submit" color="red" loading={revoke.isPending}>
              {t('certificates.revokeConfirm')}
            </Button>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
