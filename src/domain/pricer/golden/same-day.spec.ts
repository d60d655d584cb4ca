// Golden: an inpatient admitted and discharged on the same calendar date pays the same-day share.
import { Dec } from '../../money/decimal';
import { group, testBook } from '../../testing/book-builder';
import { price, scenario } from './golden-case';

// Manifest defaults: sameDayShare 0.3, deathFirstDayShare 0.5, transfers per diem.
const book = testBook({
  groups: [group('S01', { weight: new Dec('1'), meanLos: new Dec('5'), lowTrim: 2, lowDayDeduction: new Dec('0.4') })],
  baseRates: [
    { careSetting: 'inpatient', validFrom: '2026-01-01', amount: new Dec('10000') },
    { careSetting: 'day-care', validFrom: '2026-01-01', amount: new Dec('10000') },
  ],
});
const sameDay = (over: Record<string, unknown> = {}) => ({
  case: { admissionAt: '2026-03-02T08:00', dischargeAt: '2026-03-02T17:00', ...over },
});

describe('golden: same-day discharge', () => {
  it('inpatient home the same day: 10,000 × 0.3 = 3,000.00 (wins over the low trim)', () => {
    const r = price(book, scenario('S01', 0, sameDay()));
    expect(r.amount.toFixed(2)).toBe('3000.00');
    expect(r.effectiveWeight.toString()).toBe('1');
    expect(r.explanation.steps).toContainEqual({
      k: 'same-day',
      v: '0.3',
      src: 'manifest:pricing.sameDayShare',
      r: '3000',
    });
  });

  it('left against advice the same day: also 3,000.00', () => {
    expect(price(book, scenario('S01', 0, sameDay({ dischargeMode: 'against-advice' }))).amount.toFixed(2)).toBe(
      '3000.00',
    );
  });

  it('day care is always same-day and is not cut: 0 days short of 2 → 1 − 2 × 0.4 = 0.2 → 2,000.00', () => {
    const r = price(book, scenario('S01', 0, sameDay({ careSetting: 'day-care' })));
    expect(r.amount.toFixed(2)).toBe('2000.00');
    expect(r.explanation.steps.some((s) => s.k === 'same-day')).toBe(false);
  });

  it('a same-day death is a first-day death: 10,000 × 0.5 = 5,000.00', () => {
    expect(price(book, scenario('S01', 0, sameDay({ dischargeMode: 'death' }))).amount.toFixed(2)).toBe('5000.00');
  });

  it('a same-day transfer is a transfer: one day per diem 10,000 ÷ 5 = 2,000.00', () => {
    expect(price(book, scenario('S01', 0, sameDay({ dischargeMode: 'transfer' }))).amount.toFixed(2)).toBe('2000.00');
  });

  it('overnight (23:00 to 07:00 next day) is not same-day: 1 day short → 0.6 × 10,000 = 6,000.00', () => {
    const r = price(
      book,
      scenario('S01', 1, { case: { admissionAt: '2026-03-02T23:00', dischargeAt: '2026-03-03T07:00' } }),
    );
    expect(r.amount.toFixed(2)).toBe('6000.00');
  });
});
