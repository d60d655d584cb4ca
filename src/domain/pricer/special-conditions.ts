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
