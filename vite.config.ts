import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { bundleReport } from './scripts/bundle-report.ts';

// The web app: built into dist/web, which the Fastify server serves; in development `vite` proxies the API.
export default defineConfig({
  root: '.',
  plugins: [react(), offlineShell(), bundleReport()],
  publicDir: 'src/web/public',
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    // The bundle report and test/web-bundle.test.ts read the first load from it.
    manifest: true,
    rolldownOptions: {
      output: {
        // The first load is React, the other libraries the first page needs and the app's frame (besides the
        // entry and rolldown's runtime); libraries change less often than the app, so their chunks stay cached
        // across releases. These groups take only what the first page needs ('$initial'): a group takes every
        // module it matches wherever it is used, so one page's component would load with every page. The rest
        // of Mantine, the icons and the pages split by route on their own.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|use-sync-external-store)[\\/]/,
              priority: 3,
            },
            { name: 'vendor', test: /node_modules[\\/]/, tags: ['$initial'], priority: 2 },
            // One chunk for the frame: without it, its modules scatter over a dozen small files (i18n/index.ts
            // awaits the reader's language at the top level).
            { name: 'app', test: /[\\/]src[\\/]web[\\/]/, tags: ['$initial'], priority: 2 },
            // Charts load with the pages that draw them. Below the first-load groups, so the few small
            // libraries recharts shares with Mantine (clsx) stay in the first load and do not pull charts in.
            {
              name: 'charts',
              test: /node_modules[\\/](recharts|d3-[a-z-]+|victory-vendor|internmap|redux|redux-thunk|@reduxjs[\\/]toolkit|react-redux|immer|reselect|es-toolkit|decimal\.js-light|eventemitter3|tiny-invariant)[\\/]/,
              priority: 1,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});

/**
 * The service worker (Workbox, generated): the app's files are precached, so the shell and every page's code
 * open without a connection; API reads the person has made are kept (network first, the copy when the network
 * does not answer within a few seconds). The manifest is served by the server (it names the deployment's
 * city), so the plugin writes none. Why: docs/decisions/0017-offline.md.
 */
function offlineShell() {
  return VitePWA({
    registerType: 'autoUpdate',
    // src/web/main.tsx registers it (the CSP test wants every script of index.html under /assets/).
    injectRegister: null,
    manifest: false,
    workbox: {
      globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
      navigateFallback: '/index.html',
      navigateFallbackDenylist: [/^\/api(\/|$)/, /\.[a-z0-9]+$/i],
      cleanupOutdatedCaches: true,
      clientsClaim: true,
      skipWaiting: true,
      runtimeCaching: [
        {
          // Reads of the API, not files made for download (exports, attachments) nor the API's docs.
          urlPattern: ({ url, request, sameOrigin }) =>
            sameOrigin &&
            request.method === 'GET' &&
            url.pathname.startsWith('/api/v1/') &&
            !/\.(xlsx|csv|pdf|zip)$/.test(url.pathname) &&
            !/\/(attachments|photos|export|templates?)(\/|$)/.test(url.pathname),
          handler: 'NetworkFirst',
          options: {
            cacheName: 'bangkit-api',
            networkTimeoutSeconds: 4,
            expiration: { maxEntries: 400, maxAgeSeconds: 14 * 24 * 3600 },
            cacheableResponse: { statuses: [200] },
          },
        },
      ],
    },
  });
}
