import { onlineManager } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { ApiError } from '../api/client.ts';

// The browser may start offline; the query library assumes online until an event says otherwise.
if (typeof navigator !== 'undefined' && navigator.onLine === false) onlineManager.setOnline(false);

/** Whether the browser has a connection (as the query library sees it, which pauses writes without one). */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (listener) => onlineManager.subscribe(listener),
    () => onlineManager.isOnline(),
  );
}

/** A read that failed because there is no connection and the device kept no copy of it. */
export function isOfflineMiss(error: unknown, online: boolean): boolean {
  return !online && error instanceof ApiError && error.status === 0;
}
