import {
  Badge,
  Card,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconArrowRight, IconBuildingCommunity, IconMapPin } from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { access } from '../../components/access.ts';
import { areaDisplayName } from '../../components/format.ts';
import { navItemsFor } from '../../components/navigation.ts';
import { PageLoader } from '../../components/states.tsx';
import { useArea, useDeploymentArea } from '../areas/areas.api.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useInstitutions } from '../institutions/institutions.api.ts';
import { ExpiringCertificates } from '../mentors/ExpiringCertificates.tsx';
import { RecoveryHeadline } from '../recovery/RecoveryHeadline.tsx';

// "Menunggu Anda" loads after the first paint: it waits on its own request anyway, and keeps the first load
// within its budget (decision 0007).
const WorkQueueSection = lazy(async () => ({
  default: (await import('../../components/WorkQueueSection.tsx')).WorkQueueSection,
}));

// A business owner's Home is their own businesses (features/owner), loaded only for them.
const OwnerHomePage = lazy(async () => ({
  default: (await import('../owner/OwnerHomePage.tsx')).OwnerHomePage,
}));

export function HomePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  if (me.role === 'business_owner') {
    return (
      <Suspense fallback={<PageLoader />}>
        <OwnerHomePage />
      </Suspense>
    );
  }
  const links = navItemsFor(me.role).filter((item) => item.to !== '/');

  return (
    <Stack gap="lg">
      <Paper
        p={{ base: 'md', sm: 'xl' }}
        radius="lg"
        withBorder={false}
        style={{
          background: 'linear-gradient(135deg, var(--mantine-color-civic-7), var(--mantine-color-civic-9))',
          color: 'var(--mantine-color-white)',
        }}
      >
        <Stack gap="xs">
          <Text size="sm" opacity={0.85}>
            {t('home.greeting')}
          </Text>
          <Title order={1} fz={{ base: 24, sm: 32 }} c="white" className="break-anywhere">
            {t('home.welcome', { name: me.name })}
          </Title>
          <Group gap="xs" mt={4}>
            <Badge color="amber" c="dark" variant="filled" size="lg" radius="sm" data-testid="home-role">
              {t(`roles.${me.role}`)}
            </Badge>
            <Scope />
          </Group>
          <Text size="sm" opacity={0.9} maw={640} mt="xs">
            {t('home.intro')}
          </Text>
        </Stack>
      </Paper>

      <Suspense fallback={<Skeleton height={120} radius="md" />}>
        <WorkQueueSection />
      </Suspense>

      {access.seesRecovery(me.role) && <RecoveryHeadline />}

      {(me.role === 'admin' || me.role === 'institution_admin') && (
        <ExpiringCertificates showInstitution={me.role === 'admin'} />
      )}

      <Stack gap="sm">
        <Title order={2} fz="h4">
          {t('home.quickLinks')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {links.map((item) => (
            <Card
              key={item.to}
              component={Link}
              to={item.to}
              padding="lg"
              radius="md"
              style={{ textDecoration: 'none' }}
            >
              <Group wrap="nowrap" align="flex-start">
                <ThemeIcon size={44} radius="md" variant="light">
                  <item.icon size={24} stroke={1.6} />
                </ThemeIcon>
                <Stack gap={2} style={{ flex: 1 }}>
                  <Group justify="space-between" wrap="nowrap">
                    <Text fw={600}>{t(item.label)}</Text>
                    <IconArrowRight size={16} color="var(--mantine-color-dimmed)" />
                  </Group>
                  <Text size="sm" c="dimmed">
                    {t(item.description)}
                  </Text>
                </Stack>
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      </Stack>
    </Stack>
  );
}

/** Where the user works: an officer's area, an institution member's institution, or the deployment's city. */
function Scope() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const officerArea = useArea(me.role === 'area_officer' ? me.areaCode : null);
  const deployment = useDeploymentArea();
  const inInstitution = me.institutionId != null && (me.role === 'institution_admin' || me.role === 'mentor');
  const institutions = useInstitutions(inInstitution);

  if (inInstitution) {
    const name = institutions.data?.find((i) => i.id === me.institutionId)?.name;
    if (!name) return institutions.isPending ? <Skeleton height={26} width={160} /> : null;
    return (
      <Badge
        color="white"
        variant="outline"
        size="lg"
        radius="sm"
        leftSection={<IconBuildingCommunity size={14} />}
      >
        {name}
      </Badge>
    );
  }
  const area = me.role === 'area_officer' ? officerArea : deployment;
  if (!area.data) return area.isPending ? <Skeleton height={26} width={160} /> : null;
  const label =
    area.data.level === 'district'
      ? t('areas.kecamatanNamed', { name: area.data.name })
      : area.data.level === 'village'
        ? t('areas.kelurahanNamed', { name: area.data.name })
        : areaDisplayName(area.data.name);
  return (
    <Badge
      color="white"
      variant="outline"
      size="lg"
      radius="sm"
      leftSection={<IconMapPin size={14} />}
      data-testid="home-scope"
    >
      {label}
    </Badge>
  );
}
