import type { CaseRecord } from '../cases/case';
import { dx, group, proc, row, testBook, testManifest } from '../testing/book-builder';
import { runEdits } from './edits';

const manifest = testManifest();
const book = testBook({
  manifest: { ...manifest, edits: { maxInpatientLosDays: 120, maxDayCareLosDays: 0, maxAgeYears: 110 } },
  diagnoses: [
    dx('I219', { category: '05M01' }),
    dx('E119', { category: '10M01' }),
    dx('N40', { category: '12M01', sex: 'M' }),
    dx('O800', { category: '14M01', sex: 'F', ageMinYears: 12, ageMaxYears: 55 }),
    dx('R99', { category: '99M00' }),
    dx('Z000', { category: '23M01', validPrincipal: false }),
    dx('U071', { category: '04M01', validFrom: '2020-03-01' }),
    dx('P071', { category: '15M01' }),
    dx('X59', { validPrincipal: false }), // external cause: no category, so a pair takes its partner's
  ],
  procedures: [proc('A16.12', { orFlag: 1 }), proc('B03.30', { sex: 'F' }), proc('Q01', { validTo: '2025-12-31' })],
  groups: [group('G1')],
  logic: [row('R1', 'G1')],
});

function kase(over: Partial<Record<keyof CaseRecord, unknown>> = {}): CaseRecord {
  return {
    facilityId: 'F001',
    claimId: 'C1',
    patientId: 'P1',
    birthDate: '1970-05-20',
    sex: 'M',
    admissionAt: '2026-03-01T10:00',
    dischargeAt: '2026-03-05T12:00',
    admissionType: 'emergency',
    dischargeMode: 'home',
    careSetting: 'inpatient',
    principalDiagnosis: 'I219',
    secondaryDiagnoses: ['E119'],
    procedures: [{ code: 'A16.12', date: '2026-03-02' }],
    ...over,
  } as CaseRecord;
}

/** [code, field] of every finding, in the order the edits return them. */
const edits = (over: Partial<Record<keyof CaseRecord, unknown>>) =>
  runEdits(book, kase(over)).map((f) => [f.code, f.field]);

