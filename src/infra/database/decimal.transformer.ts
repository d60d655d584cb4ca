import { Column, type ColumnOptions, type ValueTransformer } from 'typeorm';
import DecimalJs from 'decimal.js';
import { Dec, dec } from '../../domain/money';

/** A value refused on its way into a numeric column. */
export class DecimalColumnError extends Error {
  readonly code = 'INVALID_DECIMAL_COLUMN_VALUE';
  constructor(message: string) {
    super(message);
    this.name = 'DecimalColumnError';
  }
}

/**
 * Maps numeric columns to Dec and back through strings only; a JavaScript number never carries an
 * amount. With `scale`, a value with more decimals is refused rather than rounded silently by
 * PostgreSQL on assignment (rounding is the pricer's job, with the book's rounding policy).
 */
export function decimalTransformer(scale?: number): ValueTransformer {
  return {
    to(value: unknown): string | null | undefined {
      if (value === undefined || value === null) return value;
      const d = toDec(value);
      if (scale !== undefined && d.decimalPlaces() > scale) {
        throw new DecimalColumnError(`${d.toFixed()} has more than ${scale} decimal places`);
      }
      return d.toFixed();
    },
    from(value: unknown): Dec | null {
      if (value === undefined || value === null) return null;
      // node-postgres hands numeric over as text; anything else means a parser turned it into a float.
      if (typeof value !== 'string') throw new DecimalColumnError(`numeric column read as ${typeof value}, not text`);
      return dec(value);
    },
  };
}

function toDec(value: unknown): Dec {
  if (DecimalJs.isDecimal(value)) {
    if (!value.isFinite()) throw new DecimalColumnError(`${value.toString()} cannot be stored`);
    return new Dec(value);
  }
  if (typeof value === 'string' || typeof value === 'number') return dec(value);
  throw new DecimalColumnError(`not a decimal: ${String(value)}`);
}

export const moneyTransformer = decimalTransformer(2);
export const weightTransformer = decimalTransformer(4);
export const exactDecimalTransformer = decimalTransformer();

type NumericOptions = Omit<ColumnOptions, 'type' | 'precision' | 'scale' | 'transformer'>;

/** numeric(18,2): tiyin-exact money. */
export function MoneyColumn(options: NumericOptions = {}): PropertyDecorator {
  return Column({ ...options, type: 'numeric', precision: 18, scale: 2, transformer: moneyTransformer });
}

/** numeric(12,4): cost weights and coefficients as books publish them. */
export function WeightColumn(options: NumericOptions = {}): PropertyDecorator {
  return Column({ ...options, type: 'numeric', precision: 12, scale: 4, transformer: weightTransformer });
}

/** numeric without a scale: derived values kept at full precision (e.g. an effective weight). */
export function ExactDecimalColumn(options: NumericOptions = {}): PropertyDecorator {
  return Column({ ...options, type: 'numeric', transformer: exactDecimalTransformer });
}
