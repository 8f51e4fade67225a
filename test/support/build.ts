import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Before a run, brings up to date what the tests use from dist/: the CLI tests spawn bin/bangkit.js
 * (dist/cli.js), the browser journeys load the built web app (dist/web). Nothing is rebuilt when nothing
 * changed; the storefront's bundle (dist/storefront) for both. A build in the middle of the run would print into the stderr the CLI tests read.
 */
export default function build(project: TestProject) {
  // The storefront's small bundle for both: its pages link it, its budget test reads it.
  const parts = project.name === 'e2e' ? ['web', 'storefront'] : ['entries', 'storefront'];
  execFileSync(process.execPath, ['scripts/build.mjs', ...parts], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    // Vitest sets NODE_ENV=test, which would build React's development files into the app.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
}
