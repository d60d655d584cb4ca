// The case JSON Lines format: one CaseRecord object per line (docs/case-formats.md).
import type { CaseRecord, ProcedureEntry } from '../domain/cases';
import { FieldChecker } from './case-fields';
import type { InputRowError } from './input-error';

const KNOWN_KEYS = new Set([
  'facilityId',
  'claimId',
  'patientId',
  'birthDate',
  'sex',
  'admissionAt',
  'dischargeAt',
  'admissionType',
  'referralId',
  'dischargeMode',
  'careSetting',
  'principalDiagnosis',
  'secondaryDiagnoses',
  'procedures',
  'birthWeightGrams',
  'department',
  'flags',
]);

/** The JSON line of a case (no line break). */
export function caseToJsonLine(c: CaseRecord): string {
  return JSON.stringify(c);
}

type RowResult = { record: CaseRecord; errors?: undefined } | { record?: undefined; errors: InputRowError[] };

/** Parses one line into a CaseRecord of the same shape the CSV reader and the generator produce. */
export function parseCaseJsonLine(text: string, file: string, line: number): RowResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { errors: [{ file, line, code: 'INVALID_JSON', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { errors: [{ file, line, code: 'INVALID_JSON', message: 'each line must be one JSON object (a case)' }] };
  }
  const o = value as Record<string, unknown>;
  const f = new FieldChecker();
  const extra: InputRowError[] = [];
  const bad = (field: string, message: string) => extra.push({ file, line, field, code: 'INVALID_VALUE', message });
  for (const key of Object.keys(o)) {
    if (!KNOWN_KEYS.has(key))
      extra.push({ file, line, field: key, code: 'UNKNOWN_FIELD', message: `unknown field "${key}"` });
  }
  // Strings may be absent or null (read as empty); anything else in a string field is an error.
  const str = (key: string): string => {
    const v = o[key];
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') {
      bad(key, `must be a string, got ${JSON.stringify(v)}`);
      return '';
    }
    return v.trim();
  };
  const strings = (key: string): string[] => {
    const v = o[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      bad(key, 'must be an array of strings');
      return [];
    }
    return (v as string[]).map((x) => x.trim()).filter((x) => x !== '');
  };
  const procedures = (): ProcedureEntry[] => {
    const v = o.procedures;
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      bad('procedures', 'must be an array of {code, date?} objects');
      return [];
    }
    const out: ProcedureEntry[] = [];
    v.forEach((p, i) => {
      const code = typeof p === 'object' && p !== null ? (p as { code?: unknown }).code : undefined;
      const date = typeof p === 'object' && p !== null ? (p as { date?: unknown }).date : undefined;
      if (
        typeof code !== 'string' ||
        code.trim() === '' ||
        (date !== undefined && date !== null && typeof date !== 'string')
      ) {
        bad(`procedures[${i}]`, `must be {"code": "...", "date": "YYYY-MM-DD"}, got ${JSON.stringify(p)}`);
        return;
      }
      const entry =
        typeof date === 'string' && date !== ''
          ? f.procedure(`procedures[${i}]`, `${code.trim()}@${date.trim()}`)
          : { code: code.trim() };
      out.push(entry);
    });
    return out;
  };
  const grams = (): number | null => {
    const v = o.birthWeightGrams;
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number') {
      bad('birthWeightGrams', `must be a whole number of grams, got ${JSON.stringify(v)}`);
      return null;
    }
    return f.grams('birthWeightGrams', String(v));
  };
  const referral = str('referralId');
  const department = str('department');
  const record: CaseRecord = {
    facilityId: f.required('facilityId', str('facilityId')),
    claimId: f.required('claimId', str('claimId')),
    patientId: str('patientId'),
    birthDate: f.date('birthDate', str('birthDate')),
    sex: f.sex('sex', str('sex')),
    admissionAt: f.dateTime('admissionAt', str('admissionAt')),
    dischargeAt: f.dateTime('dischargeAt', str('dischargeAt')),
    admissionType: f.admissionType('admissionType', str('admissionType')),
    referralId: referral === '' ? null : referral,
    dischargeMode: f.dischargeMode('dischargeMode', str('dischargeMode')),
    careSetting: f.careSetting('careSetting', str('careSetting')),
    principalDiagnosis: str('principalDiagnosis'),
    secondaryDiagnoses: strings('secondaryDiagnoses'),
    procedures: procedures(),
    birthWeightGrams: grams(),
    department: department === '' ? null : department,
    flags: strings('flags'),
  };
  const errors = [...extra, ...f.problems.map((p) => ({ file, line, ...p }))];
  return errors.length === 0 ? { record } : { errors };
}
