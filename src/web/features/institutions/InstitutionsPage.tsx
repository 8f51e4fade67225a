import '../mentors/texts.ts';
import { Anchor, Badge, Button, Group, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBuildingCommunity, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { INSTITUTION_TYPES } from '../../../shared/mentoring.ts';
import type { Institution } from '../../api/types.ts';
import { LinkCard, LinkRow, ListPage, SelectFilter, useListFilters } from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { InstitutionForm, useInstitutionTypeLabel } from './InstitutionForm.tsx';
import { useInstitutionPage } from './institutions.api.ts';

const PAGE_SIZE = 25;

/** The partner institutions, with their mentors, admins and open cases. */
export function InstitutionsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const list = useListFilters();
  const typeLabel = useInstitutionTypeLabel();
  const [creating, setCreating] = useState(false);
  const type = list.oneOf('type', INSTITUTION_TYPES);
  const institutions = useInstitutionPage({ q: list.read('q'), type, page: list.page, pageSize: PAGE_SIZE });
  const addButton = me.role === 'admin' && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      {t('institutions.add')}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t('institutions.title')}
        description={t('mentors.institutions.description')}
        actions={addButton}
      />
      <ListPage
        list={list}
        searchLabel={t('mentors.institutions.search')}
        searchPlaceholder={t('mentors.institutions.searchPlaceholder')}
        filters={
          <SelectFilter
            list={list}
            param="type"
            label={t('mentors.institutions.type')}
            options={INSTITUTION_TYPES}
            labelOf={(v) => typeLabel(v)}
          />
        }
        activeFilters={type ? 1 : 0}
        result={institutions}
        pageSize={PAGE_SIZE}
        table={(items) => <InstitutionTable items={items} />}
        cards={(items) => <InstitutionCards items={items} />}
        cardHeight={120}
        noMatch={{
          title: t('mentors.institutions.noMatchTitle'),
          description: t('mentors.institutions.noMatch'),
        }}
        empty={{
          icon: <IconBuildingCommunity size={28} />,
          title: t('institutions.emptyTitle'),
          description: t('institutions.empty'),
          action: addButton,
        }}
      />
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('institutions.add')} size="lg">
        <InstitutionForm
          onDone={() => setCreating(false)}
          onSaved={(institution) => {
            notifications.show({
              color: 'teal',
              message: t('institutions.created', { name: institution.name }),
            });
            setCreating(false);
          }}
        />
      </Modal>
    </>
  );
}

function Count({ value, color = 'civic' }: { value: number; color?: string }) {
  return (
    <Badge variant="light" color={value === 0 ? 'gray' : color} radius="sm">
      {value}
    </Badge>
  );
}

function InstitutionTable({ items }: { items: Institution[] }) {
  const { t } = useTranslation();
  const typeLabel = useInstitutionTypeLabel();
  return (
    <Paper radius="md" style={{ overflow: 'hidden' }}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="institutions-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('institutions.name')}</Table.Th>
            <Table.Th>{t('mentors.institutions.kelurahan')}</Table.Th>
            <Table.Th>{t('mentors.institutions.contact')}</Table.Th>
            <Table.Th ta="right">{t('institutions.mentors')}</Table.Th>
            <Table.Th ta="right">{t('mentors.institutions.admins')}</Table.Th>
            <Table.Th ta="right">{t('mentors.institutions.openCases')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <LinkRow key={i.id} to={`/institutions/${i.id}`} testId="institution-row">
              <Table.Td>
                <Anchor component={Link} to={`/institutions/${i.id}`} fw={600} size="sm" c="civic.8">
                  {i.name}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {typeLabel(i.type)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={i.kelurahanName ? undefined : 'dimmed'}>
                  {i.kelurahanName ?? t('mentors.institutions.cityWide')}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{i.contactName ?? '—'}</Text>
                {i.phone && (
                  <Text size="xs" c="dimmed">
                    {i.phone}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">
                <Count value={i.mentors} />
              </Table.Td>
              <Table.Td ta="right">
                <Count value={i.admins} />
              </Table.Td>
              <Table.Td ta="right">
                <Count value={i.openCases} color="teal" />
              </Table.Td>
            </LinkRow>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function InstitutionCards({ items }: { items: Institution[] }) {
  const { t } = useTranslation();
  const typeLabel = useInstitutionTypeLabel();
  return (
    <Stack gap="sm" data-testid="institutions-cards">
      {items.map((i) => (
        <LinkCard key={i.id} to={`/institutions/${i.id}`} testId="institution-row">
          <Text fw={600} c="civic.8" className="break-anywhere">
            {i.name}
          </Text>
          <Text size="xs" c="dimmed">
            {typeLabel(i.type)} · {i.kelurahanName ?? t('mentors.institutions.cityWide')}
          </Text>
          <Group gap="lg" mt="sm">
            <Figure label={t('institutions.mentors')} value={i.mentors} />
            <Figure label={t('mentors.institutions.admins')} value={i.admins} />
            <Figure label={t('mentors.institutions.openCases')} value={i.openCases} />
          </Group>
        </LinkCard>
      ))}
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700}>{value}</Text>
    </Stack>
  );
}
