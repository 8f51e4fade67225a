import { Anchor, Badge, Button, Card, Grid, Group, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconFilterOff, IconListSearch, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { AidProposal, AidProposalQuery, AidState } from '../../api/types.ts';
import { access } from '../../components/access.ts';
import { formatDateTime } from '../../components/format.ts';
import { PaginationBar } from '../../components/PaginationBar.tsx';
import { SearchFilters } from '../../components/SearchFilters.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useTypedFilter, useUrlFilters } from '../../components/use-url-filters.ts';
import { useKecamatan, useKelurahan } from '../areas/areas.api.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useAidProposals } from './aid.api.ts';
import { AID_STATES, REASON_GROUPS, reasonShort, reasonText, StateBadge, WARNING_CODES } from './labels.tsx';
import { useProgram } from './ProgramPage.tsx';

const PAGE_SIZE = 25;
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
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const filters = useUrlFilters();
  const { params, page } = filters;
  const search = useTypedFilter('q', filters);

  const read = (key: string) => params.get(key) || undefined;
  const stateParam = params.get('state');
  const reasonParam = params.get('reason');
  const query: AidProposalQuery = {
    q: read('q'),
    state: AID_STATES.includes(stateParam as AidState) ? (stateParam as AidState) : undefined,
    kecamatan: read('kecamatan'),
    kelurahan: read('kelurahan'),
    reason: reasonParam && REASON_FILTERS.includes(reasonParam) ? reasonParam : undefined,
  };
  const proposals = useAidProposals(program.code, { ...query, page, pageSize: PAGE_SIZE });
  const kecamatanList = useKecamatan();
  const kelurahanList = useKelurahan(query.kecamatan);
  const activeFilters = [query.state, query.kecamatan, query.kelurahan, query.reason].filter(Boolean).length;
  const filtered = Boolean(query.q) || activeFilters > 0;
  const clearAll = () => {
    search.reset();
    filters.clear();
  };

  const moreFilters = (
    <Grid gap="sm">
      <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
        <Select
          label={t('aid.proposals.filters.state')}
          placeholder={t('common.all')}
          clearable
          data={AID_STATES.map((s) => ({ value: s, label: t(`aid.states.${s}`) }))}
          value={query.state ?? null}
          onChange={(value) => filters.set('state', value)}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
        <Select
          label={t('businesses.filters.kecamatan')}
          placeholder={t('common.all')}
          clearable
          searchable
          nothingFoundMessage={t('common.nothingFound')}
          data={(kecamatanList.data ?? []).map((a) => ({ value: a.code, label: a.name }))}
          value={query.kecamatan ?? null}
          onChange={(value) => filters.setMany({ kecamatan: value, kelurahan: null })}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
        <Select
          label={t('businesses.filters.kelurahan')}
          placeholder={query.kecamatan ? t('common.all') : t('businesses.filters.chooseKecamatanFirst')}
          clearable
          searchable
          disabled={!query.kecamatan}
          nothingFoundMessage={t('common.nothingFound')}
          data={(kelurahanList.data ?? []).map((a) => ({ value: a.code, label: a.name }))}
          value={query.kelurahan ?? null}
          onChange={(value) => filters.set('kelurahan', value)}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
        <Select
          label={t('aid.proposals.filters.reason')}
          placeholder={t('common.all')}
          clearable
          data={REASON_FILTERS.map((code) => ({ value: code, label: reasonText(t, code) }))}
          value={query.reason ?? null}
          onChange={(value) => filters.set('reason', value)}
          comboboxProps={{ width: 'target' }}
        />
      </Grid.Col>
    </Grid>
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
    <Stack gap="md">
      <Paper p="sm" radius="md">
        <Stack gap="sm">
          <SearchFilters
            label={t('aid.proposals.filters.search')}
            placeholder={
              access.seesNik(me.role)
                ? t('aid.proposals.filters.searchPlaceholderNik')
                : t('aid.proposals.filters.searchPlaceholder')
            }
            search={search}
            activeFilters={activeFilters}
            wide={wide}
          >
            {moreFilters}
          </SearchFilters>
          {(filtered || entryButton) && (
            <Group justify="space-between" gap="xs">
              <div>{entryButton}</div>
              {filtered && (
                <Button
                  variant="subtle"
                  size="xs"
                  leftSection={<IconFilterOff size={14} />}
                  onClick={clearAll}
                >
                  {t('common.clearFilters')}
                </Button>
              )}
            </Group>
          )}
        </Stack>
      </Paper>

      {proposals.isPending ? (
        <SkeletonRows rows={8} height={wide ? 52 : 130} />
      ) : proposals.isError ? (
        <ErrorAlert error={proposals.error} onRetry={() => proposals.refetch()} />
      ) : proposals.data.items.length === 0 ? (
        <Paper radius="md" px="sm">
          {filtered ? (
            <EmptyMessage
              icon={<IconSearch size={28} />}
              title={t('aid.proposals.noMatchTitle')}
              description={t('aid.proposals.noMatch')}
              action={
                <Button variant="light" onClick={clearAll}>
                  {t('common.clearFilters')}
                </Button>
              }
            />
          ) : (
            <EmptyMessage
              icon={<IconListSearch size={28} />}
              title={t('aid.proposals.emptyTitle')}
              description={
                access.entersAidApplicants(me.role)
                  ? t('aid.proposals.empty')
                  : t('aid.proposals.emptyReadOnly')
              }
              action={entryButton}
            />
          )}
        </Paper>
      ) : (
        <div style={{ opacity: proposals.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
          {wide ? (
            <ProposalTable items={proposals.data.items} />
          ) : (
            <ProposalCards items={proposals.data.items} />
          )}
          <PaginationBar
            page={page}
            pageSize={PAGE_SIZE}
            total={proposals.data.total}
            onChange={(p) => filters.set('page', p > 1 ? String(p) : null)}
          />
        </div>
      )}
    </Stack>
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
  const navigate = useNavigate();
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
            <Table.Tr
              key={p.id}
              data-testid="proposal-row"
              onClick={(e) => {
                if (!(e.target as HTMLElement).closest('a')) navigate(proposalPath(p));
              }}
              style={{ cursor: 'pointer' }}
            >
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
              <Table.Td fz="sm">{p.businessField}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <StateBadge state={p.state} />
              </Table.Td>
              <Table.Td maw={280}>
                <Notes proposal={p} />
              </Table.Td>
              <Table.Td fz="sm">{formatDateTime(p.updatedAt, i18n.language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function ProposalCards({ items }: { items: AidProposal[] }) {
  return (
    <Stack gap="sm" data-testid="proposals-cards">
      {items.map((p) => (
        <Card
          key={p.id}
          component={Link}
          to={proposalPath(p)}
          padding="md"
          radius="md"
          data-testid="proposal-row"
          style={{ textDecoration: 'none', color: 'inherit' }}
        >
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
            {p.businessField}
          </Text>
          <Text size="sm" c="dimmed">
            {p.kelurahanName}, {p.kecamatanName}
          </Text>
          <div style={{ marginTop: 6 }}>
            <Notes proposal={p} />
          </div>
        </Card>
      ))}
    </Stack>
  );
}
