// Golden: below the low trim point a `share` book pays a fixed share of the full payment (KSG style).
import { Dec } from '../../money/decimal';
import { group, testBook, testManifest } from '../../testing/book-builder';
import { price, scenario } from './golden-case';

const manifest = testManifest();
const book = testBook({
  manifest: { ...manifest, pricing: { ...manifest.pricing, shortStayMethod: 'share', shortStayShare: new Dec('0.5') } },
  groups: [
    group('K01', { weight: new Dec('1.2'), lowTrim: 3, lowDayDeduction: new Dec('0.3') }),
    group('K02', { weight: new Dec('1.2'), lowTrim: 3, shortStayShare: new Dec('0.3') }),
  ],
  baseRates: [{ careSetting: 'inpatient', validFrom: '2026-01-01', amount: new Dec('10000') }],
});

describe('golden: short stay, share of the full payment', () => {
  it('book share 0.5: 10,000 × 1.2 = 12,000 × 0.5 = 6,000.00; the deduction column is ignored', () => {
    const r = price(book, scenario('K01', 2));
    expect(r.amount.toFixed(2)).toBe('6000.00');
    // The share acts on money; the weight stays the group's.
    expect(r.effectiveWeight.toString()).toBe('1.2');
    expect(r.explanation.steps).toContainEqual({
      k: 'short-stay',
      v: '0.5',
      src: 'manifest:pricing.shortStayShare',
      r: '6000',
    });
  });

  it("the group's own share wins over the book's: 12,000 × 0.3 = 3,600.00", () => {
    const r = price(book, scenario('K02', 1));
    expect(r.amount.toFixed(2)).toBe('3600.00');
    expect(r.explanation.steps).toContainEqual({
      k: 'short-stay',
      v: '0.3',
      src: 'groups.csv:K02:short_stay_share',
      r: '3600',
    });
  });

  it('the share is the same whatever the number of days short', () => {
    expect(price(book, scenario('K01', 1)).amount.toFixed(2)).toBe('6000.00');
  });

  it('at the low trim point the full payment is due: 12,000.00', () => {
    expect(price(book, scenario('K01', 3)).amount.toFixed(2)).toBe('12000.00');
  });
});
