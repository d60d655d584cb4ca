// Settlement benchmark: a generated month of several pilot districts in PostgreSQL, settled in one
// nation-scope run by two worker processes (dist/src/worker.js) through BullMQ on Redis.
//   npm run build && npm run bench:settle -- --cases 1000000
// Needs DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) and REDIS_URL (default
// redis://127.0.0.1:6379). Creates the database hisob_bench_settle_<pid> and drops it at the end.
// Not timed: generating and importing the month (book, registries, enrolment, cases, services).
// Timed (`seconds`): from the settlement request to the computed run — plan, every chunk and
// capitation job, finalize with statements and fingerprint.
// The floor (`floorSeconds`), measured in the same run: COPY the same cases out of PostgreSQL (the
// columns a chunk reads, streamed and discarded) plus COPY as many settlement-line rows into a temp
// table of the same shape — the data movement no settlement can avoid. Final JSON line:
//   {"bench":"settle","cases":…,"seconds":…,"casesPerSecond":…,"peakRssMb":…,"floorSeconds":…,"ratio":…}
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { Redis } from 'ioredis';
import { packageRoot } from '../src/cli/paths';
import { defaultMonth } from '../src/cli/support/load-inputs';
import { openDataSource, type HisobDataSource } from '../src/infra/database/data-source';
import { loadTariffBookDir } from '../src/infra/tariff-book/load-book-dir';
import { readCaseMixFile } from '../src/io/case-mix-file';
import { BullMqJobDriver } from '../src/jobs';
import { createSettlementRuntime } from '../src/modules/settlement/settlement-runtime';
import { caseSelection } from '../src/modules/settlement/work/case-selection';
import { LINE_COLUMNS } from '../src/modules/settlement/work/chunk-job';
import { importDistrictMonths, writeDistrictMonths } from './support/district-months';

interface BenchArgs {
  cases: number;
  /** Generator seeds, one district each (default: four districts of four regions). */
  seeds: number[];
  workers: number;
  /** Settlement jobs each worker runs at once. */
  concurrency: number;
  chunkSize?: number;
  /** Log every statement of the bench database slower than this to the PostgreSQL server log (profiling). */
  logSlowMs?: number;
  /** Keep the database (and print its name) instead of dropping it: for profiling. */
  keep: boolean;
}

/** QA-CHR, XO-XNQ, SU-SHR, NG-POP: four regions, so no regional hospital is shared. */
const DEFAULT_SEEDS = [1, 8, 10, 11];

