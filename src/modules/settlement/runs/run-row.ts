// A settlement_runs row as raw queries return it (numeric and date as text, timestamptz as Date).
import type { RunStatus, ScopeKind } from '../entities/settlement-run.entity';

export interface RunRow {
  id: string;
  scope_kind: ScopeKind;
  scope_code: string;
  month: string;
  book_id: string;
  book_code: string;
  book_version: string;
  idempotency_key: string;
  status: RunStatus;
  supersedes_run_id: string | null;
  generation: number;
  chunk_size: number;
  snapshot_date: string;
  chunk_count: number | null;
  capitation_part_count: number | null;
  cases_planned: number | null;
  fingerprint: string | null;
  lines_count: number | null;
  cases_priced: number | null;
  cases_error: number | null;
  facilities: number | null;
  cases_amount: string | null;
  patient_amount: string | null;
  capitation_payable: string | null;
  capitation_withheld: string | null;
  fees_amount: string | null;
  advances_amount: string | null;
  adjustments_amount: string | null;
  net_payable: string | null;
  requested_at: Date;
  requested_by: string;
  started_at: Date | null;
  computed_at: Date | null;
  approved_at: Date | null;
  approved_by: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  failed_at: Date | null;
  error: string | null;
}

/** Statuses in which a run still has work queued or running. */
export const ACTIVE_STATUSES: readonly RunStatus[] = ['requested', 'running'];
/** Statuses in which a run has its results (statements, totals, fingerprint). */
export const RESULT_STATUSES: readonly RunStatus[] = ['computed', 'approved', 'closed', 'superseded'];

type Queryable = { query(sql: string, params?: unknown[]): Promise<unknown> };

export async function selectRun(db: Queryable, runId: string, lock = ''): Promise<RunRow | undefined> {
  if (!isUuid(runId)) return undefined;
  const rows = (await db.query(`SELECT * FROM settlement_runs WHERE id = $1 ${lock}`, [runId])) as RunRow[];
  return rows[0];
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
