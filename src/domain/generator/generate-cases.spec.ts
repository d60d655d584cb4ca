import type { CaseRecord } from '../cases/case';
import { ageInYears, dayNumber } from '../cases/dates';
import { createEngine } from '../engine';
import { CASE_ERROR_KINDS, type CaseErrorKind } from './case-errors';
import { parseCaseMix } from './case-mix';
import { facilityContext, generateDistrict } from './district';
import { CaseFactory, generateCases, type CaseGeneratorOptions } from './generate-cases';
import { TINY_CASE_MIX_CSV, tinyBook } from './tiny-fixture';

const book = tinyBook();
const caseMix = parseCaseMix(TINY_CASE_MIX_CSV);
const district = generateDistrict(42, { month: '2026-03' });
const options: CaseGeneratorOptions = { book, caseMix, district, month: '2026-03' };

function take(seed: number, n: number, opts: Partial<CaseGeneratorOptions> = {}): CaseRecord[] {
  return [...generateCases(seed, { ...options, ...opts, count: n })];
}

/** 10,000 cases of seed 42 with the default error share, each with the error put into it (if any). */
function sample(): { cases: CaseRecord[]; errors: (CaseErrorKind | undefined)[] } {
  const factory = new CaseFactory(42, options);
  const cases: CaseRecord[] = [];
  const errors: (CaseErrorKind | undefined)[] = [];
  for (let i = 0; i < 10_000; i++) {
    cases.push(factory.next());
    errors.push(factory.lastError);
  }
  return { cases, errors };
}

const profileOf = (c: CaseRecord) => caseMix.find((p) => p.department === c.department)!;
const stayDays = (c: CaseRecord) => dayNumber(c.dischargeAt) - dayNumber(c.admissionAt);

