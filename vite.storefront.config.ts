import { defineConfig } from 'vite';
import { storefrontBundleReport } from './scripts/storefront-bundle-report.ts';

/**
 * The public storefront's own small bundle (src/storefront/: the cart, search as you type, the order form),
 * built apart from the React app into dist/storefront. The pages are rendered by the server
 * (src/server/modules/storefront/), which finds the hashed file names in this build's manifest; the script
 * only improves pages that work without it.
 */
export default defineConfig({
  root: '.',
  publicDir: false,
  plugins: [storefrontBundleReport()],
  build: {
    outDir: 'dist/storefront',
    emptyOutDir: true,
    manifest: true,
    target: 'es2019',
    rolldownOptions: {
      input: { storefront: 'src/storefront/main.ts' },
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/storefront-[hash][extname]',
      },
    },
  },
});
