// Proof under failure, on a generated month imported through intake (30,000 cases of two districts of
// two regions, with their registries, enrolment registers and services), against the real PostgreSQL
// and Redis: a worker PROCESS is SIGKILLed in the middle of a recompute of the month, with chunks
// written and jobs still active; after a new worker starts, the run completes with the totals, the
// fingerprint and the very lines of an undisturbed run — every case of the month paid once, none
// missed. Then the month is closed: a changed case of it is refused by intake and the closed run's
// exported statements stay byte-identical.
// (Concurrent requests for the same settlement giving one run: concurrent-requests.spec.ts.)
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nextMonth } from '../../src/domain/cases/dates';
import pg from 'pg';
import {
  importDistrictMonths,
  IMPORT_ACTOR,
  writeDistrictMonths,
  type DistrictMonthFiles,
} from '../../bench/support/district-months';
import { loadTariffBookDir } from '../../src/infra/tariff-book/load-book-dir';
import { readCaseMixFile } from '../../src/io/case-mix-file';
import { BullMqJobDriver, InlineJobDriver, JobName, QueueName } from '../../src/jobs';
import { CaseIntakeService } from '../../src/modules/claims/case-intake.service';
import { writeSettlementReports } from '../../src/modules/settlement/exports/report-files';
import type { RunView } from '../../src/modules/settlement/runs/run-view';
import { createSettlementRuntime, type SettlementRuntime } from '../../src/modules/settlement/settlement-runtime';
import { runJobIds } from '../../src/modules/settlement/work/job-ids';
import { assertRedisReachable, deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../jobs/support/redis';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { spawnWorker, type WorkerProcess } from './support/worker-process';

process.env.DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = testRedisUrl();
const prefix = uniquePrefix('settle-kill');
const ROOT = join(__dirname, '../..');
const BOOK_DIR = join(ROOT, 'fixtures/books/UZ-KZG-SAMPLE');
const MONTH = '2026-03';
const CASES = 30000;
const CHUNK = 1000;
/** Generator seeds of QA-CHR (Qashqadaryo) and XO-XNQ (Xorazm). */
const SEEDS = [1, 8];

async function assertPostgresReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is unreachable at ${url} (${(error as Error).message}). This spec needs a real PostgreSQL: ` +
        'start it or set DATABASE_URL.',
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('a worker process killed in the middle of a settlement of a generated month', () => {
  let db: TestDatabase;
  let dir: string;
  let months: DistrictMonthFiles[];
  let stored: number;
  let client: BullMqJobDriver | undefined;
  let api: SettlementRuntime;
  const workers: WorkerProcess[] = [];
  let undisturbed: RunView;
  let recomputed: RunView;

  beforeAll(async () => {
    await assertRedisReachable(redisUrl);
    await assertPostgresReachable(process.env.DATABASE_URL as string);
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'hisob-worker-kill-'));
    months = await writeDistrictMonths({
      seeds: SEEDS,
      cases: CASES,
      month: MONTH,
      book: await loadTariffBookDir(BOOK_DIR),
      caseMix: await readCaseMixFile(join(ROOT, 'fixtures/generator/case-mix.csv')),
      dir,
    });
    expect(months.map((m) => m.district.district.code)).toEqual(['QA-CHR', 'XO-XNQ']);
    const imported = await importDistrictMonths(db.dataSource, BOOK_DIR, months, MONTH);
    expect(imported.received).toBe(CASES);
    stored = imported.stored;
    expect(stored).toBeGreaterThan(CASES * 0.99);
    await db.dataSource.query('ANALYZE');
  }, 120000);
  afterAll(async () => {
    for (const { child } of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await client?.close();
    await db?.drop();
    await deleteKeysWithPrefix(redisUrl, prefix);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is finished by a new worker exactly as an undisturbed run: same totals, fingerprint and lines', async () => {
    // The reference: the same month settled once, undisturbed, in this process.
    const inline = new InlineJobDriver();
    const local = createSettlementRuntime({ dataSource: db.dataSource, driver: inline, options: { chunkSize: CHUNK } });
    await inline.startWorkers(local.handlers, { queues: [QueueName.Settlement] });
    const first = await local.service.request({
      scope: 'nation',
      month: MONTH,
      idempotencyKey: 'undisturbed',
      actor: 'officer',
    });
    await inline.drain();
    await inline.close();
    undisturbed = await local.service.get(first.id);
    expect(undisturbed.status).toBe('computed');
    expect(undisturbed.totals?.lines).toBe(stored);
    expect(undisturbed.progress.chunksTotal).toBe(Math.ceil(stored / CHUNK));

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
    const victim = spawnWorker(env);
    workers.push(victim);
    await victim.ready;

    // The recompute of the month, requested here and processed by the worker process.
    client = new BullMqJobDriver({ connection: redisUrl, prefix });
    api = createSettlementRuntime({ dataSource: db.dataSource, driver: client, options: { chunkSize: CHUNK } });
    const requested = await api.service.request({
      scope: 'nation',
      month: MONTH,
      idempotencyKey: 'recompute',
      actor: 'officer',
    });
    expect(requested.id).not.toBe(undisturbed.id);
    for (let waited = 0; (await api.service.get(requested.id)).progress.chunksDone < 3; waited += 20) {
      if (waited > 60000) throw new Error(`the worker wrote no chunks: ${victim.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const killed = new Promise((resolve) => victim.child.once('exit', (_code, signal) => resolve(signal)));
    victim.child.kill('SIGKILL');
    expect(await killed).toBe('SIGKILL');

    const cutOff = await api.service.get(requested.id);
    expect(cutOff.status).toBe('running');
    expect(cutOff.progress.chunksDone).toBeGreaterThanOrEqual(3);
    expect(cutOff.progress.chunksDone).toBeLessThan(cutOff.progress.chunksTotal);
    // The jobs it was running are orphaned in Redis: still active, their chunks unwritten.
    const pending: { chunk_no: number }[] = await db.dataSource.query(
      `SELECT chunk_no FROM settlement_chunks WHERE run_id = $1 AND kind = 'cases' AND status = 'pending'`,
      [requested.id],
    );
    const ids = runJobIds(requested.id, cutOff.generation);
    const jobs = await Promise.all(pending.map((c) => client!.getJob(JobName.SettlementChunk, ids.chunk(c.chunk_no))));
    expect(jobs.filter((j) => j?.state === 'active').length).toBeGreaterThanOrEqual(1);

    const rescuer = spawnWorker(env);
    workers.push(rescuer);
    await rescuer.ready;
    recomputed = await api.service.waitFor(requested.id, { timeoutMs: 60000 });
    expect(recomputed.status).toBe('computed');
    expect(recomputed.supersedesRunId).toBe(undisturbed.id);
    expect(recomputed.fingerprint).toBe(undisturbed.fingerprint);
    expect(recomputed.totals).toEqual(undisturbed.totals);
    expect((await api.service.get(undisturbed.id)).status).toBe('superseded');

    // One line per case of the month, none twice, none missed (every case of the month has its line),
    // each equal to the undisturbed run's.
    const [counts] = await db.dataSource.query(
      `WITH a AS (SELECT * FROM settlement_lines WHERE run_id = $1), b AS (SELECT * FROM settlement_lines WHERE run_id = $2)
       SELECT (SELECT count(*)::int FROM a) AS lines,
              (SELECT count(DISTINCT case_id)::int FROM a) AS distinct_cases,
              (SELECT count(*)::int FROM cases WHERE month = $3 AND status = 'active') AS month_cases,
              (SELECT count(*)::int FROM cases c WHERE c.month = $3 AND c.status = 'active'
                  AND NOT EXISTS (SELECT 1 FROM a WHERE a.case_id = c.id)) AS missed,
              (SELECT count(*)::int FROM a FULL JOIN b USING (case_id)
                WHERE a.case_id IS NULL OR b.case_id IS NULL
                   OR (a.facility_id, a.status, a.group_code, a.return_code, a.effective_weight, a.amount, a.fund_amount,
                       a.patient_amount, a.payable)
                      IS DISTINCT FROM
                      (b.facility_id, b.status, b.group_code, b.return_code, b.effective_weight, b.amount, b.fund_amount,
                       b.patient_amount, b.payable)) AS differing`,
      [recomputed.id, undisturbed.id, MONTH],
    );
    expect(counts).toEqual({ lines: stored, distinct_cases: stored, month_cases: stored, missed: 0, differing: 0 });
  }, 180000);

  it('once closed, pays a changed case of the month as an adjustment of the next month and keeps its exported statements byte-identical', async () => {
    expect(recomputed?.status).toBe('computed');
    await api.service.approve(recomputed.id, 'head-of-finance');
    expect((await api.service.close(recomputed.id, 'head-of-finance')).status).toBe('closed');
    const before = await writeSettlementReports(api.service, recomputed.id, join(dir, 'before'));
    const csvBefore = await readFile(before.statementsCsv);

    // A facility resubmits one of its cases of the closed month with another department.
    const [target]: { facility_id: string; claim_id: string }[] = await db.dataSource.query(
      `SELECT facility_id, claim_id FROM cases WHERE month = $1 AND status = 'active' ORDER BY claim_id LIMIT 1`,
      [MONTH],
    );
    const file = months.find((m) => target.claim_id.startsWith(`${m.district.district.code}-`))!.files.cases;
    const [header, ...rows] = (await readFile(file, 'utf8')).split('\n');
    const original = rows.find((r) => r.startsWith(`${target.facility_id},${target.claim_id},`))!;
    const cells = original.split(',');
    const department = header.split(',').indexOf('department');
    cells[department] = cells[department] === 'cardiology' ? 'surgery' : 'cardiology';
    const changed = join(dir, 'changed.csv');
    await writeFile(changed, `${header}\n${cells.join(',')}\n`);
    const report = await new CaseIntakeService(db.dataSource).importCasesCsv(changed, undefined, IMPORT_ACTOR);
    expect(report).toMatchObject({ received: 1, inserted: 0, superseded: 1, unchanged: 0, rejected: 0 });
    expect([report.intoLaterMonth, report.errorCounts]).toEqual([1, {}]);
    const versions = await db.dataSource.query(
      `SELECT c.version, c.status, c.month, c.service_month, c.department, a.version AS adjusts
         FROM cases c LEFT JOIN cases a ON a.id = c.adjustment_of
        WHERE c.facility_id = $1 AND c.claim_id = $2 ORDER BY c.version`,
      [target.facility_id, target.claim_id],
    );
    const next = nextMonth(MONTH);
    expect(versions).toEqual([
      {
        version: 1,
        status: 'superseded',
        month: MONTH,
        service_month: MONTH,
        department: original.split(',')[department] || null,
        adjusts: null,
      },
      { version: 2, status: 'active', month: next, service_month: MONTH, department: cells[department], adjusts: 1 },
    ]);

    const after = await writeSettlementReports(api.service, recomputed.id, join(dir, 'after'));
    expect((await readFile(after.statementsCsv)).equals(csvBefore)).toBe(true);
    expect((await readFile(after.groupsCsv)).equals(await readFile(before.groupsCsv))).toBe(true);
    expect((await api.service.get(recomputed.id)).fingerprint).toBe(undisturbed.fingerprint);
  }, 60000);
});
