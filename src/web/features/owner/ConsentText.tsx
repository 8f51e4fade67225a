import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CONSENT_VERSION } from '../../../shared/mentoring.ts';

/**
 * The personal-data consent text (UU 27/2022), in the reader's language. The text in ownerView.*.json is the
 * text of CONSENT_VERSION: change one, bump the other (src/shared/mentoring.ts), and every owner agrees again.
 */
const SECTIONS = ['controller', 'data', 'purpose', 'sharing', 'retention', 'rights'] as const;

export function ConsentText() {
  const { t } = useTranslation();
  return (
    <Stack gap="md" data-testid="consent-text">
      <Text size="sm">{t('ownerView.consent.lead')}</Text>
      {SECTIONS.map((key) => (
        <Stack key={key} gap={4}>
          <Title order={3} fz="md">
            {t(`ownerView.consent.sections.${key}.title`)}
          </Title>
          <Text size="sm" lh={1.6}>
            {t(`ownerView.consent.sections.${key}.body`)}
          </Text>
        </Stack>
      ))}
      <Text size="xs" c="dimmed">
        {t('ownerView.consent.version', { version: CONSENT_VERSION })}
      </Text>
    </Stack>
  );
}
