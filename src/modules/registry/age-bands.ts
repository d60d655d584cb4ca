import type { AgeBandCount } from './dto/enrolment-summary.dto';

/** Lower bounds of the summary's age bands (completed years); the last band is open. */
export const SUMMARY_AGE_BANDS: readonly number[] = [0, 1, 5, 15, 20, 30, 40, 50, 60, 70];
const SEXES = ['M', 'F', 'U'] as const;

/**
 * Folds (sex, age) counts into sex × age-band rows, every band present (zero when empty), so two
 * summaries line up row by row.
 */
export function foldIntoBands(counts: readonly { sex: 'M' | 'F' | 'U'; age: number; n: number }[]): AgeBandCount[] {
  const rows: AgeBandCount[] = [];
  for (const sex of SEXES) {
    SUMMARY_AGE_BANDS.forEach((from, i) => {
      const next = SUMMARY_AGE_BANDS[i + 1];
      const to = next === undefined ? null : next - 1;
      const label = to === null ? `${from}+` : from === to ? `${from}` : `${from}-${to}`;
      const count = counts
        .filter((c) => c.sex === sex && c.age >= from && (to === null || c.age <= to))
        .reduce((sum, c) => sum + c.n, 0);
      rows.push({ band: `${sex} ${label}`, sex, ageFrom: from, ageTo: to, count });
    });
  }
  return rows;
}
