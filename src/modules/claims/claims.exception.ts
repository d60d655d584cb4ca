import { ApiException, type ErrorDetail } from '../../infra/http/api-exception';

export enum ClaimsExceptionCode {
  CASE_NOT_FOUND = 'CASE_NOT_FOUND',
  PRICING_RESULT_NOT_FOUND = 'PRICING_RESULT_NOT_FOUND',
  INVALID_CASE = 'INVALID_CASE',
  UNKNOWN_FACILITY = 'UNKNOWN_FACILITY',
  CASE_REJECTED = 'CASE_REJECTED',
  INVALID_CSV = 'INVALID_CSV',
}

const STATUS: Record<ClaimsExceptionCode, number> = {
  CASE_NOT_FOUND: 404,
  PRICING_RESULT_NOT_FOUND: 404,
  INVALID_CASE: 400,
  UNKNOWN_FACILITY: 400,
  CASE_REJECTED: 409,
  INVALID_CSV: 400,
};

/** Case intake, pricing and read errors; the status follows from the code. */
export class ClaimsException extends ApiException {
  constructor(code: ClaimsExceptionCode, message: string, details?: readonly ErrorDetail[]) {
    super(STATUS[code], code, message, details);
  }
}
