// The queue driver interface. Feature modules enqueue jobs and provide handlers through it; whether jobs run
// on BullMQ (REDIS_URL set) or in-process (inline driver) is decided once, in create-driver.ts.
import { isJobName, JobName, JobPayloads, QueueName } from './catalogue';

/** What a handler gets besides its payload. */
export interface JobContext {
  readonly jobId: string;
  readonly name: JobName;
  /** 1 on the first try, 2 on the first retry, … A redelivery after a crashed worker keeps the number. */
  readonly attempt: number;
  /** Aborted when the driver closes (or BullMQ cancels the job): long handlers should stop at a safe point. */
  readonly signal: AbortSignal;
  /** Progress as a percentage, 0–100. */
  updateProgress(percent: number): Promise<void>;
  log(message: string): Promise<void>;
  /** Results of this job's flow children, keyed by child job id ({} for a job without children). */
  childResults<T = unknown>(): Promise<Record<string, T>>;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], ctx: JobContext) => Promise<unknown>;

export type JobHandlers = { [N in JobName]?: JobHandler<N> };

/** One job to enqueue: name, typed payload and its deterministic id. */
export interface JobRef<N extends JobName = JobName> {
  name: N;
  payload: JobPayloads[N];
  jobId: string;
}

/** Any job of the catalogue, with the payload type tied to its name (for mixed lists such as flow children). */
export type AnyJobRef = { [N in JobName]: JobRef<N> }[JobName];

/** Builds a JobRef with the payload checked against the name. */
export function jobRef<N extends JobName>(name: N, payload: JobPayloads[N], jobId: string): JobRef<N> {
  return { name, payload, jobId };
}

export interface FlowSpec {
  /** Runs only after every child has completed; reads their results with ctx.childResults(). */
  parent: AnyJobRef;
  children: AnyJobRef[];
}

export type JobState = 'waiting' | 'waiting-children' | 'delayed' | 'active' | 'completed' | 'failed';

/** A point-in-time view of one job, for progress reporting and tests. */
export interface JobSnapshot {
  jobId: string;
  name: JobName;
  state: JobState;
  progress: number;
  /** Tries that have finished (failed or completed). */
  attemptsMade: number;
  returnValue?: unknown;
  failedReason?: string;
  logs: string[];
}

export interface StartWorkersOptions {
  /** Queues this process serves (default: all). Handlers are required for every job of these queues. */
  queues?: readonly QueueName[];
}

export interface JobDriver {
  readonly kind: 'bullmq' | 'inline';
  /** Adds a job; a job with the same id that is still stored (waiting, running or finished) makes this a no-op. */
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: { jobId: string }): Promise<void>;
  /**
   * Adds a parent and its children atomically. The parent runs after all children completed; when a child
   * fails for good (attempts used up) the parent is marked failed without running. Same-id no-op rule.
   */
  enqueueFlow(flow: FlowSpec): Promise<void>;
  /** Starts running jobs of the served queues; first checks that every job of those queues has a handler. */
  startWorkers(handlers: JobHandlers, opts?: StartWorkersOptions): Promise<void>;
  getJob(name: JobName, jobId: string): Promise<JobSnapshot | undefined>;
  /** Stops taking jobs, lets running ones finish, releases connections. */
  close(): Promise<void>;
}

/** Thrown by a handler for a failure that a retry cannot fix (bad input): the job fails at once. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

export class JobHandlerError extends Error {
  override readonly name = 'JobHandlerError';
}

/**
 * Start-up check: every job in `names` has a handler, and no handler is registered under a name the
 * catalogue does not know. Handlers for catalogue jobs of other queues are allowed, because every process
 * boots the same modules and serves a subset of the queues.
 */
export function assertHandlersComplete(handlers: JobHandlers, names: readonly JobName[]): void {
  const missing = names.filter((name) => typeof handlers[name] !== 'function');
  const extra = Object.keys(handlers).filter((key) => !isJobName(key));
  if (missing.length === 0 && extra.length === 0) return;
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`no handler for job(s): ${missing.join(', ')}`);
  if (extra.length > 0) parts.push(`handler(s) for job name(s) not in the catalogue: ${extra.join(', ')}`);
  throw new JobHandlerError(`job handlers incomplete: ${parts.join('; ')}`);
}

/** Combines the handler maps contributed by several modules; a job name handled twice is an error. */
export function mergeHandlers(...parts: JobHandlers[]): JobHandlers {
  const merged: Record<string, unknown> = {};
  const duplicates = new Set<string>();
  for (const part of parts) {
    for (const [name, handler] of Object.entries(part)) {
      if (handler === undefined) continue;
      if (name in merged) duplicates.add(name);
      merged[name] = handler;
    }
  }
  if (duplicates.size > 0) {
    throw new JobHandlerError(`more than one handler for job(s): ${[...duplicates].join(', ')}`);
  }
  return merged as JobHandlers;
}

/** The handler for a job name, typed loosely for the drivers' dispatch (payloads arrive as parsed JSON). */
export function handlerFor(handlers: JobHandlers, name: string): JobHandler<JobName> | undefined {
  if (!isJobName(name)) return undefined;
  return handlers[name] as JobHandler<JobName> | undefined;
}

export function assertProgress(percent: number): void {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`job progress must be a percentage between 0 and 100, got ${percent}`);
  }
}
