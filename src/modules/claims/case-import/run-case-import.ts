// The bulk intake engine behind CaseIntakeService. CSV files, JSON batches and mapped FHIR Claims go
// the same way:
//   read → validate each record with the shared rules (validateCaseInput) → refuse unknown or
//   out-of-scope facilities and repeated claims → write segment by segment while the next one is read
//   (new claims straight into `cases` by COPY, the rest into a TEMP staging table) → merge the staged
//   rows with set-based statements (unchanged / superseded / filed into a later open month).
// All in one transaction: an import is stored whole or not at all. One audit entry per import (who,
// which file, the counts), never one per case.
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { withAuditActor } from '../../../infra/database/audit-actor';
import type { HisobDataSource } from '../../../infra/database/data-source';
import { readCsvTable } from '../../../infra/import/csv-table';
import { writeImportAudit } from '../../../infra/import/import-audit';
import { DEFAULT_ERROR_CAP, RowErrorCollector, type ImportRowError } from '../../../infra/import/import-errors';
import { auditName, type Actor } from '../../auth/actor';
import type { IntakeError } from '../intake/intake-error';
import { validateCaseInput } from '../intake/validate-case';
import { caseStageNames, createCaseStage, deleteStagedRows } from '../intake-sql/case-stage';
import { CaseSegmentWriter } from '../intake-sql/case-segment-writer';
import { loadFacilityDirectory } from '../intake-sql/facility-directory';
import { mergeCaseStage, type RefusedRow, type RowOutcome } from '../intake-sql/merge-case-stage';
import { caseInputFromCsv, CASE_CSV_SPEC, csvColumnOfField } from './case-csv-input';
import type { CaseImportOptions, CaseImportPhase, CaseImportReport } from './case-import-report';
import { CaseStager, type RowPlace } from './case-stager';
import { CaseSegment } from './case-segment';
import { CaseIdSequence, copyText } from './case-version-row';

/** Rows per segment: big enough for efficient COPY, small enough to keep two in memory. */
export const SEGMENT_ROWS = 50_000;
/** The first segment is smaller, so the database starts on it sooner. */
const FIRST_SEGMENT_ROWS = 5_000;

/** How one import reads its records. */
export interface CaseFeed {
  file: string;
  format: 'csv' | 'json';
  /** What the import is called in messages ("file", "batch"). */
  batchNoun: string;
  placeOf(rowNo: number): RowPlace;
  fieldName(field: string): string;
  /** The staged rows in segments; counts what it reads in `ctx.counters`. */
  segments(ctx: FeedContext): AsyncIterable<CaseSegment>;
}

export interface FeedContext {
  stager: CaseStager;
  errors: RowErrorCollector;
  counters: { received: number; bytes: number };
  progress: (phase: CaseImportPhase) => Promise<void>;
  segmentRows: number;
  newSegment: () => CaseSegment;
}

export interface CaseImportRun {
  report: CaseImportReport;
  /** By row number, when requested: what happened to each stored or unchanged row. */
  outcomes?: Map<number, RowOutcome>;
  /** By row number, when outcomes are requested: the errors of each rejected row. */
  rejected?: Map<number, ImportRowError[]>;
}

