import { Button, Card, type ComboboxProps, Grid, Group, Paper, Select, Stack, Table } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconCloudOff, IconFilterOff, IconSearch } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ComponentProps, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useKecamatan, useKelurahan } from '../features/areas/areas.api.ts';
import { isOfflineMiss, useOnline } from './online.ts';
import { PaginationBar } from './PaginationBar.tsx';
import { SearchFilters } from './SearchFilters.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from './states.tsx';
import { useTypedFilter, useUrlFilters } from './use-url-filters.ts';

/**
 * What a list page holds besides its rows: the filters in the URL (`read` one, `set` one, `page`), the typed
 * search `q`, whether the screen is wide enough for a table, and a way to clear everything.
 */
export function useListFilters() {
  const filters = useUrlFilters();
  const search = useTypedFilter('q', filters);
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const read = (key: string) => filters.params.get(key) || undefined;
  /** The URL's value when it is one of `values` (a hand-edited URL gets the default instead). */
  const oneOf = <T extends string>(key: string, values: readonly T[]): T | undefined => {
    const value = filters.params.get(key);
    return value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
  };
  const clearAll = () => {
    search.reset();
    filters.clear();
  };
  return { ...filters, search, wide, read, oneOf, clearAll };
}

export type ListFilters = ReturnType<typeof useListFilters>;

interface ListMessage {
  title: string;
  description: string;
  icon?: ReactNode;
  action?: ReactNode;
}

/**
 * The one list page: a search box with further filters (folded on a phone), a bar of actions, then the rows
 * the server sends a page at a time — a table on a wide screen, cards with the key figures first on a phone —
 * with loading, error, "nothing yet" and "nothing matches" states. A module describes its filters, its table
 * and its cards; the rest is the same everywhere.
 */
