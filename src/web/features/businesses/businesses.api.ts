import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type {
  Business,
  BusinessItem,
  BusinessQuery,
  CreateBusinessBody,
  OmzetReport,
  Owner,
  OwnerLookup,
  Page,
  TimelineEvent,
  UpdateBusinessBody,
} from '../../api/types.ts';

export type BusinessPage = Page<BusinessItem> & { period: string | null };

export function useBusinesses(filter: BusinessQuery & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['businesses', 'list', filter],
    queryFn: ({ signal }) => api<BusinessPage>('/businesses', { signal, query: { ...filter } }),
    placeholderData: keepPreviousData,
  });
}

export function useBusiness(id: number) {
  return useQuery({
    queryKey: ['businesses', 'one', id],
    queryFn: ({ signal }) => api<Business>(`/businesses/${id}`, { signal }),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useTimeline(id: number) {
  return useQuery({
    queryKey: ['businesses', 'timeline', id],
    queryFn: ({ signal }) => api<TimelineEvent[]>(`/businesses/${id}/timeline`, { signal }),
  });
}

export function useOmzetReports(id: number) {
  return useQuery({
    queryKey: ['businesses', 'omzet', id],
    queryFn: ({ signal }) => api<OmzetReport[]>(`/businesses/${id}/omzet`, { signal }),
  });
}

/** Is this NIK registered? Asked while the create form is typed, only for a NIK that looks whole. */
export function useOwnerLookup(nik: string | null) {
  return useQuery({
    queryKey: ['owners', 'lookup', nik],
    queryFn: ({ signal }) => api<OwnerLookup>('/owners/lookup', { signal, query: { nik: nik! } }),
    enabled: Boolean(nik),
    staleTime: 0,
  });
}

/** Everything that shows registry figures: lists, details and the recovery dashboard. */
function useInvalidateRegistry() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['businesses'] }),
      queryClient.invalidateQueries({ queryKey: ['owners'] }),
      queryClient.invalidateQueries({ queryKey: ['recovery'] }),
    ]);
}

export function useCreateBusiness() {
  const invalidate = useInvalidateRegistry();
  return useMutation({
    mutationFn: (body: CreateBusinessBody) => api<Business>('/businesses', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateBusiness(id: number) {
  const invalidate = useInvalidateRegistry();
  return useMutation({
    mutationFn: (body: UpdateBusinessBody) => api<Business>(`/businesses/${id}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

export function useSetArchived(id: number) {
  const invalidate = useInvalidateRegistry();
  return useMutation({
    mutationFn: (archived: boolean) =>
      api<Business>(`/businesses/${id}/${archived ? 'archive' : 'unarchive'}`, { method: 'POST' }),
    onSuccess: invalidate,
  });
}

export function useMergeOwners() {
  const invalidate = useInvalidateRegistry();
  return useMutation({
    mutationFn: ({ fromId, intoId }: { fromId: number; intoId: number }) =>
      api<Owner>(`/owners/${fromId}/merge`, { method: 'POST', body: { intoOwnerId: intoId } }),
    onSuccess: invalidate,
  });
}
