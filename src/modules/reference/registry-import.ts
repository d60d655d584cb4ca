// What registry imports (district.json, facilities, licences) share: the report and the transaction
// that writes every good row at once with one audit entry for the import. Row-level audit entries of
// the registry tables come from their triggers, under the importing actor's name.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { QueryRunner } from 'typeorm';
import { withAuditActor } from '../../infra/database/audit-actor';
import type { HisobDataSource } from '../../infra/database/data-source';
import type { CellProblem } from '../../infra/import/cell-checks';
import { DEFAULT_ERROR_CAP, RowErrorCollector, type ImportRowError } from '../../infra/import/import-errors';
import { writeImportAudit } from '../../infra/import/import-audit';
import { auditName, type Actor } from '../auth/actor';
import type { UpsertCounts } from './registry-import-sql';

export interface RegistryImportReport {
  importId: string;
  file: string;
  /** Records read (CSV data lines, JSON array items). */
  received: number;
  rejected: number;
  regions?: UpsertCounts;
  districts?: UpsertCounts;
  facilities?: UpsertCounts;
  licences?: UpsertCounts;
  errors: ImportRowError[];
  errorsOmitted: number;
  errorCounts: Record<string, number>;
  seconds: number;
}

export interface RegistryImportOptions {
  /** Errors listed in full at most (default 1000). */
  errorCap?: number;
}

/** Row problems of one import, reported against a file and a line or a JSON path. */
export class RegistryErrors {
  readonly collector: RowErrorCollector;

  constructor(
    readonly file: string,
    cap = DEFAULT_ERROR_CAP,
  ) {
    this.collector = new RowErrorCollector(cap);
  }

  /** Problems of the record at `line` (CSV) or at JSON path `path`. */
  reject(where: { line?: number; path?: string }, problems: readonly CellProblem[]): void {
    const base = where.line !== undefined ? `${this.file}:${where.line}` : (where.path ?? this.file);
    const errors = problems.map((p) => ({
      file: this.file,
      ...(where.line !== undefined ? { line: where.line } : {}),
      path: where.path !== undefined && p.field !== '' ? `${where.path}.${p.field}` : base,
      field: p.field,
      code: p.code,
      message: p.message,
    }));
    this.collector.reject(where.line ?? 0, errors);
  }
}

/**
 * Runs `write` in one transaction under the actor's name and adds one audit entry (`action`, counts
 * in `after`). Returns the report with its timing.
 */
export async function runRegistryImport(
  dataSource: HisobDataSource,
  actor: Actor,
  action: string,
  errors: RegistryErrors,
  received: number,
  write: (
    runner: QueryRunner,
  ) => Promise<Partial<Pick<RegistryImportReport, 'regions' | 'districts' | 'facilities' | 'licences'>>>,
): Promise<RegistryImportReport> {
  const started = performance.now();
  const importId = randomUUID();
  const c = errors.collector;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await withAuditActor(runner, auditName(actor));
    const written = await write(runner);
    const report: RegistryImportReport = {
      importId,
      file: errors.file,
      received,
      rejected: c.rejectedRecords,
      ...written,
      errors: c.sorted(),
      errorsOmitted: c.omitted,
      errorCounts: { ...c.countsByCode },
      seconds: 0,
    };
    const counts = { received, rejected: report.rejected, ...written };
    await writeImportAudit(runner, {
      actor: auditName(actor),
      action,
      entity: 'registry_import',
      importId,
      after: counts,
      context: { file: errors.file },
    });
    await runner.commitTransaction();
    report.seconds = Math.round(performance.now() - started) / 1000;
    return report;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}
