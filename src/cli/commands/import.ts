// hisob import …: loads a tariff book, the facility registry, licences, the enrolment register, case
// files and the money registers a settlement reads (services, advances, adjustments) into the
// database the API uses (DATABASE_URL, or the embedded PGlite under HISOB_DATA_DIR). Each prints a
// progress line while it runs, then a summary and every rejected record as
// `file:line field code message`.
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { loadAppConfig } from '../../infra/config/app-config';
import { databaseConfigFrom } from '../../infra/database/database-config';
import { openDataSource, type HisobDataSource } from '../../infra/database/data-source';
import { ImportFileError } from '../../infra/import/import-errors';
import type { Actor } from '../../modules/auth/actor';
import { CaseIntakeService } from '../../modules/claims/case-intake.service';
import { importDistrictFile, importFacilitiesCsv } from '../../modules/reference/facility-import';
import { importLicencesCsv } from '../../modules/reference/licence-import';
import { importTariffBookDir, TariffBookImportError } from '../../modules/reference/tariff-book-import';
import { importEnrolmentCsv } from '../../modules/registry/enrolment-import';
import { importAdjustmentsCsv } from '../../modules/settlement/adjustments-import';
import { importAdvancesCsv } from '../../modules/settlement/advances-import';
import { registerImportLines } from '../../modules/settlement/cli/register-import-lines';
import { importServicesRegisterCsv } from '../../modules/settlement/services-register-import';
import type { CommandContext } from '../context';
import { UserError } from '../errors';
import { userPath } from '../paths';
import { startProgress } from '../progress';
import { bookImportLines, caseImportLines, enrolmentImportLines, registryImportLines } from '../support/import-summary';

export interface ImportCommandDeps {
  /** Opens (and migrates) the database; default: from the environment, like the API. */
  openDatabase?: () => Promise<{ dataSource: HisobDataSource; close(): Promise<void> }>;
  /** Who the audit trail names (default HISOB_ACTOR, else cli:<login>). */
  actor?: Actor;
}

interface StrictOption {
  strict?: boolean;
}

