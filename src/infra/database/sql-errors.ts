import { QueryFailedError } from 'typeorm';

/** SQLSTATE codes raised by Hisob's own triggers (see migrations/). */
export const HisobSqlState = {
  AUDIT_LOG_APPEND_ONLY: 'HA001',
  TARIFF_BOOK_IMMUTABLE: 'HB001',
} as const;

/** PostgreSQL SQLSTATE codes Hisob reacts to. */
export const PgSqlState = {
  UNIQUE_VIOLATION: '23505',
  FOREIGN_KEY_VIOLATION: '23503',
  CHECK_VIOLATION: '23514',
  NOT_NULL_VIOLATION: '23502',
  SERIALIZATION_FAILURE: '40001',
  DEADLOCK_DETECTED: '40P01',
} as const;

/** The SQLSTATE of a database error (TypeORM QueryFailedError or a raw pg error), if any. */
export function sqlStateOf(error: unknown): string | undefined {
  const e = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Name of the violated constraint, for unique and check violations. */
export function constraintOf(error: unknown): string | undefined {
  const e = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  const c = (e as { constraint?: unknown } | null)?.constraint;
  return typeof c === 'string' ? c : undefined;
}
