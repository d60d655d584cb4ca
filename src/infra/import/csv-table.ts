// A CSV file with a header line, read as rows of known columns. The header is checked first (an
// unknown, repeated or missing column makes the file unusable); then every record either has one
// cell per header column or is a FIELD_COUNT error (a truncated or broken line).
import { readCsvRecords, type CsvReadOptions } from './csv-records';
import { ImportFileError } from './import-errors';

export interface CsvTableSpec<C extends string> {
  /** Every column the format knows, in documentation order. */
  columns: readonly C[];
  /** Columns that must be in the header; the others read as empty when absent. */
  required: readonly C[];
}

/** A data row: `cells[i]` is column `spec.columns[i]`, trimmed ('' when the header lacks it). */
export interface CsvTableRow {
  line: number;
  cells?: readonly string[];
  error?: { code: string; message: string };
}

/** Maps header names to positions: index[i] is the position of spec.columns[i], or -1. */
export function mapCsvHeader<C extends string>(
  file: string,
  header: readonly string[],
  spec: CsvTableSpec<C>,
  line = 1,
): Int32Array {
  const index = new Int32Array(spec.columns.length).fill(-1);
  header.forEach((raw, position) => {
    const name = raw.trim();
    const col = (spec.columns as readonly string[]).indexOf(name);
    if (col < 0) {
      const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
      throw new ImportFileError(
        file,
        'UNKNOWN_COLUMN',
        `unknown column "${shown}" (known: ${spec.columns.join(', ')})`,
        line,
      );
    }
    if (index[col] >= 0) throw new ImportFileError(file, 'DUPLICATE_COLUMN', `column "${name}" appears twice`, line);
    index[col] = position;
  });
  const missing = spec.required.filter((c) => index[spec.columns.indexOf(c)] < 0);
  if (missing.length > 0) {
    const s = missing.length > 1 ? 's' : '';
    throw new ImportFileError(file, 'MISSING_COLUMN', `missing column${s} ${missing.join(', ')}`, line);
  }
  return index;
}

/**
 * Rows of a CSV table in batches, cells reordered to `spec.columns` and trimmed. Unreadable records
 * come through with an error instead of cells.
 */
export async function* readCsvTable<C extends string>(
  chunks: AsyncIterable<Uint8Array | string>,
  spec: CsvTableSpec<C>,
  options: CsvReadOptions,
): AsyncGenerator<CsvTableRow[]> {
  let index: Int32Array | undefined;
  let width = 0;
  for await (const records of readCsvRecords(chunks, options)) {
    const rows: CsvTableRow[] = [];
    for (const r of records) {
      if (index === undefined) {
        if (!r.cells)
          throw new ImportFileError(options.fileName, 'INVALID_FILE', `header: ${r.error?.message}`, r.line);
        index = mapCsvHeader(options.fileName, r.cells, spec, r.line);
        width = r.cells.length;
        continue;
      }
      if (!r.cells) {
        rows.push(r);
      } else if (r.cells.length !== width) {
        const message = `expected ${width} fields, found ${r.cells.length} (is the line cut short or a quote missing?)`;
        rows.push({ line: r.line, error: { code: 'FIELD_COUNT', message } });
      } else {
        const cells = new Array<string>(index.length);
        for (let i = 0; i < index.length; i++) cells[i] = index[i] < 0 ? '' : r.cells[index[i]].trim();
        rows.push({ line: r.line, cells });
      }
    }
    if (rows.length > 0) yield rows;
  }
  if (index === undefined) throw new ImportFileError(options.fileName, 'EMPTY_FILE', 'the file has no header line');
}
