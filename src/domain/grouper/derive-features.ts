// Case features from the code tables, in NordDRG §3 order: properties of the procedures first, then of every
// diagnosis slot (principal first), then complications with same-family removal, exclusions and inclusion.
import type { CaseRecord, Sex } from '../cases/case';
import type { TariffBook } from '../tariff-book/model';
import { newCaseFacts, nextGeneration, readCase, type CaseFacts } from './case-facts';
import { codeTablesFor, type CodeTables, type CodeValues } from './code-tables';

/** Everything the grouping logic can test about one case, as plain values (NaN where a date was invalid). */
export interface DerivedFeatures {
  careSetting: string;
  sex: Sex;
  dischargeMode: string;
  admissionType: string;
  birthWeight?: number;
  los: number;
  ageDays: number;
  ageYears: number;
  category?: string;
  mdc?: string;
  validPrincipal: boolean;
  principalProperties: Set<string>;
  procedureProperties: Set<string>;
  /** Property → first source: -1 a procedure, 0 the principal, n the n-th secondary diagnosis. */
  diagnosisProperties: Map<string, number>;
  secondaryProperties: Set<string>;
  or1: boolean;
  or2: boolean;
  procedureCc: number;
  /** Complication properties of the secondaries that survive same-family removal (active or not). */
  complications: Set<string>;
  cc: number;
}

/** The features of one case, for specs, explanations and tools (the grouper itself skips this copying). */
export function deriveFeatures(book: TariffBook, c: CaseRecord): DerivedFeatures {
  const t = codeTablesFor(book);
  const f = newCaseFacts(t);
  readCase(t, c, f);
  deriveCodeFeatures(t, f);
  const names = t.properties.names;
  const present = (stamps: Uint32Array) => new Set(names.filter((_, id) => stamps[id] === f.gen));
  const out: DerivedFeatures = {
    careSetting: f.careSetting,
    sex: f.sex,
    dischargeMode: f.dischargeMode,
    admissionType: f.admissionType,
    los: f.los,
    ageDays: f.ageDays,
    ageYears: f.ageYears,
    validPrincipal: f.validPrincipal,
    principalProperties: present(f.principalProperties),
    procedureProperties: present(f.procedureProperties),
    diagnosisProperties: new Map(
      names.flatMap((n, id) => (f.diagnosisProperties[id] === f.gen ? [[n, f.diagnosisSource[id]] as const] : [])),
    ),
    secondaryProperties: present(f.secondaryProperties),
    or1: f.or1,
    or2: f.or2,
    procedureCc: f.procedureCc,
    complications: present(f.complications),
    cc: f.cc,
  };
  if (f.birthWeight !== undefined) out.birthWeight = f.birthWeight;
  if (f.category !== undefined) out.category = f.category;
  if (f.mdc !== undefined) out.mdc = f.mdc;
  return out;
}

/** Fills the code-derived part of `f` from the codes readCase resolved. */
export function deriveCodeFeatures(t: CodeTables, f: CaseFacts): void {
  nextGeneration(f);
  const gen = f.gen;
  f.or1 = false;
  f.or2 = false;
  f.procedureCc = 0;
  f.complicationCount = 0;
  f.hasPrincipalFamilies = false;

  // Procedures: their diagnosis properties enter before any diagnosis's (first insert wins the source).
  for (let i = 0; i < f.procedureCount; i++) {
    const p = f.procedureInfo[i];
    if (p === undefined) continue;
    if (p.or1) f.or1 = true;
    if (p.or2) f.or2 = true;
    if (p.ccLevel > f.procedureCc) f.procedureCc = p.ccLevel;
    stampAll(f.procedureProperties, p.properties, gen);
    const dg = f.sex === 'M' ? p.diagnosisPropertiesM : f.sex === 'F' ? p.diagnosisPropertiesF : p.diagnosisProperties;
    for (let k = 0; k < dg.length; k++) {
      const id = dg[k];
      if (f.diagnosisProperties[id] !== gen) {
        f.diagnosisProperties[id] = gen;
        f.diagnosisSource[id] = -1;
      }
    }
  }

  // Slot 0 is the principal; a slot's values are those of its first code, its second code and its pair rule.
  for (let k = 0; k < f.slotCount; k++) {
    addSlot(t, f, k, f.slotDx1[k]);
    addSlot(t, f, k, f.slotDx2[k]);
    addSlot(t, f, k, f.slotPair[k]);
  }

  f.cc = complicationLevel(t, f);
}

