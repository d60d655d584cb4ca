// How a run is shown by the API and the CLI: decimal strings for money, ISO instants, and progress.
import type { RunStatus } from '../entities/settlement-run.entity';
import { formatScope, type SettlementScope } from '../scope';
import type { RunRow } from './run-row';

export interface RunProgress {
  chunksDone: number;
  chunksTotal: number;
  casesPlanned: number;
  casesPriced: number;
  capitationPartsDone: number;
  capitationPartsTotal: number;
  /** Share of the work units done, 0–100 (100 once the run is computed). */
  percent: number;
}

export interface RunTotals {
  facilities: number;
  lines: number;
  casesPriced: number;
  casesError: number;
  casesAmount: string;
  patientAmount: string;
  capitationPayable: string;
  capitationWithheld: string;
  feesAmount: string;
  advances: string;
  adjustments: string;
  netPayable: string;
}

export interface RunView {
  id: string;
  scope: SettlementScope & { label: string };
  month: string;
  book: { id: string; code: string; version: string };
  status: RunStatus;
  supersedesRunId: string | null;
  generation: number;
  fingerprint: string | null;
  progress: RunProgress;
  totals: RunTotals | null;
  requestedAt: string;
  requestedBy: string;
  startedAt: string | null;
  computedAt: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
  failedAt: string | null;
  error: string | null;
}

export interface ChunkProgressRow {
  kind: 'cases' | 'capitation';
  total: number;
  done: number;
  written: number;
}

export function runView(run: RunRow, chunks: ChunkProgressRow[]): RunView {
  const cases = chunks.find((c) => c.kind === 'cases');
  const parts = chunks.find((c) => c.kind === 'capitation');
  const chunksTotal = cases?.total ?? 0;
  const chunksDone = cases?.done ?? 0;
  const partsTotal = parts?.total ?? 0;
  const partsDone = parts?.done ?? 0;
  const computed = run.fingerprint !== null;
  const units = chunksTotal + partsTotal;
  const percent = computed ? 100 : units === 0 ? 0 : Math.floor(((chunksDone + partsDone) * 100) / units);
  const scope: SettlementScope = { kind: run.scope_kind, code: run.scope_code };
  return {
    id: run.id,
    scope: { ...scope, label: formatScope(scope) },
    month: run.month,
    book: { id: run.book_id, code: run.book_code, version: run.book_version },
    status: run.status,
    supersedesRunId: run.supersedes_run_id,
    generation: run.generation,
    fingerprint: run.fingerprint,
    progress: {
      chunksDone,
      chunksTotal,
      casesPlanned: run.cases_planned ?? 0,
      casesPriced: cases?.written ?? 0,
      capitationPartsDone: partsDone,
      capitationPartsTotal: partsTotal,
      // Finalize is the last step: hold at 99 until it has run.
      percent: computed ? percent : Math.min(percent, 99),
    },
    totals: computed ? totalsOf(run) : null,
    requestedAt: iso(run.requested_at) as string,
    requestedBy: run.requested_by,
    startedAt: iso(run.started_at),
    computedAt: iso(run.computed_at),
    approvedAt: iso(run.approved_at),
    approvedBy: run.approved_by,
    closedAt: iso(run.closed_at),
    closedBy: run.closed_by,
    failedAt: iso(run.failed_at),
    error: run.error,
  };
}

function totalsOf(run: RunRow): RunTotals {
  return {
    facilities: run.facilities ?? 0,
    lines: run.lines_count ?? 0,
    casesPriced: run.cases_priced ?? 0,
    casesError: run.cases_error ?? 0,
    casesAmount: run.cases_amount ?? '0.00',
    patientAmount: run.patient_amount ?? '0.00',
    capitationPayable: run.capitation_payable ?? '0.00',
    capitationWithheld: run.capitation_withheld ?? '0.00',
    feesAmount: run.fees_amount ?? '0.00',
    advances: run.advances_amount ?? '0.00',
    adjustments: run.adjustments_amount ?? '0.00',
    netPayable: run.net_payable ?? '0.00',
  };
}

function iso(d: Date | null): string | null {
  return d === null ? null : new Date(d).toISOString();
}
