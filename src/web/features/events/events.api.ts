import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  EventDto,
  EventInput,
  EventReportDto,
  MyRegistrationDto,
  PublicEventDto,
  RegisterInput,
  RegistrationDto,
} from '../../../server/modules/events/events.schema.ts';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';

export type { EventDto, EventInput, MyRegistrationDto, PublicEventDto, RegistrationDto };

export function useEventPage(query: {
  page: number;
  pageSize: number;
  q?: string;
  state?: string;
  when?: string;
}) {
  return useQuery({
    queryKey: ['events', 'list', query],
    queryFn: ({ signal }) => api<Page<EventDto>>('/events', { signal, query: { ...query } }),
    placeholderData: keepPreviousData,
  });
}

export function useEvent(id: number) {
  return useQuery({
    queryKey: ['events', 'one', id],
    queryFn: ({ signal }) => api<EventDto>(`/events/${id}`, { signal }),
    enabled: id > 0,
  });
}

export function useSaveEvent(id?: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<EventInput>) =>
      api<EventDto>(id ? `/events/${id}` : '/events', { method: id ? 'PUT' : 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['events'] }),
  });
}

export function useEventAction(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: 'publish' | 'cancel' | 'copy') =>
      api<EventDto>(`/events/${id}/${action}`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['events'] }),
  });
}

export function useRegistrations(
  eventId: number,
  query: { page: number; pageSize: number; q?: string; status?: string; attended?: string },
) {
  return useQuery({
    queryKey: ['events', 'registrations', eventId, query],
    queryFn: ({ signal }) =>
      api<Page<RegistrationDto>>(`/events/${eventId}/registrations`, { signal, query: { ...query } }),
    placeholderData: keepPreviousData,
  });
}

export interface CheckInResult {
  outcome: 'checked_in' | 'already';
  message: string;
  registration: RegistrationDto;
}

export function useCheckIn(eventId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (by: { code: string } | { registrationId: number }) =>
      'code' in by
        ? api<CheckInResult>(`/events/${eventId}/check-in`, { method: 'POST', body: by })
        : api<CheckInResult>(`/events/${eventId}/registrations/${by.registrationId}/check-in`, {
            method: 'POST',
          }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['events'] }),
  });
}

export function useConfirmBusiness(eventId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { registrationId: number; businessId: number | null }) =>
      api<RegistrationDto>(`/events/${eventId}/registrations/${v.registrationId}/business`, {
        method: 'PUT',
        body: { businessId: v.businessId },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['events', 'registrations', eventId] }),
  });
}

export function useEventReport() {
  return useQuery({
    queryKey: ['events', 'report'],
    queryFn: ({ signal }) => api<EventReportDto>('/events/report', { signal }),
  });
}

export function useMyEvents() {
  return useQuery({
    queryKey: ['events', 'mine'],
    queryFn: ({ signal }) =>
      api<{ token: string; status: string; checkedInAt: string | null; event: PublicEventDto }[]>(
        '/events/mine',
        {
          signal,
        },
      ),
  });
}

export function usePublicEvents(when: 'upcoming' | 'past', page: number) {
  return useQuery({
    queryKey: ['public-events', when, page],
    queryFn: ({ signal }) =>
      api<Page<PublicEventDto>>('/public/events', { signal, query: { when, page, pageSize: 12 } }),
    placeholderData: keepPreviousData,
  });
}

export function usePublicEvent(slug: string) {
  return useQuery({
    queryKey: ['public-events', 'one', slug],
    queryFn: ({ signal }) => api<PublicEventDto>(`/public/events/${encodeURIComponent(slug)}`, { signal }),
  });
}

export function useRegister(slug: string) {
  return useMutation({
    mutationFn: (input: Partial<RegisterInput>) =>
      api<MyRegistrationDto>(`/public/events/${encodeURIComponent(slug)}/registrations`, {
        method: 'POST',
        body: input,
      }),
  });
}

export function useRegisterMe(slug: string) {
  return useMutation({
    mutationFn: () =>
      api<MyRegistrationDto>(`/public/events/${encodeURIComponent(slug)}/registrations/me`, {
        method: 'POST',
      }),
  });
}

export function useMyRegistration(token: string) {
  return useQuery({
    queryKey: ['registration', token],
    queryFn: ({ signal }) =>
      api<MyRegistrationDto>(`/public/registrations/${encodeURIComponent(token)}`, { signal }),
  });
}

export function useCancelMine(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<MyRegistrationDto>(`/public/registrations/${encodeURIComponent(token)}/cancel`, { method: 'POST' }),
    onSuccess: (data) => qc.setQueryData(['registration', token], data),
  });
}

const WIB = 'Asia/Jakarta';
/** "Sabtu, 19 Desember 2026 09.00–12.00 WIB" in the reader's language. */
export function formatWhen(startsAt: string, endsAt: string, lang: string) {
  const locale = lang.startsWith('en') ? 'en-GB' : 'id-ID';
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: WIB }).format(
    new Date(startsAt),
  );
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: WIB });
  return `${day} ${time.format(new Date(startsAt))}–${time.format(new Date(endsAt))} WIB`;
}
