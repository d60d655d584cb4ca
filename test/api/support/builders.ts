// Request bodies for the API specs: case records and FHIR Claims against the tiny test book.

export interface CaseJson {
  facilityId: string;
  claimId: string;
  patientId: string;
  birthDate: string;
  sex: string;
  admissionAt: string;
  dischargeAt: string;
  admissionType: string;
  dischargeMode: string;
  careSetting: string;
  principalDiagnosis: string;
  secondaryDiagnoses: string[];
  procedures: { code: string; date?: string }[];
  [extra: string]: unknown;
}

/** A one-day pneumonia stay (group T01 of the tiny book: weight 2.324 less 2 × 0.316 = 1.692). */
export function caseJson(over: Partial<CaseJson> = {}): CaseJson {
  return {
    facilityId: 'FA1',
    claimId: 'C-1',
    patientId: 'P-1',
    birthDate: '1980-01-01',
    sex: 'M',
    admissionAt: '2026-01-10T08:00',
    dischargeAt: '2026-01-11T10:00',
    admissionType: 'emergency',
    dischargeMode: 'home',
    careSetting: 'inpatient',
    principalDiagnosis: 'J18.9',
    secondaryDiagnoses: [],
    procedures: [],
    ...over,
  };
}

export interface ClaimOptions {
  facility: string;
  claimId: string;
  patient?: string;
  birthDate?: string;
  gender?: 'male' | 'female';
  start?: string;
  end?: string;
  principal?: string;
  secondary?: string[];
  discharge?: string;
}

/** An institutional FHIR R4 Claim (docs/fhir.md) for the same kind of stay. */
export function fhirClaim(o: ClaimOptions): Record<string, unknown> {
  const info = (code: string) => ({
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claiminformationcategory', code }],
  });
  const dx = (code: string, sequence: number, principal: boolean) => ({
    sequence,
    diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code }] },
    ...(principal
      ? {
          type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/ex-diagnosistype', code: 'principal' }] }],
        }
      : {}),
  });
  return {
    resourceType: 'Claim',
    contained: [
      {
        resourceType: 'Patient',
        id: 'pat',
        identifier: [{ value: o.patient ?? 'P-9' }],
        gender: o.gender ?? 'male',
        birthDate: o.birthDate ?? '1980-01-01',
      },
    ],
    identifier: [{ value: o.claimId }],
    status: 'active',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'institutional' }] },
    subType: { coding: [{ system: 'urn:hisob:care-setting', code: 'inpatient' }] },
    use: 'claim',
    patient: { reference: '#pat' },
    billablePeriod: { start: o.start ?? '2026-01-10T08:00:00+05:00', end: o.end ?? '2026-01-11T10:00:00+05:00' },
    provider: { reference: `Organization/${o.facility}` },
    supportingInfo: [
      {
        sequence: 1,
        category: info('info'),
        code: { coding: [{ system: 'urn:hisob:admission-type', code: 'emergency' }] },
      },
      {
        sequence: 2,
        category: info('discharge'),
        code: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: o.discharge ?? 'home' },
          ],
        },
      },
    ],
    diagnosis: [dx(o.principal ?? 'J18.9', 1, true), ...(o.secondary ?? []).map((c, i) => dx(c, i + 2, false))],
  };
}
