import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Institution } from '../../api/types.ts';

export function useInstitutions(enabled = true) {
  return useQuery({
    queryKey: ['institutions'],
    queryFn: ({ signal }) => api<Institution[]>('/institutions', { signal }),
    enabled,
  });
}

export function useCreateInstitution() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string }) => api<Institution>('/institutions', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['institutions'] }),
  });
}
