import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { RecoveryStats, ReportPeriods, Sector, StatGrouping, Trend } from '../../api/types.ts';

/**
 * Months that have turnover reports, oldest first, and the month Home, the dashboard and the business
 * list open on (the server's rule: the newest month with representative reporting).
 */
export function usePeriods(enabled = true) {
  return useQuery({
    queryKey: ['recovery', 'periods'],
    queryFn: ({ signal }) => api<ReportPeriods>('/omzet/periods', { signal }),
    enabled,
  });
}

export interface StatsFilter {
  period: string;
  by: StatGrouping;
  kecamatan?: string;
}

export function useRecoveryStats(filter: StatsFilter | null) {
  return useQuery({
    queryKey: ['recovery', 'stats', filter],
    queryFn: ({ signal }) => api<RecoveryStats>('/omzet/stats', { signal, query: { ...filter! } }),
    enabled: filter !== null,
    placeholderData: keepPreviousData,
  });
}

export interface TrendFilter {
  area?: string;
  sector?: Sector;
}

export function useRecoveryTrend(filter: TrendFilter, enabled = true) {
  return useQuery({
    queryKey: ['recovery', 'trend', filter],
    queryFn: ({ signal }) => api<Trend>('/omzet/trend', { signal, query: { ...filter } }),
    enabled,
    placeholderData: keepPreviousData,
  });
}
