// The run fingerprint: SHA-256 over a canonical text of everything the run pays, so recomputing a
// month with the same inputs gives the same hex string, and any changed amount changes it.
//
//   hisob-settlement v1|<scope kind>|<scope code>|<month>|<book code>@<book version>
//   L|case_id|facility|claim|version|kind|adjusts|status|group|return code|row|coverage|reason|weight|amount|fund|patient|prior|payable
//   … one L line per case, ordered by case id
//   P|facility|enrolled|unassigned|monthly|withheld|payable|fees|paid|included|rejected
//   … one P line per capitation/fee part, ordered by facility id (byte order)
//   S|facility|cases priced|error|patient|cmi|cases amount|patient amount|enrolled|capitation monthly|withheld|payable|fees|paid|rejected|advances|case adj|other adj|adjustments|net
//   … one S line per statement, ordered by facility id (byte order)
// Every line ends with '\n'. Money has exactly 2 decimals; weights are written without trailing zeros
// (trim_scale), NULL as an empty field. Lines are read through a cursor in batches so memory stays flat.
import { createHash, type Hash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';

const BATCH = 20000;

export interface FingerprintHeader {
  scopeKind: string;
  scopeCode: string;
  month: string;
  bookCode: string;
  bookVersion: string;
}

export async function runFingerprint(
  runner: Pick<QueryRunner, 'query'>,
  runId: string,
  header: FingerprintHeader,
): Promise<string> {
  const hash = createHash('sha256');
  hash.update(
    `hisob-settlement v1|${header.scopeKind}|${header.scopeCode}|${header.month}|${header.bookCode}@${header.bookVersion}\n`,
  );
  await hashLines(runner, runId, hash);
  await hashTexts(runner, hash, PART_TEXT, runId);
  await hashTexts(runner, hash, STATEMENT_TEXT, runId);
  return hash.digest('hex');
}

// Text built in SQL, one string per line: far less for the client to parse than twenty columns.
const LINE_TEXT = `concat_ws('|', 'L', case_id, facility_id, claim_id, case_version, kind, coalesce(adjusts_case_id::text, ''),
  status, group_code, return_code, coalesce(row_id, ''), coverage, coalesce(coverage_reason, ''),
  trim_scale(effective_weight), amount, fund_amount, patient_amount, coalesce(prior_fund_amount::text, ''), payable)`;

/** One server-side cursor over the run's lines (the caller holds a transaction): a single ordered scan. */
async function hashLines(runner: Pick<QueryRunner, 'query'>, runId: string, hash: Hash): Promise<void> {
  await runner.query(
    `DECLARE fingerprint_lines NO SCROLL CURSOR FOR
       SELECT ${LINE_TEXT} AS t FROM settlement_lines WHERE run_id = $1 ORDER BY case_id`,
    [runId],
  );
  for (;;) {
    const rows: { t: string }[] = await runner.query(`FETCH ${BATCH} FROM fingerprint_lines`);
    if (rows.length === 0) break;
    let text = '';
    for (const r of rows) text += r.t + '\n';
    hash.update(text);
  }
  // On an error the caller's rollback drops the cursor.
  await runner.query(`CLOSE fingerprint_lines`);
}

const PART_TEXT = `SELECT concat_ws('|', 'P', facility_id, enrolled, unassigned, capitation_monthly, capitation_withheld,
  capitation_payable, fees_amount, fees_paid, fees_included, fees_rejected) AS t
  FROM settlement_facility_parts WHERE run_id = $1 ORDER BY facility_id COLLATE "C"`;

const STATEMENT_TEXT = `SELECT concat_ws('|', 'S', facility_id, cases_priced, cases_error, cases_patient,
  coalesce(case_mix_index::text, ''), cases_amount, patient_amount, enrolled, capitation_monthly, capitation_withheld,
  capitation_payable, fees_amount, fees_paid, fees_rejected, advances, case_adjustments, other_adjustments, adjustments,
  net_payable) AS t
  FROM settlement_statements WHERE run_id = $1 ORDER BY facility_id COLLATE "C"`;

async function hashTexts(runner: Pick<QueryRunner, 'query'>, hash: Hash, sql: string, runId: string): Promise<void> {
  const rows: { t: string }[] = await runner.query(sql, [runId]);
  for (const r of rows) hash.update(r.t + '\n');
}
