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
