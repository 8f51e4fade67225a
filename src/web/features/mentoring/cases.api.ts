import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ActionItemDto,
  BusinessMentoringSchema,
  CaseDetailDto,
  CaseListItem,
  CaseListQuery,
  MilestoneDto,
  SessionDto,
  SuggestionsSchema,
} from '../../../server/modules/mentoring/cases.schema.ts';
import type { CreateMilestoneInput } from '../../../server/modules/mentoring/milestones.schema.ts';
import type {
  CreateSessionBody,
  FormDefaultsSchema,
  PhotoSchema,
} from '../../../server/modules/mentoring/sessions.schema.ts';
import { api, upload } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';

export type MentoringCase = CaseListItem;
export type MentoringCaseDetail = CaseDetailDto;
export type MentoringSession = SessionDto;
export type ActionItem = ActionItemDto;
export type Milestone = MilestoneDto;
export type BusinessMentoring = z.infer<typeof BusinessMentoringSchema>;
export type MentorSuggestions = z.infer<typeof SuggestionsSchema>;
export type SessionFormDefaults = z.infer<typeof FormDefaultsSchema>;
export type SessionPhoto = z.infer<typeof PhotoSchema>;
export type CaseQuery = Partial<Omit<CaseListQuery, 'page' | 'pageSize'>>;
export type NewSession = z.input<typeof CreateSessionBody>;
export type NewMilestone = Omit<CreateMilestoneInput, 'details'> & {
  details?: CreateMilestoneInput['details'];
};

export function useCases(filter: CaseQuery & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['mentoring', 'cases', filter],
    queryFn: ({ signal }) => api<Page<MentoringCase>>('/mentoring/cases', { signal, query: { ...filter } }),
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: number) {
  return useQuery({
    queryKey: ['mentoring', 'case', id],
    queryFn: ({ signal }) => api<MentoringCaseDetail>(`/mentoring/cases/${id}`, { signal }),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useBusinessMentoring(businessId: number) {
  return useQuery({
    queryKey: ['mentoring', 'business', businessId],
    queryFn: ({ signal }) => api<BusinessMentoring>(`/businesses/${businessId}/mentoring`, { signal }),
  });
}

export function useSuggestions(businessId: number | null, topics: string[]) {
  return useQuery({
    queryKey: ['mentoring', 'suggestions', businessId, topics],
    queryFn: ({ signal }) =>
      api<MentorSuggestions>('/mentoring/cases/suggestions', {
        signal,
        query: { businessId: businessId!, topics: topics.join(',') },
      }),
    enabled: businessId != null,
  });
}

export function useFormDefaults(mentorId?: number | null) {
  return useQuery({
    queryKey: ['mentoring', 'form-defaults', mentorId ?? null],
    queryFn: ({ signal }) =>
      api<SessionFormDefaults>('/mentoring/sessions/form-defaults', { signal, query: { mentorId } }),
  });
}

/** Anything of mentoring (lists, case pages, a business's section, the registry's mentor) may change after a write. */
function useInvalidateMentoring() {
  const queryClient = useQueryClient();
  return () => {
    queryClient.invalidateQueries({ queryKey: ['mentoring'] });
    queryClient.invalidateQueries({ queryKey: ['businesses'] });
  };
}

export function useOpenCase() {
  const invalidate = useInvalidateMentoring();
  return useMutation({
    mutationFn: (body: { businessId: number; mentorId: number; reason?: string }) =>
      api<MentoringCaseDetail>('/mentoring/cases', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useTransferCase(id: number) {
  const invalidate = useInvalidateMentoring();
  return useMutation({
    mutationFn: (body: { mentorId: number; reason?: string }) =>
      api<MentoringCaseDetail>(`/mentoring/cases/${id}/transfer`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useCloseCase(id: number) {
  const invalidate = useInvalidateMentoring();
  return useMutation({
    mutationFn: (body: { outcome: string; note: string }) =>
      api<MentoringCaseDetail>(`/mentoring/cases/${id}/close`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUploadPhoto() {
  const invalidate = useInvalidateMentoring();
  return useMutation({
    mutationFn: ({ sessionId, file }: { sessionId: number; file: Blob }) =>
      upload<SessionPhoto>(`/mentoring/sessions/${sessionId}/photos`, file),
    onSuccess: invalidate,
  });
}

export function useToggleActionItem() {
  const invalidate = useInvalidateMentoring();
  return useMutation({
    mutationFn: ({ id, done }: { id: number; done: boolean }) =>
      api<ActionItem>(`/mentoring/action-items/${id}`, { method: 'PATCH', body: { done } }),
    onSuccess: invalidate,
  });
}

export function useCreateMilestone() {
  const invalidate = useInvalidateMentoring();
  return useMutation({
    mutationFn: ({ body, file }: { body: NewMilestone; file: File | null }) => {
      if (!file) return api<Milestone>('/mentoring/milestones', { method: 'POST', body });
      const { details, ...rest } = body;
      return upload<Milestone>('/mentoring/milestones/with-file', file, {
        query: { ...rest, evidenceNumber: rest.evidenceNumber ?? undefined, ...(details ?? {}) },
      });
    },
    onSuccess: invalidate,
  });
}

export interface MentorOption {
  id: number;
  name: string;
  institutionName: string | null;
}

/** Mentors the user may assign (the office and officers all; an institution admin their own). */
export function useMentorOptions(enabled: boolean) {
  return useQuery({
    queryKey: ['mentoring', 'mentor-options'],
    queryFn: ({ signal }) => api<MentorOption[]>('/users/mentors', { signal }),
    enabled,
    staleTime: 60_000,
  });
}

/** Businesses by name for the "open a case" picker (the registry's own scoping applies). */
export function useBusinessSearch(q: string) {
  return useQuery({
    queryKey: ['mentoring', 'business-search', q],
    queryFn: ({ signal }) =>
      api<Page<{ id: number; name: string; kelurahanName: string; ownerName: string }>>('/businesses', {
        signal,
        query: { q, pageSize: 10 },
      }),
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
  });
}
