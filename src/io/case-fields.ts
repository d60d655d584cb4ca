// Field checks shared by the CSV and JSON Lines case readers. What the edits can judge (a missing
// diagnosis or date, an unknown code, a stay that makes no sense) passes through unchanged so the
// grouper reports it with a return code; what cannot even be represented as a CaseRecord (an
// impossible calendar date, an unknown sex or care setting) is a rejected input row.
import {
  ADMISSION_TYPES,
  CARE_SETTINGS,
  DISCHARGE_MODES,
  SEXES,
  isValidDate,
  type ProcedureEntry,
} from '../domain/cases';
import type { InputErrorCode } from './input-error';

export interface FieldProblem {
  field: string;
  code: InputErrorCode;
  message: string;
}

const GRAMS_RE = /^\d{1,5}$/;
const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Digit value of the character at i, or -1. */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function twoDigits(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * `YYYY-MM-DD` that is a real calendar date. Checked by hand, not with a regex and Date: a case
 * file has three or four dates per row and millions of rows.
 */
export function isCalendarDate(s: string): boolean {
  if (s.length < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const hi = twoDigits(s, 0);
  const lo = twoDigits(s, 2);
  const m = twoDigits(s, 5);
  const d = twoDigits(s, 8);
  if (hi < 0 || lo < 0 || m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m]) return false;
  if (m === 2 && d === 29) {
    const y = hi * 100 + lo;
    return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  }
  return true;
}

/** A plain date, or `YYYY-MM-DDTHH:mm`; other forms (seconds, zones) go to the general parser. */
function isDateTime(s: string): boolean {
  if (s.length === 10) return isCalendarDate(s);
  if (s.length === 16 && (s.charCodeAt(10) === 84 /* T */ || s.charCodeAt(10) === 32) && s.charCodeAt(13) === 58) {
    const h = twoDigits(s, 11);
    const min = twoDigits(s, 14);
    return isCalendarDate(s) && h >= 0 && h <= 23 && min >= 0 && min <= 59;
  }
  return isValidDate(s);
}

export class FieldChecker {
  readonly problems: FieldProblem[] = [];

  private fail(field: string, code: InputErrorCode, message: string): void {
    this.problems.push({ field, code, message });
  }

  /** A value the row cannot do without (the idempotency key). */
  required(field: string, value: string): string {
    if (value === '') this.fail(field, 'REQUIRED', 'a value is required');
    return value;
  }

  /** `YYYY-MM-DD`, or empty (the edits report a missing date). */
  date(field: string, value: string): string {
    if (value !== '' && !(value.length === 10 && isCalendarDate(value))) {
      this.fail(field, 'INVALID_DATE', `"${value}" is not a calendar date (YYYY-MM-DD)`);
    }
    return value;
  }

  /** `YYYY-MM-DDTHH:mm[:ss]` (or a plain date), or empty. */
  dateTime(field: string, value: string): string {
    if (value !== '' && !isDateTime(value)) {
      this.fail(field, 'INVALID_DATE', `"${value}" is not a date-time (YYYY-MM-DDTHH:mm)`);
    }
    return value;
  }

  choice<T extends string>(field: string, value: string, allowed: readonly T[]): T {
    if (value === '') this.fail(field, 'REQUIRED', `a value is required (${allowed.join(', ')})`);
    else if (!(allowed as readonly string[]).includes(value)) {
      this.fail(field, 'INVALID_VALUE', `"${value}" is not one of ${allowed.join(', ')}`);
    }
    return value as T;
  }

  sex(field: string, value: string) {
    return this.choice(field, value, SEXES);
  }
  admissionType(field: string, value: string) {
    return this.choice(field, value, ADMISSION_TYPES);
  }
  dischargeMode(field: string, value: string) {
    return this.choice(field, value, DISCHARGE_MODES);
  }
  careSetting(field: string, value: string) {
    return this.choice(field, value, CARE_SETTINGS);
  }

  /** Whole grams, or empty. */
  grams(field: string, value: string): number | null {
    if (value === '') return null;
    if (!GRAMS_RE.test(value)) {
      this.fail(field, 'INVALID_NUMBER', `"${value}" is not a whole number of grams`);
      return null;
    }
    return Number(value);
  }

  /** `CODE` or `CODE@YYYY-MM-DD`. */
  procedure(field: string, text: string): ProcedureEntry {
    const at = text.indexOf('@');
    if (at < 0) return { code: text };
    const code = text.slice(0, at).trim();
    const date = text.slice(at + 1).trim();
    if (code === '') this.fail(field, 'INVALID_VALUE', `"${text}" has no procedure code before @`);
    if (!(date.length === 10 && isCalendarDate(date))) {
      this.fail(field, 'INVALID_DATE', `procedure "${text}": "${date}" is not a calendar date (YYYY-MM-DD)`);
    }
    return { code, date };
  }
}

/** `a; b;;c` → ['a', 'b', 'c'] */
export function splitList(cell: string): string[] {
  if (cell === '') return [];
  const out: string[] = [];
  for (const part of cell.split(';')) {
    const v = part.trim();
    if (v !== '') out.push(v);
  }
  return out;
}

/** The procedure list cell: `CODE@YYYY-MM-DD;CODE`. */
export function formatProcedures(list: readonly ProcedureEntry[]): string {
  let s = '';
  for (let i = 0; i < list.length; i++) {
    const p = list[i];
    s += (i === 0 ? '' : ';') + (p.date ? `${p.code}@${p.date}` : p.code);
  }
  return s;
}
