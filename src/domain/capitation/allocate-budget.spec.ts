import fc from 'fast-check';
import { Dec } from '../money/decimal';
import { allocateCapitationBudget } from './allocate-budget';

const d = (s: string) => new Dec(s);

describe('allocateCapitationBudget', () => {
  it('splits by weighted population and the parts add up exactly', () => {
    // 1,000,000.00 by 1,408.75 : 1,225 : 366.25 (total 3,000) → 469,583.333… 408,333.333… 122,083.333…
    // floors 469,583.33 408,333.33 122,083.33 (0.01 left, remainders equal) → the first gets it.
    const shares = allocateCapitationBudget(d('1000000.00'), [
      { facilityId: 'PHC-01', weightedPopulation: d('1408.75') },
      { facilityId: 'PHC-02', weightedPopulation: d('1225') },
      { facilityId: 'PHC-03', weightedPopulation: d('366.25') },
    ]);
    expect(shares.map((s) => [s.facilityId, s.amount.toFixed(2)])).toEqual([
      ['PHC-01', '469583.34'],
      ['PHC-02', '408333.33'],
      ['PHC-03', '122083.33'],
    ]);
  });

  it('refuses an empty list, a facility twice, or weights that add up to zero', () => {
    expect(() => allocateCapitationBudget(d('10'), [])).toThrow('no facilities');
    expect(() =>
      allocateCapitationBudget(d('10'), [
        { facilityId: 'A', weightedPopulation: d('1') },
        { facilityId: 'A', weightedPopulation: d('2') },
      ]),
    ).toThrow('facility A appears twice');
    expect(() => allocateCapitationBudget(d('10'), [{ facilityId: 'A', weightedPopulation: d('0') }])).toThrow(
      'cannot split budget 10: allocate: weights add up to zero',
    );
  });

  it('property: parts sum to the budget, each within one tiyin of its exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 50 }),
        (tiyin, pops) => {
          const total = new Dec(tiyin.toString()).dividedBy(100);
          const facilities = pops.map((p, i) => ({
            facilityId: `F${i}`,
            weightedPopulation: new Dec(p).dividedBy(100),
          }));
          const shares = allocateCapitationBudget(total, facilities);
          const sumW = facilities.reduce((a, f) => a.plus(f.weightedPopulation), new Dec(0));
          expect(shares.reduce((a, s) => a.plus(s.amount), new Dec(0)).equals(total)).toBe(true);
          shares.forEach((s, i) => {
            const exact = total.times(facilities[i].weightedPopulation).dividedBy(sumW);
            expect(s.amount.minus(exact).abs().lessThan('0.01')).toBe(true);
          });
        },
      ),
    );
  });
});
