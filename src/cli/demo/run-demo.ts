// hisob demo, end to end: generate a sample pilot district's month, import it (book, facilities and
// licences, enrolment register, cases, services), settle the month through the job driver, print a
// summary per facility and write the report files. Every step is the product's own code path: the
// same imports as `hisob import`, the same settlement jobs as the worker processes.
import { join, relative } from 'node:path';
import { formatImportError } from '../../infra/import/import-errors';
import type { Actor } from '../../modules/auth/actor';
import { CaseIntakeService } from '../../modules/claims/case-intake.service';
import { importDistrictFile, regionalDistrictCode } from '../../modules/reference/facility-import';
import { importTariffBookDir } from '../../modules/reference/tariff-book-import';
import { importEnrolmentCsv } from '../../modules/registry/enrolment-import';
import { groupThousands } from '../../modules/settlement/cli/summary-table';
import { writeSettlementReports, type ReportFiles } from '../../modules/settlement/exports/report-files';
import type { RunView } from '../../modules/settlement/runs/run-view';
import type { RunStatements } from '../../modules/settlement/runs/statement-view';
import { importServicesCsv } from '../../modules/settlement/services-import';
import { createSettlementRuntime } from '../../modules/settlement/settlement-runtime';
import { QueueName } from '../../jobs';
import { UserError } from '../errors';
import type { CliIo } from '../io';
import { defaultBookDir, defaultCaseMixFile } from '../paths';
import { startProgress, type Progress } from '../progress';
import { formatGenerateSummary, generateMonth } from '../support/generate-month';
import { defaultMonth, loadBook, loadCaseMix } from '../support/load-inputs';
import { openDemoBackend } from './demo-backend';
import { recordDemoMoney, type DemoMoney } from './demo-money';
import { demoFootnotes, demoStatementLines } from './demo-summary';

export interface DemoOptions {
  cases: number;
  seed: number;
  /** Absolute output folder: generated files, report files and (embedded database) `db/`. */
  outDir: string;
  /** Cases per settlement chunk job (default: the settlement's own, 5,000). */
  chunkSize?: number;
  /** Environment read for DATABASE_URL, REDIS_URL and the job settings (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** How the output folder is shown to the user (default: relative to the working directory). */
  shownOut?: string;
}

export interface DemoResult {
  month: string;
  scope: string;
  run: RunView;
  statements: RunStatements;
  money: DemoMoney;
  files: ReportFiles;
  /** Cases the import stored and rejected. */
  imported: { received: number; stored: number; rejected: number };
  seconds: { total: number; generate: number; import: number; settle: number; reports: number };
}

/** Rejected case records listed in full; the rest are counted by code. */
const SHOWN_REJECTS = 3;

const DEMO_ACTOR: Actor = { userId: 'demo', username: 'demo', roles: ['admin'], districtCodes: [], facilityIds: [] };

