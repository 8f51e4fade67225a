import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { AuditEntry, Page } from '../../api/types.ts';

export interface AuditFilter {
  page: number;
  pageSize: number;
  entity?: string;
  action?: string;
  q?: string;
  from?: string;
  to?: string;
}

export function useAuditLog(filter: AuditFilter) {
  return useQuery({
    queryKey: ['audit', 'list', filter],
    queryFn: ({ signal }) => api<Page<AuditEntry>>('/audit', { signal, query: { ...filter } }),
    placeholderData: keepPreviousData,
  });
}

export function useAuditEntities() {
  return useQuery({
    queryKey: ['audit', 'entities'],
    queryFn: ({ signal }) => api<string[]>('/audit/entities', { signal }),
    staleTime: 5 * 60_000,
  });
}
