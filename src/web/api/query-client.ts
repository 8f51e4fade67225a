import { QueryClient } from '@tanstack/react-query';
import { ApiError, setUnauthorizedHandler } from './client.ts';

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

// A session that ended (expired, signed out elsewhere, password reset) sends the user back to the login page:
// forgetting "me" makes the signed-in layout redirect.
setUnauthorizedHandler(() => {
  queryClient.setQueryData(meQueryKey, null);
});
