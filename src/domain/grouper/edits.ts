// Edits run before grouping: a case with any finding goes to an error group and is never priced.
// All findings are collected; they are returned in priority order, which is the numeric order of the codes
// (form before content): E01 missing field, E02 malformed value, E03 unknown diagnosis, E04 unknown
// procedure, E05 code not valid on the discharge date, E06 not acceptable as principal, E07 sex conflict,
// E08 age conflict, E09 discharge before admission, E10 stay too long for the care setting. Within one
// code, findings keep the order of the case's fields. The case's return code is the first finding's code.
import { ADMISSION_TYPES, CARE_SETTINGS, DISCHARGE_MODES, SEXES, type CaseRecord } from '../cases/case';
import type { EditOptions, TariffBook } from '../tariff-book/model';
import { caseMinuteNumber } from './case-dates';
import { caseFields, newCaseFacts, readCase, type CaseFacts } from './case-facts';
import { codeTablesFor, type DxInfo, type ProcInfo } from './code-tables';
import { ReturnCodes, type EditFinding } from './result';

/** Edits of one case against a book (compiles the book's code tables on first use). Empty when the case passes. */
export function runEdits(book: TariffBook, c: CaseRecord): EditFinding[] {
  const t = codeTablesFor(book);
  const f = newCaseFacts(t);
  readCase(t, c, f);
  return checkCase(book.manifest.edits, c, f) ?? [];
}

/** Newborns (0–28 days) whose principal is in this MDC must carry a birth weight. */
const NEWBORN_MDC = '15';
const NEWBORN_MAX_DAYS = 28;
const PAIR_SEPARATOR = '&';

type Findings = EditFinding[] | undefined;

/** The edits proper; `f` must hold readCase of the same case. Returns undefined when the case passes. */
export function checkCase(limits: EditOptions, c: unknown, f: CaseFacts): Findings {
  const r = caseFields(c);
  let out: Findings;

  // The helpers get the value, not the field name to read: one call site per field keeps each
  // property read monomorphic (a shared r[field] read was megamorphic and showed in profiles).
  out = requiredText(out, r.facilityId, 'facilityId');
  out = requiredText(out, r.claimId, 'claimId');
  out = requiredText(out, r.patientId, 'patientId');
  out = requiredDate(out, r.birthDate, 'birthDate', f.birthMinute);
  out = requiredOneOf(out, r.sex, 'sex', SEXES);
  out = requiredDate(out, r.admissionAt, 'admissionAt', f.admissionMinute);
  out = requiredDate(out, r.dischargeAt, 'dischargeAt', f.dischargeMinute);
  out = requiredText(out, r.principalDiagnosis, 'principalDiagnosis');
  if (
    typeof r.principalDiagnosis === 'string' &&
    r.principalDiagnosis !== '' &&
    !wellFormedSlot(r.principalDiagnosis)
  ) {
    out = add(out, ReturnCodes.INVALID_VALUE, 'principalDiagnosis', slotMessage(r.principalDiagnosis));
  }
  out = requiredOneOf(out, r.careSetting, 'careSetting', CARE_SETTINGS);
  out = requiredOneOf(out, r.dischargeMode, 'dischargeMode', DISCHARGE_MODES);
  out = requiredOneOf(out, r.admissionType, 'admissionType', ADMISSION_TYPES);
  out = optionalFields(out, r);

  const datesValid = !Number.isNaN(f.admissionMinute) && !Number.isNaN(f.dischargeMinute);
  const ageKnown = !Number.isNaN(f.ageDays) && f.ageDays >= 0;
  const dischargeDay = Number.isNaN(f.dischargeMinute) ? NaN : Math.floor(f.dischargeMinute / 1440);

  // The principal slot: each code known, valid on the date, fits the patient; the first one acceptable as principal.
  if (typeof r.principalDiagnosis === 'string' && wellFormedSlot(r.principalDiagnosis)) {
    out = diagnosisSlot(out, f, 0, dischargeDay, ageKnown);
    const first = f.slotDx1[0];
    if (first !== undefined && (!first.validPrincipal || f.category === '99M00')) {
      out = add(
        out,
        ReturnCodes.INVALID_PRINCIPAL,
        'principalDiagnosis',
        `${f.principal} is not acceptable as principal diagnosis`,
      );
    }
  }

  const secondaries = r.secondaryDiagnoses;
  if (Array.isArray(secondaries)) {
    for (let i = 0; i < secondaries.length; i++) {
      const s: unknown = secondaries[i];
      const slot = i + 1;
      if (typeof s === 'string' && s !== '' && wellFormedSlot(s)) {
        out = diagnosisSlot(out, f, slot, dischargeDay, ageKnown);
      } else if (isMissing(s)) {
        out = add(out, ReturnCodes.MISSING_FIELD, dxField(slot), 'empty diagnosis');
      } else if (typeof s !== 'string') {
        out = add(out, ReturnCodes.INVALID_VALUE, dxField(slot), 'a diagnosis must be a code');
      } else {
        out = add(out, ReturnCodes.INVALID_VALUE, dxField(slot), slotMessage(s));
      }
    }
  } else if (secondaries !== undefined && secondaries !== null) {
    out = add(out, ReturnCodes.INVALID_VALUE, 'secondaryDiagnoses', 'must be a list of codes');
  }

  const procedures = r.procedures;
  if (Array.isArray(procedures)) {
    for (let i = 0; i < procedures.length; i++) out = procedure(out, f, procedures[i], i, dischargeDay);
  } else if (procedures !== undefined && procedures !== null) {
    out = add(out, ReturnCodes.INVALID_VALUE, 'procedures', 'must be a list of procedures');
  }

  if (!Number.isNaN(f.ageDays)) {
    if (f.ageDays < 0) out = add(out, ReturnCodes.AGE_CONFLICT, 'birthDate', 'born after admission');
    else if (f.ageYears > limits.maxAgeYears) {
      out = add(out, ReturnCodes.AGE_CONFLICT, 'birthDate', `age ${f.ageYears} is above ${limits.maxAgeYears} years`);
    }
    const needsWeight = f.ageDays >= 0 && f.ageDays <= NEWBORN_MAX_DAYS && f.mdc === NEWBORN_MDC;
    if (needsWeight && (r.birthWeightGrams === undefined || r.birthWeightGrams === null)) {
      out = add(out, ReturnCodes.MISSING_FIELD, 'birthWeightGrams', 'a newborn case needs the birth weight');
    }
  }

  if (datesValid) {
    if (f.dischargeMinute < f.admissionMinute) {
      out = add(out, ReturnCodes.DISCHARGE_BEFORE_ADMISSION, 'dischargeAt', 'discharge is before admission');
    } else {
      const max =
        f.careSetting === 'inpatient'
          ? limits.maxInpatientLosDays
          : f.careSetting === 'day-care'
            ? limits.maxDayCareLosDays
            : Infinity;
      if (f.los > max) {
        out = add(
          out,
          ReturnCodes.LOS_IMPOSSIBLE,
          'dischargeAt',
          `a ${f.careSetting} stay of ${f.los} days is above ${max}`,
        );
      }
    }
  }

  if (out !== undefined && out.length > 1) out.sort(byPriority);
  return out;
}

