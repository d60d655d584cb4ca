// Intake benchmark: a generated case CSV imported into PostgreSQL — read, validated with the shared
// rules, staged with COPY and merged into `cases` in one transaction.
//   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:intake -- --cases 1000000
// Not timed: writing the CSV to a temp folder, creating and migrating a fresh database (dropped at the
// end), importing the district's facilities. Timed: CaseIntakeService.importCasesCsv on the file.
// Prints a readable line, then the final JSON line:
//   {"bench":"intake","cases":1000000,"seconds":…,"casesPerSecond":…,"peakRssMb":…}
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { defaultMonth } from '../src/cli/support/load-inputs';
import { packageRoot } from '../src/cli/paths';
import { adjustmentCodesOf, generateDistrict } from '../src/domain/generator/district';
import { generateCases } from '../src/domain/generator/generate-cases';
import { openDataSource, type HisobDataSource } from '../src/infra/database/data-source';
import { loadTariffBookDir } from '../src/infra/tariff-book/load-book-dir';
import { readCaseMixFile } from '../src/io/case-mix-file';
import { writeDistrictFile } from '../src/io/district-file';
import { openCaseWriter } from '../src/io/write-records';
import type { Actor } from '../src/modules/auth/actor';
import { CaseIntakeService } from '../src/modules/claims/case-intake.service';
import { importDistrictFile } from '../src/modules/reference/facility-import';

interface BenchArgs {
  cases: number;
  seed: number;
  month?: string;
}

const ACTOR: Actor = { userId: 'bench', username: 'bench', roles: ['admin'], districtCodes: [], facilityIds: [] };

function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { cases: 1_000_000, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--cases' || flag === '--seed') {
      const n = Number(value.replace(/_/g, ''));
      if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} must be a whole number >= 1, got ${value}`);
      args[flag === '--cases' ? 'cases' : 'seed'] = n;
    } else if (flag === '--month') args.month = value;
    else throw new Error(`unknown option ${flag} (known: --cases, --seed, --month)`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const baseUrl = process.env.DATABASE_URL?.trim();
  if (!baseUrl)
    throw new Error('DATABASE_URL is required (a PostgreSQL server; the bench creates and drops its own database)');

  const root = packageRoot();
  const book = await loadTariffBookDir(join(root, 'fixtures', 'books', 'UZ-KZG-SAMPLE'));
  const caseMix = await readCaseMixFile(join(root, 'fixtures', 'generator', 'case-mix.csv'));
  const month = args.month ?? defaultMonth(book);
  const adjustmentCodes = adjustmentCodesOf(book.capitationAdjustments.values());
  const district = generateDistrict(args.seed, { month, adjustmentCodes });

  const dir = await mkdtemp(join(tmpdir(), 'hisob-bench-intake-'));
  const dbName = `hisob_bench_intake_${process.pid}_${Date.now()}`;
  let dataSource: HisobDataSource | undefined;
  let created = false;
  try {
    const casesPath = join(dir, 'cases.csv');
    const districtPath = join(dir, 'district.json');
    await writeDistrictFile(districtPath, district);
    const writer = await openCaseWriter(casesPath, 'csv');
    for (const c of generateCases(args.seed, { book, caseMix, district, month, count: args.cases })) {
      if (writer.write(c)) await writer.drain();
    }
    await writer.close();
    const bytes = (await stat(casesPath)).size;

    await admin(baseUrl, (c) => c.query(`CREATE DATABASE ${dbName}`));
    created = true;
    dataSource = await openDataSource({ kind: 'postgres', url: withDatabase(baseUrl, dbName), poolSize: 2 });
    await importDistrictFile(dataSource, districtPath, undefined, ACTOR);

    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    const report = await new CaseIntakeService(dataSource).importCasesCsv(casesPath, 'cases.csv', ACTOR);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // Node's own CPU time over the import (user + system, all threads): the rest of the wall time is
    // waiting for PostgreSQL or for a core on a loaded machine.
    const cpu = process.cpuUsage(cpuBefore);
    const nodeCpuSeconds = (cpu.user + cpu.system) / 1e6;

    process.stdout.write(
      `intake bench: ${args.cases.toLocaleString('en-US')} cases of ${month} (${(bytes / 1e6).toFixed(1)} MB CSV): ` +
        `${report.inserted.toLocaleString('en-US')} stored, ${report.rejected.toLocaleString('en-US')} rejected ` +
        `(${Object.entries(report.errorCounts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})\n`,
    );
    const line = {
      bench: 'intake',
      cases: report.received,
      seconds: Math.round(seconds * 1000) / 1000,
      casesPerSecond: Math.round(report.received / seconds),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      nodeCpuSeconds: Math.round(nodeCpuSeconds * 100) / 100,
      loadAverage: Math.round(loadavg()[0] * 100) / 100,
    };
    process.stdout.write(JSON.stringify(line) + '\n');
  } finally {
    await dataSource?.destroy().catch(() => undefined);
    if (created)
      await admin(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
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

main().catch((err: unknown) => {
  process.stderr.write(`intake bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
