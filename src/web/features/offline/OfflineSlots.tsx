import { lazy, Suspense } from 'react';

// The banner, the badge and the lists load just after the first paint (the first load has a budget:
// docs/decisions/0007) and draw nothing while there is nothing to say; the service worker keeps their file,
// so they open offline too.
const load = () => import('./OfflineStatus.tsx');
const Status = lazy(async () => ({ default: (await load()).OfflineStatus }));
const Badge = lazy(async () => ({ default: (await load()).OfflineBadge }));

/** Above every page: the offline banner, "Menunggu dikirim (N)" and the writes the server refused. */
export function OfflineStatusSlot() {
  return (
    <Suspense fallback={null}>
      <Status />
    </Suspense>
  );
}

/** In the header: the count of writes waiting to be sent (or refused). */
export function OfflineBadgeSlot() {
  return (
    <Suspense fallback={null}>
      <Badge />
    </Suspense>
  );
}
