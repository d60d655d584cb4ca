import DecimalJs from 'decimal.js';
import { Dec, ZERO } from './decimal';

/**
 * Splits `total` into parts proportional to `weights`, each a multiple of 10^-scale, so that the
 * parts add up to `total` exactly (largest-remainder method). Ties in the remainder go to the
 * earlier index, so the result is deterministic. Weights must be non-negative with a positive sum.
 */
export function allocateLargestRemainder(total: Dec, weights: readonly Dec[], scale = 2): Dec[] {
  if (weights.length === 0) throw new Error('allocate: no weights');
  const unit = new Dec(10).pow(-scale);
  if (!total.mod(unit).isZero()) throw new Error(`allocate: total ${total.toString()} is not a multiple of ${unit}`);
  let sum = ZERO;
  for (const w of weights) {
    if (!w.isFinite() || w.isNegative()) throw new Error(`allocate: weight ${w.toString()} must be finite and >= 0`);
    sum = sum.plus(w);
  }
  if (sum.isZero()) throw new Error('allocate: weights add up to zero');

  const negative = total.isNegative();
  const abs = total.abs();
  const floors: Dec[] = [];
  const remainders: { index: number; rest: Dec }[] = [];
  let allocated = ZERO;
  weights.forEach((w, index) => {
    const exact = abs.times(w).dividedBy(sum);
    const floor = exact.toDecimalPlaces(scale, DecimalJs.ROUND_DOWN);
    floors.push(floor);
    allocated = allocated.plus(floor);
    remainders.push({ index, rest: exact.minus(floor) });
  });
  let leftoverUnits = abs.minus(allocated).dividedBy(unit).toNumber();
  remainders.sort((a, b) => b.rest.comparedTo(a.rest) || a.index - b.index);
  for (let i = 0; leftoverUnits > 0; i++, leftoverUnits--) {
    const { index } = remainders[i % remainders.length];
    floors[index] = floors[index].plus(unit);
  }
  return negative ? floors.map((f) => f.negated()) : floors;
}