export function ListPage<T>({
  list,
  searchLabel,
  searchPlaceholder,
  filters,
  activeFilters,
  actions,
  result,
  pageSize,
  table,
  cards,
  empty,
  noMatch,
  cardHeight = 140,
}: {
  list: ListFilters;
  searchLabel: string;
  searchPlaceholder: string;
  /** The further filters, as the columns of a Grid. */
  filters: ReactNode;
  /** How many of them are in use (the search apart), counted on the phone's filter button. */
  activeFilters: number;
  /** Beside "clear filters": downloads, a way to add rows. */
  actions?: ReactNode;
  result: UseQueryResult<{ items: T[]; total: number }>;
  pageSize: number;
  table: (items: T[]) => ReactNode;
  cards: (items: T[]) => ReactNode;
  empty: ListMessage;
  noMatch: ListMessage;
  /** The height of a card's placeholder while the first page loads. */
  cardHeight?: number;
}) {
  const { t } = useTranslation();
  const online = useOnline();
  const filtered = Boolean(list.read('q')) || activeFilters > 0;
  // Offline, a search or filter this device never ran cannot run: say so, never the last results under it.
  const searchOffline =
    filtered && !online && (result.isPlaceholderData || isOfflineMiss(result.error, online));
  const clearButton = (variant: 'subtle' | 'light') => (
    <Button
      variant={variant}
      size={variant === 'subtle' ? 'xs' : undefined}
      leftSection={variant === 'subtle' ? <IconFilterOff size={14} /> : undefined}
      onClick={list.clearAll}
    >
      {t('common.clearFilters')}
    </Button>
  );
  return (
    <Stack gap="md">
      <Paper p="sm" radius="md">
        <Stack gap="sm">
          <SearchFilters
            label={searchLabel}
            placeholder={searchPlaceholder}
            search={list.search}
            activeFilters={activeFilters}
            wide={list.wide}
          >
            <Grid gap="sm">{filters}</Grid>
          </SearchFilters>
          {(actions || filtered) && (
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Group gap="xs">{actions}</Group>
              {filtered && clearButton('subtle')}
            </Group>
          )}
        </Stack>
      </Paper>

      {searchOffline ? (
        <Paper radius="md" px="sm" data-testid="search-offline">
          <EmptyMessage
            icon={<IconCloudOff size={28} />}
            title={t('offline.searchOfflineTitle')}
            description={t('offline.searchOffline')}
            action={clearButton('light')}
          />
        </Paper>
      ) : result.isPending ? (
        <SkeletonRows rows={8} height={list.wide ? 52 : cardHeight} />
      ) : result.isError ? (
        <ErrorAlert error={result.error} onRetry={() => result.refetch()} />
      ) : result.data.items.length === 0 ? (
        <Paper radius="md" px="sm">
          {filtered ? (
            <EmptyMessage
              icon={noMatch.icon ?? <IconSearch size={28} />}
              title={noMatch.title}
              description={noMatch.description}
              action={noMatch.action ?? clearButton('light')}
            />
          ) : (
            <EmptyMessage
              icon={empty.icon}
              title={empty.title}
              description={empty.description}
              action={empty.action}
            />
          )}
        </Paper>
      ) : (
        <div style={{ opacity: result.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
          {list.wide ? table(result.data.items) : cards(result.data.items)}
          <PaginationBar
            page={list.page}
            pageSize={pageSize}
            total={result.data.total}
            onChange={(p) => list.set('page', p > 1 ? String(p) : null)}
          />
        </div>
      )}
    </Stack>
  );
}

/** A table row that opens its record when clicked anywhere but on a link inside it. */
export function LinkRow({ to, testId, children }: { to: string; testId?: string; children: ReactNode }) {
  const navigate = useNavigate();
  return (
    <Table.Tr
      data-testid={testId}
      onClick={(e) => {
        if (!(e.target as HTMLElement).closest('a')) navigate(to);
      }}
      style={{ cursor: 'pointer' }}
    >
      {children}
    </Table.Tr>
  );
}

/** A phone card that opens a record: the whole card is the link (large touch target), styled as a card. */
export function LinkCard({
  to,
  testId,
  padding = 'md',
  children,
}: {
  to: string;
  testId?: string;
  padding?: 'sm' | 'md';
  children: ReactNode;
}) {
  return (
    <Card
      component={Link}
      to={to}
      padding={padding}
      radius="md"
      data-testid={testId}
      style={{ textDecoration: 'none', color: 'inherit' }}
    >
      {children}
    </Card>
  );
}

/** A choice offered by a filter: a code with its label, or a code alone (then `labelOf` names it). */
export type FilterOption<V extends string = string> = V | { value: V; label: string };

/**
 * One drop-down filter held in the URL parameter `param`: "Semua" (cleared, no parameter) or one of `options`.
 * With a `defaultValue` it always has a value (no "Semua") and the default is kept out of the URL. A value the
 * URL names but the options do not (a hand-edited link) shows as nothing chosen. On a phone it takes the whole
 * row, or half of it when `compact` (pages with many filters); on a wide screen a quarter.
 */
export function SelectFilter<V extends string>({
  list,
  param,
  label,
  options,
  labelOf,
  defaultValue,
  placeholder,
  searchable = false,
  disabled = false,
  compact = false,
  onChange,
  testId,
  comboboxProps,
  span,
}: {
  list: ListFilters;
  param: string;
  label: string;
  options: readonly FilterOption<V>[];
  labelOf?: (value: V) => string;
  defaultValue?: string;
  placeholder?: string;
  searchable?: boolean;
  disabled?: boolean;
  compact?: boolean;
  /** Instead of setting `param` alone (a kecamatan also clears the kelurahan). */
  onChange?: (value: string | null) => void;
  testId?: string;
  comboboxProps?: ComboboxProps;
  /** The column's width where the page's row of filters needs another than the usual. */
  span?: ComponentProps<typeof Grid.Col>['span'];
}) {
  const { t } = useTranslation();
  const data = options.map((o): { value: string; label: string } =>
    typeof o === 'string' ? { value: o, label: labelOf ? labelOf(o) : o } : o,
  );
  const raw = list.read(param);
  const value = raw !== undefined && data.some((o) => o.value === raw) ? raw : (defaultValue ?? null);
  const clearable = defaultValue === undefined;
  return (
    <Grid.Col span={span ?? (compact ? { base: 6, md: 3 } : { base: 12, xs: 6, md: 3 })}>
      <Select
        label={label}
        placeholder={placeholder ?? (clearable ? t('common.all') : undefined)}
        clearable={clearable}
        allowDeselect={clearable}
        searchable={searchable}
        nothingFoundMessage={searchable ? t('common.nothingFound') : undefined}
        disabled={disabled}
        data={data}
        value={value}
        onChange={(next) =>
          onChange ? onChange(next) : list.set(param, next === defaultValue ? null : next)
        }
        comboboxProps={comboboxProps}
        data-testid={testId}
      />
    </Grid.Col>
  );
}

/** The kecamatan filter and the kelurahan filter within it (choosing another kecamatan clears the kelurahan). */
export function AreaFilters({ list }: { list: ListFilters }) {
  const { t } = useTranslation();
  const kecamatan = list.read('kecamatan');
  const kecamatanList = useKecamatan();
  const kelurahanList = useKelurahan(kecamatan);
  const areas = (rows: { code: string; name: string }[] | undefined) =>
    (rows ?? []).map((a) => ({ value: a.code, label: a.name }));
  return (
    <>
      <SelectFilter
        list={list}
        param="kecamatan"
        label={t('businesses.filters.kecamatan')}
        searchable
        options={areas(kecamatanList.data)}
        onChange={(value) => list.setMany({ kecamatan: value, kelurahan: null })}
      />
      <SelectFilter
        list={list}
        param="kelurahan"
        label={t('businesses.filters.kelurahan')}
        placeholder={kecamatan ? undefined : t('businesses.filters.chooseKecamatanFirst')}
        searchable
        disabled={!kecamatan}
        options={areas(kelurahanList.data)}
      />
    </>
  );
}
