import type { Dec } from '../money/decimal';
import type { Explanation } from '../explain/explanation';

export type Coverage = 'fund' | 'patient' | 'none';
// PRICING_ERROR: the case grouped fine but the book cannot price it (pricer return codes P01…).
export type CoverageReason = 'NOT_IN_PACKAGE' | 'NO_REFERRAL' | 'EDIT_ERROR' | 'PRICING_ERROR';

export interface PricingResult {
  /** `error`: the case went to an error group and is never priced (all amounts zero). */
  status: 'priced' | 'error';
  group: string;
  returnCode: string;
  rowId?: string;
  coverage: Coverage;
  coverageReason?: CoverageReason;
  effectiveWeight: Dec;
  /** The case's full payment, rounded per the book. */
  amount: Dec;
  fundAmount: Dec;
  patientAmount: Dec;
  explanation: Explanation;
  /** Human-readable reason when status is `error` because of a pricing problem (P01…). */
  message?: string;
}
