import { Button } from '@mantine/core';
import { IconMapOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyMessage } from './states.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <EmptyMessage
      icon={<IconMapOff size={28} />}
      title={t('notFound.title')}
      description={t('notFound.description')}
      action={
        <Button component={Link} to="/" variant="light">
          {t('common.toHome')}
        </Button>
      }
    />
  );
}
