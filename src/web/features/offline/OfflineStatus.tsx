import { Alert, Badge, Button, CloseButton, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconCloudUpload, IconWifiOff, IconX } from '@tabler/icons-react';
import { useMutationState } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { errorText } from '../../components/error-text.ts';
import { formatPeriod } from '../../components/format.ts';
import { useOnline } from '../../components/online.ts';
import { dismissRefused, type RefusedWrite, useRefusedWrites } from './kept.ts';
import { kindOf, type OfflineWrite, type OfflineWriteKind, type TurnoverWrite } from './writes.ts';

interface Waiting {
  kind: OfflineWriteKind;
  write: OfflineWrite;
}

/** The writes kept on the device that the server has not answered yet, oldest first. */
function useWaitingWrites(): Waiting[] {
  return useMutationState({
    filters: { mutationKey: ['offline'], status: 'pending' },
    select: (m) => ({ kind: kindOf(m), write: m.state.variables as OfflineWrite }),
  });
}

// The list opens from the header's badge as well as from the banner.
let listOpen = false;
const openListeners = new Set<() => void>();
function setListOpen(open: boolean) {
  listOpen = open;
  for (const listener of openListeners) listener();
}
function useListOpen() {
  return useSyncExternalStore(
    (listener) => {
      openListeners.add(listener);
      return () => openListeners.delete(listener);
    },
    () => listOpen,
  );
}

/** The header's count of waiting writes; opens the list under the header. */
export function OfflineBadge() {
  const { t } = useTranslation();
  const waiting = useWaitingWrites().length;
  const refused = useRefusedWrites().length;
  if (waiting === 0 && refused === 0) return null;
  const label =
    waiting > 0 ? t('offline.waiting', { count: waiting }) : t('offline.refusedTitle', { count: refused });
  return (
    <UnstyledButton
      onClick={() => {
        setListOpen(true);
        window.scrollTo({ top: 0 });
      }}
      aria-label={label}
      title={label}
      data-testid="offline-badge"
      style={{ flexShrink: 0 }}
    >
      <Badge
        size="lg"
        radius="sm"
        color={waiting > 0 ? 'orange' : 'red'}
        variant="light"
        leftSection={<IconCloudUpload size={16} />}
      >
        {waiting > 0 ? waiting : refused}
      </Badge>
    </UnstyledButton>
  );
}

/**
 * Above every page: the offline banner, the writes waiting to be sent ("Menunggu dikirim (N)", a list that
 * opens) and the writes the server refused with its reason, until the person dismisses them.
 */
export function OfflineStatus() {
  const { t, i18n } = useTranslation();
  const online = useOnline();
  const waiting = useWaitingWrites();
  const refused = useRefusedWrites();
  const open = useListOpen();
  if (online && waiting.length === 0 && refused.length === 0) return null;
  return (
    <Stack gap="xs" mb="md" data-testid="offline-status">
      {!online && (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconWifiOff size={20} />}
          role="status"
          data-testid="offline-banner"
        >
          <Text fw={600} size="sm">
            {t('offline.banner')}
          </Text>
          <Text size="sm">{t('offline.bannerHint')}</Text>
        </Alert>
      )}
      {waiting.length > 0 && (
        <Paper withBorder radius="md" p="xs" data-testid="waiting-writes">
          <Group justify="space-between" gap={4}>
            <Button
              variant="subtle"
              color="orange"
              leftSection={<IconCloudUpload size={18} />}
              onClick={() => setListOpen(!open)}
              aria-expanded={open}
              px="xs"
            >
              {t('offline.waiting', { count: waiting.length })}
            </Button>
            <Text size="xs" c="dimmed" px="xs">
              {online ? t('offline.sending') : t('offline.waitingHint')}
            </Text>
          </Group>
          {open && (
            <Stack gap={4} mt="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
              {waiting.map(({ kind, write }) => (
                <Text component="li" size="sm" key={write.key} px="xs">
                  <b>{kindLabel(t, i18n.language, kind, write)}</b> · {write.label}
                  {'file' in write && write.file ? ` · ${t('offline.withPhoto')}` : ''}
                  <Text span size="xs" c="dimmed">
                    {' '}
                    · {t('offline.savedAt', { time: formatTime(write.savedAt, i18n.language) })}
                  </Text>
                </Text>
              ))}
            </Stack>
          )}
        </Paper>
      )}
      {refused.length > 0 && (
        <Alert
          color="red"
          variant="light"
          icon={<IconX size={20} />}
          title={t('offline.refusedTitle', { count: refused.length })}
          data-testid="refused-writes"
        >
          <Text size="sm" mb="xs">
            {t('offline.refusedHint')}
          </Text>
          <Stack gap="xs">
            {refused.map((r) => (
              <Paper key={r.write.key} p="xs" radius="sm" withBorder data-testid="refused-write">
                <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600}>
                      {kindLabel(t, i18n.language, r.kind, r.write as OfflineWrite)} · {r.write.label}
                    </Text>
                    <Text size="sm">{refusalReason(t, i18n.language, r)}</Text>
                  </Stack>
                  <CloseButton
                    aria-label={t('offline.dismissOne', { label: r.write.label })}
                    onClick={() => void dismissRefused(r.write.key)}
                  />
                </Group>
              </Paper>
            ))}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

function kindLabel(t: TFunction, language: string, kind: OfflineWriteKind, write: OfflineWrite): string {
  if (kind === 'turnover') {
    return t('offline.kinds.turnover', {
      period: formatPeriod((write as TurnoverWrite).period, language, 'long'),
    });
  }
  return t(`offline.kinds.${kind}`);
}

/** The server's reason: its own (Indonesian) sentence where it gave one, else the text for its code. */
function refusalReason(t: TFunction, language: string, refused: RefusedWrite): string {
  if (refused.code === 'OfflineOtherUser') return t('offline.otherUser');
  if (refused.status >= 500) return t('offline.serverError');
  if (language === 'id' && refused.detail) return refused.detail;
  return errorText(t, new ApiError(refused.status, refused.code, refused.detail));
}

function formatTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'id' ? 'id-ID' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}