function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { cases: 1_000_000, seeds: DEFAULT_SEEDS, workers: 2, concurrency: 2, keep: false };
  const whole = (flag: string, value: string) => {
    const n = Number(value.replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} must be a whole number >= 1, got ${value}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--keep') {
      args.keep = true;
      continue;
    }
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--cases') args.cases = whole(flag, value);
    else if (flag === '--workers') args.workers = whole(flag, value);
    else if (flag === '--concurrency') args.concurrency = whole(flag, value);
    else if (flag === '--chunk-size') args.chunkSize = whole(flag, value);
    else if (flag === '--seeds') args.seeds = value.split(',').map((s) => whole(flag, s));
    else if (flag === '--log-slow-ms') args.logSlowMs = whole(flag, value);
    else
      throw new Error(
        `unknown option ${flag} (known: --cases, --workers, --concurrency, --chunk-size, --seeds, --log-slow-ms, --keep)`,
      );
  }
  return args;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const baseUrl = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
  const root = packageRoot();
  const workerScript = join(root, 'dist', 'src', 'worker.js');
  if (!existsSync(workerScript)) throw new Error(`${workerScript} is missing: run npm run build first`);
  await assertRedis(redisUrl);

  const bookDir = join(root, 'fixtures', 'books', 'UZ-KZG-SAMPLE');
  const book = await loadTariffBookDir(bookDir);
  const caseMix = await readCaseMixFile(join(root, 'fixtures', 'generator', 'case-mix.csv'));
  const month = defaultMonth(book);
  const dbName = `hisob_bench_settle_${process.pid}`;
  const dbUrl = withDatabase(baseUrl, dbName);
  const prefix = `hisob-bench-settle-${process.pid}-${randomBytes(3).toString('hex')}`;
  const dir = await mkdtemp(join(tmpdir(), 'hisob-bench-settle-'));
  const workers: Worker[] = [];
  let dataSource: HisobDataSource | undefined;
  let driver: BullMqJobDriver | undefined;
  let created = false;
  try {
    // Not timed: the month, generated and imported.
    let t = Date.now();
    const months = await writeDistrictMonths({ seeds: args.seeds, cases: args.cases, month, book, caseMix, dir });
    log(`generated ${args.cases.toLocaleString('en-US')} cases of ${months.length} districts in ${since(t)} s`);
    await admin(baseUrl, (c) => c.query(`CREATE DATABASE ${dbName}`));
    created = true;
    if (args.logSlowMs !== undefined) {
      await admin(baseUrl, (c) =>
        c.query(`ALTER DATABASE ${dbName} SET log_min_duration_statement = ${args.logSlowMs}`),
      );
    }
    dataSource = await openDataSource({ kind: 'postgres', url: dbUrl, poolSize: 4 });
    t = Date.now();
    const imported = await importDistrictMonths(dataSource, bookDir, months, month);
    // Statistics for what the import wrote, as an operator would after a bulk load. The settlement
    // tables are left to autovacuum, as in production (see the report on stale statistics).
    await dataSource.query('ANALYZE cases, enrolments, services, facilities, facility_licences, districts, regions');
    await dataSource.query('CHECKPOINT').catch(() => undefined); // needs a superuser; only evens out the timing
    log(
      `imported ${imported.stored.toLocaleString('en-US')} cases (${imported.rejected} rejected by intake's checks) ` +
        `in ${since(t)} s`,
    );

    const env = {
      ...process.env,
      DATABASE_URL: dbUrl,
      REDIS_URL: redisUrl,
      HISOB_QUEUE_PREFIX: prefix,
      HISOB_WORKER_QUEUES: 'settlement',
      HISOB_WORKER_CONCURRENCY: `settlement=${args.concurrency}`,
      DATABASE_POOL_SIZE: String(args.concurrency + 2),
    };
    for (let i = 0; i < args.workers; i++) workers.push(startWorker(workerScript, env));
    await Promise.all(workers.map((w) => w.ready));

    // Timed: request → computed, all the work done by the worker processes.
    driver = new BullMqJobDriver({ connection: redisUrl, prefix });
    const runtime = createSettlementRuntime({
      dataSource,
      driver,
      options: args.chunkSize ? { chunkSize: args.chunkSize } : {},
    });
    const started = process.hrtime.bigint();
    const requested = await runtime.service.request({
      scope: 'nation',
      month,
      idempotencyKey: `bench-${process.pid}`,
      actor: 'bench',
    });
    let lastLog = Date.now();
    const run = await runtime.service.waitFor(requested.id, {
      pollMs: 100,
      onProgress: (view) => {
        for (const w of workers) w.sampleRss();
        if (Date.now() - lastLog < 5000) return;
        lastLog = Date.now();
        log(`  ${view.progress.percent}%: ${view.progress.chunksDone}/${view.progress.chunksTotal} chunks`);
      },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (run.status !== 'computed') throw new Error(`the run ended ${run.status}: ${run.error ?? ''}`);
    for (const w of workers) w.sampleRss();
    const workerRssMb = workers.map((w) => w.peakRssMb);
    await Promise.all(workers.map((w) => w.stop()));
    const lines = run.totals?.lines ?? 0;

    const districts: { code: string }[] = await dataSource.query(
      `SELECT code FROM districts ORDER BY code COLLATE "C"`,
    );
    const floor = await measureFloor(dbUrl, {
      month,
      districts: districts.map((d) => d.code),
      runId: run.id,
      file: join(dir, 'lines.csv'),
    });
    const ownRssMb = process.resourceUsage().maxRSS / 1024;
    const peakRssMb = Math.round(Math.max(ownRssMb, ...workerRssMb));

    log(
      `settle bench: ${lines.toLocaleString('en-US')} cases of ${months.length} districts, ${run.progress.chunksTotal} chunks, ` +
        `${args.workers} workers × ${args.concurrency}: ${seconds.toFixed(2)} s; floor ${floor.seconds.toFixed(2)} s ` +
        `(COPY out ${floor.outSeconds.toFixed(2)} s, COPY in ${floor.inSeconds.toFixed(2)} s); ` +
        `peak RSS bench ${Math.round(ownRssMb)} MB, workers ${workerRssMb.map((m) => Math.round(m)).join(', ')} MB; ` +
        `net payable ${run.totals?.netPayable}, fingerprint ${run.fingerprint}`,
    );
    const line = {
      bench: 'settle',
      cases: lines,
      seconds: round3(seconds),
      casesPerSecond: Math.round(lines / seconds),
      peakRssMb,
      floorSeconds: round3(floor.seconds),
      ratio: Math.round((seconds / floor.seconds) * 100) / 100,
    };
    process.stdout.write(JSON.stringify(line) + '\n');
  } finally {
    for (const w of workers) w.kill();
    await driver?.close().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
    if (created && args.keep) log(`kept database ${dbName}`);
    else if (created)
      await admin(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).catch(() => undefined);
    await deleteKeys(redisUrl, prefix).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

/** The columns a chunk job reads for each case (src/modules/settlement/work/chunk-cases.ts). */
const CHUNK_CASE_COLUMNS = `c.id, c.facility_id, c.claim_id, c.version, c.adjustment_of, c.patient_id, c.birth_date, c.sex,
  c.admission_at, c.discharge_at, c.admission_type, c.referral_id, c.discharge_mode, c.care_setting,
  c.birth_weight_grams, c.department, c.flags, c.diagnosis_codes, c.procedure_entries`;

/**
 * COPY the month's cases out (streamed, discarded) and as many line rows in (into a temp table shaped
 * like settlement_lines); both timed. The line rows are the run's own, saved to a file beforehand.
 */
async function measureFloor(
  url: string,
  o: { month: string; districts: string[]; runId: string; file: string },
): Promise<{ seconds: number; outSeconds: number; inSeconds: number }> {
  const client = new pg.Client({ connectionString: url, application_name: 'hisob-bench-floor' });
  await client.connect();
  try {
    const columns = LINE_COLUMNS.join(', ');
    await pipeline(
      client.query(
        copyTo(
          `COPY (SELECT ${columns} FROM settlement_lines WHERE run_id = ${literal(o.runId)}) TO STDOUT WITH (FORMAT csv)`,
        ),
      ),
      createWriteStream(o.file),
    );
    await client.query(`CREATE TEMP TABLE floor_lines (LIKE settlement_lines INCLUDING DEFAULTS)`);
    await client.query('SET jit = off'); // as the chunk read does

    const districts = `ARRAY[${o.districts.map(literal).join(', ')}]`;
    let t = process.hrtime.bigint();
    let bytes = 0;
    await pipeline(
      client.query(
        copyTo(`COPY (SELECT ${CHUNK_CASE_COLUMNS} FROM ${caseSelection(literal(o.month), districts)}) TO STDOUT`),
      ),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          done();
        },
      }),
    );
    const outSeconds = Number(process.hrtime.bigint() - t) / 1e9;

    t = process.hrtime.bigint();
    await pipeline(
      createReadStream(o.file),
      client.query(copyFrom(`COPY floor_lines (${columns}) FROM STDIN WITH (FORMAT csv)`)),
    );
    const inSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    const [copied] = (await client.query(`SELECT count(*)::int AS n FROM floor_lines`)).rows as { n: number }[];
    log(`floor: ${(bytes / 1e6).toFixed(1)} MB of cases out, ${copied.n.toLocaleString('en-US')} lines in`);
    return { seconds: outSeconds + inSeconds, outSeconds, inSeconds };
  } finally {
    await client.end();
  }
}

