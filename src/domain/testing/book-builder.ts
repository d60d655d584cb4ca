// Builds small in-memory tariff books for specs. Only for tests: real books come from CSV.
import { Dec } from '../money/decimal';
import { DEFAULT_ROUNDING } from '../money/rounding';
import type {
  DiagnosisCode,
  GroupDef,
  LogicRow,
  ProcedureCode,
  TariffBook,
  TariffBookManifest,
} from '../tariff-book/model';

export function testManifest(over: Partial<TariffBookManifest> = {}): TariffBookManifest {
  return {
    code: 'TEST',
    version: '1',
    name: 'Test book',
    effectiveFrom: '2026-01-01',
    currency: 'UZS',
    illustrative: true,
    rounding: DEFAULT_ROUNDING,
    pricing: {
      shortStayMethod: 'per-day-deduction',
      shortStayShare: new Dec('0.5'),
      coefficientShare: new Dec(1),
      specialBase: 'base',
      transferPerDiem: true,
      deathFirstDayShare: new Dec('0.5'),
      sameDayShare: new Dec('0.3'),
    },
    grouping: { sameFamilyRemoval: true, recodeSexCategory: true, recodeSexProperties: false },
    edits: { maxInpatientLosDays: 365, maxDayCareLosDays: 0, maxAgeYears: 125 },
    capitation: { annualBase: new Dec('420000'), withholdShare: new Dec('0.1') },
    ...over,
  };
}

export function dx(code: string, over: Partial<DiagnosisCode> = {}): DiagnosisCode {
  return {
    code,
    title: code,
    chapter: 'I',
    validPrincipal: true,
    properties: [],
    principalProperties: [],
    complications: [],
    procedureProperties: [],
    orFlag: 0,
    ...over,
  };
}

export function proc(code: string, over: Partial<ProcedureCode> = {}): ProcedureCode {
  return { code, title: code, orFlag: 0, properties: [], ccLevel: 0, diagnosisProperties: [], ...over };
}

export function group(code: string, over: Partial<GroupDef> = {}): GroupDef {
  return {
    code,
    names: { uz: code, ru: code, en: code },
    kind: 'therapeutic',
    weight: new Dec(1),
    meanLos: new Dec(5),
    lowDayDeduction: new Dec(0),
    highDayAddon: new Dec(0),
    guaranteed: true,
    ...over,
  };
}

export function row(id: string, groupCode: string, over: Partial<LogicRow> = {}): LogicRow {
  return { id, order: 0, group: groupCode, returnCode: '0', diagnosisProperties: [], ...over };
}

export function testBook(
  over: Partial<Omit<TariffBook, 'diagnoses' | 'procedures' | 'groups'>> & {
    diagnoses?: DiagnosisCode[];
    procedures?: ProcedureCode[];
    groups?: GroupDef[];
  } = {},
): TariffBook {
  const { diagnoses = [], procedures = [], groups = [], logic = [], ...rest } = over;
  return {
    manifest: testManifest(),
    diagnosisPairRules: [],
    complications: new Map(),
    complicationExclusions: [],
    baseRates: [],
    coefficients: [],
    capitationBands: [],
    capitationAdjustments: new Map(),
    fees: [],
    ...rest,
    logic: logic.map((r, order) => ({ ...r, order })),
    diagnoses: new Map(diagnoses.map((d) => [d.code, d])),
    procedures: new Map(procedures.map((p) => [p.code, p])),
    groups: new Map(groups.map((g) => [g.code, g])),
  };
}
