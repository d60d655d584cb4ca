// Golden: above the high trim point the weight gains a per-day add-on for each day beyond.
import { Dec } from '../../money/decimal';
import { group, testBook } from '../../testing/book-builder';
import { price, scenario } from './golden-case';

const book = testBook({
  groups: [group('H10', { weight: new Dec('1.5'), lowTrim: 2, highTrim: 10, highDayAddon: new Dec('0.08') })],
  baseRates: [{ careSetting: 'inpatient', validFrom: '2026-01-01', amount: new Dec('5000') }],
});

describe('golden: high trim point, per-day add-on', () => {
  it('LOS 14, 4 days beyond 10: 1.5 + 4 × 0.08 = 1.82; 5,000 × 1.82 = 9,100.00', () => {
    const r = price(book, scenario('H10', 14));
    expect(r.effectiveWeight.toString()).toBe('1.82');
    expect(r.amount.toFixed(2)).toBe('9100.00');
    expect(r.explanation.steps).toContainEqual({ k: 'high-trim', v: '0.32', src: 'groups.csv:H10:4d×0.08' });
  });

  it('LOS 11, one day beyond: 1.58 × 5,000 = 7,900.00', () => {
    expect(price(book, scenario('H10', 11)).amount.toFixed(2)).toBe('7900.00');
  });

  it('at the high trim point no add-on: 1.5 × 5,000 = 7,500.00', () => {
    expect(price(book, scenario('H10', 10)).amount.toFixed(2)).toBe('7500.00');
  });
});
