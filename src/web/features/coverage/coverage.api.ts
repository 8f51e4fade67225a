import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CoverageDto,
  CoverageLevel,
  CoverageRowDto,
} from '../../../server/modules/mentoring/coverage.schema.ts';
import type { RolloutInput, RolloutTargetDto } from '../../../server/modules/mentoring/rollout.schema.ts';
import { api } from '../../api/client.ts';

export type Coverage = CoverageDto;
export type CoverageRow = CoverageRowDto;
export type { CoverageLevel, RolloutInput };

export function useCoverage(level: CoverageLevel, kecamatan: string | undefined) {
  return useQuery({
    queryKey: ['coverage', level, kecamatan ?? null],
    queryFn: ({ signal }) => api<Coverage>('/mentoring/coverage', { signal, query: { level, kecamatan } }),
    placeholderData: keepPreviousData,
  });
}

function useInvalidateCoverage() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['coverage'] });
}

export function useSetKelurahanTarget() {
  const invalidate = useInvalidateCoverage();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: RolloutInput }) =>
      api<RolloutTargetDto>(`/mentoring/rollout/kelurahan/${encodeURIComponent(code)}`, {
        method: 'PUT',
        body,
      }),
    onSuccess: invalidate,
  });
}

export function useSetKecamatanTargets() {
  const invalidate = useInvalidateCoverage();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: RolloutInput }) =>
      api<{ kecamatanCode: string; targets: RolloutTargetDto[] }>(
        `/mentoring/rollout/kecamatan/${encodeURIComponent(code)}`,
        { method: 'PUT', body },
      ),
    onSuccess: invalidate,
  });
}

export function useRemoveKelurahanTarget() {
  const invalidate = useInvalidateCoverage();
  return useMutation({
    mutationFn: (code: string) =>
      api<void>(`/mentoring/rollout/kelurahan/${encodeURIComponent(code)}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

/** The colour band of a share mentored (null: no businesses). */
export const SHARE_BANDS = [
  { min: 50, color: 'teal.7', text: 'white' },
  { min: 25, color: 'teal.4', text: 'white' },
  { min: 10, color: 'lime.3', text: 'dark.7' },
  { min: 0.0001, color: 'yellow.2', text: 'dark.7' },
  { min: 0, color: 'red.1', text: 'dark.7' },
] as const;

export function shareBand(share: number | null) {
  if (share === null) return { color: 'gray.1', text: 'dimmed' } as const;
  return SHARE_BANDS.find((b) => share >= b.min) ?? SHARE_BANDS[SHARE_BANDS.length - 1]!;
}
