// The enrolment register: who is attached to which primary-care facility. A young population with
// a median age near 29, shaped like Uzbekistan's (figures rounded and made up for the sample).
import type { Sex } from '../cases/case';
import { dayNumber } from '../cases/dates';
import { DayFormatter, yearsBefore } from './calendar';
import type { PilotDistrict } from './district';
import { Rng, WeightedIndex } from './prng';

export interface EnrolmentRecord {
  personId: string;
  facilityId: string;
  birthDate: string;
  sex: Exclude<Sex, 'U'>;
}

/** Five-year age bands from 0–4 to 85–89: share of the population (per mille) and share of males. */
const PYRAMID: readonly { share: number; male: number }[] = [
  { share: 105, male: 0.515 },
  { share: 100, male: 0.514 },
  { share: 90, male: 0.512 },
  { share: 78, male: 0.51 },
  { share: 74, male: 0.505 },
  { share: 76, male: 0.5 },
  { share: 80, male: 0.497 },
  { share: 73, male: 0.495 },
  { share: 65, male: 0.493 },
  { share: 57, male: 0.49 },
  { share: 52, male: 0.485 },
  { share: 48, male: 0.475 },
  { share: 40, male: 0.46 },
  { share: 28, male: 0.445 },
  { share: 17, male: 0.42 },
  { share: 9, male: 0.4 },
  { share: 5, male: 0.38 },
  { share: 3, male: 0.35 },
];
const BANDS = new WeightedIndex(PYRAMID.map((b) => b.share));

export interface EnrolmentOptions {
  district: PilotDistrict;
  /** ISO date of the register snapshot; ages are counted at this date. */
  snapshotDate: string;
  /** Multiplies every facility's enrolled population (e.g. 0.01 for a tiny register in tests). */
  scale?: number;
}

/** Draws an age in completed years from the pyramid. */
export function drawAge(rng: Rng): { age: number; male: boolean } {
  const band = BANDS.sample(rng);
  return { age: band * 5 + rng.int(5), male: rng.chance(PYRAMID[band].male) };
}

/** Streams the register facility by facility; nothing but the current person is held. */
export function* enrolment(seed: number, opts: EnrolmentOptions): Generator<EnrolmentRecord> {
  const snapshot = dayNumber(opts.snapshotDate);
  if (Number.isNaN(snapshot)) throw new RangeError(`snapshot date must be YYYY-MM-DD, got "${opts.snapshotDate}"`);
  const rng = new Rng(seed, 'enrolment');
  const days = new DayFormatter();
  const scale = opts.scale ?? 1;
  // The same calendar date N years back, computed once per age.
  const anniversaries: number[] = [];
  for (let age = 0; age < PYRAMID.length * 5; age++) anniversaries.push(yearsBefore(snapshot, age));
  let serial = 0;
  for (const f of opts.district.facilities) {
    const n = Math.round(f.enrolledPopulation * scale);
    for (let i = 0; i < n; i++) {
      const { age, male } = drawAge(rng);
      // Up to 364 days before the anniversary keeps the completed years at `age`.
      const birth = anniversaries[age] - rng.int(365);
      serial++;
      yield {
        // Random part for pseudonymity, fixed length, then the serial: unique without a lookup.
        personId: `E${rng.hex8()}${serial.toString(36)}`,
        facilityId: f.id,
        birthDate: days.format(birth),
        sex: male ? 'M' : 'F',
      };
    }
  }
}
