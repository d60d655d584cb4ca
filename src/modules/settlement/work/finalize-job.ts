// The flow parent: once every chunk and capitation part is done, aggregate the lines into statements
// (exact numeric sums in SQL), check the totals against the lines, fingerprint the run and mark it
// computed — all in one transaction, recomputed from the stored lines on every delivery. (On
// PostgreSQL the lines' part of the fingerprint is read on a second connection while the statements
// are written: the lines of a run whose chunks are all done never change, and the number of lines it
// read must equal the number this transaction counts.)
import type { DataSource, QueryRunner } from 'typeorm';
import { dec } from '../../../domain/money';
import { PermanentJobError } from '../../../jobs';
import { selectRun, type RunRow } from '../runs/run-row';
import { returnedRows } from '../runs/sql-result';
import { scopeDistricts } from '../scope';
import {
  finishFingerprint,
  hashLinesAside,
  hashLinesInTransaction,
  type FingerprintHeader,
  type LinesDigest,
} from './fingerprint';

export interface FinalizeResult {
  runId: string;
  status: string;
  fingerprint: string | null;
  netPayable: string | null;
  alreadyDone: boolean;
}

export class TotalsMismatchError extends Error {
  override readonly name = 'TotalsMismatchError';
}

export async function finalizeRun(db: DataSource, runId: string): Promise<FinalizeResult> {
  const before = await selectRun(db, runId);
  if (!before) throw new PermanentJobError(`no settlement run ${runId}`);
  if (before.status !== 'running') return resultOf(before, true);
  const pending: { n: number }[] = await db.query(
    `SELECT count(*)::int AS n FROM settlement_chunks WHERE run_id = $1 AND status <> 'done'`,
    [runId],
  );
  // Cannot happen in a flow (the parent runs after its children); a retry waits for them if it does.
  if (pending[0].n > 0) throw new Error(`settlement run ${runId}: ${pending[0].n} chunks are not done yet`);

  const runner = db.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
    const run = await selectRun(runner, runId, 'FOR UPDATE');
    if (!run || run.status !== 'running') {
      await runner.rollbackTransaction();
      return resultOf(run ?? before, true);
    }
    const header: FingerprintHeader = {
      scopeKind: run.scope_kind,
      scopeCode: run.scope_code,
      month: run.month,
      bookCode: run.book_code,
      bookVersion: run.book_version,
    };
    // Every chunk is done, so the lines no longer change: on PostgreSQL their fingerprint is read on
    // a connection of its own while this transaction writes the statements.
    const aside = settled(hashLinesAside(db, runId, header));
    let totals: Totals;
    try {
      const districts = await scopeDistricts(runner, { kind: run.scope_kind, code: run.scope_code });
      await writeStatements(runner, run, districts);
      totals = await checkedTotals(runner, runId);
    } catch (error) {
      await aside; // its connection closes before the job gives up
      throw error;
    }
    const outcome = await aside;
    // Without a connection aside (PGlite), or if it failed: in this transaction.
    const digest: LinesDigest =
      outcome && 'digest' in outcome ? outcome.digest : await hashLinesInTransaction(runner, runId, header);
    if (digest.lines !== totals.lines) {
      throw new Error(
        `settlement run ${runId}: the fingerprint read ${digest.lines} lines, ${totals.lines} are stored`,
      );
    }
    const fingerprint = await finishFingerprint(runner, runId, digest);
    const updated = returnedRows<RunRow>(
      await runner.query(
        `UPDATE settlement_runs SET status = 'computed', computed_at = now(), fingerprint = $2,
              lines_count = $3, cases_priced = $4, cases_error = $5, facilities = $6, cases_amount = $7,
              patient_amount = $8, capitation_payable = $9, capitation_withheld = $10, fees_amount = $11,
              advances_amount = $12, adjustments_amount = $13, net_payable = $14
        WHERE id = $1 RETURNING *`,
        [
          runId,
          fingerprint,
          totals.lines,
          totals.cases_priced,
          totals.cases_error,
          totals.facilities,
          totals.cases_amount,
          totals.patient_amount,
          totals.capitation_payable,
          totals.capitation_withheld,
          totals.fees_amount,
          totals.advances,
          totals.adjustments,
          totals.net_payable,
        ],
      ),
    );
    // The computed run it recomputes is replaced now, not when the recompute was asked for: had this
    // run failed, the earlier result would still stand.
    if (run.supersedes_run_id) {
      await runner.query(`UPDATE settlement_runs SET status = 'superseded' WHERE id = $1 AND status = 'computed'`, [
        run.supersedes_run_id,
      ]);
    }
    await runner.commitTransaction();
    return resultOf(updated[0], false);
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}