export async function runCaseImport(
  dataSource: HisobDataSource,
  feed: CaseFeed,
  actor: Actor,
  opts: CaseImportOptions & { outcomes?: boolean } = {},
): Promise<CaseImportRun> {
  const started = performance.now();
  const importId = randomUUID();
  const names = caseStageNames(importId);
  const rejected = opts.outcomes ? new Map<number, ImportRowError[]>() : undefined;
  const errors = new RowErrorCollector(opts.errorCap ?? DEFAULT_ERROR_CAP, (rowNo, errs) => {
    rejected?.set(rowNo, [...(rejected.get(rowNo) ?? []), ...errs]);
  });
  const counters = { received: 0, bytes: 0 };
  const actorName = auditName(actor);
  let stagedRows = 0;
  const progress = async (phase: CaseImportPhase) => {
    await opts.onProgress?.({ phase, bytesRead: counters.bytes, rowsRead: counters.received, rowsStaged: stagedRows });
  };

  const runner = dataSource.createQueryRunner();
  await runner.connect();
  let run: CaseImportRun;
  let writer: CaseSegmentWriter | undefined;
  try {
    await runner.startTransaction();
    await withAuditActor(runner, actorName);
    // One transaction whose loss in a crash is harmless (the facility sends the file again): no need
    // to wait for the WAL flush. The checks on `cases` read each COPY's rows from a transition table
    // (a 50,000-row segment is ~20 MB): with room in memory it is not spilled to disk and read back.
    await runner.query(`SELECT set_config('synchronous_commit', 'off', true), set_config('work_mem', '64MB', true)`);
    const stager = new CaseStager({
      facilities: await loadFacilityDirectory(runner),
      actor,
      errors,
      fieldName: feed.fieldName,
      placeOf: feed.placeOf,
      batchNoun: feed.batchNoun,
    });
    await createCaseStage(runner, names.stage);
    const ids = new CaseIdSequence();
    writer = new CaseSegmentWriter(runner, names.stage, ids, rejected !== undefined);
    const submittedBy = copyText(actorName);
    const ctx: FeedContext = {
      stager,
      errors,
      counters,
      progress,
      segmentRows: opts.segmentRows ?? SEGMENT_ROWS,
      newSegment: () => new CaseSegment(ids, submittedBy),
    };
    for await (const segment of feed.segments(ctx)) await writer.push(segment);
    await writer.finish();

    // A claim found twice: every occurrence is refused, so the first one is taken back out.
    const firsts = stager.refuseDuplicates();
    await deleteStagedRows(runner, names.stage, firsts);
    const undone = await deleteDirectRows(
      runner,
      firsts.map((r) => ids.idOf(r)),
    );
    for (const r of firsts) writer.direct?.delete(r);
    stagedRows = stager.staged;
    await progress('merging');

    const merged = await mergeCaseStage(runner, {
      ...names,
      stagedMonths: writer.stagedMonths,
      submittedBy: actorName,
      refusedDetail: rejected ? Number.MAX_SAFE_INTEGER : errors.cap,
      withOutcomes: rejected !== undefined,
      empty: writer.stagedRows === 0,
    });
    errors.rejectMany(
      'MONTH_CLOSED',
      merged.refusedCount,
      merged.refused.map((r) => ({ rowNo: r.rowNo, error: monthClosedError(r, feed) })),
    );
    const report: CaseImportReport = {
      importId,
      received: counters.received,
      inserted: writer.directRows - undone + merged.inserted,
      superseded: merged.superseded,
      unchanged: merged.unchanged,
      intoLaterMonth: merged.intoLaterMonth,
      rejected: errors.rejectedRecords,
      errors: errors.sorted(),
      errorsOmitted: errors.omitted,
      errorCounts: { ...errors.countsByCode },
      seconds: 0,
    };
    await writeImportAudit(runner, {
      actor: actorName,
      action: 'cases.import',
      entity: 'case_import',
      importId,
      after: counts(report),
      context: { file: feed.file, format: feed.format, errorCounts: report.errorCounts },
    });
    await runner.commitTransaction();
    let outcomes = merged.outcomes;
    if (writer.direct) {
      outcomes ??= new Map();
      for (const [rowNo, month] of writer.direct) {
        outcomes.set(rowNo, { status: 'inserted', caseId: ids.idOf(rowNo), version: 1, month });
      }
    }
    run = { report, outcomes, rejected };
  } catch (error) {
    await writer?.settle();
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    await writeImportAudit(runner, {
      actor: actorName,
      action: 'cases.import.failed',
      entity: 'case_import',
      importId,
      after: null,
      context: {
        file: feed.file,
        format: feed.format,
        error: String((error as Error)?.message ?? error).slice(0, 500),
      },
    }).catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
  run.report.seconds = Math.round(performance.now() - started) / 1000;
  await progress('done');
  return run;
}

/** A CSV byte stream as a feed; the row number is the record's line. */
export function csvCaseFeed(
  chunks: AsyncIterable<Uint8Array | string>,
  file: string,
  maxRecordChars: number | undefined,
): CaseFeed {
  return {
    file,
    format: 'csv',
    batchNoun: 'file',
    placeOf: (line) => ({ file, line, path: `${file}:${line}` }),
    fieldName: csvColumnOfField,
    segments: (ctx) => csvSegments(chunks, file, maxRecordChars, ctx),
  };
}

/** Values (parsed JSON, CaseRecords) as a feed; the row number is the index. */
export function recordsCaseFeed(
  records: readonly unknown[],
  file: string,
  pathOf: (index: number) => string,
  lineOf: (index: number) => number | undefined,
): CaseFeed {
  const feed: CaseFeed = {
    file,
    format: 'json',
    batchNoun: 'batch',
    placeOf: (i) => {
      const line = lineOf(i);
      return line === undefined ? { file, path: pathOf(i) } : { file, line, path: pathOf(i) };
    },
    fieldName: (field) => field,
    segments: (ctx) => recordSegments(records, feed, ctx),
  };
  return feed;
}

async function* csvSegments(
  chunks: AsyncIterable<Uint8Array | string>,
  file: string,
  maxRecordChars: number | undefined,
  ctx: FeedContext,
): AsyncGenerator<CaseSegment> {
  const { stager, errors, counters } = ctx;
  const progress = { bytes: 0 };
  let segment = ctx.newSegment();
  let limit = Math.min(ctx.segmentRows, FIRST_SEGMENT_ROWS);
  for await (const batch of readCsvTable(chunks, CASE_CSV_SPEC, { fileName: file, maxRecordChars, progress })) {
    for (const row of batch) {
      counters.received++;
      const where = `${file}:${row.line}`;
      if (!row.cells) {
        const e = row.error!;
        errors.reject(row.line, [{ file, line: row.line, path: where, field: '', code: e.code, message: e.message }]);
        continue;
      }
      const result = validateCaseInput(caseInputFromCsv(row.cells), where);
      if (!result.ok) {
        errors.reject(
          row.line,
          result.errors.map((e) => csvError(e, file, row.line)),
        );
        continue;
      }
      stager.stage(result.value, row.line, segment);
    }
    counters.bytes = progress.bytes;
    await ctx.progress('reading');
    if (segment.rows >= limit) {
      yield segment;
      segment = ctx.newSegment();
      limit = ctx.segmentRows;
    }
  }
  if (segment.rows > 0) yield segment;
}

/** A validator error in CSV terms: the column name instead of the case field. */
function csvError(e: IntakeError, file: string, line: number): ImportRowError {
  const field = csvColumnOfField(e.field);
  const message = e.field !== '' && e.message.startsWith(e.field) ? field + e.message.slice(e.field.length) : e.message;
  return { file, line, path: e.path, field, code: e.code, message };
}

async function* recordSegments(
  records: readonly unknown[],
  feed: CaseFeed,
  ctx: FeedContext,
): AsyncGenerator<CaseSegment> {
  const { stager, errors, counters } = ctx;
  let segment = ctx.newSegment();
  let limit = Math.min(ctx.segmentRows, FIRST_SEGMENT_ROWS);
  for (let i = 0; i < records.length; i++) {
    counters.received++;
    const place = feed.placeOf(i);
    const result = validateCaseInput(records[i], place.path);
    if (!result.ok) {
      errors.reject(
        i,
        result.errors.map((e) => ({ ...place, path: e.path, field: e.field, code: e.code, message: e.message })),
      );
      continue;
    }
    stager.stage(result.value, i, segment);
    if (segment.rows >= limit) {
      yield segment;
      segment = ctx.newSegment();
      limit = ctx.segmentRows;
    }
  }
  if (segment.rows > 0) yield segment;
}

/** Takes back rows written straight into `cases` (ids of this import only: nothing else can match). */
async function deleteDirectRows(runner: QueryRunner, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await runner.query(`DELETE FROM cases WHERE id = ANY($1::uuid[])`, [ids], true);
  return result.affected ?? 0;
}

function monthClosedError(r: RefusedRow, feed: CaseFeed): ImportRowError {
  // Only when the later month a closed month's claim goes to was itself closed while the import ran.
  const own = !r.settledVersion;
  const message = own
    ? `month ${r.month} of district ${r.districtCode} is closed and the month claim ${r.claimId} would go to ` +
      `instead was closed while this import ran: send it again`
    : `claim ${r.claimId} was settled in month ${r.closedMonth} of district ${r.districtCode}, which is closed, and ` +
      `the month its change would go to was closed while this import ran: send it again`;
  const place = feed.placeOf(r.rowNo);
  const field = own ? 'dischargeAt' : 'claimId';
  return {
    ...place,
    path: place.path.startsWith('$') ? `${place.path}.${field}` : place.path,
    field: feed.fieldName(field),
    code: 'MONTH_CLOSED',
    message,
  };
}

function counts(r: CaseImportReport): Record<string, number> {
  return {
    received: r.received,
    inserted: r.inserted,
    superseded: r.superseded,
    unchanged: r.unchanged,
    intoLaterMonth: r.intoLaterMonth,
    rejected: r.rejected,
  };
}