const PRIORITY: ReadonlyMap<string, number> = new Map(Object.values(ReturnCodes).map((code, i) => [code, i]));

function byPriority(a: EditFinding, b: EditFinding): number {
  return (PRIORITY.get(a.code) ?? PRIORITY.size) - (PRIORITY.get(b.code) ?? PRIORITY.size);
}

function add(out: Findings, code: string, field: string, message: string): EditFinding[] {
  const list = out ?? [];
  list.push({ code, field, message });
  return list;
}

function isMissing(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

function requiredText(out: Findings, v: unknown, field: string): Findings {
  if (isMissing(v)) return add(out, ReturnCodes.MISSING_FIELD, field, `${field} is missing`);
  if (typeof v !== 'string') return add(out, ReturnCodes.INVALID_VALUE, field, `${field} must be text`);
  return out;
}

function requiredDate(out: Findings, v: unknown, field: string, minute: number): Findings {
  if (isMissing(v)) return add(out, ReturnCodes.MISSING_FIELD, field, `${field} is missing`);
  if (Number.isNaN(minute)) return add(out, ReturnCodes.INVALID_VALUE, field, `${field} is not a valid ISO date`);
  return out;
}

function requiredOneOf(out: Findings, v: unknown, field: string, allowed: readonly string[]): Findings {
  if (isMissing(v)) return add(out, ReturnCodes.MISSING_FIELD, field, `${field} is missing`);
  if (typeof v !== 'string' || !isOneOf(v, allowed)) {
    return add(out, ReturnCodes.INVALID_VALUE, field, `${field} must be one of ${allowed.join(', ')}`);
  }
  return out;
}

/** Optional fields may be absent, but when present they must have the right shape. */
function optionalFields(out: Findings, r: Record<string, unknown>): Findings {
  const bw = r.birthWeightGrams;
  if (bw !== undefined && bw !== null && !(typeof bw === 'number' && Number.isFinite(bw) && bw >= 0)) {
    out = add(
      out,
      ReturnCodes.INVALID_VALUE,
      'birthWeightGrams',
      'birth weight must be a number of grams, not negative',
    );
  }
  out = optionalText(out, r.referralId, 'referralId');
  out = optionalText(out, r.department, 'department');
  const flags = r.flags;
  if (flags !== undefined && flags !== null && !(Array.isArray(flags) && flags.every(isString))) {
    out = add(out, ReturnCodes.INVALID_VALUE, 'flags', 'flags must be a list of names');
  }
  return out;
}

function isOneOf(v: string, allowed: readonly string[]): boolean {
  for (let i = 0; i < allowed.length; i++) if (allowed[i] === v) return true;
  return false;
}

function optionalText(out: Findings, v: unknown, field: string): Findings {
  if (v !== undefined && v !== null && typeof v !== 'string') {
    return add(out, ReturnCodes.INVALID_VALUE, field, `${field} must be text`);
  }
  return out;
}

// A named function, not an arrow per call: nothing to allocate for each case.
function isString(x: unknown): boolean {
  return typeof x === 'string';
}

/** `CODE` or `CODE1&CODE2`, both sides non-empty. */
function wellFormedSlot(s: string): boolean {
  const amp = s.indexOf(PAIR_SEPARATOR);
  if (amp < 0) return true;
  return amp > 0 && amp < s.length - 1 && s.indexOf(PAIR_SEPARATOR, amp + 1) < 0;
}

function slotMessage(s: string): string {
  return `"${s}" is not a diagnosis slot (CODE or CODE1&CODE2)`;
}

// Field names are built only when a finding needs one: a clean case allocates nothing here.
function dxField(slot: number): string {
  return slot === 0 ? 'principalDiagnosis' : `secondaryDiagnoses[${slot - 1}]`;
}

/** One well-formed diagnosis slot (0 the principal, i + 1 the i-th secondary), as readCase resolved it. */
function diagnosisSlot(out: Findings, f: CaseFacts, slot: number, dischargeDay: number, ageKnown: boolean): Findings {
  const s = f.slotText[slot];
  const amp = s.indexOf(PAIR_SEPARATOR);
  if (amp < 0) return diagnosisCode(out, f, f.slotDx1[slot], s, slot, dischargeDay, ageKnown);
  out = diagnosisCode(out, f, f.slotDx1[slot], s.slice(0, amp), slot, dischargeDay, ageKnown);
  return diagnosisCode(out, f, f.slotDx2[slot], s.slice(amp + 1), slot, dischargeDay, ageKnown);
}

function diagnosisCode(
  out: Findings,
  f: CaseFacts,
  d: DxInfo | undefined,
  code: string,
  slot: number,
  dischargeDay: number,
  ageKnown: boolean,
): Findings {
  if (d === undefined) {
    return add(out, ReturnCodes.UNKNOWN_DIAGNOSIS, dxField(slot), `unknown diagnosis code "${code}"`);
  }
  if (dischargeDay < d.validFromDay || dischargeDay > d.validToDay) {
    out = add(
      out,
      ReturnCodes.CODE_NOT_VALID_ON_DATE,
      dxField(slot),
      `diagnosis ${code} is not valid on the discharge date`,
    );
  }
  if (d.sex !== undefined && f.sex !== 'U' && d.sex !== f.sex) {
    out = add(out, ReturnCodes.SEX_CONFLICT, dxField(slot), `diagnosis ${code} is only valid for sex ${d.sex}`);
  }
  if (ageKnown && (f.ageYears < d.ageMinYears || f.ageYears > d.ageMaxYears)) {
    out = add(out, ReturnCodes.AGE_CONFLICT, dxField(slot), `diagnosis ${code} does not fit age ${f.ageYears}`);
  }
  return out;
}

function procField(i: number): string {
  return `procedures[${i}].code`;
}

function procedure(out: Findings, f: CaseFacts, entry: unknown, i: number, dischargeDay: number): Findings {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return add(out, ReturnCodes.INVALID_VALUE, `procedures[${i}]`, 'a procedure must be an object with a code');
  }
  const { code, date } = entry as { code?: unknown; date?: unknown };
  if (date !== undefined && date !== null && !(typeof date === 'string' && isDate(date))) {
    out = add(out, ReturnCodes.INVALID_VALUE, `procedures[${i}].date`, 'procedure date is not a valid ISO date');
  }
  if (isMissing(code)) return add(out, ReturnCodes.MISSING_FIELD, procField(i), 'procedure code is missing');
  if (typeof code !== 'string') return add(out, ReturnCodes.INVALID_VALUE, procField(i), 'procedure code must be text');
  const p: ProcInfo | undefined = f.procedureInfo[i];
  if (p === undefined) return add(out, ReturnCodes.UNKNOWN_PROCEDURE, procField(i), `unknown procedure code "${code}"`);
  if (dischargeDay < p.validFromDay || dischargeDay > p.validToDay) {
    out = add(
      out,
      ReturnCodes.CODE_NOT_VALID_ON_DATE,
      procField(i),
      `procedure ${code} is not valid on the discharge date`,
    );
  }
  if (p.sex !== undefined && f.sex !== 'U' && p.sex !== f.sex) {
    out = add(out, ReturnCodes.SEX_CONFLICT, procField(i), `procedure ${code} is only valid for sex ${p.sex}`);
  }
  return out;
}

function isDate(s: string): boolean {
  return !Number.isNaN(caseMinuteNumber(s));
}
