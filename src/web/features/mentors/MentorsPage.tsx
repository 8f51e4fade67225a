import './texts.ts';
import { Anchor, Badge, Button, Group, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import { IconBuildingCommunity, IconPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { EXPERTISE } from '../../../shared/mentoring.ts';
import {
  AreaFilters,
  LinkCard,
  LinkRow,
  ListPage,
  SelectFilter,
  useListFilters,
} from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useInstitutions } from '../institutions/institutions.api.ts';
import { CreatedMentorDialog } from './CreatedMentorDialog.tsx';
import {
  CaseloadBar,
  CertificateBadge,
  ExpertiseBadges,
  KelurahanList,
  useExpertiseLabel,
} from './MentorBits.tsx';
import { MentorForm } from './MentorForm.tsx';
import { type CreatedMentor, type Mentor, useMentors } from './mentors.api.ts';

const PAGE_SIZE = 25;
const CERTIFICATE_FILTERS = ['valid', 'expiring', 'expired', 'not_yet_valid', 'none'] as const;

/** Mentors the user sees: filtered by institution, area, expertise and certificate state. */
export function MentorsPage() {
  const me = useCurrentUser();
  // A mentor sees only themself: their own page is the list.
  if (me.role === 'mentor') return <Navigate to={`/mentors/${me.id}`} replace />;
  return <MentorList />;
}

function MentorList() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const list = useListFilters();
  const { read, oneOf } = list;
  const label = useExpertiseLabel();
  const [dialog, setDialog] = useState<'create' | CreatedMentor | null>(null);
  const seesInstitutions = me.role === 'admin' || me.role === 'area_officer';
  const institutions = useInstitutions(seesInstitutions);
  const creates = me.role === 'admin' || me.role === 'institution_admin';

  const institutionParam = Number(read('institution'));
  const query = {
    q: read('q'),
    institution: Number.isInteger(institutionParam) && institutionParam > 0 ? institutionParam : undefined,
    kecamatan: read('kecamatan'),
    kelurahan: read('kelurahan'),
    expertise: oneOf('expertise', EXPERTISE),
    certificate: oneOf('certificate', CERTIFICATE_FILTERS),
  };
  const mentors = useMentors({ ...query, page: list.page, pageSize: PAGE_SIZE });
  const activeFilters = [
    query.institution,
    query.kecamatan,
    query.kelurahan,
    query.expertise,
    query.certificate,
  ].filter(Boolean).length;

  const addButton = creates && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog('create')}>
      {t('mentors.add')}
    </Button>
  );
  const ownInstitution = me.role === 'institution_admin' && me.institutionId != null && (
    <Button
      component={Link}
      to={`/institutions/${me.institutionId}`}
      variant="default"
      leftSection={<IconBuildingCommunity size={16} />}
    >
      {t('mentors.myInstitution')}
    </Button>
  );

  const filters = (
    <>
      {seesInstitutions && (
        <SelectFilter
          list={list}
          param="institution"
          label={t('mentors.filters.institution')}
          searchable
          options={(institutions.data ?? []).map((i) => ({ value: String(i.id), label: i.name }))}
        />
      )}
      <AreaFilters list={list} />
      <SelectFilter
        list={list}
        param="expertise"
        label={t('mentors.filters.expertise')}
        compact
        options={EXPERTISE}
        labelOf={label}
      />
      <SelectFilter
        list={list}
        param="certificate"
        label={t('mentors.filters.certificate')}
        compact
        options={CERTIFICATE_FILTERS}
        labelOf={(s) => t(`mentors.certificateFilter.${s}`)}
      />
    </>
  );

  return (
    <>
      <PageHeader
        title={t('mentors.title')}
        description={t(`mentors.descriptions.${me.role === 'business_owner' ? 'mentor' : me.role}`)}
        actions={
          (addButton || ownInstitution) && (
            <>
              {ownInstitution}
              {addButton}
            </>
          )
        }
      />
      <ListPage
        list={list}
        searchLabel={t('mentors.filters.search')}
        searchPlaceholder={t('mentors.filters.searchPlaceholder')}
        filters={filters}
        activeFilters={activeFilters}
        result={mentors}
        pageSize={PAGE_SIZE}
        table={(items) => <MentorTable items={items} />}
        cards={(items) => <MentorCards items={items} />}
        cardHeight={170}
        noMatch={{ title: t('mentors.noMatchTitle'), description: t('mentors.noMatch') }}
        empty={{
          icon: <IconUsers size={28} />,
          title: t('mentors.emptyTitle'),
          description: creates ? t('mentors.empty') : t('mentors.emptyReadOnly'),
          action: addButton,
        }}
      />
      <Modal
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={t('mentors.add')}
        size="lg"
        closeOnClickOutside={dialog === 'create'}
      >
        {dialog === 'create' && (
          <MentorForm onCancel={() => setDialog(null)} onCreated={(created) => setDialog(created)} />
        )}
        {dialog !== null && dialog !== 'create' && (
          <CreatedMentorDialog
            created={dialog}
            onDone={() => setDialog(null)}
            onOpen={() => navigate(`/mentors/${dialog.mentor.id}`)}
          />
        )}
      </Modal>
    </>
  );
}

