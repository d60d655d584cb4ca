// The demo's readable summary: one row per facility statement and a totals row, amounts exact to the
// tiyin with thousands separators, names cut to fit a terminal (the report files carry them whole).
import { groupThousands } from '../../modules/settlement/cli/summary-table';
import type { RunView } from '../../modules/settlement/runs/run-view';
import type { RunStatements, StatementTotals, StatementView } from '../../modules/settlement/runs/statement-view';

const NAME_WIDTH = 28;

interface Column {
  header: string;
  left?: boolean;
  cells: string[];
}

export function demoStatementLines(data: RunStatements, currency: string): string[] {
  const s = data.statements;
  const t = data.totals;
  const money = (pick: (x: StatementView | StatementTotals) => string) => [
    ...s.map((x) => groupThousands(pick(x))),
    groupThousands(pick(t)),
  ];
  const columns: Column[] = [
    { header: 'Facility', left: true, cells: [...s.map((x) => x.facilityId), 'Total'] },
    { header: 'Name', left: true, cells: [...s.map((x) => cut(x.facilityName)), `${t.facilities} facilities`] },
    { header: 'Cases', cells: [...s.map((x) => count(x.casesPriced)), count(t.casesPriced)] },
    { header: 'CMI', cells: [...s.map((x) => x.caseMixIndex ?? '-'), t.caseMixIndex ?? '-'] },
    { header: 'Case payments', cells: money((x) => x.casesAmount) },
    { header: 'Capitation', cells: money((x) => x.capitationPayable) },
    { header: 'Fees', cells: money((x) => x.feesAmount) },
    { header: 'Advances', cells: money((x) => x.advances) },
    { header: 'Adjustments', cells: money((x) => x.adjustments) },
    { header: `Net payable (${currency})`, cells: money((x) => x.netPayable) },
  ];
  const widths = columns.map((c) => Math.max(c.header.length, ...c.cells.map((x) => x.length)));
  const row = (cells: string[]) =>
    cells
      .map((cell, i) => (columns[i].left ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const lines = [row(columns.map((c) => c.header)), rule];
  for (let r = 0; r < s.length; r++) lines.push(row(columns.map((c) => c.cells[r])));
  lines.push(rule, row(columns.map((c) => c.cells[s.length])));
  return lines;
}

/** What the table leaves out: error groups, patient-paid cases, the capitation withheld. */
export function demoFootnotes(data: RunStatements, run: RunView, currency: string): string[] {
  const t = data.totals;
  return [
    `Cases: those priced; ${count(t.casesError)} more fell into error groups (paid 0.00) and ${count(t.casesPatient)} were paid by patients (${groupThousands(t.patientAmount)} ${currency}, not by the Fund).`,
    `Capitation: paid now for ${count(t.enrolled)} enrolled persons; ${groupThousands(t.capitationWithheld)} ${currency} withheld until the performance review.`,
    `Fees: ${count(t.feesPaid)} telemedicine and fee-for-service services paid, ${count(t.feesRejected)} rejected (no valid licence).`,
    `Fingerprint ${run.fingerprint ?? '(none)'}`,
  ];
}

function cut(name: string): string {
  return name.length <= NAME_WIDTH ? name : `${name.slice(0, NAME_WIDTH - 1)}…`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
