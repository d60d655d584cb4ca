// The one error body every failing request gets, and the base class module exceptions extend
// (one class per module with its own code enum, Twenty-style; see DESIGN §5).

/** One problem with the input: where it is, which field, a stable code and a readable message. */
export interface ErrorDetail {
  /** JSON path into the body (`$[3].districtCode`), `query.month`, `params.id`, or `file:line`. */
  path: string;
  /** The field at fault relative to its record (`procedures[1].code`); empty for the whole record. */
  field: string;
  code: string;
  message: string;
  /** 1-based position in the submitted text, when the problem comes from reading text. */
  line?: number;
  column?: number;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[] };
  requestId: string;
}

/** Codes the HTTP layer itself answers with; module exceptions add their own. */
export const HttpErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  INVALID_JSON: 'INVALID_JSON',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;

/** Details shown in one body at most; a flood of errors is cut with a last detail saying so. */
export const MAX_ERROR_DETAILS = 1000;

/** An error the API reports as is: status, code and message are meant for the client. */
export class ApiException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: readonly ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailedException extends ApiException {
  constructor(details: readonly ErrorDetail[], message = describeDetails(details)) {
    super(400, HttpErrorCode.VALIDATION_FAILED, message, details);
  }
}

/** "2 problems in the request: query.month FORMAT …" — the first one named so a log line says enough. */
export function describeDetails(details: readonly ErrorDetail[]): string {
  if (details.length === 0) return 'the request is not valid';
  const first = details[0];
  const head = `${first.path}: ${first.message}`;
  return details.length === 1
    ? head
    : `${head} (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})`;
}
