import { Badge, Button, Code, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconFileSpreadsheet } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateKind } from '../../../shared/import-columns.ts';
import { SECTORS } from '../../../shared/sectors.ts';
import { saveBlob } from '../../api/client.ts';
import { DownloadButton } from '../../components/DownloadButton.tsx';

/**
 * A file's columns (the required ones filled in), how the coded cells are written, and its template: for
 * the kinds the server knows, with an example row, as CSV and XLSX; otherwise a CSV with just the header.
 */
export function TemplateCard({
  columns,
  required,
  fileName,
  explain,
  kind,
}: {
  columns: readonly string[];
  required: readonly string[];
  fileName: string;
  explain: ReactNode;
  kind?: TemplateKind;
}) {
  const { t } = useTranslation();
  const headerOnly = () =>
    saveBlob(new Blob([`${columns.join(',')}\r\n`], { type: 'text/csv;charset=utf-8' }), fileName);
  const hasSector = columns.includes('sektor');
  const hasKelurahan = columns.some((c) => c === 'kode_kelurahan' || c === 'kode_kelurahan_ktp');
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" h="100%">
      <Stack gap="sm">
        <Group gap="xs" wrap="nowrap">
          <IconFileSpreadsheet size={20} color="var(--mantine-color-civic-7)" />
          <Title order={3} fz="h5">
            {t('imports.template.title')}
          </Title>
        </Group>
        <Text size="sm" c="dimmed" component="div">
          {explain}
        </Text>
        <Group gap={6} data-testid="template-columns">
          {columns.map((column) => (
            <Badge
              key={column}
              variant={required.includes(column) ? 'filled' : 'light'}
              color="civic"
              radius="sm"
              ff="monospace"
              fw={500}
            >
              {column}
            </Badge>
          ))}
        </Group>
        <Text size="xs" c="dimmed">
          {t('imports.template.legend')}
        </Text>
        {(hasSector || hasKelurahan) && (
          <List size="sm" spacing={6} data-testid="template-values">
            {hasSector && (
              <List.Item>
                <Text size="sm" span>
                  {t('imports.template.sectors')}{' '}
                </Text>
                {SECTORS.map((sector, i) => (
                  <span key={sector}>
                    <Code>{sector}</Code>
                    {i < SECTORS.length - 1 ? ', ' : ''}
                  </span>
                ))}
              </List.Item>
            )}
            {hasKelurahan && (
              <List.Item>
                <Text size="sm" span>
                  {t('imports.template.kelurahanCode')}
                </Text>
              </List.Item>
            )}
          </List>
        )}
        {kind ? (
          <Group gap="xs">
            <DownloadButton path={`/imports/templates/${kind}`} query={{ format: 'xlsx' }} variant="light">
              {t('imports.template.downloadXlsx')}
            </DownloadButton>
            <DownloadButton path={`/imports/templates/${kind}`} query={{ format: 'csv' }} variant="default">
              {t('imports.template.download')}
            </DownloadButton>
          </Group>
        ) : (
          <Button
            variant="light"
            leftSection={<IconDownload size={16} />}
            onClick={headerOnly}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('imports.template.download')}
          </Button>
        )}
        {kind && (
          <Text size="xs" c="dimmed">
            {t('imports.template.exampleRow')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
