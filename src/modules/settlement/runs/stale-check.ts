// Has anything a computed run paid changed since? Checked when a run is approved and again, under
// the month locks, when it is closed: a month must close on statements that match its inputs.
import type { EntityManager } from 'typeorm';
import { caseSelection } from '../work/case-selection';
import type { RunRow } from './run-row';

export interface StaleReport {
  stale: boolean;
  reasons: string[];
}

export async function checkRunInputs(
  tx: Pick<EntityManager, 'query'>,
  run: RunRow,
  districts: string[],
): Promise<StaleReport> {
  const rows: Record<string, string>[] = await tx.query(
    `SELECT
       (SELECT count(*) FROM ${caseSelection('$1', '$2')}) AS selected,
       (SELECT count(*) FROM ${caseSelection('$1', '$2')}
           AND NOT EXISTS (SELECT 1 FROM settlement_lines l WHERE l.run_id = $3 AND l.case_id = c.id)) AS missing,
       (SELECT count(*) FROM settlement_lines WHERE run_id = $3) AS lines,
       (SELECT count(*) FROM settlement_statements s WHERE s.run_id = $3
           AND s.advances <> coalesce((SELECT sum(a.amount) FROM advances a WHERE a.facility_id = s.facility_id AND a.month = $1), 0)
            OR s.run_id = $3 AND s.other_adjustments <> coalesce((SELECT sum(a.amount) FROM adjustments a
                                                                   WHERE a.facility_id = s.facility_id AND a.to_month = $1), 0)
       ) AS money_changed,
       (SELECT count(*) FROM (
           SELECT facility_id FROM advances WHERE month = $1
           UNION SELECT facility_id FROM adjustments WHERE to_month = $1) x
         JOIN facilities f ON f.id = x.facility_id AND f.district_code = ANY($2::text[])
        WHERE NOT EXISTS (SELECT 1 FROM settlement_statements s WHERE s.run_id = $3 AND s.facility_id = x.facility_id)
       ) AS money_unassigned,
       (SELECT count(*) FROM services sv JOIN facilities f ON f.id = sv.facility_id
         WHERE sv.month = $1 AND f.district_code = ANY($2::text[])) AS services,
       (SELECT coalesce(sum(fees_paid + fees_included + fees_rejected), 0) FROM settlement_facility_parts WHERE run_id = $3)
         AS services_priced`,
    [run.month, districts, run.id],
  );
  const r = rows[0];
  const reasons: string[] = [];
  if (r.selected !== r.lines || r.missing !== '0') {
    reasons.push(`the month's cases changed (${r.selected} now, ${r.lines} in the run, ${r.missing} not in it)`);
  }
  if (r.money_changed !== '0' || r.money_unassigned !== '0')
    reasons.push('advances or adjustments of the month changed');
  if (r.services !== r.services_priced)
    reasons.push(`services changed (${r.services} now, ${r.services_priced} in the run)`);
  return { stale: reasons.length > 0, reasons };
}
