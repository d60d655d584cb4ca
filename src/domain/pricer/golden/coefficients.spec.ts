// Golden: level and management coefficients applied to a configured share of the tariff (KSG style).
import { Dec } from '../../money/decimal';
import type { Coefficient } from '../../tariff-book/model';
import { group, testBook, testManifest } from '../../testing/book-builder';
import { price, scenario } from './golden-case';

const coefficient = (
  code: string,
  kind: Coefficient['kind'],
  appliesTo: string | undefined,
  value: string,
  over: Partial<Coefficient> = {},
): Coefficient => ({
  code,
  kind,
  appliesTo,
  value: new Dec(value),
  description: code,
  ...over,
});

const coefficients = [
  coefficient('LVL-REG', 'level', 'regional', '1.1'),
  coefficient('LVL-REP-OLD', 'level', 'republican', '1.3', { validTo: '2026-02-28' }),
  coefficient('LVL-REP', 'level', 'republican', '1.4', { validFrom: '2026-03-01' }),
  coefficient('MGT-ALL', 'management', undefined, '1.02'),
  coefficient('MGT-F007', 'management', 'F007', '1.05'),
];
function bookWithShare(share: string) {
  const m = testManifest();
  return testBook({
    manifest: { ...m, pricing: { ...m.pricing, coefficientShare: new Dec(share) } },
    groups: [group('K93', { weight: new Dec('0.93') })],
    baseRates: [{ careSetting: 'inpatient', validFrom: '2026-01-01', amount: new Dec('25000') }],
    coefficients,
  });
}
const ksg = bookWithShare('0.7');
const at = (id: string, level: 'district' | 'regional' | 'republican', managementCoefficient?: string) => ({
  facility: { id, level, managementCoefficient },
});

// 25,000 × 0.93 = 23,250 throughout.
describe('golden: level and management coefficients on a share of the tariff', () => {
  it('share 0.7, level 1.1, facility management 1.05: 23,250 × (0.7 × 1.1 × 1.05 + 0.3) = 23,250 × 1.1085 = 25,772.625 → 25,772.63', () => {
    const r = price(ksg, scenario('K93', 5, at('F007', 'regional')));
    expect(r.amount.toFixed(2)).toBe('25772.63');
    expect(r.explanation.steps.slice(3, 6)).toEqual([
      { k: 'level', v: '1.1', src: 'coefficients.csv:LVL-REG' },
      { k: 'management', v: '1.05', src: 'coefficients.csv:MGT-F007' },
      { k: 'coefficient-share', v: '0.7', src: 'manifest:pricing.coefficientShare', r: '25772.625' },
    ]);
  });

  it('another facility gets the general management row 1.02: 23,250 × 1.0854 = 25,235.55', () => {
    expect(price(ksg, scenario('K93', 5, at('F008', 'regional'))).amount.toFixed(2)).toBe('25235.55');
  });

  it("the facility registry's own coefficient 1.2 wins over the book: 23,250 × 1.224 = 28,458.00", () => {
    const r = price(ksg, scenario('K93', 5, at('F007', 'regional', '1.2')));
    expect(r.amount.toFixed(2)).toBe('28458.00');
    expect(r.explanation.steps).toContainEqual({ k: 'management', v: '1.2', src: 'facility:F007' });
  });

  it('no level row for district facilities → level 1: 23,250 × (0.7 × 1.05 + 0.3) = 23,250 × 1.035 = 24,063.75', () => {
    const r = price(ksg, scenario('K93', 5, at('F007', 'district')));
    expect(r.amount.toFixed(2)).toBe('24063.75');
    expect(r.explanation.steps).toContainEqual({ k: 'level', v: '1', src: 'default' });
  });

  it('the level row valid on the discharge date: March 1.4 → 23,250 × 1.329 = 30,899.25', () => {
    expect(price(ksg, scenario('K93', 5, at('F007', 'republican'))).amount.toFixed(2)).toBe('30899.25');
  });

  it('…and in February the old row 1.3 → 23,250 × 1.2555 = 29,190.375 → 29,190.38', () => {
    const s = scenario('K93', 5, at('F007', 'republican'));
    s.case = { ...s.case, admissionAt: '2026-02-10T08:00', dischargeAt: '2026-02-15T08:00' };
    expect(price(ksg, s).amount.toFixed(2)).toBe('29190.38');
  });

  it('share 1 applies the coefficients to everything: 23,250 × 1.1 × 1.05 = 26,853.75', () => {
    expect(price(bookWithShare('1'), scenario('K93', 5, at('F007', 'regional'))).amount.toFixed(2)).toBe('26853.75');
  });

  it('share 0 ignores them: 23,250.00', () => {
    expect(price(bookWithShare('0'), scenario('K93', 5, at('F007', 'regional'))).amount.toFixed(2)).toBe('23250.00');
  });
});
