/** A table row that is valid from/to (inclusive) ISO dates; open ends when absent. */
export interface EffectiveDated {
  validFrom?: string;
  validTo?: string;
}

/** ISO dates compare correctly as strings; an empty bound means open. */
export function isValidOn(row: EffectiveDated, date: string): boolean {
  return (!row.validFrom || row.validFrom <= date) && (!row.validTo || date <= row.validTo);
}

/**
 * Of the rows valid on `date`, the one that took effect last (latest validFrom); ties go to the
 * earlier row in file order, so the choice is deterministic even when a book overlaps its periods.
 */
export function pickEffective<T extends EffectiveDated>(rows: Iterable<T>, date: string): T | undefined {
  let best: T | undefined;
  for (const row of rows) {
    if (!isValidOn(row, date)) continue;
    if (best === undefined || (row.validFrom ?? '') > (best.validFrom ?? '')) best = row;
  }
  return best;
}
