// Reads one CSV table of a tariff book into rows of trimmed cells keyed by column name, with the
// real file line of each row (quoted cells may span lines, so the record index is not the line).
import { parse } from 'csv-parse/sync';
import type { IssueSink } from './book-issues';

export interface TableSpec {
  file: string;
  /** Columns that must be in the header. */
  required: readonly string[];
  /** Columns that may be left out of the header; a left-out column reads as empty. */
  optional: readonly string[];
}

export interface CsvRow {
  /** 1-based line where the row starts (the header is line 1 unless blank lines precede it). */
  line: number;
  /** Trimmed cell values in header order. */
  fields: readonly string[];
  /** Column name → position in `fields`; shared by all rows of a table. A left-out column is absent. */
  columns: ReadonlyMap<string, number>;
}

/** The trimmed cell of a column, '' when empty or when the column is not in the file. */
export function cellOf(row: CsvRow, column: string): string {
  const i = row.columns.get(column);
  return i === undefined ? '' : row.fields[i];
}

const BOM = '\uFEFF';
const REPLACEMENT_CHAR = '\uFFFD';
const CSV_OPTIONS = {
  relax_column_count: true,
  // Empty lines are kept as records of one empty cell: counting them keeps line numbers exact.
  skip_empty_lines: false,
  record_delimiter: ['\r\n', '\n', '\r'],
};

/**
 * Parses the table and checks its header. Returns undefined when the table cannot be read at all
 * (bad encoding, broken quoting, no header, a required column missing): its rows would only
 * produce noise, and references to it are not checked.
 */
export function readCsvTable(text: string, spec: TableSpec, sink: IssueSink): CsvRow[] | undefined {
  const { file } = spec;
  const body = text.startsWith(BOM) ? text.slice(1) : text;

  const bad = body.indexOf(REPLACEMENT_CHAR);
  if (bad >= 0) {
    sink.add({
      file,
      line: lineOfIndex(body, bad),
      code: 'INVALID_ENCODING',
      message: 'the file is not valid UTF-8 text (save it as "CSV UTF-8")',
    });
    return undefined;
  }

  let records: string[][];
  try {
    records = parse(body, CSV_OPTIONS);
  } catch (err) {
    sink.add({
      file,
      line: lineOfBrokenRecord(body),
      code: 'INVALID_CSV',
      message: `the row is not valid CSV: ${describeCsvError(err)}`,
    });
    return undefined;
  }

  // Every line is in some record (blank lines included), so a record starts one line after the
  // previous one ended; only line breaks inside quoted cells make a record span several lines.
  let nextLine = 1;
  const located: { line: number; fields: string[] }[] = [];
  for (const record of records) {
    const line = nextLine;
    nextLine += 1 + record.reduce((n, cell) => n + lineBreaksIn(cell), 0);
    const fields = record.map((f) => f.trim());
    // Rows whose cells are all empty (blank lines, `,,,` from a spreadsheet, spaces) are skipped.
    if (fields.some((f) => f !== '')) located.push({ line, fields });
  }

  if (located.length === 0) {
    sink.add({ file, code: 'EMPTY_FILE', message: 'the file is empty: it needs a header line' });
    return undefined;
  }
  const [header, ...data] = located;
  const names = checkHeader(header.fields, header.line, spec, sink);
  if (!names) return undefined;
  const columns = new Map(names.map((name, i) => [name, i]));

  const rows: CsvRow[] = [];
  for (const r of data) {
    if (r.fields.length !== names.length) {
      sink.add({
        file,
        line: r.line,
        code: 'FIELD_COUNT',
        message: `the row has ${r.fields.length} cells but the header has ${names.length} columns`,
      });
      continue;
    }
    rows.push({ line: r.line, fields: r.fields, columns });
  }
  return rows;
}

/**
 * Slow path, for a broken file only: parse again with record positions to find the line where the
 * failing record starts (csv-parse's own line is where it gave up, often the end of the file).
 */
function lineOfBrokenRecord(body: string): number | undefined {
  // csv-parse reports record ends as byte offsets of the UTF-8 input.
  const bytes = Buffer.from(body, 'utf8');
  let lastGoodEnd = 0;
  try {
    parse(bytes, {
      ...CSV_OPTIONS,
      info: true,
      // With `info` the first argument is really { record, info }; it is passed through untouched.
      on_record: (record, context) => {
        lastGoodEnd = context.bytes;
        return record;
      },
    });
    return undefined;
  } catch {
    let start = lastGoodEnd;
    while (start < bytes.length && (bytes[start] === LF || bytes[start] === CR)) start++;
    const before = bytes.subarray(0, start).toString('utf8');
    return lineOfIndex(before, before.length);
  }
}

function lineBreaksIn(cell: string): number {
  if (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) return 0;
  return lineOfIndex(cell, cell.length) - 1;
}

const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed (a " is missing)',
  CSV_INVALID_CLOSING_QUOTE: 'text follows the closing quote of a cell (write "" for a quote inside a quoted cell)',
  INVALID_OPENING_QUOTE: 'a quote stands inside an unquoted cell (quote the whole cell and write "" for the quote)',
};

function describeCsvError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return (e.code && CSV_ERRORS[e.code]) ?? e.message ?? String(err);
}

function checkHeader(names: string[], line: number, spec: TableSpec, sink: IssueSink): string[] | undefined {
  const { file } = spec;
  const known = new Set([...spec.required, ...spec.optional]);
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name === '') {
      sink.add({ file, line, code: 'UNKNOWN_COLUMN', message: `column ${i + 1} of the header has no name` });
    } else if (!known.has(name)) {
      sink.add({
        file,
        line,
        column: name,
        code: 'UNKNOWN_COLUMN',
        message: `unknown column "${name}" (known: ${[...known].join(', ')})`,
      });
    } else if (seen.has(name)) {
      sink.add({ file, line, column: name, code: 'DUPLICATE_COLUMN', message: `column "${name}" appears twice` });
    }
    seen.add(name);
  });
  const missing = spec.required.filter((c) => !seen.has(c));
  for (const name of missing) {
    sink.add({ file, line, column: name, code: 'MISSING_COLUMN', message: `required column "${name}" is missing` });
  }
  return missing.length > 0 ? undefined : names;
}

/** Line of a string index, counting \r\n, \n and a lone \r as one line break each. */
export function lineOfIndex(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
  }
  return line;
}

const LF = 0x0a;
const CR = 0x0d;
