import { Group, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { DownloadButton } from '../../components/DownloadButton.tsx';

/** The rows an import did not take, as XLSX (the button's label says what they are) or CSV. */
export function RejectedRowsDownload({ jobId, children }: { jobId: number; children: ReactNode }) {
  return (
    <Group gap="xs">
      <DownloadButton path={`/imports/${jobId}/rejections`} query={{ format: 'xlsx' }}>
        {children}
      </DownloadButton>
      <DownloadButton path={`/imports/${jobId}/rejections`} query={{ format: 'csv' }} variant="subtle">
        CSV
      </DownloadButton>
    </Group>
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
