/**
 * Codes of intake errors. The first eight come from validating a case; SYNTAX and ENCODING from reading
 * the raw text (malformed JSON, bytes that are not UTF-8) before any case is seen.
 */
export const IntakeErrorCodes = [
  'REQUIRED',
  'TYPE',
  'FORMAT',
  'ENUM',
  'RANGE',
  'TOO_LONG',
  'UNKNOWN_FIELD',
  'DUPLICATE',
  'SYNTAX',
  'ENCODING',
] as const;
export type IntakeErrorCode = (typeof IntakeErrorCodes)[number];

/** One rejected value: where it is, which case field, why. Messages never echo long input. */
export interface IntakeError {
  /** JSON path (`$[3].procedures[1].code`), FHIR path (`Claim.diagnosis[1]…`) or `file:line` from a CSV caller. */
  path: string;
  /** Case field relative to the record (`procedures[1].code`); empty when the whole record is at fault. */
  field: string;
  code: IntakeErrorCode;
  message: string;
  /** 1-based position in the source text, when the error comes from reading text. */
  line?: number;
  column?: number;
}

export type IntakeResult<T> = { ok: true; value: T } | { ok: false; errors: IntakeError[] };
