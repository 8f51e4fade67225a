import { Button, type ButtonProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download } from '../api/client.ts';
import { errorText } from './error-text.ts';

/** A button that downloads a file the API makes, busy while it comes, with a message if it cannot. */
export function DownloadButton({
  path,
  query,
  children,
  ...props
}: {
  path: string;
  query?: Parameters<typeof download>[1];
  children: ReactNode;
} & ButtonProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="default"
      leftSection={<IconDownload size={16} />}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await download(path, query);
        } catch (error) {
          notifications.show({
            color: 'red',
            title: t('common.downloadFailed'),
            message: errorText(t, error),
          });
        } finally {
          setBusy(false);
        }
      }}
      {...props}
    >
      {children}
    </Button>
  );
}
