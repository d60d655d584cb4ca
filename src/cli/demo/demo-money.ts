// The money a statement nets against the month's payments, made up for the demo (nothing in the
// generated files carries it): the advances the Fund paid the hospitals at the start of the month,
// and one recovery after an audit of the month before. Both are keyed, so a rerun on the same
// PostgreSQL adds nothing twice.
import type { DataSource } from 'typeorm';

/** Advance per case the hospital filed for the month: about half of what a case pays on average. */
export const DEMO_ADVANCE_PER_CASE = '1800000.00';
/** A sanction of the previous month's audit, recovered from the district hospital this month. */
export const DEMO_RECOVERY = '-2500000.00';

export interface DemoMoney {
  advances: { facilities: number; total: string };
  adjustment: { facilityId: string; amount: string; reason: string } | null;
}

export async function recordDemoMoney(
  db: DataSource,
  month: string,
  facilityIds: readonly string[],
  districtHospitalId: string | undefined,
): Promise<DemoMoney> {
  const reference = `DEMO-ADV-${month}`;
  await db.query(
    `INSERT INTO advances (facility_id, month, amount, reference, paid_on, created_by)
     SELECT c.facility_id, $1::text, count(*) * $2::numeric, $3::text, ($1::text || '-01')::date, 'demo'
       FROM cases c JOIN facilities f ON f.id = c.facility_id
      WHERE c.month = $1::text AND c.status = 'active' AND f.type IN ('hospital', 'specialised')
        AND c.facility_id = ANY($4::text[])
      GROUP BY c.facility_id
     ON CONFLICT (facility_id, month, reference) DO NOTHING`,
    [month, DEMO_ADVANCE_PER_CASE, reference, facilityIds],
  );
  const [sum]: { n: number; total: string | null }[] = await db.query(
    `SELECT count(*)::int AS n, sum(amount)::text AS total FROM advances WHERE month = $1 AND reference = $2`,
    [month, reference],
  );

  let adjustment: DemoMoney['adjustment'] = null;
  if (districtHospitalId) {
    const previous = previousMonth(month);
    const reason = `demo: recovery after the audit of ${previous}`;
    await db.query(
      `INSERT INTO adjustments (facility_id, from_month, to_month, amount, reason, created_by)
       SELECT $1::text, $2::text, $3::text, $4::numeric, $5::text, 'demo'
        WHERE NOT EXISTS (SELECT 1 FROM adjustments WHERE facility_id = $1::text AND to_month = $3::text AND reason = $5::text)`,
      [districtHospitalId, previous, month, DEMO_RECOVERY, reason],
    );
    adjustment = { facilityId: districtHospitalId, amount: DEMO_RECOVERY, reason };
  }
  return { advances: { facilities: sum.n, total: sum.total ?? '0.00' }, adjustment };
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
