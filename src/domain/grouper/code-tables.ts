// The book's code tables compiled once for grouping: per-code lookups with the sex recode already applied,
// validity dates as day numbers, pair rules keyed by the slot string, exclusions keyed for direct lookup.
// Every property value (DGPROP, PDGPRO, PROCPR, COMPL, families) is interned to a small integer, so a case's
// property sets are stamp arrays that need no clearing between cases (see case-facts.ts).
import { dayNumber } from '../cases/dates';
import type { Sex } from '../cases/case';
import type { DiagnosisPairRule, TariffBook } from '../tariff-book/model';

/** A category as seen by a case of each sex (NordDRG recodes `98…` to `12…` male / `13…` female). */
export interface CategoryBySex {
  U: string;
  M: string;
  F: string;
  mdcU: string;
  mdcM: string;
  mdcF: string;
  /** The MDCs as small integers (CodeTables.mdcIds), so the grouper finds its candidate rows by index. */
  mdcIdU: number;
  mdcIdM: number;
  mdcIdF: number;
}

/** Property ids a code (or a pair rule) gives; the `*M`/`*F` lists carry the sex recode when the book asks for it. */
export interface CodeValues {
  properties: readonly number[];
  propertiesM: readonly number[];
  propertiesF: readonly number[];
  principalProperties: readonly number[];
  complications: readonly number[];
  procedureProperties: readonly number[];
  or1: boolean;
  or2: boolean;
}

export interface DxInfo extends CodeValues {
  code: string;
  category?: CategoryBySex;
  validPrincipal: boolean;
  sex?: 'M' | 'F';
  ageMinYears: number;
  ageMaxYears: number;
  validFromDay: number;
  validToDay: number;
}

export interface PairInfo extends CodeValues {
  /** First category rule of this pair. */
  category?: CategoryBySex;
}

export interface ProcInfo {
  code: string;
  or1: boolean;
  or2: boolean;
  properties: readonly number[];
  ccLevel: number;
  diagnosisProperties: readonly number[];
  diagnosisPropertiesM: readonly number[];
  diagnosisPropertiesF: readonly number[];
  sex?: 'M' | 'F';
  validFromDay: number;
  validToDay: number;
}

/** An inactive complication property that becomes active with a diagnosis property (NordDRG complcat). */
export interface Inclusion {
  property: number;
  withProperty: number;
  level: number;
}

/** Interned property values: id → text and text → id. */
export class PropertySpace {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  /** The id of a value, or -1 when no table names it (a condition on it can never see it on a case). */
  idOf(value: string): number {
    return this.ids.get(value) ?? -1;
  }

  get size(): number {
    return this.names.length;
  }
}

export interface CodeTables {
  properties: PropertySpace;
  /** Every MDC a category of these tables has, numbered from 0. */
  mdcIds: ReadonlyMap<string, number>;
  dx: ReadonlyMap<string, DxInfo>;
  /** Keyed `pairedCode&code`, which is exactly how a case writes that slot. */
  pairs: ReadonlyMap<string, PairInfo>;
  /** First category pair rule of each code, whatever its partner (NordDRG's DGCAT fallback). */
  pairCategoryByCode: ReadonlyMap<string, CategoryBySex>;
  proc: ReadonlyMap<string, ProcInfo>;
  /** By property id: complication level (0 when undeclared), active flag, family id (itself when none). */
  complLevel: Uint8Array;
  complActive: Uint8Array;
  complFamily: Int32Array;
  exclusionsByCode: ReadonlyMap<string, ReadonlySet<number>>;
  exclusionsByPair: ReadonlyMap<string, ReadonlySet<number>>;
  exclusionsByCategory: ReadonlyMap<string, ReadonlySet<number>>;
  /** In book order; at most one applies per case (NordDRG 4.4.2). */
  inclusions: readonly Inclusion[];
  sameFamilyRemoval: boolean;
}

const cache = new WeakMap<TariffBook, CodeTables>();
const NONE: readonly number[] = Object.freeze([]);

/** Compiled tables of a book, built on first use and kept as long as the book lives. */
export function codeTablesFor(book: TariffBook): CodeTables {
  let t = cache.get(book);
  if (!t) {
    t = compileCodeTables(book);
    cache.set(book, t);
  }
  return t;
}

