import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconRosetteDiscountCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { OWN_CHANNEL } from '../../../shared/marketplace.ts';
import { formatNumber, formatPeriod, formatRupiah } from '../../components/format.ts';
import { useBusinessMarket } from './market.api.ts';
import { ShopStateBadge } from './parts.tsx';

/**
 * Beside the self-reported turnover: where the business sells online and its verified marketplace sales per
 * month (completed orders of its shop), which no self-report can inflate.
 */
export function BusinessMarketSection({ businessId }: { businessId: number }) {
  const { t, i18n } = useTranslation();
  const market = useBusinessMarket(businessId);
  if (!market.data) return null;
  const { shop, channels, sales } = market.data;
  const recent = sales.slice(-6).reverse();
  return (
    <Paper radius="md" p="md" data-testid="business-market">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4">
          {t('market.business.title')}
        </Title>
        {shop && (
          <Group gap="xs">
            <Text size="sm">{shop.name}</Text>
            <ShopStateBadge state={shop.state} />
          </Group>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            {t('market.business.channels')}
          </Text>
          {channels.length === 0 ? (
            <Text size="sm">{t('market.business.noChannels')}</Text>
          ) : (
            <Group gap={4} data-testid="online-channels">
              {channels.map((c) => (
                <Badge
                  key={c.channel}
                  variant="light"
                  color={c.channel === OWN_CHANNEL ? 'civic' : 'gray'}
                  radius="sm"
                >
                  {c.channel === OWN_CHANNEL ? t('market.business.ownChannel') : c.channel}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>
        <Stack gap={4}>
          <Group gap={4}>
            <IconRosetteDiscountCheck size={16} color="var(--mantine-color-teal-7)" />
            <Text size="sm" c="dimmed">
              {t('market.business.verifiedSales')}
            </Text>
          </Group>
          {recent.length === 0 ? (
            <Text size="sm">{t('market.business.noSales')}</Text>
          ) : (
            <Table verticalSpacing={4} data-testid="verified-sales">
              <Table.Tbody>
                {recent.map((s) => (
                  <Table.Tr key={s.period}>
                    <Table.Td>{formatPeriod(s.period, i18n.language, 'long')}</Table.Td>
                    <Table.Td ta="right">
                      {t('market.business.orders', {
                        count: s.orders,
                        n: formatNumber(s.orders, i18n.language),
                      })}
                    </Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {formatRupiah(s.amount, i18n.language)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </SimpleGrid>
    </Paper>
  );
}
