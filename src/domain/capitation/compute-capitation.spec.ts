// Golden: monthly capitation = annual base × Σ(persons × band coefficient) × Π adjustments ÷ 12.
import { Dec } from '../money/decimal';
import { testManifest } from '../testing/book-builder';
import type { TariffBook } from '../tariff-book/model';
import { capitationBook as book } from './capitation-test-book';
import { computeCapitation } from './compute-capitation';

// Weighted population: 100 × 1.8 + 400 × 1.0 + 450 × 1.2 + 50 × 2.1 = 180 + 400 + 540 + 105 = 1,225.
const bandCounts = { 'B0-4': 100, 'M5-64': 400, 'F5-64': 450, B65: 50 };
const base = { facilityId: 'PHC-01', snapshotDate: '2026-03-01', month: '2026-03', bandCounts };

describe('golden: capitation', () => {
  it('rural: 420,000 × 1,225 = 514,500,000 × 1.15 = 591,675,000 ÷ 12 = 49,306,250.00; 10% withheld', () => {
    const r = computeCapitation(book, { ...base, adjustmentCodes: ['RURAL'] });
    expect(r.weightedPopulation.toString()).toBe('1225');
    expect(r.adjustment.toString()).toBe('1.15');
    expect(r.adjustedPopulation.toString()).toBe('1408.75');
    expect(r.monthly.toFixed(2)).toBe('49306250.00');
    expect(r.withheld.toFixed(2)).toBe('4930625.00');
    expect(r.payableNow.toFixed(2)).toBe('44375625.00');
    expect(r.enrolled).toBe(1000);
    expect(r.explanation.steps).toEqual([
      { k: 'band', v: '1.8', n: 100, src: 'capitation-bands.csv:B0-4', r: '180' },
      { k: 'band', v: '1', n: 400, src: 'capitation-bands.csv:M5-64', r: '580' },
      { k: 'band', v: '1.2', n: 450, src: 'capitation-bands.csv:F5-64', r: '1120' },
      { k: 'band', v: '2.1', n: 50, src: 'capitation-bands.csv:B65', r: '1225' },
      { k: 'annual-base', v: '420000', src: 'manifest:capitation.annualBase', r: '514500000' },
      { k: 'adjustment', v: '1.15', src: 'capitation-adjustments.csv:RURAL', r: '591675000' },
      { k: 'months', v: '12', r: '49306250' },
      { k: 'round', v: 'half-up/2', src: 'monthly', r: '49306250.00' },
      { k: 'withhold', v: '0.1', src: 'manifest:capitation.withholdShare', r: '4930625.00' },
      { k: 'payable', v: '44375625.00' },
    ]);
  });

  it('rural and mountainous multiply: 591,675,000 × 1.1 = 650,842,500 ÷ 12 = 54,236,875.00', () => {
    const r = computeCapitation(book, { ...base, adjustmentCodes: ['RURAL', 'MOUNT'] });
    expect(r.monthly.toFixed(2)).toBe('54236875.00');
    expect(r.withheld.toFixed(2)).toBe('5423687.50');
    expect(r.payableNow.toFixed(2)).toBe('48813187.50');
  });

  it('no adjustment: 514,500,000 ÷ 12 = 42,875,000.00', () => {
    const r = computeCapitation(book, base);
    expect(r.adjustment.toString()).toBe('1');
    expect(r.monthly.toFixed(2)).toBe('42875000.00');
  });

  it('from the persons themselves: the same as counting first', () => {
    const persons = [
      { birthDate: '2023-07-01', sex: 'M' as const }, // B0-4 1.8
      { birthDate: '1990-01-01', sex: 'F' as const }, // F5-64 1.2
      { birthDate: '1950-01-01', sex: 'M' as const }, // B65 2.1
      { birthDate: '2030-01-01', sex: 'M' as const }, // born after the snapshot: unassigned
    ];
    // 1.8 + 1.2 + 2.1 = 5.1; 420,000 × 5.1 = 2,142,000 ÷ 12 = 178,500.00
    const r = computeCapitation(book, { facilityId: 'PHC-02', snapshotDate: '2026-03-01', persons });
    expect(r.monthly.toFixed(2)).toBe('178500.00');
    expect([r.enrolled, r.unassigned]).toEqual([3, 1]);
    expect(r.bands.map((b) => [b.band, b.persons])).toEqual([
      ['B0-4', 1],
      ['M5-64', 0],
      ['F5-64', 1],
      ['B65', 1],
    ]);
  });

  describe('rounding per the book', () => {
    // Annual base 200.03, one person in a 0.5 band: 200.03 × 0.5 = 100.015.
    const tiny = (points: 'each-step' | 'end', mode: 'half-up' | 'half-even' = 'half-up'): TariffBook => {
      const m = testManifest();
      return {
        ...book,
        manifest: {
          ...m,
          rounding: { mode, scale: 2, points },
          capitation: { annualBase: new Dec('200.03'), withholdShare: new Dec('0.1') },
        },
        capitationBands: [{ code: 'HALF', sex: '*', ageFrom: 0, ageTo: 120, coefficient: new Dec('0.5') }],
      };
    };
    const one = { facilityId: 'X', snapshotDate: '2026-03-01', bandCounts: { HALF: 1 } };

    it('end: 100.015 ÷ 12 = 8.334583… → 8.33; withheld 0.833 → 0.83; payable 7.50', () => {
      const r = computeCapitation(tiny('end'), one);
      expect([r.monthly.toFixed(2), r.withheld.toFixed(2), r.payableNow.toFixed(2)]).toEqual(['8.33', '0.83', '7.50']);
    });

    it('each-step: 100.015 → 100.02 ÷ 12 = 8.335 → 8.34; withheld 0.834 → 0.83; payable 7.51', () => {
      const r = computeCapitation(tiny('each-step'), one);
      expect([r.monthly.toFixed(2), r.withheld.toFixed(2), r.payableNow.toFixed(2)]).toEqual(['8.34', '0.83', '7.51']);
      expect(r.explanation.steps.filter((s) => s.k === 'round').map((s) => [s.src, s.r])).toEqual([
        ['annual', '100.02'],
        ['monthly', '8.34'],
      ]);
    });

    it('each-step half-even: 100.015 → 100.02 (to even), 8.335 → 8.34 (4 is even)', () => {
      expect(computeCapitation(tiny('each-step', 'half-even'), one).monthly.toFixed(2)).toBe('8.34');
    });
  });

  it('withheld + payable now = monthly, always', () => {
    const r = computeCapitation(book, { ...base, bandCounts: { 'B0-4': 7, B65: 3 }, adjustmentCodes: ['MOUNT'] });
    // 7 × 1.8 + 3 × 2.1 = 18.9; 420,000 × 18.9 = 7,938,000 × 1.1 = 8,731,800 ÷ 12 = 727,650.00
    expect(r.monthly.toFixed(2)).toBe('727650.00');
    expect(r.withheld.plus(r.payableNow).equals(r.monthly)).toBe(true);
  });
});

