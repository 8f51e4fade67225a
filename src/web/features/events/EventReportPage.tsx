import './texts.ts';
import { Anchor, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReportLineDto } from '../../../server/modules/events/events.schema.ts';
import { DownloadButton } from '../../components/DownloadButton.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SummaryFigure } from '../../components/SummaryFigure.tsx';
import { ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useEventReport } from './events.api.ts';

const pct = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

function Lines({ title, lines, testId }: { title: string; lines: ReportLineDto[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <Paper p="md" radius="md">
      <Title order={3} fz="h5" mb="sm">
        {title}
      </Title>
      {lines.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('events.report.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={360}>
          <Table verticalSpacing={6} data-testid={testId}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('events.report.name')}</Table.Th>
                <Table.Th ta="right">{t('events.registered')}</Table.Th>
                <Table.Th ta="right">{t('events.attended')}</Table.Th>
                <Table.Th ta="right">{t('events.noShow')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((l) => (
                <Table.Tr key={l.key}>
                  <Table.Td>{l.label}</Table.Td>
                  <Table.Td ta="right">{l.registered}</Table.Td>
                  <Table.Td ta="right">{l.attended}</Table.Td>
                  <Table.Td ta="right">{pct(l.noShowRate)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

/** Who came: registered against attended for the events that are over, by event, kecamatan and sector. */
export function EventReportPage() {
  const { t } = useTranslation();
  const report = useEventReport();
  return (
    <>
      <PageHeader
        above={
          <Anchor component={Link} to="/events" size="sm">
            ← {t('events.title')}
          </Anchor>
        }
        title={t('events.report.title')}
        description={t('events.report.description')}
        actions={
          <DownloadButton path="/events/report.xlsx" variant="default">
            {t('events.reportXlsx')}
          </DownloadButton>
        }
      />
      {report.isPending ? (
        <SkeletonRows rows={4} height={80} />
      ) : report.isError ? (
        <ErrorAlert error={report.error} onRetry={() => report.refetch()} />
      ) : (
        <Stack>
          <SimpleGrid cols={{ base: 2, sm: 3 }}>
            <SummaryFigure
              color="civic.8"
              label={t('events.registered')}
              value={String(report.data.total.registered)}
            />
            <SummaryFigure
              color="teal.8"
              label={t('events.attended')}
              value={String(report.data.total.attended)}
            />
            <SummaryFigure
              color="red.8"
              label={t('events.noShow')}
              value={pct(report.data.total.noShowRate)}
            />
          </SimpleGrid>
          <Lines title={t('events.report.byEvent')} lines={report.data.byEvent} testId="report-by-event" />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Lines
              title={t('events.report.byKecamatan')}
              lines={report.data.byKecamatan}
              testId="report-by-kecamatan"
            />
            <Lines
              title={t('events.report.bySector')}
              lines={report.data.bySector}
              testId="report-by-sector"
            />
          </SimpleGrid>
        </Stack>
      )}
    </>
  );
}
