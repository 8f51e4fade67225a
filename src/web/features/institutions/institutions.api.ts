import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateInstitutionInput,
  InstitutionDetailDto,
  UpdateInstitutionInput,
} from '../../../server/modules/institutions/institutions.schema.ts';
import type { InstitutionType } from '../../../shared/mentoring.ts';
import { api } from '../../api/client.ts';
import type { Institution, Page } from '../../api/types.ts';

export type InstitutionDetail = InstitutionDetailDto;

/** Every institution (for choosing one). */
export function useInstitutions(enabled = true) {
  return useQuery({
    queryKey: ['institutions'],
    queryFn: ({ signal }) => api<Institution[]>('/institutions', { signal }),
    enabled,
  });
}

export function useInstitutionPage(query: {
  page: number;
  pageSize: number;
  q?: string;
  type?: InstitutionType;
}) {
  return useQuery({
    queryKey: ['institutions', 'list', query],
    queryFn: ({ signal }) => api<Page<Institution>>('/institutions/list', { signal, query: { ...query } }),
    placeholderData: keepPreviousData,
  });
}

export function useInstitution(id: number) {
  return useQuery({
    queryKey: ['institutions', 'one', id],
    queryFn: ({ signal }) => api<InstitutionDetail>(`/institutions/${id}`, { signal }),
    enabled: id > 0,
  });
}

export function useCreateInstitution() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateInstitutionInput) => api<Institution>('/institutions', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['institutions'] }),
  });
}

export function useUpdateInstitution(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateInstitutionInput) =>
      api<InstitutionDetail>(`/institutions/${id}`, { method: 'PATCH', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['institutions'] }),
  });
}
