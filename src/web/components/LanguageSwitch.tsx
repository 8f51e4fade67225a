import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type Language, setLanguage } from '../i18n/index.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      radius="xl"
      value={i18n.language}
      onChange={(value) => void setLanguage(value as Language)}
      aria-label={t('language.label')}
      data={[
        { value: 'id', label: <span title={t('language.id')}>ID</span> },
        { value: 'en', label: <span title={t('language.en')}>EN</span> },
      ]}
    />
  );
}