export function compileCodeTables(book: TariffBook): CodeTables {
  const { recodeSexCategory, recodeSexProperties, sameFamilyRemoval } = book.manifest.grouping;
  const space = new PropertySpace();
  // Most codes have few or no values: share one empty list, and reuse the plain list when no recode applies.
  const ids = (values: readonly string[]): readonly number[] =>
    values.length === 0 ? NONE : values.map((v) => space.intern(v));
  const recodedIds = (values: readonly string[], sex: Sex, plain: readonly number[]) =>
    recodeSexProperties && values.some((v) => v.startsWith('98')) ? ids(values.map((v) => recodeSex(v, sex))) : plain;
  const categories = new Map<string, CategoryBySex>();
  const mdcIds = new Map<string, number>();
  const mdcId = (mdc: string): number => {
    let id = mdcIds.get(mdc);
    if (id === undefined) mdcIds.set(mdc, (id = mdcIds.size));
    return id;
  };
  const categoryOf = (raw: string | undefined): CategoryBySex | undefined => {
    if (raw === undefined || raw === '') return undefined;
    let c = categories.get(raw);
    if (!c) {
      c = categoryBySex(raw, recodeSexCategory, mdcId);
      categories.set(raw, c);
    }
    return c;
  };

  const dx = new Map<string, DxInfo>();
  for (const d of book.diagnoses.values()) {
    const properties = ids(d.properties);
    dx.set(d.code, {
      code: d.code,
      category: categoryOf(d.category),
      validPrincipal: d.validPrincipal,
      sex: d.sex,
      ageMinYears: d.ageMinYears ?? -Infinity,
      ageMaxYears: d.ageMaxYears ?? Infinity,
      validFromDay: dayOr(d.validFrom, -Infinity),
      validToDay: dayOr(d.validTo, Infinity),
      properties,
      propertiesM: recodedIds(d.properties, 'M', properties),
      propertiesF: recodedIds(d.properties, 'F', properties),
      principalProperties: ids(d.principalProperties),
      complications: ids(d.complications),
      procedureProperties: ids(d.procedureProperties),
      or1: d.orFlag === 1,
      or2: d.orFlag === 2,
    });
  }

  const pairs = new Map<string, PairInfo>();
  const pairCategoryByCode = new Map<string, CategoryBySex>();
  for (const rule of book.diagnosisPairRules) {
    const key = `${rule.pairedCode}&${rule.code}`;
    let p = pairs.get(key);
    if (!p) {
      p = emptyPair();
      pairs.set(key, p);
    }
    addPairRule(p, rule, space, categoryOf, recodeSexProperties);
    if (rule.kind === 'category' && !pairCategoryByCode.has(rule.code)) {
      const c = categoryOf(rule.value);
      if (c) pairCategoryByCode.set(rule.code, c);
    }
  }

  const proc = new Map<string, ProcInfo>();
  for (const p of book.procedures.values()) {
    const diagnosisProperties = ids(p.diagnosisProperties);
    proc.set(p.code, {
      code: p.code,
      or1: p.orFlag === 1,
      or2: p.orFlag === 2,
      properties: ids(p.properties),
      ccLevel: Number.isFinite(p.ccLevel) ? p.ccLevel : 0,
      diagnosisProperties,
      diagnosisPropertiesM: recodedIds(p.diagnosisProperties, 'M', diagnosisProperties),
      diagnosisPropertiesF: recodedIds(p.diagnosisProperties, 'F', diagnosisProperties),
      sex: p.sex,
      validFromDay: dayOr(p.validFrom, -Infinity),
      validToDay: dayOr(p.validTo, Infinity),
    });
  }

  // Intern everything the complication step names before sizing its arrays.
  for (const c of book.complications.values()) {
    space.intern(c.property);
    if (c.family) space.intern(c.family);
    if (c.includeWithProperty) space.intern(c.includeWithProperty);
  }
  const exclusionsByCode = new Map<string, Set<number>>();
  const exclusionsByPair = new Map<string, Set<number>>();
  const exclusionsByCategory = new Map<string, Set<number>>();
  for (const e of book.complicationExclusions) {
    const id = space.intern(e.property);
    if (e.principalCode !== undefined && e.principalCode !== '') {
      if (e.principalPairedCode) addTo(exclusionsByPair, `${e.principalPairedCode}&${e.principalCode}`, id);
      else addTo(exclusionsByCode, e.principalCode, id);
    }
    if (e.principalCategory) addTo(exclusionsByCategory, e.principalCategory, id);
  }

  const n = space.size;
  const complLevel = new Uint8Array(n);
  const complActive = new Uint8Array(n);
  const complFamily = new Int32Array(n);
  for (let i = 0; i < n; i++) complFamily[i] = i;
  const inclusions: Inclusion[] = [];
  for (const c of book.complications.values()) {
    const id = space.idOf(c.property);
    complLevel[id] = Math.max(0, Math.min(255, Math.trunc(c.level) || 0));
    complActive[id] = c.active ? 1 : 0;
    if (c.family) complFamily[id] = space.idOf(c.family);
    if (!c.active && c.includeWithProperty) {
      inclusions.push({ property: id, withProperty: space.idOf(c.includeWithProperty), level: complLevel[id] });
    }
  }

  return {
    properties: space,
    mdcIds,
    dx,
    pairs,
    pairCategoryByCode,
    proc,
    complLevel,
    complActive,
    complFamily,
    exclusionsByCode,
    exclusionsByPair,
    exclusionsByCategory,
    inclusions,
    sameFamilyRemoval,
  };
}

