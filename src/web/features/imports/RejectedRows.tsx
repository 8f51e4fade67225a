import { Group, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportJob } from '../../api/types.ts';
import { DownloadButton } from '../../components/DownloadButton.tsx';
import { formatNumber } from '../../components/format.ts';

/**
 * The rows an import did not take, as XLSX (the button's label says what they are) or CSV; when the
 * import rejected more rows than it stores, a note says the download holds the first ones only.
 */
export function RejectedRowsDownload({ job, children }: { job: ImportJob; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const capped = job.rejectedRows?.capped ? job.rejectedRows : null;
  return (
    <Stack gap={6}>
      <Group gap="xs">
        <DownloadButton path={`/imports/${job.id}/rejections`} query={{ format: 'xlsx' }}>
          {children}
        </DownloadButton>
        <DownloadButton path={`/imports/${job.id}/rejections`} query={{ format: 'csv' }} variant="subtle">
          CSV
        </DownloadButton>
      </Group>
      {capped && (
        <Text size="xs" c="dimmed" data-testid="rejected-capped">
          {t('imports.summary.rejectedCapped', {
            stored: formatNumber(capped.stored, i18n.language),
            limit: formatNumber(capped.limit, i18n.language),
          })}
        </Text>
      )}
    </Stack>
  );
}

/** Rows per reason: the reason in words beside its count. */
export function ReasonCounts({
  rows,
  testId,
}: {
  rows: readonly { code: string; label: ReactNode; count: string }[];
  testId: string;
}) {
  return (
    <Table withTableBorder fz="sm" data-testid={testId}>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.code} data-code={row.code}>
            <Table.Td>{row.label}</Table.Td>
            <Table.Td ta="right" w={80} fw={600}>
              {row.count}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
