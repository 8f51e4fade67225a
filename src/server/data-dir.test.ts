import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDataDir } from '../../test/support/data-dir.ts';

/*
 * A read-only data directory stops the server at start with one clear line, not a stack trace. As a
 * normal user the folder is made read-only with chmod; as root (whom chmod does not stop) it is a
 * read-only file system mounted on it, in a mount namespace of the server's own (unshare).
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const SERVER = path.join(ROOT, 'dist/server.js');
const root = process.getuid?.() === 0;
const canMountReadOnly =
  root && spawnSync('unshare', ['--mount', '--propagation', 'private', 'true']).status === 0;

const base = makeDataDir('bangkit-readonly-');
afterAll(() => {
  fs.chmodSync(path.join(base, 'data'), 0o755);
  fs.rmSync(base, { recursive: true, force: true });
});

function startServer(dataDir: string): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BANGKIT_DATA_DIR: dataDir,
    BANGKIT_DEMO: '0',
    PORT: '0',
    HOST: '127.0.0.1',
  };
  delete env.DATABASE_URL;
  const [command, args] = root
    ? [
        'unshare',
        [
          '--mount',
          '--propagation',
          'private',
          'sh',
          '-c',
          'mount -t tmpfs -o ro,size=1m bangkit-ro "$0" && exec "$1" "$2"',
          dataDir,
          process.execPath,
          SERVER,
        ],
      ]
    : [process.execPath, [SERVER]];
  return new Promise((resolve, reject) => {
    const child = spawn(command as string, args as string[], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.runIf(!root || canMountReadOnly)('a read-only data directory', () => {
  it('stops the server at start with one line that names the folder and the cause', async () => {
    const dataDir = path.join(base, 'data');
    fs.mkdirSync(dataDir);
    if (!root) fs.chmodSync(dataDir, 0o555);

    const { code, output } = await startServer(dataDir);

    expect(code, output).toBe(1);
    const lines = output.trim().split('\n');
    expect(lines.at(-1)).toMatch(
      new RegExp(`^\\[bangkit\\] The data directory ${dataDir} cannot be written \\((EROFS|EACCES)`),
    );
    expect(lines.at(-1)).toContain('BANGKIT_DATA_DIR');
    // Nothing but the start line before it: no stack trace, no half-started database.
    expect(lines).toHaveLength(2);
    expect(output).not.toMatch(/^\s+at /m);
  });
});
