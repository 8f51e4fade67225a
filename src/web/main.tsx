import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import './i18n/index.ts';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { type ComponentType, lazy, StrictMode, Suspense, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { queryClient } from './api/query-client.ts';
import { router } from './router.tsx';
import { themeFor } from './theme.ts';

// Messages appear only after something was done, so their container is not part of the first load; if it
// fails to load, the app works on without them.
const Notifications = lazy(async (): Promise<{ default: ComponentType }> => {
  try {
    const { Notifications } = await import('@mantine/notifications');
    // Placed below the header by styles.css, never over the language switch and the user menu.
    return { default: () => <Notifications position="top-right" /> };
  } catch {
    return { default: () => null };
  }
});

/** Mantine with the theme of the current language (the names of the buttons Mantine draws itself). */
function ThemedApp({ children }: { children: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the theme's texts change with the language
  const theme = useMemo(() => themeFor(t), [t, i18n.language]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      {children}
    </MantineProvider>
  );
}

// The service worker (vite.config.ts) keeps the app and the reads a person has made for use offline. Only in the
// built app: in development Vite serves the files itself.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // Without a service worker (a private window, an old browser) the app works online as before.
    });
  });
}

// Writes made without a connection are kept on the device: how each is sent must be known before the kept
// ones are restored, so that they resume (in order) after a reload.
void import('./features/offline/device-store.ts').then((offline) => offline.startOfflineWrites(queryClient));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemedApp>
      <Suspense fallback={null}>
        <Notifications />
      </Suspense>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ThemedApp>
  </StrictMode>,
);
