import fc from 'fast-check';
import { Dec } from '../money/decimal';
import { ROUNDING_MODES } from '../money/rounding';
import { parseSpecialCondition } from '../tariff-book/conditions';
import type { TariffBook } from '../tariff-book/model';
import { group, testBook, testManifest } from '../testing/book-builder';
import { plusDays, scenario, type Scenario } from './golden/golden-case';
import { priceGroupedCase, priceGroupedCaseUncached } from './price-case';

// Decimals built from integers, never from floats.
const decimal = (maxUnits: number, places: number) =>
  fc.integer({ min: 0, max: maxUnits }).map((n) => new Dec(n).dividedBy(new Dec(10).pow(places)));

const bookArb = fc
  .record({
    weight: decimal(30_000, 3),
    lowTrim: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    highTrim: fc.option(fc.integer({ min: 6, max: 30 }), { nil: undefined }),
    deduction: decimal(500, 3),
    addon: decimal(500, 3),
    meanLos: fc.integer({ min: 1, max: 200 }).map((n) => new Dec(n).dividedBy(10)),
    base: decimal(50_000_000, 2),
    mode: fc.constantFrom(...ROUNDING_MODES),
    points: fc.constantFrom('each-step' as const, 'end' as const),
    shortStayMethod: fc.constantFrom('per-day-deduction' as const, 'share' as const),
    coefficientShare: decimal(100, 2),
    specialBase: fc.constantFrom('base' as const, 'base-weight' as const),
    level: decimal(2000, 3),
    special: decimal(500, 3),
    guaranteed: fc.boolean(),
  })
  .map((p): TariffBook => {
    const m = testManifest();
    return testBook({
      manifest: {
        ...m,
        rounding: { mode: p.mode, scale: 2, points: p.points },
        pricing: {
          ...m.pricing,
          shortStayMethod: p.shortStayMethod,
          coefficientShare: p.coefficientShare,
          specialBase: p.specialBase,
        },
      },
      groups: [
        group('G1', {
          weight: p.weight,
          lowTrim: p.lowTrim,
          highTrim: p.highTrim,
          lowDayDeduction: p.deduction,
          highDayAddon: p.addon,
          meanLos: p.meanLos,
          guaranteed: p.guaranteed,
        }),
        group('G2', { weight: p.weight.plus(1), lowTrim: 2, lowDayDeduction: new Dec('0.1'), meanLos: new Dec(3) }),
      ],
      baseRates: [{ careSetting: 'inpatient', validFrom: '2026-01-01', amount: p.base }],
      coefficients: [
        { code: 'LVL', kind: 'level', appliesTo: 'regional', value: p.level, description: '' },
        {
          code: 'S1',
          kind: 'special',
          value: p.special,
          condition: parseSpecialCondition('age_years>=75'),
          description: '',
        },
        {
          code: 'S2',
          kind: 'special',
          value: p.special,
          condition: parseSpecialCondition('flag=companion'),
          description: '',
        },
      ],
    });
  });

const scenarioArb = fc
  .record({
    // Short stays often: that is where the trim and discharge rules meet.
    los: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 40 })),
    inHour: fc.integer({ min: 0, max: 23 }),
    outHour: fc.integer({ min: 0, max: 23 }),
    discharge: fc.constantFrom('home' as const, 'transfer' as const, 'death' as const, 'against-advice' as const),
    admissionType: fc.constantFrom('emergency' as const, 'planned' as const),
    referral: fc.boolean(),
    age: fc.constantFrom(3, 40, 80),
    companion: fc.boolean(),
    regional: fc.boolean(),
    // Few distinct facilities and ages, so that the memo gets hits and a bad key shows.
    management: fc.constantFrom(undefined, '1.1', '0.95'),
    group: fc.constantFrom('G1', 'G2'),
  })
  .map((p): Scenario =>
    scenario(p.group, p.los, {
      case: {
        admissionAt: `2026-03-02T${hh(p.inHour)}:00`,
        // Never discharged before admission (the edits would have stopped that case).
        dischargeAt: `${plusDays('2026-03-02', p.los)}T${hh(p.los === 0 ? Math.max(p.inHour, p.outHour) : p.outHour)}:00`,
        dischargeMode: p.discharge,
        admissionType: p.admissionType,
        referralId: p.referral ? 'REF' : null,
        flags: p.companion ? ['companion'] : [],
      },
      features: { ageYears: p.age },
      facility: { level: p.regional ? 'regional' : 'district', managementCoefficient: p.management },
    }),
  );

function hh(hour: number): string {
  return String(hour).padStart(2, '0');
}

const run = (book: TariffBook, s: Scenario) => priceGroupedCase(book, s.case, s.facility, s.grouping);
const runUncached = (book: TariffBook, s: Scenario) => priceGroupedCaseUncached(book, s.case, s.facility, s.grouping);

describe('priceGroupedCase properties', () => {
  it('the memo never changes a result, whatever was priced before', () => {
    fc.assert(
      fc.property(bookArb, fc.array(scenarioArb, { minLength: 1, maxLength: 30 }), (book, scenarios) => {
        for (const s of scenarios) expect(JSON.stringify(run(book, s))).toBe(JSON.stringify(runUncached(book, s)));
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic, rounded to the tiyin, never negative, and fund + patient = amount', () => {
    fc.assert(
      fc.property(bookArb, scenarioArb, (book, s) => {
        const a = runUncached(book, s);
        const b = runUncached(book, s);
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        expect(a.status).toBe('priced');
        expect(a.amount.decimalPlaces()).toBeLessThanOrEqual(2);
        expect(a.amount.isNegative()).toBe(false);
        expect(a.fundAmount.plus(a.patientAmount).equals(a.amount)).toBe(true);
        expect(a.explanation.steps.at(-2)).toEqual({ k: 'total', v: a.amount.toFixed(2) });
      }),
      { numRuns: 300 },
    );
  });

  it('an error grouping is never priced, whatever the book', () => {
    fc.assert(
      fc.property(bookArb, scenarioArb, (book, s) => {
        const r = run(book, { ...s, grouping: { ...s.grouping, isError: true, returnCode: 'E02' } });
        expect([r.status, r.amount.toString(), r.fundAmount.toString(), r.patientAmount.toString()]).toEqual([
          'error',
          '0',
          '0',
          '0',
        ]);
      }),
      { numRuns: 100 },
    );
  });
});