describe('computeCapitation: refused input', () => {
  it('an unknown adjustment code', () => {
    expect(() => computeCapitation(book, { ...base, adjustmentCodes: ['DESERT'] })).toThrow(
      'unknown capitation adjustment "DESERT" (known: RURAL, MOUNT)',
    );
  });

  it('an adjustment given twice', () => {
    expect(() => computeCapitation(book, { ...base, adjustmentCodes: ['RURAL', 'RURAL'] })).toThrow('given twice');
  });

  it('an unknown band or a count that is not a whole number', () => {
    expect(() => computeCapitation(book, { ...base, bandCounts: { B99: 1 } })).toThrow('unknown capitation band "B99"');
    expect(() => computeCapitation(book, { ...base, bandCounts: { B65: -1 } })).toThrow(
      'count -1 is not a whole number',
    );
    expect(() => computeCapitation(book, { ...base, bandCounts: { B65: 1.5 } })).toThrow(
      'count 1.5 is not a whole number',
    );
  });

  it('both or neither of bandCounts and persons', () => {
    expect(() => computeCapitation(book, { facilityId: 'X', snapshotDate: '2026-03-01' })).toThrow(
      'give either bandCounts or persons',
    );
    expect(() => computeCapitation(book, { ...base, persons: [] })).toThrow('give either bandCounts or persons');
  });

  it('a bad snapshot date or month', () => {
    expect(() => computeCapitation(book, { ...base, snapshotDate: '01.03.2026' })).toThrow(
      'snapshot date "01.03.2026"',
    );
    expect(() => computeCapitation(book, { ...base, month: '2026-3' })).toThrow('month "2026-3" is not YYYY-MM');
  });

  it('a book without bands', () => {
    expect(() => computeCapitation({ ...book, capitationBands: [] }, base)).toThrow('has no capitation bands');
  });
});
