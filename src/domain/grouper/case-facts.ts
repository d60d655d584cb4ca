// What the edits and the logic rows test about one case. The grouper keeps one CaseFacts per compiled book
// and refills it for every case (no per-case sets or maps); deriveFeatures() hands out fresh ones.
import type { Sex } from '../cases/case';
import type { CategoryBySex, CodeTables, DxInfo, PairInfo, ProcInfo } from './code-tables';
import { caseMinuteNumber, dateKey, dayOfMinute, yearsBetween } from './case-dates';

export interface CaseFacts {
  // Demographics and stay. Enumerations hold the raw value when it is a string ('' otherwise); sex is U
  // unless exactly M or F. Numbers are NaN when the dates behind them are not valid.
  careSetting: string;
  sex: Sex;
  dischargeMode: string;
  admissionType: string;
  birthWeight: number | undefined;
  birthMinute: number;
  admissionMinute: number;
  dischargeMinute: number;
  /** Stay days: calendar days between admission and discharge. */
  los: number;
  ageDays: number;
  ageYears: number;

  // Diagnosis slots, resolved once for the edits and the features: slot 0 is the principal, slot i + 1 the
  // i-th secondary. A slot is `C1` or `C1&C2` (first and second code of one slot); `slotText` is '' for
  // anything that is not a non-empty string. Unknown codes resolve to undefined.
  slotCount: number;
  slotText: string[];
  slotDx1: (DxInfo | undefined)[];
  slotDx2: (DxInfo | undefined)[];
  slotPair: (PairInfo | undefined)[];
  /** Procedures resolved the same way (undefined: unknown code or no code); `procedureCount` long. */
  procedureCount: number;
  procedureInfo: (ProcInfo | undefined)[];
  principal: string;
  principalCode1: string;
  principalCode2: string;
  /** Category after the sex recode; undefined when the principal has none. */
  category: string | undefined;
  mdc: string | undefined;
  /** The MDC's number in CodeTables.mdcIds; -1 without an MDC. */
  mdcId: number;
  /** NordDRG: the principal has a category (99M00 included). */
  validPrincipal: boolean;

  // Code-derived (NordDRG §3), as stamp arrays indexed by property id: a property is present in this case
  // when its slot holds the current `gen`, so starting the next case is one increment, not a clear.
  gen: number;
  principalProperties: Uint32Array;
  procedureProperties: Uint32Array;
  diagnosisProperties: Uint32Array;
  /** For a present diagnosis property, where it came from first: -1 a procedure, 0 the principal, n the n-th secondary. */
  diagnosisSource: Int32Array;
  secondaryProperties: Uint32Array;
  /** Complication properties of the secondary diagnoses, still present after same-family removal. */
  complications: Uint32Array;
  /** Their ids in the order first seen (entries removed later fail the stamp test); `complicationCount` long. */
  complicationList: number[];
  complicationCount: number;
  /** Families of the principal's own complication properties. */
  principalFamilies: Uint32Array;
  hasPrincipalFamilies: boolean;
  /** Has an OR 1 (operating-room) / OR 2 (other significant) property. */
  or1: boolean;
  or2: boolean;
  procedureCc: number;
  cc: number;
}

/** A fresh record sized for the tables' property space. */
export function newCaseFacts(t: CodeTables): CaseFacts {
  const n = t.properties.size;
  return {
    careSetting: '',
    sex: 'U',
    dischargeMode: '',
    admissionType: '',
    birthWeight: undefined,
    birthMinute: NaN,
    admissionMinute: NaN,
    dischargeMinute: NaN,
    los: NaN,
    ageDays: NaN,
    ageYears: NaN,
    slotCount: 0,
    slotText: [],
    slotDx1: [],
    slotDx2: [],
    slotPair: [],
    procedureCount: 0,
    procedureInfo: [],
    principal: '',
    principalCode1: '',
    principalCode2: '',
    category: undefined,
    mdc: undefined,
    mdcId: -1,
    validPrincipal: false,
    gen: 0,
    principalProperties: new Uint32Array(n),
    procedureProperties: new Uint32Array(n),
    diagnosisProperties: new Uint32Array(n),
    diagnosisSource: new Int32Array(n),
    secondaryProperties: new Uint32Array(n),
    complications: new Uint32Array(n),
    complicationList: [],
    complicationCount: 0,
    principalFamilies: new Uint32Array(n),
    hasPrincipalFamilies: false,
    or1: false,
    or2: false,
    procedureCc: 0,
    cc: 0,
  };
}

/** Starts a new case: everything stamped so far no longer counts. */
export function nextGeneration(f: CaseFacts): void {
  if (f.gen === 0xffffffff) {
    for (const a of [
      f.principalProperties,
      f.procedureProperties,
      f.diagnosisProperties,
      f.secondaryProperties,
      f.complications,
      f.principalFamilies,
    ]) {
      a.fill(0);
    }
    f.gen = 0;
  }
  f.gen++;
}

