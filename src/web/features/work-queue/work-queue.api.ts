import { useQuery } from '@tanstack/react-query';
import type { WorkQueueDto } from '../../../server/work-queue/work-queue.schema.ts';
import { api } from '../../api/client.ts';

export type WorkQueue = WorkQueueDto;
export type WorkQueueItem = WorkQueueDto['items'][number];

/** What waits for the signed-in person (GET /me/work-queue), refreshed when they come back to the tab. */
export function useWorkQueue() {
  return useQuery({
    queryKey: ['me', 'work-queue'],
    queryFn: ({ signal }) => api<WorkQueue>('/me/work-queue', { signal }),
    refetchOnWindowFocus: true,
  });
}
