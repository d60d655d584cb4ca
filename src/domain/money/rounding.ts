import DecimalJs from 'decimal.js';
import { Dec } from './decimal';

export type RoundingMode = 'half-up' | 'half-even' | 'half-down' | 'up' | 'down';
/** Where rounding happens: after every money step, or only on the final amount. */
export type RoundingPoints = 'each-step' | 'end';

export interface RoundingPolicy {
  mode: RoundingMode;
  /** Decimal places of the money unit: 2 for tiyin. */
  scale: number;
  points: RoundingPoints;
}

export const DEFAULT_ROUNDING: RoundingPolicy = { mode: 'half-up', scale: 2, points: 'end' };

const MODES: Record<RoundingMode, DecimalJs.Rounding> = {
  'half-up': DecimalJs.ROUND_HALF_UP,
  'half-even': DecimalJs.ROUND_HALF_EVEN,
  'half-down': DecimalJs.ROUND_HALF_DOWN,
  up: DecimalJs.ROUND_UP,
  down: DecimalJs.ROUND_DOWN,
};

export const ROUNDING_MODES = Object.keys(MODES) as RoundingMode[];

/** Rounds to the policy's scale with the policy's mode, whatever the rounding points. */
export function roundMoney(value: Dec, policy: Pick<RoundingPolicy, 'mode' | 'scale'>): Dec {
  return value.toDecimalPlaces(policy.scale, MODES[policy.mode]);
}

/** Rounds an intermediate step only when the policy rounds after every step. */
export function roundStep(value: Dec, policy: RoundingPolicy): Dec {
  return policy.points === 'each-step' ? roundMoney(value, policy) : value;
}

/** Formats with exactly `scale` decimals (for storage, CSV and explanations). */
export function formatMoney(value: Dec, scale = 2): string {
  return value.toFixed(scale);
}
