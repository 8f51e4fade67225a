#!/usr/bin/env node
// The `bangkit` command: runs the bundled dist/cli.js. In a checkout (src/ present) it first rebuilds that
// bundle when its sources changed since it was built (esbuild, under a second), so it never runs stale code.
import fs from 'node:fs';

process.setSourceMapsEnabled(true);
if (fs.existsSync(new URL('../src/cli/main.ts', import.meta.url))) {
  const { ensureBuiltOrExit } = await import('../scripts/build.mjs');
  await ensureBuiltOrExit(['entries']);
}
await import('../dist/cli.js');
