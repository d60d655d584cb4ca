// Golden: special-case coefficients are additive: base × Σ special (or base × weight × Σ special).
import { Dec } from '../../money/decimal';
import { parseSpecialCondition } from '../../tariff-book/conditions';
import type { Coefficient, PricingOptions } from '../../tariff-book/model';
import { group, testBook, testManifest } from '../../testing/book-builder';
import { price, scenario } from './golden-case';

const special = (code: string, value: string, condition: string, over: Partial<Coefficient> = {}): Coefficient => ({
  code,
  kind: 'special',
  value: new Dec(value),
  condition: parseSpecialCondition(condition),
  description: code,
  ...over,
});

const coefficients: Coefficient[] = [
  special('AGE75', '0.2', 'age_years>=75'),
  special('COMPANION', '0.25', 'age_years<4&flag=companion'),
  special('LONG', '0.1', 'los>=30'),
  special('AGE75-OLD', '0.5', 'age_years>=75', { validTo: '2025-12-31' }),
  special(
    'MIX',
    '0.05',
    'sex=F&mdc=05&admission_type=emergency&discharge!=death&care_setting=inpatient&group=SP&age_days>=100',
  ),
  { code: 'LVL-REG', kind: 'level', appliesTo: 'regional', value: new Dec('1.1'), description: 'regional' },
];
function book(pricing: Partial<PricingOptions> = {}) {
  const m = testManifest();
  return testBook({
    manifest: { ...m, pricing: { ...m.pricing, ...pricing } },
    groups: [group('SP', { weight: new Dec('1.5') })],
    baseRates: [{ careSetting: 'inpatient', validFrom: '2026-01-01', amount: new Dec('10000') }],
    coefficients,
  });
}
const base = book();
const aged = (ageYears: number, flags: string[] = []) => ({ features: { ageYears }, case: { flags } });

// 10,000 × 1.5 = 15,000 before specials throughout.
describe('golden: special-case coefficients', () => {
  it('age 80: 15,000 + 10,000 × 0.2 = 17,000.00 (the expired 0.5 row does not apply)', () => {
    const r = price(base, scenario('SP', 5, aged(80)));
    expect(r.amount.toFixed(2)).toBe('17000.00');
    expect(r.explanation.steps).toContainEqual({ k: 'special', v: '0.2', src: 'coefficients.csv:AGE75', r: '17000' });
  });

  it('a child of 3 with a parent staying: 15,000 + 10,000 × 0.25 = 17,500.00', () => {
    expect(price(base, scenario('SP', 5, aged(3, ['companion']))).amount.toFixed(2)).toBe('17500.00');
  });

  it('the same child without the companion flag: 15,000.00', () => {
    expect(price(base, scenario('SP', 5, aged(3))).amount.toFixed(2)).toBe('15000.00');
  });

  it('several apply: age 80 and LOS 35 → 15,000 + 10,000 × (0.2 + 0.1) = 18,000.00', () => {
    const r = price(base, scenario('SP', 35, aged(80)));
    expect(r.amount.toFixed(2)).toBe('18000.00');
    expect(r.explanation.steps.filter((s) => s.k === 'special').map((s) => s.src)).toEqual([
      'coefficients.csv:AGE75',
      'coefficients.csv:LONG',
    ]);
  });

  it('every clause must hold (sex, mdc, admission type, discharge, setting, group, age in days): 15,500.00', () => {
    const woman = scenario('SP', 5, { case: { sex: 'F' } });
    expect(price(base, woman).amount.toFixed(2)).toBe('15500.00');
    const died = scenario('SP', 5, { case: { sex: 'F', dischargeMode: 'death' } });
    expect(price(base, died).amount.toFixed(2)).toBe('15000.00');
  });

  it('specialBase base-weight: 15,000 + 10,000 × 1.5 × 0.2 = 18,000.00', () => {
    expect(price(book({ specialBase: 'base-weight' }), scenario('SP', 5, aged(80))).amount.toFixed(2)).toBe('18000.00');
  });

  it('specials are added after the coefficients, not multiplied by them: 15,000 × 1.1 + 2,000 = 18,500.00', () => {
    const r = price(base, scenario('SP', 5, { ...aged(80), facility: { level: 'regional' } }));
    expect(r.amount.toFixed(2)).toBe('18500.00');
  });

  it('a share situation takes its share of the whole, specials included: (15,000 + 2,000) × 0.5 = 8,500.00', () => {
    const s = scenario('SP', 0, { ...aged(80), case: { dischargeMode: 'death' } });
    expect(price(base, s).amount.toFixed(2)).toBe('8500.00');
  });
});
