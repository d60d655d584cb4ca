// What a case import answers: counts that add up (received = inserted + superseded + unchanged +
// rejected), the first errors in full and every error counted by code.
import type { ImportRowError } from '../../../infra/import/import-errors';

export interface CaseImportReport {
  importId: string;
  /** Records read (CSV data lines, JSON items), good or bad. */
  received: number;
  /** New claims: version 1 stored. */
  inserted: number;
  /** Changed claims: a new version stored, the previous one marked superseded. */
  superseded: number;
  /** Identical resubmissions: nothing stored. */
  unchanged: number;
  /**
   * Of the inserted and superseded: filed into a later open month because their own month (or the
   * month their claim was settled in) is closed — late claims, and changes paid as adjustments.
   */
  intoLaterMonth: number;
  /** Records refused, each with at least one error. */
  rejected: number;
  /** The first errors (at most `errorCap`), in file order. */
  errors: ImportRowError[];
  /** Errors not listed because of the cap. */
  errorsOmitted: number;
  /** Every error counted by code, listed or not. */
  errorCounts: Record<string, number>;
  seconds: number;
}

/** What happened to one record of ingestRecords(). */
export type CaseRecordOutcome =
  | { index: number; status: 'inserted' | 'superseded' | 'unchanged'; caseId: string; version: number; month: string }
  | { index: number; status: 'rejected'; errors: ImportRowError[] };

export interface CaseIngestReport extends CaseImportReport {
  /** One per input record, in input order (when requested). */
  outcomes?: CaseRecordOutcome[];
}

export type CaseImportPhase = 'reading' | 'merging' | 'done';

export interface CaseImportProgress {
  phase: CaseImportPhase;
  bytesRead: number;
  rowsRead: number;
  rowsStaged: number;
}

export interface CaseImportOptions {
  /** Errors listed in full at most (default 1000); the rest are counted. */
  errorCap?: number;
  /** Longest CSV record accepted, in characters (default 64 KiB). */
  maxRecordChars?: number;
  /** Rows written per segment while the next one is read (default 50,000). */
  segmentRows?: number;
  /**
   * Called as the import goes (every chunk while reading, then per phase). A callback that throws
   * aborts the import: the transaction is rolled back and nothing is stored.
   */
  onProgress?: (progress: CaseImportProgress) => void | Promise<void>;
}

export interface IngestRecordsOptions extends Omit<CaseImportOptions, 'maxRecordChars'> {
  /** Names the source in errors (default `request`). */
  source?: string;
  /** Path of record i (default `$[i]`). */
  paths?: readonly string[];
  /** 1-based line of record i in the submitted text, when known (parseJsonCases gives them). */
  lines?: readonly number[];
  /** Return an outcome per record, with the case id and version (default false). */
  outcomes?: boolean;
}
