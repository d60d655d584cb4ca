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
  isMissing,
  isPlainDate,
  isPlainId,
  isPlainText,
  Issues,
  plainCode,
  plainDateTime,
  plainGrams,
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
const KNOWN_FIELDS: ReadonlySet<string> = new Set(CASE_FIELDS);

/**
 * Validates and normalises one case. `path` is where the record sits: a JSON path (`$`, `$[3]`) that
 * error paths extend, or a caller's location such as `cases.csv:12` that they keep.
 */
export function validateCaseInput(input: unknown, path = '$'): IntakeResult<CaseRecord> {
  // Nearly every record of a real import is fine: the fast path accepts those without a regex or an
  // error object; anything it is not sure about goes through the full checks below.
  const fast = isPlainObject(input) ? plainCase(input) : undefined;
  if (fast !== undefined) return { ok: true, value: fast };
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

/**
 * The CaseRecord of a case that certainly passes every check of validateCaseInput (the same value it
 * would return), or undefined when anything is missing, wrong or merely unusual.
 */
function plainCase(input: Record<string, unknown>): CaseRecord | undefined {
  const keys = Object.keys(input);
  if (keys.length > CASE_FIELDS.length) return undefined;
  for (let i = 0; i < keys.length; i++) if (!KNOWN_FIELDS.has(keys[i])) return undefined;
  // With every field present, all keys are own; otherwise copy the own ones (a missing field must not
  // be read from a prototype).
  if (keys.length !== CASE_FIELDS.length) input = ownFields(input, keys);
  const { facilityId, claimId, patientId, birthDate, sex, admissionType, dischargeMode, careSetting } = input;
  if (!isPlainId(facilityId, INTAKE_LIMITS.idLength) || !isPlainId(claimId, INTAKE_LIMITS.idLength)) return undefined;
  if (!isPlainId(patientId, INTAKE_LIMITS.idLength) || !isPlainDate(birthDate)) return undefined;
  if (!SEXES.includes(sex as never) || !ADMISSION_TYPES.includes(admissionType as never)) return undefined;
  if (!DISCHARGE_MODES.includes(dischargeMode as never) || !CARE_SETTINGS.includes(careSetting as never))
    return undefined;
  const admissionAt = plainDateTime(input.admissionAt);
  const dischargeAt = plainDateTime(input.dischargeAt);
  if (admissionAt === undefined || dischargeAt === undefined) return undefined;
  const referral = input.referralId;
  const referralId = isMissing(referral) ? null : referral;
  if (referralId !== null && !isPlainId(referralId, INTAKE_LIMITS.idLength)) return undefined;
  const principalDiagnosis = plainCode(input.principalDiagnosis, 'diagnosis');
  if (principalDiagnosis === undefined) return undefined;
  const secondaryDiagnoses = plainCodes(input.secondaryDiagnoses);
  const procedures = plainProcedures(input.procedures);
  const flags = plainFlags(input.flags);
  if (secondaryDiagnoses === undefined || procedures === undefined || flags === undefined) return undefined;
  const birthWeightGrams = plainGrams(input.birthWeightGrams);
  if (birthWeightGrams === undefined) return undefined;
  const dept = input.department;
  const department = isMissing(dept) ? null : dept;
  if (
    department !== null &&
    (typeof department !== 'string' || !isPlainText(department, INTAKE_LIMITS.departmentLength))
  )
    return undefined;
  if (!plainAge(birthDate, admissionAt)) return undefined;
  return {
    facilityId,
    claimId,
    patientId,
    birthDate,
    sex: sex as CaseRecord['sex'],
    admissionAt,
    dischargeAt,
    admissionType: admissionType as CaseRecord['admissionType'],
    referralId,
    dischargeMode: dischargeMode as CaseRecord['dischargeMode'],
    careSetting: careSetting as CaseRecord['careSetting'],
    principalDiagnosis,
    secondaryDiagnoses,
    procedures,
    birthWeightGrams,
    department,
    flags,
  };
}

/** Birth not after admission and age at most maxAgeYears (both dates already checked as real). */
function plainAge(birthDate: string, admissionAt: string): boolean {
  const admissionDay = admissionAt.slice(0, 10);
  if (birthDate > admissionDay) return false;
  let years = +admissionDay.slice(0, 4) - +birthDate.slice(0, 4);
  if (admissionDay.slice(5) < birthDate.slice(5)) years--;
  return years <= INTAKE_LIMITS.maxAgeYears;
}

function plainCodes(v: unknown): string[] | undefined {
  if (isMissing(v)) return [];
  if (!Array.isArray(v) || v.length > INTAKE_LIMITS.secondaryDiagnoses) return undefined;
  const out = new Array<string>(v.length);
  for (let i = 0; i < v.length; i++) {
    const code = plainCode(v[i], 'diagnosis');
    if (code === undefined) return undefined;
    out[i] = code;
  }
  return out;
}

function plainProcedures(v: unknown): ProcedureEntry[] | undefined {
  if (isMissing(v)) return [];
  if (!Array.isArray(v) || v.length > INTAKE_LIMITS.procedures) return undefined;
  const out = new Array<ProcedureEntry>(v.length);
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    if (!isPlainObject(item)) return undefined;
    const keys = Object.keys(item);
    for (let k = 0; k < keys.length; k++) if (keys[k] !== 'code' && keys[k] !== 'date') return undefined;
    const code = plainCode(own(item, 'code'), 'procedure');
    if (code === undefined) return undefined;
    const date = own(item, 'date');
    if (isMissing(date)) out[i] = { code };
    else if (isPlainDate(date)) out[i] = { code, date };
    else return undefined;
  }
  return out;
}

function plainFlags(v: unknown): string[] | undefined {
  if (isMissing(v)) return [];
  if (!Array.isArray(v) || v.length > INTAKE_LIMITS.flags) return undefined;
  for (let i = 0; i < v.length; i++) if (!isPlainId(v[i], INTAKE_LIMITS.flagLength)) return undefined;
  return v.slice() as string[];
}

function ownFields(input: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const k of keys) out[k] = input[k];
  return out;
}
