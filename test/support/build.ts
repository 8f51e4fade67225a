import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Before a run, brings up to date what the tests use from dist/: the CLI tests spawn bin/bangkit.js
 * (dist/cli.js), the browser journeys load the built web app (dist/web). Nothing is rebuilt when nothing
 * changed; a build in the middle of the run would print into the stderr the CLI tests read.
 */
export default function build(project: TestProject) {
  const part = project.name === 'e2e' ? 'web' : 'entries';
  execFileSync(process.execPath, ['scripts/build.mjs', part], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    stdio: 'inherit',
  });
}
