import fc from 'fast-check';
import type { CaseRecord } from '../cases/case';
import type { GroupingResult } from '../grouper/result';
import type { SpecialClause, SpecialCondition } from '../tariff-book/conditions';
import { compileSpecialCondition, compiledConditionHolds, specialConditionHolds } from './special-conditions';

const ops = ['<', '<=', '>', '>=', '=', '!='] as const;
const numericClause = fc.record({
  field: fc.constantFrom('age_years' as const, 'age_days' as const, 'los' as const),
  op: fc.constantFrom(...ops),
  value: fc.integer({ min: -2, max: 90 }).map(String),
});
const textClause = fc.record({
  field: fc.constantFrom(
    'sex' as const,
    'care_setting' as const,
    'admission_type' as const,
    'discharge' as const,
    'group' as const,
    'mdc' as const,
    'flag' as const,
  ),
  // Any operator, even those the parser refuses for text fields: both tests must agree anyway.
  op: fc.constantFrom(...ops),
  value: fc.constantFrom('M', 'F', 'inpatient', 'day-care', 'planned', 'death', 'G1', '05', 'companion', ''),
});
const condition = fc
  .array(fc.oneof(numericClause, textClause), { minLength: 1, maxLength: 4 })
  .map((clauses): SpecialCondition => ({ text: 'generated', clauses: clauses as SpecialClause[] }));

const caseAndGrouping = fc
  .record({
    sex: fc.constantFrom('M' as const, 'F' as const, 'U' as const),
    careSetting: fc.constantFrom('inpatient' as const, 'day-care' as const),
    admissionType: fc.constantFrom('planned' as const, 'emergency' as const),
    dischargeMode: fc.constantFrom('home' as const, 'death' as const, 'transfer' as const),
    flags: fc.option(fc.subarray(['companion', 'disability-1']), { nil: undefined }),
    group: fc.constantFrom('G1', 'G2'),
    mdc: fc.option(fc.constantFrom('05', '15'), { nil: undefined }),
    ageYears: fc.integer({ min: 0, max: 90 }),
    ageDays: fc.integer({ min: 0, max: 40 }),
    los: fc.integer({ min: 0, max: 10 }),
  })
  .map((v) => {
    const c = {
      sex: v.sex,
      careSetting: v.careSetting,
      admissionType: v.admissionType,
      dischargeMode: v.dischargeMode,
      flags: v.flags,
    } as CaseRecord;
    const g = {
      group: v.group,
      features: { mdc: v.mdc, ageYears: v.ageYears, ageDays: v.ageDays, los: v.los },
    } as GroupingResult;
    return { c, g };
  });

describe('compiled special conditions', () => {
  it('answer as specialConditionHolds does, for any clauses and case', () => {
    fc.assert(
      fc.property(condition, caseAndGrouping, (cond, { c, g }) => {
        expect(compiledConditionHolds(compileSpecialCondition(cond), c, g)).toBe(specialConditionHolds(cond, c, g));
      }),
      { numRuns: 3000 },
    );
  });

  it('apply to every case without a condition, and test flags only on the list', () => {
    const none = compileSpecialCondition(undefined);
    const flagged = compileSpecialCondition({
      text: 'flag=companion',
      clauses: [{ field: 'flag', op: '=', value: 'companion' }],
    });
    const g = { group: 'G1', features: { ageYears: 3, ageDays: 1200, los: 2 } } as GroupingResult;
    expect(compiledConditionHolds(none, {} as CaseRecord, g)).toBe(true);
    expect(compiledConditionHolds(flagged, { flags: ['companion'] } as CaseRecord, g)).toBe(true);
    expect(compiledConditionHolds(flagged, { flags: ['other'] } as CaseRecord, g)).toBe(false);
    expect(compiledConditionHolds(flagged, {} as CaseRecord, g)).toBe(false);
  });
});