export function registerImportCommands(program: Command, ctx: CommandContext, deps: ImportCommandDeps = {}): void {
  const open = deps.openDatabase ?? openFromEnvironment;
  const actor = deps.actor ?? cliActor();
  const withDb = async (work: (db: HisobDataSource) => Promise<number>): Promise<void> => {
    const db = await open();
    try {
      ctx.setExitCode(await work(db.dataSource));
    } catch (error) {
      // A whole file refused (no header, unknown column, wrong encoding) or a book that cannot change.
      if (error instanceof ImportFileError || error instanceof TariffBookImportError)
        throw new UserError(error.message);
      throw error;
    } finally {
      await db.close();
    }
  };
  const rejectedExit = (rejected: number, opts: StrictOption) => (opts.strict && rejected > 0 ? 2 : 0);

  const imp = program
    .command('import')
    .description('load a tariff book, registries, cases, services, advances or adjustments into the database');

  imp
    .command('book')
    .description('store a tariff book directory as a draft (checked first; the same files again change nothing)')
    .argument('<dir>', 'book directory (manifest.json and CSV tables)')
    .option('--publish', 'publish the book after storing it')
    .action((dir: string, opts: { publish?: boolean }) =>
      withDb(async (db) => {
        const result = await importTariffBookDir(db, userPath(dir), actor, { publish: !!opts.publish });
        for (const line of bookImportLines(dir, result)) ctx.io.out(line);
        return 0;
      }),
    );

  imp
    .command('district')
    .description("facilities with their district and region: the generator's district.json, or a facilities .csv")
    .argument('<file>', 'district.json or facilities.csv')
    .option('--pilot-start <date>', 'district.json: pilot start date (YYYY-MM-DD) of the district facilities')
    .option('--strict', 'exit with code 2 when any record was rejected')
    .action((file: string, opts: StrictOption & { pilotStart?: string }) =>
      withDb(async (db) => {
        const path = userPath(file);
        const report =
          extname(path).toLowerCase() === '.csv'
            ? await importFacilitiesCsv(db, path, undefined, actor)
            : await importDistrictFile(db, path, undefined, actor, { pilotStartDate: opts.pilotStart });
        for (const line of registryImportLines(report)) ctx.io.out(line);
        return rejectedExit(report.rejected, opts);
      }),
    );

  imp
    .command('licences')
    .description('facility licences, accreditations and telemedicine licences from a CSV file')
    .argument('<file>', 'licences.csv')
    .option('--strict', 'exit with code 2 when any record was rejected')
    .action((file: string, opts: StrictOption) =>
      withDb(async (db) => {
        const report = await importLicencesCsv(db, userPath(file), undefined, actor);
        for (const line of registryImportLines(report)) ctx.io.out(line);
        return rejectedExit(report.rejected, opts);
      }),
    );

  imp
    .command('enrolment')
    .description('the enrolment register on a snapshot date; replaces the snapshot of the facilities in the file')
    .argument('<file>', 'enrolment.csv (person_id, facility_id, birth_date, sex)')
    .requiredOption('--snapshot <date>', 'date the register describes (YYYY-MM-DD)')
    .option('--strict', 'exit with code 2 when any record was rejected')
    .action((file: string, opts: StrictOption & { snapshot: string }) =>
      withDb(async (db) => {
        const path = userPath(file);
        const progress = startProgress(ctx.io, 'importing enrolment', await fileSize(path), 'rows');
        const report = await importEnrolmentCsv(db, path, undefined, actor, {
          snapshotDate: opts.snapshot,
          onProgress: (p) => progress.update(p.bytesRead, p.rowsRead),
        }).finally(() => progress.stop());
        for (const line of enrolmentImportLines(file, report)) ctx.io.out(line);
        return rejectedExit(report.rejected, opts);
      }),
    );

  imp
    .command('cases')
    .description('a case file (.csv, docs/case-formats.md): new claims stored, changed ones superseded')
    .argument('<file>', 'cases.csv')
    .option('--strict', 'exit with code 2 when any record was rejected')
    .action((file: string, opts: StrictOption) =>
      withDb(async (db) => {
        const path = userPath(file);
        if (extname(path).toLowerCase() !== '.csv') throw new UserError(`${file}: expected a .csv case file`);
        const progress = startProgress(ctx.io, 'importing cases', await fileSize(path), 'cases');
        const report = await new CaseIntakeService(db)
          .importCasesCsv(path, undefined, actor, {
            onProgress: (p) => progress.update(p.bytesRead, p.rowsRead),
          })
          .finally(() => progress.stop());
        for (const line of caseImportLines(file, report)) ctx.io.out(line);
        return rejectedExit(report.rejected, opts);
      }),
    );

  // The money registers a settlement reads (docs/settlement.md), recorded as the CLI actor.
  const registers = [
    {
      name: 'services',
      description: 'fee-for-service and telemedicine services; a service already stored stays as it is',
      file: 'services.csv (facility_id, service_id, patient_id, service_code, mode, service_date, quantity)',
      run: importServicesRegisterCsv,
    },
    {
      name: 'advances',
      description: 'advances paid to facilities for a month; the same row again changes nothing',
      file: 'advances.csv (facility_id, month, amount, reference, paid_on)',
      run: importAdvancesCsv,
    },
    {
      name: 'adjustments',
      description: 'corrections of a closed month paid in a later one; the same row again changes nothing',
      file: 'adjustments.csv (facility_id, from_month, to_month, amount, reason)',
      run: importAdjustmentsCsv,
    },
  ] as const;
  for (const register of registers) {
    imp
      .command(register.name)
      .description(register.description)
      .argument('<file>', register.file)
      .option('--strict', 'exit with code 2 when any record was rejected')
      .action((file: string, opts: StrictOption) =>
        withDb(async (db) => {
          const path = userPath(file);
          const progress = startProgress(ctx.io, `importing ${register.name}`, await fileSize(path), 'rows');
          const report = await register
            .run(db, path, undefined, actor, { onProgress: (p) => progress.update(p.bytesRead, p.rowsRead) })
            .finally(() => progress.stop());
          for (const line of registerImportLines(file, report)) ctx.io.out(line);
          return rejectedExit(report.rejected, opts);
        }),
      );
  }
}

/** The CLI acts as an administrator; the audit trail names it HISOB_ACTOR or cli:<login>. */
export function cliActor(): Actor {
  let login = 'unknown';
  try {
    login = userInfo().username;
  } catch {
    // No login name (some containers): the fallback is fine for an audit name.
  }
  const username = (process.env.HISOB_ACTOR?.trim() || `cli:${login}`).slice(0, 128);
  return { userId: username, username, roles: ['admin'], districtCodes: [], facilityIds: [] };
}

async function openFromEnvironment(): Promise<{ dataSource: HisobDataSource; close(): Promise<void> }> {
  const dataSource = await openDataSource(databaseConfigFrom(loadAppConfig()));
  return { dataSource, close: () => dataSource.destroy() };
}

async function fileSize(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new UserError(`no such file: ${path}`);
  return info.size;
}
