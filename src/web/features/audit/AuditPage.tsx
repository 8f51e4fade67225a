import {
  ActionIcon,
  Anchor,
  Badge,
  Card,
  Code,
  Collapse,
  Grid,
  Group,
  Paper,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconHistory } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AuditEntry } from '../../api/types.ts';
import { DateField } from '../../components/DateField.tsx';
import { DownloadButton } from '../../components/DownloadButton.tsx';
import { formatDateTime } from '../../components/format.ts';
import { ListPage, SelectFilter, useListFilters } from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useAuditActions, useAuditEntities, useAuditLog } from './audit.api.ts';
import { useAuditLabels } from './labels.ts';

const PAGE_SIZE = 25;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function AuditPage() {
  const { t } = useTranslation();
  const labels = useAuditLabels();
  const list = useListFilters();
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const entities = useAuditEntities();
  const loggedActions = useAuditActions();

  const dateParam = (key: string) => {
    const value = list.read(key);
    return value && DATE.test(value) ? value : undefined;
  };
  const filter = {
    page: list.page,
    pageSize: PAGE_SIZE,
    entity: list.read('entity'),
    action: list.read('action'),
    q: list.read('q'),
    from: dateParam('from'),
    to: dateParam('to'),
  };

  const log = useAuditLog(filter);
  const activeFilters = [filter.entity, filter.action, filter.from, filter.to].filter(Boolean).length;
  const toggle = (id: number) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const actions = [...new Set([...(loggedActions.data ?? []), ...(filter.action ? [filter.action] : [])])];

  const filters = (
    <>
      <SelectFilter
        list={list}
        param="entity"
        label={t('audit.filters.entity')}
        compact
        options={(entities.data ?? []).map((e) => ({ value: e, label: labels.entity(e) }))}
      />
      <SelectFilter
        list={list}
        param="action"
        label={t('audit.filters.action')}
        compact
        options={actions}
        labelOf={(a) => labels.action(a)}
      />
      <Grid.Col span={{ base: 6, md: 3 }}>
        <DateField
          label={t('audit.filters.from')}
          value={filter.from ?? ''}
          max={filter.to}
          onChange={(value) => list.set('from', value)}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <DateField
          label={t('audit.filters.to')}
          value={filter.to ?? ''}
          min={filter.from}
          onChange={(value) => list.set('to', value)}
        />
      </Grid.Col>
    </>
  );

  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.description')} />
      <ListPage
        list={list}
        searchLabel={t('audit.filters.actor')}
        searchPlaceholder={t('audit.filters.actorPlaceholder')}
        filters={filters}
        activeFilters={activeFilters}
        actions={
          <DownloadButton
            path="/audit/export"
            query={{
              format: 'xlsx',
              entity: filter.entity,
              action: filter.action,
              q: filter.q,
              from: filter.from,
              to: filter.to,
            }}
            size="xs"
          >
            {t('audit.exportXlsx')}
          </DownloadButton>
        }
        result={log}
        pageSize={PAGE_SIZE}
        cardHeight={96}
        table={(items) => <AuditTable entries={items} expanded={expanded} onToggle={toggle} />}
        cards={(items) => <AuditCards entries={items} expanded={expanded} onToggle={toggle} />}
        noMatch={{
          icon: <IconHistory size={28} />,
          title: t('audit.noMatchTitle'),
          description: t('audit.noMatch'),
        }}
        empty={{
          icon: <IconHistory size={28} />,
          title: t('audit.emptyTitle'),
          description: t('audit.empty'),
        }}
      />
    </>
  );
}

interface ListProps {
  entries: AuditEntry[];
  expanded: Set<number>;
  onToggle: (id: number) => void;
}

function hasDetails(entry: AuditEntry) {
  return Boolean(entry.oldValues || entry.newValues || entry.requestId || entry.ip);
}

