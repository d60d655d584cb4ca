// Typed access to the cells of one CSV row. Every problem becomes an issue naming file, line and
// column; the getters then return undefined so the caller can keep checking the rest of the row.
import { type Dec, dec } from '../money/decimal';
import { isValidDate } from '../cases/dates';
import type { BookIssueCode, IssueSink } from './book-issues';
import { cellOf, type CsvRow } from './csv-table';
import {
  ConditionSyntaxError,
  parseNumericCondition,
  parseSpecialCondition,
  parseStringCondition,
  type NumericCondition,
  type SpecialCondition,
  type StringCondition,
} from './conditions';

const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const INTEGER_RE = /^-?\d+$/;
const TRUE_WORDS = new Set(['y', 'yes', '1', 'true']);
const FALSE_WORDS = new Set(['n', 'no', '0', 'false']);

export interface DecimalRule {
  required?: boolean;
  /** Weights, amounts, coefficients and shares are never negative. */
  nonNegative?: boolean;
  /** Shares lie between 0 and 1. */
  atMostOne?: boolean;
}

export interface IntegerRule {
  required?: boolean;
  min?: number;
  max?: number;
}

export class RowReader {
  private readonly issuesBefore: number;

  constructor(
    private readonly sink: IssueSink,
    readonly file: string,
    private readonly row: CsvRow,
  ) {
    this.issuesBefore = sink.count;
  }

  get line(): number {
    return this.row.line;
  }

  /** True while no issue has been reported since this reader was made (i.e. for this row). */
  get clean(): boolean {
    return this.sink.count === this.issuesBefore;
  }

  report(column: string | undefined, code: BookIssueCode, message: string): void {
    this.sink.add({ file: this.file, line: this.row.line, column, code, message });
  }

  /** The trimmed cell, '' when empty or when the column is not in the file. */
  text(column: string): string {
    return cellOf(this.row, column);
  }

  optional(column: string): string | undefined {
    const v = this.text(column);
    return v === '' ? undefined : v;
  }

  required(column: string): string | undefined {
    const v = this.text(column);
    if (v === '') this.report(column, 'REQUIRED', `${column} is required`);
    return v === '' ? undefined : v;
  }

  /** A code or key: required, with no spaces and none of the given separator characters. */
  code(column: string, forbidden = ';'): string | undefined {
    const v = this.required(column);
    if (v === undefined) return undefined;
    const separator = [...forbidden].find((ch) => v.includes(ch));
    const problem = /\s/.test(v) ? 'a space' : separator === undefined ? undefined : `"${separator}"`;
    if (problem !== undefined) {
      this.report(column, 'INVALID_VALUE', `"${v}" must not contain ${problem}`);
      return undefined;
    }
    return v;
  }

  decimal(column: string, rule: DecimalRule = {}): Dec | undefined {
    const v = this.text(column);
    if (v === '') {
      if (rule.required) this.report(column, 'REQUIRED', `${column} is required`);
      return undefined;
    }
    let d: Dec;
    try {
      d = dec(v, column);
    } catch {
      this.report(column, 'INVALID_DECIMAL', `"${v}" is not a decimal number (write e.g. 4200.00 or 0.316)`);
      return undefined;
    }
    if (rule.nonNegative && d.isNegative() && !d.isZero()) {
      this.report(column, 'OUT_OF_RANGE', `${column} must not be negative, got ${v}`);
      return undefined;
    }
    if (rule.atMostOne && d.greaterThan(1)) {
      this.report(column, 'OUT_OF_RANGE', `${column} is a share and must be between 0 and 1, got ${v}`);
      return undefined;
    }
    return d;
  }

