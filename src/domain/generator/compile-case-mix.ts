// Turns case-mix profiles into sampling tables once, so drawing a case is a handful of lookups.
import type { TariffBook } from '../tariff-book/model';
import type { CaseMixIssue, CaseMixProfile } from './case-mix';
import { CaseMixError } from './case-mix';
import type { Facility, PilotDistrict } from './district';
import { WeightedIndex } from './prng';

export interface CompiledProfile {
  profile: CaseMixProfile;
  /** Stay days: index = days, from 0 to los_max. */
  los: WeightedIndex;
  /** Indexes into the district's facility list, and how often each treats this profile. */
  facilities: readonly number[];
  facilityIndex: WeightedIndex;
  newborn: boolean;
  /** Surgery with a long stay, or cardiac interventions: mostly at regional (or republican) hospitals. */
  complex: boolean;
}

export interface CompiledCaseMix {
  profiles: readonly CompiledProfile[];
  profileIndex: WeightedIndex;
}

const CARDIAC = /cardi/i;

// Spread of the stay lengths around the mean (log scale): a long right tail, as in real stays.
const LOS_SIGMA = 0.55;

/**
 * Checks every code of the case-mix against the book and builds the tables. Unknown codes are an
 * error: a sample whose codes the book does not know would only test the edits.
 */
export function compileCaseMix(
  profiles: readonly CaseMixProfile[],
  book: TariffBook,
  district: PilotDistrict,
  file = 'case-mix.csv',
): CompiledCaseMix {
  const issues: CaseMixIssue[] = [];
  for (const p of profiles) {
    const check = (column: string, codes: readonly string[], table: ReadonlyMap<string, unknown>, what: string) => {
      for (const code of codes) {
        if (!table.has(code)) {
          issues.push({ file, line: p.line, column, message: `${what} ${code} of profile ${p.id} is not in the book` });
        }
      }
    };
    check('principal', p.principal, book.diagnoses, 'diagnosis');
    check('secondary', p.secondary, book.diagnoses, 'diagnosis');
    check('procedures', p.procedures, book.procedures, 'procedure');
  }
  if (issues.length > 0) throw new CaseMixError(issues);
  if (district.facilities.length === 0) throw new RangeError('the district has no facilities');

  const compiled = profiles.map((profile): CompiledProfile => {
    // Operating-room or interventional procedures (OR 1 or 2); complex when the stay is long or the
    // work is cardiac (a cath lab or heart surgery is not found in district hospitals).
    const surgical = profile.procedures.some((c) => (book.procedures.get(c)?.orFlag ?? 0) > 0);
    const complex =
      profile.careSetting === 'inpatient' &&
      surgical &&
      profile.procedureRate >= 0.5 &&
      (profile.losMean >= 6 || CARDIAC.test(profile.department));
    const routing = routeProfile(profile, district.facilities, complex, surgical);
    return {
      // The codes as the book's own string objects: the grouper's code lookups then find their key by
      // identity instead of comparing the text of a key string that is rarely in the CPU cache.
      profile: {
        ...profile,
        careSetting: profile.careSetting === 'inpatient' ? 'inpatient' : 'day-care', // the grouper's own strings
        principal: profile.principal.map((c) => book.diagnoses.get(c)!.code),
        secondary: profile.secondary.map((c) => book.diagnoses.get(c)!.code),
        procedures: profile.procedures.map((c) => book.procedures.get(c)!.code),
      },
      los: new WeightedIndex(losWeights(profile)),
      facilities: routing.map((r) => r.index),
      facilityIndex: new WeightedIndex(routing.map((r) => r.weight)),
      newborn: profile.birthWeightMin !== undefined,
      complex,
    };
  });
  return { profiles: compiled, profileIndex: new WeightedIndex(profiles.map((p) => p.weight)) };
}

/** Probability of each stay length 0..los_max: a lognormal with the profile's mean, cut at los_max. */
function losWeights(p: CaseMixProfile): number[] {
  if (p.careSetting === 'day-care' || p.losMean <= 0 || p.losMax === 0) return [1];
  const mu = Math.log(p.losMean) - (LOS_SIGMA * LOS_SIGMA) / 2;
  const cdf = (x: number) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / LOS_SIGMA));
  const weights: number[] = [];
  for (let days = 0; days <= p.losMax; days++) weights.push(cdf(days + 0.5) - cdf(days - 0.5));
  return weights.some((w) => w > 0) ? weights : [1];
}

/** Standard normal CDF via an erf approximation (Abramowitz–Stegun 7.1.26, error < 2e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Where a profile's cases are treated: share of cases per facility type, split evenly inside a type. */
function routeProfile(
  p: CaseMixProfile,
  facilities: readonly Facility[],
  complex: boolean,
  surgical: boolean,
): { index: number; weight: number }[] {
  const cardiac = CARDIAC.test(p.department);
  let shares: Partial<Record<Facility['type'], number>>;
  if (p.careSetting === 'day-care') shares = { 'district-hospital': 0.4, 'family-polyclinic': 0.6 };
  else if (complex)
    shares = {
      'regional-hospital': cardiac ? 0.6 : 0.85,
      'republican-centre': cardiac ? 0.3 : 0,
      'district-hospital': 0.1,
    };
  else if (surgical) shares = { 'district-hospital': 0.65, 'regional-hospital': 0.35 };
  else shares = { 'district-hospital': 0.78, 'regional-hospital': 0.2, 'republican-centre': cardiac ? 0.05 : 0 };

  const byType = new Map<string, number[]>();
  facilities.forEach((f, index) => byType.set(f.type, [...(byType.get(f.type) ?? []), index]));
  const routing: { index: number; weight: number }[] = [];
  for (const [type, share] of Object.entries(shares)) {
    const members = byType.get(type) ?? [];
    for (const index of members) if (share > 0) routing.push({ index, weight: share / members.length });
  }
  if (routing.length > 0) return routing;
  // A district without the usual hospitals: any hospital, else any facility.
  const hospitals = facilities.flatMap((f, index) => (f.enrolledPopulation === 0 ? [{ index, weight: 1 }] : []));
  return hospitals.length > 0 ? hospitals : facilities.map((_, index) => ({ index, weight: 1 }));
}
