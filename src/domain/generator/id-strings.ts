// Strings of the case generator made with one String.fromCharCode call each. They are built per
// case: a fresh string is in the CPU cache when the grouper reads it a moment later, and no table of
// prebuilt strings (whose random reads missed the cache) or number-to-string conversion is involved.
import { HEX_CODES } from './prng';

/**
 * String(n) for a whole n >= 0, made with String.fromCharCode. Number-to-string conversion keeps each
 * result in V8's number-string cache, which lives in the old generation: every claim number then
 * survived the young-generation GC and was copied out of it (most of what each scavenge promoted).
 */
export function decimalDigits(n: number): string {
  if (!(n >= 0 && n < 10_000_000 && n === Math.floor(n))) return String(n);
  const z = 48;
  if (n < 10) return String.fromCharCode(z + n);
  if (n < 100) return String.fromCharCode(z + ((n / 10) | 0), z + (n % 10));
  if (n < 1000) return String.fromCharCode(z + ((n / 100) | 0), z + (((n / 10) | 0) % 10), z + (n % 10));
  if (n < 10_000) {
    return String.fromCharCode(
      z + ((n / 1000) | 0),
      z + (((n / 100) | 0) % 10),
      z + (((n / 10) | 0) % 10),
      z + (n % 10),
    );
  }
  const high = (n / 10_000) | 0; // 1..999
  const low = n - high * 10_000;
  return (
    decimalDigits(high) +
    String.fromCharCode(
      z + ((low / 1000) | 0),
      z + (((low / 100) | 0) % 10),
      z + (((low / 10) | 0) % 10),
      z + (low % 10),
    )
  );
}

// The ids of rng.hex8() and rng.hex4() draws, each made in one String.fromCharCode call: concatenating
// 'P' + hex8 + hex4 made three strings and a rope per case.

/** `P` + the 8 hex digits of `x` + the last 4 of `y` (what 'P' + hex8() + hex4() of the same draws gives). */
export function patientIdOf(x: number, y: number): string {
  const h = HEX_CODES;
  return String.fromCharCode(
    80, // P
    h[x >>> 28],
    h[(x >>> 24) & 15],
    h[(x >>> 20) & 15],
    h[(x >>> 16) & 15],
    h[(x >>> 12) & 15],
    h[(x >>> 8) & 15],
    h[(x >>> 4) & 15],
    h[x & 15],
    h[(y >>> 12) & 15],
    h[(y >>> 8) & 15],
    h[(y >>> 4) & 15],
    h[y & 15],
  );
}

/** `RF` + the 8 hex digits of `x` (what `RF${hex8()}` of the same draw gives). */
export function referralIdOf(x: number): string {
  const h = HEX_CODES;
  return String.fromCharCode(
    82, // R
    70, // F
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
