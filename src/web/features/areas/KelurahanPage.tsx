import { Anchor, Breadcrumbs, Paper, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useArea, useKelurahan } from './areas.api.ts';

/** The kelurahan of one kecamatan (an officer of one kelurahan sees only theirs). */
export function KelurahanPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const kecamatan = useArea(code);
  const kelurahan = useKelurahan(code);
  const name = kecamatan.data?.name ?? code;

  return (
    <>
      <PageHeader
        above={
          <Breadcrumbs separatorMargin={6} fz="sm">
            <Anchor component={Link} to="/areas" size="sm">
              {t('areas.title')}
            </Anchor>
            <Text size="sm">{name}</Text>
          </Breadcrumbs>
        }
        title={t('areas.kecamatanNamed', { name })}
        description={
          kelurahan.data ? t('areas.kelurahanCountLong', { count: kelurahan.data.length, code }) : code
        }
      />
      {kelurahan.isPending ? (
        <SkeletonRows rows={8} />
      ) : kelurahan.isError ? (
        <ErrorAlert error={kelurahan.error} onRetry={() => kelurahan.refetch()} />
      ) : kelurahan.data.length === 0 ? (
        <EmptyMessage title={t('areas.noKelurahanTitle')} description={t('areas.noKelurahan')} />
      ) : (
        <Paper radius="md" style={{ overflow: 'hidden' }}>
          <Table striped highlightOnHover verticalSpacing="sm" data-testid="kelurahan-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={48}>{t('common.number')}</Table.Th>
                <Table.Th>{t('areas.kelurahan')}</Table.Th>
                <Table.Th>{t('areas.code')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {kelurahan.data.map((area, i) => (
                <Table.Tr key={area.code}>
                  <Table.Td c="dimmed">{i + 1}</Table.Td>
                  <Table.Td fw={500}>{area.name}</Table.Td>
                  <Table.Td ff="monospace" fz="sm" c="dimmed">
                    {area.code}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </>
  );
}
