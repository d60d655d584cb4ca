// Maps an institutional FHIR R4 Claim to a CaseRecord. The mapping only locates values; validating them is
// validateCaseInput's job, and its errors are translated back to the FHIR element each value came from.
import type { CareSetting, CaseRecord } from '../../../../domain/cases/case';
import type { IntakeError, IntakeErrorCode, IntakeResult } from '../intake-error';
import { INTAKE_LIMITS } from '../intake-limits';
import { validateCaseInput } from '../validate-case';
import { checkDate, Issues } from '../field-checks';
import { arr, findCoding, get, hasCoding, type Json, obj, referencedId, sequenceOf, str } from './fhir-read';
import {
  DISCHARGE_DISPOSITIONS,
  GENDERS,
  HISOB_EXTENSIONS,
  HISOB_SYSTEMS,
  HL7,
  LOINC_BIRTH_WEIGHT,
} from './fhir-systems';

export interface ClaimMappingContext {
  /** Care setting when the Claim has no `subType` coding from urn:hisob:care-setting. */
  defaultCareSetting?: CareSetting;
  /** Read procedure codes from the coding with this system (default: the first coding). */
  procedureSystem?: string;
}

interface Origin {
  path: string;
  /** Message for a REQUIRED error: says which FHIR element to send. */
  hint?: string;
}

export function claimToCase(claim: unknown, ctx: ClaimMappingContext = {}): IntakeResult<CaseRecord> {
  const c = obj(claim);
  if (!c) return fail('Claim', 'TYPE', 'a Claim must be a JSON object');
  if (get(c, 'resourceType') !== 'Claim') return fail('Claim.resourceType', 'ENUM', 'resourceType must be Claim');
  const m = new ClaimMapper(c, ctx);
  m.map();
  return m.result();
}

function fail(path: string, code: IntakeErrorCode, message: string): IntakeResult<CaseRecord> {
  return { ok: false, errors: [{ path, field: '', code, message }] };
}

/**
 * The index of the principal diagnosis in `Claim.diagnosis`: the first entry typed `principal`, else the
 * entry with sequence 1; -1 when there is neither.
 */
export function principalDiagnosisIndex(diagnoses: unknown): number {
  const list = arr(diagnoses);
  const typed = list.findIndex((d) =>
    arr(get(obj(d), 'type')).some((t) => hasCoding(t, HL7.diagnosisType, 'principal')),
  );
  if (typed >= 0) return typed;
  return list.findIndex((d) => get(obj(d), 'sequence') === 1);
}

class ClaimMapper {
  private readonly errors: IntakeError[] = [];
  private readonly raw: Record<string, unknown> = {};
  private readonly origins = new Map<string, Origin>();
  /** Case fields whose FHIR source is already reported; validation errors on them would only repeat it. */
  private readonly failed = new Set<string>();

  constructor(
    private readonly claim: Json,
    private readonly ctx: ClaimMappingContext,
  ) {}

  map(): void {
    this.header();
    this.provider();
    this.claimId();
    this.patient();
    this.period();
    this.careSetting();
    this.referral();
    this.supportingInfo();
    this.diagnoses();
    this.procedures();
    this.extensions();
  }

  result(): IntakeResult<CaseRecord> {
    const validated = validateCaseInput(this.raw, '$');
    const translated = validated.ok ? [] : validated.errors.filter((e) => !this.failed.has(rootOf(e.field)));
    const errors = [...this.errors, ...translated.map((e) => this.translate(e))];
    if (errors.length > 0 || !validated.ok) return { ok: false, errors };
    return validated;
  }

  private translate(e: IntakeError): IntakeError {
    const origin = this.originOf(e.field);
    const path = origin?.path ?? 'Claim';
    const message = e.code === 'REQUIRED' && origin?.hint ? origin.hint : e.message;
    return { path, field: e.field, code: e.code, message };
  }

