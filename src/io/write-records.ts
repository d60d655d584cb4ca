// Writers for the files the CLI produces: cases, pricing results, and plain CSV tables.
import type { CaseRecord } from '../domain/cases';
import { CASE_CSV_HEADER, caseToCsvLine } from './case-csv';
import { caseToJsonLine } from './case-jsonl';
import { csvRecord } from './csv-line';
import { formatOfPath, type RecordFormat } from './file-format';
import { LineSink } from './line-sink';

/** One record per line; `write` returns true when the caller should `await drain()`. */
export interface RecordWriter<T> {
  readonly path: string;
  write(record: T): boolean;
  drain(): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

export async function openLineWriter<T>(
  path: string,
  header: string | undefined,
  toLine: (record: T) => string,
): Promise<RecordWriter<T>> {
  const sink = await LineSink.open(path);
  if (header !== undefined) sink.write(header);
  return {
    path,
    write: (record) => sink.write(toLine(record)),
    drain: () => sink.drain(),
    close: () => sink.close(),
    abort: () => sink.abort(),
  };
}

export function openCaseWriter(
  path: string,
  format: RecordFormat = formatOfPath(path),
): Promise<RecordWriter<CaseRecord>> {
  return format === 'csv'
    ? openLineWriter(path, CASE_CSV_HEADER, caseToCsvLine)
    : openLineWriter(path, undefined, caseToJsonLine);
}

/** A CSV table with fixed columns; values are given as strings in column order. */
export function openCsvTableWriter(path: string, columns: readonly string[]): Promise<RecordWriter<readonly string[]>> {
  return openLineWriter(path, columns.join(','), csvRecord);
}
