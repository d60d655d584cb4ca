// Cell syntax of conditions in the grouping logic and special-coefficient tables.
// Parsing is strict: a malformed cell is an error the loader reports with file, line and column.

export interface StringCondition {
  negate: boolean;
  value: string;
}

export type NumericCondition =
  { op: '<' | '<=' | '>' | '>=' | '=' | '!='; value: number } | { op: 'range'; min: number; max: number };

export class ConditionSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConditionSyntaxError';
  }
}

/** `VALUE` or `+VALUE` (positive), `-VALUE` (negated). Empty or a bare operator means no condition. */
export function parseStringCondition(cell: string): StringCondition | undefined {
  const s = cell.trim();
  if (s === '' || s === '-' || s === '+') return undefined;
  if (s[0] === '-') return { negate: true, value: s.slice(1).trim() };
  if (s[0] === '+') return { negate: false, value: s.slice(1).trim() };
  return { negate: false, value: s };
}

const NUM = '(-?\\d+)';
const RANGE_RE = new RegExp(`^${NUM}\\s*\\.\\.\\s*${NUM}$`);
const OP_RE = new RegExp(`^(<=|>=|!=|<|>|=)?\\s*${NUM}$`);

/** `<n`, `<=n`, `>n`, `>=n`, `=n` or `n`, `!=n`, or an inclusive range `a..b` (integers). */
export function parseNumericCondition(cell: string): NumericCondition | undefined {
  const s = cell.trim();
  if (s === '') return undefined;
  const r = RANGE_RE.exec(s);
  if (r) {
    const min = Number(r[1]);
    const max = Number(r[2]);
    if (min > max) throw new ConditionSyntaxError(`range ${s} has its lower bound above its upper bound`);
    return { op: 'range', min, max };
  }
  const m = OP_RE.exec(s);
  if (!m) throw new ConditionSyntaxError(`"${s}" is not a numeric condition (use <n, <=n, >n, >=n, =n, !=n or a..b)`);
  return { op: (m[1] ?? '=') as '<' | '<=' | '>' | '>=' | '=' | '!=', value: Number(m[2]) };
}

export function testNumeric(c: NumericCondition, v: number): boolean {
  switch (c.op) {
    case '<':
      return v < c.value;
    case '<=':
      return v <= c.value;
    case '>':
      return v > c.value;
    case '>=':
      return v >= c.value;
    case '=':
      return v === c.value;
    case '!=':
      return v !== c.value;
    case 'range':
      return v >= c.min && v <= c.max;
  }
}

export function formatNumeric(c: NumericCondition): string {
  return c.op === 'range' ? `${c.min}..${c.max}` : `${c.op}${c.value}`;
}

/**
 * Conditions of a special-case coefficient: clauses joined by `&`, all must hold.
 * Each clause is `field op value`: numeric fields age_years, age_days, los (ops < <= > >= = !=)
 * and text fields sex, care_setting, admission_type, discharge, group, mdc (ops = !=), or
 * `flag=NAME` (the case carries that flag), e.g. `age_years>=75` or `age_years<4&flag=companion`.
 */
export type SpecialField =
  'age_years' | 'age_days' | 'los' | 'sex' | 'care_setting' | 'admission_type' | 'discharge' | 'group' | 'mdc' | 'flag';

export interface SpecialClause {
  field: SpecialField;
  op: '<' | '<=' | '>' | '>=' | '=' | '!=';
  value: string;
}

export interface SpecialCondition {
  text: string;
  clauses: readonly SpecialClause[];
}

const NUMERIC_FIELDS = new Set<SpecialField>(['age_years', 'age_days', 'los']);
const TEXT_FIELDS = new Set<SpecialField>([
  'sex',
  'care_setting',
  'admission_type',
  'discharge',
  'group',
  'mdc',
  'flag',
]);
const CLAUSE_RE = /^([a-z_]+)\s*(<=|>=|!=|<|>|=)\s*([A-Za-z0-9_.-]+)$/;

export function parseSpecialCondition(cell: string): SpecialCondition | undefined {
  const text = cell.trim();
  if (text === '') return undefined;
  const clauses = text.split('&').map((part) => {
    const m = CLAUSE_RE.exec(part.trim());
    if (!m) throw new ConditionSyntaxError(`"${part.trim()}" is not a clause (field op value, e.g. age_years>=75)`);
    const field = m[1] as SpecialField;
    const op = m[2] as SpecialClause['op'];
    if (NUMERIC_FIELDS.has(field)) {
      if (!/^-?\d+$/.test(m[3])) throw new ConditionSyntaxError(`${field} needs a whole number, got "${m[3]}"`);
    } else if (TEXT_FIELDS.has(field)) {
      if (op !== '=' && op !== '!=') throw new ConditionSyntaxError(`${field} allows only = and !=`);
    } else {
      throw new ConditionSyntaxError(
        `unknown field "${field}" (known: ${[...NUMERIC_FIELDS, ...TEXT_FIELDS].join(', ')})`,
      );
    }
    return { field, op, value: m[3] };
  });
  return { text, clauses };
}
