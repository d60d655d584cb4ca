import claimFixture from '../../../../../test/fixtures/fhir/claim-institutional.json';
import { claimToCase } from './claim-to-case';
import { toOperationOutcome } from './operation-outcome';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form FHIR edits in tests

/** A fresh copy of the fixture to modify. */
function claim(): Json {
  return structuredClone(claimFixture) as Json;
}

function errorsOf(input: unknown) {
  const r = claimToCase(input);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

const icd10 = (code: string) => ({ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code }] });

describe('claimToCase: the institutional Claim fixture', () => {
  it('maps to this exact case', () => {
    expect(claimToCase(claimFixture)).toEqual({
      ok: true,
      value: {
        facilityId: 'F-0207',
        claimId: '2026-000451',
        patientId: 'PX-7f3a91c2',
        birthDate: '2026-01-03',
        sex: 'F',
        admissionAt: '2026-01-03T08:15:00+05:00',
        dischargeAt: '2026-01-12T11:40:00+05:00',
        admissionType: 'emergency',
        referralId: 'REF-2026-0099',
        dischargeMode: 'transfer',
        careSetting: 'inpatient',
        principalDiagnosis: 'P071',
        secondaryDiagnoses: ['P221', 'P599'],
        procedures: [
          { code: 'A16.09.011', date: '2026-01-03' },
          { code: 'B01.032.001', date: '2026-01-04' },
        ],
        birthWeightGrams: 1870,
        department: 'Neonatal intensive care',
        flags: ['companion'],
      },
    });
  });
});

describe('claimToCase: alternatives the profile allows', () => {
  it('patient by identifier, birth date and sex from extensions; facility by provider identifier', () => {
    const c = claim();
    delete c.contained;
    c.patient = { identifier: { system: 'urn:hisob:patient', value: 'PX-1' } };
    c.extension.push(
      { url: 'urn:hisob:fhir:patient-birth-date', valueDate: '1951-07-30' },
      { url: 'urn:hisob:fhir:patient-gender', valueCode: 'male' },
    );
    c.provider = { identifier: { value: 'F-0300' } };
    const r = claimToCase(c);
    expect(r.ok && [r.value.patientId, r.value.birthDate, r.value.sex, r.value.facilityId]).toEqual([
      'PX-1',
      '1951-07-30',
      'M',
      'F-0300',
    ]);
  });

  it('patient and referral ids from references; an absolute Organization URL', () => {
    const c = claim();
    delete c.contained;
    c.patient = { reference: 'Patient/PX-2' };
    c.extension.push(
      { url: 'urn:hisob:fhir:patient-birth-date', valueDate: '1990-01-01' },
      { url: 'urn:hisob:fhir:patient-gender', valueCode: 'unknown' },
    );
    c.referral = { reference: 'ServiceRequest/R-5' };
    c.provider = { reference: 'https://fhir.example.uz/r4/Organization/F-0400/_history/3' };
    const r = claimToCase(c);
    expect(r.ok && [r.value.patientId, r.value.sex, r.value.referralId, r.value.facilityId]).toEqual([
      'PX-2',
      'U',
      'R-5',
      'F-0400',
    ]);
  });

  it('facility from a contained Organization', () => {
    const c = claim();
    c.contained.push({ resourceType: 'Organization', id: 'org', identifier: [{ value: 'F-0555' }] });
    c.provider = { reference: '#org' };
    const r = claimToCase(c);
    expect(r.ok && r.value.facilityId).toBe('F-0555');
    c.contained[1].identifier = [];
    expect(errorsOf(c)).toEqual([
      {
        path: 'Claim.contained[1].identifier[0].value',
        field: 'facilityId',
        code: 'REQUIRED',
        message: 'Claim.contained[1].identifier[0].value is required',
      },
    ]);
  });

  it('without a principal type, sequence 1 is principal; entries are read in sequence order', () => {
    const c = claim();
    c.diagnosis = [
      { sequence: 3, diagnosisCodeableConcept: icd10('E11.9') },
      { sequence: 1, diagnosisCodeableConcept: icd10('I21.9') },
      { sequence: 2, diagnosisCodeableConcept: icd10('I10') },
    ];
    c.procedure = [
      { sequence: 2, procedureCodeableConcept: { coding: [{ code: 'B2' }] } },
      { sequence: 1, procedureCodeableConcept: { coding: [{ code: 'a1' }] }, date: '2026-01-05' },
    ];
    const r = claimToCase(c);
    expect(r.ok && [r.value.principalDiagnosis, r.value.secondaryDiagnoses, r.value.procedures]).toEqual([
      'I219',
      ['I10', 'E119'],
      [{ code: 'A1', date: '2026-01-05' }, { code: 'B2' }],
    ]);
  });

  it('no referral, no birth weight, no department; LOINC birth weight; every discharge disposition', () => {
    const c = claim();
    delete c.referral;
    c.extension = [];
    c.supportingInfo[1].code = { coding: [{ system: 'http://loinc.org', code: '8339-4' }] };
    const r = claimToCase(c);
    expect(r.ok && [r.value.referralId, r.value.department, r.value.flags, r.value.birthWeightGrams]).toEqual([
      null,
      null,
      [],
      1870,
    ]);
    const modes = ['home', 'alt-home', 'other-hcf', 'hosp', 'long', 'psy', 'rehab', 'snf', 'exp', 'aadvice'].map(
      (code) => {
        c.supportingInfo[2].code.coding[0].code = code;
        const m = claimToCase(c);
        return m.ok ? m.value.dischargeMode : 'error';
      },
    );
    expect(modes).toEqual([
      'home',
      'home',
      'transfer',
      'transfer',
      'transfer',
      'transfer',
      'transfer',
      'transfer',
      'death',
      'against-advice',
    ]);
  });

  it('care setting from the context when the Claim has no Hisob subType; procedure system chosen by context', () => {
    const c = claim();
    delete c.subType;
    c.procedure[0].procedureCodeableConcept.coding.unshift({ system: 'http://snomed.info/sct', code: '40617009' });
    const r = claimToCase(c, { defaultCareSetting: 'day-care', procedureSystem: 'urn:hisob:procedure' });
    expect(r.ok && [r.value.careSetting, r.value.procedures[0].code]).toEqual(['day-care', 'A16.09.011']);
  });
});

