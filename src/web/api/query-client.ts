import { QueryClient } from '@tanstack/react-query';
import { ApiError, setSessionProblemHandler } from './client.ts';

export const meQueryKey = ['auth', 'me'] as const;

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx answer will not change on a second try; a lost connection or a 5xx might.
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
    },
  },
});

// A session that ended sends the user back to the login page (forgetting "me" makes the signed-in layout
// redirect); a password that must be changed first brings up that page (asking "me" again shows it).
setSessionProblemHandler((error) => {
  if (error.status === 401) queryClient.setQueryData(meQueryKey, null);
  else void queryClient.invalidateQueries({ queryKey: meQueryKey });
});
