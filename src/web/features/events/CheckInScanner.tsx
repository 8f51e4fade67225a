import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconCamera, IconCameraOff } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type CameraState = 'off' | 'starting' | 'on' | 'denied' | 'unavailable';

/**
 * Reads attendees' QR codes with the phone's camera (ZXing, loaded only when the camera is turned on) and
 * hands each decoded code to `onCode`; a code typed by hand takes the same way. A refused camera says so and
 * leaves the typed code and the list.
 */
export function CheckInScanner({ onCode, busy }: { onCode: (code: string) => void; busy: boolean }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const stop = useRef<(() => void) | null>(null);
  const last = useRef<{ code: string; at: number } | null>(null);
  const [camera, setCamera] = useState<CameraState>('off');
  const [typed, setTyped] = useState('');
  const handler = useRef(onCode);
  handler.current = onCode;

  useEffect(() => () => stop.current?.(), []);

  const start = async () => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setCamera('unavailable');
      return;
    }
    setCamera('starting');
    try {
      const { BrowserQRCodeReader } = await import('@zxing/browser');
      const reader = new BrowserQRCodeReader(undefined, { delayBetweenScanAttempts: 250 });
      const controls = await reader.decodeFromConstraints(
        { video: { facingMode: 'environment' } },
        video.current!,
        (result) => {
          if (!result) return;
          const code = result.getText();
          // The same code stays in front of the camera for a while: hand it on once, and again only after it
          // has been out of sight for a few seconds (a second check-in sent while the first is on its way
          // would answer "already checked in" over "checked in" for the person just let in).
          const now = Date.now();
          const seen = last.current;
          last.current = { code, at: now };
          if (seen && seen.code === code && now - seen.at < 3000) return;
          handler.current(code);
        },
      );
      stop.current = () => controls.stop();
      setCamera('on');
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      setCamera(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable');
    }
  };

  return (
    <Stack gap="sm">
      <Group gap="xs">
        {camera === 'on' ? (
          <Button
            variant="default"
            leftSection={<IconCameraOff size={16} />}
            onClick={() => {
              stop.current?.();
              setCamera('off');
            }}
          >
            {t('events.scan.stop')}
          </Button>
        ) : (
          <Button leftSection={<IconCamera size={16} />} loading={camera === 'starting'} onClick={start}>
            {t('events.scan.start')}
          </Button>
        )}
      </Group>
      {camera === 'denied' && (
        <Alert color="orange" title={t('events.scan.deniedTitle')} data-testid="camera-denied">
          {t('events.scan.denied')}
        </Alert>
      )}
      {camera === 'unavailable' && (
        <Alert color="orange" title={t('events.scan.unavailableTitle')}>
          {t('events.scan.unavailable')}
        </Alert>
      )}
      <video
        ref={video}
        muted
        playsInline
        data-testid="scanner-video"
        style={{
          display: camera === 'on' || camera === 'starting' ? 'block' : 'none',
          width: '100%',
          maxWidth: 420,
          borderRadius: 8,
          background: '#000',
        }}
      />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim()) handler.current(typed.trim());
          setTyped('');
        }}
      >
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            label={t('events.scan.manual')}
            placeholder={t('events.scan.manualPlaceholder')}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
          />
          <Button type="submit" variant="light" loading={busy}>
            {t('events.scan.check')}
          </Button>
        </Group>
      </form>
      <Text size="xs" c="dimmed">
        {t('events.scan.hint')}
      </Text>
    </Stack>
  );
}
