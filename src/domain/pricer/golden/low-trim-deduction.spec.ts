// Golden: below the low trim point the weight loses a per-day deduction for each day short (G-DRG style).
import { Dec } from '../../money/decimal';
import { group, testBook } from '../../testing/book-builder';
import { price, scenario } from './golden-case';

const book = testBook({
  groups: [
    group('G67A', { weight: new Dec('2.324'), lowTrim: 3, lowDayDeduction: new Dec('0.316'), highTrim: 20 }),
    group('TINY', { weight: new Dec('0.5'), lowTrim: 5, lowDayDeduction: new Dec('0.2') }),
  ],
  baseRates: [{ careSetting: 'inpatient', validFrom: '2026-01-01', amount: new Dec('4200') }],
});

describe('golden: low trim point, per-day deduction', () => {
  it('DESIGN example: LOS 1, 2 days short → 2.324 − 2 × 0.316 = 1.692; 4,200 × 1.692 = 7,106.40', () => {
    const r = price(book, scenario('G67A', 1));
    expect(r.effectiveWeight.toString()).toBe('1.692');
    expect(r.amount.toFixed(2)).toBe('7106.40');
    expect(r.explanation.steps.slice(0, 4)).toEqual([
      { k: 'base', v: '4200', src: 'base-rates.csv:inpatient:2026-01-01' },
      { k: 'weight', v: '2.324', src: 'groups.csv:G67A' },
      { k: 'low-trim', v: '0.632', src: 'groups.csv:G67A:2d×0.316' },
      { k: 'effective-weight', v: '1.692', r: '7106.4' },
    ]);
  });

  it('LOS 2, 1 day short → 2.008 × 4,200 = 8,433.60', () => {
    const r = price(book, scenario('G67A', 2));
    expect(r.effectiveWeight.toString()).toBe('2.008');
    expect(r.amount.toFixed(2)).toBe('8433.60');
  });

  it('a day-care stay of 0 days is 3 days short (the same-day share is for inpatients only)', () => {
    const dayCareBook = testBook({
      groups: [group('G67A', { weight: new Dec('2.324'), lowTrim: 3, lowDayDeduction: new Dec('0.316') })],
      baseRates: [{ careSetting: 'day-care', validFrom: '2026-01-01', amount: new Dec('4200') }],
    });
    const r = price(dayCareBook, scenario('G67A', 0, { case: { careSetting: 'day-care' } }));
    // 2.324 − 3 × 0.316 = 1.376; 4,200 × 1.376 = 5,779.20
    expect(r.effectiveWeight.toString()).toBe('1.376');
    expect(r.amount.toFixed(2)).toBe('5779.20');
  });

  it('at the low trim point itself nothing is deducted: 2.324 × 4,200 = 9,760.80', () => {
    expect(price(book, scenario('G67A', 3)).amount.toFixed(2)).toBe('9760.80');
  });

  it('the effective weight never goes below zero: 0.5 − 4 × 0.2 → 0, pays 0.00', () => {
    const r = price(book, scenario('TINY', 1));
    expect(r.effectiveWeight.toString()).toBe('0');
    expect(r.amount.toFixed(2)).toBe('0.00');
  });
});