  integer(column: string, rule: IntegerRule = {}): number | undefined {
    const v = this.text(column);
    if (v === '') {
      if (rule.required) this.report(column, 'REQUIRED', `${column} is required`);
      return undefined;
    }
    if (!INTEGER_RE.test(v) || !Number.isSafeInteger(Number(v))) {
      this.report(column, 'INVALID_INTEGER', `"${v}" is not a whole number`);
      return undefined;
    }
    const n = Number(v);
    if ((rule.min !== undefined && n < rule.min) || (rule.max !== undefined && n > rule.max)) {
      const range =
        rule.max === undefined
          ? `at least ${rule.min}`
          : rule.min === undefined
            ? `at most ${rule.max}`
            : `${rule.min}..${rule.max}`;
      this.report(column, 'OUT_OF_RANGE', `${column} must be ${range}, got ${v}`);
      return undefined;
    }
    return n;
  }

  bool(column: string, fallback: boolean): boolean {
    const v = this.text(column);
    if (v === '') return fallback;
    const lower = v.toLowerCase();
    if (TRUE_WORDS.has(lower)) return true;
    if (FALSE_WORDS.has(lower)) return false;
    this.report(column, 'INVALID_BOOLEAN', `"${v}" is not a yes/no value (use Y or N)`);
    return fallback;
  }

  date(column: string, required = false): string | undefined {
    const v = this.text(column);
    if (v === '') {
      if (required) this.report(column, 'REQUIRED', `${column} is required`);
      return undefined;
    }
    if (!ISO_DATE_RE.test(v) || !isValidDate(v)) {
      this.report(column, 'INVALID_DATE', `"${v}" is not a calendar date in the form YYYY-MM-DD`);
      return undefined;
    }
    return v;
  }

  /** valid_from / valid_to, with from <= to. */
  validity(requiredFrom = false): { validFrom?: string; validTo?: string } {
    const validFrom = this.date('valid_from', requiredFrom);
    const validTo = this.date('valid_to');
    if (validFrom !== undefined && validTo !== undefined && validTo < validFrom) {
      this.report('valid_to', 'INVALID_RANGE', `valid_to ${validTo} is before valid_from ${validFrom}`);
    }
    return { ...(validFrom !== undefined && { validFrom }), ...(validTo !== undefined && { validTo }) };
  }

  oneOf<T extends string>(column: string, allowed: readonly T[], required = false): T | undefined {
    const v = this.text(column);
    if (v === '') {
      if (required) this.report(column, 'REQUIRED', `${column} is required (one of ${allowed.join(', ')})`);
      return undefined;
    }
    if (!(allowed as readonly string[]).includes(v)) {
      this.report(column, 'INVALID_VALUE', `"${v}" is not one of ${allowed.join(', ')}`);
      return undefined;
    }
    return v as T;
  }

  /** `a;b;c`, empty entries dropped. */
  list(column: string): string[] {
    return this.text(column)
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }

  stringCondition(column: string): StringCondition | undefined {
    return this.condition(column, parseStringCondition);
  }

  numericCondition(column: string): NumericCondition | undefined {
    return this.condition(column, parseNumericCondition);
  }

  specialCondition(column: string): SpecialCondition | undefined {
    return this.condition(column, parseSpecialCondition);
  }

  private condition<T>(column: string, parseCell: (cell: string) => T | undefined): T | undefined {
    try {
      return parseCell(this.text(column));
    } catch (err) {
      if (!(err instanceof ConditionSyntaxError)) throw err;
      this.report(column, 'INVALID_CONDITION', err.message);
      return undefined;
    }
  }
}

/** Remembers where each key was first defined, to report duplicates with both lines. */
export class KeyRegistry {
  private readonly lines = new Map<string, number>();

  constructor(private readonly label: string) {}

  /** False (and an issue) when the key was already defined. */
  claim(reader: RowReader, column: string, key: string, shown = key): boolean {
    const first = this.lines.get(key);
    if (first !== undefined) {
      reader.report(column, 'DUPLICATE_KEY', `${this.label} ${shown} is already defined on line ${first}`);
      return false;
    }
    this.lines.set(key, reader.line);
    return true;
  }

  has(key: string): boolean {
    return this.lines.has(key);
  }

  keys(): Set<string> {
    return new Set(this.lines.keys());
  }
}
