import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { CertificateDto } from '../../../server/modules/certificates/certificates.schema.ts';
import { ApiError, api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { errorText } from '../../components/error-text.ts';
import i18n from '../../i18n/index.ts';

export type { CertificateDto };

export interface CertificateQuery {
  page: number;
  pageSize: number;
  q?: string;
  kind?: string;
  status?: string;
  event?: number;
  mentor?: number;
}

export function useCertificatePage(query: CertificateQuery, enabled = true) {
  return useQuery({
    queryKey: ['certificates', 'list', query],
    queryFn: ({ signal }) => api<Page<CertificateDto>>('/certificates', { signal, query: { ...query } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export interface Signatory {
  signatoryName: string;
  signatoryPosition: string;
}

export function useIssueForEvent(eventId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Signatory & { title?: string; validUntil?: string | null }) =>
      api<{ issued: number; alreadyIssued: number; certificates: CertificateDto[] }>(
        `/certificates/events/${eventId}`,
        { method: 'POST', body },
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['certificates'] }),
  });
}

export function useIssueForMentor() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Signatory & { mentorId: number; title: string; validUntil?: string | null }) =>
      api<CertificateDto>('/certificates/mentor-competency', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['certificates'] }),
  });
}

export function useRevokeCertificate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) =>
      api<CertificateDto>(`/certificates/${id}/revoke`, { method: 'POST', body: { reason } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['certificates'] }),
  });
}

/**
 * A refusal in words: in Indonesian the server's own sentence, which names the people concerned (who did not
 * attend); in English the translation of its code.
 */
export function certificateErrorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    const key = `certificates.errors.${error.code}`;
    if (i18n.exists(key))
      return i18n.language === 'id' && error.detail ? error.detail : t(key as 'errors.unknown');
  }
  return errorText(t, error);
}
