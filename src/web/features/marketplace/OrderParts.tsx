import { Table, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRupiah } from '../../components/format.ts';
import type { Order } from './market.api.ts';

/** An order's lines and total, as the seller and the officers see them. */
export function OrderLines({ items, total }: { items: Order['items']; total: number }) {
  const { t, i18n } = useTranslation();
  return (
    <Table data-testid="order-items">
      <Table.Tbody>
        {items.map((i) => (
          <Table.Tr key={`${i.productId}-${i.variantId}`}>
            <Table.Td>
              {i.quantity} × {i.name}
              <Text size="xs" c="dimmed">
                @ {formatRupiah(i.unitPrice, i18n.language)}
              </Text>
            </Table.Td>
            <Table.Td ta="right">{formatRupiah(i.lineTotal, i18n.language)}</Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr>
          <Table.Td fw={700}>{t('market.orders.total')}</Table.Td>
          <Table.Td ta="right" fw={700}>
            {formatRupiah(total, i18n.language)}
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

/** Every state the order went through, when, by whom (the seller's name; none for the buyer) and why. */
export function OrderHistory({ events }: { events: Order['events'] }) {
  const { t, i18n } = useTranslation();
  return (
    <Timeline bulletSize={14} lineWidth={2} active={events.length} data-testid="order-history">
      {events.map((e) => (
        <Timeline.Item key={`${e.to}-${e.at}`} title={t(`market.orderStates.${e.to}`)}>
          <Text size="xs" c="dimmed">
            {formatDateTime(e.at, i18n.language)}
            {e.by ? ` · ${e.by}` : ''}
          </Text>
          {e.reason && <Text size="sm">{e.reason}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
