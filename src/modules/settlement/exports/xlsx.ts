// The workbook a finance officer opens: Summary, Statements (with a totals row) and Groups sheets,
// bold frozen headers, '#,##0.00' for money, '0.0000' for case-mix indexes.
import ExcelJS from 'exceljs';
import { dec } from '../../../domain/money';
import type { RunView } from '../runs/run-view';
import type { RunStatements, StatementGroupView } from '../runs/statement-view';
import { runSummaryRows } from './run-summary';
import { GROUP_COLUMNS, STATEMENT_COLUMNS, type ColumnKind } from './statement-columns';

export const MONEY_FORMAT = '#,##0.00';
export const INDEX_FORMAT = '0.0000';
export const COUNT_FORMAT = '#,##0';

export function settlementWorkbook(
  run: RunView,
  data: RunStatements,
  groups: readonly StatementGroupView[],
): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Hisob';
  // Fixed dates keep the file the same for the same run.
  const stamp = run.computedAt ? new Date(run.computedAt) : new Date(0);
  wb.created = stamp;
  wb.modified = stamp;

  const summary = wb.addWorksheet('Summary');
  summary.columns = [
    { header: 'Item', key: 'label', width: 28 },
    { header: 'Value', key: 'value', width: 68 },
  ];
  for (const r of runSummaryRows(run)) {
    const row = summary.addRow([r.label, null]);
    setCell(row.getCell(2), r.value, r.kind);
  }
  styleHeader(summary);

  const sheet = wb.addWorksheet('Statements');
  sheet.columns = STATEMENT_COLUMNS.map((c) => ({ header: c.header, width: widthOf(c.header, c.kind) }));
  for (const s of data.statements) {
    const row = sheet.addRow([]);
    STATEMENT_COLUMNS.forEach((c, i) => setCell(row.getCell(i + 1), c.value(s), c.kind));
  }
  const totals = sheet.addRow([]);
  STATEMENT_COLUMNS.forEach((c, i) => setCell(totals.getCell(i + 1), c.total?.(data.totals) ?? null, c.kind));
  totals.font = { bold: true };
  totals.border = { top: { style: 'thin' } };
  styleHeader(sheet);

  const groupSheet = wb.addWorksheet('Groups');
  groupSheet.columns = GROUP_COLUMNS.map((c) => ({
    header: c.header,
    width: c.key === 'groupName' ? 60 : widthOf(c.header, c.kind),
  }));
  for (const g of groups) {
    const row = groupSheet.addRow([]);
    GROUP_COLUMNS.forEach((c, i) => setCell(row.getCell(i + 1), g[c.key], c.kind));
  }
  styleHeader(groupSheet);
  return wb;
}

export async function writeSettlementXlsx(
  path: string,
  run: RunView,
  data: RunStatements,
  groups: readonly StatementGroupView[],
): Promise<void> {
  await settlementWorkbook(run, data, groups).xlsx.writeFile(path);
}

function setCell(cell: ExcelJS.Cell, value: string | number | null, kind: ColumnKind): void {
  if (value === null) return;
  if (kind === 'text' || typeof value === 'number') {
    cell.value = value;
  } else {
    cell.value = spreadsheetNumber(value);
  }
  if (kind === 'money') cell.numFmt = MONEY_FORMAT;
  else if (kind === 'index') cell.numFmt = INDEX_FORMAT;
  else if (kind === 'count') cell.numFmt = COUNT_FORMAT;
  if (kind !== 'text') cell.alignment = { horizontal: 'right' };
}

/**
 * A spreadsheet stores numbers as binary doubles, so the cell gets one; it is used only when it reads
 * back as exactly the same decimal (true up to 15 significant digits). A larger amount is written as
 * text rather than shown a tiyin off.
 */
export function spreadsheetNumber(text: string): number | string {
  const exact = dec(text);
  const n = Number(text);
  return Number.isFinite(n) && dec(String(n)).equals(exact) ? n : exact.toFixed();
}

function styleHeader(sheet: ExcelJS.Worksheet): void {
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

function widthOf(header: string, kind: ColumnKind): number {
  const base = kind === 'money' ? 18 : kind === 'text' ? 24 : 12;
  return Math.max(base, Math.min(header.length + 2, 30));
}
