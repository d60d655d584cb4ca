import fc from 'fast-check';
import type { CaseRecord } from '../cases/case';
import type { DiagnosisPairRule } from '../tariff-book/model';
import { dx, group, proc, row, testBook } from '../testing/book-builder';
import { createGrouper } from './group-case';
import { ReturnCodes } from './result';

const book = testBook({
  diagnoses: [
    dx('I219', { category: '05M01', properties: ['05X01'], complications: ['05C01'] }),
    dx('E119', { category: '10M01', complications: ['10C01'] }),
    dx('N40', { category: '98M01', sex: 'M' }),
    dx('O800', { category: '14M01', sex: 'F', ageMinYears: 12, ageMaxYears: 55 }),
    dx('P071', { category: '15M01' }),
    dx('R99', { category: '99M00' }),
    dx('X59', { validPrincipal: false }),
    dx('U07', { category: '04M01', validFrom: '2027-01-01' }),
  ],
  diagnosisPairRules: [{ code: 'X59', pairedCode: 'I219', kind: 'property', value: '05X09' } as DiagnosisPairRule],
  procedures: [proc('OR1', { orFlag: 1, properties: ['05S01'] }), proc('B03', { sex: 'F', ccLevel: 1 })],
  complications: new Map([
    ['05C01', { property: '05C01', level: 1, active: true }],
    ['10C01', { property: '10C01', level: 2, active: false, includeWithProperty: '05X09' }],
  ]),
  groups: [
    group('ERR-01', { kind: 'error', returnCode: 'E01' }),
    group('ERR', { kind: 'error' }),
    group('05A'),
    group('05B'),
    group('15A'),
    group('X', { kind: 'error' }),
  ],
  logic: [
    row('1', '05A', { mdc: { negate: false, value: '05' }, or: 'S' }),
    row('2', '05B', { mdc: { negate: false, value: '05' }, cc: { op: '>=', value: 1 } }),
    row('3', '15A', { mdc: { negate: false, value: '15' }, birthWeight: { op: '<', value: 2500 } }),
    row('4', '05B', { careSetting: 'day-care', sex: 'F' }),
    row('9', 'X', { returnCode: '8' }),
  ],
});

const plausibleCase = fc.record({
  facilityId: fc.constant('F1'),
  claimId: fc.constant('C1'),
  patientId: fc.constant('P1'),
  birthDate: fc.constantFrom('1950-04-01', '1990-07-15', '2026-02-20'),
  sex: fc.constantFrom('M', 'F', 'U'),
  admissionAt: fc.constantFrom('2026-03-01T10:00', '2026-03-01'),
  dischargeAt: fc.constantFrom('2026-03-01T18:00', '2026-03-04T09:30:00', '2026-03-09'),
  admissionType: fc.constantFrom('emergency', 'planned'),
  dischargeMode: fc.constantFrom('home', 'transfer', 'death', 'against-advice'),
  careSetting: fc.constantFrom('inpatient', 'inpatient', 'day-care'),
  principalDiagnosis: fc.constantFrom('I219', 'I219', 'E119', 'N40', 'P071', 'I219&X59'),
  secondaryDiagnoses: fc.array(fc.constantFrom('E119', 'I219', 'I219&X59', 'N40'), { maxLength: 3 }),
  procedures: fc.array(
    fc.constantFrom('OR1', 'B03').map((code) => ({ code })),
    { maxLength: 2 },
  ),
  birthWeightGrams: fc.constantFrom(undefined, 900, 3200),
});
type Plausible = Record<string, unknown>;

const codes = ['I219', 'O800', 'R99', 'X59', 'U07', 'Q99', 'I219&', '&', '', 'A&B&C'];
const garbageValue = fc.oneof(
  fc.anything(),
  fc.constantFrom(...codes),
  fc.constantFrom('2026-02-30', '2026-03-01T25:00', '1900-01-01', '2027-01-01', '2026-02-27T08:00', 'x', -1, NaN, null),
  fc.array(
    fc.oneof(
      fc.anything(),
      fc.constantFrom(...codes),
      fc.record({ code: fc.oneof(fc.anything(), fc.constantFrom('OR1', 'ZZ', '')) }),
    ),
  ),
);
const keys = [
  'facilityId',
  'claimId',
  'patientId',
  'birthDate',
  'sex',
  'admissionAt',
  'dischargeAt',
  'admissionType',
  'dischargeMode',
  'careSetting',
  'principalDiagnosis',
  'secondaryDiagnoses',
  'procedures',
  'birthWeightGrams',
  'flags',
  'referralId',
];

/** Plausible cases, the same with a few fields broken or dropped, and plain garbage. */
const anyCase = fc.oneof(
  { arbitrary: plausibleCase, weight: 3 },
  {
    arbitrary: fc
      .tuple(
        plausibleCase,
        fc.array(fc.tuple(fc.constantFrom(...keys), garbageValue, fc.boolean()), { minLength: 1, maxLength: 3 }),
      )
      .map(([c, breaks]) => {
        const out: Plausible = { ...c };
        for (const [key, value, drop] of breaks) {
          if (drop) delete out[key];
          else out[key] = value;
        }
        return out;
      }),
    weight: 4,
  },
  { arbitrary: fc.anything(), weight: 1 },
) as fc.Arbitrary<unknown> as fc.Arbitrary<CaseRecord>;

const editCodes = new Set<string>(Object.values(ReturnCodes).filter((c) => c !== ReturnCodes.OK));

describe('createGrouper: properties', () => {
  const grouper = createGrouper(book);

  it('is total: every case, garbage included, gets exactly one group of the book and a row or an edit code', () => {
    fc.assert(
      fc.property(anyCase, (c) => {
        const r = grouper(c);
        expect(book.groups.has(r.group)).toBe(true);
        if (r.rowId !== undefined) {
          const matched = book.logic.find((l) => l.id === r.rowId);
          expect(matched?.group).toBe(r.group);
          expect(r.returnCode).toBe(matched?.returnCode);
          expect(r.edits).toEqual([]);
          expect(r.isError).toBe(r.returnCode !== '0');
        } else {
          expect(editCodes.has(r.returnCode)).toBe(true);
          expect(r.edits[0].code).toBe(r.returnCode);
          expect(r.isError).toBe(true);
        }
        for (const n of [r.features.los, r.features.ageDays, r.features.ageYears, r.features.ccLevel]) {
          expect(Number.isFinite(n)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('is deterministic: the same case gives deep-equal results, whatever was grouped in between', () => {
    fc.assert(
      fc.property(anyCase, anyCase, (a, b) => {
        const first = grouper(a);
        grouper(b);
        expect(grouper(a)).toEqual(first);
        expect(createGrouper(book)(a)).toEqual(first);
      }),
      { numRuns: 1000 },
    );
  });

  it('groups plenty of generated cases normally (the generator is not all garbage)', () => {
    const samples = fc.sample(anyCase, { numRuns: 2000, seed: 7 });
    const results = samples.map((c) => grouper(c));
    const rows = new Set(results.map((r) => r.rowId).filter((id) => id !== undefined));
    expect([...rows].sort()).toEqual(['1', '2', '3', '4', '9']);
    const returnCodes = new Set(results.flatMap((r) => [r.returnCode, ...r.edits.map((e) => e.code)]));
    for (const code of ['0', '8', 'E01', 'E02', 'E03', 'E04', 'E05', 'E06', 'E07', 'E08', 'E09', 'E10'])
      expect(returnCodes).toContain(code);
  });
});