function MentorTable({ items }: { items: Mentor[] }) {
  const { t } = useTranslation();
  return (
    <Paper radius="md" style={{ overflow: 'hidden' }}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="mentors-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('mentors.columns.mentor')}</Table.Th>
            <Table.Th>{t('mentors.columns.expertise')}</Table.Th>
            <Table.Th>{t('mentors.columns.kelurahan')}</Table.Th>
            <Table.Th>{t('mentors.columns.caseload')}</Table.Th>
            <Table.Th>{t('mentors.columns.certificate')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((m) => (
            <LinkRow key={m.id} to={`/mentors/${m.id}`} testId="mentor-row">
              <Table.Td>
                <Anchor component={Link} to={`/mentors/${m.id}`} fw={600} size="sm" c="civic.8">
                  {m.name}
                </Anchor>
                <Group gap={6} mt={2}>
                  <Text size="xs" c="dimmed">
                    {m.institutionName ?? '—'}
                  </Text>
                  {m.disabled && <DisabledBadge />}
                </Group>
              </Table.Td>
              <Table.Td maw={260}>
                <ExpertiseBadges codes={m.expertise} />
              </Table.Td>
              <Table.Td maw={220}>
                <KelurahanList items={m.kelurahan} />
              </Table.Td>
              <Table.Td>
                <CaseloadBar open={m.openCases} cap={m.caseloadCap} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <CertificateBadge state={m.certificateState} until={m.certifiedUntil} />
              </Table.Td>
            </LinkRow>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function DisabledBadge() {
  const { t } = useTranslation();
  return (
    <Badge size="xs" variant="outline" color="gray" radius="sm">
      {t('mentors.disabled')}
    </Badge>
  );
}

/** On a phone: who, whose, the certificate first, then caseload and where. */
function MentorCards({ items }: { items: Mentor[] }) {
  return (
    <Stack gap="sm" data-testid="mentors-cards">
      {items.map((m) => (
        <LinkCard key={m.id} to={`/mentors/${m.id}`} testId="mentor-row">
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text fw={600} c="civic.8" className="break-anywhere">
                {m.name}
              </Text>
              <Text size="xs" c="dimmed" className="break-anywhere">
                {m.institutionName ?? '—'}
              </Text>
              {m.disabled && <DisabledBadge />}
            </Stack>
            <CertificateBadge state={m.certificateState} />
          </Group>
          <Group mt="sm" gap="md" align="flex-start" wrap="nowrap">
            <CaseloadBar open={m.openCases} cap={m.caseloadCap} />
            <div style={{ minWidth: 0 }}>
              <KelurahanList items={m.kelurahan} />
            </div>
          </Group>
          <div style={{ marginTop: 8 }}>
            <ExpertiseBadges codes={m.expertise} />
          </div>
        </LinkCard>
      ))}
    </Stack>
  );
}
