// The grouping logic compiled for speed: each row becomes a short list of predicate checks, and the rows are
// bucketed by (care setting, MDC) so a case walks only the rows that can still match it, in file order.
import { testNumeric, type StringCondition } from '../tariff-book/conditions';
import type { LogicRow, TariffBook } from '../tariff-book/model';
import type { CaseFacts } from './case-facts';
import type { CodeTables, PropertySpace } from './code-tables';

export type Check = (f: CaseFacts) => boolean;

export interface CompiledRow {
  row: LogicRow;
  /**
   * The row's group code as the book's own string object (the key of book.groups): the pricer's
   * lookups by group code then find their key by identity, without comparing text.
   */
  group: string;
  /**
   * The row's conditions except care setting and a positive MDC, which the index has already settled for
   * every row it hands out. Ordered so the most selective ones run first.
   */
  checks: readonly Check[];
}

export interface LogicIndex {
  /** Every row, in file order. */
  rows: readonly CompiledRow[];
  /** The rows that can match a case of this care setting and MDC, in file order. */
  candidates(careSetting: string, mdc: string | undefined): readonly CompiledRow[];
  /** The first candidate row whose remaining checks all hold. */
  firstMatch(f: CaseFacts): CompiledRow | undefined;
}

interface SettingBuckets {
  byMdc: ReadonlyMap<string, readonly CompiledRow[]>;
  /** The same lists by MDC id (CodeTables.mdcIds); undefined where no row names that MDC. */
  byMdcId: readonly (readonly CompiledRow[] | undefined)[];
  /** Rows without a positive MDC condition: for a case with no MDC or an MDC no row names. */
  other: readonly CompiledRow[];
}

export function compileLogic(book: TariffBook, tables: CodeTables): LogicIndex {
  const rows = book.logic.map((r) => compileRow(r, tables.properties, book.groups.get(r.group)?.code ?? r.group));
  const mdcs = new Set<string>();
  for (const r of rows) {
    const m = positiveMdc(r.row);
    if (m !== undefined) mdcs.add(m);
  }
  const bucketsFor = (setting: string | undefined): SettingBuckets => {
    const applicable = rows.filter((r) => r.row.careSetting === undefined || r.row.careSetting === setting);
    const byMdc = new Map<string, CompiledRow[]>();
    const byMdcId = new Array<CompiledRow[] | undefined>(tables.mdcIds.size).fill(undefined);
    for (const m of mdcs) {
      const list = applicable.filter((r) => {
        const rm = positiveMdc(r.row);
        return rm === undefined || rm === m;
      });
      byMdc.set(m, list);
      const id = tables.mdcIds.get(m);
      if (id !== undefined) byMdcId[id] = list;
    }
    return { byMdc, byMdcId, other: applicable.filter((r) => positiveMdc(r.row) === undefined) };
  };
  const inpatient = bucketsFor('inpatient');
  const dayCare = bucketsFor('day-care');
  // A case with an unknown care setting (only possible when edits are bypassed) meets only setting-free rows.
  const unknownSetting = bucketsFor(undefined);
  const settingBuckets = (careSetting: string): SettingBuckets =>
    careSetting === 'inpatient' ? inpatient : careSetting === 'day-care' ? dayCare : unknownSetting;

  const candidates = (careSetting: string, mdc: string | undefined): readonly CompiledRow[] => {
    const b = settingBuckets(careSetting);
    return (mdc === undefined ? undefined : b.byMdc.get(mdc)) ?? b.other;
  };

  return {
    rows,
    candidates,
    firstMatch(f) {
      // By index, not by the MDC text: two hash lookups per case were a visible share of the grouper.
      const b = settingBuckets(f.careSetting);
      const list = (f.mdcId < 0 ? undefined : b.byMdcId[f.mdcId]) ?? b.other;
      for (let i = 0; i < list.length; i++) {
        const checks = list[i].checks;
        let ok = true;
        for (let k = 0; k < checks.length; k++) {
          if (!checks[k](f)) {
            ok = false;
            break;
          }
        }
        if (ok) return list[i];
      }
      return undefined;
    },
  };
}

function positiveMdc(row: LogicRow): string | undefined {
  return row.mdc !== undefined && !row.mdc.negate ? row.mdc.value : undefined;
}

