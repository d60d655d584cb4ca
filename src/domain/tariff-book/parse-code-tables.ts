// Code tables: diagnoses, diagnosis pair rules, procedures, complication properties and exclusions.
import { KeyRegistry } from './cell-reader';
import type { CsvRow, TableSpec } from './csv-table';
import type {
  ComplicationExclusion,
  ComplicationProperty,
  DiagnosisCode,
  DiagnosisPairKind,
  DiagnosisPairRule,
  ProcedureCode,
} from './model';
import type { ParseContext } from './parse-context';

/** Diagnosis codes are matched verbatim against case codes, so separators used in cases are refused. */
const DIAGNOSIS_CODE_FORBIDDEN = ';,.+&';
const NOT_PRINCIPAL_CATEGORY = '99M00';
const OR_FLAGS = ['0', '1', '2'] as const;
const SEX_ONLY = ['M', 'F'] as const;

export const DIAGNOSES_SPEC: TableSpec = {
  file: 'diagnoses.csv',
  required: ['code'],
  optional: [
    'title',
    'chapter',
    'category',
    'principal',
    'sex',
    'age_min',
    'age_max',
    'properties',
    'principal_properties',
    'complications',
    'procedure_properties',
    'or',
    'valid_from',
    'valid_to',
  ],
};

export function parseDiagnoses(
  rows: readonly CsvRow[],
  ctx: ParseContext,
): { map: Map<string, DiagnosisCode>; keys: Set<string> } {
  const codes = new KeyRegistry('diagnosis');
  const list = ctx.eachRow(DIAGNOSES_SPEC.file, rows, (r) => {
    const code = r.code('code', DIAGNOSIS_CODE_FORBIDDEN);
    if (code !== undefined) codes.claim(r, 'code', code);
    const category = r.optional('category');
    const sex = r.oneOf('sex', SEX_ONLY);
    const ageMinYears = r.integer('age_min', { min: 0 });
    const ageMaxYears = r.integer('age_max', { min: 0 });
    if (ageMinYears !== undefined && ageMaxYears !== undefined && ageMaxYears < ageMinYears) {
      r.report('age_max', 'INVALID_RANGE', `age_max ${ageMaxYears} is below age_min ${ageMinYears}`);
    }
    const complications = r.list('complications');
    for (const c of complications) ctx.refer(r, 'complications', 'complication', c);
    const orFlag = r.oneOf('or', OR_FLAGS);
    const d: DiagnosisCode = {
      code: code ?? '',
      title: r.text('title'),
      chapter: r.text('chapter'),
      ...(category !== undefined && { category }),
      // Not stated: a code is acceptable as principal unless its category says otherwise.
      validPrincipal: r.bool('principal', category !== NOT_PRINCIPAL_CATEGORY),
      ...(sex !== undefined && { sex }),
      ...(ageMinYears !== undefined && { ageMinYears }),
      ...(ageMaxYears !== undefined && { ageMaxYears }),
      properties: r.list('properties'),
      principalProperties: r.list('principal_properties'),
      complications,
      procedureProperties: r.list('procedure_properties'),
      orFlag: orFlag === undefined ? 0 : (Number(orFlag) as 0 | 1 | 2),
      ...r.validity(),
    };
    return d;
  });
  return { map: new Map(list.map((d) => [d.code, d])), keys: codes.keys() };
}

export const DIAGNOSIS_PAIRS_SPEC: TableSpec = {
  file: 'diagnosis-pairs.csv',
  required: ['code', 'paired_code', 'kind', 'value'],
  optional: [],
};

const PAIR_KINDS: readonly DiagnosisPairKind[] = [
  'category',
  'property',
  'principal-property',
  'complication',
  'procedure-property',
  'or',
];

export function parseDiagnosisPairs(rows: readonly CsvRow[], ctx: ParseContext): DiagnosisPairRule[] {
  const seen = new KeyRegistry('rule');
  return ctx.eachRow(DIAGNOSIS_PAIRS_SPEC.file, rows, (r) => {
    const code = r.code('code', DIAGNOSIS_CODE_FORBIDDEN);
    const pairedCode = r.code('paired_code', DIAGNOSIS_CODE_FORBIDDEN);
    if (code !== undefined) ctx.refer(r, 'code', 'diagnosis', code);
    if (pairedCode !== undefined) ctx.refer(r, 'paired_code', 'diagnosis', pairedCode);
    const kind = r.oneOf('kind', PAIR_KINDS, true);
    const value = r.required('value');
    if (kind === 'or' && value !== undefined && !(OR_FLAGS as readonly string[]).includes(value)) {
      r.report('value', 'INVALID_VALUE', `an or rule needs 0, 1 or 2, got "${value}"`);
    }
    if (kind === 'complication' && value !== undefined) ctx.refer(r, 'value', 'complication', value);
    if (code === undefined || pairedCode === undefined || kind === undefined || value === undefined) return undefined;
    // A slot has one category; other kinds may add several values, but not the same one twice.
    const key = kind === 'category' ? `${pairedCode}|${code}|category` : `${pairedCode}|${code}|${kind}|${value}`;
    seen.claim(r, 'code', key, `${pairedCode}+${code} ${kind}${kind === 'category' ? '' : ' ' + value}`);
    return { code, pairedCode, kind, value };
  });
}

