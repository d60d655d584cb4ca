import { Rng, WeightedIndex } from './prng';

/** The binary search WeightedIndex used before its guide table: first index whose running sum is above the target. */
function binarySearch(weights: readonly number[], target: number): number {
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

describe('WeightedIndex guide table', () => {
  it('picks the same index as a binary search for every draw', () => {
    const r = new Rng(5, 'tables');
    const wrong: string[] = [];
    for (let t = 0; t < 300; t++) {
      const n = 1 + r.int(400);
      // Zero weights, tiny and huge ones: slice bounds then fall between, on and next to the sums.
      const weights = Array.from({ length: n }, () => (r.chance(0.3) ? 0 : r.next() * (r.chance(0.1) ? 1e6 : 1)));
      if (!weights.some((w) => w > 0)) weights[0] = 1;
      const index = new WeightedIndex(weights);
      for (let k = 0; k < 200; k++) {
        const a = new Rng(t * 1000 + k);
        const b = new Rng(t * 1000 + k);
        const got = index.sample(a);
        const expected = binarySearch(weights, b.next() * index.total);
        if (got !== expected) wrong.push(`table ${t} draw ${k}: ${got} != ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lands on the right index for draws exactly on a running sum and at the ends', () => {
    const weights = [0, 2, 0, 0, 1, 5, 0];
    const index = new WeightedIndex(weights);
    const at = (u: number) => index.sample({ next: () => u } as Rng);
    expect([0, 1, 2, 3, 7, 7.999].map((x) => at(x / 8))).toEqual([1, 1, 4, 5, 5, 5]);
    expect(at(1 - 2 ** -32)).toBe(5);
  });
});