  /** The origin of a field, else of its nearest parent (`procedures[2].code` → `procedures[2]` → `procedures`). */
  private originOf(field: string): Origin | undefined {
    for (let f = field; ;) {
      const origin = this.origins.get(f);
      if (origin || f === '') return origin;
      const parent = f.replace(/(\.[^.[]+|\[[^\]]*\])$/, '');
      f = parent === f ? '' : parent;
    }
  }

  /** A mapping error; `fieldFailed` when the case field is now unusable (no value reached validation). */
  private error(path: string, field: string, code: IntakeErrorCode, message: string, fieldFailed = true): void {
    this.errors.push({ path, field, code, message });
    if (field && fieldFailed) this.failed.add(rootOf(field));
  }

  /** A top-level case field's raw value and where it came from. */
  private set(field: string, value: unknown, path: string, hint?: string): void {
    this.raw[field] = value;
    this.from(field, path, hint);
  }

  /** Where a case field (or an item of one, `procedures[1].code`) came from. */
  private from(field: string, path: string, hint?: string): void {
    this.origins.set(field, { path, hint });
  }

  private header(): void {
    const status = get(this.claim, 'status');
    if (status === undefined) this.error('Claim.status', '', 'REQUIRED', 'Claim.status is required (active)');
    else if (status !== 'active') this.error('Claim.status', '', 'ENUM', 'Claim.status must be active');
    if (!hasCoding(get(this.claim, 'type'), HL7.claimType, 'institutional')) {
      this.error('Claim.type', '', 'ENUM', `Claim.type must carry the code institutional from ${HL7.claimType}`);
    }
    const use = get(this.claim, 'use');
    if (use === undefined) this.error('Claim.use', '', 'REQUIRED', 'Claim.use is required (claim)');
    else if (use !== 'claim') this.error('Claim.use', '', 'ENUM', 'Claim.use must be claim');
  }

  /** Facility: the provider's identifier.value, else the id of an Organization reference (or contained one). */
  private provider(): void {
    const hint = 'Claim.provider is required: an Organization reference or identifier.value (the facility id)';
    const p = obj(get(this.claim, 'provider'));
    if (!p) return this.set('facilityId', undefined, 'Claim.provider', hint);
    const identifierValue = get(obj(get(p, 'identifier')), 'value');
    if (identifierValue !== undefined)
      return this.set('facilityId', identifierValue, 'Claim.provider.identifier.value');
    const ref = get(p, 'reference');
    const local = this.contained(ref, 'Organization');
    if (local) {
      const path = `Claim.contained[${local.index}].identifier[0].value`;
      return this.set(
        'facilityId',
        get(obj(arr(get(local.resource, 'identifier'))[0]), 'value'),
        path,
        `${path} is required`,
      );
    }
    const id = referencedId(ref, 'Organization');
    if (id !== undefined) return this.set('facilityId', id, 'Claim.provider.reference');
    this.error(
      'Claim.provider',
      'facilityId',
      'FORMAT',
      'Claim.provider must reference an Organization or carry identifier.value',
    );
  }

  private claimId(): void {
    const first = obj(arr(get(this.claim, 'identifier'))[0]);
    const hint = "Claim.identifier[0].value is required (the facility's own claim id)";
    this.set('claimId', get(first, 'value'), 'Claim.identifier[0].value', hint);
  }

