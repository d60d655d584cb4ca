// Recording the registers a settlement reads besides the cases: fee-for-service and telemedicine
// services, advances already paid, and adjustments of closed months, from a CSV file (CLI) or a CSV
// request body (API). One engine for the three:
//   read → check each row's cells (CellChecks; money with decimal.js, never a float) → COPY the good
//   rows into a TEMP stage → in SQL, in this order: facilities outside the registry or outside the
//   actor's scope (one code and message for both, so nothing leaks), rows of a closed month (the
//   month rows are locked FOR SHARE first, so a close waits for the import and the database's HS001
//   trigger never fires), the register's own rules (repeats in the file, an advance recorded with
//   another amount) → insert the rest, leaving rows already recorded as they are.
// One transaction with one audit entry: an import is stored whole or not at all, and a bad row never
// stops the good ones.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { QueryRunner } from 'typeorm';
import { dec, DecimalInputError, type Dec } from '../../domain/money';
import { withAuditActor } from '../../infra/database/audit-actor';
import { copyRowsIn, type CopyRow, type CopyValue } from '../../infra/database/copy-rows';
import type { HisobDataSource } from '../../infra/database/data-source';
import { CellChecks } from '../../infra/import/cell-checks';
import { readCsvTable, type CsvTableSpec } from '../../infra/import/csv-table';
import { writeImportAudit } from '../../infra/import/import-audit';
import { DEFAULT_ERROR_CAP, RowErrorCollector, type ImportRowError } from '../../infra/import/import-errors';
import { openImportSource, sourceName, type ImportSource } from '../../infra/import/import-source';
import { auditName, isNationwide, type Actor } from '../auth/actor';
import { scopeFilter } from '../auth/scope-filter';
import { SqlParams } from '../auth/sql-params';

export type RegisterName = 'services' | 'advances' | 'adjustments';

export interface RegisterImportReport {
  importId: string;
  register: RegisterName;
  received: number;
  /** Rows new to the register, stored by this import. */
  stored: number;
  /** Rows the register already held exactly so: left as they are. */
  unchanged: number;
  rejected: number;
  /** Σ amount of the rows stored by this import (signed for adjustments); null for services. */
  storedAmount: string | null;
  errors: ImportRowError[];
  errorsOmitted: number;
  errorCounts: Record<string, number>;
  seconds: number;
}

export interface RegisterImportOptions {
  /** Called after each batch of rows read. */
  onProgress?: (p: { bytesRead: number; rowsRead: number }) => void;
  /** Errors kept in full in the report (default 1,000; the rest are counted). */
  errorCap?: number;
}

/** A staged row refused by a rule: its line, the column at fault, a code and a message. */
export interface RowRefusal {
  line: number;
  field: string;
  code: string;
  message: string;
}

/** What one register adds to the engine. */
export interface RegisterFormat<C extends string> {
  register: RegisterName;
  csv: CsvTableSpec<C>;
  /** Stage columns after `line`, `facility_id` first: [name, SQL type]. */
  stage: readonly (readonly [string, string])[];
  /** Checks the cells of one row into the stage values (after `line`); problems go to `c`. */
  check(cells: readonly string[], c: CellChecks): CopyValue[];
  /** The month a staged row `s` is paid in (SQL), and the column a closed month is blamed on. */
  month: { sql: string; field: C };
  /**
   * Serialise imports that touch the same facilities, for registers whose "already recorded" check
   * has no unique constraint to lean on (two imports would both find nothing and both insert).
   */
  lockFacilities: boolean;
  /** The register's own rules, run in order on what is still staged; each SELECTs RowRefusal rows. */
  rules: readonly ((stage: string) => string)[];
  /** Inserts the staged rows not recorded yet; returns how many went in and their sum. */
  insert(runner: QueryRunner, stage: string, createdBy: string): Promise<{ stored: number; amount: string | null }>;
}

