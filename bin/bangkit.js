#!/usr/bin/env node
// The `bangkit` command: runs src/cli/main.ts through tsx, so it works from a checkout without a build step.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
register({ tsconfig: path.join(root, 'tsconfig.json') });
await import('../src/cli/main.ts');
