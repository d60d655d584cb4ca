// Turns anything thrown while serving a request into status + error body fields. Bad input of every
// kind (DTO validation, book problems, database constraint and data errors) maps to a 4xx with a clear
// code; only what is left (a bug, an outage) becomes a 500, whose message never leaks internals.
import { HttpException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { TariffBookError } from '../../domain/tariff-book/book-issues';
import { DecimalInputError } from '../../domain/money/decimal';
import { DecimalColumnError } from '../../infra/database/decimal.transformer';
import { ImportFileError } from '../../infra/import/import-errors';
import { constraintOf, HisobSqlState, PgSqlState, sqlStateOf } from '../../infra/database/sql-errors';
import { ApiException, HttpErrorCode, MAX_ERROR_DETAILS, type ErrorDetail } from './api-exception';

export interface MappedError {
  status: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
  /** Set for 5xx: the error is logged with its stack. */
  unexpected?: boolean;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: HttpErrorCode.UNAUTHENTICATED,
  403: HttpErrorCode.FORBIDDEN,
  404: HttpErrorCode.NOT_FOUND,
  405: HttpErrorCode.METHOD_NOT_ALLOWED,
  409: HttpErrorCode.CONFLICT,
  413: HttpErrorCode.PAYLOAD_TOO_LARGE,
  415: HttpErrorCode.UNSUPPORTED_MEDIA_TYPE,
  503: HttpErrorCode.SERVICE_UNAVAILABLE,
};

export function mapException(exception: unknown): MappedError {
  if (exception instanceof ApiException) {
    return withDetails(exception.status, exception.code, exception.message, exception.details);
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (exception instanceof TariffBookError) {
    const details = exception.issues.map((i) => ({
      path: i.line === undefined ? i.file : `${i.file}:${i.line}`,
      field: i.column ?? '',
      code: i.code,
      message: i.message,
      ...(i.line !== undefined ? { line: i.line } : {}),
    }));
    const n = exception.issues.length;
    return withDetails(400, exception.code, `the tariff book has ${n} problem${n === 1 ? '' : 's'}`, details);
  }
  if (exception instanceof ImportFileError) {
    const line = exception.line ?? 1;
    return withDetails(400, 'INVALID_FILE', exception.message, [
      { path: `${exception.file}:${line}`, field: '', code: exception.code, message: exception.detail, line },
    ]);
  }
  if (exception instanceof DecimalInputError || exception instanceof DecimalColumnError) {
    return { status: 400, code: 'INVALID_DECIMAL', message: exception.message };
  }
  const state = sqlStateOf(exception);
  if (state !== undefined && (exception instanceof QueryFailedError || isDriverError(exception))) {
    const mapped = fromSqlState(state, exception);
    if (mapped) return mapped;
  }
  const status = (exception as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500 && (exception as { expose?: boolean }).expose) {
    return { status, code: CODE_BY_STATUS[status] ?? `HTTP_${status}`, message: (exception as Error).message };
  }
  return {
    status: 500,
    code: HttpErrorCode.INTERNAL,
    message: 'an unexpected error occurred; quote the request id when reporting it',
    unexpected: true,
  };
}

function fromHttpException(e: HttpException): MappedError {
  const status = e.getStatus();
  const response = e.getResponse();
  let message = e.message;
  if (typeof response === 'object' && response !== null) {
    const m = (response as { message?: unknown }).message;
    if (typeof m === 'string') message = m;
    else if (Array.isArray(m)) message = m.map(String).join('; ');
  } else if (typeof response === 'string') {
    message = response;
  }
  // The router's own 404 reads "Cannot GET /x"; say what it means.
  const noRoute = /^Cannot ([A-Z]+) (.*)$/.exec(message);
  if (status === 404 && noRoute) message = `no route ${noRoute[1]} ${noRoute[2]}`;
  return { status, code: CODE_BY_STATUS[status] ?? `HTTP_${status}`, message, unexpected: status >= 500 };
}

function fromSqlState(state: string, e: unknown): MappedError | undefined {
  const constraint = constraintOf(e);
  const detail = String((driverOf(e) as { detail?: unknown }).detail ?? '');
  switch (state) {
    case PgSqlState.UNIQUE_VIOLATION:
      return { status: 409, code: HttpErrorCode.CONFLICT, message: `already exists${describe(constraint, detail)}` };
    case PgSqlState.FOREIGN_KEY_VIOLATION:
      return detail.includes('still referenced')
        ? { status: 409, code: HttpErrorCode.CONFLICT, message: `still in use${describe(constraint, detail)}` }
        : {
            status: 400,
            code: 'INVALID_REFERENCE',
            message: `refers to something that does not exist${describe(constraint, detail)}`,
          };
    case PgSqlState.CHECK_VIOLATION:
    case PgSqlState.NOT_NULL_VIOLATION:
      return {
        status: 400,
        code: HttpErrorCode.VALIDATION_FAILED,
        message: `a value is not allowed${describe(constraint, detail)}`,
      };
    case HisobSqlState.TARIFF_BOOK_IMMUTABLE:
      return { status: 409, code: 'TARIFF_BOOK_IMMUTABLE', message: (driverOf(e) as Error).message };
    case PgSqlState.SERIALIZATION_FAILURE:
    case PgSqlState.DEADLOCK_DETECTED:
      return {
        status: 409,
        code: HttpErrorCode.CONFLICT,
        message: 'a concurrent change got in the way; retry the request',
      };
  }
  // Class 22: data exceptions (a value PostgreSQL cannot take: bad date, number out of range…).
  if (state.startsWith('22')) {
    return { status: 400, code: 'INVALID_VALUE', message: `a value is not valid: ${(driverOf(e) as Error).message}` };
  }
  return undefined;
}

function describe(constraint: string | undefined, detail: string): string {
  const parts = [constraint ? `(${constraint})` : '', detail.replace(/\s+/g, ' ').trim()].filter((p) => p !== '');
  return parts.length > 0 ? `: ${parts.join(' ')}` : '';
}

function driverOf(e: unknown): unknown {
  return e instanceof QueryFailedError ? e.driverError : e;
}

/** A raw node-postgres error (queries outside TypeORM's wrapper). */
function isDriverError(e: unknown): boolean {
  return e instanceof Error && typeof (e as { severity?: unknown }).severity === 'string';
}

function withDetails(status: number, code: string, message: string, details?: readonly ErrorDetail[]): MappedError {
  if (!details || details.length === 0) return { status, code, message, unexpected: status >= 500 };
  const shown = details.slice(0, MAX_ERROR_DETAILS);
  if (details.length > MAX_ERROR_DETAILS) {
    shown.push({
      path: '$',
      field: '',
      code: 'TRUNCATED',
      message: `${details.length - MAX_ERROR_DETAILS} more problems not shown`,
    });
  }
  return { status, code, message, details: shown, unexpected: status >= 500 };
}
