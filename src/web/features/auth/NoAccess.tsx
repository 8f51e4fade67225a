import { Button } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyMessage } from '../../components/states.tsx';

export function NoAccess() {
  const { t } = useTranslation();
  return (
    <EmptyMessage
      icon={<IconLock size={28} />}
      title={t('noAccess.title')}
      description={t('noAccess.description')}
      action={
        <Button component={Link} to="/" variant="light">
          {t('common.toHome')}
        </Button>
      }
    />
  );
}
