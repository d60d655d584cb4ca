// Field-level checks shared by the JSON, CSV and FHIR intake paths. Each check reads one raw value,
// records what is wrong with it and returns the normalised value (or undefined when it is unusable).
import { dayNumber } from '../../../domain/cases/dates';
import type { IntakeError, IntakeErrorCode } from './intake-error';
import { CODE_PATTERN, CONTROL_CHAR, ID_PATTERN, INTAKE_LIMITS, LONE_SURROGATE } from './intake-limits';
import { pathOf } from './json-path';

/** Collects the errors of one record under its base path. */
export class Issues {
  readonly errors: IntakeError[] = [];
  constructor(readonly base: string) {}

  add(field: string, code: IntakeErrorCode, message: string): void {
    this.errors.push({ path: pathOf(this.base, field), field, code, message });
  }
}

/** Missing means absent, null or the empty string (an empty CSV cell); all three read the same. */
function isMissing(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

export function typeName(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

/** Length in characters (code points), without spreading a huge string. */
function tooLong(s: string, max: number): boolean {
  if (s.length <= max) return false;
  if (s.length > 2 * max) return true;
  let n = 0;
  for (const _ of s) if (++n > max) return true;
  return false;
}

interface StringRule {
  required: boolean;
  max: number;
  pattern?: RegExp;
  patternText?: string;
}

function checkString(issues: Issues, field: string, v: unknown, rule: StringRule): string | null | undefined {
  if (isMissing(v)) {
    if (rule.required) issues.add(field, 'REQUIRED', `${field} is required`);
    return rule.required ? undefined : null;
  }
  if (typeof v !== 'string') {
    issues.add(field, 'TYPE', `${field} must be a string, not ${typeName(v)}`);
    return undefined;
  }
  if (tooLong(v, rule.max)) {
    issues.add(field, 'TOO_LONG', `${field} is longer than ${rule.max} characters`);
    return undefined;
  }
  if (rule.pattern && !rule.pattern.test(v)) {
    issues.add(field, 'FORMAT', `${field} may contain only ${rule.patternText}`);
    return undefined;
  }
  return v;
}

/** Facility, claim, patient and referral ids, and flags: safe charset, bounded length. */
export function checkId(
  issues: Issues,
  field: string,
  v: unknown,
  required: boolean,
  max: number = INTAKE_LIMITS.idLength,
) {
  return checkString(issues, field, v, {
    required,
    max,
    pattern: ID_PATTERN,
    patternText: 'letters, digits and . _ : -',
  });
}

/**
 * A diagnosis or procedure code: checked as written, then normalised to upper case. ICD-10 codes
 * also lose their dots (`i21.9` → `I219`), the form tariff books use; national procedure codes keep
 * theirs (`TR.05.012`), because there the dots are part of the code.
 */
export function checkCode(
  issues: Issues,
  field: string,
  v: unknown,
  kind: 'diagnosis' | 'procedure' = 'diagnosis',
): string | undefined {
  const raw = checkString(issues, field, v, {
    required: true,
    max: INTAKE_LIMITS.codeLength,
    pattern: CODE_PATTERN,
    patternText: 'letters, digits and . & * + -',
  });
  if (typeof raw !== 'string') return undefined;
  const code = (kind === 'diagnosis' ? raw.replace(/\./g, '') : raw).toUpperCase();
  if (code === '') {
    issues.add(field, 'FORMAT', `${field} has no characters besides dots`);
    return undefined;
  }
  return code;
}

/** Free text (department): any printable character; control characters and broken UTF-16 are rejected. */
export function checkText(issues: Issues, field: string, v: unknown, max: number): string | null | undefined {
  const s = checkString(issues, field, v, { required: false, max });
  if (typeof s !== 'string') return s;
  if (CONTROL_CHAR.test(s)) {
    issues.add(field, 'FORMAT', `${field} contains control characters (line breaks, tabs, NUL…)`);
    return undefined;
  }
  if (LONE_SURROGATE.test(s)) {
    issues.add(field, 'FORMAT', `${field} contains an unpaired UTF-16 surrogate`);
    return undefined;
  }
  return s;
}

export function checkEnum<T extends string>(
  issues: Issues,
  field: string,
  v: unknown,
  allowed: readonly T[],
): T | undefined {
  if (isMissing(v)) {
    issues.add(field, 'REQUIRED', `${field} is required (one of ${allowed.join(', ')})`);
    return undefined;
  }
  if (typeof v !== 'string') {
    issues.add(field, 'TYPE', `${field} must be a string, not ${typeName(v)}`);
    return undefined;
  }
  if (!(allowed as readonly string[]).includes(v)) {
    issues.add(field, 'ENUM', `${field} must be one of ${allowed.join(', ')}`);
    return undefined;
  }
  return v as T;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))?)?$/;

