// The job catalogue: every queue, every job name, the payload each job carries, and how each is retried
// and retained. Both drivers read only this table, so a job behaves the same inline and on BullMQ.
//
// Payloads carry ids and small numbers only: the state a job works on lives in the database, so a payload
// stays valid when the job is delivered twice or late. They must survive a JSON round trip (no Decimal,
// Date or Map): BullMQ stores them as JSON and the inline driver round-trips them the same way.

export enum QueueName {
  Settlement = 'settlement',
  Import = 'import',
  Maintenance = 'maintenance',
}

export enum JobName {
  /** Cuts a requested run into chunks and capitation parts, then enqueues the run's flow. */
  SettlementPlan = 'settlement.plan',
  /** Prices one chunk (a few thousand cases) of a run and writes its lines. */
  SettlementChunk = 'settlement.chunk',
  /** Computes capitation for one part (a slice of the facilities) of a run. */
  SettlementCapitation = 'settlement.capitation',
  /** Flow parent: runs once every chunk and capitation part of the run has completed; writes totals. */
  SettlementFinalize = 'settlement.finalize',
  /** Loads an uploaded enrolment register snapshot. */
  ImportEnrolment = 'import.enrolment',
  /** Loads an uploaded batch of cases (claims). */
  ImportCases = 'import.cases',
  /** Deletes expired scratch data (simulation scenarios, import staging rows). */
  MaintenanceCleanup = 'maintenance.cleanup',
}

export interface JobPayloads {
  [JobName.SettlementPlan]: { runId: string };
  [JobName.SettlementChunk]: { runId: string; chunkNo: number; chunkCount: number };
  [JobName.SettlementCapitation]: { runId: string; partNo: number; partCount: number };
  [JobName.SettlementFinalize]: { runId: string; chunkCount: number; capitationPartCount: number };
  [JobName.ImportEnrolment]: { importId: string };
  [JobName.ImportCases]: { importId: string };
  /** `before` is an ISO date (YYYY-MM-DD): data that expired before it is removed. */
  [JobName.MaintenanceCleanup]: { before: string };
}

export interface BackoffPolicy {
  /** fixed: the same delay before every retry; exponential: delayMs × 2^(retry − 1). */
  type: 'fixed' | 'exponential';
  delayMs: number;
}

export interface JobDefinition {
  queue: QueueName;
  /** Total tries, the first one included (1 = never retried). */
  attempts: number;
  backoff: BackoffPolicy;
}

/** How many finished jobs to keep, for inspection and so a re-enqueue with the same id stays a no-op. */
export interface Retention {
  /** Seconds a finished job is kept. */
  ageSeconds: number;
  /** At most this many finished jobs are kept per queue. */
  count: number;
}

export interface QueueDefinition {
  /** Jobs one worker process runs at once on this queue (overridable by configuration). */
  concurrency: number;
  removeOnComplete: Retention;
  removeOnFail: Retention;
}

const DAY_SECONDS = 24 * 60 * 60;

export const JOB_DEFINITIONS: { readonly [N in JobName]: JobDefinition } = {
  [JobName.SettlementPlan]: {
    queue: QueueName.Settlement,
    attempts: 3,
    backoff: { type: 'exponential', delayMs: 2000 },
  },
  [JobName.SettlementChunk]: {
    queue: QueueName.Settlement,
    attempts: 5,
    backoff: { type: 'exponential', delayMs: 2000 },
  },
  [JobName.SettlementCapitation]: {
    queue: QueueName.Settlement,
    attempts: 5,
    backoff: { type: 'exponential', delayMs: 2000 },
  },
  [JobName.SettlementFinalize]: {
    queue: QueueName.Settlement,
    attempts: 5,
    backoff: { type: 'exponential', delayMs: 2000 },
  },
  // An import reads a whole file; a retry re-reads it from the start, so a few spaced tries are enough.
  [JobName.ImportEnrolment]: { queue: QueueName.Import, attempts: 3, backoff: { type: 'exponential', delayMs: 5000 } },
  [JobName.ImportCases]: { queue: QueueName.Import, attempts: 3, backoff: { type: 'exponential', delayMs: 5000 } },
  [JobName.MaintenanceCleanup]: {
    queue: QueueName.Maintenance,
    attempts: 2,
    backoff: { type: 'fixed', delayMs: 60000 },
  },
};

export const QUEUE_DEFINITIONS: { readonly [Q in QueueName]: QueueDefinition } = {
  // A run of a million cases is a few hundred chunk jobs; keeping 20,000 covers many runs for a week.
  [QueueName.Settlement]: {
    concurrency: 2,
    removeOnComplete: { ageSeconds: 7 * DAY_SECONDS, count: 20000 },
    removeOnFail: { ageSeconds: 30 * DAY_SECONDS, count: 20000 },
  },
  // Imports hold a file stream and a COPY each: one at a time per process.
  [QueueName.Import]: {
    concurrency: 1,
    removeOnComplete: { ageSeconds: 7 * DAY_SECONDS, count: 1000 },
    removeOnFail: { ageSeconds: 30 * DAY_SECONDS, count: 1000 },
  },
  [QueueName.Maintenance]: {
    concurrency: 1,
    removeOnComplete: { ageSeconds: 1 * DAY_SECONDS, count: 100 },
    removeOnFail: { ageSeconds: 30 * DAY_SECONDS, count: 100 },
  },
};

/** Per-job changes to attempts and backoff (tests use them for fast retries). */
export type JobOverrides = { readonly [N in JobName]?: Partial<Pick<JobDefinition, 'attempts' | 'backoff'>> };

export function definitionOf(name: JobName, overrides: JobOverrides = {}): JobDefinition {
  return { ...JOB_DEFINITIONS[name], ...overrides[name] };
}

export function concurrencyOf(queue: QueueName, overrides: Partial<Record<QueueName, number>> = {}): number {
  return overrides[queue] ?? QUEUE_DEFINITIONS[queue].concurrency;
}

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);
export const ALL_JOB_NAMES: readonly JobName[] = Object.values(JobName);

export function queueOf(name: JobName): QueueName {
  return JOB_DEFINITIONS[name].queue;
}

/** The job names carried by the given queues, in catalogue order. */
export function jobNamesOf(queues: readonly QueueName[]): JobName[] {
  return ALL_JOB_NAMES.filter((name) => queues.includes(JOB_DEFINITIONS[name].queue));
}

export function isJobName(value: string): value is JobName {
  return (ALL_JOB_NAMES as readonly string[]).includes(value);
}

/** Milliseconds to wait before try number `retry` (1 = the first retry, after the first failure). */
export function backoffDelayMs(policy: BackoffPolicy, retry: number): number {
  return policy.type === 'fixed' ? policy.delayMs : policy.delayMs * 2 ** (retry - 1);
}
