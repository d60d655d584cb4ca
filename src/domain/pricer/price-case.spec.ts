import { Dec } from '../money/decimal';
import { parseSpecialCondition } from '../tariff-book/conditions';
import type { Coefficient } from '../tariff-book/model';
import { group, testBook } from '../testing/book-builder';
import { price, scenario } from './golden/golden-case';
import { clearPriceCache, priceGroupedCase } from './price-case';
import { PriceMemo, type CachedPrice } from './price-cache';

const book = testBook({
  groups: [group('A01', { weight: new Dec('2'), lowTrim: 3, lowDayDeduction: new Dec('0.5'), highTrim: 10 })],
  baseRates: [
    { careSetting: 'inpatient', validFrom: '2026-01-01', amount: new Dec('1000') },
    { careSetting: 'inpatient', validFrom: '2026-03-01', amount: new Dec('1100') },
    { careSetting: 'inpatient', region: 'TAS', validFrom: '2026-01-01', amount: new Dec('1200') },
  ],
});
const priced = (s: ReturnType<typeof scenario>) => priceGroupedCase(book, s.case, s.facility, s.grouping);

describe('priceGroupedCase: base rate selection', () => {
  it("prefers the row for the facility's region: 1,200 × 2 = 2,400.00", () => {
    const r = price(book, scenario('A01', 5, { facility: { region: 'TAS' } }));
    expect(r.amount.toFixed(2)).toBe('2400.00');
    expect(r.explanation.steps[0]).toEqual({ k: 'base', v: '1200', src: 'base-rates.csv:inpatient:TAS:2026-01-01' });
  });

  it('falls back to the general row for a region without its own: the March rate 1,100 → 2,200.00', () => {
    const r = price(book, scenario('A01', 5, { facility: { region: 'SAM' } }));
    expect(r.amount.toFixed(2)).toBe('2200.00');
    expect(r.explanation.steps[0].src).toBe('base-rates.csv:inpatient:2026-03-01');
  });

  it('uses the rate valid on the discharge date: February → 1,000 × 2 = 2,000.00', () => {
    const s = scenario('A01', 5);
    s.case = { ...s.case, admissionAt: '2026-02-20T08:00', dischargeAt: '2026-02-25T08:00' };
    expect(price(book, s).amount.toFixed(2)).toBe('2000.00');
    // A stay admitted in February and discharged in March takes the March rate.
    s.case = { ...s.case, dischargeAt: '2026-03-01T08:00' };
    expect(price(book, s).amount.toFixed(2)).toBe('2200.00');
  });
});

