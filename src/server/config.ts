import path from 'node:path';
import { z } from 'zod';
import { canonicalAreaCode } from '../shared/area-code.ts';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

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
    importRejectionsKept: e.BANGKIT_IMPORT_REJECTIONS_KEPT,
    logLevel: e.LOG_LEVEL,
    version,
  });
}