/** Imports one register file; see the top of this file. Throws ImportFileError for an unusable file. */
export async function runRegisterImport<C extends string>(
  dataSource: HisobDataSource,
  format: RegisterFormat<C>,
  source: ImportSource,
  fileName: string | undefined,
  actor: Actor,
  opts: RegisterImportOptions = {},
): Promise<RegisterImportReport> {
  const started = performance.now();
  const importId = randomUUID();
  const file = sourceName(source, fileName);
  const chunks = await openImportSource(source, file);
  const stage = `${format.register}_stage_${importId.replace(/-/g, '')}`;
  const errors = new RowErrorCollector(opts.errorCap ?? DEFAULT_ERROR_CAP);
  const place = (line: number) => ({ file, line, path: `${file}:${line}` });
  const actorName = auditName(actor);
  const progress = { bytes: 0 };
  let received = 0;

  async function* checkedRows(): AsyncGenerator<CopyRow> {
    for await (const batch of readCsvTable(chunks, format.csv, { fileName: file, progress })) {
      for (const r of batch) {
        received++;
        if (!r.cells) {
          errors.reject(r.line, [{ ...place(r.line), field: '', code: r.error!.code, message: r.error!.message }]);
          continue;
        }
        const c = new CellChecks();
        const values = format.check(r.cells, c);
        if (c.ok) yield [String(r.line), ...values];
        else
          errors.reject(
            r.line,
            c.problems.map((p) => ({ ...place(r.line), ...p })),
          );
      }
      opts.onProgress?.({ bytesRead: progress.bytes, rowsRead: received });
    }
  }

  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await withAuditActor(runner, actorName);
    const columns = format.stage.map(([name, type]) => `${name} ${type}`).join(', ');
    await runner.query(`CREATE TEMP TABLE ${stage} (line integer NOT NULL, ${columns}) ON COMMIT DROP`);
    await copyRowsIn(runner, stage, ['line', ...format.stage.map(([name]) => name)], checkedRows());

    const refuse = async (refused: RowRefusal[]) => {
      for (const r of refused)
        errors.reject(r.line, [{ ...place(r.line), field: r.field, code: r.code, message: r.message }]);
      if (refused.length > 0) {
        await runner.query(`DELETE FROM ${stage} WHERE line = ANY($1::int[])`, [refused.map((r) => r.line)]);
      }
    };
    await refuse(await foreignFacilities(runner, stage, actor, format.register));
    if (format.lockFacilities) await lockFacilities(runner, stage);
    await refuse(await closedMonths(runner, stage, format.month));
    for (const rule of format.rules) await refuse(await runner.query(rule(stage)));

    const { stored, amount } = await format.insert(runner, stage, actorName);
    const [{ n: staged }]: { n: number }[] = await runner.query(`SELECT count(*)::int AS n FROM ${stage}`);
    const report: RegisterImportReport = {
      importId,
      register: format.register,
      received,
      stored,
      unchanged: staged - stored,
      rejected: errors.rejectedRecords,
      storedAmount: amount,
      errors: errors.sorted(),
      errorsOmitted: errors.omitted,
      errorCounts: { ...errors.countsByCode },
      seconds: 0,
    };
    await writeImportAudit(runner, {
      actor: actorName,
      action: `${format.register}.import`,
      entity: `${format.register}_import`,
      importId,
      after: counts(report),
      context: { file, errorCounts: report.errorCounts, ...(amount !== null ? { storedAmount: amount } : {}) },
    });
    await runner.commitTransaction();
    report.seconds = Math.round(performance.now() - started) / 1000;
    return report;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    await writeImportAudit(runner, {
      actor: actorName,
      action: `${format.register}.import.failed`,
      entity: `${format.register}_import`,
      importId,
      after: null,
      context: { file, error: String((error as Error)?.message ?? error).slice(0, 500) },
    }).catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

/**
 * Rows of a facility that is not in the registry or not in the actor's scope. The message depends on
 * the actor only, never on whether the facility exists elsewhere.
 */
async function foreignFacilities(
  runner: QueryRunner,
  stage: string,
  actor: Actor,
  register: RegisterName,
): Promise<RowRefusal[]> {
  const p = new SqlParams();
  const scope = scopeFilter(actor, { district: 'f.district_code', facility: 'f.id' }, p);
  const rows: { line: number; facility_id: string }[] = await runner.query(
    `SELECT s.line, s.facility_id FROM ${stage} s
      WHERE NOT EXISTS (SELECT 1 FROM facilities f WHERE f.id = s.facility_id AND ${scope})`,
    p.values,
  );
  const nationwide = isNationwide(actor);
  return rows.map((r) => ({
    line: r.line,
    field: 'facility_id',
    code: 'FACILITY_UNKNOWN',
    message: nationwide
      ? `facility ${r.facility_id} is not in the facility registry`
      : `no facility ${r.facility_id} that you may record ${register} for`,
  }));
}

/** Transaction-long advisory locks on the staged facilities (class 7312), in key order. */
async function lockFacilities(runner: QueryRunner, stage: string): Promise<void> {
  await runner.query(
    `SELECT pg_advisory_xact_lock(7312, k)
       FROM (SELECT DISTINCT hashtext(facility_id) AS k FROM ${stage} ORDER BY 1) AS keys`,
  );
}

/**
 * Rows paid in a month that is closed for the facility's district. Every (district, month) the
 * import writes gets its settlement_months row (as `open` when missing, like case intake) and the
 * rows are locked FOR SHARE in key order until commit: closing a month updates its row, so it waits
 * for the import, and an import after the close sees `closed`.
 */
async function closedMonths(
  runner: QueryRunner,
  stage: string,
  month: { sql: string; field: string },
): Promise<RowRefusal[]> {
  const months = `SELECT DISTINCT f.district_code, ${month.sql} AS month FROM ${stage} s JOIN facilities f ON f.id = s.facility_id`;
  await runner.query(
    `INSERT INTO settlement_months (district_code, month)
     SELECT district_code, month FROM (${months}) AS m ORDER BY 1, 2
     ON CONFLICT (district_code, month) DO NOTHING`,
  );
  await runner.query(
    `SELECT sm.district_code FROM settlement_months sm
      WHERE (sm.district_code, sm.month) IN (SELECT district_code, month FROM (${months}) AS m)
      ORDER BY sm.district_code, sm.month FOR SHARE`,
  );
  return runner.query(
    `SELECT s.line, $1::text AS field, 'MONTH_CLOSED' AS code,
            'month ' || sm.month || ' is closed for district ' || f.district_code AS message
       FROM ${stage} s JOIN facilities f ON f.id = s.facility_id
       JOIN settlement_months sm ON sm.district_code = f.district_code AND sm.month = ${month.sql}
      WHERE sm.status = 'closed'`,
    [month.field],
  );
}

function counts(r: RegisterImportReport): Record<string, number> {
  return { received: r.received, stored: r.stored, unchanged: r.unchanged, rejected: r.rejected };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** numeric(18, 2): at most 16 digits before the point. */
const MONEY_LIMIT = dec('10000000000000000');

/** A settlement month YYYY-MM. */
export function monthCell(c: CellChecks, field: string, v: string): string | undefined {
  if (v === '') return c.fail(field, 'REQUIRED', `${field} is required`);
  if (!MONTH.test(v)) return c.fail(field, 'FORMAT', `${field} must be a month written YYYY-MM`);
  return v;
}

/**
 * An amount of money: a plain decimal read by decimal.js (never a float), at most 2 decimals (tiyin),
 * within numeric(18, 2); `positive` > 0, `non-zero` ≠ 0. Returns it with exactly 2 decimals.
 */
export function moneyCell(c: CellChecks, field: string, v: string, sign: 'positive' | 'non-zero'): string | undefined {
  if (v === '') return c.fail(field, 'REQUIRED', `${field} is required`);
  let amount: Dec;
  try {
    amount = dec(v, field);
  } catch (error) {
    if (!(error instanceof DecimalInputError)) throw error;
    return c.fail(
      field,
      'FORMAT',
      `${field} must be a plain decimal such as 1250000.00 (no spaces, separators or exponent)`,
    );
  }
  if (amount.decimalPlaces() > 2) {
    return c.fail(field, 'TOO_MANY_DECIMALS', `${field} ${v} has more than 2 decimals (amounts are in sum and tiyin)`);
  }
  if (amount.abs().gte(MONEY_LIMIT)) return c.fail(field, 'RANGE', `${field} ${v} is too large`);
  if (sign === 'positive' && !amount.gt(0)) return c.fail(field, 'RANGE', `${field} must be greater than 0`);
  if (sign === 'non-zero' && amount.isZero()) return c.fail(field, 'RANGE', `${field} must not be 0`);
  return amount.toFixed(2);
}
