// Golden: death within the first 24 hours pays the book's share of the full payment.
import { Dec } from '../../money/decimal';
import { group, testBook } from '../../testing/book-builder';
import { price, scenario } from './golden-case';

// Manifest default deathFirstDayShare = 0.5.
const book = testBook({
  groups: [group('D01', { weight: new Dec('1.25'), lowTrim: 2, lowDayDeduction: new Dec('0.25') })],
  baseRates: [{ careSetting: 'inpatient', validFrom: '2026-01-01', amount: new Dec('8000') }],
});
const died = (admissionAt: string, dischargeAt: string) => ({
  case: { admissionAt, dischargeAt, dischargeMode: 'death' as const },
});

describe('golden: death within the first day', () => {
  it('23 h 59 min after admission: full 8,000 × 1.25 = 10,000 × 0.5 = 5,000.00 (wins over the low trim)', () => {
    const r = price(book, scenario('D01', 1, died('2026-03-01T22:00', '2026-03-02T21:59')));
    expect(r.amount.toFixed(2)).toBe('5000.00');
    expect(r.explanation.steps).toContainEqual({
      k: 'death-first-day',
      v: '0.5',
      src: 'manifest:pricing.deathFirstDayShare',
      r: '5000',
    });
  });

  it('exactly 24 hours is not the first day: low trim 1.25 − 0.25 = 1.0 → 8,000.00', () => {
    const r = price(book, scenario('D01', 1, died('2026-03-01T22:00', '2026-03-02T22:00')));
    expect(r.amount.toFixed(2)).toBe('8000.00');
  });

  it('death on the admission date within hours: the death share, not the same-day share → 5,000.00', () => {
    const r = price(book, scenario('D01', 0, died('2026-03-02T08:00', '2026-03-02T11:00')));
    expect(r.amount.toFixed(2)).toBe('5000.00');
  });

  it('death after three days is a normal stay: 10,000.00', () => {
    expect(price(book, scenario('D01', 3, died('2026-03-02T08:00', '2026-03-05T08:00'))).amount.toFixed(2)).toBe(
      '10000.00',
    );
  });
});
