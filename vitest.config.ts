import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          globalSetup: ['test/support/build.ts', 'test/support/global-setup.ts'],
          // Limits that catch a hang, not a slow machine: a loaded 2-core CI machine may take minutes.
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // Each file gets its own database cloned from the run's template; two workers fit 2 cores.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['test/support/build.ts', 'test/support/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // A page on a loaded machine may take seconds to show what a poll waits for (the default is 1 s).
          expect: { poll: { timeout: 60_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
