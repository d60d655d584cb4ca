import type { Dec } from '../money/decimal';
import type { RoundingPolicy } from '../money/rounding';
import type { AdmissionType, CareSetting, DischargeMode } from '../cases/case';
import type { NumericCondition, SpecialCondition, StringCondition } from './conditions';

/**
 * The in-memory tariff book: everything that decides a payment, loaded from a directory of CSV
 * tables plus a manifest (docs/tariff-book.md). Immutable once loaded. The grouping tables can hold
 * a NordDRG definition set (shared/reference/norddrg-format.md) as well as Hisob's own books.
 */
export interface TariffBook {
  manifest: TariffBookManifest;
  diagnoses: ReadonlyMap<string, DiagnosisCode>;
  /** Rules that apply to a (code, pairedCode) pair of one diagnosis slot, as NordDRG `d_code` rows. */
  diagnosisPairRules: readonly DiagnosisPairRule[];
  procedures: ReadonlyMap<string, ProcedureCode>;
  complications: ReadonlyMap<string, ComplicationProperty>;
  complicationExclusions: readonly ComplicationExclusion[];
  /** In file order: the first row whose conditions all hold decides the group. */
  logic: readonly LogicRow[];
  groups: ReadonlyMap<string, GroupDef>;
  baseRates: readonly BaseRate[];
  coefficients: readonly Coefficient[];
  capitationBands: readonly CapitationBand[];
  capitationAdjustments: ReadonlyMap<string, CapitationAdjustment>;
  fees: readonly FeeScheduleEntry[];
}

export interface TariffBookManifest {
  code: string;
  version: string;
  name: string;
  /** ISO dates; effectiveTo inclusive, open when absent. */
  effectiveFrom: string;
  effectiveTo?: string;
  currency: string;
  /** True for sample books whose figures are made up. */
  illustrative: boolean;
  rounding: RoundingPolicy;
  pricing: PricingOptions;
  grouping: GroupingOptions;
  edits: EditOptions;
  capitation: CapitationOptions;
}

export interface PricingOptions {
  /** Below the low trim point: deduct a weight per day short (G-DRG) or pay a share of the full payment (KSG). */
  shortStayMethod: 'per-day-deduction' | 'share';
  /** Share used by the `share` method when the group has none of its own. */
  shortStayShare: Dec;
  /** Share of the tariff that the level and management coefficients apply to (1 = all of it; KSG uses less). */
  coefficientShare: Dec;
  /** Special-case coefficients are added as base × Σ special (`base`) or base × weight × Σ special (`base-weight`). */
  specialBase: 'base' | 'base-weight';
  /** Transfers out are paid per diem (full ÷ mean LOS per day), capped at the full payment. */
  transferPerDiem: boolean;
  /** Death within the first day (under 24 hours): share of the full payment. */
  deathFirstDayShare: Dec;
  /** Inpatient admitted and discharged on the same calendar day (not death): share of the full payment. */
  sameDayShare: Dec;
}

export interface GroupingOptions {
  /** NordDRG 4.4: a complication property of the principal diagnosis's own family is not counted. */
  sameFamilyRemoval: boolean;
  /** NordDRG: recode sex-dependent categories/properties (prefix `98`) to `12` (male) / `13` (female). */
  recodeSexCategory: boolean;
  recodeSexProperties: boolean;
}

export interface EditOptions {
  maxInpatientLosDays: number;
  maxDayCareLosDays: number;
  /** Oldest plausible age in years; older is an age conflict. */
  maxAgeYears: number;
}

export interface CapitationOptions {
  /** Annual per-capita base amount. */
  annualBase: Dec;
  /** Share of the monthly amount withheld for performance. */
  withholdShare: Dec;
}

export interface DiagnosisCode {
  code: string;
  title: string;
  /** ICD-10 chapter (roman numeral or number as written in the book). */
  chapter: string;
  /** Diagnosis category (NordDRG DGCAT, e.g. `04M01`); its first two characters are the MDC. */
  category?: string;
  /** Acceptable as principal diagnosis. */
  validPrincipal: boolean;
  /** Only valid for this sex. */
  sex?: 'M' | 'F';
  ageMinYears?: number;
  ageMaxYears?: number;
  /** Diagnosis properties (DGPROP) this code gives wherever it stands. */
  properties: readonly string[];
  /** Properties (PDGPRO) this code gives only as the principal diagnosis. */
  principalProperties: readonly string[];
  /** Complication properties (COMPL) this code gives as a secondary diagnosis. */
  complications: readonly string[];
  /** Procedure properties a diagnosis can imply (NordDRG dg PROCPR), rare. */
  procedureProperties: readonly string[];
  /** OR flag a diagnosis can imply (NordDRG dg OR), rare: 0 none, 1 OR, 2 other significant. */
  orFlag: 0 | 1 | 2;
  validFrom?: string;
  validTo?: string;
}

export type DiagnosisPairKind =
  'category' | 'property' | 'principal-property' | 'complication' | 'procedure-property' | 'or';

export interface DiagnosisPairRule {
  /** The slot matches when its first code is `pairedCode` and its second is `code`. */
  code: string;
  pairedCode: string;
  kind: DiagnosisPairKind;
  value: string;
}

