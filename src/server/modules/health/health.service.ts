import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { ping, touchHealthCheck } from './health.repository.ts';

/*
 * "ok" means that the system can do its work, writes included: the database answers, takes a committed
 * write, and the data directory (the embedded database, uploaded files) has room. The write and the
 * disk's free space are probed at most once per PROBE_TTL_MS (the health route is hit under load), and
 * the requests that arrive meanwhile share the last answer.
 */

const PROBE_TTL_MS = 5000;

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  database: { kind: DatabaseHandle['kind']; status: 'ok' | 'down'; writable: boolean; latencyMs: number };
  disk: { status: 'ok' | 'low'; freeBytes: number; minFreeBytes: number };
  area: string;
}

interface Probe {
  writable: boolean;
  freeBytes: number;
}

export class HealthCheck {
  #probe: { at: number; result: Promise<Probe> } | undefined;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly config: Config,
  ) {}

  async check(): Promise<Health> {
    const started = performance.now();
    const [reachable, probe] = await Promise.all([
      ping(this.database.db).then(
        () => true,
        () => false,
      ),
      this.#cachedProbe(),
    ]);
    const latencyMs = Math.round(performance.now() - started);
    const writable = reachable && probe.writable;
    const roomy = probe.freeBytes >= this.config.minFreeBytes;
    return {
      status: writable && roomy ? 'ok' : 'degraded',
      version: this.config.version,
      database: { kind: this.database.kind, status: reachable ? 'ok' : 'down', writable, latencyMs },
      disk: {
        status: roomy ? 'ok' : 'low',
        freeBytes: probe.freeBytes,
        minFreeBytes: this.config.minFreeBytes,
      },
      area: this.config.deploymentArea,
    };
  }

  #cachedProbe(): Promise<Probe> {
    const now = Date.now();
    if (!this.#probe || now - this.#probe.at >= PROBE_TTL_MS) {
      this.#probe = { at: now, result: this.#run() };
    }
    return this.#probe.result;
  }

  async #run(): Promise<Probe> {
    const [writable, freeBytes] = await Promise.all([
      touchHealthCheck(this.database.db).then(
        () => true,
        () => false,
      ),
      freeSpace(this.config.dataDir),
    ]);
    return { writable, freeBytes };
  }
}

/** Bytes an unprivileged writer may still use on the file system of `dir` (or of its nearest existing parent). */
export async function freeSpace(dir: string): Promise<number> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    try {
      const s = await fs.promises.statfs(d);
      return s.bavail * s.bsize;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(d) === d) return 0;
    }
  }
}
