import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A fresh temporary data directory for the embedded PostgreSQL. mkdtemp makes it mode 700; as root the
 * cluster runs as the system user `postgres`, who must be able to enter it.
 */
export function makeDataDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}
