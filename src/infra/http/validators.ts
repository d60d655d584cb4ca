// Value checks shared by the DTOs: real calendar dates (2026-02-30 is refused, not rolled over to
// March), settlement months, and decimal strings that never pass through a float.
import { ValidateBy, type ValidationOptions } from 'class-validator';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DECIMAL = /^-?\d{1,18}(\.\d{1,12})?$/;

export function isIsoDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1800 && y <= 2199 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A real calendar date YYYY-MM-DD (years 1800–2199). */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDate',
      validator: {
        validate: (value) => isIsoDate(value),
        defaultMessage: (args) => `${args?.property} must be a real calendar date YYYY-MM-DD, got ${show(args?.value)}`,
      },
    },
    options,
  );
}

/** A month YYYY-MM. */
export function IsYearMonth(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isYearMonth',
      validator: {
        validate: (value) => typeof value === 'string' && YEAR_MONTH.test(value),
        defaultMessage: (args) => `${args?.property} must be a month YYYY-MM, got ${show(args?.value)}`,
      },
    },
    options,
  );
}

/** A positive decimal written as a string ("1.15"), so it reaches decimal.js exactly. */
export function IsPositiveDecimalString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPositiveDecimalString',
      validator: {
        validate: (value) =>
          typeof value === 'string' && DECIMAL.test(value) && !/^-/.test(value) && /[1-9]/.test(value),
        defaultMessage: (args) =>
          `${args?.property} must be a positive decimal string such as "1.15", got ${show(args?.value)}`,
      },
    },
    options,
  );
}

/** A short, quoted rendering of a rejected value for messages (never the whole of a long input). */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
