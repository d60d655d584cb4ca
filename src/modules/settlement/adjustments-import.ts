// Adjustments from a CSV file: facility_id, from_month, to_month, amount, reason — a correction of
// month `from_month` paid in the later month `to_month` (signed: a negative amount recovers money).
// The statement of `to_month` adds them as other adjustments (docs/settlement.md). An adjustment has
// no key of its own: a row identical to a recorded one (facility, both months, amount, reason) is
// left as it is, so the same file twice records it once.
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

type AdjustmentColumn = 'facility_id' | 'from_month' | 'to_month' | 'amount' | 'reason';

export const ADJUSTMENTS_CSV_SPEC: CsvTableSpec<AdjustmentColumn> = {
  columns: ['facility_id', 'from_month', 'to_month', 'amount', 'reason'],
  required: ['facility_id', 'from_month', 'to_month', 'amount', 'reason'],
};

/** Longest reason kept (the column is text; a reason is a sentence, not a document). */
export const MAX_REASON_CHARS = 500;

const SAME_ROW = (a: string, b: string) =>
  `${a}.facility_id = ${b}.facility_id AND ${a}.from_month = ${b}.from_month AND ${a}.to_month = ${b}.to_month
   AND ${a}.amount = ${b}.amount AND ${a}.reason = ${b}.reason`;

const ADJUSTMENTS: RegisterFormat<AdjustmentColumn> = {
  register: 'adjustments',
  csv: ADJUSTMENTS_CSV_SPEC,
  stage: [
    ['facility_id', 'varchar(64) NOT NULL'],
    ['from_month', 'char(7) NOT NULL'],
    ['to_month', 'char(7) NOT NULL'],
    ['amount', 'numeric(18, 2) NOT NULL'],
    ['reason', 'text NOT NULL'],
  ],
  check: ([facility, from, to, amount, reason], c) => {
    const fromMonth = monthCell(c, 'from_month', from);
    const toMonth = monthCell(c, 'to_month', to);
    if (fromMonth !== undefined && toMonth !== undefined && fromMonth >= toMonth) {
      c.fail('to_month', 'RANGE', `to_month must be later than from_month (${fromMonth})`);
    }
    return [
      c.id('facility_id', facility, 64),
      fromMonth,
      toMonth,
      moneyCell(c, 'amount', amount, 'non-zero'),
      c.text('reason', reason, MAX_REASON_CHARS, true),
    ];
  },
  month: { sql: 's.to_month', field: 'to_month' },
  lockFacilities: true,
  rules: [
    // The same adjustment twice in one file: every occurrence is refused, rather than guess whether
    // one payment or two are meant (two are told apart by their reasons).
    (stage) => `
      SELECT s.line, 'reason' AS field, 'DUPLICATE' AS code,
             'the same adjustment of facility ' || s.facility_id || ' (' || s.from_month || ' paid in ' || s.to_month
               || ', ' || s.amount::text || ') appears ' || d.n || ' times in this file (lines ' || d.lines
               || '); give each a reason of its own' AS message
        FROM ${stage} s
        JOIN (SELECT facility_id, from_month, to_month, amount, reason, count(*) AS n,
                     array_to_string((array_agg(line ORDER BY line))[1:5], ', ')
                       || CASE WHEN count(*) > 5 THEN ', …' ELSE '' END AS lines
                FROM ${stage} GROUP BY facility_id, from_month, to_month, amount, reason HAVING count(*) > 1) d
          ON ${SAME_ROW('d', 's')}`,
  ],
  async insert(runner, stage, createdBy) {
    const [row]: { n: number; amount: string | null }[] = await runner.query(
      `WITH ins AS (
         INSERT INTO adjustments (facility_id, from_month, to_month, amount, reason, created_by)
         SELECT s.facility_id, s.from_month, s.to_month, s.amount, s.reason, $1 FROM ${stage} s
          WHERE NOT EXISTS (SELECT 1 FROM adjustments a WHERE ${SAME_ROW('a', 's')})
          ORDER BY s.line
         RETURNING amount)
       SELECT count(*)::int AS n, sum(amount)::text AS amount FROM ins`,
      [createdBy],
    );
    return { stored: row.n, amount: row.amount ?? '0.00' };
  },
};

/**
 * Imports an adjustments CSV from a path, an upload stream or bytes, as `actor` (rows of facilities
 * outside their scope are refused like unknown ones). Throws ImportFileError for an unusable file.
 */
export function importAdjustmentsCsv(
  dataSource: HisobDataSource,
  source: ImportSource,
  fileName: string | undefined,
  actor: Actor,
  opts: RegisterImportOptions = {},
): Promise<RegisterImportReport> {
  return runRegisterImport(dataSource, ADJUSTMENTS, source, fileName, actor, opts);
}
