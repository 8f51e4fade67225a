import {
  Alert,
  Button,
  Group,
  Paper,
  Progress,
  Stack,
  Text,
  ThemeIcon,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconAlertTriangle, IconFileSpreadsheet, IconFileUpload, IconUpload } from '@tabler/icons-react';
import { type DragEvent, type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportJob } from '../../api/types.ts';
import { formatBytes } from '../../components/format.ts';
import { ErrorAlert } from '../../components/states.tsx';
import { useUploadImport } from './imports.api.ts';

const MAX_BYTES = 200 * 1024 * 1024;
const FILE_PATTERN = /\.(csv|xlsx)$/i;

type LocalProblem = 'FileType' | 'FileEmpty' | 'FileTooLarge';

/**
 * Choose (or drop) a CSV/XLSX file, upload it with a progress bar, and hand over the import job the server
 * started. `kind` names the importer; `params` go along in the query (an aid program's code).
 */
export function UploadCard({
  kind,
  params,
  title,
  onStarted,
  children,
}: {
  kind: string;
  params?: Record<string, string>;
  title: ReactNode;
  onStarted: (job: ImportJob) => void;
  /** Shown above the drop zone (what the file is for). */
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<LocalProblem | null>(null);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const uploadFile = useUploadImport();

  const choose = (chosen: File | undefined) => {
    uploadFile.reset();
    if (!chosen) return;
    setProblem(
      !FILE_PATTERN.test(chosen.name)
        ? 'FileType'
        : chosen.size === 0
          ? 'FileEmpty'
          : chosen.size > MAX_BYTES
            ? 'FileTooLarge'
            : null,
    );
    setFile(chosen);
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    choose(e.dataTransfer.files[0]);
  };
  const start = () => {
    if (!file || problem) return;
    setProgress({ sent: 0, total: file.size });
    uploadFile.mutate(
      { kind, file, params, onProgress: (sent, total) => setProgress({ sent, total }) },
      { onSuccess: onStarted, onSettled: () => setProgress(null) },
    );
  };
  const uploading = uploadFile.isPending;

  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" h="100%">
      <Stack gap="sm">
        <Title order={3} fz="h5">
          {title}
        </Title>
        {children}
        <UnstyledButton
          onClick={() => input.current?.click()}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
          disabled={uploading}
          data-testid="drop-zone"
          style={{
            border: `2px dashed var(--mantine-color-${dragging ? 'civic-6' : 'gray-4'})`,
            borderRadius: 'var(--mantine-radius-md)',
            background: dragging ? 'var(--mantine-color-civic-0)' : 'var(--mantine-color-gray-0)',
            padding: 'var(--mantine-spacing-lg)',
            textAlign: 'center',
          }}
        >
          <Stack gap={6} align="center">
            <ThemeIcon size={48} radius="xl" variant="light">
              <IconFileUpload size={26} />
            </ThemeIcon>
            <Text fw={600}>{t('imports.upload.drop')}</Text>
            <Text size="sm" c="dimmed">
              {t('imports.upload.accepts')}
            </Text>
          </Stack>
        </UnstyledButton>
        <input
          ref={input}
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          hidden
          data-testid="file-input"
          onChange={(e) => {
            choose(e.currentTarget.files?.[0]);
            e.currentTarget.value = '';
          }}
        />
        {file && (
          <Group justify="space-between" gap="xs" wrap="nowrap" data-testid="chosen-file">
            <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
              <IconFileSpreadsheet size={20} style={{ flexShrink: 0 }} />
              <Text size="sm" fw={500} className="break-anywhere">
                {file.name}
              </Text>
            </Group>
            <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
              {formatBytes(file.size, i18n.language)}
            </Text>
          </Group>
        )}
        {problem && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {t(`imports.errors.${problem}`)}
          </Alert>
        )}
        {uploadFile.isError && <ErrorAlert error={uploadFile.error} title={t('imports.upload.failed')} />}
        {progress && (
          <Stack gap={4} data-testid="upload-progress">
            <Group justify="space-between">
              <Text size="sm">{t('imports.upload.uploading')}</Text>
              <Text size="sm" c="dimmed">
                {formatBytes(progress.sent, i18n.language)} / {formatBytes(progress.total, i18n.language)}
              </Text>
            </Group>
            <Progress
              value={progress.total ? (100 * progress.sent) / progress.total : 0}
              size="lg"
              radius="xl"
              aria-label={t('imports.upload.uploading')}
            />
          </Stack>
        )}
        <Button
          leftSection={<IconUpload size={16} />}
          onClick={start}
          disabled={!file || problem !== null}
          loading={uploading}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('imports.upload.start')}
        </Button>
      </Stack>
    </Paper>
  );
}
