// Worker processes as in production: two `src/worker.ts` processes serve the settlement queue through
// Redis and PostgreSQL, a run is requested from this process (which serves no queue), and SIGTERM stops
// them cleanly. Needs PostgreSQL (DATABASE_URL, else the local default) and Redis (REDIS_URL, else local):
// the embedded database belongs to one process.
import type { ChildProcess } from 'node:child_process';
import { BullMqJobDriver } from '../../src/jobs';
import { createSettlementRuntime } from '../../src/modules/settlement/settlement-runtime';
import { assertRedisReachable, deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../jobs/support/redis';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { inlineSettlement } from './support/run-month';
import { MONTH, seedWorld } from './support/settlement-world';
import { spawnWorker } from './support/worker-process';

process.env.DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = testRedisUrl();
const prefix = uniquePrefix('settle-proc');

describe('worker processes', () => {
  let db: TestDatabase;
  let client: BullMqJobDriver | undefined;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    await assertRedisReachable(redisUrl);
    db = await createTestDatabase();
    await seedWorld(db.dataSource);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await client?.close();
    await db?.drop();
    await deleteKeysWithPrefix(redisUrl, prefix);
  });

  it('share a run requested elsewhere, give the inline fingerprint, and stop on SIGTERM', async () => {
    const inline = await inlineSettlement(db.dataSource, 2);
    const reference = await inline.runtime.service.get(await inline.settle('district:D1', MONTH, 'reference'));
    await inline.driver.close();

    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      HISOB_QUEUE_PREFIX: prefix,
      HISOB_WORKER_CONCURRENCY: 'settlement=2',
      DATABASE_POOL_SIZE: '3',
    };
    const workers = [spawnWorker(env), spawnWorker(env)];
    children.push(...workers.map((w) => w.child));
    await Promise.all(workers.map((w) => w.ready));
    expect(workers[0].output()).toContain('serving settlement=2');

    client = new BullMqJobDriver({ connection: redisUrl, prefix });
    const api = createSettlementRuntime({ dataSource: db.dataSource, driver: client, options: { chunkSize: 2 } });
    const requested = await api.service.request({
      scope: 'district:D1',
      month: MONTH,
      idempotencyKey: 'processes',
      actor: 'officer',
    });
    const run = await api.service.waitFor(requested.id, { timeoutMs: 60000 });
    expect(run.status).toBe('computed');
    expect(run.progress).toMatchObject({ chunksDone: 4, chunksTotal: 4, casesPriced: 7 });
    expect(run.fingerprint).toBe(reference.fingerprint);

    for (const { child } of workers) {
      const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 120000);
});
