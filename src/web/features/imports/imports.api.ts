import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, upload } from '../../api/client.ts';
import type { ImportJob } from '../../api/types.ts';

const ACTIVE = new Set(['queued', 'running']);

/** Which imports a list shows besides their kind: of one status, started since a day (the work queue's link). */
export interface ImportListFilter {
  status?: ImportJob['status'];
  since?: string;
}

/**
 * Recent imports of one kind (`businesses`, `omzet`, `aid`, `aid_answer`), of one aid program if given; with
 * a status filter, those of every kind in that status (since the day given).
 */
export function useImports(kind: string, program?: string, filter: ImportListFilter = {}) {
  const query = filter.status ? { status: filter.status, since: filter.since } : { kind, program };
  return useQuery({
    queryKey: ['imports', 'list', query],
    queryFn: ({ signal }) => api<ImportJob[]>('/imports', { signal, query }),
    // A job still running in the list moves on by itself.
    refetchInterval: (query) => (query.state.data?.some((j) => ACTIVE.has(j.status)) ? 2000 : false),
  });
}

/** One import, asked again every half second while it is queued or running. */
export function useImportJob(id: number | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: ['imports', 'one', id],
    queryFn: async ({ signal }) => {
      const job = await api<ImportJob>(`/imports/${id}`, { signal });
      if (!ACTIVE.has(job.status)) {
        // A finished import changes the registry, the dashboard, aid proposals and the list of imports.
        void queryClient.invalidateQueries({ queryKey: ['imports', 'list'] });
        void queryClient.invalidateQueries({ queryKey: ['businesses'] });
        void queryClient.invalidateQueries({ queryKey: ['recovery'] });
        void queryClient.invalidateQueries({ queryKey: ['aid'] });
      }
      return job;
    },
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data && !ACTIVE.has(query.state.data.status) ? false : 500),
    staleTime: 0,
  });
}

export function useUploadImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      kind,
      file,
      params,
      onProgress,
    }: {
      kind: string;
      file: File;
      /** What the importer needs besides the file (an aid program's code). */
      params?: Record<string, string>;
      onProgress: (sent: number, total: number) => void;
    }) =>
      upload<ImportJob>(`/imports/${kind}`, file, {
        query: { ...params, fileName: file.name },
        onProgress,
      }),
    onSuccess: (job) => {
      queryClient.setQueryData(['imports', 'one', job.id], job);
      void queryClient.invalidateQueries({ queryKey: ['imports', 'list'] });
    },
  });
}
