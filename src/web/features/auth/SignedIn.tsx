import { Center, Container } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Role } from '../../api/types.ts';
import { AppLayout } from '../../components/AppLayout.tsx';
import { ErrorAlert, PageLoader } from '../../components/states.tsx';
import { useCurrentUser, useMe } from './auth.api.ts';
import { NoAccess } from './NoAccess.tsx';

// Seen once per account, so it loads only when needed.
const ForcedPasswordChangePage = lazy(async () => ({
  default: (await import('./ForcedPasswordChangePage.tsx')).ForcedPasswordChangePage,
}));

// Seen once per owner (and again when the text changes), so it loads only when needed.
const ConsentGatePage = lazy(async () => ({
  default: (await import('../owner/ConsentGatePage.tsx')).ConsentGatePage,
}));

/**
 * The gate in front of the app: signed in, no one-time password left to change, and (a business owner) agreed
 * to the personal-data consent.
 */
export function SignedIn() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoader />;
  if (me.isError) {
    return (
      <Container size="sm" py="xl">
        <ErrorAlert error={me.error} onRetry={() => me.refetch()} />
      </Container>
    );
  }
  if (!me.data) {
    const here = location.pathname + location.search;
    const search = here === '/' ? '' : `?next=${encodeURIComponent(here)}`;
    return <Navigate to={`/login${search}`} replace />;
  }
  if (me.data.mustChangePassword) {
    return (
      <Suspense fallback={<PageLoader />}>
        <ForcedPasswordChangePage />
      </Suspense>
    );
  }
  if (me.data.consentRequired) {
    return (
      <Suspense fallback={<PageLoader />}>
        <ConsentGatePage />
      </Suspense>
    );
  }
  return <AppLayout />;
}

/** A page only some roles may open; the server refuses the others anyway. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const me = useCurrentUser();
  if (!roles.includes(me.role)) {
    return (
      <Center>
        <NoAccess />
      </Center>
    );
  }
  return children;
}
