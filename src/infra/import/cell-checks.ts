// Checks for the cells of registry files (facilities, licences, enrolment). Each check reads one
// value, records a problem under the column name and returns the clean value (or undefined).
import { dayNumber } from '../../domain/cases/dates';
import { CONTROL_CHAR, ID_PATTERN } from '../../modules/claims/intake/intake-limits';

export interface CellProblem {
  field: string;
  code: string;
  message: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** A positive coefficient as books publish them: up to 8 digits, up to 4 decimals, never a float. */
const COEFFICIENT = /^\d{1,8}(\.\d{1,4})?$/;

export class CellChecks {
  readonly problems: CellProblem[] = [];

  fail(field: string, code: string, message: string): undefined {
    this.problems.push({ field, code, message });
    return undefined;
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** An identifier: letters, digits and `. _ : -`, at most `max` characters. */
  id(field: string, v: string, max: number, required = true): string | undefined {
    if (v === '') return required ? this.fail(field, 'REQUIRED', `${field} is required`) : undefined;
    if (v.length > max) return this.fail(field, 'TOO_LONG', `${field} is longer than ${max} characters`);
    if (!ID_PATTERN.test(v)) return this.fail(field, 'FORMAT', `${field} may contain only letters, digits and . _ : -`);
    return v;
  }

  /** Free text without control characters. */
  text(field: string, v: string, max: number, required = false): string | undefined {
    if (v === '') return required ? this.fail(field, 'REQUIRED', `${field} is required`) : undefined;
    if (v.length > max) return this.fail(field, 'TOO_LONG', `${field} is longer than ${max} characters`);
    if (CONTROL_CHAR.test(v)) return this.fail(field, 'FORMAT', `${field} contains control characters`);
    return v;
  }

  /** YYYY-MM-DD, a real calendar date. */
  date(field: string, v: string, required = true): string | undefined {
    if (v === '') return required ? this.fail(field, 'REQUIRED', `${field} is required`) : undefined;
    if (!DATE_ONLY.test(v) || Number.isNaN(dayNumber(v))) {
      return this.fail(field, 'FORMAT', `${field} must be a real calendar date written YYYY-MM-DD`);
    }
    return v;
  }

  choice<T extends string>(field: string, v: string, allowed: readonly T[], required = true): T | undefined {
    if (v === '')
      return required ? this.fail(field, 'REQUIRED', `${field} is required (${allowed.join(', ')})`) : undefined;
    if (!(allowed as readonly string[]).includes(v)) {
      return this.fail(field, 'ENUM', `${field} must be one of ${allowed.join(', ')}`);
    }
    return v as T;
  }

  /** A positive decimal coefficient kept as its string (numeric in the database). */
  coefficient(field: string, v: string): string | undefined {
    if (v === '') return undefined;
    if (!COEFFICIENT.test(v))
      return this.fail(field, 'FORMAT', `${field} must be a decimal such as 1.05 (at most 4 decimals)`);
    if (/^[0.]+$/.test(v)) return this.fail(field, 'RANGE', `${field} must be greater than 0`);
    return v;
  }

  /** true/false (also yes/no, 1/0); empty gives the default. */
  flag(field: string, v: string, fallback: boolean): boolean {
    if (v === '') return fallback;
    const s = v.toLowerCase();
    if (s === 'true' || s === 'yes' || s === '1') return true;
    if (s === 'false' || s === 'no' || s === '0') return false;
    this.fail(field, 'FORMAT', `${field} must be true or false`);
    return fallback;
  }
}

/** `a;b; c` → ['a', 'b', 'c'] */
export function splitListCell(cell: string): string[] {
  return cell === '' ? [] : cell.split(';').flatMap((s) => (s.trim() === '' ? [] : [s.trim()]));
}
