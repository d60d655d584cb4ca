// hisob settle / hisob settlement show|approve|close|retry|export — the monthly settlement from the
// command line. Without REDIS_URL the jobs run inside this process (inline driver) and `settle` waits
// for them; with REDIS_URL it enqueues, and worker processes (src/worker.ts) do the work.
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { CliIo } from '../../../cli/io';
import { startProgress, type Progress } from '../../../cli/progress';
import { loadAppConfig } from '../../../infra/config/app-config';
import { databaseConfigFrom } from '../../../infra/database/database-config';
import { openDataSource, type HisobDataSource } from '../../../infra/database/data-source';
import { ApiException } from '../../../infra/http/api-exception';
import { createJobDriver, QueueName, readJobConfig, type JobConfig, type JobDriver } from '../../../jobs';
import { writeSettlementReports } from '../exports/report-files';
import type { RunView } from '../runs/run-view';
import { createSettlementRuntime, type SettlementRuntime } from '../settlement-runtime';
import { runHeadline, statementTable } from './summary-table';

/** What the commands need from the `hisob` program (src/cli/context.ts CommandContext fits). */
export interface SettlementCommandContext {
  io: CliIo;
  setExitCode(code: number): void;
}

export interface SettlementCommandDeps {
  /** Opens (and migrates) the database; default: from the environment, like the API. */
  openDatabase?: () => Promise<{ dataSource: HisobDataSource; close(): Promise<void> }>;
  /** Job settings; default: readJobConfig() (REDIS_URL decides the driver). */
  jobConfig?: () => JobConfig;
  /** Name recorded as requester, approver and closer (default `cli`, or $USER). */
  actor?: string;
  /** Raised to the user as a plain message (src/cli/errors.ts UserError); default: Error. */
  userError?: (message: string) => Error;
}

interface SettleOptions {
  scope: string;
  month: string;
  book?: string;
  key?: string;
  wait: boolean;
  out?: string;
  chunkSize?: number;
}

interface Session {
  runtime: SettlementRuntime;
  driver: JobDriver;
  inline: boolean;
}

