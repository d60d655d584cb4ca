// Shared state while one book is parsed: the issue sink, plus references between tables that are
// checked only at the end, when every table has been read (so table order does not matter).
import type { IssueSink } from './book-issues';
import { RowReader } from './cell-reader';
import type { CsvRow } from './csv-table';

export type ReferenceTarget = 'group' | 'diagnosis' | 'complication';

export interface Reference {
  file: string;
  line: number;
  column: string;
  target: ReferenceTarget;
  value: string;
}

export class ParseContext {
  readonly references: Reference[] = [];

  constructor(readonly sink: IssueSink) {}

  /** Records that `value` in this cell must be defined in the target table. */
  refer(reader: RowReader, column: string, target: ReferenceTarget, value: string): void {
    this.references.push({ file: reader.file, line: reader.line, column, target, value });
  }

  /** Runs `read` on every row; keeps the results of rows that had no problem. */
  eachRow<T>(file: string, rows: readonly CsvRow[], read: (r: RowReader, index: number) => T | undefined): T[] {
    const out: T[] = [];
    rows.forEach((row, index) => {
      const reader = new RowReader(this.sink, file, row);
      const value = read(reader, index);
      if (value !== undefined && reader.clean) out.push(value);
    });
    return out;
  }
}
