import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { canonicalAreaCode } from '../shared/area-code.ts';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** Names proxy-addr (Fastify's trustProxy) knows for ranges of addresses. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Which proxies may tell the client's address in X-Forwarded-For: none (the default: the peer's own address
 * counts), a number of hops in front of the server, or the proxies' addresses and ranges.
 */
const trustProxy = z
  .string()
  .trim()
  .default('')
  .transform((v, ctx): false | number | string[] => {
    if (v === '' || v === '0' || v === 'false' || v === 'no') return false;
    if (/^\d+$/.test(v)) return Number(v);
    const entries = v.split(',').map((e) => e.trim());
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a hop count (1) or proxy addresses such as 127.0.0.1,10.0.0.0/8 (not: ${bad.join(', ')})`,
      });
      return z.NEVER;
    }
    return entries;
  });

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.url().optional(),
  BANGKIT_DATA_DIR: z.string().min(1).default('./data'),
  BANGKIT_AREA: z
    .string()
    .default('36.71')
    .transform((v, ctx) => {
      const code = canonicalAreaCode(v);
      if (!code || code.split('.').length > 2) {
        ctx.addIssue({ code: 'custom', message: 'must be a province (36) or regency/city code (36.71)' });
        return z.NEVER;
      }
      return code;
    }),
  BANGKIT_ADMIN_EMAIL: z.email().default('admin@bangkit.local'),
  BANGKIT_ADMIN_PASSWORD: z.string().min(10).optional(),
  BANGKIT_DEMO: flag.default(true),
  BANGKIT_TIMEZONE: z
    .string()
    .default('Asia/Jakarta')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Asia/Jakarta'),
  BANGKIT_SESSION_HOURS: z.coerce.number().positive().default(12),
  BANGKIT_COOKIE_SECURE: flag.default(false),
  BANGKIT_REJECTED_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  BANGKIT_MIN_FREE_MB: z.coerce.number().int().min(0).default(256),
  BANGKIT_TRUST_PROXY: trustProxy,
  BANGKIT_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .transform((v) => (v === undefined ? undefined : new URL(v).origin)),
  BANGKIT_IMPORT_REJECTIONS_KEPT: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** The city/regency (or province) this deployment serves; everything area-scoped lies inside it. */
  readonly deploymentArea: string;
  readonly adminEmail: string;
  readonly adminPassword: string | undefined;
  readonly demo: boolean;
  /** The deployment's time zone: calendar dates typed by people (filters, windows) are days there. */
  readonly timezone: string;
  readonly sessionHours: number;
  readonly cookieSecure: boolean;
  /** An import's rejected rows are kept this many days after it ended, then purged. */
  readonly rejectedRetentionDays: number;
  /** Below this much free space in the data directory, health reports 503: writes are about to fail. */
  readonly minFreeBytes: number;
  /** Whom to believe about the client's address: false = nobody (the peer's address counts). */
  readonly trustProxy: false | number | readonly string[];
  /** The origin browsers reach the app at (`https://bangkit.example.go.id`), when a proxy changes the Host. */
  readonly publicOrigin: string | undefined;
  /**
   * Rejected rows an import stores for download (the first ones of the file); beyond them only the
   * counts per reason are kept, so a file of millions of bad rows cannot fill memory or the database.
   */
  readonly importRejectionsKept: number;
  readonly logLevel: string;
  readonly version: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, version = '0.0.0'): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.BANGKIT_DATA_DIR),
    deploymentArea: e.BANGKIT_AREA,
    adminEmail: e.BANGKIT_ADMIN_EMAIL,
    adminPassword: e.BANGKIT_ADMIN_PASSWORD,
    demo: e.BANGKIT_DEMO,
    timezone: e.BANGKIT_TIMEZONE,
    sessionHours: e.BANGKIT_SESSION_HOURS,
    cookieSecure: e.BANGKIT_COOKIE_SECURE,
    rejectedRetentionDays: e.BANGKIT_REJECTED_RETENTION_DAYS,
    minFreeBytes: e.BANGKIT_MIN_FREE_MB * 1024 * 1024,
    trustProxy: e.BANGKIT_TRUST_PROXY,
    publicOrigin: e.BANGKIT_PUBLIC_URL,
    importRejectionsKept: e.BANGKIT_IMPORT_REJECTIONS_KEPT,
    logLevel: e.LOG_LEVEL,
    version,
  });
}