const NO_FIELDS: Record<string, unknown> = {};

/** The case as a plain record: garbage (not an object) reads as a case with every field missing. */
export function caseFields(c: unknown): Record<string, unknown> {
  return typeof c === 'object' && c !== null ? (c as Record<string, unknown>) : NO_FIELDS;
}

/** Demographics, dates, the codes resolved against the tables and the principal's category. Never throws. */
export function readCase(t: CodeTables, c: unknown, f: CaseFacts): void {
  const r = caseFields(c);
  f.careSetting = str(r.careSetting);
  f.sex = r.sex === 'M' || r.sex === 'F' ? r.sex : 'U';
  f.dischargeMode = str(r.dischargeMode);
  f.admissionType = str(r.admissionType);
  const bw = r.birthWeightGrams;
  f.birthWeight = typeof bw === 'number' && Number.isFinite(bw) ? bw : undefined;

  const birth = caseMinuteNumber(r.birthDate);
  const admission = caseMinuteNumber(r.admissionAt);
  const discharge = caseMinuteNumber(r.dischargeAt);
  f.birthMinute = birth;
  f.admissionMinute = admission;
  f.dischargeMinute = discharge;
  f.los = dayOfMinute(discharge) - dayOfMinute(admission);
  f.ageDays = dayOfMinute(admission) - dayOfMinute(birth);
  f.ageYears =
    Number.isNaN(birth) || Number.isNaN(admission)
      ? NaN
      : yearsBetween(dateKey(r.birthDate as string), dateKey(r.admissionAt as string));

  resolveSlot(t, f, 0, str(r.principalDiagnosis));
  const secondaries = r.secondaryDiagnoses;
  const n = Array.isArray(secondaries) ? secondaries.length : 0;
  for (let i = 0; i < n; i++) resolveSlot(t, f, i + 1, str((secondaries as unknown[])[i]));
  f.slotCount = n + 1;

  const procedures = r.procedures;
  const m = Array.isArray(procedures) ? procedures.length : 0;
  for (let i = 0; i < m; i++) {
    const entry: unknown = (procedures as unknown[])[i];
    const code = typeof entry === 'object' && entry !== null ? (entry as { code?: unknown }).code : undefined;
    f.procedureInfo[i] = typeof code === 'string' ? t.proc.get(code) : undefined;
  }
  f.procedureCount = m;

  const p = f.slotText[0];
  const amp = p.indexOf('&');
  f.principal = p;
  f.principalCode1 = amp < 0 ? p : p.slice(0, amp);
  f.principalCode2 = amp < 0 ? '' : p.slice(amp + 1);
  const cat = principalCategory(t, f);
  if (cat === undefined) {
    f.category = undefined;
    f.mdc = undefined;
    f.mdcId = -1;
  } else if (f.sex === 'M') {
    f.category = cat.M;
    f.mdc = cat.mdcM;
    f.mdcId = cat.mdcIdM;
  } else if (f.sex === 'F') {
    f.category = cat.F;
    f.mdc = cat.mdcF;
    f.mdcId = cat.mdcIdF;
  } else {
    f.category = cat.U;
    f.mdc = cat.mdcU;
    f.mdcId = cat.mdcIdU;
  }
  f.validPrincipal = cat !== undefined;
}

function resolveSlot(t: CodeTables, f: CaseFacts, k: number, s: string): void {
  f.slotText[k] = s;
  const amp = s.indexOf('&');
  if (amp < 0) {
    f.slotDx1[k] = s === '' ? undefined : t.dx.get(s);
    f.slotDx2[k] = undefined;
    f.slotPair[k] = undefined;
  } else {
    f.slotDx1[k] = t.dx.get(s.slice(0, amp));
    f.slotDx2[k] = t.dx.get(s.slice(amp + 1));
    f.slotPair[k] = t.pairs.get(s);
  }
}

/**
 * NordDRG §3.2: for a pair, the pair's own category rule, else the second code's, else the first code's;
 * for a single code, its category. A code without a category of its own falls back to its first category
 * pair rule with any partner (a NordDRG quirk that real tables never reach).
 */
function principalCategory(t: CodeTables, f: CaseFacts): CategoryBySex | undefined {
  const c1 = f.principalCode1;
  const c2 = f.principalCode2;
  if (c1 === '') return undefined;
  const own1 = f.slotDx1[0]?.category;
  if (c2 === '') return own1 ?? t.pairCategoryByCode.get(c1);
  return (
    f.slotPair[0]?.category ??
    f.slotDx2[0]?.category ??
    t.pairCategoryByCode.get(c2) ??
    own1 ??
    t.pairCategoryByCode.get(c1)
  );
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
