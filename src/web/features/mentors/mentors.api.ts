import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CertificateDto,
  CreateCertificateInput,
  ExpiringCertificateDto,
  UpdateCertificateInput,
} from '../../../server/modules/mentoring/certificates.schema.ts';
import type {
  CreatedMentorSchema,
  CreateMentorBody,
  MentorDetailDto,
  MentorDto,
  MentorQueryInput,
  UpdateMentorInput,
} from '../../../server/modules/mentoring/mentors.schema.ts';
import { api, upload } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';

export type Mentor = MentorDto;
export type MentorDetail = MentorDetailDto;
export type Certificate = CertificateDto;
export type ExpiringCertificate = ExpiringCertificateDto;
export type CreatedMentor = z.infer<typeof CreatedMentorSchema>;
export type NewMentor = z.input<typeof CreateMentorBody>;
export type MentorQuery = Partial<MentorQueryInput>;

export function useMentors(query: MentorQuery, enabled = true) {
  return useQuery({
    queryKey: ['mentors', 'list', query],
    queryFn: ({ signal }) => api<Page<Mentor>>('/mentors', { signal, query: { ...query } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMentor(id: number) {
  return useQuery({
    queryKey: ['mentors', 'one', id],
    queryFn: ({ signal }) => api<MentorDetail>(`/mentors/${id}`, { signal }),
    enabled: id > 0,
  });
}

/** Certificates valid today that end within 60 days (of one institution, or of every mentor the user sees). */
export function useExpiringCertificates(institution?: number, enabled = true) {
  return useQuery({
    queryKey: ['mentors', 'expiring', institution ?? null],
    queryFn: ({ signal }) =>
      api<ExpiringCertificate[]>('/mentors/certificates/expiring', { signal, query: { institution } }),
    enabled,
  });
}

function useInvalidateMentors() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['mentors'] }),
      queryClient.invalidateQueries({ queryKey: ['institutions'] }),
      queryClient.invalidateQueries({ queryKey: ['users'] }),
    ]);
}

export function useCreateMentor() {
  const invalidate = useInvalidateMentors();
  return useMutation({
    mutationFn: (body: NewMentor) => api<CreatedMentor>('/mentors', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateMentor(id: number) {
  const invalidate = useInvalidateMentors();
  return useMutation({
    mutationFn: (body: UpdateMentorInput) => api<MentorDetail>(`/mentors/${id}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

/** Records a certificate, then sends its scan if one was chosen (the certificate stays if the scan is refused). */
export function useSaveCertificate(mentorId: number) {
  const invalidate = useInvalidateMentors();
  return useMutation({
    mutationFn: async ({
      id,
      body,
      scan,
    }: {
      id?: number;
      body: CreateCertificateInput | UpdateCertificateInput;
      scan?: File | null;
    }) => {
      const saved = id
        ? await api<Certificate>(`/mentors/${mentorId}/certificates/${id}`, { method: 'PATCH', body })
        : await api<Certificate>(`/mentors/${mentorId}/certificates`, { method: 'POST', body });
      if (!scan) return saved;
      try {
        return await upload<Certificate>(`/mentors/${mentorId}/certificates/${saved.id}/scan`, scan);
      } finally {
        void invalidate();
      }
    },
    onSuccess: invalidate,
  });
}

export function useUploadScan(mentorId: number) {
  const invalidate = useInvalidateMentors();
  return useMutation({
    mutationFn: ({ id, file }: { id: number; file: File }) =>
      upload<Certificate>(`/mentors/${mentorId}/certificates/${id}/scan`, file),
    onSettled: invalidate,
  });
}

export function useDeleteCertificate(mentorId: number) {
  const invalidate = useInvalidateMentors();
  return useMutation({
    mutationFn: (id: number) => api<void>(`/mentors/${mentorId}/certificates/${id}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}
