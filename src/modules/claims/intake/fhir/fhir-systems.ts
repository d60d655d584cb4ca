// Code systems and extension URLs of the FHIR R4 profile Hisob reads and writes (docs/fhir.md).
import type { DischargeMode, Sex } from '../../../../domain/cases/case';

export const HL7 = {
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  diagnosisType: 'http://terminology.hl7.org/CodeSystem/ex-diagnosistype',
  informationCategory: 'http://terminology.hl7.org/CodeSystem/claiminformationcategory',
  dischargeDisposition: 'http://terminology.hl7.org/CodeSystem/discharge-disposition',
  adjudication: 'http://terminology.hl7.org/CodeSystem/adjudication',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  ucum: 'http://unitsofmeasure.org',
  loinc: 'http://loinc.org',
} as const;

/** LOINC 8339-4: birth weight measured. */
export const LOINC_BIRTH_WEIGHT = '8339-4';

export const HISOB_SYSTEMS = {
  admissionType: 'urn:hisob:admission-type',
  careSetting: 'urn:hisob:care-setting',
  claimInfo: 'urn:hisob:claim-info',
  group: 'urn:hisob:group',
  returnCode: 'urn:hisob:return-code',
  intakeError: 'urn:hisob:intake-error',
} as const;

export const HISOB_EXTENSIONS = {
  patientBirthDate: 'urn:hisob:fhir:patient-birth-date',
  patientGender: 'urn:hisob:fhir:patient-gender',
  department: 'urn:hisob:fhir:department',
  flag: 'urn:hisob:fhir:flag',
  group: 'urn:hisob:fhir:group',
  returnCode: 'urn:hisob:fhir:return-code',
  explanation: 'urn:hisob:fhir:explanation',
} as const;

/** HL7 discharge disposition → Hisob discharge mode. `oth` (other) has no meaning for payment and is refused. */
export const DISCHARGE_DISPOSITIONS: Readonly<Record<string, DischargeMode>> = {
  home: 'home',
  'alt-home': 'home',
  'other-hcf': 'transfer',
  hosp: 'transfer',
  long: 'transfer',
  psy: 'transfer',
  rehab: 'transfer',
  snf: 'transfer',
  exp: 'death',
  aadvice: 'against-advice',
};

/** FHIR administrative gender → Hisob sex. */
export const GENDERS: Readonly<Record<string, Sex>> = { male: 'M', female: 'F', other: 'U', unknown: 'U' };
