import type { Sex } from '../cases/case';
import type { TariffBook } from '../tariff-book/model';
import { assignBand, requireSnapshotDate } from './age-sex-bands';

export interface BandCounts {
  /** Persons per band code, every band of the book present (zero when empty), in book order. */
  bandCounts: Record<string, number>;
  /** Persons with an impossible birth date (invalid or after the snapshot) or no matching band. */
  unassigned: number;
  total: number;
}

export interface BandCounter {
  /** Counts one enrolled person; returns the band code, or undefined when the person fits no band. */
  add(birthDate: string, sex: Sex): string | undefined;
  counts(): BandCounts;
}

// Registers repeat birth dates a lot (one per day of ~100 years per sex): memoise the band per key.
const MAX_MEMO = 200_000;

/** Counts a register snapshot person by person in constant memory (streaming-friendly). */
export function createBandCounter(book: TariffBook, snapshotDate: string): BandCounter {
  requireSnapshotDate(snapshotDate);
  const codes = book.capitationBands.map((b) => b.code);
  const perBand = new Map<string, number>(codes.map((c) => [c, 0]));
  const memo = new Map<string, string | null>();
  let unassigned = 0;
  let total = 0;
  return {
    add(birthDate, sex) {
      total++;
      const key = sex + birthDate;
      let code = memo.get(key);
      if (code === undefined) {
        code = assignBand(book, birthDate, sex, snapshotDate)?.code ?? null;
        if (memo.size < MAX_MEMO) memo.set(key, code);
      }
      if (code === null) {
        unassigned++;
        return undefined;
      }
      perBand.set(code, (perBand.get(code) ?? 0) + 1);
      return code;
    },
    counts() {
      return { bandCounts: Object.fromEntries(perBand), unassigned, total };
    },
  };
}