interface Worker {
  ready: Promise<void>;
  peakRssMb: number;
  /** Reads the worker's high-water mark of resident memory (VmHWM) while it is alive. */
  sampleRss(): void;
  /** SIGTERM, and waits for a clean exit. */
  stop(): Promise<void>;
  kill(): void;
}

function startWorker(script: string, env: NodeJS.ProcessEnv): Worker {
  const child: ChildProcess = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes(' serving ')) resolve();
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}): ${output}`)));
  });
  ready.catch(() => undefined); // the caller awaits it; an exit later is not an unhandled rejection
  const worker: Worker = {
    ready,
    peakRssMb: 0,
    sampleRss() {
      if (child.exitCode !== null || child.pid === undefined) return;
      readFile(`/proc/${child.pid}/status`, 'utf8').then(
        (status) => {
          const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
          worker.peakRssMb = Math.max(worker.peakRssMb, kb / 1024);
        },
        () => undefined, // not Linux, or the worker has just exited
      );
    },
    async stop() {
      if (child.exitCode !== null) return;
      // One last reading, synchronously ordered before the signal.
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      worker.peakRssMb = Math.max(worker.peakRssMb, kb / 1024);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  return worker;
}

async function assertRedis(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(`Redis is unreachable at ${url} (${(error as Error).message}): start it or set REDIS_URL`, {
      cause: error,
    });
  } finally {
    client.disconnect();
  }
}

async function deleteKeys(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function withDatabase(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(baseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl, application_name: 'hisob-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function since(t: number): string {
  return ((Date.now() - t) / 1000).toFixed(1);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

main().catch((err: unknown) => {
  process.stderr.write(`settle bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