describe('claimToCase: errors carry FHIR paths', () => {
  it('a bad secondary code, an impossible date, an unmapped disposition', () => {
    const c = claim();
    c.diagnosis[1].diagnosisCodeableConcept.coding[0].code = 'P22,1';
    c.billablePeriod.start = '2026-02-30T08:00:00+05:00';
    c.supportingInfo[2].code.coding[0].code = 'oth';
    expect(errorsOf(c)).toEqual([
      {
        path: 'Claim.supportingInfo[2].code.coding[0].code',
        field: 'dischargeMode',
        code: 'ENUM',
        message:
          'discharge disposition must be one of home, alt-home, other-hcf, hosp, long, psy, rehab, snf, exp, aadvice',
      },
      {
        path: 'Claim.billablePeriod.start',
        field: 'admissionAt',
        code: 'FORMAT',
        message: 'admissionAt is not a real calendar date or time',
      },
      {
        path: 'Claim.diagnosis[1].diagnosisCodeableConcept.coding[0].code',
        field: 'secondaryDiagnoses[0]',
        code: 'FORMAT',
        message: 'secondaryDiagnoses[0] may contain only letters, digits and . & * + -',
      },
    ]);
  });

  it('not a Claim, not institutional, not a claim use, not active', () => {
    expect(errorsOf({ resourceType: 'Patient' })).toEqual([
      { path: 'Claim.resourceType', field: '', code: 'ENUM', message: 'resourceType must be Claim' },
    ]);
    expect(errorsOf('Claim')).toEqual([
      { path: 'Claim', field: '', code: 'TYPE', message: 'a Claim must be a JSON object' },
    ]);
    const c = claim();
    c.type.coding[0].code = 'professional';
    c.use = 'preauthorization';
    c.status = 'draft';
    expect(errorsOf(c)).toEqual([
      { path: 'Claim.status', field: '', code: 'ENUM', message: 'Claim.status must be active' },
      {
        path: 'Claim.type',
        field: '',
        code: 'ENUM',
        message: 'Claim.type must carry the code institutional from http://terminology.hl7.org/CodeSystem/claim-type',
      },
      { path: 'Claim.use', field: '', code: 'ENUM', message: 'Claim.use must be claim' },
    ]);
  });

  it('missing pieces say which FHIR element to send', () => {
    const c = claim();
    delete c.identifier;
    delete c.provider;
    delete c.billablePeriod.end;
    delete c.subType;
    c.supportingInfo = [];
    c.diagnosis = [{ sequence: 2, diagnosisCodeableConcept: icd10('P22.1') }];
    expect(errorsOf(c)).toEqual([
      {
        path: 'Claim.provider',
        field: 'facilityId',
        code: 'REQUIRED',
        message: 'Claim.provider is required: an Organization reference or identifier.value (the facility id)',
      },
      {
        path: 'Claim.identifier[0].value',
        field: 'claimId',
        code: 'REQUIRED',
        message: "Claim.identifier[0].value is required (the facility's own claim id)",
      },
      {
        path: 'Claim.billablePeriod.end',
        field: 'dischargeAt',
        code: 'REQUIRED',
        message: 'Claim.billablePeriod.end is required (discharge)',
      },
      {
        path: 'Claim.supportingInfo',
        field: 'admissionType',
        code: 'REQUIRED',
        message:
          'admission type is required: a supportingInfo with category info and a code from urn:hisob:admission-type (emergency or planned)',
      },
      {
        path: 'Claim.supportingInfo',
        field: 'dischargeMode',
        code: 'REQUIRED',
        message:
          'discharge disposition is required: a supportingInfo with category discharge and a code from http://terminology.hl7.org/CodeSystem/discharge-disposition',
      },
      {
        path: 'Claim.subType',
        field: 'careSetting',
        code: 'REQUIRED',
        message: 'Claim.subType with a coding from urn:hisob:care-setting (inpatient or day-care) is required',
      },
      {
        path: 'Claim.diagnosis',
        field: 'principalDiagnosis',
        code: 'REQUIRED',
        message: 'a principal diagnosis is required: a Claim.diagnosis typed principal, or with sequence 1',
      },
    ]);
  });

  it('contained Patient: a dangling reference, a bad gender, a missing birth date, a negative age', () => {
    const dangling = claim();
    dangling.patient.reference = '#nobody';
    expect(errorsOf(dangling)).toEqual([
      {
        path: 'Claim.patient.reference',
        field: 'patientId',
        code: 'FORMAT',
        message: 'Claim.patient points to no contained Patient',
      },
    ]);
    const c = claim();
    c.contained[0].gender = 'f';
    delete c.contained[0].birthDate;
    expect(errorsOf(c)).toEqual([
      {
        path: 'Claim.contained[0].gender',
        field: 'sex',
        code: 'ENUM',
        message: 'gender must be one of male, female, other, unknown',
      },
      {
        path: 'Claim.contained[0].birthDate',
        field: 'birthDate',
        code: 'REQUIRED',
        message: 'Claim.contained[0].birthDate is required',
      },
    ]);
    const unborn = claim();
    unborn.contained[0].birthDate = '2026-01-04';
    expect(errorsOf(unborn)).toEqual([
      {
        path: 'Claim.contained[0].birthDate',
        field: 'birthDate',
        code: 'RANGE',
        message: 'birthDate is after the admission date',
      },
    ]);
  });

  it('patient without a contained resource needs the birth date and gender extensions', () => {
    const c = claim();
    delete c.contained;
    c.patient = { reference: 'Patient/PX-9' };
    expect(errorsOf(c).map((e) => [e.path, e.code])).toEqual([
      ["Claim.extension('urn:hisob:fhir:patient-birth-date').valueDate", 'REQUIRED'],
      ["Claim.extension('urn:hisob:fhir:patient-gender').valueCode", 'REQUIRED'],
    ]);
  });

  it('diagnoses: two principals, a Condition reference, no ICD-10 coding, a repeated sequence', () => {
    const c = claim();
    c.diagnosis[1].type = c.diagnosis[0].type;
    c.diagnosis.push(
      { sequence: 4, diagnosisReference: { reference: 'Condition/1' } },
      { sequence: 5, diagnosisCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '22298006' }] } },
      { sequence: 5, diagnosisCodeableConcept: icd10('I10') },
    );
    expect(errorsOf(c)).toEqual([
      {
        path: 'Claim.diagnosis[5].sequence',
        field: 'secondaryDiagnoses',
        code: 'DUPLICATE',
        message: 'sequence is used twice',
      },
      {
        path: 'Claim.diagnosis[1].type',
        field: 'principalDiagnosis',
        code: 'DUPLICATE',
        message: 'more than one diagnosis is typed principal',
      },
      {
        path: 'Claim.diagnosis[3].diagnosisCodeableConcept',
        field: 'secondaryDiagnoses',
        code: 'REQUIRED',
        message: 'diagnosisReference is not supported; send diagnosisCodeableConcept with an ICD-10 coding',
      },
      {
        path: 'Claim.diagnosis[4].diagnosisCodeableConcept.coding',
        field: 'secondaryDiagnoses',
        code: 'REQUIRED',
        message: 'needs a coding with system http://hl7.org/fhir/sid/icd-10',
      },
    ]);
  });

  it('procedures and birth weight: a bad date, kilograms, a zero weight, too many diagnoses', () => {
    const c = claim();
    c.procedure[0].date = '2026-01-03T25:00:00+05:00';
    c.procedure[1].date = '2026-01-32';
    c.supportingInfo[1].valueQuantity = { value: 1.87, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' };
    expect(errorsOf(c)).toEqual([
      {
        path: 'Claim.supportingInfo[1].valueQuantity.code',
        field: 'birthWeightGrams',
        code: 'FORMAT',
        message: 'birth weight must be in grams (UCUM g)',
      },
      {
        path: 'Claim.procedure[0].date',
        field: 'procedures[0].date',
        code: 'FORMAT',
        message: 'procedure date must be a real FHIR date or dateTime',
      },
      {
        path: 'Claim.procedure[1].date',
        field: 'procedures[1].date',
        code: 'FORMAT',
        message: 'procedures[1].date is not a real calendar date or time',
      },
    ]);
    const light = claim();
    light.supportingInfo[1].valueQuantity.value = 0;
    expect(errorsOf(light)).toEqual([
      {
        path: 'Claim.supportingInfo[1].valueQuantity.value',
        field: 'birthWeightGrams',
        code: 'RANGE',
        message: 'birthWeightGrams must be between 100 and 9999 grams',
      },
    ]);
    const many = claim();
    many.diagnosis = Array.from({ length: 52 }, (_, i) => ({
      sequence: i + 1,
      diagnosisCodeableConcept: icd10('I10'),
    }));
    expect(errorsOf(many)).toEqual([
      {
        path: 'Claim.diagnosis',
        field: 'secondaryDiagnoses',
        code: 'TOO_LONG',
        message: 'Claim.diagnosis has 52 entries; at most 51 are allowed',
      },
    ]);
  });

  it('hostile values in FHIR elements: the same charset rules, FHIR paths', () => {
    const c = claim();
    c.identifier[0].value = "'); DROP TABLE cases;--";
    c.extension[0].valueString = '<script>alert(1)</script>';
    c.extension[1].valueCode = 'x'.repeat(33);
    expect(errorsOf(c)).toEqual([
      {
        path: 'Claim.identifier[0].value',
        field: 'claimId',
        code: 'FORMAT',
        message: 'claimId may contain only letters, digits and . _ : -',
      },
      {
        path: 'Claim.extension[1].valueCode',
        field: 'flags[0]',
        code: 'TOO_LONG',
        message: 'flags[0] is longer than 32 characters',
      },
    ]);
  });

  it('a repeated supporting info or extension is a DUPLICATE', () => {
    const c = claim();
    c.supportingInfo.push(structuredClone(c.supportingInfo[0]));
    c.extension.push({ url: 'urn:hisob:fhir:department', valueString: 'Surgery' });
    expect(errorsOf(c)).toEqual([
      {
        path: 'Claim.supportingInfo[3]',
        field: 'admissionType',
        code: 'DUPLICATE',
        message: 'a second supportingInfo entry for admissionType',
      },
      {
        path: 'Claim.extension[2]',
        field: 'department',
        code: 'DUPLICATE',
        message: 'extension urn:hisob:fhir:department appears more than once',
      },
    ]);
  });
});

describe('toOperationOutcome', () => {
  it('puts FHIR paths in expression and other locations in diagnostics', () => {
    expect(
      toOperationOutcome([
        {
          path: 'Claim.billablePeriod.start',
          field: 'admissionAt',
          code: 'FORMAT',
          message: 'admissionAt is not a real calendar date or time',
        },
        {
          path: '$[1].sex',
          field: 'sex',
          code: 'SYNTAX',
          message: 'a string is not closed (truncated?)',
          line: 2,
          column: 26,
        },
      ]),
    ).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'value',
          details: {
            coding: [{ system: 'urn:hisob:intake-error', code: 'FORMAT' }],
            text: 'admissionAt is not a real calendar date or time',
          },
          expression: ['Claim.billablePeriod.start'],
        },
        {
          severity: 'error',
          code: 'structure',
          details: {
            coding: [{ system: 'urn:hisob:intake-error', code: 'SYNTAX' }],
            text: 'a string is not closed (truncated?)',
          },
          diagnostics: '$[1].sex (line 2, column 26)',
        },
      ],
    });
  });
});
