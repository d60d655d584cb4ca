// Golden: a transfer out is paid per diem (full ÷ mean LOS per day, at least one day), capped at the full payment.
import { Dec } from '../../money/decimal';
import { group, testBook, testManifest } from '../../testing/book-builder';
import type { RoundingPolicy } from '../../money/rounding';
import { price, scenario } from './golden-case';

const groups = [
  group('TR1', {
    weight: new Dec('2'),
    meanLos: new Dec('8'),
    lowTrim: 4,
    lowDayDeduction: new Dec('0.5'),
    highTrim: 12,
    highDayAddon: new Dec('0.1'),
  }),
  group('TR7', { weight: new Dec('2'), meanLos: new Dec('7') }),
];
const baseRates = [{ careSetting: 'inpatient' as const, validFrom: '2026-01-01', amount: new Dec('6000') }];
const book = testBook({ groups, baseRates });
const transfer = { case: { dischargeMode: 'transfer' as const } };

function withManifest(rounding: Partial<RoundingPolicy>, transferPerDiem = true) {
  const m = testManifest();
  return testBook({
    groups,
    baseRates,
    manifest: { ...m, rounding: { ...m.rounding, ...rounding }, pricing: { ...m.pricing, transferPerDiem } },
  });
}

describe('golden: transfer out, per diem', () => {
  it('LOS 3: full 6,000 × 2 = 12,000; per diem 12,000 ÷ 8 = 1,500; 3 days = 4,500.00', () => {
    const r = price(book, scenario('TR1', 3, transfer));
    expect(r.amount.toFixed(2)).toBe('4500.00');
    expect(r.explanation.steps).toEqual(
      expect.arrayContaining([
        { k: 'transfer', v: '8', src: 'groups.csv:TR1:mean_los', r: '1500' },
        { k: 'transfer', v: '3', src: 'los', r: '4500' },
      ]),
    );
  });

  it('the per diem replaces the low-trim deduction (no double cut): LOS 2 = 2 × 1,500 = 3,000.00', () => {
    const r = price(book, scenario('TR1', 2, transfer));
    expect(r.amount.toFixed(2)).toBe('3000.00');
    expect(r.effectiveWeight.toString()).toBe('2');
    expect(r.explanation.steps.some((s) => s.k === 'low-trim')).toBe(false);
  });

  it('a transfer on the admission day is paid for one day: 1,500.00', () => {
    expect(price(book, scenario('TR1', 0, transfer)).amount.toFixed(2)).toBe('1500.00');
  });

  it('capped at the full payment: LOS 10 → 15,000 > 12,000, pays 12,000.00', () => {
    const r = price(book, scenario('TR1', 10, transfer));
    expect(r.amount.toFixed(2)).toBe('12000.00');
    expect(r.explanation.steps).toContainEqual({ k: 'transfer', v: '10', src: 'los:capped-at-full', r: '12000' });
  });

  it('at the high trim point still per diem (capped): LOS 12 → 12,000.00', () => {
    expect(price(book, scenario('TR1', 12, transfer)).amount.toFixed(2)).toBe('12000.00');
  });

  it('beyond the high trim point priced as a long stay: LOS 15 → (2 + 3 × 0.1) × 6,000 = 13,800.00', () => {
    const r = price(book, scenario('TR1', 15, transfer));
    expect(r.amount.toFixed(2)).toBe('13800.00');
    expect(r.explanation.steps.some((s) => s.k === 'transfer')).toBe(false);
  });

  it('a book without per-diem transfers pays the full payment: 12,000.00', () => {
    expect(price(withManifest({}, false), scenario('TR1', 5, transfer)).amount.toFixed(2)).toBe('12000.00');
  });

  it('mean LOS 7: end rounding 12,000 ÷ 7 × 3 = 5,142.857… → 5,142.86', () => {
    expect(price(book, scenario('TR7', 3, transfer)).amount.toFixed(2)).toBe('5142.86');
  });

  it('mean LOS 7: each-step rounding rounds the per diem first: 1,714.29 × 3 = 5,142.87', () => {
    const r = price(withManifest({ points: 'each-step' }), scenario('TR7', 3, transfer));
    expect(r.amount.toFixed(2)).toBe('5142.87');
    expect(r.explanation.steps).toContainEqual({ k: 'round', v: 'half-up/2', src: 'per-diem', r: '1714.29' });
  });
});
