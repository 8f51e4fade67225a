import { Alert, Paper, Stack, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { ConsentText } from './ConsentText.tsx';
import { useConsent } from './owner.api.ts';

/** The consent text again, from the owner's menu, with when they agreed. */
export function ConsentPage() {
  const { t, i18n } = useTranslation();
  const consent = useConsent();
  return (
    <Stack gap="md" maw={720}>
      <PageHeader title={t('ownerView.consent.title')} />
      {consent.isPending ? (
        <SkeletonRows rows={2} height={48} />
      ) : consent.isError ? (
        <ErrorAlert error={consent.error} onRetry={() => consent.refetch()} />
      ) : (
        consent.data.agreedAt && (
          <Alert
            color="teal"
            variant="light"
            icon={<IconShieldCheck size={20} />}
            data-testid="consent-agreed"
          >
            {t('ownerView.consent.agreedAt', {
              version: consent.data.version,
              date: formatDateTime(consent.data.agreedAt, i18n.language),
            })}
            {consent.data.history
              .filter((h) => h.version !== consent.data.version)
              .map((h) => (
                <Text key={h.version} size="xs" c="dimmed" mt={4}>
                  {t('ownerView.consent.earlier', {
                    version: h.version,
                    date: formatDateTime(h.agreedAt, i18n.language),
                  })}
                </Text>
              ))}
          </Alert>
        )
      )}
      <Paper p={{ base: 'md', sm: 'lg' }} radius="md">
        <ConsentText />
      </Paper>
    </Stack>
  );
}