export async function runDemo(o: DemoOptions, io: CliIo): Promise<DemoResult> {
  const started = Date.now();
  const env = o.env ?? process.env;
  const shownOut = o.shownOut ?? (relative(process.cwd(), o.outDir) || '.');
  const book = await loadBook(defaultBookDir());
  const caseMix = await loadCaseMix(defaultCaseMixFile());
  const month = defaultMonth(book);
  const currency = book.manifest.currency;

  io.out(
    `Hisob demo: ${n(o.cases)} cases of a sample pilot district, month ${month}, book ${book.manifest.code} ${book.manifest.version}`,
  );
  const backend = await openDemoBackend(join(o.outDir, 'db'), env);
  try {
    for (const line of backend.description) io.out(`  ${line}`);
    const db = backend.dataSource;
    io.out('');

    // 1. Generate.
    const t0 = Date.now();
    const generated = await generateMonth({
      seed: o.seed,
      cases: o.cases,
      month,
      book,
      caseMix,
      caseMixFile: 'case-mix.csv',
      outDir: o.outDir,
      errorShare: 0.01,
      format: 'csv',
      services: Math.round(o.cases / 10),
      io,
    });
    for (const line of formatGenerateSummary(generated, { seed: o.seed, month, outDir: shownOut })) io.out(line);
    io.out('');
    const generateSeconds = seconds(t0);

    // 2. Import, in the order the references need: book, registry, register, cases, services.
    const t1 = Date.now();
    const district = generated.district;
    io.out(`Importing into the database`);
    const stored = await importTariffBookDir(db, defaultBookDir(), DEMO_ACTOR, { publish: true });
    io.out(`  tariff book  ${stored.code} ${stored.version}: ${stored.outcome}, ${stored.status}`);
    const registry = await importDistrictFile(db, generated.files.district, 'district.json', DEMO_ACTOR);
    failOnRejects('district.json', registry.rejected, registry.errors);
    io.out(
      `  facilities   ${n(registry.facilities?.inserted ?? 0)} new, ${n(registry.facilities?.unchanged ?? 0)} unchanged; ` +
        `licences ${n((registry.licences?.inserted ?? 0) + (registry.licences?.unchanged ?? 0) + (registry.licences?.updated ?? 0))} (${registry.seconds.toFixed(2)} s)`,
    );
    const enrolment = await importEnrolmentCsv(db, generated.files.enrolment, 'enrolment.csv', DEMO_ACTOR, {
      snapshotDate: `${month}-01`,
    });
    failOnRejects('enrolment.csv', enrolment.rejected, enrolment.errors);
    io.out(
      `  enrolment    ${n(enrolment.enrolled)} persons on ${enrolment.snapshotDate} (${enrolment.seconds.toFixed(2)} s)`,
    );
    const caseBar = startProgress(io, '  importing cases', generated.cases, 'cases');
    const cases = await new CaseIntakeService(db)
      .importCasesCsv(generated.files.cases, 'cases.csv', DEMO_ACTOR, {
        onProgress: (p) => caseBar.update(p.rowsRead, p.rowsRead),
      })
      .finally(() => caseBar.stop());
    io.out(
      `  cases        ${n(cases.received)} received: ${n(cases.inserted)} new, ${n(cases.superseded)} changed, ` +
        `${n(cases.unchanged)} unchanged, ${n(cases.rejected)} rejected${byCode(cases.errorCounts)} (${cases.seconds.toFixed(2)} s)`,
    );
    // The generator breaks 1% of the cases on purpose: intake refuses some, the grouper catches the rest.
    for (const error of cases.errors.slice(0, SHOWN_REJECTS)) io.out(`    ${formatImportError(error)}`);
    if (cases.rejected > SHOWN_REJECTS) io.out(`    … ${n(cases.rejected - SHOWN_REJECTS)} more`);
    const services = await importServicesCsv(db, generated.files.services, 'services.csv');
    failOnRejects('services.csv', services.rejected, services.errors);
    io.out(`  services     ${n(services.stored)} new, ${n(services.unchanged)} unchanged`);
    const facilityIds = district.facilities.map((f) => f.id);
    const districtHospital = district.facilities.find((f) => f.type === 'district-hospital')?.id;
    const money = await recordDemoMoney(db, month, facilityIds, districtHospital);
    io.out(
      `  advances     ${groupThousands(money.advances.total)} ${currency} paid to ${money.advances.facilities} hospitals at the start of the month`,
    );
    if (money.adjustment) {
      io.out(
        `  adjustment   ${groupThousands(money.adjustment.amount)} ${currency} for ${money.adjustment.facilityId} (${money.adjustment.reason.replace(/^demo: /, '')})`,
      );
    }
    io.out('');
    const importSeconds = seconds(t1);

    // 3. Settle: the region holds the pilot district and the regional facilities its people use.
    const t2 = Date.now();
    const scope = `region:${district.region.code}`;
    const runtime = createSettlementRuntime({
      dataSource: db,
      driver: backend.driver,
      options: o.chunkSize ? { chunkSize: o.chunkSize } : {},
    });
    await backend.driver.startWorkers(runtime.handlers, { queues: [QueueName.Settlement] });
    io.out(
      `Settling ${scope} for ${month}: the pilot district ${district.district.code} and the region's own facilities (${regionalDistrictCode(district.region.code)})`,
    );
    const requested = await runtime.service.request({
      scope,
      month,
      idempotencyKey: `demo-${month}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      actor: 'demo',
    });
    const run = await waitWithProgress(runtime.service.waitFor.bind(runtime.service), requested.id, io);
    if (run.status !== 'computed') {
      throw new UserError(`settlement run ${run.id} ended ${run.status}: ${run.error ?? 'see hisob settlement show'}`);
    }
    const settleSeconds = seconds(t2);
    const statements = await runtime.service.statements(run.id);
    io.out(
      `Run ${run.id}: ${n(run.totals?.lines ?? 0)} case lines in ${n(run.progress.chunksTotal)} chunk${run.progress.chunksTotal === 1 ? '' : 's'}, computed in ${settleSeconds.toFixed(1)} s`,
    );
    io.out('');
    for (const line of demoStatementLines(statements, currency)) io.out(line);
    io.out('');
    for (const line of demoFootnotes(statements, run, currency)) io.out(line);
    io.out('');

    // 4. Report files.
    const t3 = Date.now();
    const files = await writeSettlementReports(runtime.service, run.id, o.outDir);
    io.out('Reports:');
    io.out(`  statements  ${join(shownOut, 'statements.csv')}`);
    io.out(`  groups      ${join(shownOut, 'groups.csv')}`);
    io.out(`  run summary ${join(shownOut, 'summary.csv')}`);
    io.out(`  workbook    ${join(shownOut, 'settlement.xlsx')}`);
    const reportSeconds = seconds(t3);
    const total = seconds(started);
    io.out('');
    io.out(
      `Done in ${total.toFixed(1)} s (generate ${generateSeconds.toFixed(1)} s, import ${importSeconds.toFixed(1)} s, ` +
        `settle ${settleSeconds.toFixed(1)} s, reports ${reportSeconds.toFixed(1)} s).`,
    );
    // The run stays in the database: the settlement commands can approve, close or export it.
    const dataDirHint = backend.embedded ? `HISOB_DATA_DIR=${join(shownOut, 'db')} ` : '';
    io.out(`Next: ${dataDirHint}hisob settlement show|approve|close ${run.id}`);
    return {
      month,
      scope,
      run,
      statements,
      money,
      files,
      imported: { received: cases.received, stored: cases.inserted + cases.superseded, rejected: cases.rejected },
      seconds: {
        total,
        generate: generateSeconds,
        import: importSeconds,
        settle: settleSeconds,
        reports: reportSeconds,
      },
    };
  } finally {
    await backend.close();
  }
}

async function waitWithProgress(
  waitFor: (id: string, opts: { pollMs: number; onProgress: (v: RunView) => void }) => Promise<RunView>,
  runId: string,
  io: CliIo,
): Promise<RunView> {
  let bar: Progress | undefined;
  const run = await waitFor(runId, {
    pollMs: 200,
    onProgress: (view) => {
      const units = view.progress.chunksTotal + view.progress.capitationPartsTotal;
      const done = view.progress.chunksDone + view.progress.capitationPartsDone;
      if (!bar && units > 0) bar = startProgress(io, '  settling', units, 'cases');
      bar?.update(done, view.progress.casesPriced);
    },
  });
  const units = run.progress.chunksTotal + run.progress.capitationPartsTotal;
  bar?.stop({ done: units, items: run.progress.casesPriced });
  return run;
}

/** The generated files are valid by construction (apart from cases): a rejected row there is a bug. */
function failOnRejects(file: string, rejected: number, errors: readonly { message: string }[]): void {
  if (rejected > 0) throw new Error(`${file}: ${rejected} rows rejected, e.g. ${errors[0]?.message ?? '?'}`);
}

function byCode(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([code, k]) => `${code} ${n(k)}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function n(x: number): string {
  return x.toLocaleString('en-US');
}

function seconds(since: number): number {
  return (Date.now() - since) / 1000;
}
