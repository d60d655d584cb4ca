import { createHash } from 'node:crypto';
import type { CaseRecord } from './cases/case';
import { createEngine } from './engine';
import { parseCaseMix } from './generator/case-mix';
import { facilityContext, generateDistrict } from './generator/district';
import { generateCases } from './generator/generate-cases';
import { TINY_CASE_MIX_CSV, tinyBook } from './generator/tiny-fixture';
import { clearPriceCache, priceGroupedCase } from './pricer/price-case';

const book = tinyBook();
const caseMix = parseCaseMix(TINY_CASE_MIX_CSV);
const district = generateDistrict(42, { month: '2026-03' });
const facilities = new Map(district.facilities.map((f) => [f.id, facilityContext(f)]));
const generate = (): CaseRecord[] => [...generateCases(42, { book, caseMix, district, month: '2026-03', count: 5000 })];

/** sha256 of each item's JSON, one per line. */
function fingerprint(items: readonly unknown[]): string {
  const hash = createHash('sha256');
  for (const item of items) hash.update(JSON.stringify(item) + '\n');
  return hash.digest('hex');
}

describe('engine on generated cases', () => {
  // Taken with the generator and engine as they were before their speed work (commit f77b045): the
  // cases and every result, explanations included, must stay the same byte for byte.
  it('generates and prices exactly what the reference implementation did', () => {
    clearPriceCache(book);
    const cases = generate();
    const engine = createEngine(book);
    const results = cases.map((c) => engine.process(c, facilities.get(c.facilityId)!));
    expect(JSON.stringify(cases[0])).toBe(
      '{"facilityId":"QA-RH","claimId":"C202603-1","patientId":"Pafdcb8db9ee5","birthDate":"1962-06-06","sex":"F",' +
        '"admissionAt":"2026-03-24T20:15","dischargeAt":"2026-03-30T10:00","admissionType":"emergency","referralId":null,' +
        '"dischargeMode":"home","careSetting":"inpatient","principalDiagnosis":"J189","secondaryDiagnoses":["I10"],' +
        '"procedures":[],"birthWeightGrams":null,"department":"therapy","flags":[]}',
    );
    expect(fingerprint(cases)).toBe('d04ffa4f9e5af97fe8b45bcf9ab2151b08186e099beb88b884bd3832229bc03b');
    expect(fingerprint(results)).toBe('87f792ec9e447fc71fded3426b56dc836e976848882543f5d179e665f3e43ff3');
    expect(results.filter((r) => r.status === 'error')).toHaveLength(37);
  });

  it('returns the pricer result with the grouping attached, same keys in the same order', () => {
    const engine = createEngine(book);
    const wrong: string[] = [];
    for (const c of generate().slice(0, 1500)) {
      const facility = facilities.get(c.facilityId)!;
      const r = engine.process(c, facility);
      const expected = { ...priceGroupedCase(book, c, facility, r.grouping), grouping: engine.group(c) };
      if (JSON.stringify(r) !== JSON.stringify(expected) || Object.keys(r).join() !== Object.keys(expected).join()) {
        wrong.push(`${c.claimId}: ${r.status} ${r.returnCode}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
