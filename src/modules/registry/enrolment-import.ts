// The enrolment register for capitation: who is enrolled with which primary-care facility on a
// snapshot date. Millions of rows, so the file is streamed: each row is checked, the good ones go by
// COPY into a TEMP staging table, and one transaction replaces the snapshot of the file's facilities.
//
// A snapshot import for date D and the facilities F named in the file:
//   - rows of F that start on D (an earlier import of the same snapshot) are deleted;
//   - rows of F still open on D are closed on D − 1 (the register changed on D);
//   - the file's rows are inserted as enrolled from D, open-ended.
// So "enrolled on day X" (enrolled_from <= X <= enrolled_to) reads the latest snapshot on or before X.
// Snapshots are imported in date order: one older than a stored snapshot of F is refused.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { QueryRunner } from 'typeorm';
import { ageInYears, dayNumber } from '../../domain/cases/dates';
import { SEXES } from '../../domain/cases/case';
import { withAuditActor } from '../../infra/database/audit-actor';
import { copyRowsIn, type CopyRow } from '../../infra/database/copy-rows';
import type { HisobDataSource } from '../../infra/database/data-source';
import { CellChecks } from '../../infra/import/cell-checks';
import { readCsvTable, type CsvTableSpec } from '../../infra/import/csv-table';
import { writeImportAudit } from '../../infra/import/import-audit';
import {
  DEFAULT_ERROR_CAP,
  ImportFileError,
  RowErrorCollector,
  type ImportRowError,
} from '../../infra/import/import-errors';
import { openImportSource, sourceName, type ImportSource } from '../../infra/import/import-source';
import { auditName, isNationwide, type Actor } from '../auth/actor';
import { INTAKE_LIMITS } from '../claims/intake/intake-limits';

type EnrolmentCsvColumn = 'person_id' | 'facility_id' | 'birth_date' | 'sex';

/** The generator's enrolment.csv: person_id, facility_id, birth_date, sex. */
export const ENROLMENT_CSV_SPEC: CsvTableSpec<EnrolmentCsvColumn> = {
  columns: ['person_id', 'facility_id', 'birth_date', 'sex'],
  required: ['person_id', 'facility_id', 'birth_date', 'sex'],
};

export interface EnrolmentImportOptions {
  /** YYYY-MM-DD: the date the register describes. */
  snapshotDate: string;
  errorCap?: number;
  maxRecordChars?: number;
  /** Called per chunk read; throwing aborts the import (nothing is stored). */
  onProgress?: (p: { bytesRead: number; rowsRead: number }) => void | Promise<void>;
}

export interface EnrolmentImportReport {
  importId: string;
  snapshotDate: string;
  received: number;
  /** Persons stored as enrolled from the snapshot date. */
  enrolled: number;
  /** Rows of an earlier import of the same snapshot that were replaced. */
  replaced: number;
  /** Rows of earlier snapshots closed the day before this one. */
  closed: number;
  rejected: number;
  /** Facilities whose snapshot this import replaced. */
  facilities: number;
  errors: ImportRowError[];
  errorsOmitted: number;
  errorCounts: Record<string, number>;
  seconds: number;
}

const STAGE_COLUMNS = ['line', 'person_id', 'facility_id', 'birth_date', 'sex'];