export const PROCEDURES_SPEC: TableSpec = {
  file: 'procedures.csv',
  required: ['code'],
  optional: ['title', 'or', 'properties', 'cc', 'diagnosis_properties', 'sex', 'mdc', 'valid_from', 'valid_to'],
};

export function parseProcedures(rows: readonly CsvRow[], ctx: ParseContext): Map<string, ProcedureCode> {
  const codes = new KeyRegistry('procedure');
  const list = ctx.eachRow(PROCEDURES_SPEC.file, rows, (r) => {
    const code = r.code('code', ';,');
    if (code !== undefined) codes.claim(r, 'code', code);
    const orFlag = r.oneOf('or', OR_FLAGS);
    const sex = r.oneOf('sex', SEX_ONLY);
    const mdc = r.optional('mdc');
    const p: ProcedureCode = {
      code: code ?? '',
      title: r.text('title'),
      orFlag: orFlag === undefined ? 0 : (Number(orFlag) as 0 | 1 | 2),
      properties: r.list('properties'),
      ccLevel: r.integer('cc', { min: 0 }) ?? 0,
      diagnosisProperties: r.list('diagnosis_properties'),
      ...(sex !== undefined && { sex }),
      ...(mdc !== undefined && { mdc }),
      ...r.validity(),
    };
    return p;
  });
  return new Map(list.map((p) => [p.code, p]));
}

export const COMPLICATIONS_SPEC: TableSpec = {
  file: 'complications.csv',
  required: ['property', 'level'],
  optional: ['active', 'include_with_property', 'family'],
};

export function parseComplications(
  rows: readonly CsvRow[],
  ctx: ParseContext,
): { map: Map<string, ComplicationProperty>; keys: Set<string> } {
  const properties = new KeyRegistry('complication property');
  const list = ctx.eachRow(COMPLICATIONS_SPEC.file, rows, (r) => {
    const property = r.code('property');
    if (property !== undefined) properties.claim(r, 'property', property);
    const level = r.integer('level', { required: true, min: 0, max: 2 });
    const includeWithProperty = r.optional('include_with_property');
    const family = r.optional('family');
    const c: ComplicationProperty = {
      property: property ?? '',
      level: level ?? 0,
      active: r.bool('active', true),
      ...(includeWithProperty !== undefined && { includeWithProperty }),
      ...(family !== undefined && { family }),
    };
    return c;
  });
  return { map: new Map(list.map((c) => [c.property, c])), keys: properties.keys() };
}

export const COMPLICATION_EXCLUSIONS_SPEC: TableSpec = {
  file: 'complication-exclusions.csv',
  required: ['property'],
  optional: ['principal_code', 'principal_paired_code', 'principal_category'],
};

export function parseComplicationExclusions(rows: readonly CsvRow[], ctx: ParseContext): ComplicationExclusion[] {
  return ctx.eachRow(COMPLICATION_EXCLUSIONS_SPEC.file, rows, (r) => {
    const property = r.code('property');
    if (property !== undefined) ctx.refer(r, 'property', 'complication', property);
    const principalCode = r.optional('principal_code');
    const principalPairedCode = r.optional('principal_paired_code');
    const principalCategory = r.optional('principal_category');
    if (principalCode === undefined && principalCategory === undefined) {
      r.report('principal_code', 'REQUIRED', 'give principal_code or principal_category (or both)');
    }
    if (principalPairedCode !== undefined && principalCode === undefined) {
      r.report('principal_paired_code', 'REQUIRED', 'principal_paired_code needs principal_code');
    }
    const e: ComplicationExclusion = {
      property: property ?? '',
      ...(principalCode !== undefined && { principalCode }),
      ...(principalPairedCode !== undefined && { principalPairedCode }),
      ...(principalCategory !== undefined && { principalCategory }),
    };
    return e;
  });
}
