import './texts.ts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowLeft, IconKey, IconPencil } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText } from '../../components/error-text.ts';
import { formatDay } from '../../components/format.ts';
import { OneTimePassword } from '../../components/OneTimePassword.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPage, useIdParam } from '../../components/RecordPage.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { MentorProgramCertificates } from '../certificates/IssuePanels.tsx';
import { useResetPassword } from '../users/users.api.ts';
import { CertificatesSection } from './CertificatesSection.tsx';
import { CaseloadBar, CertificateBadge, ExpertiseBadges, STATE_COLORS } from './MentorBits.tsx';
import { MentorForm } from './MentorForm.tsx';
import { type MentorDetail, useMentor } from './mentors.api.ts';

/** One mentor: profile, the kelurahan covered, open caseload against the cap, and certificates. */
export function MentorPage() {
  const { t } = useTranslation();
  const id = useIdParam();
  const mentor = useMentor(id);
  return (
    <RecordPage id={id} query={mentor} title={t('mentors.title')}>
      {(m) => <MentorView mentor={m} />}
    </RecordPage>
  );
}

type Dialog = 'edit' | 'reset' | { password: string };

function MentorView({ mentor: m }: { mentor: MentorDetail }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const reset = useResetPassword();
  const managesAccount = m.canEdit === 'all' && (me.role === 'admin' || me.role === 'institution_admin');
  const backTo = me.role === 'mentor' ? '/' : '/mentors';
  const expiring = m.certificates.find((c) => c.state === 'expiring');
  const close = () => setDialog(null);

  return (
    <>
      <PageHeader
        above={
          <Anchor component={Link} to={backTo} size="sm">
            <Group gap={4}>
              <IconArrowLeft size={14} />
              {me.role === 'mentor' ? t('nav.home') : t('mentors.back')}
            </Group>
          </Anchor>
        }
        title={m.name}
        description={
          <Group gap="xs" component="span">
            {m.institutionId && me.role !== 'mentor' ? (
              <Anchor component={Link} to={`/institutions/${m.institutionId}`} size="sm">
                {m.institutionName}
              </Anchor>
            ) : (
              <span>{m.institutionName}</span>
            )}
            {m.disabled && (
              <Badge size="sm" variant="outline" color="gray" radius="sm">
                {t('mentors.disabled')}
              </Badge>
            )}
          </Group>
        }
        actions={
          <>
            {managesAccount && (
              <Button
                variant="default"
                leftSection={<IconKey size={16} />}
                onClick={() => setDialog('reset')}
              >
                {t('mentors.resetPassword')}
              </Button>
            )}
            {m.canEdit !== 'none' && (
              <Button leftSection={<IconPencil size={16} />} onClick={() => setDialog('edit')}>
                {t('mentors.edit')}
              </Button>
            )}
          </>
        }
      />
      <Stack gap="lg">
        {m.certificateState !== 'valid' && (
          <Alert
            color={STATE_COLORS[m.certificateState] === 'gray' ? 'red' : STATE_COLORS[m.certificateState]}
            variant="light"
            icon={<IconAlertTriangle size={20} />}
            data-testid="certificate-alert"
          >
            {m.certificateState === 'expiring' && expiring
              ? t('mentors.alerts.expiring', {
                  date: formatDay(expiring.expiresOn, i18n.language),
                  days: expiring.daysLeft,
                })
              : t(`mentors.alerts.${m.certificateState === 'expiring' ? 'none' : m.certificateState}`)}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Card padding="lg" radius="md">
            <Title order={2} fz="h4" mb="sm">
              {t('mentors.profile')}
            </Title>
            <Stack gap="sm">
              <Field label={t('mentors.phone')}>
                {m.phone ? (
                  <Anchor href={`tel:${m.phone.replace(/[^0-9+]/g, '')}`} size="sm">
                    {m.phone}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Field>
              <Field label={t('mentors.email')}>
                <Anchor href={`mailto:${m.email}`} size="sm" className="break-anywhere">
                  {m.email}
                </Anchor>
              </Field>
              <Field label={t('mentors.expertise')}>
                <ExpertiseBadges codes={m.expertise} />
              </Field>
              <Field label={t('mentors.columns.certificate')}>
                <CertificateBadge state={m.certificateState} until={m.certifiedUntil} />
              </Field>
            </Stack>
          </Card>
          <Stack gap="md">
            <Card padding="lg" radius="md">
              <Title order={2} fz="h4" mb={4}>
                {t('mentors.caseloadTitle')}
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                {t('mentors.caseloadHint')}
              </Text>
              <CaseloadBar open={m.openCases} cap={m.caseloadCap} size="lg" />
              {m.openCases >= m.caseloadCap && (
                <Text size="sm" c="red.8" mt="xs">
                  {t('mentors.caseloadFull')}
                </Text>
              )}
            </Card>
            <Card padding="lg" radius="md">
              <Title order={2} fz="h4" mb="sm">
                {t('mentors.kelurahan')}
              </Title>
              {m.kelurahan.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('mentors.noKelurahan')}
                </Text>
              ) : (
                <Group gap={6}>
                  {m.kelurahan.map((k) => (
                    <Badge
                      key={k.code}
                      component={Link}
                      to={`/areas/${k.code}`}
                      variant="light"
                      radius="sm"
                      size="lg"
                      tt="none"
                      style={{ cursor: 'pointer' }}
                    >
                      {k.name}
                      <Text span size="xs" c="dimmed" ml={4}>
                        {k.kecamatanName}
                      </Text>
                    </Badge>
                  ))}
                </Group>
              )}
            </Card>
          </Stack>
        </SimpleGrid>
        <CertificatesSection mentor={m} />
        {me.role !== 'area_officer' && (
          <MentorProgramCertificates mentorId={m.id} canIssue={m.canManageCertificates} />
        )}
      </Stack>

      <Modal
        opened={dialog !== null}
        onClose={close}
        size={dialog === 'edit' ? 'lg' : 'md'}
        title={dialog === 'edit' ? t('mentors.edit') : t('mentors.resetPassword')}
        closeOnClickOutside={typeof dialog === 'string'}
      >
        {dialog === 'edit' && (
          <MentorForm
            mentor={m}
            onCancel={close}
            onSaved={() => {
              notifications.show({ color: 'teal', message: t('mentors.saved') });
              close();
            }}
          />
        )}
        {dialog === 'reset' && (
          <Stack>
            <Text size="sm">{t('mentors.resetConfirm', { name: m.name })}</Text>
            {reset.isError && (
              <Alert color="red" variant="light" role="alert">
                {errorText(t, reset.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button
                color="orange"
                loading={reset.isPending}
                onClick={() =>
                  reset.mutate(m.id, {
                    onSuccess: ({ oneTimePassword }) => setDialog({ password: oneTimePassword }),
                  })
                }
              >
                {t('mentors.resetPassword')}
              </Button>
            </Group>
          </Stack>
        )}
        {dialog !== null && typeof dialog === 'object' && (
          <Stack>
            <OneTimePassword password={dialog.password} email={m.email} />
            <Group justify="flex-end">
              <Button onClick={close}>{t('common.done')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <div style={{ marginTop: 2, fontSize: 'var(--mantine-font-size-sm)' }}>{children}</div>
    </div>
  );
}
