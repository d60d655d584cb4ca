import { ApiException } from '../../infra/http/api-exception';

export enum AuthExceptionCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  TOKEN_INVALID = 'TOKEN_INVALID',
  TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  TOKEN_REVOKED = 'TOKEN_REVOKED',
  USER_INACTIVE = 'USER_INACTIVE',
  FORBIDDEN = 'FORBIDDEN',
  USER_EXISTS = 'USER_EXISTS',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  TOKEN_NOT_FOUND = 'TOKEN_NOT_FOUND',
  INVALID_USER = 'INVALID_USER',
}

const STATUS: Record<AuthExceptionCode, number> = {
  UNAUTHENTICATED: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  USER_INACTIVE: 401,
  FORBIDDEN: 403,
  USER_EXISTS: 409,
  USER_NOT_FOUND: 404,
  TOKEN_NOT_FOUND: 404,
  INVALID_USER: 400,
};

/** Authentication and user-management errors; the status follows from the code. */
export class AuthException extends ApiException {
  constructor(code: AuthExceptionCode, message: string) {
    super(STATUS[code], code, message);
  }
}