describe('priceGroupedCase: memo', () => {
  it('a repeated combination reuses the computed steps; the features stay the case’s own', () => {
    clearPriceCache(book);
    const a = priced(scenario('A01', 5, { features: { ageYears: 30 } }));
    const b = priced(scenario('A01', 6, { features: { ageYears: 70 } }));
    expect(b.explanation.steps).toBe(a.explanation.steps);
    expect(a.explanation.f).toMatchObject({ los: 5, age: 30 });
    expect(b.explanation.f).toMatchObject({ los: 6, age: 70 });
  });

  it('a length of stay the price depends on is part of the key', () => {
    const a = priced(scenario('A01', 1));
    const b = priced(scenario('A01', 2));
    expect(b.explanation.steps).not.toBe(a.explanation.steps);
    expect([a.amount.toFixed(2), b.amount.toFixed(2)]).toEqual(['1100.00', '1650.00']);
  });

  it('facilities with equal own management coefficients keep their own source', () => {
    const a = priced(scenario('A01', 5, { facility: { id: 'F1', managementCoefficient: '1.1' } }));
    const b = priced(scenario('A01', 5, { facility: { id: 'F2', managementCoefficient: '1.1' } }));
    expect(a.explanation.steps).toContainEqual({ k: 'management', v: '1.1', src: 'facility:F1' });
    expect(b.explanation.steps).toContainEqual({ k: 'management', v: '1.1', src: 'facility:F2' });
  });

  it('cached steps are frozen so one result cannot change another', () => {
    const r = priced(scenario('A01', 5));
    expect(Object.isFrozen(r.explanation.steps)).toBe(true);
    expect(Object.isFrozen(r.explanation.steps[0])).toBe(true);
  });

  it('clearPriceCache forgets the combinations of a book', () => {
    const a = priced(scenario('A01', 5));
    clearPriceCache(book);
    const b = priced(scenario('A01', 5));
    expect(b.explanation.steps).not.toBe(a.explanation.steps);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('is bounded: a full memo is emptied and fills again', () => {
    const memo = new PriceMemo(3);
    const table = memo.table('b0|d|d');
    const entry = {} as CachedPrice;
    ['A', 'B', 'C'].forEach((g) => memo.remember(table, g, 1, entry));
    expect([memo.size, table.size]).toEqual([3, 3]);
    memo.remember(table, 'D', 1, entry);
    expect([memo.size, [...table.keys()]]).toEqual([1, ['D']]);
    // Contexts keep their table: it is emptied in place, never replaced.
    expect(memo.table('b0|d|d')).toBe(table);
  });

  it('a special that starts mid-month does not shift the memo key of the others', () => {
    const special = (code: string, value: string, condition: string, validFrom?: string): Coefficient => ({
      code,
      kind: 'special',
      value: new Dec(value),
      condition: parseSpecialCondition(condition),
      description: code,
      validFrom,
    });
    const b = testBook({
      groups: [group('A01', { weight: new Dec('2') })],
      baseRates: [{ careSetting: 'inpatient', validFrom: '2026-01-01', amount: new Dec('1000') }],
      coefficients: [special('OLD', '0.3', 'age_years>=75', '2026-03-15'), special('COMP', '0.1', 'flag=companion')],
    });
    const on = (day: string, over: Parameters<typeof scenario>[2]) => {
      const s = scenario('A01', 3, over);
      s.case = { ...s.case, admissionAt: `2026-03-${day}T08:00`, dischargeAt: `2026-03-${Number(day) + 3}T08:00` };
      return s;
    };
    // 10 March: only COMP exists → 2,000 + 100 = 2,100.00; 20 March, age 80, no companion: OLD → 2,000 + 300.
    expect(price(b, on('07', { case: { flags: ['companion'] } })).amount.toFixed(2)).toBe('2100.00');
    expect(price(b, on('17', { features: { ageYears: 80 } })).amount.toFixed(2)).toBe('2300.00');
  });

  it('a book with more specials than the key mask holds still memoises correctly', () => {
    const specials: Coefficient[] = Array.from({ length: 20 }, (_, i) => ({
      code: `S${i}`,
      kind: 'special',
      value: new Dec('0.01'),
      condition: parseSpecialCondition(`age_years>=${i * 5}`),
      description: '',
    }));
    const b = testBook({
      groups: [group('A01', { weight: new Dec('2') })],
      baseRates: [{ careSetting: 'inpatient', validFrom: '2026-01-01', amount: new Dec('1000') }],
      coefficients: specials,
    });
    // Age 97: all 20 apply → 2,000 + 1,000 × 0.20 = 2,200.00; age 52: S0…S10 → 2,000 + 110 = 2,110.00.
    expect(price(b, scenario('A01', 5, { features: { ageYears: 97 } })).amount.toFixed(2)).toBe('2200.00');
    expect(price(b, scenario('A01', 5, { features: { ageYears: 52 } })).amount.toFixed(2)).toBe('2110.00');
    expect(price(b, scenario('A01', 5, { features: { ageYears: 97 } })).amount.toFixed(2)).toBe('2200.00');
  });

  it('rejects a malformed facility management coefficient with a clear error', () => {
    expect(() => priced(scenario('A01', 5, { facility: { id: 'F9', managementCoefficient: '1,1' } }))).toThrow(
      'facility F9 managementCoefficient: not a valid decimal number: "1,1"',
    );
  });
});
