/** The service worker's cache of API reads (vite.config.ts). */
export const READ_CACHE = 'bangkit-api';

/** Forgets the cached reads (someone signs in or out: nothing another account read may show offline). */
export async function forgetReads() {
  if (typeof caches !== 'undefined') await caches.delete(READ_CACHE);
}
