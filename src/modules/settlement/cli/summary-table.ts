// The readable summary the CLI prints for a run: one line per facility and a totals line.
import type { RunView } from '../runs/run-view';
import type { RunStatements } from '../runs/statement-view';

/** `1234567.50` → `1,234,567.50`, on the decimal text (never through a float). */
export function groupThousands(text: string): string {
  const [int, frac] = text.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac !== undefined ? `.${frac}` : '');
}

interface Column {
  header: string;
  align: 'left' | 'right';
  cells: string[];
}

export function runHeadline(run: RunView): string[] {
  const lines = [
    `Settlement ${run.id}`,
    `  scope ${run.scope.label}, month ${run.month}, book ${run.book.code} ${run.book.version}: ${run.status}`,
  ];
  if (run.fingerprint) lines.push(`  fingerprint ${run.fingerprint}`);
  if (run.error) lines.push(`  error: ${run.error}`);
  if (run.supersedesRunId) lines.push(`  recomputes ${run.supersedesRunId}`);
  return lines;
}

export function statementTable(data: RunStatements, currency = 'UZS'): string[] {
  const rows = data.statements;
  const t = data.totals;
  const columns: Column[] = [
    { header: 'Facility', align: 'left', cells: [...rows.map((s) => `${s.facilityId} ${s.facilityName}`), 'Total'] },
    { header: 'Cases', align: 'right', cells: [...rows.map((s) => count(s.casesPriced)), count(t.casesPriced)] },
    { header: 'Errors', align: 'right', cells: [...rows.map((s) => count(s.casesError)), count(t.casesError)] },
    { header: 'CMI', align: 'right', cells: [...rows.map((s) => s.caseMixIndex ?? '-'), t.caseMixIndex ?? '-'] },
    {
      header: 'Cases amount',
      align: 'right',
      cells: [...rows.map((s) => groupThousands(s.casesAmount)), groupThousands(t.casesAmount)],
    },
    {
      header: 'Capitation',
      align: 'right',
      cells: [...rows.map((s) => groupThousands(s.capitationPayable)), groupThousands(t.capitationPayable)],
    },
    {
      header: 'Fees',
      align: 'right',
      cells: [...rows.map((s) => groupThousands(s.feesAmount)), groupThousands(t.feesAmount)],
    },
    {
      header: 'Advances',
      align: 'right',
      cells: [...rows.map((s) => groupThousands(s.advances)), groupThousands(t.advances)],
    },
    {
      header: 'Adjustments',
      align: 'right',
      cells: [...rows.map((s) => groupThousands(s.adjustments)), groupThousands(t.adjustments)],
    },
    {
      header: `Net payable (${currency})`,
      align: 'right',
      cells: [...rows.map((s) => groupThousands(s.netPayable)), groupThousands(t.netPayable)],
    },
  ];
  const widths = columns.map((c) => Math.max(c.header.length, ...c.cells.map((x) => x.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (columns[i].align === 'left' ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (let r = 0; r < rows.length; r++) out.push(line(columns.map((c) => c.cells[r])));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  out.push(line(columns.map((c) => c.cells[rows.length])));
  return out;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
