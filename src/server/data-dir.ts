import fs from 'node:fs';
import os from 'node:os';

/** The data directory cannot be used (read-only, not ours): one line for the operator, no stack trace. */
export class DataDirError extends Error {}

/**
 * Makes the data directory if needed and checks that this process can write in it (the embedded
 * database, uploaded files): a read-only one is refused at start, before anything half-starts.
 */
export function ensureWritableDataDir(dir: string): void {
  const problem = writeProblem(dir, { create: true });
  if (problem) {
    throw new DataDirError(
      `The data directory ${dir} cannot be written (${problem}): Bangkit keeps its database and uploaded files there. ` +
        `Make it writable for the user ${userName()}, or point BANGKIT_DATA_DIR elsewhere.`,
    );
  }
}

/** Why this process cannot write in `dir` (e.g. "EACCES: permission denied"), or undefined when it can. */
export function writeProblem(dir: string, { create = false } = {}): string | undefined {
  try {
    if (create) fs.mkdirSync(dir, { recursive: true });
    // access() answers for this process's user, and EROFS for a read-only file system even as root.
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
    return undefined;
  } catch (err) {
    // "EACCES: permission denied, mkdir '/srv/bangkit'": the part before the path.
    return (err as Error).message.split(',')[0];
  }
}

function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}