/**
 * A calendar date (`withTime` false: YYYY-MM-DD) or a date-time (YYYY-MM-DD[THH:mm[:ss[.fff]][Z|±hh:mm]],
 * a space instead of `T` is normalised to `T`). 2026-02-30 and 24:00 are not real and are rejected.
 */
export function checkDate(
  issues: Issues,
  field: string,
  v: unknown,
  opts: { required: boolean; withTime: boolean },
): string | null | undefined {
  if (isMissing(v)) {
    if (opts.required) issues.add(field, 'REQUIRED', `${field} is required`);
    return opts.required ? undefined : null;
  }
  if (typeof v !== 'string') {
    issues.add(field, 'TYPE', `${field} must be a string, not ${typeName(v)}`);
    return undefined;
  }
  const shape = opts.withTime ? 'YYYY-MM-DD or YYYY-MM-DDTHH:mm[:ss][zone]' : 'YYYY-MM-DD';
  const m = (opts.withTime ? DATE_TIME : DATE_ONLY).exec(v);
  if (!m) {
    issues.add(field, 'FORMAT', `${field} must be a date written ${shape}`);
    return undefined;
  }
  const zoneOk = m[1] === undefined || (+m[1] <= 14 && +m[2] <= 59);
  if (!zoneOk || Number.isNaN(dayNumber(v))) {
    issues.add(field, 'FORMAT', `${field} is not a real calendar date or time`);
    return undefined;
  }
  const year = +v.slice(0, 4);
  if (year < INTAKE_LIMITS.minYear || year > INTAKE_LIMITS.maxYear) {
    issues.add(field, 'RANGE', `${field} must be in the years ${INTAKE_LIMITS.minYear}–${INTAKE_LIMITS.maxYear}`);
    return undefined;
  }
  return v.length > 10 && v[10] === ' ' ? `${v.slice(0, 10)}T${v.slice(11)}` : v;
}

/** Birth weight in whole grams; a digit string (a CSV cell) is accepted too. */
export function checkGrams(issues: Issues, field: string, v: unknown): number | null | undefined {
  if (isMissing(v)) return null;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\d{1,6}$/.test(v)) n = Number(v);
  else {
    issues.add(field, 'TYPE', `${field} must be a whole number of grams`);
    return undefined;
  }
  if (!Number.isInteger(n)) {
    issues.add(field, 'FORMAT', `${field} must be a whole number of grams`);
    return undefined;
  }
  const { birthWeightMinGrams: min, birthWeightMaxGrams: max } = INTAKE_LIMITS;
  if (n < min || n > max) {
    issues.add(field, 'RANGE', `${field} must be between ${min} and ${max} grams`);
    return undefined;
  }
  return n;
}

/** An optional array: missing reads as empty; more than `max` items is refused without reading them. */
export function checkArray(issues: Issues, field: string, v: unknown, max: number): unknown[] | undefined {
  if (isMissing(v)) return [];
  if (!Array.isArray(v)) {
    issues.add(field, 'TYPE', `${field} must be an array, not ${typeName(v)}`);
    return undefined;
  }
  if (v.length > max) {
    issues.add(field, 'TOO_LONG', `${field} has ${v.length} items; at most ${max} are allowed`);
    return undefined;
  }
  return v;
}

// Fast happy-path checks: char-code loops instead of regexes, no error objects. Each answers "this
// value certainly passes the check above" (and gives the same normalised value); anything unusual —
// including a value that is merely rare, such as a date with a zone — answers no, and the caller falls
// back to the full checks, which produce the errors. So they never change what is accepted.

