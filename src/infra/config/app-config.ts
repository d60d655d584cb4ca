import { resolve } from 'node:path';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Process configuration, read once from the environment at boot. */
export interface AppConfig {
  /** PostgreSQL connection URL; absent means the embedded PGlite database under dataDir. */
  databaseUrl?: string;
  /** Connections in the PostgreSQL pool (ignored by PGlite, which has one session). */
  databasePoolSize: number;
  /** Log every SQL statement (DATABASE_LOG_SQL=true); off by default. */
  databaseLogSql: boolean;
  /** Absolute path of the local data folder: PGlite files, reports, caches. */
  dataDir: string;
  /** Redis for BullMQ; absent means jobs run in-process (inline driver). */
  redisUrl?: string;
  logLevel: LogLevel;
  /** HTTP port of the API. */
  port: number;
}

export const DEFAULT_DATA_DIR = './.hisob';

export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Every bad variable at once, so one boot attempt tells the operator everything to fix. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates DATABASE_URL, DATABASE_POOL_SIZE, DATABASE_LOG_SQL, HISOB_DATA_DIR, REDIS_URL,
 * LOG_LEVEL and PORT. Empty values count as unset. Relative HISOB_DATA_DIR resolves against `cwd`.
 */
export function loadAppConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const problems: ConfigProblem[] = [];
  const fail = (variable: string, message: string) => problems.push({ variable, message });

  const databaseUrl = value(env, 'DATABASE_URL');
  if (databaseUrl !== undefined) checkUrl('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:'], fail);
  const redisUrl = value(env, 'REDIS_URL');
  if (redisUrl !== undefined) checkUrl('REDIS_URL', redisUrl, ['redis:', 'rediss:'], fail);

  const logLevel = (value(env, 'LOG_LEVEL')?.toLowerCase() ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) fail('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);

  const config: AppConfig = {
    databaseUrl,
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1000, fail),
    databaseLogSql: boolean(env, 'DATABASE_LOG_SQL', false, fail),
    dataDir: resolve(cwd, value(env, 'HISOB_DATA_DIR') ?? DEFAULT_DATA_DIR),
    redisUrl,
    logLevel,
    port: integer(env, 'PORT', 3000, 1, 65535, fail),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The URL with its password replaced, for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

type Fail = (variable: string, message: string) => void;

function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function checkUrl(name: string, url: string, protocols: readonly string[], fail: Fail): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The value is not echoed: it may hold a password.
    fail(name, `not a valid URL (expected ${protocols[0]}//…)`);
    return;
  }
  if (!protocols.includes(parsed.protocol)) {
    fail(name, `must start with ${protocols.map((p) => p + '//').join(' or ')}, got ${parsed.protocol}//`);
  }
}

function integer(env: Env, name: string, fallback: number, min: number, max: number, fail: Fail): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    fail(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return n;
}

function boolean(env: Env, name: string, fallback: boolean, fail: Fail): boolean {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  fail(name, `must be true or false, got "${raw}"`);
  return fallback;
}
