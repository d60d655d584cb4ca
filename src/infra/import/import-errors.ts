// Structured problems of bulk imports (cases, facilities, licences, enrolment): a bad record is
// reported with file, line, field, code and message and the import goes on; a file that cannot be
// read at all (no header, unknown column, UTF-16) stops it before anything is stored.

/** One rejected record, or one problem of it. */
export interface ImportRowError {
  /** Name of the file or source the record came from (`cases.csv`, `request`). */
  file: string;
  /** 1-based line where the record starts, when the source is text. */
  line?: number;
  /** Where exactly: `cases.csv:12` or a JSON path such as `$[3].procedures[1].code`. */
  path: string;
  /** Column (CSV) or field (JSON) at fault; empty when the whole record is. */
  field: string;
  code: string;
  message: string;
}

export type ImportFileErrorCode =
  | 'NOT_FOUND'
  | 'EMPTY_FILE'
  | 'MISSING_COLUMN'
  | 'UNKNOWN_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'ENCODING'
  | 'INVALID_FILE'
  | 'INVALID_OPTION';

/** The whole file is unusable; nothing from it was stored. */
export class ImportFileError extends Error {
  constructor(
    readonly file: string,
    readonly code: ImportFileErrorCode,
    readonly detail: string,
    readonly line?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''} ${code}: ${detail}`);
    this.name = 'ImportFileError';
  }
}

/** `cases.csv:12 birth_date FORMAT birth_date is not a real calendar date or time` */
export function formatImportError(e: ImportRowError): string {
  const where = e.line !== undefined ? `${e.file}:${e.line}` : e.path;
  return `${where} ${e.field || '-'} ${e.code} ${e.message}`;
}

/** Errors kept in a report at most; the rest are only counted (by code too). */
export const DEFAULT_ERROR_CAP = 1000;

/**
 * Collects row errors: the first `cap` in full, every one counted by code, and the number of
 * rejected records (a record may have several errors).
 */
export class RowErrorCollector {
  readonly errors: ImportRowError[] = [];
  readonly countsByCode: Record<string, number> = {};
  omitted = 0;
  rejectedRecords = 0;

  constructor(
    readonly cap = DEFAULT_ERROR_CAP,
    /** Hears every rejected record with its row number (outcome tracking). */
    private readonly onReject?: (rowNo: number, errors: readonly ImportRowError[]) => void,
  ) {}

  /** Adds the errors of one rejected record. */
  reject(rowNo: number, errors: readonly ImportRowError[]): void {
    this.rejectedRecords++;
    for (const e of errors) this.add(e);
    this.onReject?.(rowNo, errors);
  }

  /** Adds `total` rejected records with one `code` error each, of which only `shown` are known in full. */
  rejectMany(code: string, total: number, shown: readonly { rowNo: number; error: ImportRowError }[]): void {
    if (total === 0) return;
    this.rejectedRecords += total;
    this.countsByCode[code] = (this.countsByCode[code] ?? 0) + total;
    const room = Math.max(0, this.cap - this.errors.length);
    for (const s of shown.slice(0, room)) this.errors.push(s.error);
    this.omitted += total - Math.min(room, shown.length);
    for (const s of shown) this.onReject?.(s.rowNo, [s.error]);
  }

  private add(e: ImportRowError): void {
    this.countsByCode[e.code] = (this.countsByCode[e.code] ?? 0) + 1;
    if (this.errors.length < this.cap) this.errors.push(e);
    else this.omitted++;
  }

  /** The kept errors in file order. */
  sorted(): ImportRowError[] {
    return [...this.errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  }
}
