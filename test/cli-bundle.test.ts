import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Reads the built CLI: the test run's global setup builds dist/ first.
const DIST = path.resolve(import.meta.dirname, '../dist');

/** The packages a built module and the chunks it imports statically load before any code runs. */
function staticPackages(file: string, seen = new Set<string>(), packages = new Set<string>()) {
  if (seen.has(file)) return packages;
  seen.add(file);
  const source = fs.readFileSync(file, 'utf8');
  // Static imports only (`import … from "x"` / `import "x"` at the start of a line), not `import("x")`.
  for (const [, specifier] of source.matchAll(/^import\s(?:[^"';]*?\sfrom\s)?"([^"]+)";/gms)) {
    if (specifier!.startsWith('.'))
      staticPackages(path.resolve(path.dirname(file), specifier!), seen, packages);
    else packages.add(specifier!);
  }
  return packages;
}

describe('the built command line', () => {
  it('loads only commander and Node itself before a command runs (so --help answers at once)', () => {
    const packages = [...staticPackages(path.join(DIST, 'cli.js'))];
    expect(packages.filter((p) => p !== 'commander' && !p.startsWith('node:'))).toEqual([]);
  });

  it('loads the database driver and the services when a command runs', () => {
    const source = fs.readFileSync(path.join(DIST, 'cli.js'), 'utf8');
    const lazy = [...source.matchAll(/import\("(\.\/chunks\/[^"]+)"\)/g)].map(([, chunk]) => chunk!);
    const loaded = new Set<string>();
    for (const chunk of lazy) for (const p of staticPackages(path.join(DIST, chunk))) loaded.add(p);
    expect([...loaded]).toEqual(expect.arrayContaining(['pg', 'kysely', 'zod']));
  });

  it('stops quietly when its reader goes away (bangkit --help | head -1)', async () => {
    const child = spawn(process.execPath, ['bin/bangkit.js', '--help'], {
      cwd: path.resolve(DIST, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed before the command writes anything: its write fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
