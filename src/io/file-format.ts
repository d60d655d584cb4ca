import { extname } from 'node:path';
import { InputFileError } from './input-error';

export type RecordFormat = 'csv' | 'jsonl';

/** The record format from the file extension: `.csv`, or `.jsonl` / `.ndjson`. */
export function formatOfPath(path: string): RecordFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  throw new InputFileError(
    path,
    'UNKNOWN_FORMAT',
    `cannot tell the format from "${ext || '(no extension)'}": use .csv or .jsonl`,
  );
}
