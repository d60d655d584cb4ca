import type { Dec } from '../money/decimal';
import type { CoverageDecision } from './coverage';
import type { PriceComputation } from './compute-price';

/** A priced combination: everything of a PricingResult that does not name the case itself. */
export interface CachedPrice extends PriceComputation {
  coverage: CoverageDecision;
  fundAmount: Dec;
  patientAmount: Dec;
}

/** Prices of one (base row, level, management) combination: group code → case key → price. */
export type PriceTable = Map<string, Map<number | string, CachedPrice>>;

// About 2 KB per entry (explanation steps included): 20,000 entries stay well under 64 MB per book.
export const MAX_CACHED_PRICES = 20_000;

/**
 * Per-book memo of priced combinations, in two levels so that the hot path needs no string building:
 * the price context (see pricing-tables.ts) holds its PriceTable, the table is keyed by the group code
 * (a string the grouper takes from the book, so its hash is cached) and then by a small integer that
 * packs the rest of the key. Bounded: when full it is emptied and fills again with what is in use.
 */
export class PriceMemo {
  private readonly tables = new Map<string, PriceTable>();
  private entries = 0;
  /** Counts clear() calls, so caches of this memo's inner maps (see CasePricer) know when to let go. */
  generation = 0;

  constructor(private readonly max = MAX_CACHED_PRICES) {}

  get size(): number {
    return this.entries;
  }

  /** The table for a (base row, level, management) key; contexts keep it, so it is emptied in place. */
  table(factorsKey: string): PriceTable {
    let table = this.tables.get(factorsKey);
    if (!table) {
      table = new Map();
      this.tables.set(factorsKey, table);
    }
    return table;
  }

  remember(table: PriceTable, group: string, key: number | string, price: CachedPrice): void {
    if (this.entries >= this.max) this.clear();
    let byKey = table.get(group);
    if (!byKey) {
      byKey = new Map();
      table.set(group, byKey);
    }
    byKey.set(key, price);
    this.entries++;
  }

  clear(): void {
    for (const table of this.tables.values()) table.clear();
    this.entries = 0;
    this.generation++;
  }
}
