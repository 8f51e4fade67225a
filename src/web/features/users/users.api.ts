import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type {
  CreatedUser,
  CreateUserBody,
  Page,
  Role,
  SignInLock,
  UpdateUserBody,
  User,
} from '../../api/types.ts';

export interface UserFilter {
  page: number;
  pageSize: number;
  q?: string;
  role?: Role;
  status?: 'active' | 'disabled';
}

export function useUsers(filter: UserFilter, enabled = true) {
  return useQuery({
    queryKey: ['users', 'list', filter],
    queryFn: ({ signal }) => api<Page<User>>('/users', { signal, query: { ...filter } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['users'] }),
      // Mentor counts change with the accounts of mentors.
      queryClient.invalidateQueries({ queryKey: ['institutions'] }),
    ]);
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: CreateUserBody) => api<CreatedUser>('/users', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UpdateUserBody }) =>
      api<User>(`/users/${id}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

export function useResetPassword() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (id: number) =>
      api<{ oneTimePassword: string }>(`/users/${id}/reset-password`, { method: 'POST' }),
    onSuccess: invalidate,
  });
}

/** Current sign-in locks (admins only). */
export function useSignInLocks(page: number, pageSize: number) {
  return useQuery({
    queryKey: ['sign-in-locks', page, pageSize],
    queryFn: ({ signal }) => api<Page<SignInLock>>('/auth/locks', { signal, query: { page, pageSize } }),
    placeholderData: keepPreviousData,
  });
}

export function useClearSignInLock() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<void>(`/auth/locks/${id}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['sign-in-locks'] }),
  });
}
