import '../mentors/texts.ts';
import { Anchor, Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconPencil } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LinkCard } from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPage, useIdParam } from '../../components/RecordPage.tsx';
import { SummaryFigure } from '../../components/SummaryFigure.tsx';
import { SkeletonRows } from '../../components/states.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { ExpiringCertificates } from '../mentors/ExpiringCertificates.tsx';
import { CaseloadBar, CertificateBadge } from '../mentors/MentorBits.tsx';
import { useMentors } from '../mentors/mentors.api.ts';
import { InstitutionForm, useInstitutionTypeLabel } from './InstitutionForm.tsx';
import { type InstitutionDetail, useInstitution } from './institutions.api.ts';

/** One institution: contact, its admins and mentors, and certificates about to expire. */
export function InstitutionPage() {
  const { t } = useTranslation();
  const id = useIdParam();
  const institution = useInstitution(id);
  return (
    <RecordPage id={id} query={institution} title={t('institutions.title')}>
      {(i) => <InstitutionView institution={i} />}
    </RecordPage>
  );
}

function InstitutionView({ institution: i }: { institution: InstitutionDetail }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const typeLabel = useInstitutionTypeLabel();
  const [editing, setEditing] = useState(false);
  const seesList = me.role === 'admin' || me.role === 'area_officer';
  const number = (n: number) => new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'id-ID').format(n);

  return (
    <>
      <PageHeader
        above={
          seesList && (
            <Anchor component={Link} to="/institutions" size="sm">
              <Group gap={4}>
                <IconArrowLeft size={14} />
                {t('mentors.institutions.back')}
              </Group>
            </Anchor>
          )
        }
        title={i.name}
        description={
          <Badge variant="light" radius="sm" component="span">
            {typeLabel(i.type)}
          </Badge>
        }
        actions={
          i.canEdit !== 'none' && (
            <Button leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              {i.canEdit === 'all' ? t('mentors.institutions.edit') : t('mentors.institutions.editContact')}
            </Button>
          )
        }
      />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 3 }} spacing="sm">
          <SummaryFigure label={t('institutions.mentors')} value={number(i.mentors)} color="civic.8" />
          <SummaryFigure label={t('mentors.institutions.admins')} value={number(i.admins)} color="civic.8" />
          <SummaryFigure
            label={t('mentors.institutions.openCases')}
            value={number(i.openCases)}
            color="teal.8"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Card padding="lg" radius="md">
            <Title order={2} fz="h4" mb="sm">
              {t('mentors.institutions.contact')}
            </Title>
            <Stack gap="xs">
              <Line label={t('mentors.institutions.contactName')} value={i.contactName} />
              <Line
                label={t('mentors.institutions.phone')}
                value={
                  i.phone && (
                    <Anchor href={`tel:${i.phone.replace(/[^0-9+]/g, '')}`} size="sm">
                      {i.phone}
                    </Anchor>
                  )
                }
              />
              <Line label={t('mentors.institutions.address')} value={i.address} />
              <Line
                label={t('mentors.institutions.kelurahan')}
                value={i.kelurahanName ?? t('mentors.institutions.cityWide')}
              />
            </Stack>
            <Title order={3} fz="h5" mt="lg" mb="xs">
              {t('mentors.institutions.adminAccounts')}
            </Title>
            {i.adminAccounts.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('mentors.institutions.noAdmins')}
              </Text>
            ) : (
              <Stack gap={4}>
                {i.adminAccounts.map((a) => (
                  <Group key={a.id} gap="xs" wrap="nowrap">
                    <Text size="sm" fw={500}>
                      {a.name}
                    </Text>
                    <Text size="xs" c="dimmed" className="break-anywhere">
                      {a.email}
                    </Text>
                    {a.disabled && (
                      <Badge size="xs" variant="outline" color="gray">
                        {t('mentors.disabled')}
                      </Badge>
                    )}
                  </Group>
                ))}
              </Stack>
            )}
          </Card>
          <ExpiringCertificates institution={i.id} showInstitution={false} />
        </SimpleGrid>
        <InstitutionMentors institutionId={i.id} />
      </Stack>
      <Modal
        opened={editing}
        onClose={() => setEditing(false)}
        size="lg"
        title={i.canEdit === 'all' ? t('mentors.institutions.edit') : t('mentors.institutions.editContact')}
      >
        <InstitutionForm
          institution={i}
          onDone={() => setEditing(false)}
          onSaved={() => {
            notifications.show({ color: 'teal', message: t('mentors.institutions.saved') });
            setEditing(false);
          }}
        />
      </Modal>
    </>
  );
}

function Line({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={140} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" component="div" className="break-anywhere">
        {value || '—'}
      </Text>
    </Group>
  );
}

/** The institution's mentors, each with certificate state and caseload. */
function InstitutionMentors({ institutionId }: { institutionId: number }) {
  const { t } = useTranslation();
  const mentors = useMentors({ institution: institutionId, page: 1, pageSize: 200 });
  const items = mentors.data?.items ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} fz="h4">
          {t('mentors.institutions.mentorsTitle')}
        </Title>
        <Anchor component={Link} to={`/mentors?institution=${institutionId}`} size="sm">
          {t('mentors.expiring.seeAll')}
        </Anchor>
      </Group>
      {mentors.isPending ? (
        <SkeletonRows rows={3} height={64} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('mentors.institutions.noMentors')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          {items.map((m) => (
            <LinkCard key={m.id} to={`/mentors/${m.id}`} testId="institution-mentor">
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Text fw={600} c="civic.8" className="break-anywhere">
                  {m.name}
                </Text>
                <CertificateBadge state={m.certificateState} />
              </Group>
              <div style={{ marginTop: 8 }}>
                <CaseloadBar open={m.openCases} cap={m.caseloadCap} />
              </div>
            </LinkCard>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
