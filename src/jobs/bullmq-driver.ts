// The BullMQ driver: one BullMQ queue per catalogue queue, flows through FlowProducer, and a Worker per
// served queue. Several worker processes on several machines can serve the same queues; BullMQ hands each
// job to one of them at a time and gives a job back to the queue when its worker stops renewing the lock.
import { FlowProducer, Job, JobsOptions, Queue, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import {
  ALL_QUEUES,
  concurrencyOf,
  definitionOf,
  JobName,
  JobOverrides,
  JobPayloads,
  jobNamesOf,
  QUEUE_DEFINITIONS,
  QueueName,
  queueOf,
  Retention,
} from './catalogue';
import {
  AnyJobRef,
  assertHandlersComplete,
  assertProgress,
  FlowSpec,
  handlerFor,
  JobContext,
  JobDriver,
  JobHandlers,
  JobSnapshot,
  JobState,
  PermanentJobError,
  StartWorkersOptions,
} from './driver';
import { DEFAULT_JOB_CONFIG } from './job-config';
import { assertJobId } from './job-id';

export interface BullMqDriverOptions {
  /** A redis:// URL (the driver opens and closes its own connection) or a client the caller owns. */
  connection: string | Redis;
  /** Key namespace: every key is `<prefix>:<queue>:…`. */
  prefix?: string;
  concurrency?: Partial<Record<QueueName, number>>;
  jobs?: JobOverrides;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  maxStalledCount?: number;
  /** Connection and worker errors that belong to no job (default: written to stderr). */
  onError?: (error: Error, queue?: QueueName) => void;
}

const CLOSING_REASON = 'job driver closing';

export class BullMqJobDriver implements JobDriver {
  readonly kind = 'bullmq' as const;
  readonly prefix: string;
  private readonly redis: Redis;
  private readonly ownsConnection: boolean;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers = new Map<QueueName, Worker>();
  private flowProducer?: FlowProducer;
  private closing = false;

  constructor(private readonly options: BullMqDriverOptions) {
    this.prefix = options.prefix ?? DEFAULT_JOB_CONFIG.prefix;
    if (typeof options.connection === 'string') {
      // BullMQ workers block on Redis; a per-request retry limit would make them throw instead of waiting.
      this.redis = new Redis(options.connection, { maxRetriesPerRequest: null });
      this.ownsConnection = true;
    } else {
      this.redis = options.connection;
      this.ownsConnection = false;
    }
    this.redis.on('error', (error: Error) => this.reportError(error));
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: { jobId: string }): Promise<void> {
    this.assertOpen();
    assertJobId(opts.jobId);
    // With an id that is still stored BullMQ adds nothing (it emits a 'duplicated' event instead).
    await this.queue(queueOf(name)).add(name, payload, this.jobOptions(name, opts.jobId));
  }

  async enqueueFlow(flow: FlowSpec): Promise<void> {
    this.assertOpen();
    assertJobId(flow.parent.jobId);
    for (const child of flow.children) assertJobId(child.jobId);
    const node = (ref: AnyJobRef, extra: Partial<JobsOptions> = {}) => ({
      name: ref.name,
      queueName: queueOf(ref.name),
      data: ref.payload,
      opts: { ...this.jobOptions(ref.name, ref.jobId), ...extra },
    });
    const parent = node(flow.parent);
    if (flow.children.length === 0) {
      await this.producer().add(parent);
      return;
    }
    // failParentOnFailure: a child whose attempts are used up fails the parent, which then never runs.
    const children = flow.children.map((child) => node(child, { failParentOnFailure: true }));
    await this.producer().add({ ...parent, children });
  }

  async startWorkers(handlers: JobHandlers, opts: StartWorkersOptions = {}): Promise<void> {
    this.assertOpen();
    if (this.workers.size > 0) throw new Error('startWorkers was already called on this driver');
    const queues = opts.queues ?? ALL_QUEUES;
    assertHandlersComplete(handlers, jobNamesOf(queues));
    for (const queue of queues) {
      const worker = new Worker(queue, (job, token, signal) => this.process(handlers, job, token, signal), {
        connection: this.redis,
        prefix: this.prefix,
        concurrency: concurrencyOf(queue, this.options.concurrency),
        lockDuration: this.options.lockDurationMs ?? DEFAULT_JOB_CONFIG.lockDurationMs,
        stalledInterval: this.options.stalledIntervalMs ?? DEFAULT_JOB_CONFIG.stalledIntervalMs,
        maxStalledCount: this.options.maxStalledCount ?? DEFAULT_JOB_CONFIG.maxStalledCount,
      });
      worker.on('error', (error) => this.reportError(error, queue));
      this.workers.set(queue, worker);
    }
    await Promise.all([...this.workers.values()].map((worker) => worker.waitUntilReady()));
  }

  async getJob(name: JobName, jobId: string): Promise<JobSnapshot | undefined> {
    const queue = this.queue(queueOf(name));
    // State first, data second: a completed job stays completed, so data read after it carries the result.
    const state = await queue.getJobState(jobId);
    if (state === 'unknown') return undefined;
    const [job, logs] = await Promise.all([queue.getJob(jobId), queue.getJobLogs(jobId, 0, -1)]);
    if (!job?.id) return undefined;
    return {
      jobId: job.id,
      name: job.name as JobName,
      state: toJobState(state),
      progress: typeof job.progress === 'number' ? job.progress : 0,
      attemptsMade: job.attemptsMade,
      returnValue: state === 'completed' ? (job.returnvalue ?? null) : undefined,
      failedReason: job.failedReason || undefined,
      logs: logs.logs,
    };
  }

  /**
   * Running jobs get an aborted signal; a handler that stops on it is handed back to the queue without
   * using up an attempt, and another worker picks it up. Handlers that ignore the signal are awaited.
   */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const worker of this.workers.values()) worker.cancelAllJobs(CLOSING_REASON);
    await Promise.all([...this.workers.values()].map((worker) => worker.close()));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await this.flowProducer?.close();
    if (this.ownsConnection) await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private async process(handlers: JobHandlers, job: Job, token?: string, signal?: AbortSignal): Promise<unknown> {
    const handler = handlerFor(handlers, job.name);
    // A newer producer may enqueue a job this worker version does not know: retrying here cannot help.
    if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
    const ctx: JobContext = {
      jobId: job.id!,
      name: job.name as JobName,
      attempt: job.attemptsMade + 1,
      signal: signal ?? new AbortController().signal,
      updateProgress: async (percent) => {
        assertProgress(percent);
        await job.updateProgress(percent);
      },
      log: async (message) => {
        await job.log(message);
      },
      childResults: async <T>() => childResultsById<T>((await job.getChildrenValues<T>()) ?? {}),
    };
    try {
      return (await handler(job.data, ctx)) ?? null;
    } catch (error) {
      if (this.closing && signal?.aborted && token) {
        await job.moveToWait(token);
        throw new WaitingError();
      }
      if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  private jobOptions(name: JobName, jobId: string): JobsOptions {
    const { attempts, backoff, queue } = definitionOf(name, this.options.jobs);
    const { removeOnComplete, removeOnFail } = QUEUE_DEFINITIONS[queue];
    return {
      jobId,
      attempts,
      backoff: { type: backoff.type, delay: backoff.delayMs },
      removeOnComplete: keepJobs(removeOnComplete),
      removeOnFail: keepJobs(removeOnFail),
    };
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis, prefix: this.prefix });
      queue.on('error', (error) => this.reportError(error, name));
      this.queues.set(name, queue);
    }
    return queue;
  }

  private producer(): FlowProducer {
    if (!this.flowProducer) {
      this.flowProducer = new FlowProducer({ connection: this.redis, prefix: this.prefix });
      this.flowProducer.on('error', (error) => this.reportError(error));
    }
    return this.flowProducer;
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('job driver is closed');
  }

  private reportError(error: Error, queue?: QueueName): void {
    if (this.options.onError) this.options.onError(error, queue);
    else console.error(`[jobs${queue ? `:${queue}` : ''}] ${error.message}`);
  }
}

function keepJobs(retention: Retention): { age: number; count: number } {
  return { age: retention.ageSeconds, count: retention.count };
}

function toJobState(state: string): JobState {
  switch (state) {
    case 'prioritized':
    case 'waiting':
      return 'waiting';
    case 'waiting-children':
    case 'delayed':
    case 'active':
    case 'completed':
    case 'failed':
      return state;
    default:
      throw new Error(`unexpected BullMQ job state ${state}`);
  }
}

/** BullMQ keys child results by the child's full Redis key (`prefix:queue:id`); ids cannot hold ':'. */
function childResultsById<T>(values: Record<string, T>): Record<string, T> {
  const byId: Record<string, T> = {};
  for (const [key, value] of Object.entries(values)) byId[key.slice(key.lastIndexOf(':') + 1)] = value;
  return byId;
}
