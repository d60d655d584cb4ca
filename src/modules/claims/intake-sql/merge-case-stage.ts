// Merges the staged rows of an import into `cases` with a handful of set-based statements, inside the
// import's transaction (all or nothing). New claims of open months were written directly already
// (case-segment-writer.ts); what is staged is checked against the claim's active version:
//   none                  → version 1 is inserted                       (inserted)
//   same content hash     → nothing happens                             (unchanged)
//   other content         → version n+1 inserted, version n superseded  (superseded)
// A closed month is never written to. A row whose discharge month is closed, or whose claim's active
// version was settled in a closed month, is filed into the district's first open month after both
// (its service month stays the discharge month): a late claim is paid there as a case, and a change
// of a settled claim as an adjustment of the settled version (the difference is paid). Only if that
// month closes while the import runs is the row refused (MONTH_CLOSED).
import type { QueryRunner } from 'typeorm';
import { nextMonth } from '../../../domain/cases/dates';
import { lockSettlementMonths, monthKey, splitMonthKey } from './settlement-month-locks';

export interface MergeCaseStageInput {
  stage: string;
  plan: string;
  /** monthKey()s of the staged rows' (district, discharge month). */
  stagedMonths: ReadonlySet<string>;
  /** Recorded as cases.submitted_by. */
  submittedBy: string;
  /** Refused rows returned in detail at most (all are counted). */
  refusedDetail: number;
  /** Also return each row's outcome (small batches only). */
  withOutcomes?: boolean;
  /** Nothing was staged: skip the statements. */
  empty?: boolean;
}

export interface RefusedRow {
  rowNo: number;
  facilityId: string;
  claimId: string;
  districtCode: string;
  /** The row's discharge month. */
  month: string;
  /** The closed month in the way: that of the version it would supersede, else its own. */
  closedMonth: string;
  /** The claim's current version is in a closed month (settled): it cannot change. */
  settledVersion: boolean;
}

export interface RowOutcome {
  status: 'inserted' | 'superseded' | 'unchanged';
  caseId: string;
  version: number;
  /** Settlement month of that version. */
  month: string;
}

export interface MergeCaseStageResult {
  inserted: number;
  superseded: number;
  unchanged: number;
  /** Of inserted and superseded: filed into a later open month (late claims, adjustments). */
  intoLaterMonth: number;
  refused: RefusedRow[];
  refusedCount: number;
  /** By row number (withOutcomes only); refused rows are absent. */
  outcomes?: Map<number, RowOutcome>;
}

interface PlanRow {
  row_no: number;
  old_id: string;
  old_version: number;
  old_month: string;
  same: boolean;
}

