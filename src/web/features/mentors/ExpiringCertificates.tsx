import './texts.ts';
import { Anchor, Badge, Card, Group, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCertificate } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDay } from '../../components/format.ts';
import { ErrorAlert } from '../../components/states.tsx';
import { DaysLeft } from './MentorBits.tsx';
import { useExpiringCertificates } from './mentors.api.ts';

const SHOWN = 8;

/**
 * Certificates that end within 60 days, soonest first, each linking to its mentor: on the office's Home (every
 * institution), an institution admin's Home and an institution's page (that institution's).
 */
export function ExpiringCertificates({
  institution,
  showInstitution = true,
}: {
  institution?: number;
  showInstitution?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const expiring = useExpiringCertificates(institution);
  const items = expiring.data ?? [];
  return (
    <Card padding="lg" radius="md" data-testid="expiring-certificates">
      <Group gap="sm" wrap="nowrap" align="flex-start" mb="sm">
        <ThemeIcon size={40} radius="md" variant="light" color={items.length > 0 ? 'orange' : 'teal'}>
          <IconCertificate size={22} stroke={1.6} />
        </ThemeIcon>
        <Stack gap={2} style={{ flex: 1 }}>
          <Group gap="xs">
            <Title order={2} fz="h4">
              {t('mentors.expiring.title')}
            </Title>
            {items.length > 0 && (
              <Badge color="orange" variant="filled" radius="sm">
                {items.length}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {t('mentors.expiring.hint')}
          </Text>
        </Stack>
      </Group>
      {expiring.isPending ? (
        <Stack gap="xs">
          <Skeleton height={44} />
          <Skeleton height={44} />
        </Stack>
      ) : expiring.isError ? (
        <ErrorAlert error={expiring.error} onRetry={() => expiring.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('mentors.expiring.empty')}
        </Text>
      ) : (
        <Stack gap={0}>
          {items.slice(0, SHOWN).map((c) => (
            <Group
              key={c.id}
              justify="space-between"
              wrap="nowrap"
              gap="sm"
              py="xs"
              style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
              data-testid="expiring-certificate"
            >
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Anchor
                  component={Link}
                  to={`/mentors/${c.mentorId}`}
                  fw={600}
                  size="sm"
                  className="break-anywhere"
                >
                  {c.mentorName}
                </Anchor>
                <Text size="xs" c="dimmed" className="break-anywhere">
                  {showInstitution && c.institutionName ? `${c.institutionName} · ` : ''}
                  {c.number}
                </Text>
              </Stack>
              <Stack gap={0} align="flex-end" style={{ flexShrink: 0 }}>
                <Badge color={c.daysLeft <= 14 ? 'red' : 'orange'} variant="light" radius="sm">
                  <DaysLeft certificate={c} />
                </Badge>
                <Text size="xs" c="dimmed">
                  {formatDay(c.expiresOn, i18n.language)}
                </Text>
              </Stack>
            </Group>
          ))}
          {items.length > SHOWN && (
            <Anchor component={Link} to="/mentors?certificate=expiring" size="sm" pt="xs">
              {t('mentors.expiring.more', { count: items.length - SHOWN })} · {t('mentors.expiring.seeAll')}
            </Anchor>
          )}
        </Stack>
      )}
    </Card>
  );
}
