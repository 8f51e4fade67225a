import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import { isApiError } from '../api/client.ts';
import { NotFoundPage } from './NotFoundPage.tsx';
import { PageHeader } from './PageHeader.tsx';
import { ErrorAlert, SkeletonRows } from './states.tsx';

/** The `:id` route parameter as a positive whole number, or 0 when it is not one. */
export function useIdParam(): number {
  const { id = '' } = useParams();
  const n = Number(id);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * A page about one record loaded by id: not found for a bad id or a 404, a skeleton under the
 * page title while loading, an error with retry, then the record.
 */
export function RecordPage<T>({
  id,
  query,
  title,
  skeleton = { rows: 6, height: 72 },
  children,
}: {
  id: number;
  query: UseQueryResult<T>;
  title: string;
  skeleton?: { rows: number; height: number };
  children: (record: T) => ReactNode;
}) {
  if (id === 0 || isApiError(query.error, 'NotFound')) return <NotFoundPage />;
  if (query.isPending) {
    return (
      <>
        <PageHeader title={title} />
        <SkeletonRows rows={skeleton.rows} height={skeleton.height} />
      </>
    );
  }
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => query.refetch()} />;
  return <>{children(query.data)}</>;
}
