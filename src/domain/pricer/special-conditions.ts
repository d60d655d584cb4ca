import type { CaseRecord } from '../cases/case';
import type { GroupingResult } from '../grouper/result';
import type { SpecialClause, SpecialCondition } from '../tariff-book/conditions';

/**
 * Whether a special coefficient applies to a grouped case: all clauses must hold (syntax in
 * tariff-book/conditions.ts); a coefficient without a condition applies to every case. Ages and the
 * length of stay are the grouper's features; the other fields come from the case.
 */
export function specialConditionHolds(
  condition: SpecialCondition | undefined,
  c: CaseRecord,
  grouping: GroupingResult,
): boolean {
  if (!condition) return true;
  for (const clause of condition.clauses) if (!clauseHolds(clause, c, grouping)) return false;
  return true;
}

function clauseHolds(clause: SpecialClause, c: CaseRecord, g: GroupingResult): boolean {
  switch (clause.field) {
    case 'age_years':
      return compareNumber(g.features.ageYears, clause);
    case 'age_days':
      return compareNumber(g.features.ageDays, clause);
    case 'los':
      return compareNumber(g.features.los, clause);
    case 'flag':
      // flag=NAME: the case carries the flag; flag!=NAME: it does not.
      return (c.flags?.includes(clause.value) ?? false) === (clause.op === '=');
    case 'sex':
      return compareText(c.sex, clause);
    case 'care_setting':
      return compareText(c.careSetting, clause);
    case 'admission_type':
      return compareText(c.admissionType, clause);
    case 'discharge':
      return compareText(c.dischargeMode, clause);
    case 'group':
      return compareText(g.group, clause);
    case 'mdc':
      return compareText(g.features.mdc ?? '', clause);
  }
}

function compareNumber(v: number, clause: SpecialClause): boolean {
  const n = Number(clause.value);
  switch (clause.op) {
    case '<':
      return v < n;
    case '<=':
      return v <= n;
    case '>':
      return v > n;
    case '>=':
      return v >= n;
    case '=':
      return v === n;
    case '!=':
      return v !== n;
  }
}

function compareText(v: string, clause: SpecialClause): boolean {
  return clause.op === '!=' ? v !== clause.value : v === clause.value;
}

/**
 * A special condition compiled for the per-case test: field and operator as small integers and the
 * number parsed once, so testing a case is a switch on integers (specialConditionHolds parses the
 * value and compares field names for every case). Same answers as specialConditionHolds.
 */
export type CompiledSpecialCondition = readonly CompiledClause[];

interface CompiledClause {
  field: number;
  op: number;
  value: string;
  /** `value` as a number, for the numeric fields. */
  num: number;
}

const FIELD_CODES: Record<SpecialClause['field'], number> = {
  age_years: 0,
  age_days: 1,
  los: 2,
  flag: 3,
  sex: 4,
  care_setting: 5,
  admission_type: 6,
  discharge: 7,
  group: 8,
  mdc: 9,
};
const OP_CODES: Record<SpecialClause['op'], number> = { '<': 0, '<=': 1, '>': 2, '>=': 3, '=': 4, '!=': 5 };
const EQ = 4;
const NE = 5;

/** Undefined (no condition) applies to every case, as in specialConditionHolds. */
export function compileSpecialCondition(condition: SpecialCondition | undefined): CompiledSpecialCondition {
  if (!condition) return [];
  return condition.clauses.map((c) => ({
    field: FIELD_CODES[c.field],
    op: OP_CODES[c.op],
    value: c.value,
    num: Number(c.value),
  }));
}

export function compiledConditionHolds(condition: CompiledSpecialCondition, c: CaseRecord, g: GroupingResult): boolean {
  for (let i = 0; i < condition.length; i++) {
    const clause = condition[i];
    let holds: boolean;
    switch (clause.field) {
      case 0:
        holds = compareNumberCode(g.features.ageYears, clause.op, clause.num);
        break;
      case 1:
        holds = compareNumberCode(g.features.ageDays, clause.op, clause.num);
        break;
      case 2:
        holds = compareNumberCode(g.features.los, clause.op, clause.num);
        break;
      case 3:
        holds = hasFlag(c.flags, clause.value) === (clause.op === EQ);
        break;
      case 4:
        holds = textHolds(c.sex, clause);
        break;
      case 5:
        holds = textHolds(c.careSetting, clause);
        break;
      case 6:
        holds = textHolds(c.admissionType, clause);
        break;
      case 7:
        holds = textHolds(c.dischargeMode, clause);
        break;
      case 8:
        holds = textHolds(g.group, clause);
        break;
      default:
        holds = textHolds(g.features.mdc ?? '', clause);
    }
    if (!holds) return false;
  }
  return true;
}

function compareNumberCode(v: number, op: number, n: number): boolean {
  switch (op) {
    case 0:
      return v < n;
    case 1:
      return v <= n;
    case 2:
      return v > n;
    case 3:
      return v >= n;
    case 4:
      return v === n;
    default:
      return v !== n;
  }
}

// As compareText: any operator but != tests equality.
function textHolds(v: string, clause: CompiledClause): boolean {
  return clause.op === NE ? v !== clause.value : v === clause.value;
}

function hasFlag(flags: readonly string[] | undefined, name: string): boolean {
  // Anything but an array (never on a case that passed the edits) answers as in clauseHolds.
  if (!Array.isArray(flags)) return flags?.includes(name) ?? false;
  for (let i = 0; i < flags.length; i++) if (flags[i] === name) return true;
  return false;
}