/** The sex recode of one value: `98…` becomes `12…` for a male, `13…` for a female; unknown sex keeps it. */
export function recodeSex(value: string, sex: Sex): string {
  if (sex === 'U' || value.length < 2 || value.charCodeAt(0) !== 57 || value.charCodeAt(1) !== 56) return value;
  return (sex === 'M' ? '12' : '13') + value.slice(2);
}

function categoryBySex(raw: string, recode: boolean, mdcId: (mdc: string) => number): CategoryBySex {
  const m = recode ? recodeSex(raw, 'M') : raw;
  const f = recode ? recodeSex(raw, 'F') : raw;
  const mdcU = raw.slice(0, 2);
  const mdcM = m.slice(0, 2);
  const mdcF = f.slice(0, 2);
  return {
    U: raw,
    M: m,
    F: f,
    mdcU,
    mdcM,
    mdcF,
    mdcIdU: mdcId(mdcU),
    mdcIdM: mdcId(mdcM),
    mdcIdF: mdcId(mdcF),
  };
}

function emptyPair(): PairInfo {
  return {
    properties: [],
    propertiesM: [],
    propertiesF: [],
    principalProperties: [],
    complications: [],
    procedureProperties: [],
    or1: false,
    or2: false,
  };
}

// Pair infos are built while compiling only, so the readonly lists are widened here and nowhere else.
function addPairRule(
  p: PairInfo,
  rule: DiagnosisPairRule,
  space: PropertySpace,
  categoryOf: (raw: string) => CategoryBySex | undefined,
  recodeProperties: boolean,
): void {
  const push = (list: readonly number[], v: string) => (list as number[]).push(space.intern(v));
  switch (rule.kind) {
    case 'category':
      p.category ??= categoryOf(rule.value);
      break;
    case 'property':
      push(p.properties, rule.value);
      push(p.propertiesM, recodeProperties ? recodeSex(rule.value, 'M') : rule.value);
      push(p.propertiesF, recodeProperties ? recodeSex(rule.value, 'F') : rule.value);
      break;
    case 'principal-property':
      push(p.principalProperties, rule.value);
      break;
    case 'complication':
      push(p.complications, rule.value);
      break;
    case 'procedure-property':
      push(p.procedureProperties, rule.value);
      break;
    case 'or':
      if (rule.value === '1') p.or1 = true;
      else if (rule.value === '2') p.or2 = true;
      break;
  }
}

function addTo(map: Map<string, Set<number>>, key: string, value: number): void {
  let s = map.get(key);
  if (!s) {
    s = new Set();
    map.set(key, s);
  }
  s.add(value);
}

function dayOr(iso: string | undefined, fallback: number): number {
  const d = dayNumber(iso);
  return Number.isNaN(d) ? fallback : d;
}
