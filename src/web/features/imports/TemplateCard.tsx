import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconFileSpreadsheet } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { saveBlob } from '../../api/client.ts';

/** A file's columns (the required ones filled in) and a CSV template with exactly that header. */
export function TemplateCard({
  columns,
  required,
  fileName,
  explain,
}: {
  columns: readonly string[];
  required: readonly string[];
  fileName: string;
  explain: ReactNode;
}) {
  const { t } = useTranslation();
  const downloadTemplate = () =>
    saveBlob(new Blob([`${columns.join(',')}\r\n`], { type: 'text/csv;charset=utf-8' }), fileName);
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
        <Button
          variant="light"
          leftSection={<IconDownload size={16} />}
          onClick={downloadTemplate}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('imports.template.download')}
        </Button>
      </Stack>
    </Paper>
  );
}
