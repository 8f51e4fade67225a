import { AppShell, Burger, Container, Divider, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, matchPath, Outlet, useLocation } from 'react-router';
import { useDeploymentArea } from '../features/areas/areas.api.ts';
import { useCurrentUser } from '../features/auth/auth.api.ts';
import { UserBadge } from '../features/auth/UserBadge.tsx';
import { OfflineBadgeSlot, OfflineStatusSlot } from '../features/offline/OfflineSlots.tsx';
import { Brand } from './Brand.tsx';
import { areaDisplayName } from './format.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { navItemsFor } from './navigation.ts';
import { PageLoader } from './states.tsx';

// The menu and its password dialog need Mantine's popover machinery, which the first paint can do without:
// the header shows who is signed in at once and the menu takes over its place when it has loaded.
const UserMenu = lazy(async () => ({ default: (await import('../features/auth/UserMenu.tsx')).UserMenu }));

/** The signed-in frame: header (brand, deployment area, language, user menu) and role-dependent navigation. */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const deployment = useDeploymentArea();
  const areaName = deployment.data ? areaDisplayName(deployment.data.name) : null;
  const items = navItemsFor(me.role);

  const matches = (to: string) =>
    to === '/' ? location.pathname === '/' : Boolean(matchPath({ path: to, end: false }, location.pathname));
  // One item is lit: the one whose path matches most of the address (/mentoring/outcomes is "Hasil", not
  // also "Pendampingan").
  const activeTo = items
    .map((item) => item.to)
    .filter(matches)
    .sort((a, b) => b.length - a.length)[0];
  const isActive = (to: string) => to === activeTo;

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 264, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <AppShell.Header>
        <Group h="100%" px={{ base: 'sm', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('nav.close') : t('nav.open')}
            />
            <Link to="/" style={{ textDecoration: 'none', color: 'inherit', minWidth: 0 }} onClick={close}>
              <Brand area={areaName} />
            </Link>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <OfflineBadgeSlot />
            <LanguageSwitch />
            <Suspense fallback={<UserBadge />}>
              <UserMenu />
            </Suspense>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('nav.label')}>
        <AppShell.Section grow style={{ overflowY: 'auto' }}>
          {items.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={t(item.label)}
              leftSection={<item.icon size={20} stroke={1.7} />}
              active={isActive(item.to)}
              onClick={close}
              variant="light"
              py="sm"
              style={{ borderRadius: 'var(--mantine-radius-md)' }}
              fw={500}
            />
          ))}
        </AppShell.Section>
        <AppShell.Section>
          <Divider mb="sm" />
          <Text size="xs" c="dimmed" px="xs">
            {t('app.office')}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Container size="xl" px={0}>
          <OfflineStatusSlot />
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
