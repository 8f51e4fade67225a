import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client.ts';
import { meQueryKey } from '../../api/query-client.ts';
import type { Me } from '../../api/types.ts';
import { forgetReads } from '../offline/read-cache.ts';

/** The signed-in user, or null when nobody is. */
export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: async ({ signal }) => {
      try {
        return await api<Me>('/auth/me', { signal, unauthenticatedIsExpected: true });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

/** The signed-in user inside the signed-in layout, where they are known to exist. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside the signed-in layout');
  return data;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      api<Me>('/auth/login', { method: 'POST', body, unauthenticatedIsExpected: true }),
    onSuccess: (me) => {
      // Nothing cached for an earlier session may show to this one, offline either.
      void forgetReads();
      queryClient.removeQueries();
      queryClient.setQueryData(meQueryKey, me);
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api<void>('/auth/password', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}