function AuditTable({ entries, expanded, onToggle }: ListProps) {
  const { t, i18n } = useTranslation();
  const labels = useAuditLabels();
  return (
    <Paper radius="md" style={{ overflow: 'hidden' }}>
      <Table verticalSpacing="sm" data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={44} />
            <Table.Th>{t('audit.columns.at')}</Table.Th>
            <Table.Th>{t('audit.columns.actor')}</Table.Th>
            <Table.Th>{t('audit.columns.action')}</Table.Th>
            <Table.Th>{t('audit.columns.entity')}</Table.Th>
            <Table.Th>{t('audit.columns.area')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => {
            const open = expanded.has(entry.id);
            const details = hasDetails(entry);
            return (
              <Fragment key={entry.id}>
                <Table.Tr
                  onClick={details ? () => onToggle(entry.id) : undefined}
                  style={{ cursor: details ? 'pointer' : undefined }}
                  bg={open ? 'civic.0' : undefined}
                >
                  <Table.Td>
                    {details && (
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size="sm"
                        aria-expanded={open}
                        aria-label={open ? t('audit.hideDetails') : t('audit.showDetails')}
                        onClick={(e) => {
                          e.stopPropagation();
                          onToggle(entry.id);
                        }}
                      >
                        {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                      </ActionIcon>
                    )}
                  </Table.Td>
                  <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(entry.at, i18n.language)}
                  </Table.Td>
                  <Table.Td fz="sm">{labels.actor(entry.actorLabel)}</Table.Td>
                  <Table.Td>
                    <ActionBadge action={entry.action} />
                  </Table.Td>
                  <Table.Td fz="sm">
                    <Subject entry={entry} />
                  </Table.Td>
                  <Table.Td fz="sm" c="dimmed">
                    {entry.areaCode ? (entry.areaName ?? entry.areaCode) : '—'}
                  </Table.Td>
                </Table.Tr>
                {open && (
                  <Table.Tr bg="gray.0">
                    <Table.Td />
                    <Table.Td colSpan={5}>
                      <EntryDetails entry={entry} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** What an entry changed: its kind, then the record by name (a link to its page), else by number. */
function Subject({ entry }: { entry: AuditEntry }) {
  const labels = useAuditLabels();
  const kind = labels.entity(entry.entity);
  if (entry.entityName) {
    return (
      <span data-testid="audit-subject">
        {kind}{' '}
        {entry.entityPath ? (
          <Anchor component={Link} to={entry.entityPath} fz="sm">
            {entry.entityName}
          </Anchor>
        ) : (
          <Text span fw={500} fz="sm">
            {entry.entityName}
          </Text>
        )}
      </span>
    );
  }
  return (
    <span data-testid="audit-subject">
      {kind}
      {entry.entityId && (
        <Text span c="dimmed" fz="sm">
          {' '}
          #{entry.entityId}
        </Text>
      )}
    </span>
  );
}

function AuditCards({ entries, expanded, onToggle }: ListProps) {
  const { t, i18n } = useTranslation();
  const labels = useAuditLabels();
  return (
    <Stack gap="sm" data-testid="audit-cards">
      {entries.map((entry) => {
        const open = expanded.has(entry.id);
        const details = hasDetails(entry);
        return (
          <Card key={entry.id} padding="md" radius="md">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={4} style={{ minWidth: 0 }}>
                <Group gap="xs">
                  <ActionBadge action={entry.action} />
                  <Text size="sm" className="break-anywhere">
                    <Subject entry={entry} />
                  </Text>
                </Group>
                <Text size="sm" className="break-anywhere">
                  {labels.actor(entry.actorLabel)}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(entry.at, i18n.language)}
                  {entry.areaCode ? ` · ${entry.areaName ?? entry.areaCode}` : ''}
                </Text>
              </Stack>
              {details && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-expanded={open}
                  aria-label={open ? t('audit.hideDetails') : t('audit.showDetails')}
                  onClick={() => onToggle(entry.id)}
                >
                  {open ? <IconChevronDown size={18} /> : <IconChevronRight size={18} />}
                </ActionIcon>
              )}
            </Group>
            <Collapse expanded={open}>
              <Stack mt="sm">{open && <EntryDetails entry={entry} />}</Stack>
            </Collapse>
          </Card>
        );
      })}
    </Stack>
  );
}

const ACTION_COLORS: Record<string, string> = {
  create: 'teal',
  update: 'civic',
  reset_password: 'orange',
  change_password: 'grape',
  login: 'gray',
  logout: 'gray',
};

function ActionBadge({ action }: { action: string }) {
  const labels = useAuditLabels();
  return (
    <Badge variant="light" radius="sm" color={ACTION_COLORS[action] ?? 'civic'}>
      {labels.action(action)}
    </Badge>
  );
}

/** Fields in the order people read a record; fields the app does not know follow as recorded. */
const FIELD_ORDER = ['name', 'email', 'role', 'area_code', 'institution_id', 'disabled'];
const fieldRank = (field: string) => {
  const i = FIELD_ORDER.indexOf(field);
  return i < 0 ? FIELD_ORDER.length : i;
};

/** Old beside new for every field that changed, then where the request came from. */
function EntryDetails({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const labels = useAuditLabels();
  const fields = [
    ...new Set([...Object.keys(entry.oldValues ?? {}), ...Object.keys(entry.newValues ?? {})]),
  ].sort((a, b) => fieldRank(a) - fieldRank(b));
  const withOld = entry.oldValues !== null;
  const withNew = entry.newValues !== null;
  return (
    <Stack gap="sm" data-testid="audit-details">
      {fields.length > 0 ? (
        <Table.ScrollContainer minWidth={320}>
          <Table withTableBorder withColumnBorders fz="sm" bg="white">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.diff.field')}</Table.Th>
                {withOld && <Table.Th>{t('audit.diff.before')}</Table.Th>}
                {withNew && <Table.Th>{t('audit.diff.after')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.map((field) => (
                <Table.Tr key={field}>
                  <Table.Td fw={500}>{labels.field(field)}</Table.Td>
                  {withOld && (
                    <Table.Td bg="red.0" className="break-anywhere">
                      <Text
                        size="sm"
                        td={withNew ? 'line-through' : undefined}
                        c={withNew ? 'red.9' : undefined}
                      >
                        {labels.value(field, entry.oldValues?.[field])}
                      </Text>
                    </Table.Td>
                  )}
                  {withNew && (
                    <Table.Td bg="teal.0" className="break-anywhere">
                      <Text size="sm" c={withOld ? 'teal.9' : undefined}>
                        {labels.value(field, entry.newValues?.[field])}
                      </Text>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        <Text size="sm" c="dimmed">
          {t('audit.noValues')}
        </Text>
      )}
      <Group gap="lg">
        {entry.ip && (
          <Text size="xs" c="dimmed">
            {t('audit.ip')}: <Code>{entry.ip}</Code>
          </Text>
        )}
        {entry.requestId && (
          <Text size="xs" c="dimmed" className="break-anywhere">
            {t('audit.requestId')}: <Code>{entry.requestId}</Code>
          </Text>
        )}
      </Group>
    </Stack>
  );
}