export function registerSettlementCommands(
  program: Command,
  ctx: SettlementCommandContext,
  deps: SettlementCommandDeps = {},
): void {
  const actor = deps.actor ?? process.env.USER ?? 'cli';
  const userError = deps.userError ?? ((message: string) => new Error(message));
  const withSession = async <T>(chunkSize: number | undefined, work: (s: Session) => Promise<T>): Promise<T> => {
    const db = await (deps.openDatabase ?? openFromEnvironment)();
    const jobs = (deps.jobConfig ?? readJobConfig)();
    const driver = createJobDriver(jobs);
    try {
      const runtime = createSettlementRuntime({ dataSource: db.dataSource, driver, options: { chunkSize } });
      const inline = driver.kind === 'inline';
      // Inline, this process is the worker; on BullMQ the worker processes are.
      if (inline) await driver.startWorkers(runtime.handlers, { queues: [QueueName.Settlement] });
      return await work({ runtime, driver, inline });
    } catch (error) {
      if (error instanceof ApiException) throw userError(error.message);
      throw error;
    } finally {
      await driver.close();
      await db.close();
    }
  };

  program
    .command('settle')
    .description('settle a month: price its cases, capitation and fees, and write one statement per facility')
    .requiredOption('--scope <scope>', 'district:CODE, region:CODE or nation')
    .requiredOption('--month <YYYY-MM>', 'the settlement month', monthOption)
    .option('--book <CODE@VERSION>', 'tariff book version (default: the published book in force on the first day)')
    .option('--key <key>', 'idempotency key: the same key gives the same run (default: a new request)')
    .option('--no-wait', 'with REDIS_URL: enqueue and return without waiting for the workers')
    .option('--out <dir>', 'write statements.csv, groups.csv, summary.csv and settlement.xlsx here')
    .option('--chunk-size <n>', 'cases per chunk job (default 5000)', positiveInt)
    .action(async (opts: SettleOptions) => {
      await withSession(opts.chunkSize, async ({ runtime, inline }) => {
        const { io } = ctx;
        const key = opts.key ?? `cli-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
        const started = Date.now();
        const requested = await runtime.service.request({
          scope: opts.scope,
          month: opts.month,
          book: opts.book,
          idempotencyKey: key,
          actor,
        });
        io.out(
          `Settlement ${requested.id} of ${requested.scope.label} for ${requested.month} with ${requested.book.code} ${requested.book.version}: ${requested.status}`,
        );
        if (!opts.wait && !inline) {
          io.out(`Enqueued; follow it with: hisob settlement show ${requested.id}`);
          return;
        }
        if (!inline && requested.status !== 'computed')
          io.out('Waiting for the workers (src/worker.ts) to take the jobs…');
        const run = await waitWithProgress(runtime, requested.id, io);
        const seconds = (Date.now() - started) / 1000;
        await printRun(runtime, run, io);
        if (run.status === 'failed') {
          ctx.setExitCode(1);
          return;
        }
        io.out('');
        io.out(`${run.totals?.lines ?? 0} cases settled in ${seconds.toFixed(1)} s.`);
        if (opts.out) await writeReports(runtime, run.id, opts.out, io);
      });
    });

  const settlement = program.command('settlement').description('settlement runs: show, approve, close, retry, export');
  settlement
    .command('show <id>')
    .description('the run, its progress, and its statements once computed')
    .action(async (id: string) => {
      await withSession(undefined, async ({ runtime }) => printRun(runtime, await runtime.service.get(id), ctx.io));
    });
  settlement
    .command('approve <id>')
    .description('approve a computed run (refused if its cases, advances or services changed since)')
    .action(async (id: string) => {
      await withSession(undefined, async ({ runtime }) => {
        const run = await runtime.service.approve(id, actor);
        ctx.io.out(`Approved ${run.id} (${run.scope.label}, ${run.month}); net payable ${run.totals?.netPayable}.`);
      });
    });
  settlement
    .command('close <id>')
    .description("close an approved run's month for good: its cases and statements never change again")
    .action(async (id: string) => {
      await withSession(undefined, async ({ runtime }) => {
        const run = await runtime.service.close(id, actor);
        ctx.io.out(`Closed ${run.month} for ${run.scope.label} with run ${run.id} (fingerprint ${run.fingerprint}).`);
      });
    });
  settlement
    .command('retry <id>')
    .description('run a failed run again; chunks already written are kept')
    .action(async (id: string) => {
      await withSession(undefined, async ({ runtime, inline }) => {
        const requested = await runtime.service.retry(id, actor);
        const run = inline ? await waitWithProgress(runtime, requested.id, ctx.io) : requested;
        await printRun(runtime, run, ctx.io);
      });
    });
  settlement
    .command('export <id>')
    .description('write the statements as CSV and XLSX')
    .requiredOption('--out <dir>', 'directory for statements.csv, groups.csv, summary.csv and settlement.xlsx')
    .action(async (id: string, opts: { out: string }) => {
      await withSession(undefined, async ({ runtime }) => writeReports(runtime, id, opts.out, ctx.io));
    });
}

async function waitWithProgress(runtime: SettlementRuntime, runId: string, io: CliIo): Promise<RunView> {
  let bar: Progress | undefined;
  const run = await runtime.service.waitFor(runId, {
    pollMs: 250,
    onProgress: (view) => {
      const units = view.progress.chunksTotal + view.progress.capitationPartsTotal;
      const done = view.progress.chunksDone + view.progress.capitationPartsDone;
      if (!bar && units > 0) bar = startProgress(io, 'Settling', units, 'cases');
      bar?.update(done, view.progress.casesPriced);
    },
  });
  const units = run.progress.chunksTotal + run.progress.capitationPartsTotal;
  bar?.stop({ done: units, items: run.progress.casesPriced });
  return run;
}

async function printRun(runtime: SettlementRuntime, run: RunView, io: CliIo): Promise<void> {
  for (const line of runHeadline(run)) io.out(line);
  const p = run.progress;
  if (run.status === 'requested' || run.status === 'running') {
    io.out(
      `  progress ${p.percent}%: ${p.chunksDone}/${p.chunksTotal} chunks, ${p.casesPriced}/${p.casesPlanned} cases`,
    );
    return;
  }
  if (run.status === 'failed' || !run.totals) return;
  io.out('');
  const data = await runtime.service.statements(run.id);
  const book = (await runtime.contexts.get(run.id)).book.book;
  for (const line of statementTable(data, book.manifest.currency)) io.out(line);
}

async function writeReports(runtime: SettlementRuntime, runId: string, out: string, io: CliIo): Promise<void> {
  const dir = resolve(out);
  const files = await writeSettlementReports(runtime.service, runId, dir);
  io.out('');
  io.out('Reports:');
  for (const path of Object.values(files)) io.out(`  ${path}`);
}

async function openFromEnvironment(): Promise<{ dataSource: HisobDataSource; close(): Promise<void> }> {
  const dataSource = await openDataSource(databaseConfigFrom(loadAppConfig()));
  return { dataSource, close: () => dataSource.destroy() };
}

function monthOption(value: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new InvalidArgumentError('expected a month as YYYY-MM.');
  return value;
}

function positiveInt(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('expected a whole number ≥ 1.');
  return Number(value);
}
