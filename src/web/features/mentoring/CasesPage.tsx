import './texts.ts';
import { Button, Card, Group, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus, IconPresentation, IconWriting } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDay } from '../../components/format.ts';
import { AreaFilters, LinkRow, ListPage, SelectFilter, useListFilters } from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { addPageTexts } from '../../i18n/page-texts.ts';
import queueFilterTexts from '../../i18n/parts/queueFilters.id.json';
import { useCurrentUser } from '../auth/auth.api.ts';
import { type MentoringCase, useCases, useMentorOptions } from './cases.api.ts';
import { CaseStateBadge, formatMinutes, LongTermBadge, mentoringAccess } from './labels.tsx';
import { OpenCaseForm } from './OpenCaseForm.tsx';

addPageTexts(queueFilterTexts);

const PAGE_SIZE = 25;
const STATES = ['open', 'closed'] as const;
/** What a case needs (the work queue on Home links here with it). */
const CASE_NEEDS = ['session', 'follow_up'] as const;

/** The mentoring cases the user may see; for a mentor, their caseload with "record a session" one tap away. */
export function CasesPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const list = useListFilters();
  const picksMentor = mentoringAccess.picksMentor(me.role);
  const mentors = useMentorOptions(picksMentor);
  const [opening, open] = useDisclosure(false);
  const mentorParam = list.read('mentor');
  const query = {
    q: list.read('q'),
    state: list.oneOf('state', STATES),
    mentorId: mentorParam && /^\d+$/.test(mentorParam) ? Number(mentorParam) : undefined,
    kecamatan: list.read('kecamatan'),
    kelurahan: list.read('kelurahan'),
    needs: list.oneOf('needs', CASE_NEEDS),
  };
  const cases = useCases({ ...query, page: list.page, pageSize: PAGE_SIZE });
  const activeFilters = [query.state, query.mentorId, query.kecamatan, query.kelurahan, query.needs].filter(
    Boolean,
  ).length;
  const isMentor = me.role === 'mentor';

  const filters = (
    <>
      <SelectFilter
        list={list}
        param="state"
        label={t('cases.filters.state')}
        options={STATES}
        labelOf={(s) => t(`cases.states.${s}`)}
      />
      <SelectFilter
        list={list}
        param="needs"
        label={t('queueFilters.needs')}
        options={CASE_NEEDS}
        labelOf={(n) => t(`queueFilters.needsOptions.${n}`)}
      />
      {picksMentor && (
        <SelectFilter
          list={list}
          param="mentor"
          label={t('cases.filters.mentor')}
          searchable
          options={(mentors.data ?? []).map((m) => ({ value: String(m.id), label: m.name }))}
        />
      )}
      <AreaFilters list={list} />
    </>
  );

  const recordButton = mentoringAccess.recordsSessions(me.role) && (
    <Button
      component={Link}
      to="/mentoring/sessions/new"
      size={isMentor ? 'lg' : 'sm'}
      leftSection={<IconWriting size={isMentor ? 22 : 16} />}
      data-testid="record-session"
    >
      {t('cases.recordSession')}
    </Button>
  );
  const openButton = mentoringAccess.opensCases(me.role) && (
    <Button variant="light" leftSection={<IconPlus size={16} />} onClick={open.open}>
      {t('cases.openCase')}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t('cases.title')}
        description={isMentor ? t('cases.descriptionMentor') : t('cases.description')}
        actions={
          <>
            {openButton}
            {recordButton}
          </>
        }
      />
      <ListPage
        list={list}
        searchLabel={t('cases.filters.search')}
        searchPlaceholder={t('cases.filters.searchPlaceholder')}
        filters={filters}
        activeFilters={activeFilters}
        result={cases}
        pageSize={PAGE_SIZE}
        cardHeight={110}
        table={(items) => <CaseTable items={items} />}
        cards={(items) => <CaseCards items={items} />}
        noMatch={{ title: t('cases.noMatchTitle'), description: t('cases.noMatch') }}
        empty={{
          icon: <IconPresentation size={28} />,
          title: t('cases.emptyTitle'),
          description: isMentor ? t('cases.emptyMentor') : t('cases.empty'),
          action: openButton || undefined,
        }}
      />
      <Modal opened={opening} onClose={open.close} title={t('cases.open.title')} size="lg">
        <OpenCaseForm onDone={open.close} />
      </Modal>
    </>
  );
}