  /** Patient id, birth date and sex: from a contained Patient (`#id`), else id from the reference and extensions. */
  private patient(): void {
    const p = obj(get(this.claim, 'patient'));
    if (!p) this.set('patientId', undefined, 'Claim.patient', 'Claim.patient is required');
    const ref = get(p, 'reference');
    if (typeof ref === 'string' && ref.startsWith('#')) {
      const local = this.contained(ref, 'Patient');
      if (!local) {
        for (const f of ['patientId', 'birthDate', 'sex']) this.failed.add(f);
        return this.error(
          'Claim.patient.reference',
          'patientId',
          'FORMAT',
          'Claim.patient points to no contained Patient',
        );
      }
      const at = `Claim.contained[${local.index}]`;
      const idPath = `${at}.identifier[0].value`;
      const id = get(obj(arr(get(local.resource, 'identifier'))[0]), 'value');
      this.set('patientId', id, idPath, `${idPath} is required (the pseudonymous patient id)`);
      this.set('birthDate', get(local.resource, 'birthDate'), `${at}.birthDate`, `${at}.birthDate is required`);
      return this.gender(get(local.resource, 'gender'), `${at}.gender`);
    }
    if (p) {
      const identifierValue = get(obj(get(p, 'identifier')), 'value');
      const id = referencedId(ref, 'Patient');
      if (identifierValue !== undefined) this.set('patientId', identifierValue, 'Claim.patient.identifier.value');
      else if (id !== undefined) this.set('patientId', id, 'Claim.patient.reference');
      else
        this.error(
          'Claim.patient',
          'patientId',
          'FORMAT',
          'Claim.patient must reference a Patient or carry identifier.value',
        );
    }
    const birth = this.singleExtension(HISOB_EXTENSIONS.patientBirthDate, 'valueDate', 'birthDate');
    if (birth) this.set('birthDate', birth.value, birth.path);
    else if (!this.failed.has('birthDate')) {
      const path = `Claim.extension('${HISOB_EXTENSIONS.patientBirthDate}').valueDate`;
      this.set('birthDate', undefined, path, `${path} is required when the Patient is not contained`);
    }
    const gender = this.singleExtension(HISOB_EXTENSIONS.patientGender, 'valueCode', 'sex');
    if (gender) this.gender(gender.value, gender.path);
    else if (!this.failed.has('sex')) {
      const path = `Claim.extension('${HISOB_EXTENSIONS.patientGender}').valueCode`;
      this.set('sex', undefined, path, `${path} is required when the Patient is not contained`);
    }
  }

  private gender(v: unknown, path: string): void {
    if (v === undefined) return this.set('sex', undefined, path, `${path} is required (male, female, other, unknown)`);
    const sex = typeof v === 'string' && Object.hasOwn(GENDERS, v) ? GENDERS[v] : undefined;
    if (!sex) return this.error(path, 'sex', 'ENUM', 'gender must be one of male, female, other, unknown');
    this.set('sex', sex, path);
  }

  private period(): void {
    const period = obj(get(this.claim, 'billablePeriod'));
    const hint = (end: string) =>
      `Claim.billablePeriod.${end} is required (${end === 'start' ? 'admission' : 'discharge'})`;
    this.set('admissionAt', get(period, 'start'), 'Claim.billablePeriod.start', hint('start'));
    this.set('dischargeAt', get(period, 'end'), 'Claim.billablePeriod.end', hint('end'));
  }

  private careSetting(): void {
    const coding = findCoding(get(this.claim, 'subType'), HISOB_SYSTEMS.careSetting);
    const hint = `Claim.subType with a coding from ${HISOB_SYSTEMS.careSetting} (inpatient or day-care) is required`;
    if (coding) this.set('careSetting', coding.code, `Claim.subType.coding[${coding.index}].code`);
    else this.set('careSetting', this.ctx.defaultCareSetting, 'Claim.subType', hint);
  }

  /** The family doctor's referral: Claim.referral identifier.value, else a ServiceRequest reference id. */
  private referral(): void {
    const r = obj(get(this.claim, 'referral'));
    if (!r) return this.set('referralId', null, 'Claim.referral');
    const identifierValue = get(obj(get(r, 'identifier')), 'value');
    if (identifierValue !== undefined)
      return this.set('referralId', identifierValue, 'Claim.referral.identifier.value');
    const id = referencedId(get(r, 'reference'), 'ServiceRequest');
    if (id !== undefined) return this.set('referralId', id, 'Claim.referral.reference');
    this.error(
      'Claim.referral',
      'referralId',
      'FORMAT',
      'Claim.referral must carry identifier.value or reference a ServiceRequest',
    );
  }

