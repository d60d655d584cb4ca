// The run summary as label/value pairs (first sheet of the workbook, summary.csv).
import type { RunView } from '../runs/run-view';
import type { ColumnKind } from './statement-columns';

export interface SummaryRow {
  label: string;
  value: string | number | null;
  kind: ColumnKind;
}

export function runSummaryRows(run: RunView): SummaryRow[] {
  const t = run.totals;
  const rows: SummaryRow[] = [
    { label: 'Settlement run', value: run.id, kind: 'text' },
    { label: 'Scope', value: run.scope.label, kind: 'text' },
    { label: 'Month', value: run.month, kind: 'text' },
    { label: 'Tariff book', value: `${run.book.code} ${run.book.version}`, kind: 'text' },
    { label: 'Status', value: run.status, kind: 'text' },
    { label: 'Fingerprint (SHA-256)', value: run.fingerprint, kind: 'text' },
    { label: 'Computed at', value: run.computedAt, kind: 'text' },
    { label: 'Approved by', value: run.approvedBy, kind: 'text' },
    { label: 'Closed at', value: run.closedAt, kind: 'text' },
  ];
  if (t) {
    rows.push(
      { label: 'Facilities', value: t.facilities, kind: 'count' },
      { label: 'Cases priced', value: t.casesPriced, kind: 'count' },
      { label: 'Cases in error groups', value: t.casesError, kind: 'count' },
      { label: 'Cases amount (fund)', value: t.casesAmount, kind: 'money' },
      { label: 'Paid by patients', value: t.patientAmount, kind: 'money' },
      { label: 'Capitation paid now', value: t.capitationPayable, kind: 'money' },
      { label: 'Capitation withheld', value: t.capitationWithheld, kind: 'money' },
      { label: 'Fees and telemedicine', value: t.feesAmount, kind: 'money' },
      { label: 'Advances paid', value: t.advances, kind: 'money' },
      { label: 'Adjustments', value: t.adjustments, kind: 'money' },
      { label: 'Net payable', value: t.netPayable, kind: 'money' },
    );
  }
  return rows;
}