/** The ID_PATTERN charset: letters, digits and `. _ : -`. */
function isIdChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 45 || c === 46 || c === 95;
}

/** A present id that passes checkId (ASCII only, so length is the character count). */
export function isPlainId(v: unknown, max: number): v is string {
  if (typeof v !== 'string' || v.length === 0 || v.length > max) return false;
  for (let i = 0; i < v.length; i++) if (!isIdChar(v.charCodeAt(i))) return false;
  return true;
}

/**
 * The normalised code of a value that passes checkCode, or undefined (then use checkCode). Letters,
 * digits and `. & * + -`; diagnosis dots removed, upper case — without allocating when there is
 * nothing to change.
 */
export function plainCode(v: unknown, kind: 'diagnosis' | 'procedure'): string | undefined {
  if (typeof v !== 'string' || v.length === 0 || v.length > INTAKE_LIMITS.codeLength) return undefined;
  let dots = 0;
  let lower = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 38 || c === 42 || c === 43 || c === 45) continue;
    if (c >= 97 && c <= 122) lower++;
    else if (c === 46) dots++;
    else return undefined;
  }
  if (kind === 'diagnosis' && dots > 0) {
    if (dots === v.length) return undefined;
    const code = v.replace(/\./g, '');
    return lower > 0 ? code.toUpperCase() : code;
  }
  return lower > 0 ? v.toUpperCase() : v;
}

function digit(v: string, i: number): number {
  const d = v.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/** Two digits at i as a number, or -1. */
function twoDigits(v: string, i: number): number {
  const a = digit(v, i);
  const b = digit(v, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Whether `v` starts with a real YYYY-MM-DD in the accepted years. */
function plainDatePart(v: string): boolean {
  if (v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return false;
  const hi = twoDigits(v, 0);
  const lo = twoDigits(v, 2);
  const month = twoDigits(v, 5);
  const day = twoDigits(v, 8);
  if (hi < 0 || lo < 0 || month < 1 || month > 12 || day < 1) return false;
  const year = hi * 100 + lo;
  if (year < INTAKE_LIMITS.minYear || year > INTAKE_LIMITS.maxYear) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

/** A value that passes checkDate without a time (YYYY-MM-DD). */
export function isPlainDate(v: unknown): v is string {
  return typeof v === 'string' && v.length === 10 && plainDatePart(v);
}

/**
 * The normalised value of a date-time that passes checkDate with a time, in its common forms
 * (YYYY-MM-DD, YYYY-MM-DD[T ]HH:mm, YYYY-MM-DD[T ]HH:mm:ss), or undefined (fractions, zones, errors).
 */
export function plainDateTime(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const n = v.length;
  if (n === 10) return plainDatePart(v) ? v : undefined;
  if (n !== 16 && n !== 19) return undefined;
  if (!plainDatePart(v) || v.charCodeAt(13) !== 58) return undefined;
  const sep = v.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return undefined;
  const hour = twoDigits(v, 11);
  const minute = twoDigits(v, 14);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  if (n === 19) {
    const second = twoDigits(v, 17);
    if (v.charCodeAt(16) !== 58 || second < 0 || second > 59) return undefined;
  }
  return sep === 84 ? v : `${v.slice(0, 10)}T${v.slice(11)}`;
}

/** Free text that passes checkText as it is: within `max`, no control characters, no surrogates at all. */
export function isPlainText(v: string, max: number): boolean {
  if (v.length > max) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 32 || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** Grams that pass checkGrams (missing → null), or undefined. */
export function plainGrams(v: unknown): number | null | undefined {
  if (isMissing(v)) return null;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && v.length <= 6) {
    n = 0;
    for (let i = 0; i < v.length; i++) {
      const d = digit(v, i);
      if (d < 0) return undefined;
      n = n * 10 + d;
    }
  } else return undefined;
  return Number.isInteger(n) && n >= INTAKE_LIMITS.birthWeightMinGrams && n <= INTAKE_LIMITS.birthWeightMaxGrams
    ? n
    : undefined;
}

export { isMissing };
