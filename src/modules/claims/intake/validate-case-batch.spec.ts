import { validateCaseBatch } from './validate-case-batch';

function caseInput(facilityId: string, claimId: string, principalDiagnosis = 'J18.9') {
  return {
    facilityId,
    claimId,
    patientId: 'P1',
    birthDate: '1990-06-01',
    sex: 'F',
    admissionAt: '2026-02-01T09:00',
    dischargeAt: '2026-02-04T12:00',
    admissionType: 'emergency',
    dischargeMode: 'home',
    careSetting: 'inpatient',
    principalDiagnosis,
  };
}

describe('validateCaseBatch', () => {
  it('rejects every occurrence of a (facilityId, claimId) pair seen twice, and keeps the rest', () => {
    const batch = [
      caseInput('F1', 'C1'),
      caseInput('F1', 'C2'),
      caseInput('F1', 'C1', 'J18.0'), // same claim, other content: which one is meant?
      caseInput('F2', 'C1'), // same claim id at another facility: a different claim
      { ...caseInput('F1', 'C3'), sex: 'X' },
    ];
    const r = validateCaseBatch(batch);
    expect(r.results.map((x) => x.ok)).toEqual([false, true, false, true, false]);
    expect([r.acceptedCount, r.rejectedCount]).toEqual([2, 3]);
    expect(r.errors).toEqual([
      {
        path: '$[0].claimId',
        field: 'claimId',
        code: 'DUPLICATE',
        message: 'claim C1 of facility F1 appears 2 times in this batch ($[0], $[2])',
      },
      {
        path: '$[2].claimId',
        field: 'claimId',
        code: 'DUPLICATE',
        message: 'claim C1 of facility F1 appears 2 times in this batch ($[0], $[2])',
      },
      { path: '$[4].sex', field: 'sex', code: 'ENUM', message: 'sex must be one of M, F, U' },
    ]);
  });

  it('uses the caller’s paths (file:line for a CSV) and shortens long duplicate lists', () => {
    const batch = Array.from({ length: 7 }, () => caseInput('F1', 'C9'));
    const r = validateCaseBatch(batch, (i) => `upload.csv:${i + 2}`);
    expect(r.acceptedCount).toBe(0);
    expect(r.errors[6]).toEqual({
      path: 'upload.csv:8',
      field: 'claimId',
      code: 'DUPLICATE',
      message:
        'claim C9 of facility F1 appears 7 times in this batch ' +
        '(upload.csv:2, upload.csv:3, upload.csv:4, upload.csv:5, upload.csv:6, …)',
    });
  });

  it('treats ids as case-sensitive and returns an empty result for an empty batch', () => {
    expect(validateCaseBatch([caseInput('F1', 'c1'), caseInput('F1', 'C1')]).acceptedCount).toBe(2);
    expect(validateCaseBatch([])).toEqual({ results: [], errors: [], acceptedCount: 0, rejectedCount: 0 });
  });
});
