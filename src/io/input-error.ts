// Structured problems with input files: a bad row is reported with file, line, field and code, and
// the run goes on; a file that cannot be read at all (no header, unknown format) stops the run.

export type InputErrorCode =
  | 'FIELD_COUNT'
  | 'REQUIRED'
  | 'INVALID_DATE'
  | 'INVALID_VALUE'
  | 'INVALID_NUMBER'
  | 'INVALID_JSON'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_FACILITY';

export interface InputRowError {
  file: string;
  /** 1-based line where the row starts. */
  line: number;
  /** Column (CSV) or property (JSON Lines) at fault; absent for whole-row problems. */
  field?: string;
  code: InputErrorCode;
  message: string;
}

/** `cases.csv:12 [birth_date] INVALID_DATE: …` */
export function formatInputError(e: InputRowError): string {
  return `${e.file}:${e.line}${e.field ? ` [${e.field}]` : ''} ${e.code}: ${e.message}`;
}

export type InputFileErrorCode =
  | 'UNKNOWN_FORMAT'
  | 'NOT_FOUND'
  | 'EMPTY_FILE'
  | 'MISSING_COLUMN'
  | 'UNKNOWN_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'INVALID_FILE';

/** The whole file is unusable; nothing from it is processed. */
export class InputFileError extends Error {
  constructor(
    readonly file: string,
    readonly code: InputFileErrorCode,
    message: string,
    readonly line?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''} ${code}: ${message}`);
    this.name = 'InputFileError';
  }
}
