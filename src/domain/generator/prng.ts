// Seeded pseudo-random numbers for the sample-data generator. Not for anything secret: the point
// is that the same seed gives the same district, register and cases on every machine, forever.

/** 32-bit finaliser (avalanche mix) used to spread seeds and stream labels over the state. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** FNV-1a hash of a label, so each part of the generator draws from its own stream. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const TWO_POW_32 = 4294967296;

/** Char codes of the lowercase hex digits '0'–'9', 'a'–'f'. */
export const HEX_CODES: readonly number[] = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));

/**
 * xorshift128 generator (four 32-bit words of state). Fast and good enough for synthetic data;
 * one instance per stream keeps the streams independent of each other's draw counts.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `seed` is any safe integer; `stream` names an independent sequence for the same seed. */
  constructor(seed: number, stream = '') {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    const lo = seed >>> 0;
    const hi = Math.floor(seed / TWO_POW_32) >>> 0;
    const s = hashLabel(stream);
    this.a = mix32(lo ^ 0x9e3779b9);
    this.b = mix32(hi ^ this.a ^ 0x85ebca6b);
    this.c = mix32(s ^ this.b ^ 0xc2b2ae35);
    this.d = mix32(lo ^ s ^ this.c ^ 0x27d4eb2f);
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1; // the all-zero state is a fixed point
    for (let i = 0; i < 8; i++) this.u32(); // let the seeds diffuse before the first real draw
  }

  /** Next 32-bit unsigned integer. */
  u32(): number {
    let t = this.a ^ (this.a << 11);
    this.a = this.b;
    this.b = this.c;
    this.c = this.d;
    t ^= t >>> 8;
    this.d = this.d ^ (this.d >>> 19) ^ t;
    return this.d >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / TWO_POW_32;
  }

  /** Uniform integer in [0, n) for 0 < n <= 2^32. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [min, max] (inclusive). */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  // Hex ids are built with one String.fromCharCode call: a table of all 65,536 four-digit strings
  // was tried before, and its random reads missed the CPU cache on nearly every id (5x slower).

  /** 8 lowercase hex digits. */
  hex8(): string {
    const x = this.u32();
    const h = HEX_CODES;
    return String.fromCharCode(
      h[x >>> 28],
      h[(x >>> 24) & 15],
      h[(x >>> 20) & 15],
      h[(x >>> 16) & 15],
      h[(x >>> 12) & 15],
      h[(x >>> 8) & 15],
      h[(x >>> 4) & 15],
      h[x & 15],
    );
  }

  /** 4 lowercase hex digits. */
  hex4(): string {
    const x = this.u32();
    const h = HEX_CODES;
    return String.fromCharCode(h[(x >>> 12) & 15], h[(x >>> 8) & 15], h[(x >>> 4) & 15], h[x & 15]);
  }
}

/**
 * Samples an index from fixed relative weights: the first index whose cumulative weight is above
 * u × total. Built once per table; the weights need not be normalised. A guide table (the answer's
 * lower bound for each of 2n equal slices of the range) leaves a step or two of linear search, where
 * a binary search took log2(n) unpredictable branches; the answer is the same index either way.
 */
export class WeightedIndex {
  private readonly cumulative: Float64Array;
  private readonly guide: Int32Array;
  private readonly slicesPerTotal: number;
  readonly total: number;

  constructor(weights: readonly number[]) {
    if (weights.length === 0) throw new RangeError('WeightedIndex: no weights');
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`WeightedIndex: weight ${w} at ${i} is not >= 0`);
      sum += w;
      this.cumulative[i] = sum;
    });
    if (!(sum > 0)) throw new RangeError('WeightedIndex: weights add up to zero');
    this.total = sum;
    const slices = 2 * weights.length;
    this.slicesPerTotal = slices / sum;
    this.guide = new Int32Array(slices);
    for (let k = 0, i = 0; k < slices; k++) {
      while (i < weights.length - 1 && this.cumulative[i] <= (k / slices) * sum) i++;
      this.guide[k] = i;
    }
  }

  sample(rng: Rng): number {
    const target = rng.next() * this.total;
    const c = this.cumulative;
    const last = c.length - 1;
    let k = Math.floor(target * this.slicesPerTotal);
    if (k < 0) k = 0;
    else if (k >= this.guide.length) k = this.guide.length - 1;
    // The guide is only a starting point (its slice bounds are rounded): step back or on to the
    // exact answer, so rounding can never change which index comes out.
    let i = this.guide[k];
    while (i > 0 && c[i - 1] > target) i--;
    while (i < last && c[i] <= target) i++;
    return i;
  }
}
