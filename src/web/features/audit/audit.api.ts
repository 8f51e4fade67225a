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

/** The entity or action names the log holds, for the filters. */
function useAuditValues(column: 'entities' | 'actions') {
  return useQuery({
    queryKey: ['audit', column],
    queryFn: ({ signal }) => api<string[]>(`/audit/${column}`, { signal }),
    staleTime: 5 * 60_000,
  });
}

export const useAuditEntities = () => useAuditValues('entities');
export const useAuditActions = () => useAuditValues('actions');
