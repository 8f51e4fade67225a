import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type {
  AidApplicantBody,
  AidBatch,
  AidEntryResult,
  AidProgram,
  AidProgress,
  AidProposal,
  AidProposalDetail,
  AidProposalQuery,
  AidSummary,
  CreateAidProgramBody,
  Page,
  UpdateAidProgramBody,
} from '../../api/types.ts';

const path = (code: string) => `/aid/programs/${encodeURIComponent(code)}`;

export function useAidPrograms() {
  return useQuery({
    queryKey: ['aid', 'programs'],
    queryFn: ({ signal }) => api<AidProgram[]>('/aid/programs', { signal }),
  });
}

export function useAidProgram(code: string) {
  return useQuery({
    queryKey: ['aid', 'program', code],
    queryFn: ({ signal }) => api<AidProgram>(path(code), { signal }),
    enabled: Boolean(code),
  });
}

/** Proposals by state and kecamatan (the office and area officers). */
export function useAidSummary(code: string, enabled = true) {
  return useQuery({
    queryKey: ['aid', 'summary', code],
    queryFn: ({ signal }) => api<AidSummary>(`${path(code)}/summary`, { signal }),
    enabled,
  });
}

export function useAidProgress(code: string, query: { by: 'kecamatan' | 'kelurahan'; kecamatan?: string }) {
  return useQuery({
    queryKey: ['aid', 'progress', code, query],
    queryFn: ({ signal }) => api<AidProgress>(`${path(code)}/progress`, { signal, query }),
    placeholderData: keepPreviousData,
  });
}

export function useAidProposals(code: string, filter: AidProposalQuery & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['aid', 'proposals', code, filter],
    queryFn: ({ signal }) =>
      api<Page<AidProposal>>(`${path(code)}/proposals`, { signal, query: { ...filter } }),
    placeholderData: keepPreviousData,
  });
}

export function useAidProposal(id: number) {
  return useQuery({
    queryKey: ['aid', 'proposal', id],
    queryFn: ({ signal }) => api<AidProposalDetail>(`/aid/proposals/${id}`, { signal }),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useAidBatches(code: string) {
  return useQuery({
    queryKey: ['aid', 'batches', code],
    queryFn: ({ signal }) => api<AidBatch[]>(`${path(code)}/batches`, { signal }),
  });
}

/** Anything about aid (programs, figures, lists) may change after a write. */
function useInvalidateAid() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['aid'] }),
      // Intake creates owners and businesses in the registry.
      queryClient.invalidateQueries({ queryKey: ['businesses'] }),
    ]);
}

export function useCreateAidProgram() {
  const invalidate = useInvalidateAid();
  return useMutation({
    mutationFn: (body: CreateAidProgramBody) => api<AidProgram>('/aid/programs', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateAidProgram(code: string) {
  const invalidate = useInvalidateAid();
  return useMutation({
    mutationFn: (body: UpdateAidProgramBody) => api<AidProgram>(path(code), { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

export function useEnterApplicant(code: string) {
  const invalidate = useInvalidateAid();
  return useMutation({
    mutationFn: (body: AidApplicantBody) =>
      api<AidEntryResult>(`${path(code)}/proposals`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useCreateBatch(code: string) {
  const invalidate = useInvalidateAid();
  return useMutation({
    mutationFn: (kecamatan: string | null) =>
      api<AidBatch>(`${path(code)}/batches`, {
        method: 'POST',
        body: kecamatan ? { kecamatan } : {},
      }),
    onSuccess: invalidate,
  });
}
