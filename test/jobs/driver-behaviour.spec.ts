// One behavioural spec, run against both drivers: whatever a handler can observe must not depend on
// whether jobs run in-process or through BullMQ on the real Redis.
import { BullMqJobDriver } from '../../src/jobs/bullmq-driver';
import { JobName, JobOverrides, JobPayloads, QueueName } from '../../src/jobs/catalogue';
import { JobContext, JobDriver, JobHandlers, jobRef, PermanentJobError } from '../../src/jobs/driver';
import { InlineJobDriver } from '../../src/jobs/inline-driver';
import { JobIdError } from '../../src/jobs/job-id';
import { assertRedisReachable, deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from './support/redis';
import { gate, waitForState, waitUntil } from './support/wait';

interface LegOptions {
  concurrency?: Partial<Record<QueueName, number>>;
  jobs?: JobOverrides;
}

interface Leg {
  name: string;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** A new driver on fresh, empty storage. */
  create(opts?: LegOptions): JobDriver;
  /** A driver that sees the same jobs as `driver` (after `driver` was closed). */
  observer(driver: JobDriver): JobDriver;
}

const redisUrl = testRedisUrl();
const filePrefix = uniquePrefix('behaviour');
let prefixCounter = 0;

const inlineLeg: Leg = {
  name: 'inline',
  setup: async () => undefined,
  teardown: async () => undefined,
  create: (opts = {}) => new InlineJobDriver(opts),
  observer: (driver) => driver,
};

const bullmqLeg: Leg = {
  name: 'bullmq',
  setup: () => assertRedisReachable(redisUrl),
  teardown: async () => {
    await deleteKeysWithPrefix(redisUrl, filePrefix);
  },
  create: (opts = {}) =>
    new BullMqJobDriver({
      connection: redisUrl,
      prefix: `${filePrefix}-${++prefixCounter}`,
      concurrency: opts.concurrency,
      jobs: opts.jobs,
      lockDurationMs: 5000,
      stalledIntervalMs: 5000,
    }),
  observer: (driver) => new BullMqJobDriver({ connection: redisUrl, prefix: (driver as BullMqJobDriver).prefix }),
};

type Calls = Array<{ name: JobName; jobId: string; attempt: number }>;

/** Handlers for the whole settlement queue; jobs a test does not use fail loudly if they ever run. */
function settlementHandlers(calls: Calls, handlers: JobHandlers): JobHandlers {
  const record =
    <N extends JobName>(name: N) =>
    async (payload: JobPayloads[N], ctx: JobContext) => {
      calls.push({ name, jobId: ctx.jobId, attempt: ctx.attempt });
      const handler = handlers[name] as ((p: JobPayloads[N], c: JobContext) => Promise<unknown>) | undefined;
      if (!handler) throw new Error(`unexpected job ${name} ${ctx.jobId}`);
      return handler(payload, ctx);
    };
  return {
    [JobName.SettlementPlan]: record(JobName.SettlementPlan),
    [JobName.SettlementChunk]: record(JobName.SettlementChunk),
    [JobName.SettlementCapitation]: record(JobName.SettlementCapitation),
    [JobName.SettlementFinalize]: record(JobName.SettlementFinalize),
  };
}

const settlementOnly = { queues: [QueueName.Settlement] };
const fastRetries = (attempts: number): JobOverrides => ({
  [JobName.SettlementChunk]: { attempts, backoff: { type: 'fixed', delayMs: 10 } },
  [JobName.SettlementCapitation]: { attempts, backoff: { type: 'fixed', delayMs: 10 } },
});

describe.each([inlineLeg, bullmqLeg])('job driver behaviour: $name', (leg) => {
  const open: JobDriver[] = [];
  const create = (opts?: LegOptions) => {
    const driver = leg.create(opts);
    open.push(driver);
    return driver;
  };

  beforeAll(() => leg.setup());
  afterEach(async () => {
    await Promise.all(open.splice(0).map((driver) => driver.close()));
  });
  afterAll(() => leg.teardown());

  it('runs the handler with the typed payload and keeps its result', async () => {
    const driver = create();
    const calls: Calls = [];
    const seen: Array<JobPayloads[JobName.SettlementChunk]> = [];
    await driver.startWorkers(
      settlementHandlers(calls, {
        [JobName.SettlementChunk]: async (payload, ctx) => {
          seen.push(payload);
          return { runId: payload.runId, priced: payload.chunkNo * 1000, name: ctx.name };
        },
      }),
      settlementOnly,
    );
    await driver.enqueue(
      JobName.SettlementChunk,
      { runId: 'run-1', chunkNo: 3, chunkCount: 8 },
      { jobId: 'chunk.run-1.3' },
    );

    const done = await waitForState(driver, JobName.SettlementChunk, 'chunk.run-1.3', 'completed');
    expect(seen).toEqual([{ runId: 'run-1', chunkNo: 3, chunkCount: 8 }]);
    expect(calls).toEqual([{ name: JobName.SettlementChunk, jobId: 'chunk.run-1.3', attempt: 1 }]);
    expect(done.returnValue).toEqual({ runId: 'run-1', priced: 3000, name: 'settlement.chunk' });
    expect(done.attemptsMade).toBe(1);
    expect(await driver.getJob(JobName.SettlementChunk, 'no-such-job')).toBeUndefined();
  });

  it('runs a job once when the same job id is enqueued again, before or after it ran', async () => {
    // Concurrency 1 keeps the queue in order: once the later job is done, a duplicate would have run.
    const driver = create({ concurrency: { [QueueName.Settlement]: 1 } });
    const calls: Calls = [];
    await driver.startWorkers(
      settlementHandlers(calls, { [JobName.SettlementChunk]: async (payload) => payload.chunkNo }),
      settlementOnly,
    );
    const chunk = (chunkNo: number) => ({ runId: 'run-2', chunkNo, chunkCount: 3 });
    await driver.enqueue(JobName.SettlementChunk, chunk(1), { jobId: 'chunk.run-2.1' });
    await driver.enqueue(JobName.SettlementChunk, chunk(1), { jobId: 'chunk.run-2.1' });
    await driver.enqueue(JobName.SettlementChunk, chunk(2), { jobId: 'chunk.run-2.2' });
    await waitForState(driver, JobName.SettlementChunk, 'chunk.run-2.2', 'completed');
    await driver.enqueue(JobName.SettlementChunk, chunk(1), { jobId: 'chunk.run-2.1' });
    await driver.enqueue(JobName.SettlementChunk, chunk(3), { jobId: 'chunk.run-2.3' });
    await waitForState(driver, JobName.SettlementChunk, 'chunk.run-2.3', 'completed');

    expect(calls.map((c) => c.jobId)).toEqual(['chunk.run-2.1', 'chunk.run-2.2', 'chunk.run-2.3']);
  });

  it('rejects job ids that BullMQ cannot store', async () => {
    const driver = create();
    const payload = { runId: 'run-x', chunkNo: 1, chunkCount: 1 };
    await expect(driver.enqueue(JobName.SettlementChunk, payload, { jobId: 'chunk:1' })).rejects.toThrow(JobIdError);
    await expect(driver.enqueue(JobName.SettlementChunk, payload, { jobId: '42' })).rejects.toThrow(
      'job id must not be a plain integer: 42',
    );
  });

  it('runs the flow parent only after every child finished, with the children results', async () => {
    const driver = create();
    const calls: Calls = [];
    const events: string[] = [];
    const children = gate();
    await driver.startWorkers(
      settlementHandlers(calls, {
        [JobName.SettlementChunk]: async ({ chunkNo }) => {
          await children.promise;
          await new Promise((resolve) => setTimeout(resolve, 5 * (4 - chunkNo))); // finish out of order
          events.push(`chunk ${chunkNo} done`);
          return { chunkNo, cases: 1000 + chunkNo };
        },
        [JobName.SettlementCapitation]: async ({ partNo }) => {
          await children.promise;
          events.push(`capitation ${partNo} done`);
          return { partNo, facilities: 12 };
        },
        [JobName.SettlementFinalize]: async (payload, ctx) => {
          events.push('finalize started');
          return { payload, children: await ctx.childResults() };
        },
      }),
      settlementOnly,
    );
    const chunkRef = (chunkNo: number) =>
      jobRef(JobName.SettlementChunk, { runId: 'run-3', chunkNo, chunkCount: 3 }, `chunk.run-3.${chunkNo}`);
    const flow = {
      parent: jobRef(
        JobName.SettlementFinalize,
        { runId: 'run-3', chunkCount: 3, capitationPartCount: 1 },
        'finalize.run-3',
      ),
      children: [
        chunkRef(1),
        chunkRef(2),
        chunkRef(3),
        jobRef(JobName.SettlementCapitation, { runId: 'run-3', partNo: 1, partCount: 1 }, 'capitation.run-3.1'),
      ],
    };
    await driver.enqueueFlow(flow);

    const waitingParent = await waitForState(driver, JobName.SettlementFinalize, 'finalize.run-3', 'waiting-children');
    expect(waitingParent.name).toBe(JobName.SettlementFinalize);
    children.open();
    const parent = await waitForState(driver, JobName.SettlementFinalize, 'finalize.run-3', 'completed');

    expect(events).toHaveLength(5);
    expect(events[4]).toBe('finalize started');
    expect(parent.returnValue).toEqual({
      payload: { runId: 'run-3', chunkCount: 3, capitationPartCount: 1 },
      children: {
        'chunk.run-3.1': { chunkNo: 1, cases: 1001 },
        'chunk.run-3.2': { chunkNo: 2, cases: 1002 },
        'chunk.run-3.3': { chunkNo: 3, cases: 1003 },
        'capitation.run-3.1': { partNo: 1, facilities: 12 },
      },
    });

    // The same flow again is a no-op: nothing reruns (checked after a later job on the same queue is done).
    await driver.enqueueFlow(flow);
    await driver.enqueue(JobName.SettlementPlan, { runId: 'run-3b' }, { jobId: 'plan.run-3b' });
    await waitForState(driver, JobName.SettlementFinalize, 'finalize.run-3', 'completed');
    await waitUntil(async () => calls.length === 6, 'the later job to run');
    expect(calls.filter((c) => c.name === JobName.SettlementFinalize)).toHaveLength(1);
    expect(calls.filter((c) => c.name === JobName.SettlementChunk)).toHaveLength(3);
  });

  it('retries a failing child up to its attempts, then fails the parent without running it', async () => {
    const driver = create({ jobs: fastRetries(3) });
    const calls: Calls = [];
    await driver.startWorkers(
      settlementHandlers(calls, {
        [JobName.SettlementChunk]: async ({ chunkNo }, ctx) => {
          if (chunkNo === 1 && ctx.attempt === 1) throw new Error('chunk 1 hiccup');
          if (chunkNo === 2) throw new Error('chunk 2 broken');
          return { chunkNo };
        },
        [JobName.SettlementFinalize]: async () => 'finalized',
      }),
      settlementOnly,
    );
    await driver.enqueueFlow({
      parent: jobRef(
        JobName.SettlementFinalize,
        { runId: 'run-4', chunkCount: 2, capitationPartCount: 0 },
        'fin.run-4',
      ),
      children: [
        jobRef(JobName.SettlementChunk, { runId: 'run-4', chunkNo: 1, chunkCount: 2 }, 'chunk.run-4.1'),
        jobRef(JobName.SettlementChunk, { runId: 'run-4', chunkNo: 2, chunkCount: 2 }, 'chunk.run-4.2'),
      ],
    });

    const parent = await waitForState(driver, JobName.SettlementFinalize, 'fin.run-4', 'failed');
    const broken = await waitForState(driver, JobName.SettlementChunk, 'chunk.run-4.2', 'failed');
    const recovered = await waitForState(driver, JobName.SettlementChunk, 'chunk.run-4.1', 'completed');

    expect(parent.failedReason).toContain('chunk.run-4.2');
    expect(parent.failedReason).toMatch(/^child .* failed$/);
    expect(broken.attemptsMade).toBe(3);
    expect(broken.failedReason).toBe('chunk 2 broken');
    expect(recovered.attemptsMade).toBe(2);
    expect(recovered.returnValue).toEqual({ chunkNo: 1 });
    const attemptsOf = (jobId: string) => calls.filter((c) => c.jobId === jobId).map((c) => c.attempt);
    expect(attemptsOf('chunk.run-4.2')).toEqual([1, 2, 3]);
    expect(attemptsOf('chunk.run-4.1')).toEqual([1, 2]);
    expect(attemptsOf('fin.run-4')).toEqual([]);
  });

  it('does not retry a PermanentJobError', async () => {
    const driver = create({ jobs: fastRetries(3) });
    const calls: Calls = [];
    await driver.startWorkers(
      settlementHandlers(calls, {
        [JobName.SettlementCapitation]: async () => {
          throw new PermanentJobError('tariff book 2025-07 has no capitation table');
        },
      }),
      settlementOnly,
    );
    await driver.enqueue(
      JobName.SettlementCapitation,
      { runId: 'run-5', partNo: 1, partCount: 1 },
      { jobId: 'cap.run-5' },
    );

    const failed = await waitForState(driver, JobName.SettlementCapitation, 'cap.run-5', 'failed');
    expect(failed.failedReason).toBe('tariff book 2025-07 has no capitation table');
    expect(failed.attemptsMade).toBe(1);
    expect(calls).toHaveLength(1);
  });

  it('makes progress and log lines visible while the job runs', async () => {
    const driver = create();
    const release = gate();
    await driver.startWorkers(
      settlementHandlers([], {
        [JobName.SettlementChunk]: async (_payload, ctx) => {
          await ctx.updateProgress(40);
          await ctx.log('priced 2000 of 5000 cases');
          await release.promise;
          await ctx.updateProgress(100);
          return 'ok';
        },
      }),
      settlementOnly,
    );
    await driver.enqueue(
      JobName.SettlementChunk,
      { runId: 'run-6', chunkNo: 1, chunkCount: 1 },
      { jobId: 'chunk.run-6.1' },
    );

    const running = await waitUntil(async () => {
      const job = await driver.getJob(JobName.SettlementChunk, 'chunk.run-6.1');
      return job?.progress === 40 && job.logs.length === 1 ? job : undefined;
    }, 'progress 40');
    expect(running.state).toBe('active');
    expect(running.logs).toEqual(['priced 2000 of 5000 cases']);
    release.open();
    const done = await waitForState(driver, JobName.SettlementChunk, 'chunk.run-6.1', 'completed');
    expect(done.progress).toBe(100);
  });

  it('refuses to start workers when a job of a served queue has no handler, naming it', async () => {
    const driver = create();
    const onlyChunks: JobHandlers = { [JobName.SettlementChunk]: async () => 'x' };
    await expect(driver.startWorkers(onlyChunks, settlementOnly)).rejects.toThrow(
      'job handlers incomplete: no handler for job(s): settlement.plan, settlement.capitation, settlement.finalize',
    );
    const withTypo = { ...settlementHandlers([], {}), 'settlement.chunks': async () => 'x' } as JobHandlers;
    await expect(driver.startWorkers(withTypo, settlementOnly)).rejects.toThrow(
      'handler(s) for job name(s) not in the catalogue: settlement.chunks',
    );
  });

  it('hands a running job back on close when its handler stops on the abort signal', async () => {
    const driver = create({ jobs: fastRetries(3) });
    const started = gate();
    await driver.startWorkers(
      settlementHandlers([], {
        [JobName.SettlementChunk]: async (_payload, ctx) => {
          started.open();
          await new Promise((_resolve, reject) =>
            ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)),
          );
        },
      }),
      settlementOnly,
    );
    await driver.enqueue(
      JobName.SettlementChunk,
      { runId: 'run-7', chunkNo: 1, chunkCount: 1 },
      { jobId: 'chunk.run-7.1' },
    );
    await started.promise;
    await driver.close();

    const observer = leg.observer(driver);
    open.push(observer);
    const job = await observer.getJob(JobName.SettlementChunk, 'chunk.run-7.1');
    expect(job?.state).toBe('waiting');
    expect(job?.attemptsMade).toBe(0);
    await expect(driver.enqueue(JobName.SettlementPlan, { runId: 'r' }, { jobId: 'plan.r' })).rejects.toThrow(
      'job driver is closed',
    );
  });
});