  /** Admission type, discharge disposition and birth weight, each recognised by its code; others are ignored. */
  private supportingInfo(): void {
    const seen = new Set<string>();
    const once = (field: string, path: string): boolean => {
      if (seen.has(field)) {
        this.error(path, field, 'DUPLICATE', `a second supportingInfo entry for ${field}`);
        return false;
      }
      seen.add(field);
      return true;
    };
    arr(get(this.claim, 'supportingInfo')).forEach((entry, i) => {
      const info = obj(entry);
      const at = `Claim.supportingInfo[${i}]`;
      if (!info) return;
      const code = get(info, 'code');
      const admission = findCoding(code, HISOB_SYSTEMS.admissionType);
      if (admission) {
        if (once('admissionType', at))
          this.set('admissionType', admission.code, `${at}.code.coding[${admission.index}].code`);
      } else if (hasCoding(get(info, 'category'), HL7.informationCategory, 'discharge')) {
        if (once('dischargeMode', at)) this.discharge(code, at);
      } else if (
        hasCoding(code, HISOB_SYSTEMS.claimInfo, 'birthweight') ||
        hasCoding(code, HL7.loinc, LOINC_BIRTH_WEIGHT)
      ) {
        if (once('birthWeightGrams', at)) this.birthWeight(info, at);
      }
    });
    if (!seen.has('admissionType')) {
      const hint = `admission type is required: a supportingInfo with category info and a code from ${HISOB_SYSTEMS.admissionType} (emergency or planned)`;
      this.set('admissionType', undefined, 'Claim.supportingInfo', hint);
    }
    if (!seen.has('dischargeMode')) {
      const hint = `discharge disposition is required: a supportingInfo with category discharge and a code from ${HL7.dischargeDisposition}`;
      this.set('dischargeMode', undefined, 'Claim.supportingInfo', hint);
    }
  }

  private discharge(code: unknown, at: string): void {
    const coding = findCoding(code, HL7.dischargeDisposition);
    if (!coding)
      return this.error(`${at}.code`, 'dischargeMode', 'FORMAT', `needs a coding from ${HL7.dischargeDisposition}`);
    const path = `${at}.code.coding[${coding.index}].code`;
    const v = coding.code;
    const mode =
      typeof v === 'string' && Object.hasOwn(DISCHARGE_DISPOSITIONS, v) ? DISCHARGE_DISPOSITIONS[v] : undefined;
    if (!mode) {
      const allowed = Object.keys(DISCHARGE_DISPOSITIONS).join(', ');
      return this.error(path, 'dischargeMode', 'ENUM', `discharge disposition must be one of ${allowed}`);
    }
    this.set('dischargeMode', mode, path);
  }

  private birthWeight(info: Json, at: string): void {
    const q = obj(get(info, 'valueQuantity'));
    if (!q)
      return this.error(
        `${at}.valueQuantity`,
        'birthWeightGrams',
        'REQUIRED',
        'birth weight needs valueQuantity in grams',
      );
    const unit = get(q, 'code');
    if (unit !== undefined && unit !== 'g') {
      return this.error(
        `${at}.valueQuantity.code`,
        'birthWeightGrams',
        'FORMAT',
        'birth weight must be in grams (UCUM g)',
      );
    }
    this.set('birthWeightGrams', get(q, 'value'), `${at}.valueQuantity.value`);
  }

