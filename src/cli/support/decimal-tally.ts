// Sums many decimals cheaply: counts each distinct Decimal object and multiplies once at the end,
// so repeated values (shared objects) cost a map lookup instead of a decimal addition. Memory stays
// bounded: the counts are folded into the running sum whenever too many distinct values pile up.
import { ZERO, type Dec } from '../../domain/money';

const MAX_DISTINCT = 4096;

export class DecimalTally {
  private counts = new Map<Dec, number>();
  private folded: Dec = ZERO;

  /** Adds `value` `times` times. */
  add(value: Dec, times = 1): void {
    const n = this.counts.get(value);
    if (n !== undefined) {
      this.counts.set(value, n + times);
      return;
    }
    if (this.counts.size >= MAX_DISTINCT) this.fold();
    this.counts.set(value, times);
  }

  private fold(): void {
    this.folded = this.total();
    this.counts = new Map();
  }

  total(): Dec {
    let sum = this.folded;
    for (const [value, n] of this.counts) sum = sum.plus(n === 1 ? value : value.times(n));
    return sum;
  }
}
