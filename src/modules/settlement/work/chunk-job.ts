// The chunk job: price one chunk of a run and write its lines and its done-mark in ONE transaction.
//
// Exactly-once effect on top of at-least-once delivery: the transaction locks the chunk row first
// (FOR UPDATE), so a twin delivery (a retry, or a stalled job another worker picked up) waits, then
// finds the chunk done and writes nothing. Lines are keyed (run_id, case_id): a line written twice
// would be a unique violation and roll the whole chunk back, never a double payment.
import type { DataSource, QueryRunner } from 'typeorm';
import type { CaseRecord, FacilityContext } from '../../../domain/cases/case';
import type { Engine } from '../../../domain/engine';
import { Dec, ZERO } from '../../../domain/money';
import { copyRowsIn, type CopyRow } from '../../../infra/database/copy-rows';
import { PermanentJobError, timeSliceYielder, type JobContext } from '../../../jobs';
import { readChunkCases, type ChunkCase } from './chunk-cases';
import type { RunContextCache } from './run-context';

export interface ChunkResult {
  chunkNo: number;
  lines: number;
  payable: string;
  /** True when an earlier delivery had done the work already. */
  alreadyDone: boolean;
}

export const LINE_COLUMNS = [
  'run_id',
  'case_id',
  'chunk_no',
  'facility_id',
  'claim_id',
  'case_version',
  'kind',
  'adjusts_case_id',
  'status',
  'group_code',
  'return_code',
  'row_id',
  'coverage',
  'coverage_reason',
  'effective_weight',
  'amount',
  'fund_amount',
  'patient_amount',
  'prior_fund_amount',
  'payable',
] as const;

interface ChunkRow {
  status: 'pending' | 'done';
  lo_case_id: string | null;
  hi_case_id: string | null;
  written: number | null;
  amount: string | null;
}

export async function runChunk(
  db: DataSource,
  contexts: RunContextCache,
  payload: { runId: string; chunkNo: number },
  ctx: Pick<JobContext, 'signal'>,
): Promise<ChunkResult> {
  const { runId, chunkNo } = payload;
  const chunk = await selectChunk(db, runId, chunkNo);
  if (!chunk) throw new PermanentJobError(`settlement run ${runId} has no case chunk ${chunkNo}`);
  if (chunk.status === 'done') return doneResult(chunkNo, chunk);

  const run = await contexts.get(runId);
  const cases = await readChunkCases(db, {
    month: run.month,
    districts: run.districts,
    lo: chunk.lo_case_id,
    hi: chunk.hi_case_id,
  });
  const facilities = await contexts.facilities(
    run,
    cases.map((c) => c.record.facilityId),
  );
  const priors = await priorFundAmounts(db, cases);
  const { rows, payable } = await priceCases(run.book.engine(), runId, chunkNo, cases, facilities, priors, ctx.signal);

  const runner = db.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
    // FOR SHARE: chunks of one run commit side by side; approving or failing the run waits for them.
    const status: { status: string }[] = await runner.query(
      `SELECT status FROM settlement_runs WHERE id = $1 FOR SHARE`,
      [runId],
    );
    if (status[0]?.status !== 'running') {
      throw new PermanentJobError(`settlement run ${runId} is ${status[0]?.status ?? 'missing'}, not running`);
    }
    const locked = await lockChunk(runner, runId, chunkNo);
    if (locked.status === 'done') {
      await runner.rollbackTransaction();
      return doneResult(chunkNo, locked);
    }
    if (rows.length > 0) await copyRowsIn(runner, 'settlement_lines', LINE_COLUMNS, rows);
    await runner.query(
      `UPDATE settlement_chunks SET status = 'done', written = $3, amount = $4, attempts = attempts + 1, finished_at = now()
        WHERE run_id = $1 AND kind = 'cases' AND chunk_no = $2`,
      [runId, chunkNo, rows.length, payable.toFixed(2)],
    );
    await runner.commitTransaction();
    return { chunkNo, lines: rows.length, payable: payable.toFixed(2), alreadyDone: false };
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}

