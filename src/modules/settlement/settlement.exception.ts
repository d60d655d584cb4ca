import { ApiException, type ErrorDetail } from '../../infra/http/api-exception';

export enum SettlementExceptionCode {
  RUN_NOT_FOUND = 'RUN_NOT_FOUND',
  INVALID_REQUEST = 'INVALID_REQUEST',
  UNKNOWN_SCOPE = 'UNKNOWN_SCOPE',
  TARIFF_BOOK_NOT_FOUND = 'TARIFF_BOOK_NOT_FOUND',
  NO_TARIFF_BOOK_IN_FORCE = 'NO_TARIFF_BOOK_IN_FORCE',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  INVALID_STATUS = 'INVALID_STATUS',
  RUN_ACTIVE = 'RUN_ACTIVE',
  RUN_APPROVED = 'RUN_APPROVED',
  RUN_STALE = 'RUN_STALE',
  MONTH_CLOSED = 'MONTH_CLOSED',
  UNKNOWN_FACILITY = 'UNKNOWN_FACILITY',
  LINE_NOT_FOUND = 'LINE_NOT_FOUND',
}

const STATUS: Record<SettlementExceptionCode, number> = {
  RUN_NOT_FOUND: 404,
  INVALID_REQUEST: 400,
  UNKNOWN_SCOPE: 400,
  TARIFF_BOOK_NOT_FOUND: 400,
  NO_TARIFF_BOOK_IN_FORCE: 400,
  IDEMPOTENCY_KEY_REUSED: 409,
  INVALID_STATUS: 409,
  RUN_ACTIVE: 409,
  RUN_APPROVED: 409,
  RUN_STALE: 409,
  MONTH_CLOSED: 409,
  UNKNOWN_FACILITY: 400,
  LINE_NOT_FOUND: 404,
};

/** Settlement errors; the HTTP status follows from the code. */
export class SettlementException extends ApiException {
  constructor(
    readonly settlementCode: SettlementExceptionCode,
    message: string,
    details?: readonly ErrorDetail[],
  ) {
    super(STATUS[settlementCode], settlementCode, message, details);
  }
}