export async function mergeCaseStage(runner: QueryRunner, input: MergeCaseStageInput): Promise<MergeCaseStageResult> {
  const { stage, plan } = input;
  if (input.empty) {
    const none = { inserted: 0, superseded: 0, unchanged: 0, intoLaterMonth: 0, refused: [], refusedCount: 0 };
    return input.withOutcomes ? { ...none, outcomes: new Map() } : none;
  }
  // Temp tables are never auto-analysed; without statistics the joins below are planned blind.
  await runner.query(`ANALYZE ${stage}`);

  // The active version of every staged claim that has one.
  await runner.query(`
    CREATE TEMP TABLE ${plan} ON COMMIT DROP AS
    SELECT s.row_no, c.id AS old_id, c.version AS old_version, c.district_code AS old_district,
           c.month AS old_month, c.content_hash = s.content_hash AS same
    FROM ${stage} s
    JOIN cases c ON c.facility_id = s.facility_id AND c.claim_id = s.claim_id AND c.status = 'active'`);
  await runner.query(`ANALYZE ${plan}`);
  const [counts]: { same: number; changed: number }[] = await runner.query(
    `SELECT (count(*) FILTER (WHERE same))::int AS same, (count(*) FILTER (WHERE NOT same))::int AS changed FROM ${plan}`,
  );
  const changedCount = counts.changed;
  let planRows: PlanRow[] = [];
  if (input.withOutcomes && changedCount + counts.same > 0) {
    planRows = await runner.query(`SELECT row_no, old_id, old_version, old_month, same FROM ${plan}`);
  }

  // Months written to: the staged rows' own, and those of the versions they supersede.
  const months = new Set(input.stagedMonths);
  if (changedCount > 0) {
    const old: { old_district: string; old_month: string }[] = await runner.query(
      `SELECT DISTINCT old_district, old_month FROM ${plan} WHERE NOT same`,
    );
    for (const m of old) months.add(monthKey(m.old_district, m.old_month));
  }
  const closed = await lockSettlementMonths(runner, months);
  const intoLaterMonth = closed.size > 0 ? await fileIntoLaterMonths(runner, stage, plan, closed) : 0;

  let refused: RefusedRow[] = [];
  let refusedCount = 0;
  if (closed.size > 0) {
    const keys = [...closed].map(splitMonthKey);
    const rows: (RefusedRow & { total: number })[] = await runner.query(
      `WITH closed (district_code, month) AS (SELECT * FROM unnest($1::text[], $2::text[])),
       refused AS (
         DELETE FROM ${stage} s
         WHERE NOT EXISTS (SELECT 1 FROM ${plan} p WHERE p.row_no = s.row_no AND p.same)
           AND s.pay_month IS NULL
           AND (EXISTS (SELECT 1 FROM closed c WHERE c.district_code = s.district_code AND c.month = s.month)
             OR EXISTS (SELECT 1 FROM ${plan} p JOIN closed c ON c.district_code = p.old_district AND c.month = p.old_month
                        WHERE p.row_no = s.row_no))
         RETURNING s.row_no, s.facility_id, s.claim_id, s.district_code, s.month
       )
       SELECT r.row_no AS "rowNo", r.facility_id AS "facilityId", r.claim_id AS "claimId",
              r.district_code AS "districtCode", r.month,
              coalesce(settled.month, r.month) AS "closedMonth", settled.month IS NOT NULL AS "settledVersion",
              (count(*) OVER ())::int AS total
       FROM refused r
       LEFT JOIN ${plan} p ON p.row_no = r.row_no
       LEFT JOIN closed settled ON settled.district_code = p.old_district AND settled.month = p.old_month
       ORDER BY r.row_no
       LIMIT $3`,
      [keys.map((k) => k[0]), keys.map((k) => k[1]), input.refusedDetail],
    );
    refusedCount = rows.length > 0 ? rows[0].total : 0;
    refused = rows.map(({ total: _total, ...r }) => r);
  }

  let unchanged = 0;
  if (counts.same > 0) {
    unchanged = await affected(runner, `DELETE FROM ${stage} s USING ${plan} p WHERE p.row_no = s.row_no AND p.same`);
  }

  // One active version per claim (partial unique index), and superseded_by must name an existing row.
  // So a superseding version is inserted as `withdrawn` (never visible outside this transaction), the
  // old version is marked superseded by it in one update (the only change a closed month's version
  // will ever allow), and then the new version becomes active.
  const columns = `id, facility_id, claim_id, version, status, district_code, month, service_month, content_hash,
    patient_id, birth_date, sex, admission_at, discharge_at, admission_type, referral_id, discharge_mode,
    care_setting, birth_weight_grams, department, flags, diagnosis_codes, procedure_entries, submitted_by,
    adjustment_of`;
  const values = (version: string, status: string) => `s.id, s.facility_id, s.claim_id, ${version}, ${status},
    s.district_code, coalesce(s.pay_month, s.month), s.month, s.content_hash, s.patient_id, s.birth_date, s.sex,
    s.admission_at, s.discharge_at, s.admission_type, s.referral_id, s.discharge_mode, s.care_setting,
    s.birth_weight_grams, s.department, s.flags, s.diagnosis_codes, s.procedure_entries, $1, s.adjustment_of`;
  const changing = changedCount > 0 && (await stagedChanges(runner, stage, plan)) > 0;
  const written = changing
    ? await affected(
        runner,
        `INSERT INTO cases (${columns})
         SELECT ${values('coalesce(p.old_version, 0) + 1', "CASE WHEN p.old_id IS NULL THEN 'active' ELSE 'withdrawn' END")}
         FROM ${stage} s LEFT JOIN ${plan} p ON p.row_no = s.row_no`,
        [input.submittedBy],
      )
    : await affected(runner, `INSERT INTO cases (${columns}) SELECT ${values('1', "'active'")} FROM ${stage} s`, [
        input.submittedBy,
      ]);
  let superseded = 0;
  if (changing) {
    superseded = await affected(
      runner,
      `UPDATE cases c SET status = 'superseded', superseded_by = s.id
       FROM ${plan} p JOIN ${stage} s ON s.row_no = p.row_no
       WHERE c.id = p.old_id`,
    );
    await runner.query(
      `UPDATE cases c SET status = 'active' FROM ${plan} p JOIN ${stage} s ON s.row_no = p.row_no WHERE c.id = s.id`,
    );
  }

  const result: MergeCaseStageResult = {
    inserted: written - superseded,
    superseded,
    unchanged,
    intoLaterMonth,
    refused,
    refusedCount,
  };
  if (input.withOutcomes) result.outcomes = await outcomes(runner, stage, planRows);
  return result;
}

