import fc from 'fast-check';
import { allocateLargestRemainder } from './allocate';
import { Dec } from './decimal';

const d = (s: string) => new Dec(s);
const parts = (total: string, weights: string[], scale?: number) =>
  allocateLargestRemainder(d(total), weights.map(d), scale).map((p) => p.toFixed(scale ?? 2));

describe('allocateLargestRemainder', () => {
  it('100.00 in three equal parts: the extra tiyin goes to the first', () => {
    expect(parts('100.00', ['1', '1', '1'])).toEqual(['33.34', '33.33', '33.33']);
  });

  it('the largest remainders get the leftover units', () => {
    // exact shares 10.005, 20.01, 69.985 → floors 10.00, 20.01, 69.98, 0.01 left; remainders 0.005, 0,
    // 0.005 tie → the earlier index gets it.
    expect(parts('100.00', ['10.005', '20.01', '69.985'])).toEqual(['10.01', '20.01', '69.98']);
    // 1,000 by 2 : 3 : 5 divides exactly
    expect(parts('1000.00', ['2', '3', '5'])).toEqual(['200.00', '300.00', '500.00']);
    // 0.05 by 1 : 1 : 1 : 1 : 1 : 1 : 1 → five parts of 0.01 and two of 0
    expect(parts('0.05', ['1', '1', '1', '1', '1', '1', '1'])).toEqual([
      '0.01',
      '0.01',
      '0.01',
      '0.01',
      '0.01',
      '0.00',
      '0.00',
    ]);
  });

  it('a zero weight gets nothing', () => {
    // 3.333… and 6.666… → floors 3.33 and 6.66; the leftover tiyin goes to the larger remainder (0.0066…).
    expect(parts('10.00', ['0', '1', '2'])).toEqual(['0.00', '3.33', '6.67']);
  });

  it('splits a negative total (a correction) symmetrically', () => {
    expect(parts('-100.00', ['1', '1', '1'])).toEqual(['-33.34', '-33.33', '-33.33']);
  });

  it('works at another scale: whole sums', () => {
    expect(parts('10', ['1', '1', '1'], 0)).toEqual(['4', '3', '3']);
  });

  it('refuses what cannot be split', () => {
    expect(() => allocateLargestRemainder(d('1'), [])).toThrow('allocate: no weights');
    expect(() => allocateLargestRemainder(d('1.005'), [d('1')])).toThrow('is not a multiple of');
    expect(() => allocateLargestRemainder(d('1'), [d('-1'), d('2')])).toThrow('must be finite and >= 0');
    expect(() => allocateLargestRemainder(d('1'), [d('0'), d('0')])).toThrow('weights add up to zero');
  });

  it('parts always add up to the total and each is within one unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc
          .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 40 })
          .filter((w) => w.some((x) => x > 0)),
        fc.integer({ min: 0, max: 4 }),
        (units, weights, scale) => {
          const unit = new Dec(10).pow(-scale);
          const total = new Dec(units.toString()).times(unit);
          const ws = weights.map((w) => new Dec(w).dividedBy(1000));
          const sumW = ws.reduce((a, b) => a.plus(b), new Dec(0));
          const result = allocateLargestRemainder(total, ws, scale);
          expect(result.reduce((a, b) => a.plus(b), new Dec(0)).equals(total)).toBe(true);
          result.forEach((part, i) => {
            const exact = total.times(ws[i]).dividedBy(sumW);
            expect(part.minus(exact).abs().lessThan(unit)).toBe(true);
            expect(part.mod(unit).isZero()).toBe(true);
          });
        },
      ),
    );
  });
});
