// Validates one raw case (parsed JSON, a CSV row turned into an object, or a mapped FHIR Claim) into a
// CaseRecord. Strict: unknown fields, malformed values and out-of-range values are errors; clinical
// consistency (discharge before admission, codes unknown to the book, sex/age conflicts) is left to the
// engine's edits, which send such a case to an error group instead.
import {
  ADMISSION_TYPES,
  CARE_SETTINGS,
  type CaseRecord,
  DISCHARGE_MODES,
  type ProcedureEntry,
  SEXES,
} from '../../../domain/cases/case';
import { ageInYears, dayNumber } from '../../../domain/cases/dates';
import {
  checkArray,
  checkCode,
  checkDate,
  checkEnum,
  checkGrams,
  checkId,
  checkText,
  Issues,
  typeName,
} from './field-checks';
import type { IntakeResult } from './intake-error';
import { INTAKE_LIMITS } from './intake-limits';
import { childField, indexField, isPlainObject, own } from './json-path';

/** Every field a case may carry; anything else is UNKNOWN_FIELD. */
export const CASE_FIELDS: readonly (keyof CaseRecord)[] = [
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
];
const PROCEDURE_FIELDS = ['code', 'date'];

/**
 * Validates and normalises one case. `path` is where the record sits: a JSON path (`$`, `$[3]`) that
 * error paths extend, or a caller's location such as `cases.csv:12` that they keep.
 */
export function validateCaseInput(input: unknown, path = '$'): IntakeResult<CaseRecord> {
  const issues = new Issues(path);
  if (!isPlainObject(input)) {
    issues.add('', 'TYPE', `a case must be a JSON object, not ${typeName(input)}`);
    return { ok: false, errors: issues.errors };
  }
  reportUnknownFields(issues, '', input, CASE_FIELDS);
  const get = (k: keyof CaseRecord) => own(input, k);

  const facilityId = checkId(issues, 'facilityId', get('facilityId'), true);
  const claimId = checkId(issues, 'claimId', get('claimId'), true);
  const patientId = checkId(issues, 'patientId', get('patientId'), true);
  const birthDate = checkDate(issues, 'birthDate', get('birthDate'), { required: true, withTime: false });
  const sex = checkEnum(issues, 'sex', get('sex'), SEXES);
  const admissionAt = checkDate(issues, 'admissionAt', get('admissionAt'), { required: true, withTime: true });
  const dischargeAt = checkDate(issues, 'dischargeAt', get('dischargeAt'), { required: true, withTime: true });
  const admissionType = checkEnum(issues, 'admissionType', get('admissionType'), ADMISSION_TYPES);
  const referralId = checkId(issues, 'referralId', get('referralId'), false);
  const dischargeMode = checkEnum(issues, 'dischargeMode', get('dischargeMode'), DISCHARGE_MODES);
  const careSetting = checkEnum(issues, 'careSetting', get('careSetting'), CARE_SETTINGS);
  const principalDiagnosis = checkCode(issues, 'principalDiagnosis', get('principalDiagnosis'));
  const secondaryDiagnoses = readSecondaryDiagnoses(issues, get('secondaryDiagnoses'));
  const procedures = readProcedures(issues, get('procedures'));
  const birthWeightGrams = checkGrams(issues, 'birthWeightGrams', get('birthWeightGrams'));
  const department = checkText(issues, 'department', get('department'), INTAKE_LIMITS.departmentLength);
  const flags = readFlags(issues, get('flags'));

  if (birthDate && admissionAt) checkAge(issues, birthDate, admissionAt);
  if (issues.errors.length > 0) return { ok: false, errors: issues.errors };

  // With no errors every required value above is defined; the casts only tell the compiler so.
  const value: CaseRecord = {
    facilityId: facilityId as string,
    claimId: claimId as string,
    patientId: patientId as string,
    birthDate: birthDate as string,
    sex: sex!,
    admissionAt: admissionAt as string,
    dischargeAt: dischargeAt as string,
    admissionType: admissionType!,
    referralId: referralId ?? null,
    dischargeMode: dischargeMode!,
    careSetting: careSetting!,
    principalDiagnosis: principalDiagnosis!,
    secondaryDiagnoses: secondaryDiagnoses!,
    procedures: procedures!,
    birthWeightGrams: birthWeightGrams ?? null,
    department: department ?? null,
    flags: flags!,
  };
  return { ok: true, value };
}

/** Birth must not follow admission (a negative age), and nobody is older than 125 at admission. */
function checkAge(issues: Issues, birthDate: string, admissionAt: string): void {
  if (dayNumber(birthDate) > dayNumber(admissionAt)) {
    issues.add('birthDate', 'RANGE', 'birthDate is after the admission date');
  } else if (ageInYears(birthDate, admissionAt) > INTAKE_LIMITS.maxAgeYears) {
    issues.add('birthDate', 'RANGE', `age at admission is over ${INTAKE_LIMITS.maxAgeYears} years`);
  }
}

function reportUnknownFields(issues: Issues, parent: string, obj: Record<string, unknown>, known: readonly string[]) {
  const unknown = Object.keys(obj).filter((k) => !known.includes(k));
  const shown = unknown.slice(0, INTAKE_LIMITS.unknownFieldsReported);
  for (const key of shown) {
    issues.add(childField(parent, key), 'UNKNOWN_FIELD', `unknown field; expected one of ${known.join(', ')}`);
  }
  if (unknown.length > shown.length) {
    const more = unknown.length - shown.length;
    issues.add(parent, 'UNKNOWN_FIELD', `${more} more unknown fields not listed`);
  }
}

function readSecondaryDiagnoses(issues: Issues, v: unknown): string[] | undefined {
  const items = checkArray(issues, 'secondaryDiagnoses', v, INTAKE_LIMITS.secondaryDiagnoses);
  if (!items) return undefined;
  const codes = items.map((item, i) => checkCode(issues, indexField('secondaryDiagnoses', i), item));
  return codes.every((c) => c !== undefined) ? (codes as string[]) : undefined;
}

function readProcedures(issues: Issues, v: unknown): ProcedureEntry[] | undefined {
  const items = checkArray(issues, 'procedures', v, INTAKE_LIMITS.procedures);
  if (!items) return undefined;
  const out: ProcedureEntry[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const field = indexField('procedures', i);
    if (!isPlainObject(item)) {
      issues.add(field, 'TYPE', `${field} must be an object with code and optional date, not ${typeName(item)}`);
      ok = false;
      return;
    }
    const before = issues.errors.length;
    reportUnknownFields(issues, field, item, PROCEDURE_FIELDS);
    const code = checkCode(issues, `${field}.code`, own(item, 'code'), 'procedure');
    const date = checkDate(issues, `${field}.date`, own(item, 'date'), { required: false, withTime: false });
    if (issues.errors.length > before) ok = false;
    else out.push(date ? { code: code!, date } : { code: code! });
  });
  return ok ? out : undefined;
}

function readFlags(issues: Issues, v: unknown): string[] | undefined {
  const items = checkArray(issues, 'flags', v, INTAKE_LIMITS.flags);
  if (!items) return undefined;
  const flags = items.map((item, i) => {
    const field = indexField('flags', i);
    if (item === null || item === '') {
      issues.add(field, 'REQUIRED', `${field} must not be empty`);
      return undefined;
    }
    return checkId(issues, field, item, true, INTAKE_LIMITS.flagLength);
  });
  return flags.every((f) => typeof f === 'string') ? (flags as string[]) : undefined;
}
