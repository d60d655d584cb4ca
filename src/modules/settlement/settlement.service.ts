// Settlement runs: request (idempotent), progress, approve, close, retry, statements, explanations.
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { dec } from '../../domain/money';
import { sqlStateOf } from '../../infra/database/sql-errors';
import { DATA_SOURCE } from '../../infra/nest/tokens';
import { JobName, type JobDriver } from '../../jobs';
import { parseBookRef, formatBookRef } from './book-ref';
import { firstDayOf, assertMonth } from './month';
import { auditAction } from './runs/audit';
import { markRunFailed } from './runs/run-failure';
import { returnedRows } from './runs/sql-result';
import { ACTIVE_STATUSES, RESULT_STATUSES, selectRun, type RunRow } from './runs/run-row';
import { runView, type ChunkProgressRow, type RunView } from './runs/run-view';
import { checkRunInputs } from './runs/stale-check';
import { readStatementGroups, readStatements } from './runs/statements.repository';
import type { RunStatements, StatementGroupView } from './runs/statement-view';
import { formatScope, parseScope, scopeDistricts, type SettlementScope } from './scope';
import { SettlementException, SettlementExceptionCode } from './settlement.exception';
import { JOB_DRIVER, SETTLEMENT_OPTIONS } from './settlement.tokens';
import { readChunkCases } from './work/chunk-cases';
import { enqueuePlan } from './work/enqueue-run';
import { runJobIds } from './work/job-ids';
import type { RunContextCache } from './work/run-context';

export interface SettlementOptions {
  /** Cases per chunk job (default 5,000). */
  chunkSize?: number;
  /** Loads books and facilities for explainLine (shared with the job handlers in one process). */
  contexts?: RunContextCache;
}

export interface SettlementRequestInput {
  /** `district:CODE`, `region:CODE` or `nation`, or a parsed scope. */
  scope: string | SettlementScope;
  month: string;
  /** `CODE@VERSION`; default: the published book in force on the first day of the month. */
  book?: string;
  idempotencyKey: string;
  actor: string;
}

export interface WaitOptions {
  pollMs?: number;
  timeoutMs?: number;
  onProgress?: (run: RunView) => void;
}

export const DEFAULT_CHUNK_SIZE = 5000;
const KEY = /^[\x21-\x7e]{1,128}$/;
const FINISHED: readonly string[] = ['computed', 'approved', 'closed', 'failed', 'superseded'];

