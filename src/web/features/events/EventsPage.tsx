import './texts.ts';
import '../certificates/texts.ts';
import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconCalendarEvent, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EVENT_STATES } from '../../../shared/events.ts';
import { LinkCard, LinkRow, ListPage, SelectFilter, useListFilters } from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { type EventDto, formatWhen, useEventPage } from './events.api.ts';

const PAGE_SIZE = 25;
const WHEN = ['upcoming', 'past'] as const;

export function StateBadge({ state }: { state: EventDto['state'] }) {
  const { t } = useTranslation();
  const color = { draft: 'gray', published: 'teal', cancelled: 'red' }[state];
  return (
    <Badge variant="light" color={color} radius="sm" style={{ flexShrink: 0 }}>
      {t(`events.state.${state}`)}
    </Badge>
  );
}

/** The events the office or an institution runs. */
export function EventsPage() {
  const { t, i18n } = useTranslation();
  const list = useListFilters();
  const state = list.oneOf('state', EVENT_STATES);
  const when = list.oneOf('when', WHEN);
  const events = useEventPage({ q: list.read('q'), state, when, page: list.page, pageSize: PAGE_SIZE });
  const add = (
    <Button component={Link} to="/events/new" leftSection={<IconPlus size={16} />}>
      {t('events.add')}
    </Button>
  );
  const seats = (e: EventDto) => (e.capacity ? `${e.registered}/${e.capacity}` : String(e.registered));
  return (
    <>
      <PageHeader
        title={t('events.title')}
        description={t('events.description')}
        actions={
          <>
            <Button component={Link} to="/certificates" variant="default">
              {t('certificates.title')}
            </Button>
            <Button component={Link} to="/events/report" variant="default">
              {t('events.report.title')}
            </Button>
            {add}
          </>
        }
      />
      <ListPage
        list={list}
        searchLabel={t('events.search')}
        searchPlaceholder={t('events.searchPlaceholder')}
        filters={
          <>
            <SelectFilter
              list={list}
              param="state"
              label={t('events.stateLabel')}
              options={EVENT_STATES}
              labelOf={(v) => t(`events.state.${v}`)}
            />
            <SelectFilter
              list={list}
              param="when"
              label={t('events.when')}
              options={WHEN}
              labelOf={(v) => t(`events.whenOptions.${v}`)}
            />
          </>
        }
        activeFilters={(state ? 1 : 0) + (when ? 1 : 0)}
        result={events}
        pageSize={PAGE_SIZE}
        table={(items) => (
          <Paper radius="md" style={{ overflow: 'hidden' }}>
            <Table highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('events.titleLabel')}</Table.Th>
                  <Table.Th>{t('events.whenLabel')}</Table.Th>
                  <Table.Th>{t('events.organizer')}</Table.Th>
                  <Table.Th ta="right">{t('events.registered')}</Table.Th>
                  <Table.Th ta="right">{t('events.attended')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((e) => (
                  <LinkRow key={e.id} to={`/events/${e.id}`} testId="event-row">
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Anchor component={Link} to={`/events/${e.id}`} fw={600} size="sm" c="civic.8">
                          {e.title}
                        </Anchor>
                        <StateBadge state={e.state} />
                      </Group>
                      <Text size="xs" c="dimmed">
                        {t(`events.type.${e.type}`)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatWhen(e.startsAt, e.endsAt, i18n.language)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{e.organizer}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      {seats(e)}
                      {e.waitlisted > 0 && (
                        <Text size="xs" c="dimmed">
                          {t('events.waitlistedCount', { count: e.waitlisted })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{e.attended}</Table.Td>
                  </LinkRow>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
        cards={(items) => (
          <Stack gap="sm">
            {items.map((e) => (
              <LinkCard key={e.id} to={`/events/${e.id}`} testId="event-card">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Text fw={600}>{e.title}</Text>
                  <StateBadge state={e.state} />
                </Group>
                <Text size="sm" c="dimmed">
                  {formatWhen(e.startsAt, e.endsAt, i18n.language)}
                </Text>
                <Text size="sm">
                  {t('events.registered')}: <b>{seats(e)}</b> · {t('events.attended')}: <b>{e.attended}</b>
                </Text>
              </LinkCard>
            ))}
          </Stack>
        )}
        cardHeight={110}
        noMatch={{ title: t('events.noMatchTitle'), description: t('events.noMatch') }}
        empty={{
          icon: <IconCalendarEvent size={28} />,
          title: t('events.emptyTitle'),
          description: t('events.empty'),
          action: add,
        }}
      />
    </>
  );
}
