import { Dec, ZERO } from '../../domain/money';
import type { PricingResult } from '../../domain/pricer/result';
import { testBook, group } from '../../domain/testing/book-builder';
import { DecimalTally } from './decimal-tally';
import { PriceSummary, formatAmount, formatPriceSummary } from './price-summary';

const explanation = { f: { cc: 0, or: false, los: 1, age: 40 }, steps: [] };

function priced(groupCode: string, amount: Dec, over: Partial<PricingResult> = {}): PricingResult {
  return {
    status: 'priced',
    group: groupCode,
    returnCode: '0',
    coverage: 'fund',
    effectiveWeight: new Dec(1),
    amount,
    fundAmount: amount,
    patientAmount: ZERO,
    explanation,
    ...over,
  };
}

function editError(code: string): PricingResult {
  return {
    status: 'error',
    group: 'ERR',
    returnCode: code,
    coverage: 'none',
    coverageReason: 'EDIT_ERROR',
    effectiveWeight: ZERO,
    amount: ZERO,
    fundAmount: ZERO,
    patientAmount: ZERO,
    explanation,
  };
}

describe('DecimalTally', () => {
  it('sums shared and distinct values exactly, also past the fold limit', () => {
    const t = new DecimalTally();
    const shared = new Dec('0.10');
    for (let i = 0; i < 10_000; i++) t.add(shared);
    for (let i = 0; i < 10_000; i++) t.add(new Dec(`${i}.01`));
    t.add(new Dec('2.5'), 4);
    // 10,000 × 0.10 + (0 + … + 9,999) + 10,000 × 0.01 + 4 × 2.5 = 1,000 + 49,995,000 + 100 + 10.
    expect(t.total().toFixed(2)).toBe('49996110.00');
  });
});

describe('PriceSummary', () => {
  it('adds cases that share priced combinations and cases that do not, to the tiyin', () => {
    const s = new PriceSummary();
    const a = new Dec('7106.40');
    const shared = priced('T01', a);
    for (let i = 0; i < 1000; i++) s.add(shared);
    s.add(priced('T01', new Dec('7106.40'))); // equal value, another object
    const noReferral = new Dec('9760.80');
    s.add(
      priced('S01', noReferral, {
        coverage: 'patient',
        coverageReason: 'NO_REFERRAL',
        fundAmount: ZERO,
        patientAmount: noReferral,
      }),
    );
    s.add(priced('S01', a)); // same amount object as T01's, other group
    s.add(editError('E03'));
    s.add(editError('E07'));
    s.add(editError('E03'));
    s.reject([{ file: 'c.csv', line: 9, field: 'sex', code: 'INVALID_VALUE', message: 'bad' }]);

    expect([s.read, s.priced, s.errors, s.rejectedRows]).toEqual([1007, 1003, 3, 1]);
    const totals = s.totals();
    // T01: 1,001 × 7,106.40 = 7,113,506.40; S01: 9,760.80 + 7,106.40 = 16,867.20.
    expect(totals.amount.toFixed(2)).toBe('7130373.60');
    expect(totals.patient.toFixed(2)).toBe('9760.80');
    expect(totals.fund.plus(totals.patient).toFixed(2)).toBe(totals.amount.toFixed(2));
    expect(s.groupTotals().map((g) => [g.group, g.count, g.amount.toFixed(2)])).toEqual([
      ['T01', 1001, '7113506.40'],
      ['ERR', 3, '0.00'],
      ['S01', 2, '16867.20'],
    ]);
    expect(s.returnCodes).toEqual(
      new Map([
        ['E03', 2],
        ['E07', 1],
      ]),
    );
    expect(new Map([...s.coverage].map(([k, n]) => [s.coverageLabel(k), n]))).toEqual(
      new Map([
        ['fund', 1002],
        ['patient NO_REFERRAL', 1],
      ]),
    );
  });

  it('stays exact when more combinations turn up than it remembers', () => {
    const s = new PriceSummary();
    for (let i = 0; i < 20_000; i++) s.add(priced(`G${i % 7}`, new Dec(`${i}.05`)));
    expect(s.totals().amount.toFixed(2)).toBe('199991000.00'); // Σ i for i < 20,000 + 20,000 × 0.05
  });

  it('prints a readable summary', () => {
    const book = testBook({
      groups: [group('T01', { names: { uz: 'T', ru: 'T', en: 'Medical cases' } }), group('ERR', { kind: 'error' })],
    });
    const s = new PriceSummary();
    s.add(priced('T01', new Dec('1234567.5')));
    s.add(editError('E03'));
    const lines = formatPriceSummary(s, { book, seconds: 2 });
    expect(lines).toEqual([
      'Priced with TEST 1 (illustrative figures) in 2.00 s (1 rows/s)',
      '  rows read                 2',
      '  priced                    1',
      '  error groups              1',
      '  rejected rows             0',
      '',
      'Totals (UZS)',
      '  amount       1,234,567.50',
      '  fund         1,234,567.50',
      '  patient              0.00',
      '',
      'Coverage of priced cases',
      '  fund                              1',
      '',
      'Top groups by count (1 of 1)',
      '  group        cases         amount  name',
      '  T01              1   1,234,567.50  Medical cases',
      '',
      'Error groups by return code',
      '  E03   UNKNOWN_DIAGNOSIS                    1',
    ]);
  });
});

describe('formatAmount', () => {
  it('groups thousands on the exact decimal string', () => {
    expect(formatAmount(new Dec('3853961.875'), 2)).toBe('3,853,961.88');
    expect(formatAmount(new Dec('-1000'), 2)).toBe('-1,000.00');
    expect(formatAmount(new Dec('999.5'), 0)).toBe('1,000');
    expect(formatAmount(new Dec('12345678901234567890.01'), 2)).toBe('12,345,678,901,234,567,890.01');
  });
});