async function selectChunk(
  db: DataSource | QueryRunner,
  runId: string,
  chunkNo: number,
): Promise<ChunkRow | undefined> {
  const rows: ChunkRow[] = await db.query(
    `SELECT status, lo_case_id, hi_case_id, written, amount FROM settlement_chunks
      WHERE run_id = $1 AND kind = 'cases' AND chunk_no = $2`,
    [runId, chunkNo],
  );
  return rows[0];
}

async function lockChunk(runner: QueryRunner, runId: string, chunkNo: number): Promise<ChunkRow> {
  const rows: ChunkRow[] = await runner.query(
    `SELECT status, lo_case_id, hi_case_id, written, amount FROM settlement_chunks
      WHERE run_id = $1 AND kind = 'cases' AND chunk_no = $2 FOR UPDATE`,
    [runId, chunkNo],
  );
  if (!rows[0]) throw new PermanentJobError(`settlement run ${runId} has no case chunk ${chunkNo}`);
  return rows[0];
}

function doneResult(chunkNo: number, chunk: ChunkRow): ChunkResult {
  return { chunkNo, lines: chunk.written ?? 0, payable: chunk.amount ?? '0.00', alreadyDone: true };
}

/**
 * For adjustment versions (a change of a case of a closed month): what the fund paid for the version
 * it replaces, from the lines of the run that closed that month. Unknown (never settled) pays 0.
 */
async function priorFundAmounts(db: DataSource, cases: ChunkCase[]): Promise<Map<string, string>> {
  const ids = cases.flatMap((c) => (c.adjustmentOf ? [c.adjustmentOf] : []));
  if (ids.length === 0) return new Map();
  const rows: { case_id: string; fund_amount: string }[] = await db.query(
    `SELECT l.case_id, l.fund_amount FROM settlement_lines l
       JOIN settlement_month_closures mc ON mc.run_id = l.run_id
      WHERE l.case_id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.case_id, r.fund_amount]));
}

/** Prices the cases into COPY rows, yielding to the event loop every ~50 ms so the job lock renews. */
async function priceCases(
  engine: Engine,
  runId: string,
  chunkNo: number,
  cases: ChunkCase[],
  facilities: Map<string, FacilityContext>,
  priors: Map<string, string>,
  signal: AbortSignal,
): Promise<{ rows: CopyRow[]; payable: Dec }> {
  const maybeYield = timeSliceYielder();
  const rows: CopyRow[] = [];
  let payable = ZERO;
  for (const c of cases) {
    const pause = maybeYield();
    if (pause) {
      await pause;
      if (signal.aborted) throw new Error('settlement chunk stopped: the worker is closing');
    }
    const facility = facilities.get(c.record.facilityId) ?? unknownFacility(c.record);
    const r = engine.process(c.record, facility);
    const fund = money(r.fundAmount, c);
    const prior = c.adjustmentOf ? (priors.get(c.adjustmentOf) ?? '0.00') : null;
    const linePayable = prior === null ? fund : fund.minus(prior);
    payable = payable.plus(linePayable);
    rows.push([
      runId,
      c.id,
      String(chunkNo),
      c.record.facilityId,
      c.record.claimId,
      String(c.version),
      c.adjustmentOf ? 'adjustment' : 'case',
      c.adjustmentOf,
      r.status,
      r.group,
      r.returnCode,
      r.rowId ?? null,
      r.coverage,
      r.coverageReason ?? null,
      r.effectiveWeight.toFixed(),
      money(r.amount, c).toFixed(2),
      fund.toFixed(2),
      money(r.patientAmount, c).toFixed(2),
      prior,
      linePayable.toFixed(2),
    ]);
  }
  return { rows, payable };
}

function money(value: Dec, c: ChunkCase): Dec {
  // The book's rounding gives tiyin; anything finer is a broken book, not something to round here.
  if (value.decimalPlaces() > 2) {
    throw new PermanentJobError(
      `case ${c.id}: amount ${value.toFixed()} has more than 2 decimals (check the book's rounding)`,
    );
  }
  return value;
}

function unknownFacility(record: CaseRecord): never {
  throw new PermanentJobError(
    `case ${record.facilityId}/${record.claimId}: facility ${record.facilityId} is not registered`,
  );
}
