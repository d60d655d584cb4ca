// The same settlement on BullMQ (real Redis at REDIS_URL): several workers share one run and produce
// exactly what the inline driver produces (worker processes: worker-processes.spec.ts).
import { BullMqJobDriver, QueueName } from '../../src/jobs';
import { createSettlementRuntime } from '../../src/modules/settlement/settlement-runtime';
import { assertRedisReachable, deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../jobs/support/redis';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { inlineSettlement } from './support/run-month';
import { MONTH, seedWorld } from './support/settlement-world';

const redisUrl = testRedisUrl();

describe('settlement on BullMQ', () => {
  let db: TestDatabase;
  let inlineFingerprint: string;
  const prefixes: string[] = [];
  const drivers: BullMqJobDriver[] = [];

  beforeAll(async () => {
    await assertRedisReachable(redisUrl);
    db = await createTestDatabase();
    await seedWorld(db.dataSource);
    const inline = await inlineSettlement(db.dataSource, 2);
    const runId = await inline.settle('district:D1', MONTH, 'reference');
    inlineFingerprint = (await inline.runtime.service.get(runId)).fingerprint as string;
    await inline.driver.close();
  });
  afterAll(async () => {
    for (const driver of drivers) await driver.close();
    await db?.drop();
    for (const prefix of prefixes) await deleteKeysWithPrefix(redisUrl, prefix);
  });

  const driverFor = (prefix: string) => {
    const driver = new BullMqJobDriver({ connection: redisUrl, prefix, concurrency: { [QueueName.Settlement]: 2 } });
    drivers.push(driver);
    return driver;
  };

  it('two workers in one process share a run and give the inline fingerprint', async () => {
    const prefix = uniquePrefix('settle');
    prefixes.push(prefix);
    const [a, b] = [driverFor(prefix), driverFor(prefix)];
    const workerA = createSettlementRuntime({ dataSource: db.dataSource, driver: a, options: { chunkSize: 2 } });
    const workerB = createSettlementRuntime({ dataSource: db.dataSource, driver: b, options: { chunkSize: 2 } });
    await a.startWorkers(workerA.handlers, { queues: [QueueName.Settlement] });
    await b.startWorkers(workerB.handlers, { queues: [QueueName.Settlement] });
    const requested = await workerA.service.request({
      scope: 'district:D1',
      month: MONTH,
      idempotencyKey: 'bullmq-1',
      actor: 'officer',
    });
    const run = await workerA.service.waitFor(requested.id, { timeoutMs: 30000 });
    expect(run.status).toBe('computed');
    expect(run.progress).toMatchObject({ chunksDone: 4, chunksTotal: 4, casesPriced: 7 });
    expect(run.fingerprint).toBe(inlineFingerprint);
    expect(run.totals?.netPayable).toBe('14614380.00');
  });
});
