// Plans a run once: counts the month's cases in scope, cuts them into chunks of `chunk_size` by case
// id (the boundaries are stored, so every delivery of a chunk job reads the same range) and the
// facilities into capitation parts. A second delivery finds the plan and changes nothing.
import type { DataSource, EntityManager } from 'typeorm';
import { selectRun, type RunRow } from '../runs/run-row';
import { scopeDistricts } from '../scope';
import { caseSelection } from './case-selection';

/** Facilities per capitation/fee part job. */
export const FACILITIES_PER_PART = 500;

export interface RunPlan {
  run: RunRow;
  chunkCount: number;
  capitationPartCount: number;
}

/** Plans the run if it is requested; returns the plan of a running run; undefined for any other status. */
export async function planRun(db: DataSource, runId: string): Promise<RunPlan | undefined> {
  return db.transaction(async (tx) => {
    const run = await selectRun(tx, runId, 'FOR UPDATE');
    if (!run || (run.status !== 'requested' && run.status !== 'running')) return undefined;
    if (run.chunk_count !== null && run.capitation_part_count !== null) {
      return { run, chunkCount: run.chunk_count, capitationPartCount: run.capitation_part_count };
    }
    const districts = await scopeDistricts(tx, { kind: run.scope_kind, code: run.scope_code });
    // The month rows exist from now on, so writers of advances or services lock them (see migration).
    await tx.query(
      `INSERT INTO settlement_months (district_code, month)
       SELECT d, $2 FROM unnest($1::text[]) AS d ORDER BY d ON CONFLICT (district_code, month) DO NOTHING`,
      [districts, run.month],
    );
    // The selection's cost estimate (see case-selection.ts) would trigger JIT, which costs more than it saves.
    await tx.query('SET LOCAL jit = off');
    const { total, bounds } = await chunkBounds(tx, run.month, districts, run.chunk_size);
    const chunkCount = Math.ceil(total / run.chunk_size);
    await insertCaseChunks(tx, runId, chunkCount, bounds, total, run.chunk_size);
    const facilities = await countFacilities(tx, districts);
    const capitationPartCount = Math.ceil(facilities / FACILITIES_PER_PART);
    await insertCapitationParts(tx, runId, capitationPartCount, facilities);
    await tx.query(
      `UPDATE settlement_runs SET status = 'running', started_at = coalesce(started_at, now()),
              chunk_count = $2, capitation_part_count = $3, cases_planned = $4
        WHERE id = $1`,
      [runId, chunkCount, capitationPartCount, total],
    );
    return {
      run: { ...run, status: 'running', chunk_count: chunkCount, capitation_part_count: capitationPartCount },
      chunkCount,
      capitationPartCount,
    };
  });
}

/** Number of cases and every `size`-th case id in id order: the upper bounds of the chunks. */
async function chunkBounds(
  tx: EntityManager,
  month: string,
  districts: string[],
  size: number,
): Promise<{ total: number; bounds: string[] }> {
  const rows: { total: number; bounds: string[] }[] = await tx.query(
    `WITH sel AS (SELECT c.id, row_number() OVER (ORDER BY c.id) AS rn FROM ${caseSelection('$1', '$2')})
     SELECT (SELECT count(*) FROM sel)::int AS total,
            ARRAY(SELECT id::text FROM sel WHERE rn % $3 = 0 ORDER BY id) AS bounds`,
    [month, districts, size],
  );
  return rows[0];
}

async function insertCaseChunks(
  tx: EntityManager,
  runId: string,
  chunkCount: number,
  bounds: string[],
  total: number,
  size: number,
): Promise<void> {
  if (chunkCount === 0) return;
  const chunkNos: number[] = [];
  const los: (string | null)[] = [];
  const his: (string | null)[] = [];
  const planned: number[] = [];
  for (let n = 1; n <= chunkCount; n++) {
    chunkNos.push(n);
    los.push(n === 1 ? null : bounds[n - 2]);
    // The last chunk is open-ended: it also takes cases filed between planning and its run.
    his.push(n === chunkCount ? null : bounds[n - 1]);
    planned.push(n === chunkCount ? total - size * (chunkCount - 1) : size);
  }
  await tx.query(
    `INSERT INTO settlement_chunks (run_id, kind, chunk_no, lo_case_id, hi_case_id, planned)
     SELECT $1, 'cases', t.n, t.lo, t.hi, t.planned
       FROM unnest($2::int[], $3::uuid[], $4::uuid[], $5::int[]) AS t (n, lo, hi, planned)`,
    [runId, chunkNos, los, his, planned],
  );
}

async function countFacilities(tx: EntityManager, districts: string[]): Promise<number> {
  const rows: { n: number }[] = await tx.query(
    `SELECT count(*)::int AS n FROM facilities WHERE district_code = ANY($1::text[])`,
    [districts],
  );
  return rows[0].n;
}

async function insertCapitationParts(
  tx: EntityManager,
  runId: string,
  parts: number,
  facilities: number,
): Promise<void> {
  if (parts === 0) return;
  await tx.query(
    `INSERT INTO settlement_chunks (run_id, kind, chunk_no, planned)
     SELECT $1, 'capitation', n, ($3::int / $2::int) + CASE WHEN n <= $3::int % $2::int THEN 1 ELSE 0 END
       FROM generate_series(1, $2::int) AS n`,
    [runId, parts, facilities],
  );
}

/** The facilities of part `partNo` of `partCount`: every partCount-th facility of the scope by id. */
export async function partFacilities(
  db: Pick<EntityManager, 'query'>,
  districts: string[],
  partNo: number,
  partCount: number,
): Promise<{ id: string; capitation_adjustments: string[] }[]> {
  const rows: { id: string; capitation_adjustments: string[] }[] = await db.query(
    `SELECT id, capitation_adjustments FROM facilities WHERE district_code = ANY($1::text[]) ORDER BY id COLLATE "C"`,
    [districts],
  );
  return rows.filter((_, i) => i % partCount === partNo - 1);
}
