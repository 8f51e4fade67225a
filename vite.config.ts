import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { bundleReport } from './scripts/bundle-report.ts';

// The web app: built into dist/web, which the Fastify server serves; in development `vite` proxies the API.
export default defineConfig({
  root: '.',
  plugins: [react(), bundleReport()],
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
