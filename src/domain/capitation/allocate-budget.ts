import { allocateLargestRemainder } from '../money/allocate';
import type { Dec } from '../money/decimal';
import { CapitationError, CapitationErrorCodes } from './capitation-error';

export interface BudgetShareInput {
  facilityId: string;
  /** The facility's weight: its adjusted weighted population (CapitationResult.adjustedPopulation). */
  weightedPopulation: Dec;
}

export interface BudgetShare {
  facilityId: string;
  amount: Dec;
}

/**
 * Splits a district capitation budget across facilities in proportion to their weighted population,
 * largest-remainder style: the parts add up to the total exactly, each within one unit of its exact
 * share. Results come back in input order.
 */
export function allocateCapitationBudget(
  total: Dec,
  facilities: readonly BudgetShareInput[],
  scale = 2,
): BudgetShare[] {
  if (facilities.length === 0)
    throw new CapitationError(CapitationErrorCodes.INVALID_BUDGET, 'no facilities to share the budget');
  const ids = new Set<string>();
  for (const f of facilities) {
    if (ids.has(f.facilityId)) {
      throw new CapitationError(CapitationErrorCodes.INVALID_BUDGET, `facility ${f.facilityId} appears twice`);
    }
    ids.add(f.facilityId);
  }
  let parts: Dec[];
  try {
    parts = allocateLargestRemainder(
      total,
      facilities.map((f) => f.weightedPopulation),
      scale,
    );
  } catch (e) {
    throw new CapitationError(
      CapitationErrorCodes.INVALID_BUDGET,
      `cannot split budget ${total.toString()}: ${(e as Error).message}`,
    );
  }
  return facilities.map((f, i) => ({ facilityId: f.facilityId, amount: parts[i] }));
}
