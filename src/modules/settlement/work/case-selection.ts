// Which cases a settlement of a month pays: the version that counts for each claim of the month in
// the scope's districts. That is the active version, or a version superseded by one filed in a
// later month (a change after the month closed is paid there as an adjustment, so the closed month
// keeps the version it paid and recomputing it gives the same lines).

/**
 * FROM/WHERE over `cases c` for month `$month` and districts `$districts` (text[]); placeholders are
 * passed in so callers can number their parameters. The superseding version is looked up only for
 * superseded rows (a join would make the planner hash the whole cases table for every chunk).
 */
export function caseSelection(month: string, districts: string): string {
  return `cases c
   WHERE c.month = ${month} AND c.district_code = ANY(${districts}::text[])
     AND (c.status = 'active'
       OR (c.status = 'superseded'
           AND EXISTS (SELECT 1 FROM cases sup WHERE sup.id = c.superseded_by AND sup.month <> c.month)))`;
}

/** Sentinels for the open ends of a chunk's id range (gen_random_uuid never yields them). */
export const MIN_UUID = '00000000-0000-0000-0000-000000000000';
export const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
