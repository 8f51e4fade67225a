import { Badge, Card, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconChevronRight, IconMapPin, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { areaDisplayName, formatNumber } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useDeploymentArea, useKecamatan } from './areas.api.ts';

/** The kecamatan the user may see (an area officer only their own), each leading to its kelurahan. */
export function AreasPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const deployment = useDeploymentArea();
  const kecamatan = useKecamatan();
  const [search, setSearch] = useState('');

  const city = deployment.data ? areaDisplayName(deployment.data.name) : '';
  const all = kecamatan.data ?? [];
  const needle = search.trim().toLowerCase();
  const shown = needle
    ? all.filter((a) => a.name.toLowerCase().includes(needle) || a.code.includes(needle))
    : all;
  const kelurahanTotal = all.reduce((sum, a) => sum + (a.children ?? 0), 0);

  return (
    <>
      <PageHeader
        title={t('areas.title')}
        description={
          me.role === 'area_officer' ? t('areas.officerDescription') : t('areas.description', { city })
        }
      />
      {kecamatan.isPending ? (
        <SkeletonRows rows={6} height={72} />
      ) : kecamatan.isError ? (
        <ErrorAlert error={kecamatan.error} onRetry={() => kecamatan.refetch()} />
      ) : all.length === 0 ? (
        <EmptyMessage title={t('areas.emptyTitle')} description={t('areas.emptyDescription')} />
      ) : (
        <Stack gap="md">
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Text size="sm" c="dimmed" data-testid="areas-summary">
              {t('areas.summary', {
                kecamatan: formatNumber(all.length, i18n.language),
                kelurahan: formatNumber(kelurahanTotal, i18n.language),
              })}
            </Text>
            {all.length > 6 && (
              <TextInput
                placeholder={t('areas.searchPlaceholder')}
                aria-label={t('areas.searchPlaceholder')}
                leftSection={<IconSearch size={16} />}
                value={search}
                onChange={(e) => setSearch(e.currentTarget.value)}
                w={{ base: '100%', xs: 280 }}
              />
            )}
          </Group>
          {shown.length === 0 ? (
            <EmptyMessage title={t('areas.noMatchTitle')} description={t('areas.noMatch', { search })} />
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" data-testid="kecamatan-list">
              {shown.map((area) => (
                <Card
                  key={area.code}
                  component={Link}
                  to={`/areas/${area.code}`}
                  padding="md"
                  radius="md"
                  style={{ textDecoration: 'none' }}
                  data-testid="kecamatan-card"
                >
                  <Group justify="space-between" wrap="nowrap" gap="sm">
                    <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                      <IconMapPin
                        size={22}
                        stroke={1.6}
                        color="var(--mantine-color-civic-6)"
                        style={{ flexShrink: 0 }}
                      />
                      <Stack gap={0} style={{ minWidth: 0 }}>
                        <Text fw={600} lh={1.3}>
                          {area.name}
                        </Text>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {area.code}
                        </Text>
                      </Stack>
                    </Group>
                    <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
                      <Badge variant="light" radius="sm">
                        {t('areas.kelurahanCount', { count: area.children ?? 0 })}
                      </Badge>
                      <IconChevronRight size={16} color="var(--mantine-color-dimmed)" />
                    </Group>
                  </Group>
                </Card>
              ))}
            </SimpleGrid>
          )}
        </Stack>
      )}
    </>
  );
}
