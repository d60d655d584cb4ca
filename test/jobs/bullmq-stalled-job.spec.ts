// Crash recovery on BullMQ: a worker process killed hard in the middle of a job leaves the job active with
// a lock nobody renews; once the lock expires, another worker's stalled check puts the job back and runs it.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { BullMqJobDriver } from '../../src/jobs/bullmq-driver';
import { JobName, QueueName } from '../../src/jobs/catalogue';
import { JobHandlers } from '../../src/jobs/driver';
import {
  assertRedisReachable,
  countKeysWithPrefix,
  deleteKeysWithPrefix,
  testRedisUrl,
  uniquePrefix,
} from './support/redis';
import { waitForState, waitUntil } from './support/wait';

const redisUrl = testRedisUrl();
const prefix = uniquePrefix('stalled');
const LOCK_MS = 1000;

describe('BullMQ driver: a job whose worker process was killed', () => {
  let child: ChildProcess | undefined;
  let driver: BullMqJobDriver | undefined;

  beforeAll(() => assertRedisReachable(redisUrl));
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await driver?.close();
    await deleteKeysWithPrefix(redisUrl, prefix);
    expect(await countKeysWithPrefix(redisUrl, prefix)).toBe(0);
  });

  it('is picked up again by a new worker after the lock expires, and completes', async () => {
    driver = new BullMqJobDriver({ connection: redisUrl, prefix, lockDurationMs: LOCK_MS, stalledIntervalMs: 300 });
    const payload = { runId: 'run-9', chunkNo: 1, chunkCount: 1 };
    await driver.enqueue(JobName.SettlementChunk, payload, { jobId: 'chunk.run-9.1' });

    const output: string[] = [];
    child = spawn(process.execPath, [join(__dirname, 'support', 'stall-worker.js')], {
      env: {
        ...process.env,
        REDIS_URL: redisUrl,
        PREFIX: prefix,
        QUEUE: QueueName.Settlement,
        LOCK_MS: String(LOCK_MS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (data: Buffer) => output.push(...data.toString().split('\n').filter(Boolean)));
    child.stderr!.on('data', (data: Buffer) => output.push(data.toString()));
    await waitUntil(
      async () => output.includes('started chunk.run-9.1'),
      `the child worker to start the job (${output})`,
    );
    expect((await driver.getJob(JobName.SettlementChunk, 'chunk.run-9.1'))?.state).toBe('active');

    const exited = new Promise((resolve) => child!.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const calls: Array<{ jobId: string; attempt: number; payload: unknown }> = [];
    const unexpected = async () => {
      throw new Error('unexpected job');
    };
    const handlers: JobHandlers = {
      [JobName.SettlementChunk]: async (chunk, ctx) => {
        calls.push({ jobId: ctx.jobId, attempt: ctx.attempt, payload: chunk });
        return { chunkNo: chunk.chunkNo, recovered: true };
      },
      [JobName.SettlementPlan]: unexpected,
      [JobName.SettlementCapitation]: unexpected,
      [JobName.SettlementFinalize]: unexpected,
    };
    await driver.startWorkers(handlers, { queues: [QueueName.Settlement] });

    const done = await waitForState(driver, JobName.SettlementChunk, 'chunk.run-9.1', 'completed', 10000);
    expect(done.returnValue).toEqual({ chunkNo: 1, recovered: true });
    expect(done.attemptsMade).toBe(1);
    // A crash is not a failed attempt: the redelivered job still runs as attempt 1.
    expect(calls).toEqual([{ jobId: 'chunk.run-9.1', attempt: 1, payload }]);
  });
});
