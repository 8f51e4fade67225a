import { onlineManager, QueryClient } from '@tanstack/react-query';
import { ApiError, setSessionProblemHandler } from './client.ts';

export const meQueryKey = ['auth', 'me'] as const;

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Without a connection a read still goes out once: the service worker answers with the copy it kept of
      // what this person last saw; only when it has none does the read fail ("not available offline").
      networkMode: 'offlineFirst',
      // A 4xx answer will not change on a second try; a lost connection or a 5xx might (not while offline).
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) &&
        !(error instanceof ApiError && error.status === 0 && !onlineManager.isOnline()) &&
        failures < 2,
    },
  },
});

// A session that ended sends the user back to the login page (forgetting "me" makes the signed-in layout
// redirect); a password that must be changed first brings up that page (asking "me" again shows it).
setSessionProblemHandler((error) => {
  if (error.status === 401) queryClient.setQueryData(meQueryKey, null);
  else void queryClient.invalidateQueries({ queryKey: meQueryKey });
});
