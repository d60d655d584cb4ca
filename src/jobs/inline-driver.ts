// The inline driver: the same handlers and the same rules as on BullMQ, run inside this process. It is the
// embedded default (no REDIS_URL) and what the CLI and most tests use. Nothing survives a restart.
import {
  ALL_QUEUES,
  backoffDelayMs,
  concurrencyOf,
  definitionOf,
  JobName,
  JobOverrides,
  JobPayloads,
  jobNamesOf,
  QUEUE_DEFINITIONS,
  QueueName,
  queueOf,
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
import { assertJobId } from './job-id';

export interface InlineDriverOptions {
  /** Jobs run at once per queue, overriding the catalogue defaults. */
  concurrency?: Partial<Record<QueueName, number>>;
  jobs?: JobOverrides;
}

interface InlineJob {
  key: string;
  id: string;
  name: JobName;
  queue: QueueName;
  payload: unknown;
  state: JobState;
  attemptsMade: number;
  progress: number;
  logs: string[];
  returnValue?: unknown;
  failedReason?: string;
  finishedAt?: number;
  parentKey?: string;
  pendingChildren: Set<string>;
  childResults: Map<string, unknown>;
}

export class InlineJobDriver implements JobDriver {
  readonly kind = 'inline' as const;
  private readonly jobs = new Map<string, InlineJob>();
  private readonly waiting = new Map<QueueName, InlineJob[]>(ALL_QUEUES.map((q) => [q, []]));
  private readonly activeCount = new Map<QueueName, number>(ALL_QUEUES.map((q) => [q, 0]));
  private readonly finished = new Map<QueueName, { completed: string[]; failed: string[] }>(
    ALL_QUEUES.map((q) => [q, { completed: [], failed: [] }]),
  );
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly served = new Set<QueueName>();
  private idleWaiters: Array<() => void> = [];
  private handlers: JobHandlers = {};
  private started = false;
  private closing = false;

  constructor(private readonly options: InlineDriverOptions = {}) {}

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: { jobId: string }): Promise<void> {
    this.assertOpen();
    assertJobId(opts.jobId);
    const key = keyOf(name, opts.jobId);
    if (this.jobs.has(key)) return; // same id still stored: no-op, as on BullMQ
    const job = this.createJob({ name, payload, jobId: opts.jobId } as AnyJobRef, 'waiting');
    this.pushWaiting(job);
  }

  async enqueueFlow(flow: FlowSpec): Promise<void> {
    this.assertOpen();
    const parentKey = keyOf(flow.parent.name, flow.parent.jobId);
    assertJobId(flow.parent.jobId);
    for (const child of flow.children) assertJobId(child.jobId);
    if (this.jobs.has(parentKey)) return; // the flow was added before: its children came with it
    // Validate everything before changing anything, so a bad flow leaves no half of itself behind.
    const childKeys = new Set<string>();
    for (const child of flow.children) {
      const key = keyOf(child.name, child.jobId);
      if (key === parentKey || childKeys.has(key)) throw new Error(`flow lists job ${key} twice`);
      childKeys.add(key);
      const existing = this.jobs.get(key);
      if (existing?.parentKey !== undefined && this.jobs.has(existing.parentKey)) {
        throw new Error(`job ${key} already belongs to flow parent ${existing.parentKey}`);
      }
    }

    const parent = this.createJob(flow.parent, 'waiting-children');
    let failedChild: InlineJob | undefined;
    for (const ref of flow.children) {
      const existing = this.jobs.get(keyOf(ref.name, ref.jobId));
      const child = existing ?? this.createJob(ref, 'waiting');
      child.parentKey = parent.key;
      if (child.state === 'completed') parent.childResults.set(child.id, child.returnValue);
      else if (child.state === 'failed') failedChild ??= child;
      else parent.pendingChildren.add(child.key);
      if (!existing) this.pushWaiting(child);
    }
    if (failedChild) this.failForGood(parent, `child ${failedChild.key} failed`);
    else if (parent.pendingChildren.size === 0) this.release(parent);
  }

  async startWorkers(handlers: JobHandlers, opts: StartWorkersOptions = {}): Promise<void> {
    this.assertOpen();
    if (this.started) throw new Error('startWorkers was already called on this driver');
    const queues = opts.queues ?? ALL_QUEUES;
    assertHandlersComplete(handlers, jobNamesOf(queues));
    this.handlers = handlers;
    this.started = true;
    for (const queue of queues) this.served.add(queue);
    for (const queue of queues) this.pump(queue);
  }

  async getJob(name: JobName, jobId: string): Promise<JobSnapshot | undefined> {
    const job = this.jobs.get(keyOf(name, jobId));
    if (!job) return undefined;
    return {
      jobId: job.id,
      name: job.name,
      state: job.state,
      progress: job.progress,
      attemptsMade: job.attemptsMade,
      returnValue: job.returnValue,
      failedReason: job.failedReason,
      logs: [...job.logs],
    };
  }

  /** Resolves once the served queues have nothing waiting, running or scheduled for retry. */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    for (const { controller } of this.running.values()) controller.abort(new Error('job driver closing'));
    await Promise.all([...this.running.values()].map((r) => r.done));
    this.notifyIfIdle();
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('job driver is closed');
  }

  private createJob(ref: AnyJobRef, state: JobState): InlineJob {
    const queue = queueOf(ref.name);
    const job: InlineJob = {
      key: keyOf(ref.name, ref.jobId),
      id: ref.jobId,
      name: ref.name,
      queue,
      payload: jsonRoundTrip(ref.payload), // what BullMQ would store: Decimals, Dates, undefined do not survive
      state,
      attemptsMade: 0,
      progress: 0,
      logs: [],
      pendingChildren: new Set(),
      childResults: new Map(),
    };
    this.jobs.set(job.key, job);
    return job;
  }

  private pushWaiting(job: InlineJob): void {
    job.state = 'waiting';
    this.waiting.get(job.queue)!.push(job);
    this.pump(job.queue);
  }

  /** Starts as many waiting jobs as the queue's concurrency allows, each on its own event-loop turn. */
  private pump(queue: QueueName): void {
    if (this.closing || !this.served.has(queue)) return;
    const limit = concurrencyOf(queue, this.options.concurrency);
    const waiting = this.waiting.get(queue)!;
    while (this.activeCount.get(queue)! < limit && waiting.length > 0) {
      const job = waiting.shift()!;
      this.activeCount.set(queue, this.activeCount.get(queue)! + 1);
      job.state = 'active';
      const controller = new AbortController();
      const done = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => this.run(job, controller.signal))
        .finally(() => {
          this.running.delete(job.key);
          this.activeCount.set(queue, this.activeCount.get(queue)! - 1);
          this.pump(queue);
          this.notifyIfIdle();
        });
      this.running.set(job.key, { controller, done });
    }
  }

  private async run(job: InlineJob, signal: AbortSignal): Promise<void> {
    const handler = handlerFor(this.handlers, job.name);
    const ctx: JobContext = {
      jobId: job.id,
      name: job.name,
      attempt: job.attemptsMade + 1,
      signal,
      updateProgress: async (percent) => {
        assertProgress(percent);
        job.progress = percent;
      },
      log: async (message) => {
        job.logs.push(message);
      },
      childResults: async <T>() => jsonRoundTrip(Object.fromEntries(job.childResults)) as Record<string, T>,
    };
    try {
      if (!handler) throw new PermanentJobError(`no handler for job ${job.name}`);
      const result = await handler(jsonRoundTrip(job.payload) as never, ctx);
      this.complete(job, jsonRoundTrip(result) ?? null);
    } catch (error) {
      // Stopped by close(): handed back without using an attempt, like the BullMQ driver does.
      if (this.closing && signal.aborted) job.state = 'waiting';
      else this.handleFailure(job, error);
    }
  }

  private complete(job: InlineJob, result: unknown): void {
    job.attemptsMade += 1;
    job.state = 'completed';
    job.returnValue = result;
    job.finishedAt = Date.now();
    const parent = job.parentKey !== undefined ? this.jobs.get(job.parentKey) : undefined;
    if (parent && parent.pendingChildren.delete(job.key)) {
      parent.childResults.set(job.id, result);
      if (parent.pendingChildren.size === 0 && parent.state === 'waiting-children') this.release(parent);
    }
    this.retain(job);
  }

  private handleFailure(job: InlineJob, error: unknown): void {
    job.attemptsMade += 1;
    const reason = error instanceof Error ? error.message : String(error);
    const { attempts, backoff } = definitionOf(job.name, this.options.jobs);
    if (error instanceof PermanentJobError || job.attemptsMade >= attempts) {
      this.failForGood(job, reason);
      return;
    }
    job.failedReason = reason;
    if (this.closing) {
      job.state = 'waiting'; // no retry timers after close(); the job would wait for the next start
      return;
    }
    job.state = 'delayed';
    const timer = setTimeout(
      () => {
        this.retryTimers.delete(timer);
        if (!this.closing) this.pushWaiting(job);
      },
      backoffDelayMs(backoff, job.attemptsMade),
    );
    this.retryTimers.add(timer);
  }

  /** Marks a job failed after its last try and fails its flow parent (which then never runs). */
  private failForGood(job: InlineJob, reason: string): void {
    job.state = 'failed';
    job.failedReason = reason;
    job.finishedAt = Date.now();
    const parent = job.parentKey !== undefined ? this.jobs.get(job.parentKey) : undefined;
    if (parent && parent.pendingChildren.delete(job.key) && parent.state === 'waiting-children') {
      this.failForGood(parent, `child ${job.key} failed`);
    }
    this.retain(job);
  }

  private release(parent: InlineJob): void {
    this.pushWaiting(parent);
  }

  /** Keeps finished jobs within the queue's retention, like BullMQ's removeOnComplete/removeOnFail. */
  private retain(job: InlineJob): void {
    if (job.state !== 'completed' && job.state !== 'failed') return;
    const rule =
      job.state === 'completed'
        ? QUEUE_DEFINITIONS[job.queue].removeOnComplete
        : QUEUE_DEFINITIONS[job.queue].removeOnFail;
    const list = this.finished.get(job.queue)![job.state];
    list.push(job.key); // in finishing order, so the oldest is always at the head
    const oldestKept = Date.now() - rule.ageSeconds * 1000;
    while (list.length > 0) {
      const head = this.jobs.get(list[0]);
      if (head && list.length <= rule.count && (head.finishedAt ?? 0) >= oldestKept) break;
      list.shift();
      if (head) this.jobs.delete(head.key);
    }
  }

  private isIdle(): boolean {
    if (this.running.size > 0 || this.retryTimers.size > 0) return false;
    for (const queue of this.served) if (this.waiting.get(queue)!.length > 0) return false;
    return true;
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function keyOf(name: JobName, jobId: string): string {
  // Ids are unique per queue, as on BullMQ.
  return `${queueOf(name)}/${jobId}`;
}

function jsonRoundTrip(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