export function compileRow(row: LogicRow, space: PropertySpace, group = row.group): CompiledRow {
  const checks: Check[] = [];
  const prop = (kind: PropertyKind, cond: StringCondition | undefined) => {
    if (cond !== undefined) checks.push(propertyCheck(kind, space.idOf(cond.value), cond.negate));
  };

  if (row.principalCategory !== undefined) {
    const v = row.principalCategory.value;
    // A negated category needs a category (NordDRG quirk: a case without one fails).
    checks.push(
      row.principalCategory.negate ? (f) => f.category !== undefined && f.category !== v : (f) => f.category === v,
    );
  }
  prop('principal', row.principalProperty);
  if (row.or !== undefined) checks.push(orCheck(row.or));
  prop('procedure', row.procedureProperty);
  prop('procedure', row.secondProcedureProperty);
  for (const d of row.diagnosisProperties) prop('diagnosis', d);
  prop('secondary', row.secondaryProperty);
  if (row.principalValid !== undefined) {
    checks.push(row.principalValid === '+' ? (f) => f.validPrincipal : (f) => !f.validPrincipal);
  }
  if (row.mdc !== undefined && row.mdc.negate) {
    const v = row.mdc.value;
    checks.push((f) => f.mdc !== v); // a case with no MDC passes a negated MDC
  }
  const { cc, ageDays, ageYears, los, birthWeight } = row;
  if (cc !== undefined) checks.push((f) => testNumeric(cc, f.cc));
  if (ageDays !== undefined) checks.push((f) => testNumeric(ageDays, f.ageDays));
  if (ageYears !== undefined) checks.push((f) => testNumeric(ageYears, f.ageYears));
  if (row.sex !== undefined) {
    const sex = row.sex;
    checks.push((f) => f.sex === sex);
  }
  if (row.discharge !== undefined) {
    const negate = row.discharge.negate;
    // A list of one to four modes: comparing is cheaper than hashing the case's mode.
    const modes: readonly string[] = [...row.discharge.modes];
    checks.push((f) => isOneOf(f.dischargeMode, modes) !== negate);
  }
  if (los !== undefined) checks.push((f) => testNumeric(los, f.los));
  // No birth weight on the case: a birth-weight condition cannot hold.
  if (birthWeight !== undefined)
    checks.push((f) => f.birthWeight !== undefined && testNumeric(birthWeight, f.birthWeight));
  if (row.admissionType !== undefined) {
    const a = row.admissionType;
    checks.push((f) => f.admissionType === a);
  }
  return { row, group, checks };
}

function isOneOf(v: string, list: readonly string[]): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === v) return true;
  return false;
}

type PropertyKind = 'principal' | 'procedure' | 'diagnosis' | 'secondary';

const ALWAYS: Check = () => true;
const NEVER: Check = () => false;

/** Membership in the case's stamp array of that kind; a value no table gives (id -1) is never present. */
function propertyCheck(kind: PropertyKind, id: number, negate: boolean): Check {
  if (id < 0) return negate ? ALWAYS : NEVER;
  switch (kind) {
    case 'principal':
      return negate ? (f) => f.principalProperties[id] !== f.gen : (f) => f.principalProperties[id] === f.gen;
    case 'procedure':
      return negate ? (f) => f.procedureProperties[id] !== f.gen : (f) => f.procedureProperties[id] === f.gen;
    case 'diagnosis':
      return negate ? (f) => f.diagnosisProperties[id] !== f.gen : (f) => f.diagnosisProperties[id] === f.gen;
    case 'secondary':
      return negate ? (f) => f.secondaryProperties[id] !== f.gen : (f) => f.secondaryProperties[id] === f.gen;
  }
}

/** NordDRG `or`: S has OR 1; P has OR 1 or 2; N has no OR 1; Z has neither; + has any; - has none. */
function orCheck(or: NonNullable<LogicRow['or']>): Check {
  switch (or) {
    case 'S':
      return (f) => f.or1;
    case 'P':
    case '+':
      return (f) => f.or1 || f.or2;
    case 'N':
      return (f) => !f.or1;
    case 'Z':
    case '-':
      return (f) => !f.or1 && !f.or2;
    default:
      return () => false; // unreachable for a loaded book; an unknown kind never matches
  }
}
