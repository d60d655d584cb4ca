// Which months an import may write to. A month is closed per district by the settlement; intake
// never writes a case version into, or supersedes one from, a closed month.
//
// Locking: every (district, month) an import touches gets a settlement_months row (inserted as
// `open` when missing) and the import holds FOR SHARE on those rows until it commits. Closing a
// month is an UPDATE of its row, so it waits for running imports, and an import that starts after
// the close sees `closed`. Rows are taken in sorted order so concurrent imports cannot deadlock.
import type { QueryRunner } from 'typeorm';

/** `district\u0000month`: codes never contain NUL. */
export function monthKey(districtCode: string, month: string): string {
  return `${districtCode}\u0000${month}`;
}

export function splitMonthKey(key: string): [string, string] {
  const at = key.indexOf('\u0000');
  return [key.slice(0, at), key.slice(at + 1)];
}

/** Locks the months (keys from monthKey) for the transaction; returns the keys of the closed ones. */
export async function lockSettlementMonths(runner: QueryRunner, keys: Iterable<string>): Promise<Set<string>> {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length === 0) return new Set();
  const districts = sorted.map((k) => splitMonthKey(k)[0]);
  const months = sorted.map((k) => splitMonthKey(k)[1]);
  await runner.query(
    `INSERT INTO settlement_months (district_code, month)
     SELECT d, m FROM unnest($1::text[], $2::text[]) AS t (d, m) ORDER BY d, m
     ON CONFLICT (district_code, month) DO NOTHING`,
    [districts, months],
  );
  const rows: { district_code: string; month: string; status: string }[] = await runner.query(
    `SELECT district_code, month, status FROM settlement_months
     WHERE (district_code, month) IN (SELECT d, m FROM unnest($1::text[], $2::text[]) AS t (d, m))
     ORDER BY district_code, month
     FOR SHARE`,
    [districts, months],
  );
  return new Set(rows.filter((r) => r.status === 'closed').map((r) => monthKey(r.district_code, r.month)));
}

/**
 * Serialises imports per facility for the rest of the transaction: two imports of the same claims
 * would otherwise both read "no active version" and collide on the active-claim index.
 */
export async function lockFacilitiesForIntake(runner: QueryRunner, facilityIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(facilityIds)];
  if (ids.length === 0) return;
  // Lock class 7311 keeps these keys apart from other advisory locks; ordered by key against deadlocks.
  await runner.query(
    `SELECT pg_advisory_xact_lock(7311, k)
     FROM (SELECT DISTINCT hashtext(f) AS k FROM unnest($1::text[]) AS f ORDER BY 1) AS keys`,
    [ids],
  );
}