function settled<T>(work: Promise<T> | undefined): Promise<{ digest: T } | { error: unknown }> | undefined {
  return work?.then(
    (digest) => ({ digest }),
    (error: unknown) => ({ error }),
  );
}

function resultOf(run: RunRow, alreadyDone: boolean): FinalizeResult {
  return { runId: run.id, status: run.status, fingerprint: run.fingerprint, netPayable: run.net_payable, alreadyDone };
}

/**
 * Statement per facility of the scope (and any facility with lines in it), and the group table, from
 * ONE pass over the run's lines: they are summed per facility, group, kind, status and coverage (a
 * few thousand rows), and both tables are written from those sums in one statement.
 */
async function writeStatements(runner: QueryRunner, run: RunRow, districts: string[]): Promise<void> {
  await runner.query(`DELETE FROM settlement_statement_groups WHERE run_id = $1`, [run.id]);
  await runner.query(`DELETE FROM settlement_statements WHERE run_id = $1`, [run.id]);
  await runner.query(
    `WITH g AS MATERIALIZED (
       SELECT facility_id, group_code, kind, status, coverage, count(*) AS n, sum(effective_weight) AS weight,
              sum(payable) AS payable, sum(patient_amount) AS patient_amount
         FROM settlement_lines WHERE run_id = $1 GROUP BY facility_id, group_code, kind, status, coverage),
     groups AS (
       INSERT INTO settlement_statement_groups (run_id, facility_id, group_code, cases, weight_sum, amount)
       SELECT $1, facility_id, group_code, sum(n), coalesce(sum(weight) FILTER (WHERE status = 'priced'), 0), sum(payable)
         FROM g WHERE kind = 'case' GROUP BY facility_id, group_code),
     l AS (
       SELECT facility_id,
              coalesce(sum(n) FILTER (WHERE kind = 'case' AND status = 'priced'), 0) AS priced,
              coalesce(sum(n) FILTER (WHERE kind = 'case' AND status = 'error'), 0) AS errors,
              coalesce(sum(n) FILTER (WHERE kind = 'case' AND status = 'priced' AND coverage = 'patient'), 0) AS patient_cases,
              sum(weight) FILTER (WHERE kind = 'case' AND status = 'priced') AS weight,
              coalesce(sum(payable) FILTER (WHERE kind = 'case'), 0) AS cases_amount,
              coalesce(sum(patient_amount) FILTER (WHERE kind = 'case'), 0) AS patient_amount,
              coalesce(sum(payable) FILTER (WHERE kind = 'adjustment'), 0) AS case_adjustments
         FROM g GROUP BY facility_id),
     fac AS (
       SELECT f.id, f.name, f.district_code, f.level, f.active FROM facilities f
        WHERE f.district_code = ANY($3::text[]) OR f.id IN (SELECT facility_id FROM l)),
     adv AS (SELECT facility_id, sum(amount) AS amount FROM advances
              WHERE month = $2 AND facility_id IN (SELECT id FROM fac) GROUP BY facility_id),
     adj AS (SELECT facility_id, sum(amount) AS amount FROM adjustments
              WHERE to_month = $2 AND facility_id IN (SELECT id FROM fac) GROUP BY facility_id),
     s AS (
       SELECT fac.id, fac.name, fac.district_code, fac.level,
              coalesce(l.priced, 0) AS priced, coalesce(l.errors, 0) AS errors, coalesce(l.patient_cases, 0) AS patient_cases,
              CASE WHEN coalesce(l.priced, 0) > 0 THEN round(l.weight / l.priced, 4) END AS cmi,
              coalesce(l.cases_amount, 0) AS cases_amount, coalesce(l.patient_amount, 0) AS patient_amount,
              coalesce(p.enrolled, 0) AS enrolled, coalesce(p.capitation_monthly, 0) AS cap_monthly,
              coalesce(p.capitation_withheld, 0) AS cap_withheld, coalesce(p.capitation_payable, 0) AS cap_payable,
              coalesce(p.fees_amount, 0) AS fees, coalesce(p.fees_paid, 0) AS fees_paid,
              coalesce(p.fees_rejected, 0) AS fees_rejected, coalesce(adv.amount, 0) AS advances,
              coalesce(l.case_adjustments, 0) AS case_adjustments, coalesce(adj.amount, 0) AS other_adjustments,
              fac.active OR l.facility_id IS NOT NULL OR p.facility_id IS NOT NULL
                OR adv.facility_id IS NOT NULL OR adj.facility_id IS NOT NULL AS has_figures
         FROM fac
         LEFT JOIN l ON l.facility_id = fac.id
         LEFT JOIN settlement_facility_parts p ON p.run_id = $1 AND p.facility_id = fac.id
         LEFT JOIN adv ON adv.facility_id = fac.id
         LEFT JOIN adj ON adj.facility_id = fac.id)
     INSERT INTO settlement_statements (run_id, facility_id, facility_name, district_code, level, cases_priced,
            cases_error, cases_patient, case_mix_index, cases_amount, patient_amount, enrolled, capitation_monthly,
            capitation_withheld, capitation_payable, fees_amount, fees_paid, fees_rejected, advances, case_adjustments,
            other_adjustments, adjustments, net_payable)
     SELECT $1, id, name, district_code, level, priced, errors, patient_cases, cmi, cases_amount, patient_amount,
            enrolled, cap_monthly, cap_withheld, cap_payable, fees, fees_paid, fees_rejected, advances,
            case_adjustments, other_adjustments, case_adjustments + other_adjustments,
            cases_amount + cap_payable + fees - advances + case_adjustments + other_adjustments
       FROM s WHERE has_figures`,
    [run.id, run.month, districts],
  );
}

