// Effective-dated rows that must not overlap: two rows valid on the same day for the same key
// would make the price of that day ambiguous.
import type { IssueSink } from './book-issues';

export interface DatedEntry {
  line: number;
  /** Rows with the same key must not overlap. */
  key: string;
  /** How the key reads in a message, e.g. `care_setting inpatient, no region`. */
  label: string;
  validFrom?: string;
  validTo?: string;
}

/** Inclusive ISO date ranges; an absent end is open. ISO dates compare correctly as strings. */
export function periodsOverlap(a: Omit<DatedEntry, 'line' | 'key' | 'label'>, b: typeof a): boolean {
  const aStartsBeforeBEnds = a.validFrom === undefined || b.validTo === undefined || a.validFrom <= b.validTo;
  const bStartsBeforeAEnds = b.validFrom === undefined || a.validTo === undefined || b.validFrom <= a.validTo;
  return aStartsBeforeBEnds && bStartsBeforeAEnds;
}

export function describePeriod(e: { validFrom?: string; validTo?: string }): string {
  return `${e.validFrom ?? 'open'}..${e.validTo ?? 'open'}`;
}

/** Reports each row that overlaps an earlier row of the same key (once, against the first such row). */
export function reportOverlaps(sink: IssueSink, file: string, entries: readonly DatedEntry[]): void {
  const byKey = new Map<string, DatedEntry[]>();
  for (const e of entries) {
    const earlier = byKey.get(e.key) ?? [];
    const clash = earlier.find((o) => periodsOverlap(o, e));
    if (clash) {
      sink.add({
        file,
        line: e.line,
        column: 'valid_from',
        code: 'OVERLAP',
        message: `validity ${describePeriod(e)} overlaps line ${clash.line} (${describePeriod(clash)}) for ${e.label}`,
      });
    }
    earlier.push(e);
    byKey.set(e.key, earlier);
  }
}
