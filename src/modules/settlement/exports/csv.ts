// CSV reports: exact decimal text (no thousands separators, so any spreadsheet reads them as numbers),
// RFC 4180 quoting, CRLF line ends, a totals row at the end of the statements.
import type { RunView } from '../runs/run-view';
import type { RunStatements, StatementGroupView } from '../runs/statement-view';
import { runSummaryRows } from './run-summary';
import { GROUP_COLUMNS, STATEMENT_COLUMNS } from './statement-columns';

export function statementsCsv(data: RunStatements): string {
  const lines = [csvRow(STATEMENT_COLUMNS.map((c) => c.header))];
  for (const s of data.statements) lines.push(csvRow(STATEMENT_COLUMNS.map((c) => c.value(s))));
  lines.push(csvRow(STATEMENT_COLUMNS.map((c) => c.total?.(data.totals) ?? null)));
  return lines.join('');
}

export function groupsCsv(groups: readonly StatementGroupView[]): string {
  const lines = [csvRow(GROUP_COLUMNS.map((c) => c.header))];
  for (const g of groups) lines.push(csvRow(GROUP_COLUMNS.map((c) => g[c.key])));
  return lines.join('');
}

export function summaryCsv(run: RunView): string {
  return [csvRow(['Item', 'Value']), ...runSummaryRows(run).map((r) => csvRow([r.label, r.value]))].join('');
}

export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) || s.trim() !== s ? `"${s.replaceAll('"', '""')}"` : s;
}
