import { Rng, WeightedIndex } from './prng';

describe('Rng', () => {
  it('gives the same sequence for the same seed and stream', () => {
    const a = new Rng(42, 'cases');
    const b = new Rng(42, 'cases');
    const seqA = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(seqA);
  });

  it('gives different sequences for other seeds and other streams', () => {
    const first = (r: Rng) => Array.from({ length: 4 }, () => r.u32());
    const base = first(new Rng(42, 'cases'));
    expect(first(new Rng(43, 'cases'))).not.toEqual(base);
    expect(first(new Rng(42, 'enrolment'))).not.toEqual(base);
    // Seeds above 2^32 use their high bits too.
    expect(first(new Rng(2 ** 32 + 42, 'cases'))).not.toEqual(base);
  });

  it('draws floats in [0, 1) and integers in range, roughly uniformly', () => {
    const r = new Rng(7);
    const buckets = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      buckets[r.int(4)]++;
    }
    for (const n of buckets) expect(Math.abs(n - 10_000)).toBeLessThan(400);
    expect(new Set(Array.from({ length: 200 }, () => r.between(3, 5)))).toEqual(new Set([3, 4, 5]));
  });

  it('builds fixed-width hex ids', () => {
    const r = new Rng(1);
    expect(r.hex8()).toMatch(/^[0-9a-f]{8}$/);
    expect(r.hex4()).toMatch(/^[0-9a-f]{4}$/);
  });

  it('refuses a seed that is not a safe integer', () => {
    expect(() => new Rng(1.5)).toThrow(RangeError);
  });
});

describe('WeightedIndex', () => {
  it('samples in proportion to the weights and never picks a zero weight', () => {
    const index = new WeightedIndex([1, 0, 3]);
    const r = new Rng(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[index.sample(r)]++;
    expect(counts[1]).toBe(0);
    expect(Math.abs(counts[0] - 10_000)).toBeLessThan(400);
    expect(counts[0] + counts[2]).toBe(40_000);
  });

  it('refuses empty, negative or all-zero weights', () => {
    expect(() => new WeightedIndex([])).toThrow('no weights');
    expect(() => new WeightedIndex([1, -1])).toThrow('not >= 0');
    expect(() => new WeightedIndex([0, 0])).toThrow('add up to zero');
  });
});
