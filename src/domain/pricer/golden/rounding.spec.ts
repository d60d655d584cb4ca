// Golden: rounding mode and rounding points change the tiyin, exactly as the book says.
import { Dec } from '../../money/decimal';
import type { RoundingPolicy } from '../../money/rounding';
import { parseSpecialCondition } from '../../tariff-book/conditions';
import type { PricingOptions } from '../../tariff-book/model';
import { group, testBook, testManifest } from '../../testing/book-builder';
import { price, scenario } from './golden-case';

function book(
  baseRate: string,
  weight: string,
  rounding: Partial<RoundingPolicy>,
  pricing: Partial<PricingOptions> = {},
) {
  const m = testManifest();
  return testBook({
    manifest: { ...m, rounding: { ...m.rounding, ...rounding }, pricing: { ...m.pricing, ...pricing } },
    groups: [group('R1', { weight: new Dec(weight) })],
    baseRates: [{ careSetting: 'inpatient', validFrom: '2026-01-01', amount: new Dec(baseRate) }],
    coefficients: [
      { code: 'LVL-DIS', kind: 'level', appliesTo: 'district', value: new Dec('1.2'), description: 'district' },
      {
        code: 'OLD',
        kind: 'special',
        value: new Dec('0.1'),
        condition: parseSpecialCondition('age_years>=75'),
        description: 'old',
      },
    ],
  });
}
const amount = (b: ReturnType<typeof book>, ageYears = 50) =>
  price(b, scenario('R1', 5, { features: { ageYears } })).amount.toFixed(2);

describe('golden: each-step versus end rounding', () => {
  it('end: 333.33 × 1.5 = 499.995; × 1.2 = 599.994 → 599.99', () => {
    const r = price(book('333.33', '1.5', { points: 'end' }), scenario('R1', 5));
    expect(r.amount.toFixed(2)).toBe('599.99');
    expect(r.explanation.steps.filter((s) => s.k === 'round')).toEqual([
      { k: 'round', v: 'half-up/2', src: 'amount', r: '599.99' },
    ]);
  });

  it('each-step: 499.995 → 500.00; × 1.2 = 600.00 — one tiyin more', () => {
    const r = price(book('333.33', '1.5', { points: 'each-step' }), scenario('R1', 5));
    expect(r.amount.toFixed(2)).toBe('600.00');
    expect(r.explanation.steps.filter((s) => s.k === 'round')).toEqual([
      { k: 'round', v: 'half-up/2', src: 'base×weight', r: '500.00' },
      { k: 'round', v: 'half-up/2', src: 'coefficients', r: '600.00' },
    ]);
  });

  it('with a base-weight special (age 80): end 599.994 + 333.33 × 1.5 × 0.1 = 599.994 + 49.9995 = 649.9935 → 649.99', () => {
    expect(amount(book('333.33', '1.5', { points: 'end' }, { specialBase: 'base-weight' }), 80)).toBe('649.99');
  });

  it('…each-step rounds the special part too: 600.00 + 50.00 = 650.00', () => {
    const b = book('333.33', '1.5', { points: 'each-step' }, { specialBase: 'base-weight' });
    const r = price(b, scenario('R1', 5, { features: { ageYears: 80 } }));
    expect(r.amount.toFixed(2)).toBe('650.00');
    expect(r.explanation.steps).toContainEqual({ k: 'round', v: 'half-up/2', src: 'special', r: '50.00' });
  });
});

describe('golden: rounding modes', () => {
  // 1,000.01 × 0.5 = 500.005 exactly, before a level coefficient of 1.2: use a level-free facility.
  const tie = (mode: RoundingPolicy['mode']) =>
    price(book('1000.01', '0.5', { mode }), scenario('R1', 5, { facility: { level: 'regional' } })).amount.toFixed(2);

  it('500.005: half-up → 500.01', () => expect(tie('half-up')).toBe('500.01'));
  it('500.005: half-even → 500.00 (0 is even)', () => expect(tie('half-even')).toBe('500.00'));
  it('500.005: half-down → 500.00', () => expect(tie('half-down')).toBe('500.00'));
  it('500.005: up → 500.01, down → 500.00', () => {
    expect(tie('up')).toBe('500.01');
    expect(tie('down')).toBe('500.00');
  });

  it('500.015 (1,000.03 × 0.5): half-even goes up to the even 500.02, like half-up', () => {
    const at = (mode: RoundingPolicy['mode']) =>
      price(book('1000.03', '0.5', { mode }), scenario('R1', 5, { facility: { level: 'regional' } })).amount.toFixed(2);
    expect(at('half-even')).toBe('500.02');
    expect(at('half-up')).toBe('500.02');
  });

  it('records the mode and scale in the round step', () => {
    const r = price(
      book('1000.01', '0.5', { mode: 'half-even' }),
      scenario('R1', 5, { facility: { level: 'regional' } }),
    );
    expect(r.explanation.steps).toContainEqual({ k: 'round', v: 'half-even/2', src: 'amount', r: '500.00' });
  });
});
