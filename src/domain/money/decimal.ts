import DecimalJs from 'decimal.js';

// One configured clone for all of Hisob: 40 significant digits is far beyond any tariff,
// half-up is the Fund's default, and no exponent notation in strings we store or print.
export const Dec = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 60 });
export type Dec = InstanceType<typeof Dec>;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);

export class DecimalInputError extends Error {
  readonly code = 'INVALID_DECIMAL';
  constructor(
    readonly input: unknown,
    readonly field?: string,
  ) {
    super(`${field ? field + ': ' : ''}not a valid decimal number: ${describe(input)}`);
    this.name = 'DecimalInputError';
  }
}

function describe(input: unknown): string {
  if (typeof input === 'string') return input === '' ? '(empty)' : JSON.stringify(input.slice(0, 40));
  return String(input);
}

const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Builds a Decimal from untrusted input. Accepts plain decimal strings ("12", "-0.316", "4200.00")
 * and finite integers; refuses NaN, Infinity, empty strings, exponents, thousands separators and
 * non-integer JavaScript numbers (a float has already lost exactness before it reaches us).
 */
export function dec(input: string | number | Dec, field?: string): Dec {
  if (input instanceof Dec) {
    if (!input.isFinite()) throw new DecimalInputError(input.toString(), field);
    return input;
  }
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input)) throw new DecimalInputError(input, field);
    return new Dec(input);
  }
  if (typeof input !== 'string') throw new DecimalInputError(input, field);
  const s = input.trim();
  if (!DECIMAL_RE.test(s)) throw new DecimalInputError(input, field);
  return new Dec(s);
}

/** Like dec(), but returns undefined for an empty or missing value. */
export function optionalDec(input: string | undefined | null, field?: string): Dec | undefined {
  if (input === undefined || input === null || input.trim() === '') return undefined;
  return dec(input, field);
}