describe('runEdits', () => {
  it('passes a clean case', () => {
    expect(runEdits(book, kase())).toEqual([]);
  });

  it.each([
    'facilityId',
    'claimId',
    'patientId',
    'birthDate',
    'sex',
    'admissionAt',
    'dischargeAt',
    'principalDiagnosis',
    'careSetting',
    'dischargeMode',
    'admissionType',
  ] as const)('E01: missing %s', (field) => {
    expect(edits({ [field]: undefined })).toEqual([['E01', field]]);
  });

  it('E01: an empty string is missing too, and so is a secondary or procedure without its code', () => {
    expect(edits({ claimId: '', secondaryDiagnoses: [''], procedures: [{ date: '2026-03-02' }] })).toEqual([
      ['E01', 'claimId'],
      ['E01', 'secondaryDiagnoses[0]'],
      ['E01', 'procedures[0].code'],
    ]);
  });

  it('E01: a newborn (0–28 days) with a principal in MDC 15 needs a birth weight', () => {
    const newborn = { principalDiagnosis: 'P071', birthDate: '2026-02-20', secondaryDiagnoses: [], procedures: [] };
    expect(edits(newborn)).toEqual([['E01', 'birthWeightGrams']]);
    expect(edits({ ...newborn, birthWeightGrams: 2450 })).toEqual([]);
    expect(edits({ ...newborn, birthDate: '2026-01-31' })).toEqual([]); // 29 days old
  });

  it('E02: malformed dates, enumerations, slots, birth weight and lists', () => {
    expect(edits({ birthDate: '1970-02-30' })).toEqual([['E02', 'birthDate']]);
    expect(edits({ admissionAt: '01.03.2026' })).toEqual([['E02', 'admissionAt']]);
    expect(edits({ sex: 'X' })).toEqual([['E02', 'sex']]);
    expect(edits({ careSetting: 'outpatient' })).toEqual([['E02', 'careSetting']]);
    expect(edits({ dischargeMode: 'escaped' })).toEqual([['E02', 'dischargeMode']]);
    expect(edits({ admissionType: 42 })).toEqual([['E02', 'admissionType']]);
    expect(edits({ birthWeightGrams: -1 })).toEqual([['E02', 'birthWeightGrams']]);
    expect(edits({ principalDiagnosis: 'I219&' })).toEqual([['E02', 'principalDiagnosis']]);
    expect(edits({ secondaryDiagnoses: ['E119', 'A&B&C'] })).toEqual([['E02', 'secondaryDiagnoses[1]']]);
    expect(edits({ procedures: [{ code: 'A16.12', date: '2026-03-32' }] })).toEqual([['E02', 'procedures[0].date']]);
    expect(edits({ procedures: 'A16.12' })).toEqual([['E02', 'procedures']]);
    expect(edits({ flags: 'companion' })).toEqual([['E02', 'flags']]);
  });

  it('E03: unknown diagnosis codes, exact and case-sensitive, in any slot', () => {
    expect(edits({ principalDiagnosis: 'i219' })).toEqual([['E03', 'principalDiagnosis']]);
    expect(edits({ secondaryDiagnoses: ['E119', 'E1190'] })).toEqual([['E03', 'secondaryDiagnoses[1]']]);
    expect(edits({ secondaryDiagnoses: ['I219&Y999'] })).toEqual([['E03', 'secondaryDiagnoses[0]']]);
  });

  it('E04: unknown procedure code', () => {
    expect(edits({ procedures: [{ code: 'A16.12' }, { code: 'Z99.99' }] })).toEqual([['E04', 'procedures[1].code']]);
  });

  it('E05: a code outside its validity on the discharge date', () => {
    expect(
      edits({
        principalDiagnosis: 'U071',
        admissionAt: '2020-02-25',
        dischargeAt: '2020-02-29T09:00',
        birthDate: '1970-05-20',
      }),
    ).toEqual([['E05', 'principalDiagnosis']]);
    expect(edits({ procedures: [{ code: 'Q01' }] })).toEqual([['E05', 'procedures[0].code']]);
  });

  it('E06: a principal not acceptable by flag or by category 99M00', () => {
    expect(edits({ principalDiagnosis: 'Z000' })).toEqual([['E06', 'principalDiagnosis']]);
    expect(edits({ principalDiagnosis: 'R99' })).toEqual([['E06', 'principalDiagnosis']]);
    // In a pair the first code is the principal: I219 with its external cause is acceptable, the reverse is not.
    expect(edits({ principalDiagnosis: 'I219&X59' })).toEqual([]);
    expect(edits({ principalDiagnosis: 'X59&I219' })).toEqual([['E06', 'principalDiagnosis']]);
  });

  it('E07: a diagnosis or procedure for the other sex; unknown sex never conflicts', () => {
    expect(edits({ sex: 'F', secondaryDiagnoses: ['N40'] })).toEqual([['E07', 'secondaryDiagnoses[0]']]);
    expect(edits({ procedures: [{ code: 'B03.30' }] })).toEqual([['E07', 'procedures[0].code']]);
    expect(edits({ sex: 'U', secondaryDiagnoses: ['N40'], procedures: [{ code: 'B03.30' }] })).toEqual([]);
  });

  it('E08: age outside a diagnosis range, born after admission, or older than the book allows', () => {
    const obstetric = { sex: 'F', secondaryDiagnoses: ['O800'] }; // valid for ages 12–55
    expect(edits({ ...obstetric, birthDate: '1970-03-01' })).toEqual([['E08', 'secondaryDiagnoses[0]']]); // 56 today
    expect(edits({ ...obstetric, birthDate: '1970-03-02' })).toEqual([]); // 55
    expect(edits({ ...obstetric, birthDate: '2014-03-02' })).toEqual([['E08', 'secondaryDiagnoses[0]']]); // 11
    expect(edits({ ...obstetric, birthDate: '2014-03-01' })).toEqual([]); // 12 today
    expect(edits({ birthDate: '2026-03-02' })).toEqual([['E08', 'birthDate']]);
    expect(edits({ birthDate: '1915-01-01' })).toEqual([['E08', 'birthDate']]);
  });

  it('E09: discharge before admission, to the minute', () => {
    expect(edits({ dischargeAt: '2026-03-01T09:59' })).toEqual([['E09', 'dischargeAt']]);
    expect(edits({ dischargeAt: '2026-03-01T10:00' })).toEqual([]);
  });

  it('E10: a stay too long for the care setting', () => {
    expect(edits({ dischargeAt: '2026-06-30T10:00' })).toEqual([['E10', 'dischargeAt']]); // 121 days
    expect(edits({ dischargeAt: '2026-06-29T10:00' })).toEqual([]); // 120 days
    expect(edits({ careSetting: 'day-care', dischargeAt: '2026-03-02T08:00' })).toEqual([['E10', 'dischargeAt']]);
    expect(edits({ careSetting: 'day-care', dischargeAt: '2026-03-01T16:00' })).toEqual([]);
  });

  it('returns every finding, in priority order (numeric order of the codes)', () => {
    expect(
      edits({
        sex: 'F',
        dischargeAt: '2026-02-28',
        principalDiagnosis: 'N40',
        secondaryDiagnoses: ['E1190'],
        facilityId: undefined,
        birthWeightGrams: -5,
      }),
    ).toEqual([
      ['E01', 'facilityId'],
      ['E02', 'birthWeightGrams'],
      ['E03', 'secondaryDiagnoses[0]'],
      ['E07', 'principalDiagnosis'],
      ['E09', 'dischargeAt'],
    ]);
  });

  it('gives a message with every finding', () => {
    expect(runEdits(book, kase({ procedures: [{ code: 'Z99.99' }] }))).toEqual([
      { code: 'E04', field: 'procedures[0].code', message: 'unknown procedure code "Z99.99"' },
    ]);
  });

  it('never throws on garbage: a non-object case misses every mandatory field', () => {
    expect(runEdits(book, null as unknown as CaseRecord).map((f) => f.code)).toEqual(Array(11).fill('E01'));
    expect(edits({ secondaryDiagnoses: [7], procedures: [null, ['A16.12']] })).toEqual([
      ['E02', 'secondaryDiagnoses[0]'],
      ['E02', 'procedures[0]'],
      ['E02', 'procedures[1]'],
    ]);
  });
});