function CaseTable({ items }: { items: MentoringCase[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper radius="md" style={{ overflow: 'hidden' }}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="cases-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('cases.columns.business')}</Table.Th>
            <Table.Th>{t('cases.columns.area')}</Table.Th>
            <Table.Th>{t('cases.columns.mentor')}</Table.Th>
            <Table.Th>{t('cases.columns.opened')}</Table.Th>
            <Table.Th ta="right">{t('cases.columns.sessions')}</Table.Th>
            <Table.Th>{t('cases.columns.lastSession')}</Table.Th>
            <Table.Th ta="right">{t('cases.columns.credited')}</Table.Th>
            <Table.Th>{t('cases.columns.state')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <LinkRow key={c.id} to={`/mentoring/cases/${c.id}`} testId="case-row">
              <Table.Td>
                <Text fw={600} size="sm" c="civic.8" component={Link} to={`/mentoring/cases/${c.id}`}>
                  {c.businessName}
                </Text>
                {c.longTermClient && (
                  <div>
                    <LongTermBadge />
                  </div>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{c.kelurahanName}</Text>
                <Text size="xs" c="dimmed">
                  {c.kecamatanName}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{c.mentorName}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDay(c.openedOn, i18n.language)}</Text>
              </Table.Td>
              <Table.Td ta="right">{c.sessions}</Table.Td>
              <Table.Td>
                <Text size="sm">{c.lastSessionOn ? formatDay(c.lastSessionOn, i18n.language) : '—'}</Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm">{formatMinutes(t, c.creditedMinutes)}</Text>
              </Table.Td>
              <Table.Td>
                <CaseStateBadge closedOn={c.closedOn} />
              </Table.Td>
            </LinkRow>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function CaseCards({ items }: { items: MentoringCase[] }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  return (
    <Stack gap="sm" data-testid="cases-cards">
      {items.map((c) => (
        <Card key={c.id} padding="md" radius="md" data-testid="case-row">
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Stack
              gap={2}
              style={{ minWidth: 0, textDecoration: 'none', color: 'inherit', flex: 1 }}
              renderRoot={(props) => <Link to={`/mentoring/cases/${c.id}`} {...props} />}
            >
              <Text fw={600} c="civic.8" className="break-anywhere">
                {c.businessName}
              </Text>
              <Text size="sm" c="dimmed">
                {c.kelurahanName}, {c.kecamatanName}
              </Text>
              {me.role !== 'mentor' && <Text size="sm">{c.mentorName}</Text>}
              <Text size="xs" c="dimmed">
                {c.lastSessionOn
                  ? t('cases.lastSessionOn', { date: formatDay(c.lastSessionOn, i18n.language) })
                  : t('cases.noSessionYet')}{' '}
                · {t('cases.sessionsCount', { count: c.sessions })} · {formatMinutes(t, c.creditedMinutes)}
              </Text>
              {c.longTermClient && (
                <Group gap={4}>
                  <LongTermBadge />
                </Group>
              )}
            </Stack>
            {c.closedOn || !mentoringAccess.recordsSessions(me.role) ? (
              <CaseStateBadge closedOn={c.closedOn} />
            ) : (
              <Button
                component={Link}
                to={`/mentoring/sessions/new?caseId=${c.id}`}
                size="md"
                variant="light"
                aria-label={`${t('cases.recordSession')}: ${c.businessName}`}
                style={{ flexShrink: 0 }}
              >
                <IconWriting size={22} />
              </Button>
            )}
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
