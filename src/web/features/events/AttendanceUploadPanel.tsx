import { Alert, Badge, Button, FileButton, Group, Paper, Stack, Switch, Table, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, upload } from '../../api/client.ts';

interface UploadRow {
  rowNumber: number;
  name: string | null;
  phone: string | null;
  email: string | null;
  match: 'phone' | 'email' | 'name' | 'none';
  similarity: number | null;
  accepted: boolean;
  registration: { id: number; name: string; phone: string; checkedIn: boolean } | null;
}
interface AttendanceUpload {
  id: number;
  fileName: string;
  status: 'review' | 'applied' | 'discarded';
  counts: Record<UploadRow['match'], number>;
  rows: UploadRow[];
}

/**
 * An online event's attendance from the webinar tool's report: the file is read, each row matched (phone,
 * then e-mail, then a similar name), and nothing counts until a person has looked and applied it.
 */
export function AttendanceUploadPanel({ eventId }: { eventId: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [current, setCurrent] = useState<AttendanceUpload | null>(null);
  const base = `/events/${eventId}/attendance-uploads`;
  const send = useMutation({
    mutationFn: (file: File) => upload<AttendanceUpload>(base, file, { query: { fileName: file.name } }),
    onSuccess: setCurrent,
  });
  const decide = useMutation({
    mutationFn: (v: { row: number; accepted: boolean }) =>
      api<AttendanceUpload>(`${base}/${current!.id}/rows/${v.row}`, {
        method: 'PUT',
        body: { accepted: v.accepted },
      }),
    onSuccess: setCurrent,
  });
  const finish = useMutation({
    mutationFn: (what: 'apply' | 'discard') =>
      api<AttendanceUpload>(`${base}/${current!.id}/${what}`, { method: 'POST' }),
    onSuccess: (data) => {
      setCurrent(data);
      qc.invalidateQueries({ queryKey: ['events'] });
    },
  });
  const error = send.error ?? decide.error ?? finish.error;
  const accepted = current?.rows.filter((r) => r.accepted).length ?? 0;

  return (
    <Stack>
      <Paper p="md" radius="md">
        <Text size="sm" mb="sm">
          {t('events.upload.lead')}
        </Text>
        <FileButton onChange={(f) => f && send.mutate(f)} accept=".csv,.xlsx,text/csv">
          {(props) => (
            <Button {...props} leftSection={<IconUpload size={16} />} loading={send.isPending}>
              {t('events.upload.choose')}
            </Button>
          )}
        </FileButton>
      </Paper>
      {error && <Alert color="red">{error.message}</Alert>}
      {current && (
        <Paper p="md" radius="md" data-testid="attendance-review">
          <Group justify="space-between" mb="sm">
            <Text fw={600}>
              {current.fileName} · {t(`events.upload.status.${current.status}`)}
            </Text>
            <Group gap="xs">
              {(['phone', 'email', 'name', 'none'] as const).map((k) => (
                <Badge
                  key={k}
                  variant="light"
                  color={k === 'none' ? 'gray' : k === 'name' ? 'yellow' : 'teal'}
                >
                  {t(`events.upload.match.${k}`)}: {current.counts[k]}
                </Badge>
              ))}
            </Group>
          </Group>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('events.upload.row')}</Table.Th>
                  <Table.Th>{t('events.upload.inFile')}</Table.Th>
                  <Table.Th>{t('events.upload.registrant')}</Table.Th>
                  <Table.Th>{t('events.upload.counts')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {current.rows.map((r) => (
                  <Table.Tr key={r.rowNumber}>
                    <Table.Td>{r.rowNumber}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{r.name ?? '—'}</Text>
                      <Text size="xs" c="dimmed">
                        {[r.phone, r.email].filter(Boolean).join(' · ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {r.registration ? (
                        <>
                          <Text size="sm">{r.registration.name}</Text>
                          <Text size="xs" c="dimmed">
                            {t(`events.upload.match.${r.match}`)}
                            {r.similarity !== null ? ` (${Math.round(r.similarity * 100)}%)` : ''}
                          </Text>
                        </>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t('events.upload.noMatch')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Switch
                        aria-label={t('events.upload.accept', { row: r.rowNumber })}
                        checked={r.accepted}
                        disabled={!r.registration || current.status !== 'review'}
                        onChange={(e) =>
                          decide.mutate({ row: r.rowNumber, accepted: e.currentTarget.checked })
                        }
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {current.status === 'review' && (
            <Group justify="flex-end" mt="md">
              <Button variant="subtle" color="gray" onClick={() => finish.mutate('discard')}>
                {t('events.upload.discard')}
              </Button>
              <Button
                onClick={() => finish.mutate('apply')}
                loading={finish.isPending}
                disabled={accepted === 0}
              >
                {t('events.upload.apply', { count: accepted })}
              </Button>
            </Group>
          )}
        </Paper>
      )}
    </Stack>
  );
}
