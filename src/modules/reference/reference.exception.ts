import { ApiException, type ErrorDetail } from '../../infra/http/api-exception';

export enum ReferenceExceptionCode {
  FACILITY_NOT_FOUND = 'FACILITY_NOT_FOUND',
  TARIFF_BOOK_NOT_FOUND = 'TARIFF_BOOK_NOT_FOUND',
  TARIFF_BOOK_EXISTS = 'TARIFF_BOOK_EXISTS',
  TARIFF_BOOK_NOT_DRAFT = 'TARIFF_BOOK_NOT_DRAFT',
  TARIFF_BOOK_NOT_PUBLISHED = 'TARIFF_BOOK_NOT_PUBLISHED',
  NO_TARIFF_BOOK_IN_FORCE = 'NO_TARIFF_BOOK_IN_FORCE',
  UNKNOWN_REFERENCE = 'UNKNOWN_REFERENCE',
}

const STATUS: Record<ReferenceExceptionCode, number> = {
  FACILITY_NOT_FOUND: 404,
  TARIFF_BOOK_NOT_FOUND: 404,
  TARIFF_BOOK_EXISTS: 409,
  TARIFF_BOOK_NOT_DRAFT: 409,
  TARIFF_BOOK_NOT_PUBLISHED: 409,
  NO_TARIFF_BOOK_IN_FORCE: 409,
  UNKNOWN_REFERENCE: 400,
};

/** Registry and tariff-book errors; the status follows from the code. */
export class ReferenceException extends ApiException {
  constructor(code: ReferenceExceptionCode, message: string, details?: readonly ErrorDetail[]) {
    super(STATUS[code], code, message, details);
  }
}
