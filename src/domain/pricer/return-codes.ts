/**
 * Return codes of the pricer itself: the case passed the edits and grouped normally, but the tariff
 * book cannot price it. Such a case gets status `error`, amounts zero, and is never silently paid;
 * the fix is in the book, not in the claim.
 */
export const PricingReturnCodes = {
  /** No base rate for the care setting (and region) valid on the discharge date. */
  NO_BASE_RATE: 'P01',
  /** The grouper returned a group the book's groups table does not define. */
  UNKNOWN_GROUP: 'P02',
  /** A transfer must be paid per diem but the group's mean length of stay is not positive. */
  INVALID_MEAN_LOS: 'P03',
} as const;
export type PricingReturnCode = (typeof PricingReturnCodes)[keyof typeof PricingReturnCodes];