export async function importEnrolmentCsv(
  dataSource: HisobDataSource,
  source: ImportSource,
  fileName: string | undefined,
  actor: Actor,
  opts: EnrolmentImportOptions,
): Promise<EnrolmentImportReport> {
  const started = performance.now();
  const file = sourceName(source, fileName);
  const snapshot = opts.snapshotDate;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(snapshot) || Number.isNaN(dayNumber(snapshot))) {
    throw new ImportFileError(
      file,
      'INVALID_OPTION',
      `the snapshot date must be a real date written YYYY-MM-DD, not "${snapshot}"`,
    );
  }
  const chunks = await openImportSource(source, file);
  const importId = randomUUID();
  const stage = `enrolment_stage_${importId.replace(/-/g, '')}`;
  const errors = new RowErrorCollector(opts.errorCap ?? DEFAULT_ERROR_CAP);
  const reject = (line: number, field: string, code: string, message: string) =>
    errors.reject(line, [{ file, line, path: `${file}:${line}`, field, code, message }]);
  const counters = { received: 0, bytes: 0 };
  const fileFacilities = new Set<string>();

  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await withAuditActor(runner, auditName(actor));
    const facilities = await scopedFacilities(runner, actor);
    await runner.query(`CREATE TEMP TABLE ${stage} (
      line integer NOT NULL, person_id varchar(64) NOT NULL, facility_id varchar(64) NOT NULL,
      birth_date date NOT NULL, sex char(1) NOT NULL) ON COMMIT DROP`);

    async function* rows(): AsyncGenerator<CopyRow> {
      const progress = { bytes: 0 };
      for await (const batch of readCsvTable(chunks, ENROLMENT_CSV_SPEC, {
        fileName: file,
        maxRecordChars: opts.maxRecordChars,
        progress,
      })) {
        for (const r of batch) {
          counters.received++;
          if (!r.cells) {
            reject(r.line, '', r.error!.code, r.error!.message);
            continue;
          }
          const row = checkRow(r.cells, snapshot, facilities);
          if ('problems' in row) {
            errors.reject(
              r.line,
              row.problems.map((p) => ({ file, line: r.line, path: `${file}:${r.line}`, ...p })),
            );
            continue;
          }
          fileFacilities.add(row.facilityId);
          yield [String(r.line), row.personId, row.facilityId, row.birthDate, row.sex];
        }
        counters.bytes = progress.bytes;
        await opts.onProgress?.({ bytesRead: counters.bytes, rowsRead: counters.received });
      }
    }
    await copyRowsIn(runner, stage, STAGE_COLUMNS, rows());

    // A person twice in the file: every occurrence is refused (which facility is meant?).
    const repeats: { person_id: string; lines: number[] }[] = await runner.query(
      `SELECT person_id, array_agg(line ORDER BY line) AS lines FROM ${stage} GROUP BY person_id HAVING count(*) > 1`,
    );
    for (const r of repeats) {
      const shown = r.lines.slice(0, 5).join(', ') + (r.lines.length > 5 ? ', …' : '');
      const message = `person ${r.person_id} appears ${r.lines.length} times in this file (lines ${shown})`;
      for (const line of r.lines) reject(line, 'person_id', 'DUPLICATE', message);
    }
    if (repeats.length > 0) {
      await runner.query(`DELETE FROM ${stage} WHERE person_id = ANY($1::text[])`, [repeats.map((r) => r.person_id)]);
    }

    const facilityIds = [...fileFacilities].sort();
    const later: { facility_id: string; enrolled_from: string }[] = await runner.query(
      `SELECT facility_id, max(enrolled_from)::text AS enrolled_from FROM enrolments
       WHERE facility_id = ANY($1::text[]) AND enrolled_from > $2::date GROUP BY facility_id ORDER BY facility_id LIMIT 1`,
      [facilityIds, snapshot],
    );
    if (later.length > 0) {
      throw new ImportFileError(
        file,
        'INVALID_OPTION',
        `facility ${later[0].facility_id} has a snapshot of ${later[0].enrolled_from}, later than ${snapshot}: import snapshots in date order`,
      );
    }

    // Enrolled on the same day with a facility outside this import: the person is refused here.
    const elsewhere = (
      await runner.query(
        `DELETE FROM ${stage} s USING enrolments e
         WHERE e.person_id = s.person_id AND e.enrolled_from = $1::date AND e.facility_id <> ALL($2::text[])
         RETURNING s.line, s.person_id, e.facility_id`,
        [snapshot, facilityIds],
        true,
      )
    ).records as { line: number; person_id: string; facility_id: string }[];
    for (const r of elsewhere) {
      const message = `person ${r.person_id} is already enrolled with facility ${r.facility_id} from ${snapshot}`;
      reject(r.line, 'person_id', 'DUPLICATE', message);
    }

    const replaced = await affected(
      runner,
      `DELETE FROM enrolments WHERE facility_id = ANY($1::text[]) AND enrolled_from = $2::date`,
      [facilityIds, snapshot],
    );
    const closed = await affected(
      runner,
      `UPDATE enrolments SET enrolled_to = $2::date - 1
       WHERE facility_id = ANY($1::text[]) AND enrolled_from < $2::date AND (enrolled_to IS NULL OR enrolled_to >= $2::date)`,
      [facilityIds, snapshot],
    );
    const enrolled = await affected(
      runner,
      `INSERT INTO enrolments (facility_id, person_id, birth_date, sex, enrolled_from)
       SELECT facility_id, person_id, birth_date, sex, $1::date FROM ${stage}`,
      [snapshot],
    );
    const report: EnrolmentImportReport = {
      importId,
      snapshotDate: snapshot,
      received: counters.received,
      enrolled,
      replaced,
      closed,
      rejected: errors.rejectedRecords,
      facilities: facilityIds.length,
      errors: errors.sorted(),
      errorsOmitted: errors.omitted,
      errorCounts: { ...errors.countsByCode },
      seconds: 0,
    };
    const counts = { received: report.received, enrolled, replaced, closed, rejected: report.rejected };
    await writeImportAudit(runner, {
      actor: auditName(actor),
      action: 'enrolment.import',
      entity: 'enrolment_import',
      importId,
      after: counts,
      context: { file, snapshotDate: snapshot, facilities: facilityIds },
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

type CheckedRow =
  | { personId: string; facilityId: string; birthDate: string; sex: string }
  | { problems: { field: string; code: string; message: string }[] };

function checkRow(cells: readonly string[], snapshot: string, facilities: ReadonlyMap<string, boolean>): CheckedRow {
  const [person, facility, birth, sex] = cells;
  const c = new CellChecks();
  const personId = c.id('person_id', person, INTAKE_LIMITS.idLength);
  const facilityId = c.id('facility_id', facility, INTAKE_LIMITS.idLength);
  const birthDate = c.date('birth_date', birth);
  const sexValue = c.choice('sex', sex, SEXES);
  if (birthDate && birthDate > snapshot)
    c.fail('birth_date', 'RANGE', `birth_date is after the snapshot date ${snapshot}`);
  else if (birthDate && ageInYears(birthDate, snapshot) > INTAKE_LIMITS.maxAgeYears) {
    c.fail('birth_date', 'RANGE', `age on the snapshot date is over ${INTAKE_LIMITS.maxAgeYears} years`);
  }
  if (facilityId) {
    const inScope = facilities.get(facilityId);
    if (inScope === undefined)
      c.fail('facility_id', 'FACILITY_UNKNOWN', `facility ${facilityId} is not in the facility registry`);
    else if (!inScope) c.fail('facility_id', 'OUT_OF_SCOPE', `facility ${facilityId} is outside your scope`);
  }
  if (!c.ok) return { problems: c.problems };
  return { personId: personId!, facilityId: facilityId!, birthDate: birthDate!, sex: sexValue! };
}

/** Facility id → whether the actor may import for it. */
async function scopedFacilities(runner: QueryRunner, actor: Actor): Promise<Map<string, boolean>> {
  const rows: { id: string; district_code: string }[] = await runner.query('SELECT id, district_code FROM facilities');
  const all = isNationwide(actor);
  const districts = new Set(actor.districtCodes);
  const own = new Set(actor.facilityIds);
  return new Map(rows.map((r) => [r.id, all || districts.has(r.district_code) || own.has(r.id)]));
}

async function affected(runner: QueryRunner, sql: string, params: unknown[]): Promise<number> {
  const result = await runner.query(sql, params, true);
  return result.affected ?? 0;
}