  private diagnoses(): void {
    const list = get(this.claim, 'diagnosis');
    const principalHint = 'a principal diagnosis is required: a Claim.diagnosis typed principal, or with sequence 1';
    this.set('principalDiagnosis', undefined, 'Claim.diagnosis', principalHint);
    this.set('secondaryDiagnoses', [], 'Claim.diagnosis');
    if (list === undefined) return;
    const entries = this.sequenced(list, 'Claim.diagnosis', 'secondaryDiagnoses', 1 + INTAKE_LIMITS.secondaryDiagnoses);
    if (!entries) {
      this.failed.add('principalDiagnosis');
      return;
    }

    const principal = principalDiagnosisIndex(list);
    const typedPrincipal = entries.filter(({ entry }) =>
      arr(get(entry, 'type')).some((t) => hasCoding(t, HL7.diagnosisType, 'principal')),
    );
    if (typedPrincipal.length > 1) {
      const second = typedPrincipal[1].index;
      this.error(
        `Claim.diagnosis[${second}].type`,
        'principalDiagnosis',
        'DUPLICATE',
        'more than one diagnosis is typed principal',
      );
    }
    const secondary: unknown[] = [];
    for (const { entry, index } of entries) {
      const at = `Claim.diagnosis[${index}]`;
      const isPrincipal = index === principal;
      const field = isPrincipal ? 'principalDiagnosis' : `secondaryDiagnoses[${secondary.length}]`;
      const concept = get(entry, 'diagnosisCodeableConcept');
      if (concept === undefined) {
        const message =
          get(entry, 'diagnosisReference') !== undefined
            ? 'diagnosisReference is not supported; send diagnosisCodeableConcept with an ICD-10 coding'
            : 'diagnosisCodeableConcept is required';
        this.error(
          `${at}.diagnosisCodeableConcept`,
          isPrincipal ? field : 'secondaryDiagnoses',
          'REQUIRED',
          message,
          isPrincipal,
        );
        continue;
      }
      const coding = findCoding(concept, HL7.icd10);
      if (!coding) {
        const message = `needs a coding with system ${HL7.icd10}`;
        this.error(
          `${at}.diagnosisCodeableConcept.coding`,
          isPrincipal ? field : 'secondaryDiagnoses',
          'REQUIRED',
          message,
          isPrincipal,
        );
        continue;
      }
      if (isPrincipal) this.raw.principalDiagnosis = coding.code;
      else secondary.push(coding.code);
      this.from(field, `${at}.diagnosisCodeableConcept.coding[${coding.index}].code`);
    }
    this.raw.secondaryDiagnoses = secondary;
  }

  private procedures(): void {
    const list = get(this.claim, 'procedure');
    this.set('procedures', [], 'Claim.procedure');
    if (list === undefined) return;
    const entries = this.sequenced(list, 'Claim.procedure', 'procedures', INTAKE_LIMITS.procedures);
    if (!entries) return;
    const out: Record<string, unknown>[] = [];
    for (const { entry, index } of entries) {
      const at = `Claim.procedure[${index}]`;
      const concept = get(entry, 'procedureCodeableConcept');
      const coding = findCoding(concept, this.ctx.procedureSystem);
      if (!coding) {
        const message =
          get(entry, 'procedureReference') !== undefined
            ? 'procedureReference is not supported; send procedureCodeableConcept'
            : `procedureCodeableConcept needs a coding${this.ctx.procedureSystem ? ` from ${this.ctx.procedureSystem}` : ''}`;
        this.error(`${at}.procedureCodeableConcept`, 'procedures', 'REQUIRED', message, false);
        continue;
      }
      const k = out.length;
      this.from(`procedures[${k}]`, at);
      this.from(`procedures[${k}].code`, `${at}.procedureCodeableConcept.coding[${coding.index}].code`);
      this.from(`procedures[${k}].date`, `${at}.date`);
      out.push({ code: coding.code, date: this.procedureDate(get(entry, 'date'), `${at}.date`, k) });
    }
    this.raw.procedures = out;
  }

