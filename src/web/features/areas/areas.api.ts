import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Area, AreaLookup } from '../../api/types.ts';

const ONE_HOUR = 60 * 60_000;

/** The city or regency this deployment serves. */
export function useDeploymentArea(enabled = true) {
  return useQuery({
    queryKey: ['areas', 'deployment'],
    queryFn: ({ signal }) => api<Area>('/areas/deployment', { signal }),
    staleTime: ONE_HOUR,
    enabled,
  });
}

/** Kecamatan the signed-in user may see (an area officer: only their own), with kelurahan counts. */
export function useKecamatan(enabled = true) {
  return useQuery({
    queryKey: ['areas', 'kecamatan'],
    queryFn: ({ signal }) => api<Area[]>('/areas/kecamatan', { signal }),
    staleTime: ONE_HOUR,
    enabled,
  });
}

export function useKelurahan(kecamatanCode: string | null | undefined) {
  return useQuery({
    queryKey: ['areas', 'kelurahan', kecamatanCode],
    queryFn: ({ signal }) =>
      api<Area[]>(`/areas/kecamatan/${encodeURIComponent(kecamatanCode!)}/kelurahan`, { signal }),
    staleTime: ONE_HOUR,
    enabled: Boolean(kecamatanCode),
  });
}

/** Any area code, with its ancestors (for breadcrumbs and names). */
export function useArea(code: string | null | undefined) {
  return useQuery({
    queryKey: ['areas', 'lookup', code],
    queryFn: ({ signal }) => api<AreaLookup>(`/areas/${encodeURIComponent(code!)}`, { signal }),
    staleTime: ONE_HOUR,
    enabled: Boolean(code),
  });
}
