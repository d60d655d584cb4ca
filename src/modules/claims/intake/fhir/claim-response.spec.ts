import claimFixture from '../../../../../test/fixtures/fhir/claim-institutional.json';
import { type ClaimOutcome, toClaimResponse } from './claim-response';

const CLAIM_TYPE = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'institutional' }] };
const PRINCIPAL = [
  { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/ex-diagnosistype', code: 'principal' }] },
];
const adjudication = (code: string, value: number) => ({
  category: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication', code }] },
  amount: { value, currency: 'UZS' },
});

/** A compact Claim: contained Patient, two diagnoses (the principal one second), a submitted total. */
function smallClaim() {
  return {
    resourceType: 'Claim',
    id: 'srv-77',
    meta: { versionId: '2' },
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">claim</div>' },
    contained: [
      { resourceType: 'Patient', id: 'p', identifier: [{ value: 'PX-1' }], gender: 'male', birthDate: '1960-05-01' },
    ],
    identifier: [{ value: 'C-1' }],
    status: 'active',
    type: CLAIM_TYPE,
    use: 'claim',
    patient: { reference: '#p' },
    provider: { reference: 'Organization/F-1' },
    billablePeriod: { start: '2026-01-05', end: '2026-01-06' },
    diagnosis: [
      {
        sequence: 2,
        diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'I10' }] },
      },
      {
        sequence: 1,
        type: PRINCIPAL,
        diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'I21.9' }] },
      },
    ],
    total: { value: 8000, currency: 'UZS' },
  };
}

/** The Claim as echoed inside the response: no meta/text/contained, local id, group on the principal diagnosis. */
function echoed(group: string) {
  return {
    resourceType: 'Claim',
    id: 'claim',
    identifier: [{ value: 'C-1' }],
    status: 'active',
    type: CLAIM_TYPE,
    use: 'claim',
    patient: { reference: '#p' },
    provider: { reference: 'Organization/F-1' },
    billablePeriod: { start: '2026-01-05', end: '2026-01-06' },
    diagnosis: [
      {
        sequence: 2,
        diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'I10' }] },
      },
      {
        sequence: 1,
        type: PRINCIPAL,
        diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'I21.9' }] },
        packageCode: { coding: [{ system: 'urn:hisob:group', code: group }] },
      },
    ],
    total: { value: 8000, currency: 'UZS' },
  };
}

const PATIENT = {
  resourceType: 'Patient',
  id: 'p',
  identifier: [{ value: 'PX-1' }],
  gender: 'male',
  birthDate: '1960-05-01',
};