function addSlot(t: CodeTables, f: CaseFacts, slot: number, v: CodeValues | undefined): void {
  if (v === undefined) return;
  const gen = f.gen;
  const props = f.sex === 'M' ? v.propertiesM : f.sex === 'F' ? v.propertiesF : v.properties;
  for (let k = 0; k < props.length; k++) {
    const id = props[k];
    if (f.diagnosisProperties[id] !== gen) {
      f.diagnosisProperties[id] = gen;
      f.diagnosisSource[id] = slot;
    }
  }
  stampAll(f.procedureProperties, v.procedureProperties, gen);
  if (v.or1) f.or1 = true;
  if (v.or2) f.or2 = true;
  const compl = v.complications;
  if (slot === 0) {
    stampAll(f.principalProperties, v.principalProperties, gen);
    for (let k = 0; k < compl.length; k++) {
      f.principalFamilies[t.complFamily[compl[k]]] = gen;
      f.hasPrincipalFamilies = true;
    }
  } else {
    stampAll(f.secondaryProperties, props, gen);
    for (let k = 0; k < compl.length; k++) {
      const id = compl[k];
      if (f.complications[id] !== gen) {
        f.complications[id] = gen;
        f.complicationList[f.complicationCount++] = id;
      }
    }
  }
}

/**
 * NordDRG 4.4: drop secondary properties of the principal's own families (when the book asks), then the
 * level is the maximum of the procedure CC and the active, non-excluded properties; after exclusion, the
 * first inclusion (book order) whose property and diagnosis property the case has activates its property,
 * unless that diagnosis property came from the principal — and no later inclusion is looked at.
 */
function complicationLevel(t: CodeTables, f: CaseFacts): number {
  let cc = f.procedureCc;
  if (f.complicationCount === 0) return cc;
  const gen = f.gen;
  const removeFamilies = t.sameFamilyRemoval && f.hasPrincipalFamilies;
  for (let i = 0; i < f.complicationCount; i++) {
    const id = f.complicationList[i];
    if (removeFamilies && f.principalFamilies[t.complFamily[id]] === gen) {
      f.complications[id] = 0;
      continue;
    }
    const level = t.complLevel[id];
    if (t.complActive[id] === 0 || level <= cc || isExcluded(t, f, id)) continue;
    cc = level;
  }
  for (let i = 0; i < t.inclusions.length; i++) {
    const inc = t.inclusions[i];
    if (f.complications[inc.property] !== gen || f.diagnosisProperties[inc.withProperty] !== gen) continue;
    if (f.diagnosisSource[inc.withProperty] !== 0 && inc.level > cc) cc = inc.level;
    break;
  }
  return cc;
}

/** Excluded for this principal: by its code (either code of the slot), by the exact pair, or by category. */
function isExcluded(t: CodeTables, f: CaseFacts, id: number): boolean {
  if (t.exclusionsByCode.get(f.principalCode1)?.has(id)) return true;
  if (f.principalCode2 !== '') {
    if (t.exclusionsByCode.get(f.principalCode2)?.has(id)) return true;
    if (t.exclusionsByPair.get(f.principal)?.has(id)) return true;
  }
  return f.category !== undefined && t.exclusionsByCategory.get(f.category)?.has(id) === true;
}

function stampAll(stamps: Uint32Array, ids: readonly number[], gen: number): void {
  for (let k = 0; k < ids.length; k++) stamps[ids[k]] = gen;
}
