import { Alert, Anchor, Button, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_VERSION } from '../../../shared/mentoring.ts';
import { isApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/states.tsx';
import { AuthFrame } from '../auth/AuthFrame.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useSignOut } from '../auth/use-sign-out.ts';
import { ConsentText } from './ConsentText.tsx';
import { useAgreeToConsent, useConsent } from './owner.api.ts';

/**
 * Until an owner agrees to the personal-data consent the server refuses everything else (403 ConsentRequired),
 * so this page, in place of the app, is all there is: the text, a box to tick, agree, or sign out.
 */
export function ConsentGatePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const signOut = useSignOut();
  const consent = useConsent();
  const agree = useAgreeToConsent();
  const [read, setRead] = useState(false);
  const agreedBefore = (consent.data?.history.length ?? 0) > 0;

  return (
    <AuthFrame
      footer={
        <Group justify="center">
          <Anchor component="button" type="button" size="sm" onClick={signOut}>
            {t('userMenu.logout')}
          </Anchor>
        </Group>
      }
    >
      <Stack gap="md">
        <Stack gap={4}>
          <Text c="dimmed" size="sm">
            {t('ownerView.greeting', { name: me.name })}
          </Text>
          <Title order={2} fz="h3">
            {t('ownerView.consent.title')}
          </Title>
        </Stack>
        {agreedBefore && (
          <Alert variant="light" color="amber">
            {t('ownerView.consent.changed')}
          </Alert>
        )}
        <ConsentText />
        {isApiError(agree.error, 'ConsentVersionOutdated') ? (
          <Alert variant="light" color="amber" role="alert">
            {t('ownerView.consent.outdated')}{' '}
            <Anchor component="button" type="button" onClick={() => window.location.reload()}>
              {t('common.reload')}
            </Anchor>
          </Alert>
        ) : (
          agree.isError && <ErrorAlert error={agree.error} />
        )}
        <Checkbox
          size="md"
          checked={read}
          onChange={(e) => setRead(e.currentTarget.checked)}
          label={t('ownerView.consent.check')}
          data-testid="consent-check"
        />
        <Button
          size="lg"
          fullWidth
          leftSection={<IconShieldCheck size={20} />}
          disabled={!read}
          loading={agree.isPending}
          onClick={() => agree.mutate(CONSENT_VERSION)}
          data-testid="consent-agree"
        >
          {t('ownerView.consent.agree')}
        </Button>
      </Stack>
    </AuthFrame>
  );
}
