import { Button } from '@mantine/core';
import { IconMapPinOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addPageTexts } from '../i18n/page-texts.ts';
import outOfScopeTexts from '../i18n/parts/outOfScope.id.json';
import { EmptyMessage } from './states.tsx';

addPageTexts(outOfScopeTexts);

/**
 * The one message for a record outside the person's area (a 403 OutOfScope, or a record page's 404 to anyone
 * but the office, whose list hides what lies outside): what it means and the way home, no "try again".
 */
export function OutOfScopeMessage() {
  const { t } = useTranslation();
  return (
    <div data-testid="out-of-scope" role="alert">
      <EmptyMessage
        icon={<IconMapPinOff size={28} />}
        title={t('outOfScope.title')}
        description={t('outOfScope.description')}
        action={
          <Button component={Link} to="/" variant="light">
            {t('common.toHome')}
          </Button>
        }
      />
    </div>
  );
}
