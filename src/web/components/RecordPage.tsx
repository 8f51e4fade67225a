import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import { isApiError } from '../api/client.ts';
import { useCurrentUser } from '../features/auth/auth.api.ts';
import { NotFoundPage } from './NotFoundPage.tsx';
import { OutOfScopeMessage } from './OutOfScopeMessage.tsx';
import { PageHeader } from './PageHeader.tsx';
import { ErrorAlert, SkeletonRows } from './states.tsx';

/** The `:id` route parameter as a positive whole number, or 0 when it is not one. */
export function useIdParam(): number {
  const { id = '' } = useParams();
  const n = Number(id);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * A page about one record loaded by id: not found for a bad id, a skeleton under the page title while
 * loading, an error with retry, then the record. A record the server will not show (403 out of scope, or a
 * 404 that hides whether it exists outside the person's area) gets the one "outside your area" message;
 * only the office, who sees everything, is told plainly that it does not exist.
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
  const me = useCurrentUser();
  if (id === 0) return <NotFoundPage />;
  if (isApiError(query.error, 'NotFound'))
    return me.role === 'admin' ? <NotFoundPage /> : <OutOfScopeMessage />;
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
