import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ActionItemDto,
  ConsentDto,
  CreatedOwnerAccountSchema,
  MilestoneDto,
  MyBusinessDto,
  MyMentoringDto,
  OwnerAccountDto,
} from '../../../server/modules/mentoring/owner.schema.ts';
import { api } from '../../api/client.ts';
import { meQueryKey } from '../../api/query-client.ts';

export type Consent = ConsentDto;
export type MyBusiness = MyBusinessDto;
export type MyMentoring = MyMentoringDto;
export type MyActionItem = ActionItemDto;
export type MyMilestone = MilestoneDto;
export type OwnerAccount = OwnerAccountDto;
export type CreatedOwnerAccount = z.infer<typeof CreatedOwnerAccountSchema>;

// Under the registry's key: a turnover report (which invalidates the registry) refreshes these too.
const mine = ['businesses', 'mine'] as const;

export function useConsent() {
  return useQuery({
    queryKey: ['me', 'consent'],
    queryFn: ({ signal }) => api<Consent>('/me/consent', { signal }),
  });
}

/** Agrees to the text of `version`; "me" is asked again, which lets the owner into the app. */
export function useAgreeToConsent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: string) => api<Consent>('/me/consent', { method: 'POST', body: { version } }),
    onSuccess: async (consent) => {
      queryClient.setQueryData(['me', 'consent'], consent);
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

export function useMyBusinesses() {
  return useQuery({
    queryKey: [...mine, 'list'],
    queryFn: ({ signal }) => api<MyBusiness[]>('/me/businesses', { signal }),
  });
}

export function useMyMentoring(id: number) {
  return useQuery({
    queryKey: [...mine, 'mentoring', id],
    queryFn: ({ signal }) => api<MyMentoring>(`/me/businesses/${id}/mentoring`, { signal }),
    enabled: id > 0,
  });
}

export function useTickItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, done }: { id: number; done: boolean }) =>
      api<MyActionItem>(`/me/action-items/${id}`, { method: 'PATCH', body: { done } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mine }),
  });
}

export function useConfirmMilestone() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<MyMilestone>(`/me/milestones/${id}/confirm`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mine }),
  });
}

export function useOwnerAccount(businessId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['businesses', 'owner-account', businessId],
    queryFn: ({ signal }) => api<OwnerAccount>(`/businesses/${businessId}/owner-account`, { signal }),
    enabled,
  });
}

export function useCreateOwnerAccount(businessId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (email: string) =>
      api<CreatedOwnerAccount>(`/businesses/${businessId}/owner-account`, {
        method: 'POST',
        body: { email },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['businesses', 'owner-account', businessId] }),
  });
}