async function outcomes(runner: QueryRunner, stage: string, planRows: PlanRow[]): Promise<Map<number, RowOutcome>> {
  const out = new Map<number, RowOutcome>();
  const byRow = new Map(planRows.map((p) => [p.row_no, p]));
  const written: { row_no: number; id: string; month: string }[] = await runner.query(
    `SELECT row_no, id, coalesce(pay_month, month) AS month FROM ${stage}`,
  );
  for (const w of written) {
    const p = byRow.get(w.row_no);
    const version = p ? p.old_version + 1 : 1;
    out.set(w.row_no, { status: p ? 'superseded' : 'inserted', caseId: w.id, version, month: w.month });
  }
  for (const p of planRows) {
    if (!p.same) continue;
    out.set(p.row_no, { status: 'unchanged', caseId: p.old_id, version: p.old_version, month: p.old_month });
  }
  return out;
}

/** Rows affected by an INSERT, UPDATE or DELETE. */
async function affected(runner: QueryRunner, sql: string, params?: unknown[]): Promise<number> {
  const result = await runner.query(sql, params, true);
  return result.affected ?? 0;
}

/** Staged rows that would supersede a version (refused and unchanged rows are gone from the stage by now). */
async function stagedChanges(runner: QueryRunner, stage: string, plan: string): Promise<number> {
  const [row]: { n: number }[] = await runner.query(
    `SELECT count(*)::int AS n FROM ${plan} p JOIN ${stage} s ON s.row_no = p.row_no`,
  );
  return row.n;
}

/**
 * Sets pay_month (and adjustment_of) on the staged rows that would write into a closed month: the
 * first open month of their district from the later of their own month and their settled version's
 * month. Locks those months as the rest are locked; returns the number of rows moved. Rows whose new
 * month turns out closed after all (closed meanwhile) keep pay_month NULL and are refused.
 */
async function fileIntoLaterMonths(
  runner: QueryRunner,
  stage: string,
  plan: string,
  closed: ReadonlySet<string>,
): Promise<number> {
  const keys = [...closed].map(splitMonthKey);
  const closedParams = [keys.map((k) => k[0]), keys.map((k) => k[1])];
  const blocked = `
    WITH closed (district_code, month) AS (SELECT * FROM unnest($1::text[], $2::text[]))
    SELECT s.row_no, s.district_code, greatest(s.month, p.old_month) AS start,
           CASE WHEN oc.month IS NOT NULL THEN p.old_id END AS adjusts
      FROM ${stage} s
      LEFT JOIN ${plan} p ON p.row_no = s.row_no
      LEFT JOIN closed oc ON oc.district_code = p.old_district AND oc.month = p.old_month
     WHERE NOT coalesce(p.same, false)
       AND (oc.month IS NOT NULL
         OR EXISTS (SELECT 1 FROM closed c WHERE c.district_code = s.district_code AND c.month = s.month))`;
  const starts: { district_code: string; start: string }[] = await runner.query(
    `SELECT DISTINCT district_code, start FROM (${blocked}) b`,
    closedParams,
  );
  if (starts.length === 0) return 0;
  const districts = [...new Set(starts.map((r) => r.district_code))];
  const closedRows: { district_code: string; month: string }[] = await runner.query(
    `SELECT district_code, month FROM settlement_months WHERE status = 'closed' AND district_code = ANY($1::text[])`,
    [districts],
  );
  const closedNow = new Set(closedRows.map((r) => monthKey(r.district_code, r.month)));
  const pay = starts.map((r) => {
    let m = r.start;
    while (closedNow.has(monthKey(r.district_code, m))) m = nextMonth(m);
    return { district: r.district_code, start: r.start, month: m };
  });
  const stillClosed = await lockSettlementMonths(
    runner,
    pay.map((p) => monthKey(p.district, p.month)),
  );
  const open = pay.filter((p) => !stillClosed.has(monthKey(p.district, p.month)));
  if (open.length === 0) return 0;
  return affected(
    runner,
    `WITH b AS (${blocked}),
          pay (district_code, start, month) AS (SELECT * FROM unnest($3::text[], $4::text[], $5::text[]))
     UPDATE ${stage} s SET pay_month = pay.month, adjustment_of = b.adjusts
       FROM b JOIN pay ON pay.district_code = b.district_code AND pay.start = b.start
      WHERE s.row_no = b.row_no`,
    [...closedParams, open.map((p) => p.district), open.map((p) => p.start), open.map((p) => p.month)],
  );
}