export interface ProcedureCode {
  code: string;
  title: string;
  /** 1 = operating-room procedure, 2 = other significant procedure (NordDRG OR 2), 0 = neither. */
  orFlag: 0 | 1 | 2;
  /** Procedure properties (PROCPR). */
  properties: readonly string[];
  /** Complication level the procedure itself implies (NordDRG proc CC). */
  ccLevel: number;
  /** Diagnosis properties derived from the procedure (NordDRG proc DGPROP). */
  diagnosisProperties: readonly string[];
  sex?: 'M' | 'F';
  /** Body system (MDC) the procedure belongs to; informational (the sample generator uses it). */
  mdc?: string;
  validFrom?: string;
  validTo?: string;
}

export interface ComplicationProperty {
  property: string;
  /** 1 = CC, 2 = major CC. */
  level: number;
  /** Inactive properties count only when included (see includeWithProperty). */
  active: boolean;
  /** An inactive property becomes active when the case has this diagnosis property (NordDRG complcat). */
  includeWithProperty?: string;
  /** Properties of one family cancel each other: the principal's family is not a complication. */
  family?: string;
}

export interface ComplicationExclusion {
  /** Complication property that does not count… */
  property: string;
  /** …when the principal diagnosis is this code (exact)… */
  principalCode?: string;
  /** …optionally only when the principal slot's first code is this one (pair exclusion)… */
  principalPairedCode?: string;
  /** …or when the principal diagnosis has this category. */
  principalCategory?: string;
}

export type OrCondition = 'S' | 'P' | 'N' | 'Z' | '+' | '-';

export interface LogicRow {
  id: string;
  /** 0-based position in the file: earlier rows win. */
  order: number;
  group: string;
  /** '0' for a normal result; anything else is an error return code. */
  returnCode: string;
  careSetting?: CareSetting;
  /** '+' needs a valid principal diagnosis, '-' needs none. */
  principalValid?: '+' | '-';
  mdc?: StringCondition;
  principalCategory?: StringCondition;
  principalProperty?: StringCondition;
  or?: OrCondition;
  procedureProperty?: StringCondition;
  secondProcedureProperty?: StringCondition;
  /** Diagnosis properties of any diagnosis (principal included), all required. */
  diagnosisProperties: readonly StringCondition[];
  /** A property of a secondary diagnosis only. */
  secondaryProperty?: StringCondition;
  cc?: NumericCondition;
  ageDays?: NumericCondition;
  ageYears?: NumericCondition;
  sex?: 'M' | 'F' | 'U';
  discharge?: { negate: boolean; modes: readonly DischargeMode[] };
  los?: NumericCondition;
  birthWeight?: NumericCondition;
  admissionType?: AdmissionType;
  /** Output only (NordDRG loc_drg). */
  altGroup?: string;
}

export type GroupKind = 'surgical' | 'therapeutic' | 'error';

export interface GroupDef {
  code: string;
  names: { uz: string; ru: string; en: string };
  careSetting?: CareSetting;
  kind: GroupKind;
  mdc?: string;
  weight: Dec;
  meanLos: Dec;
  /** Stays shorter than this many days are short stays. */
  lowTrim?: number;
  /** Stays longer than this many days are long stays. */
  highTrim?: number;
  /** Weight deducted per day below the low trim point. */
  lowDayDeduction: Dec;
  /** Weight added per day above the high trim point. */
  highDayAddon: Dec;
  /** Short-stay share for the `share` method; the book default when absent. */
  shortStayShare?: Dec;
  /** In the guaranteed (free) package: the fund pays. */
  guaranteed: boolean;
  /** For error groups: the return code that leads here. */
  returnCode?: string;
}

export interface BaseRate {
  careSetting: CareSetting;
  region?: string;
  validFrom: string;
  validTo?: string;
  amount: Dec;
}

export type CoefficientKind = 'level' | 'management' | 'special';

export interface Coefficient {
  code: string;
  kind: CoefficientKind;
  /** For `level`: district, regional or republican. For `management`: a facility id, or empty for all. */
  appliesTo?: string;
  value: Dec;
  /** For `special`: when it applies. */
  condition?: SpecialCondition;
  description: string;
  validFrom?: string;
  validTo?: string;
}

export interface CapitationBand {
  code: string;
  sex: 'M' | 'F' | '*';
  /** Inclusive age range in completed years at the snapshot date. */
  ageFrom: number;
  ageTo: number;
  coefficient: Dec;
}

export interface CapitationAdjustment {
  code: string;
  description: string;
  value: Dec;
}

export type TelemedicineMode = 'video' | 'store-forward' | 'remote-monitoring' | 'mobile-health';
export const TELEMEDICINE_MODES: readonly TelemedicineMode[] = [
  'video',
  'store-forward',
  'remote-monitoring',
  'mobile-health',
];

export interface FeeScheduleEntry {
  serviceCode: string;
  title: string;
  /** Telemedicine mode; absent for ordinary fee-for-service. */
  mode?: TelemedicineMode;
  /** Per service, or a monthly fee per monitored patient. */
  unit: 'service' | 'patient-month';
  amount: Dec;
  validFrom?: string;
  validTo?: string;
}