describe('toClaimResponse', () => {
  it('a priced claim: amounts as exact JSON numbers, group in packageCode and an extension', () => {
    const priced: ClaimOutcome = {
      status: 'priced',
      group: 'F62B',
      returnCode: '0',
      edits: [],
      amount: '7106.40',
      fundAmount: '7106.40',
      patientAmount: '0.00',
      currency: 'UZS',
      explanationUrl: 'https://hisob.example.uz/api/cases/F-1/C-1/explanation',
    };
    expect(toClaimResponse(smallClaim(), priced, { created: '2026-01-07T10:00:00+05:00', id: 'cr-1' })).toEqual({
      resourceType: 'ClaimResponse',
      id: 'cr-1',
      contained: [echoed('F62B'), PATIENT],
      extension: [
        { url: 'urn:hisob:fhir:group', valueCode: 'F62B' },
        { url: 'urn:hisob:fhir:return-code', valueCode: '0' },
        { url: 'urn:hisob:fhir:explanation', valueUrl: 'https://hisob.example.uz/api/cases/F-1/C-1/explanation' },
      ],
      status: 'active',
      type: CLAIM_TYPE,
      use: 'claim',
      patient: { reference: '#p' },
      created: '2026-01-07T10:00:00+05:00',
      insurer: { display: 'State Health Insurance Fund' },
      requestor: { reference: 'Organization/F-1' },
      request: { reference: '#claim' },
      outcome: 'complete',
      disposition: 'Priced in group F62B.',
      adjudication: [
        adjudication('submitted', 8000),
        adjudication('eligible', 7106.4),
        adjudication('benefit', 7106.4),
        adjudication('copay', 0),
      ],
      total: [
        adjudication('submitted', 8000),
        adjudication('eligible', 7106.4),
        adjudication('benefit', 7106.4),
        adjudication('copay', 0),
      ],
      processNote: [
        {
          number: 1,
          type: 'display',
          text: 'Group F62B, return code 0: payment 7106.40 UZS (fund 7106.40, patient 0.00).',
        },
      ],
    });
  });

  it('an error result: outcome error, edit codes in error[], no amounts', () => {
    const rejected: ClaimOutcome = {
      status: 'error',
      group: '960Z',
      returnCode: 'E07',
      edits: [{ code: 'E07', field: 'principalDiagnosis', message: 'O80.0 is valid for female patients only' }],
      amount: '0.00',
      fundAmount: '0.00',
      patientAmount: '0.00',
      currency: 'UZS',
    };
    const insurer = { identifier: { system: 'urn:hisob:insurer', value: 'DSHSJ' } };
    expect(toClaimResponse(smallClaim(), rejected, { created: '2026-01-07T10:00:00+05:00', insurer })).toEqual({
      resourceType: 'ClaimResponse',
      contained: [echoed('960Z'), PATIENT],
      extension: [
        { url: 'urn:hisob:fhir:group', valueCode: '960Z' },
        { url: 'urn:hisob:fhir:return-code', valueCode: 'E07' },
      ],
      status: 'active',
      type: CLAIM_TYPE,
      use: 'claim',
      patient: { reference: '#p' },
      created: '2026-01-07T10:00:00+05:00',
      insurer,
      requestor: { reference: 'Organization/F-1' },
      request: { reference: '#claim' },
      outcome: 'error',
      disposition: 'Not priced: error group 960Z, return code E07.',
      processNote: [
        {
          number: 1,
          type: 'display',
          text:
            'Error group 960Z, return code E07: not priced. ' +
            'Edits: E07 principalDiagnosis: O80.0 is valid for female patients only.',
        },
      ],
      error: [
        {
          code: {
            coding: [{ system: 'urn:hisob:return-code', code: 'E07' }],
            text: 'principalDiagnosis: O80.0 is valid for female patients only',
          },
        },
      ],
    });
  });

  it('an error group chosen by a logic row (no edits) still lists its return code', () => {
    const r = toClaimResponse(
      smallClaim(),
      {
        status: 'error',
        group: '961Z',
        returnCode: '7',
        edits: [],
        amount: '0',
        fundAmount: '0',
        patientAmount: '0',
        currency: 'UZS',
      },
      { created: '2026-01-07T10:00:00+05:00' },
    );
    expect(r.error).toEqual([
      { code: { coding: [{ system: 'urn:hisob:return-code', code: '7' }], text: 'error group 961Z' } },
    ]);
  });

  it('the fixture: no submitted total when the Claim has none, subType echoed, fund/patient split kept exact', () => {
    const claim = structuredClone(claimFixture) as Record<string, unknown>;
    delete claim.total;
    const r = toClaimResponse(
      claim,
      {
        status: 'priced',
        group: 'P67B',
        returnCode: '0',
        edits: [],
        amount: '3853961.88',
        fundAmount: '3853961.88',
        patientAmount: '0.00',
        currency: 'UZS',
      },
      { created: '2026-01-12T12:10:00+05:00' },
    );
    expect(r.total).toEqual([
      adjudication('eligible', 3853961.88),
      adjudication('benefit', 3853961.88),
      adjudication('copay', 0),
    ]);
    expect(JSON.stringify(r.total![0].amount)).toBe('{"value":3853961.88,"currency":"UZS"}');
    expect(r.subType).toEqual({ coding: [{ system: 'urn:hisob:care-setting', code: 'inpatient' }] });
    const echo = r.contained[0] as { diagnosis: { packageCode?: unknown }[]; meta?: unknown; contained?: unknown };
    expect(echo.diagnosis.map((d) => d.packageCode)).toEqual([
      { coding: [{ system: 'urn:hisob:group', code: 'P67B' }] },
      undefined,
      undefined,
    ]);
    expect([echo.meta, echo.contained, r.contained.length]).toEqual([undefined, undefined, 2]);
    // The submitted Claim itself is left untouched.
    expect((claimFixture.diagnosis[0] as Record<string, unknown>).packageCode).toBeUndefined();
  });

  it('picks a free id for the echoed Claim when a contained resource already uses "claim"', () => {
    const claim = smallClaim();
    claim.contained[0].id = 'claim';
    claim.patient.reference = '#claim';
    const r = toClaimResponse(
      claim,
      {
        status: 'error',
        group: '960Z',
        returnCode: 'E01',
        edits: [],
        amount: '0',
        fundAmount: '0',
        patientAmount: '0',
        currency: 'UZS',
      },
      { created: '2026-01-07T10:00:00+05:00' },
    );
    expect([r.request, r.contained.map((x) => x.id)]).toEqual([{ reference: '#claim-1' }, ['claim-1', 'claim']]);
  });

  it('refuses what is not a Claim and amounts that are not plain decimals', () => {
    const ok: ClaimOutcome = {
      status: 'priced',
      group: 'A',
      returnCode: '0',
      edits: [],
      amount: '1.00',
      fundAmount: '1.00',
      patientAmount: '0.00',
      currency: 'UZS',
    };
    expect(() => toClaimResponse({ resourceType: 'Patient' }, ok)).toThrow('toClaimResponse needs the submitted Claim');
    expect(() => toClaimResponse(smallClaim(), { ...ok, amount: 'NaN' })).toThrow('not a decimal amount: "NaN"');
    expect(() => toClaimResponse(smallClaim(), { ...ok, currency: 'sum' })).toThrow(
      'not an ISO 4217 currency code: "sum"',
    );
  });
});