  /** FHIR procedure dates are dateTimes; the case keeps the calendar date. Plain dates go on to validation. */
  private procedureDate(v: unknown, path: string, k: number): unknown {
    if (typeof v !== 'string' || v.length <= 10) return v;
    if (checkDate(new Issues('$'), 'date', v, { required: false, withTime: true })) return v.slice(0, 10);
    this.error(path, `procedures[${k}].date`, 'FORMAT', 'procedure date must be a real FHIR date or dateTime', false);
    return undefined;
  }

  /** Department and flags travel in Hisob extensions on the Claim. */
  private extensions(): void {
    const dept = this.singleExtension(HISOB_EXTENSIONS.department, 'valueString', 'department');
    this.set('department', dept?.value ?? null, dept?.path ?? 'Claim.extension');
    const flags: unknown[] = [];
    this.set('flags', flags, 'Claim.extension');
    arr(get(this.claim, 'extension')).forEach((e, i) => {
      const ext = obj(e);
      if (get(ext, 'url') !== HISOB_EXTENSIONS.flag) return;
      this.from(`flags[${flags.length}]`, `Claim.extension[${i}].valueCode`);
      flags.push(get(ext, 'valueCode'));
    });
  }

  /** Entries sorted by `sequence` (a positive integer, unique); null when the list itself is unusable. */
  private sequenced(list: unknown, at: string, field: string, max: number): { entry: Json; index: number }[] | null {
    if (!Array.isArray(list)) {
      this.error(at, field, 'TYPE', `${at} must be an array`);
      return null;
    }
    if (list.length > max) {
      this.error(at, field, 'TOO_LONG', `${at} has ${list.length} entries; at most ${max} are allowed`);
      return null;
    }
    const bySequence = new Map<number, number>();
    const out: { entry: Json; index: number; sequence: number }[] = [];
    list.forEach((e, index) => {
      const entry = obj(e);
      const sequence = entry && sequenceOf(entry);
      // A bad entry is left out and reported; the others are still mapped and validated.
      if (!entry) return this.error(`${at}[${index}]`, field, 'TYPE', 'must be an object', false);
      if (sequence === undefined) {
        return this.error(`${at}[${index}].sequence`, field, 'TYPE', 'sequence must be a positive integer', false);
      }
      if (bySequence.has(sequence)) {
        return this.error(`${at}[${index}].sequence`, field, 'DUPLICATE', 'sequence is used twice', false);
      }
      bySequence.set(sequence, index);
      out.push({ entry, index, sequence });
    });
    return out.sort((a, b) => a.sequence - b.sequence);
  }

  /** One Claim extension with `url`; its value under `key` (valueDate, valueCode…). */
  private singleExtension(url: string, key: string, field: string): { value: unknown; path: string } | undefined {
    const found: number[] = [];
    arr(get(this.claim, 'extension')).forEach((e, i) => get(obj(e), 'url') === url && found.push(i));
    if (found.length === 0) return undefined;
    if (found.length > 1) {
      this.error(`Claim.extension[${found[1]}]`, field, 'DUPLICATE', `extension ${url} appears more than once`);
      return undefined;
    }
    const ext = obj(arr(get(this.claim, 'extension'))[found[0]])!;
    const path = `Claim.extension[${found[0]}]`;
    if (get(ext, key) === undefined) {
      this.error(path, field, 'REQUIRED', `extension ${url} needs ${key}`);
      return undefined;
    }
    return { value: get(ext, key), path: `${path}.${key}` };
  }

  /** A contained resource of this type whose id the `#id` reference names. */
  private contained(reference: unknown, type: string): { resource: Json; index: number } | undefined {
    const ref = str(reference);
    if (!ref?.startsWith('#')) return undefined;
    const list = arr(get(this.claim, 'contained'));
    const index = list.findIndex((r) => get(obj(r), 'resourceType') === type && get(obj(r), 'id') === ref.slice(1));
    return index >= 0 ? { resource: obj(list[index])!, index } : undefined;
  }
}

function rootOf(field: string): string {
  return /^[^.[]*/.exec(field)![0];
}
