import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconListSearch, IconUserPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AidProposal, AidProposalQuery } from '../../api/types.ts';
import { access } from '../../components/access.ts';
import { formatDateTime } from '../../components/format.ts';
import {
  AreaFilters,
  LinkCard,
  LinkRow,
  ListPage,
  SelectFilter,
  useListFilters,
} from '../../components/ListPage.tsx';
import { addPageTexts } from '../../i18n/page-texts.ts';
import queueFilterTexts from '../../i18n/parts/queueFilters.id.json';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useAidProposals } from './aid.api.ts';
import {
  AID_STATES,
  businessFieldText,
  REASON_GROUPS,
  reasonShort,
  reasonText,
  StateBadge,
  WARNING_CODES,
} from './labels.tsx';
import { useProgram } from './ProgramPage.tsx';

addPageTexts(queueFilterTexts);

const PAGE_SIZE = 25;
/** Proposals waiting for the caller's own step on the ladder (the work queue on Home links here with it). */
const AWAITING = ['me'] as const;
/** What a proposal may be filtered by: why it is ineligible, or what it still needs. */
const REASON_FILTERS = [
  ...Object.entries(REASON_GROUPS)
    .filter(([, group]) => group === 'ineligible')
    .map(([code]) => code),
  ...Object.keys(WARNING_CODES),
];

/** The program's proposals the user may see (an officer: their area), filtered by the URL. */
export function ProposalsTab() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const program = useProgram();
  const list = useListFilters();
  const query: AidProposalQuery = {
    awaiting: list.oneOf('awaiting', AWAITING),
    q: list.read('q'),
    state: list.oneOf('state', AID_STATES),
    kecamatan: list.read('kecamatan'),
    kelurahan: list.read('kelurahan'),
    reason: list.oneOf('reason', REASON_FILTERS),
  };
  const proposals = useAidProposals(program.code, { ...query, page: list.page, pageSize: PAGE_SIZE });
  const activeFilters = [query.awaiting, query.state, query.kecamatan, query.kelurahan, query.reason].filter(
    Boolean,
  ).length;
  const takesSteps = me.role === 'admin' || me.role === 'area_officer';

  const filters = (
    <>
      {takesSteps && (
        <SelectFilter
          list={list}
          param="awaiting"
          label={t('queueFilters.awaiting')}
          options={AWAITING}
          labelOf={(a) => t(`queueFilters.awaitingOptions.${a}`)}
        />
      )}
      <SelectFilter
        list={list}
        param="state"
        label={t('aid.proposals.filters.state')}
        options={AID_STATES}
        labelOf={(s) => t(`aid.states.${s}`)}
      />
      <AreaFilters list={list} />
      <SelectFilter
        list={list}
        param="reason"
        label={t('aid.proposals.filters.reason')}
        options={REASON_FILTERS}
        labelOf={(code) => reasonText(t, code)}
        comboboxProps={{ width: 'target' }}
      />
    </>
  );

  const entryButton = access.entersAidApplicants(me.role) && (
    <Button
      component={Link}
      to={`/aid/${program.code}/entry`}
      variant="light"
      leftSection={<IconUserPlus size={16} />}
    >
      {t('aid.entry.open')}
    </Button>
  );

  return (
    <ListPage
      list={list}
      searchLabel={t('aid.proposals.filters.search')}
      searchPlaceholder={
        access.seesNik(me.role)
          ? t('aid.proposals.filters.searchPlaceholderNik')
          : t('aid.proposals.filters.searchPlaceholder')
      }
      filters={filters}
      activeFilters={activeFilters}
      actions={entryButton}
      result={proposals}
      pageSize={PAGE_SIZE}
      cardHeight={130}
      table={(items) => <ProposalTable items={items} />}
      cards={(items) => <ProposalCards items={items} />}
      noMatch={{ title: t('aid.proposals.noMatchTitle'), description: t('aid.proposals.noMatch') }}
      empty={{
        icon: <IconListSearch size={28} />,
        title: t('aid.proposals.emptyTitle'),
        description: access.entersAidApplicants(me.role)
          ? t('aid.proposals.empty')
          : t('aid.proposals.emptyReadOnly'),
        action: entryButton,
      }}
    />
  );
}

export const proposalPath = (p: Pick<AidProposal, 'programCode' | 'id'>) =>
  `/aid/${encodeURIComponent(p.programCode)}/proposals/${p.id}`;

/** Why a proposal is not eligible, or what it still needs; otherwise the latest note. */
function Notes({ proposal }: { proposal: AidProposal }) {
  const { t } = useTranslation();
  if (proposal.reasons.length === 0 && proposal.warnings.length === 0) {
    return proposal.lastNote ? (
      <Text size="xs" c="dimmed" lineClamp={2} className="break-anywhere">
        {proposal.lastNote}
      </Text>
    ) : null;
  }
  return (
    <Group gap={4}>
      {proposal.reasons.map((r) => (
        <Badge key={r.code} size="sm" variant="outline" color="red" radius="sm" style={{ maxWidth: '100%' }}>
          {reasonShort(t, r.code, r.message)}
        </Badge>
      ))}
      {proposal.warnings.map((w) => (
        <Badge
          key={w.code}
          size="sm"
          variant="outline"
          color="orange"
          radius="sm"
          style={{ maxWidth: '100%' }}
        >
          {reasonShort(t, w.code, w.message)}
        </Badge>
      ))}
    </Group>
  );
}

function ProposalTable({ items }: { items: AidProposal[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper radius="md" style={{ overflow: 'hidden' }}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="proposals-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('aid.proposals.columns.applicant')}</Table.Th>
            <Table.Th>{t('aid.proposals.columns.area')}</Table.Th>
            <Table.Th>{t('aid.proposals.columns.business')}</Table.Th>
            <Table.Th>{t('aid.proposals.columns.state')}</Table.Th>
            <Table.Th>{t('aid.proposals.columns.notes')}</Table.Th>
            <Table.Th>{t('aid.proposals.columns.updated')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((p) => (
            <LinkRow key={p.id} to={proposalPath(p)} testId="proposal-row">
              <Table.Td>
                <Anchor component={Link} to={proposalPath(p)} fw={600} size="sm" c="civic.8">
                  {p.name}
                </Anchor>
                <Text size="xs" c="dimmed" ff="monospace">
                  {p.nik}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{p.kelurahanName}</Text>
                <Text size="xs" c="dimmed">
                  {p.kecamatanName}
                </Text>
              </Table.Td>
              <Table.Td fz="sm">{businessFieldText(t, p.businessField)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <StateBadge state={p.state} />
              </Table.Td>
              <Table.Td maw={280}>
                <Notes proposal={p} />
              </Table.Td>
              <Table.Td fz="sm">{formatDateTime(p.updatedAt, i18n.language)}</Table.Td>
            </LinkRow>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function ProposalCards({ items }: { items: AidProposal[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid="proposals-cards">
      {items.map((p) => (
        <LinkCard key={p.id} to={proposalPath(p)} testId="proposal-row">
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text fw={600} c="civic.8" className="break-anywhere">
                {p.name}
              </Text>
              <Text size="xs" c="dimmed" ff="monospace">
                {p.nik}
              </Text>
            </Stack>
            <StateBadge state={p.state} />
          </Group>
          <Text size="sm" mt="xs">
            {businessFieldText(t, p.businessField)}
          </Text>
          <Text size="sm" c="dimmed">
            {p.kelurahanName}, {p.kecamatanName}
          </Text>
          <div style={{ marginTop: 6 }}>
            <Notes proposal={p} />
          </div>
        </LinkCard>
      ))}
    </Stack>
  );
}
