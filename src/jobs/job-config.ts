// Job layer settings from the environment, validated at boot so a typo fails the process, not a job.
import { ALL_QUEUES, QueueName } from './catalogue';

export interface JobConfig {
  /** BullMQ when set; the inline driver otherwise. */
  redisUrl?: string;
  /** Namespace of every BullMQ key (`<prefix>:<queue>:…`), so several deployments can share one Redis. */
  prefix: string;
  /** Queues a worker process serves (HISOB_WORKER_QUEUES; default: all). */
  queues: QueueName[];
  /** Per-queue worker concurrency overriding the catalogue defaults. */
  concurrency: Partial<Record<QueueName, number>>;
  /** How long a running job's lock lives without renewal; a worker that stops renewing loses the job. */
  lockDurationMs: number;
  /** How often workers look for jobs whose lock expired (crashed worker) and put them back to wait. */
  stalledIntervalMs: number;
  /** How many times a job may be recovered from a crashed worker before it fails. */
  maxStalledCount: number;
}

export const DEFAULT_JOB_CONFIG: JobConfig = {
  prefix: 'hisob',
  queues: [...ALL_QUEUES],
  concurrency: {},
  lockDurationMs: 60000,
  stalledIntervalMs: 30000,
  maxStalledCount: 2,
};

export class JobConfigError extends Error {
  override readonly name = 'JobConfigError';
}

type Env = Record<string, string | undefined>;

/**
 * Reads REDIS_URL, HISOB_QUEUE_PREFIX, HISOB_WORKER_QUEUES ("settlement,import"), HISOB_WORKER_CONCURRENCY
 * ("4" for every queue, or "settlement=4,import=1"), HISOB_JOB_LOCK_MS, HISOB_JOB_STALLED_INTERVAL_MS,
 * HISOB_JOB_MAX_STALLED.
 */
export function readJobConfig(env: Env = process.env): JobConfig {
  const redisUrl = nonEmpty(env.REDIS_URL);
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    throw new JobConfigError(`REDIS_URL must start with redis:// or rediss://, got ${redisUrl}`);
  }
  const prefix = nonEmpty(env.HISOB_QUEUE_PREFIX) ?? DEFAULT_JOB_CONFIG.prefix;
  if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) {
    throw new JobConfigError(`HISOB_QUEUE_PREFIX may hold only letters, digits, '_', '.', '-': ${prefix}`);
  }
  const lockDurationMs = readInt(env, 'HISOB_JOB_LOCK_MS', DEFAULT_JOB_CONFIG.lockDurationMs, 1000);
  const stalledIntervalMs = readInt(env, 'HISOB_JOB_STALLED_INTERVAL_MS', DEFAULT_JOB_CONFIG.stalledIntervalMs, 100);
  const maxStalledCount = readInt(env, 'HISOB_JOB_MAX_STALLED', DEFAULT_JOB_CONFIG.maxStalledCount, 0);
  const queues = parseQueues(nonEmpty(env.HISOB_WORKER_QUEUES));
  const concurrency = parseConcurrency(nonEmpty(env.HISOB_WORKER_CONCURRENCY));
  return { redisUrl, prefix, queues, concurrency, lockDurationMs, stalledIntervalMs, maxStalledCount };
}

export function parseQueues(value: string | undefined): QueueName[] {
  if (value === undefined) return [...ALL_QUEUES];
  const queues = value.split(',').map((name) => name.trim());
  for (const name of queues) assertQueueName('HISOB_WORKER_QUEUES', name);
  return ALL_QUEUES.filter((queue) => queues.includes(queue));
}

export function parseConcurrency(value: string | undefined): Partial<Record<QueueName, number>> {
  if (value === undefined) return {};
  const result: Partial<Record<QueueName, number>> = {};
  if (/^\d+$/.test(value)) {
    const n = positiveInt('HISOB_WORKER_CONCURRENCY', value);
    for (const queue of ALL_QUEUES) result[queue] = n;
    return result;
  }
  for (const entry of value.split(',')) {
    const match = /^\s*([a-z-]+)\s*=\s*(\d+)\s*$/.exec(entry);
    if (!match) {
      throw new JobConfigError(
        `HISOB_WORKER_CONCURRENCY must be a number or a list like "settlement=4,import=1", got ${JSON.stringify(value)}`,
      );
    }
    const queue = match[1] as QueueName;
    if (!ALL_QUEUES.includes(queue)) {
      throw new JobConfigError(
        `HISOB_WORKER_CONCURRENCY names an unknown queue ${match[1]} (known: ${ALL_QUEUES.join(', ')})`,
      );
    }
    result[queue] = positiveInt('HISOB_WORKER_CONCURRENCY', match[2]);
  }
  return result;
}

function assertQueueName(key: string, name: string): asserts name is QueueName {
  if (!(ALL_QUEUES as readonly string[]).includes(name)) {
    throw new JobConfigError(`${key} names an unknown queue ${name} (known: ${ALL_QUEUES.join(', ')})`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function readInt(env: Env, key: string, fallback: number, min: number): number {
  const raw = nonEmpty(env[key]);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) {
    throw new JobConfigError(`${key} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

function positiveInt(key: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new JobConfigError(`${key}: concurrency must be ≥ 1, got ${raw}`);
  return n;
}
