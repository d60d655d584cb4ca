import type { DataSource } from 'typeorm';
import { returnedRows } from './sql-result';

/** Marks a run failed (only while it is requested or running); a retry can take it up again. */
export async function markRunFailed(db: Pick<DataSource, 'query'>, runId: string, reason: string): Promise<boolean> {
  const rows = returnedRows<{ id: string }>(
    await db.query(
      `UPDATE settlement_runs SET status = 'failed', failed_at = now(), error = $2
      WHERE id = $1 AND status IN ('requested', 'running') RETURNING id`,
      [runId, reason.slice(0, 4000)],
    ),
  );
  return rows.length > 0;
}
