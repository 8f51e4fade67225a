import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  ComparisonDto,
  Figures,
  InstitutionOutcome,
  MentorOutcome,
  Outcomes,
} from '../../../server/modules/mentoring/outcomes.schema.ts';
import { api } from '../../api/client.ts';

export type { ComparisonDto, Figures, InstitutionOutcome, MentorOutcome, Outcomes };

/** The outcomes up to the end of `period`, in the caller's scope. */
export function useOutcomes(period: string) {
  return useQuery({
    queryKey: ['mentoring', 'outcomes', period],
    queryFn: ({ signal }) => api<Outcomes>('/mentoring/outcomes', { signal, query: { period } }),
    placeholderData: keepPreviousData,
  });
}
