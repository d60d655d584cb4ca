// Advances already paid to facilities, from a CSV file: facility_id, month, amount, reference, paid_on
// (paid_on optional). The statement of the facility's month subtracts them (docs/settlement.md).
// (facility, month, reference) is the key: the same row again is left as it is; the same key with
// another amount or payment date is refused (ADVANCE_CONFLICT) — a recorded advance never changes.
import type { HisobDataSource } from '../../infra/database/data-source';
import type { CsvTableSpec } from '../../infra/import/csv-table';
import type { ImportSource } from '../../infra/import/import-source';
import type { Actor } from '../auth/actor';
import {
  monthCell,
  moneyCell,
  runRegisterImport,
  type RegisterFormat,
  type RegisterImportOptions,
  type RegisterImportReport,
} from './register-import';

type AdvanceColumn = 'facility_id' | 'month' | 'amount' | 'reference' | 'paid_on';

export const ADVANCES_CSV_SPEC: CsvTableSpec<AdvanceColumn> = {
  columns: ['facility_id', 'month', 'amount', 'reference', 'paid_on'],
  required: ['facility_id', 'month', 'amount', 'reference'],
};

const ADVANCES: RegisterFormat<AdvanceColumn> = {
  register: 'advances',
  csv: ADVANCES_CSV_SPEC,
  stage: [
    ['facility_id', 'varchar(64) NOT NULL'],
    ['month', 'char(7) NOT NULL'],
    ['amount', 'numeric(18, 2) NOT NULL'],
    ['reference', 'varchar(64) NOT NULL'],
    ['paid_on', 'date'],
  ],
  check: ([facility, month, amount, reference, paidOn], c) => [
    c.id('facility_id', facility, 64),
    monthCell(c, 'month', month),
    moneyCell(c, 'amount', amount, 'positive'),
    c.text('reference', reference, 64, true),
    c.date('paid_on', paidOn, false) ?? null,
  ],
  month: { sql: 's.month', field: 'month' },
  lockFacilities: true,
  rules: [
    // A key twice in the file: every occurrence is refused (which one is meant is not ours to guess).
    (stage) => `
      SELECT s.line, 'reference' AS field, 'DUPLICATE' AS code,
             'advance ' || s.reference || ' of facility ' || s.facility_id || ' for ' || s.month || ' appears '
               || d.n || ' times in this file (lines ' || d.lines || ')' AS message
        FROM ${stage} s
        JOIN (SELECT facility_id, month, reference, count(*) AS n,
                     array_to_string((array_agg(line ORDER BY line))[1:5], ', ')
                       || CASE WHEN count(*) > 5 THEN ', …' ELSE '' END AS lines
                FROM ${stage} GROUP BY facility_id, month, reference HAVING count(*) > 1) d
          ON d.facility_id = s.facility_id AND d.month = s.month AND d.reference = s.reference`,
    // Recorded already with another amount or payment date.
    (stage) => `
      SELECT s.line, CASE WHEN a.amount <> s.amount THEN 'amount' ELSE 'paid_on' END AS field,
             'ADVANCE_CONFLICT' AS code,
             'advance ' || s.reference || ' of facility ' || s.facility_id || ' for ' || s.month
               || ' is already recorded with amount ' || a.amount::text
               || coalesce(' paid on ' || to_char(a.paid_on, 'YYYY-MM-DD'), ' and no payment date')
               || ': a recorded advance is not changed (record a difference as an adjustment)' AS message
        FROM ${stage} s
        JOIN advances a ON a.facility_id = s.facility_id AND a.month = s.month AND a.reference = s.reference
       WHERE a.amount <> s.amount OR a.paid_on IS DISTINCT FROM s.paid_on`,
  ],
  async insert(runner, stage, createdBy) {
    // What is left of a recorded key is identical to it (the rule above): DO NOTHING leaves it be.
    const [row]: { n: number; amount: string | null }[] = await runner.query(
      `WITH ins AS (
         INSERT INTO advances (facility_id, month, amount, reference, paid_on, created_by)
         SELECT s.facility_id, s.month, s.amount, s.reference, s.paid_on, $1 FROM ${stage} s ORDER BY s.line
         ON CONFLICT (facility_id, month, reference) DO NOTHING
         RETURNING amount)
       SELECT count(*)::int AS n, sum(amount)::text AS amount FROM ins`,
      [createdBy],
    );
    return { stored: row.n, amount: row.amount ?? '0.00' };
  },
};

/**
 * Imports an advances CSV from a path, an upload stream or bytes, as `actor` (rows of facilities
 * outside their scope are refused like unknown ones). Throws ImportFileError for an unusable file.
 */
export function importAdvancesCsv(
  dataSource: HisobDataSource,
  source: ImportSource,
  fileName: string | undefined,
  actor: Actor,
  opts: RegisterImportOptions = {},
): Promise<RegisterImportReport> {
  return runRegisterImport(dataSource, ADVANCES, source, fileName, actor, opts);
}