interface Totals {
  lines: number;
  cases_priced: number;
  cases_error: number;
  facilities: number;
  cases_amount: string;
  patient_amount: string;
  capitation_payable: string;
  capitation_withheld: string;
  fees_amount: string;
  advances: string;
  adjustments: string;
  net_payable: string;
}

/**
 * Run totals are the sums of the statements; they must equal the sums taken straight from the lines
 * and the parts, to the tiyin. A difference means a line was lost or counted twice: the run fails.
 */
async function checkedTotals(runner: QueryRunner, runId: string): Promise<Totals> {
  const rows: (Totals & {
    stmt_case_adjustments: string;
    line_cases: string;
    line_adjustments: string;
    part_payable: string;
    part_fees: string;
  })[] = await runner.query(
    `SELECT s.*, l.*, p.* FROM
         (SELECT count(*)::int AS facilities, coalesce(sum(cases_priced), 0)::int AS cases_priced,
                 coalesce(sum(cases_error), 0)::int AS cases_error,
                 coalesce(sum(cases_amount), 0) AS cases_amount, coalesce(sum(patient_amount), 0) AS patient_amount,
                 coalesce(sum(capitation_payable), 0) AS capitation_payable,
                 coalesce(sum(capitation_withheld), 0) AS capitation_withheld, coalesce(sum(fees_amount), 0) AS fees_amount,
                 coalesce(sum(advances), 0) AS advances, coalesce(sum(adjustments), 0) AS adjustments,
                 coalesce(sum(net_payable), 0) AS net_payable, coalesce(sum(case_adjustments), 0) AS stmt_case_adjustments
            FROM settlement_statements WHERE run_id = $1) s,
         (SELECT count(*)::int AS lines, count(*) AS line_count,
                 coalesce(sum(payable) FILTER (WHERE kind = 'case'), 0) AS line_cases,
                 coalesce(sum(payable) FILTER (WHERE kind = 'adjustment'), 0) AS line_adjustments
            FROM settlement_lines WHERE run_id = $1) l,
         (SELECT coalesce(sum(capitation_payable), 0) AS part_payable, coalesce(sum(fees_amount), 0) AS part_fees
            FROM settlement_facility_parts WHERE run_id = $1) p`,
    [runId],
  );
  const t = rows[0];
  const checks: [string, string, string][] = [
    ['case amounts', t.cases_amount, t.line_cases],
    ['case adjustments', t.stmt_case_adjustments, t.line_adjustments],
    ['capitation', t.capitation_payable, t.part_payable],
    ['fees', t.fees_amount, t.part_fees],
  ];
  for (const [what, statements, source] of checks) {
    if (!dec(statements).equals(dec(source))) {
      throw new TotalsMismatchError(
        `settlement run ${runId}: ${what} of the statements ${statements} ≠ ${source} of the lines`,
      );
    }
  }
  const written: { n: number }[] = await runner.query(
    `SELECT coalesce(sum(written), 0)::int AS n FROM settlement_chunks WHERE run_id = $1 AND kind = 'cases'`,
    [runId],
  );
  if (written[0].n !== t.lines) {
    throw new TotalsMismatchError(`settlement run ${runId}: chunks wrote ${written[0].n} lines, ${t.lines} are stored`);
  }
  return t;
}
