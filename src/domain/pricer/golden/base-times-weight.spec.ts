// Golden: payment = base rate × cost weight when the stay is inside the trim points (DESIGN §2).
import { Dec } from '../../money/decimal';
import { group, testBook } from '../../testing/book-builder';
import { money, price, scenario } from './golden-case';

const book = testBook({
  groups: [group('T01A', { weight: new Dec('22.0576'), meanLos: new Dec('18.4'), lowTrim: 5, highTrim: 40 })],
  baseRates: [{ careSetting: 'inpatient', validFrom: '2026-01-01', amount: new Dec('174722.63') }],
});

describe('golden: base × weight', () => {
  it('174,722.63 × 22.0576 = 3,853,961.88 (3,853,961.883488 rounded half-up)', () => {
    const r = price(book, scenario('T01A', 18));
    expect(r.status).toBe('priced');
    expect(r.effectiveWeight.toString()).toBe('22.0576');
    expect(money(r)).toEqual({ amount: '3853961.88', fund: '3853961.88', patient: '0.00' });
  });

  it('explains every value with its source so the amount can be recomputed by hand', () => {
    const r = price(book, scenario('T01A', 18));
    expect(r.explanation).toEqual({
      row: 'R-T01A',
      f: { mdc: '05', cc: 0, or: false, los: 18, age: 50 },
      steps: [
        { k: 'base', v: '174722.63', src: 'base-rates.csv:inpatient:2026-01-01' },
        { k: 'weight', v: '22.0576', src: 'groups.csv:T01A' },
        { k: 'effective-weight', v: '22.0576', r: '3853961.883488' },
        { k: 'level', v: '1', src: 'default' },
        { k: 'management', v: '1', src: 'default' },
        { k: 'coefficient-share', v: '1', src: 'manifest:pricing.coefficientShare', r: '3853961.883488' },
        { k: 'round', v: 'half-up/2', src: 'amount', r: '3853961.88' },
        { k: 'total', v: '3853961.88' },
        { k: 'coverage', v: 'fund', src: 'emergency' },
      ],
    });
  });

  it('pays the same at both trim points (the trims start strictly below and above them)', () => {
    expect(price(book, scenario('T01A', 5)).amount.toFixed(2)).toBe('3853961.88');
    expect(price(book, scenario('T01A', 40)).amount.toFixed(2)).toBe('3853961.88');
  });
});
