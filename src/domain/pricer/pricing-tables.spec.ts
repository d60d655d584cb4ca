import type { FacilityContext } from '../cases/case';
import { Dec } from '../money/decimal';
import { group, testBook } from '../testing/book-builder';
import { scenario } from './golden/golden-case';
import { CasePricer, clearPriceCache, priceGroupedCase } from './price-case';
import { PricingTables } from './pricing-tables';

const book = testBook({
  groups: [group('A01', { weight: new Dec('2') })],
  baseRates: [
    { careSetting: 'inpatient', validFrom: '2026-01-01', amount: new Dec('1000') },
    { careSetting: 'inpatient', validFrom: '2026-03-10', amount: new Dec('1100') },
  ],
  coefficients: [
    { code: 'LVL-D', kind: 'level', appliesTo: 'district', value: new Dec('1'), description: '' },
    { code: 'LVL-R', kind: 'level', appliesTo: 'regional', value: new Dec('1.5'), description: '' },
  ],
});

describe('pricing contexts', () => {
  it('share one context object between days and facilities that resolve to the same factors', () => {
    const tables = new PricingTables(book);
    const a: FacilityContext = { id: 'F1', level: 'district' };
    const b: FacilityContext = { id: 'F2', level: 'district' };
    const early = tables.context('inpatient', a, '2026-03-02T10:00');
    expect(tables.context('inpatient', a, '2026-03-05T10:00')).toBe(early);
    expect(tables.context('inpatient', b, '2026-03-03T09:00')).toBe(early);
    expect(tables.context('inpatient', a, '2026-03-12T10:00')).not.toBe(early); // the 1,100 rate from the 10th
    expect(tables.context('inpatient', { id: 'F3', level: 'regional' }, '2026-03-02T10:00')).not.toBe(early);
  });

  it('see a facility object that changed since it was last used', () => {
    const pricer = new CasePricer(book);
    const facility: FacilityContext = { id: 'F1', level: 'district' };
    const s = scenario('A01', 5, { facility });
    expect(pricer.price(s.case, facility, s.grouping).amount.toFixed(2)).toBe('2000.00');
    facility.level = 'regional';
    expect(pricer.price(s.case, facility, s.grouping).amount.toFixed(2)).toBe('3000.00');
    facility.level = 'district';
    expect(pricer.price(s.case, facility, s.grouping).amount.toFixed(2)).toBe('2000.00');
  });

  it('still names the wanted base rate of each case without one (P01)', () => {
    const s = scenario('A01', 5, { case: { careSetting: 'day-care' }, facility: { region: 'TK' } });
    const r = priceGroupedCase(book, s.case, s.facility, s.grouping);
    expect(r.message).toBe('no base rate: base-rates.csv:day-care (region TK or general) on 2026-03-07');
    s.case = { ...s.case, dischargeAt: '2026-03-08T12:00' };
    const again = priceGroupedCase(book, s.case, s.facility, s.grouping);
    expect(again.message).toBe('no base rate: base-rates.csv:day-care (region TK or general) on 2026-03-08');
  });

  it('reprices after the memo is emptied, with the same amounts', () => {
    const pricer = new CasePricer(book);
    const s = scenario('A01', 5);
    const first = pricer.price(s.case, s.facility, s.grouping);
    expect(pricer.price(s.case, s.facility, s.grouping).explanation.steps).toBe(first.explanation.steps);
    clearPriceCache(book);
    const after = pricer.price(s.case, s.facility, s.grouping);
    expect(after.explanation.steps).not.toBe(first.explanation.steps);
    expect(JSON.stringify(after)).toBe(JSON.stringify(first));
  });
});