@Injectable()
export class SettlementService {
  private readonly chunkSize: number;

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(JOB_DRIVER) private readonly driver: JobDriver,
    @Inject(SETTLEMENT_OPTIONS) private readonly options: SettlementOptions = {},
  ) {
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    if (!Number.isSafeInteger(this.chunkSize) || this.chunkSize < 1)
      throw new Error('chunkSize must be a whole number ≥ 1');
  }

  /**
   * Asks for a settlement. The same idempotency key always gives the same run. While a run of the
   * scope and month is requested or running, any request gets that run. Otherwise a new run is
   * created; it supersedes the latest computed (not approved) run of the scope and month when it
   * completes. Refused while a run of the scope and month is approved but not closed.
   */
  async request(input: SettlementRequestInput): Promise<RunView> {
    const scope = typeof input.scope === 'string' ? parseScope(input.scope) : input.scope;
    assertMonth(input.month);
    if (typeof input.idempotencyKey !== 'string' || !KEY.test(input.idempotencyKey)) {
      throw invalid('idempotencyKey', 'the idempotency key is 1–128 printable characters without spaces');
    }
    const bookText = input.book === undefined ? null : formatBookRef(parseBookRef(input.book));

    const { run, created } = await this.db.transaction(async (tx) => {
      const known = await runForKey(tx, scope, input.idempotencyKey);
      if (known) {
        if (known.q.month !== input.month || known.q.book !== bookText) {
          throw new SettlementException(
            SettlementExceptionCode.IDEMPOTENCY_KEY_REUSED,
            `idempotency key ${input.idempotencyKey} was used for another settlement request of ${formatScope(scope)}`,
          );
        }
        return { run: known.run, created: false };
      }
      await scopeDistricts(tx, scope);
      const book = await resolveBook(tx, input.book, input.month);
      const approved = await tx.query(
        `SELECT id FROM settlement_runs WHERE scope_kind = $1 AND scope_code = $2 AND month = $3 AND status = 'approved'`,
        [scope.kind, scope.code, input.month],
      );
      if (approved.length > 0) {
        throw new SettlementException(
          SettlementExceptionCode.RUN_APPROVED,
          `run ${approved[0].id} of ${input.month} is approved: close it before asking for another`,
        );
      }
      const previous: { id: string }[] = await tx.query(
        `SELECT id FROM settlement_runs WHERE scope_kind = $1 AND scope_code = $2 AND month = $3 AND status = 'computed'
          ORDER BY computed_at DESC LIMIT 1`,
        [scope.kind, scope.code, input.month],
      );
      // ON CONFLICT DO NOTHING covers both unique keys: the idempotency key and one active run per
      // scope and month. A concurrent request waits here for the other transaction, then finds its run.
      const inserted: RunRow[] = await tx.query(
        `INSERT INTO settlement_runs (scope_kind, scope_code, month, book_id, book_code, book_version, idempotency_key,
                                      supersedes_run_id, chunk_size, snapshot_date, requested_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT DO NOTHING RETURNING *`,
        [
          scope.kind,
          scope.code,
          input.month,
          book.id,
          book.code,
          book.version,
          input.idempotencyKey,
          previous[0]?.id ?? null,
          this.chunkSize,
          firstDayOf(input.month),
          input.actor,
        ],
      );
      let run: RunRow | undefined = inserted[0];
      if (!run) {
        const active: RunRow[] = await tx.query(
          `SELECT * FROM settlement_runs WHERE scope_kind = $1 AND scope_code = $2 AND month = $3
              AND status IN ('requested', 'running')`,
          [scope.kind, scope.code, input.month],
        );
        run = active[0] ?? (await runForKey(tx, scope, input.idempotencyKey))?.run;
        if (!run) throw new Error('settlement request conflicted with a run that no longer exists; ask again');
      }
      await tx.query(
        `INSERT INTO settlement_requests (idempotency_key, run_id, scope_kind, scope_code, month, book, requested_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (scope_kind, scope_code, idempotency_key) DO NOTHING`,
        [input.idempotencyKey, run.id, scope.kind, scope.code, input.month, bookText, input.actor],
      );
      const mapped = await runForKey(tx, scope, input.idempotencyKey);
      return { run: mapped?.run ?? run, created: inserted.length > 0 };
    });
    // Enqueued after commit (a job must find its run). A run still `requested` gets its plan job again:
    // a no-op when it is queued, the recovery when an earlier enqueue failed.
    if (created || run.status === 'requested') await enqueuePlan(this.driver, run.id, run.generation);
    return this.get(run.id);
  }

  /** The run with its progress; notices a run whose jobs failed for good and marks it failed. */
  async get(runId: string): Promise<RunView> {
    let run = await this.requireRun(runId);
    if (ACTIVE_STATUSES.includes(run.status) && (await this.reconcile(run))) run = await this.requireRun(runId);
    const chunks: ChunkProgressRow[] = await this.db.query(
      `SELECT kind, count(*)::int AS total, (count(*) FILTER (WHERE status = 'done'))::int AS done,
              coalesce(sum(written) FILTER (WHERE status = 'done' AND kind = 'cases'), 0)::int AS written
         FROM settlement_chunks WHERE run_id = $1 GROUP BY kind`,
      [runId],
    );
    return runView(run, chunks);
  }

  /** Polls until the run is computed, failed or further along; reports progress on each poll. */
  async waitFor(runId: string, opts: WaitOptions = {}): Promise<RunView> {
    const started = Date.now();
    for (;;) {
      const view = await this.get(runId);
      opts.onProgress?.(view);
      if (FINISHED.includes(view.status)) return view;
      if (opts.timeoutMs !== undefined && Date.now() - started > opts.timeoutMs) {
        throw new Error(`settlement run ${runId} is still ${view.status} after ${opts.timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, opts.pollMs ?? 200));
    }
  }

  /** computed → approved. Refused for a closed month, while a recompute runs, or when inputs changed. */
  async approve(runId: string, actor: string): Promise<RunView> {
    await this.db.transaction(async (tx) => {
      const run = await this.lockRun(tx, runId, ['computed']);
      const districts = await scopeDistricts(tx, { kind: run.scope_kind, code: run.scope_code });
      await refuseClosedMonths(tx, districts, run.month);
      const active: { id: string }[] = await tx.query(
        `SELECT id FROM settlement_runs WHERE scope_kind = $1 AND scope_code = $2 AND month = $3
            AND status IN ('requested', 'running')`,
        [run.scope_kind, run.scope_code, run.month],
      );
      if (active.length > 0) {
        throw new SettlementException(
          SettlementExceptionCode.RUN_ACTIVE,
          `run ${active[0].id} recomputes this month: approve that one`,
        );
      }
      await refuseStale(tx, run, districts);
      await tx.query(
        `UPDATE settlement_runs SET status = 'approved', approved_at = now(), approved_by = $2 WHERE id = $1`,
        [runId, actor],
      );
      await auditAction(tx, { actor, action: 'settlement.approve', runId, after: { fingerprint: run.fingerprint } });
    });
    return this.get(runId);
  }

  /**
   * approved → closed: the month of every district of the scope is closed for good. Waits for running
   * case imports into those months (their FOR SHARE locks), then checks once more that the run's
   * inputs are unchanged.
   */
  async close(runId: string, actor: string): Promise<RunView> {
    await this.db.transaction(async (tx) => {
      const run = await this.lockRun(tx, runId, ['approved']);
      const districts = await scopeDistricts(tx, { kind: run.scope_kind, code: run.scope_code });
      await tx.query(
        `INSERT INTO settlement_months (district_code, month)
         SELECT d, $2 FROM unnest($1::text[]) AS d ORDER BY d ON CONFLICT (district_code, month) DO NOTHING`,
        [districts, run.month],
      );
      await refuseClosedMonths(tx, districts, run.month);
      await tx.query(
        `UPDATE settlement_months SET status = 'closed', closed_at = now(), closed_by = $3
          WHERE district_code = ANY($1::text[]) AND month = $2`,
        [districts, run.month, actor],
      );
      await refuseStale(tx, run, districts);
      await tx.query(
        `INSERT INTO settlement_month_closures (district_code, month, run_id, closed_by)
         SELECT d, $2, $3, $4 FROM unnest($1::text[]) AS d`,
        [districts, run.month, runId, actor],
      );
      await tx.query(`UPDATE settlement_runs SET status = 'closed', closed_at = now(), closed_by = $2 WHERE id = $1`, [
        runId,
        actor,
      ]);
      await auditAction(tx, { actor, action: 'settlement.close', runId, after: { districts, month: run.month } });
    });
    return this.get(runId);
  }

  /** failed → running (or requested): the run's jobs are enqueued again under a new generation of ids. */
  async retry(runId: string, actor: string): Promise<RunView> {
    const run = await this.db.transaction(async (tx) => {
      const locked = await this.lockRun(tx, runId, ['failed']);
      try {
        const rows = returnedRows<RunRow>(
          await tx.query(
            `UPDATE settlement_runs SET status = CASE WHEN chunk_count IS NULL THEN 'requested' ELSE 'running' END,
                    generation = generation + 1, failed_at = NULL, error = NULL
              WHERE id = $1 RETURNING *`,
            [runId],
          ),
        );
        await auditAction(tx, { actor, action: 'settlement.retry', runId, before: { error: locked.error } });
        return rows[0];
      } catch (error) {
        if (sqlStateOf(error) === '23505') {
          throw new SettlementException(SettlementExceptionCode.RUN_ACTIVE, `another run of ${locked.month} is active`);
        }
        throw error;
      }
    });
    await enqueuePlan(this.driver, run.id, run.generation);
    return this.get(runId);
  }

  async statements(runId: string): Promise<RunStatements> {
    await this.requireResults(runId);
    return readStatements(this.db, runId);
  }

  async groups(runId: string): Promise<StatementGroupView[]> {
    const run = await this.requireResults(runId);
    const book = this.options.contexts ? (await this.options.contexts.get(run.id)).book.book : undefined;
    return readStatementGroups(this.db, runId, (code) => book?.groups.get(code)?.names.en);
  }

  /**
   * The explanation of one line: the case version re-priced with the run's book (both immutable). The
   * amounts must come out as stored; if not, something changed that must not, and this says so.
   */
  async explainLine(runId: string, caseId: string): Promise<{ line: Record<string, unknown>; explanation: unknown }> {
    if (!this.options.contexts) throw new Error('explainLine needs the run context cache');
    const run = await this.requireResults(runId);
    const lines: Record<string, unknown>[] = await this.db.query(
      `SELECT * FROM settlement_lines WHERE run_id = $1 AND case_id = $2::uuid`,
      [runId, caseId],
    );
    if (!lines[0])
      throw new SettlementException(
        SettlementExceptionCode.LINE_NOT_FOUND,
        `run ${runId} has no line for case ${caseId}`,
      );
    const ctx = await this.options.contexts.get(run.id);
    const [found] =
      (await readChunkCases(this.db, {
        month: run.month,
        districts: ctx.districts,
        lo: null,
        hi: null,
        only: caseId,
      })) ?? [];
    if (!found)
      throw new SettlementException(SettlementExceptionCode.LINE_NOT_FOUND, `case ${caseId} is no longer in the month`);
    const facilities = await this.options.contexts.facilities(ctx, [found.record.facilityId]);
    const result = ctx.book.engine().process(found.record, facilities.get(found.record.facilityId)!);
    if (!result.amount.equals(dec(lines[0].amount as string))) {
      throw new Error(
        `case ${caseId}: re-pricing gives ${result.amount.toFixed(2)}, the run paid ${String(lines[0].amount)}`,
      );
    }
    return { line: lines[0], explanation: result.explanation };
  }

  private async requireRun(runId: string): Promise<RunRow> {
    const run = await selectRun(this.db, runId);
    if (!run) throw new SettlementException(SettlementExceptionCode.RUN_NOT_FOUND, `no settlement run ${runId}`);
    return run;
  }

  private async requireResults(runId: string): Promise<RunRow> {
    const run = await this.requireRun(runId);
    if (!RESULT_STATUSES.includes(run.status)) {
      throw new SettlementException(
        SettlementExceptionCode.INVALID_STATUS,
        `run ${runId} is ${run.status}: it has no statements yet`,
      );
    }
    return run;
  }

  private async lockRun(tx: EntityManager, runId: string, allowed: readonly string[]): Promise<RunRow> {
    const run = await selectRun(tx, runId, 'FOR UPDATE');
    if (!run) throw new SettlementException(SettlementExceptionCode.RUN_NOT_FOUND, `no settlement run ${runId}`);
    if (!allowed.includes(run.status)) {
      throw new SettlementException(
        SettlementExceptionCode.INVALID_STATUS,
        `run ${runId} is ${run.status}; this needs a run that is ${allowed.join(' or ')}`,
      );
    }
    return run;
  }

  /** A flow whose parent failed (a child used up its attempts) never runs finalize: record the failure. */
  private async reconcile(run: RunRow): Promise<boolean> {
    const ids = runJobIds(run.id, run.generation);
    const job =
      run.status === 'requested'
        ? await this.driver.getJob(JobName.SettlementPlan, ids.plan)
        : await this.driver.getJob(JobName.SettlementFinalize, ids.finalize);
    if (job?.state !== 'failed') return false;
    return markRunFailed(this.db, run.id, job.failedReason ?? 'a job of the run failed');
  }
}

function invalid(field: string, message: string): SettlementException {
  return new SettlementException(SettlementExceptionCode.INVALID_REQUEST, message, [
    { path: field, field, code: 'FORMAT', message },
  ]);
}

interface RequestRow {
  scope_kind: string;
  scope_code: string;
  month: string;
  book: string | null;
}

async function runForKey(
  tx: EntityManager,
  scope: SettlementScope,
  key: string,
): Promise<{ q: RequestRow; run: RunRow } | undefined> {
  const rows: (RunRow & { q_scope_kind: string; q_scope_code: string; q_month: string; q_book: string | null })[] =
    await tx.query(
      `SELECT r.*, q.scope_kind AS q_scope_kind, q.scope_code AS q_scope_code, q.month AS q_month, q.book AS q_book
       FROM settlement_requests q JOIN settlement_runs r ON r.id = q.run_id
       WHERE q.scope_kind = $1 AND q.scope_code = $2 AND q.idempotency_key = $3`,
      [scope.kind, scope.code, key],
    );
  const r = rows[0];
  if (!r) return undefined;
  return { q: { scope_kind: r.q_scope_kind, scope_code: r.q_scope_code, month: r.q_month, book: r.q_book }, run: r };
}

/** The named book (published or retired: immutable), or the published book in force on the month's first day. */
async function resolveBook(
  tx: EntityManager,
  named: string | undefined,
  month: string,
): Promise<{ id: string; code: string; version: string }> {
  if (named !== undefined) {
    const ref = parseBookRef(named);
    const rows: { id: string; code: string; version: string; status: string }[] = await tx.query(
      `SELECT id, code, version, status FROM tariff_books WHERE code = $1 AND version = $2`,
      [ref.code, ref.version],
    );
    if (!rows[0])
      throw new SettlementException(SettlementExceptionCode.TARIFF_BOOK_NOT_FOUND, `no tariff book ${named}`);
    if (rows[0].status === 'draft') {
      throw new SettlementException(
        SettlementExceptionCode.TARIFF_BOOK_NOT_FOUND,
        `tariff book ${named} is a draft: a settlement needs a published book`,
      );
    }
    return rows[0];
  }
  const day = firstDayOf(month);
  const rows: { id: string; code: string; version: string }[] = await tx.query(
    `SELECT id, code, version FROM tariff_books
      WHERE status = 'published' AND effective_from <= $1::date AND (effective_to IS NULL OR effective_to >= $1::date)
      ORDER BY effective_from DESC, published_at DESC LIMIT 1`,
    [day],
  );
  if (!rows[0]) {
    throw new SettlementException(
      SettlementExceptionCode.NO_TARIFF_BOOK_IN_FORCE,
      `no published tariff book is in force on ${day}`,
    );
  }
  return rows[0];
}

async function refuseClosedMonths(tx: EntityManager, districts: string[], month: string): Promise<void> {
  const closed: { district_code: string }[] = await tx.query(
    `SELECT district_code FROM settlement_months WHERE district_code = ANY($1::text[]) AND month = $2 AND status = 'closed'
      ORDER BY district_code`,
    [districts, month],
  );
  if (closed.length > 0) {
    throw new SettlementException(
      SettlementExceptionCode.MONTH_CLOSED,
      `${month} is closed for district${closed.length > 1 ? 's' : ''} ${closed.map((c) => c.district_code).join(', ')}`,
    );
  }
}

async function refuseStale(tx: EntityManager, run: RunRow, districts: string[]): Promise<void> {
  const report = await checkRunInputs(tx, run, districts);
  if (report.stale) {
    throw new SettlementException(
      SettlementExceptionCode.RUN_STALE,
      `run ${run.id} no longer matches its inputs: ${report.reasons.join('; ')}. Ask for a new settlement of the month.`,
    );
  }
}
