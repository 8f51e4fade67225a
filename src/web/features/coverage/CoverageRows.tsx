import './texts.ts';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowsSort, IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { areaDisplayName, formatNumber, formatPercent, formatPeriod } from '../../components/format.ts';
import { type CoverageLevel, type CoverageRow, shareBand } from './coverage.api.ts';

type SortKey =
  | 'name'
  | 'businesses'
  | 'activeCases'
  | 'share'
  | 'online'
  | 'mentors'
  | 'activeMentors'
  | 'sessions30d'
  | 'rollout';

const SORT_VALUE: Record<SortKey, (r: CoverageRow) => number | string> = {
  name: (r) => r.code,
  businesses: (r) => r.businesses,
  activeCases: (r) => r.activeCases,
  share: (r) => r.sharePct ?? -1,
  online: (r) => r.sellingOnlinePct ?? -1,
  mentors: (r) => r.mentors,
  activeMentors: (r) => r.activeMentors,
  sessions30d: (r) => r.sessions30d,
  rollout: (r) => (r.rollout ? r.rollout.progressPct : -1),
};

/** The coverage rows: a sortable table on a wide screen, cards with the key figures first on a phone. */
export function CoverageRows({
  rows,
  level,
  wide,
  onSelect,
}: {
  rows: CoverageRow[];
  level: CoverageLevel;
  wide: boolean;
  onSelect: (row: CoverageRow) => void;
}) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'name', desc: false });
  const sorted = [...rows].sort((a, b) => {
    const x = SORT_VALUE[sort.key](a);
    const y = SORT_VALUE[sort.key](b);
    const order = x < y ? -1 : x > y ? 1 : a.code.localeCompare(b.code);
    return sort.desc ? -order : order;
  });
  if (!wide) {
    return (
      <Stack gap="sm" data-testid="coverage-cards">
        {sorted.map((row) => (
          <RowCard key={row.code} row={row} level={level} onSelect={onSelect} />
        ))}
      </Stack>
    );
  }
  const header = (key: SortKey, label: string, width: string, numeric = true) => {
    const active = sort.key === key;
    const Icon = active ? (sort.desc ? IconChevronDown : IconChevronUp) : IconArrowsSort;
    return (
      <Table.Th
        w={width}
        style={{ textAlign: numeric ? 'right' : 'left', whiteSpace: 'nowrap' }}
        aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : undefined}
      >
        <UnstyledButton
          onClick={() => setSort({ key, desc: active ? !sort.desc : numeric })}
          style={{
            display: 'inline-flex',
            alignItems: 'center',
            gap: 4,
            fontWeight: 600,
            fontSize: 'inherit',
          }}
        >
          {label}
          <Icon size={14} opacity={active ? 1 : 0.4} />
        </UnstyledButton>
      </Table.Th>
    );
  };
  return (
    <Table.ScrollContainer minWidth={900} type="native">
      <Table striped highlightOnHover verticalSpacing="xs" layout="fixed" data-testid="coverage-table">
        <Table.Thead>
          <Table.Tr>
            {header('name', t('coverage.columns.name'), '16%', false)}
            {header('businesses', t('coverage.columns.businesses'), '8%')}
            {header('activeCases', t('coverage.columns.activeCases'), '10%')}
            {header('share', t('coverage.columns.share'), '8%')}
            {header('online', t('coverage.columns.sellingOnline'), '9%')}
            {header('mentors', t('coverage.columns.mentors'), '13%')}
            {header('sessions30d', t('coverage.columns.sessions30d'), '9%')}
            <Table.Th w="12%">{t('coverage.columns.status')}</Table.Th>
            {header('rollout', t('coverage.columns.rollout'), '15%', false)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((row) => (
            <TableRow key={row.code} row={row} level={level} onSelect={onSelect} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function TableRow({
  row,
  level,
  onSelect,
}: {
  row: CoverageRow;
  level: CoverageLevel;
  onSelect: (r: CoverageRow) => void;
}) {
  const { t, i18n } = useTranslation();
  const n = (x: number) => formatNumber(x, i18n.language);
  const band = shareBand(row.sharePct);
  return (
    <Table.Tr
      data-testid="coverage-row"
      data-code={row.code}
      onClick={() => onSelect(row)}
      style={{ cursor: 'pointer' }}
    >
      <Table.Td>
        <Anchor component="button" type="button" size="sm" fw={500} c="inherit" ta="left">
          {areaDisplayName(row.name)}
        </Anchor>
        <Text size="xs" c="dimmed">
          {level === 'kelurahan'
            ? areaDisplayName(row.kecamatanName)
            : t('coverage.priorityKelurahan', { count: row.priorityKelurahan, total: row.kelurahan })}
        </Text>
      </Table.Td>
      <Table.Td ta="right">{n(row.businesses)}</Table.Td>
      <Table.Td ta="right">{n(row.activeCases)}</Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <Badge
          variant="filled"
          color={band.color}
          c={band.text}
          radius="sm"
          styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}
        >
          {row.sharePct === null ? '—' : formatPercent(row.sharePct, i18n.language)}
        </Badge>
      </Table.Td>
      <Table.Td ta="right" data-testid="coverage-online">
        <Text size="sm">{n(row.sellingOnline)}</Text>
        <Text size="xs" c="dimmed">
          {row.sellingOnlinePct === null ? '—' : formatPercent(row.sellingOnlinePct, i18n.language)}
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm">{n(row.mentors)}</Text>
        <Text size="xs" c="dimmed">
          {t('coverage.activeOf', { count: row.activeMentors })} ·{' '}
          {t('coverage.mentorsDetail', { withCases: row.mentorsWithCases, covering: row.mentorsCovering })}
        </Text>
      </Table.Td>
      <Table.Td ta="right">{n(row.sessions30d)}</Table.Td>
      <Table.Td>
        <PriorityBadges row={row} />
      </Table.Td>
      <Table.Td>
        <RolloutCell row={row} />
      </Table.Td>
    </Table.Tr>
  );
}

export function PriorityBadges({ row }: { row: CoverageRow }) {
  const { t } = useTranslation();
  // Whole words: a narrow column wraps a badge rather than cutting it.
  const full = {
    root: { overflow: 'visible', height: 'auto', paddingBlock: 2 },
    label: { overflow: 'visible', whiteSpace: 'normal' as const },
  };
  if (!row.priority) {
    return (
      <Badge color="teal" variant="light" styles={full}>
        {t('coverage.active')}
      </Badge>
    );
  }
  return (
    <Group gap={4}>
      {row.priorityReasons.map((r) => (
        <Badge key={r} color="red" variant="light" styles={full}>
          {t(`coverage.priorityReasons.${r}`)}
        </Badge>
      ))}
    </Group>
  );
}

export function RolloutCell({ row }: { row: CoverageRow }) {
  const { t, i18n } = useTranslation();
  const r = row.rollout;
  if (!r) {
    return (
      <Text size="xs" c="dimmed">
        {t('coverage.noTarget')}
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      <Text size="xs">
        {t('coverage.progress', {
          reached: r.reached,
          target: r.targetBusinesses,
          pct: formatPercent(r.progressPct, i18n.language),
        })}
      </Text>
      <Progress value={Math.min(100, r.progressPct)} color={r.behind ? 'orange' : 'teal'} size="sm" />
      <Text size="xs" c="dimmed">
        {t('coverage.expected', {
          expected: r.expectedNow,
          month: formatPeriod(r.targetMonth, i18n.language),
        })}
      </Text>
      {r.behind && (
        <Badge color="orange" variant="filled" size="xs" w="fit-content">
          {t('coverage.behind')}
        </Badge>
      )}
    </Stack>
  );
}

function RowCard({
  row,
  level,
  onSelect,
}: {
  row: CoverageRow;
  level: CoverageLevel;
  onSelect: (r: CoverageRow) => void;
}) {
  const { t, i18n } = useTranslation();
  const band = shareBand(row.sharePct);
  const figure = (label: string, value: number, share?: number | null) => (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>
        {formatNumber(value, i18n.language)}
        {share != null && (
          <Text span size="xs" c="dimmed" fw={400}>
            {' '}
            ({formatPercent(share, i18n.language)})
          </Text>
        )}
      </Text>
    </Stack>
  );
  return (
    <Card padding="sm" radius="md" withBorder data-testid="coverage-card" data-code={row.code}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text fw={600} truncate>
              {areaDisplayName(row.name)}
            </Text>
            <Text size="xs" c="dimmed">
              {level === 'kelurahan'
                ? areaDisplayName(row.kecamatanName)
                : t('coverage.priorityKelurahan', { count: row.priorityKelurahan, total: row.kelurahan })}
            </Text>
          </Stack>
          <Badge
            variant="filled"
            color={band.color}
            c={band.text}
            size="lg"
            radius="sm"
            style={{ flexShrink: 0 }}
          >
            {row.sharePct === null ? '—' : formatPercent(row.sharePct, i18n.language)}
          </Badge>
        </Group>
        <PriorityBadges row={row} />
        <SimpleGrid cols={3} spacing="xs">
          {figure(t('coverage.columns.businesses'), row.businesses)}
          {figure(t('coverage.columns.activeCases'), row.activeCases)}
          {figure(t('coverage.columns.sessions30d'), row.sessions30d)}
          {figure(t('coverage.columns.mentors'), row.mentors)}
          {figure(t('coverage.columns.activeMentors'), row.activeMentors)}
          {figure(t('coverage.figures.sellingOnline'), row.sellingOnline, row.sellingOnlinePct)}
        </SimpleGrid>
        <RolloutCell row={row} />
        <Button variant="light" size="md" fullWidth onClick={() => onSelect(row)}>
          {t('coverage.details')}
        </Button>
      </Stack>
    </Card>
  );
}