describe('generateCases', () => {
  it('gives identical cases for the same seed and different ones for another seed', () => {
    const a = take(42, 300);
    expect(take(42, 300)).toStrictEqual(a);
    const b = take(43, 300);
    expect(b).not.toEqual(a);
    expect(b.filter((c, i) => c.patientId === a[i].patientId)).toHaveLength(0);
  });

  it('is lazy: the first 5 of a billion cases come at once', () => {
    const started = Date.now();
    const first: CaseRecord[] = [];
    for (const c of generateCases(42, { ...options, count: 1_000_000_000 })) {
      first.push(c);
      if (first.length === 5) break;
    }
    expect(Date.now() - started).toBeLessThan(1000);
    expect(first).toStrictEqual(take(42, 5));
  });

  it('refuses a bad count, month, error share, or a case-mix code the book lacks', () => {
    expect(() => take(1, -1)).toThrow('count must be');
    expect(() => take(1, 1, { month: '2026-3' })).toThrow('month must be YYYY-MM');
    expect(() => take(1, 1, { errorShare: 2 })).toThrow('errorShare');
    const bad = parseCaseMix(TINY_CASE_MIX_CSV.replace('J189', 'J999'), 'mix.csv');
    expect(() => take(1, 1, { caseMix: bad, caseMixFile: 'mix.csv' })).toThrow(
      'mix.csv:3 [principal] diagnosis J999 of profile pneumonia is not in the book',
    );
  });

  it('puts a deliberate error into about 1% of cases, covering every kind (seed 42, 10,000 cases)', () => {
    const { errors } = sample();
    const injected = errors.filter((e) => e !== undefined);
    expect(injected).toHaveLength(OBSERVED.injected);
    expect(injected.length).toBeGreaterThanOrEqual(70);
    expect(injected.length).toBeLessThanOrEqual(130);
    const byKind = Object.fromEntries(CASE_ERROR_KINDS.map((k) => [k, injected.filter((e) => e === k).length]));
    expect(byKind).toEqual(OBSERVED.byKind);
    for (const k of CASE_ERROR_KINDS) expect(byKind[k]).toBeGreaterThan(0);
  });

  it('draws plausible cases from the profiles (seed 42, 10,000 cases)', () => {
    const { cases, errors } = sample();
    const valid = cases.filter((_, i) => errors[i] === undefined);

    // Every discharge falls inside the month; stays never exceed the profile's longest. Problems are
    // collected and compared once (an expect per case would be slow).
    const problems: string[] = [];
    const check = (ok: boolean, c: CaseRecord, what: string) => {
      if (!ok) problems.push(`${c.facilityId} ${c.claimId}: ${what}`);
    };
    for (const c of cases) check(c.dischargeAt.slice(0, 7) === '2026-03', c, 'discharged outside the month');
    for (const c of valid) {
      const p = profileOf(c);
      const los = stayDays(c);
      check(los >= 0 && los <= p.losMax, c, `stay ${los} outside 0..${p.losMax}`);
      if (c.careSetting === 'day-care') check(los === 0, c, 'day-care stay over midnight');
      if (los === 0) check(c.dischargeAt > c.admissionAt, c, 'same-day discharge not after admission');
      const age = ageInYears(c.birthDate, c.admissionAt);
      check(age >= p.ageMin && age <= p.ageMax, c, `age ${age} outside ${p.ageMin}..${p.ageMax}`);
      if (p.sex !== '*') check(c.sex === p.sex, c, `sex ${c.sex} in a ${p.sex} profile`);
      check((c.birthWeightGrams === null) === (p.birthWeightMin === undefined), c, 'birth weight presence');
      if (c.birthWeightGrams !== null) {
        const w = c.birthWeightGrams!;
        check(w >= p.birthWeightMin! && w <= p.birthWeightMax!, c, `birth weight ${w}`);
      }
      if (c.flags!.includes('companion')) check(age < 4, c, 'companion for a patient aged 4 or more');
      check(p.principal.includes(c.principalDiagnosis), c, 'principal not from the profile');
      check(
        c.secondaryDiagnoses.every((s) => p.secondary.includes(s)),
        c,
        'secondary not from the profile',
      );
      for (const pr of c.procedures) {
        check(p.procedures.includes(pr.code), c, 'procedure not from the profile');
        check(pr.date! >= c.admissionAt.slice(0, 10) && pr.date! <= c.dischargeAt.slice(0, 10), c, 'procedure date');
      }
    }
    expect(problems).toEqual([]);

    // Claim ids are unique per facility.
    expect(new Set(cases.map((c) => `${c.facilityId}|${c.claimId}`)).size).toBe(cases.length);

    const count = (pred: (c: CaseRecord) => boolean) => cases.filter(pred).length;
    const planned = count((c) => c.admissionType === 'planned');
    const plannedWithoutReferral = count((c) => c.admissionType === 'planned' && c.referralId === null);
    expect({
      dayCare: count((c) => c.careSetting === 'day-care'),
      newborns: count((c) => c.birthWeightGrams !== null),
      planned,
      plannedWithoutReferral,
      deaths: count((c) => c.dischargeMode === 'death'),
      transfers: count((c) => c.dischargeMode === 'transfer'),
      companions: count((c) => c.flags!.includes('companion')),
    }).toEqual(OBSERVED.counts);
    expect(count((c) => c.admissionType === 'emergency' && c.referralId !== null)).toBe(0);
    expect(plannedWithoutReferral / planned).toBeGreaterThan(0.02);
    expect(plannedWithoutReferral / planned).toBeLessThan(0.07);

    // Complex surgery (infarction with PCI) goes mostly to the regional and republican hospitals.
    const pci = valid.filter((c) => c.procedures.some((p) => p.code === 'PCI01'));
    const atDistrict = pci.filter((c) => c.facilityId.endsWith('-DH')).length;
    expect(atDistrict / pci.length).toBeLessThan(0.2);

    // Stays are skewed around the profile mean: pneumonia (mean 6) has its median below its mean.
    const pneumonia = valid.filter((c) => c.department === 'therapy').map(stayDays);
    const mean = pneumonia.reduce((a, b) => a + b, 0) / pneumonia.length;
    expect(Math.abs(mean - 6)).toBeLessThan(0.3);
    const sorted = [...pneumonia].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(mean);
  });

  it('makes each deliberate error fail the matching edit, and no other case fail any', () => {
    const engine = createEngine(book);
    const { cases, errors } = sample();
    const expected: Record<CaseErrorKind, string[]> = {
      'unknown-code': ['E03', 'E04'],
      'invalid-principal': ['E06'],
      'sex-conflict': ['E07'],
      'age-conflict': ['E08'],
      'discharge-before-admission': ['E09'],
      'missing-field': ['E01'],
      'impossible-los': ['E10'],
    };
    const facilities = new Map(district.facilities.map((f) => [f.id, facilityContext(f)]));
    const wrong: string[] = [];
    cases.forEach((c, i) => {
      const r = engine.process(c, facilities.get(c.facilityId)!);
      const kind = errors[i];
      const ok =
        kind === undefined
          ? r.returnCode === '0' && r.status === 'priced'
          : expected[kind].includes(r.returnCode) && r.status === 'error';
      if (!ok) wrong.push(`${c.facilityId} ${c.claimId} (${kind ?? 'no error'}): ${r.returnCode} ${r.status}`);
    });
    expect(wrong).toEqual([]);
  });
});

// Observed for seed 42 with the tiny book and case-mix; a change here means the generator changed.
const OBSERVED = {
  injected: 95,
  byKind: {
    'unknown-code': 13,
    'invalid-principal': 17,
    'sex-conflict': 14,
    'age-conflict': 14,
    'discharge-before-admission': 12,
    'missing-field': 15,
    'impossible-los': 10,
  },
  counts: {
    dayCare: 972,
    newborns: 279,
    planned: 2673,
    plannedWithoutReferral: 90,
    deaths: 228,
    transfers: 163,
    companions: 198,
  },
};
