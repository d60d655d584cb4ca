// Proof under failure: a worker process is killed with SIGKILL in the middle of a run; after a new
// worker starts, the run completes with totals and fingerprint identical to an undisturbed run, and no
// case is paid twice or missed. PostgreSQL (DATABASE_URL, else the local default) and Redis.
import { BullMqJobDriver, JobName } from '../../src/jobs';
import { runJobIds } from '../../src/modules/settlement/work/job-ids';
import { createSettlementRuntime } from '../../src/modules/settlement/settlement-runtime';
import { assertRedisReachable, deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../jobs/support/redis';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { inlineSettlement } from './support/run-month';
import { insertManyCases, MONTH, seedWorld } from './support/settlement-world';
import { spawnWorker, type WorkerProcess } from './support/worker-process';

process.env.DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = testRedisUrl();
const prefix = uniquePrefix('settle-crash');
const CASES = 7 + 40000;
const CHUNK = 500;

describe('a worker killed in the middle of a run', () => {
  let db: TestDatabase;
  let client: BullMqJobDriver | undefined;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    await assertRedisReachable(redisUrl);
    db = await createTestDatabase();
    await seedWorld(db.dataSource);
    await insertManyCases(db.dataSource, CASES - 7);
    await db.dataSource.query('ANALYZE cases');
  });
  afterAll(async () => {
    for (const { child } of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await client?.close();
    await db?.drop();
    await deleteKeysWithPrefix(redisUrl, prefix);
  });

  it('leaves a run that a new worker completes exactly as an undisturbed run', async () => {
    const inline = await inlineSettlement(db.dataSource, CHUNK);
    const undisturbed = await inline.runtime.service.get(await inline.settle('district:D1', MONTH, 'undisturbed'));
    await inline.driver.close();
    expect(undisturbed.status).toBe('computed');
    expect(undisturbed.totals?.lines).toBe(CASES);

    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      HISOB_QUEUE_PREFIX: prefix,
      HISOB_WORKER_CONCURRENCY: 'settlement=2',
      // A short lock, so the killed worker's jobs are handed out again within seconds.
      HISOB_JOB_LOCK_MS: '2000',
      HISOB_JOB_STALLED_INTERVAL_MS: '500',
      DATABASE_POOL_SIZE: '3',
    };
    const first = spawnWorker(env);
    workers.push(first);
    await first.ready;

    client = new BullMqJobDriver({ connection: redisUrl, prefix });
    const api = createSettlementRuntime({ dataSource: db.dataSource, driver: client, options: { chunkSize: CHUNK } });
    const requested = await api.service.request({
      scope: 'district:D1',
      month: MONTH,
      idempotencyKey: 'crash',
      actor: 'officer',
    });
    // Kill it once some chunks are written and others are under way.
    for (let waited = 0; (await api.service.get(requested.id)).progress.chunksDone < 5; waited += 20) {
      if (waited > 60000) throw new Error(`the first worker wrote no chunks: ${first.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const killed = new Promise((resolve) => first.child.once('exit', (_code, signal) => resolve(signal)));
    first.child.kill('SIGKILL');
    expect(await killed).toBe('SIGKILL');

    const before = await api.service.get(requested.id);
    expect(before.status).toBe('running');
    expect(before.progress.chunksDone).toBeGreaterThanOrEqual(5);
    expect(before.progress.chunksDone).toBeLessThan(before.progress.chunksTotal);
    // Its jobs were cut off mid-way: still 'active' in Redis, their chunks not written.
    const pending: { chunk_no: number }[] = await db.dataSource.query(
      `SELECT chunk_no FROM settlement_chunks WHERE run_id = $1 AND kind = 'cases' AND status = 'pending'`,
      [requested.id],
    );
    const ids = runJobIds(requested.id, 1);
    const states = await Promise.all(
      pending.map((c) => client!.getJob(JobName.SettlementChunk, ids.chunk(c.chunk_no))),
    );
    expect(states.filter((j) => j?.state === 'active').length).toBeGreaterThanOrEqual(1);

    const second = spawnWorker(env);
    workers.push(second);
    await second.ready;
    const run = await api.service.waitFor(requested.id, { timeoutMs: 90000 });
    expect(run.status).toBe('computed');
    expect(run.fingerprint).toBe(undisturbed.fingerprint);
    expect(run.totals).toEqual(undisturbed.totals);

    const [counts] = await db.dataSource.query(
      `SELECT count(*)::int AS lines, count(DISTINCT case_id)::int AS cases,
              (SELECT count(*)::int FROM cases WHERE month = $2 AND district_code = 'D1' AND status = 'active') AS month_cases,
              (SELECT count(*)::int FROM cases c WHERE month = $2 AND district_code = 'D1' AND status = 'active'
                  AND NOT EXISTS (SELECT 1 FROM settlement_lines l WHERE l.run_id = $1 AND l.case_id = c.id)) AS missed
         FROM settlement_lines WHERE run_id = $1`,
      [requested.id, MONTH],
    );
    expect(counts).toEqual({ lines: CASES, cases: CASES, month_cases: CASES, missed: 0 });
  }, 240000);
});
