/** Why a capitation computation was refused; the message names the offending value. */
export const CapitationErrorCodes = {
  INVALID_DATE: 'INVALID_DATE',
  INVALID_MONTH: 'INVALID_MONTH',
  UNKNOWN_BAND: 'UNKNOWN_BAND',
  INVALID_COUNT: 'INVALID_COUNT',
  UNKNOWN_ADJUSTMENT: 'UNKNOWN_ADJUSTMENT',
  DUPLICATE_ADJUSTMENT: 'DUPLICATE_ADJUSTMENT',
  POPULATION_INPUT: 'POPULATION_INPUT',
  NO_BANDS: 'NO_BANDS',
  INVALID_BUDGET: 'INVALID_BUDGET',
} as const;
export type CapitationErrorCode = (typeof CapitationErrorCodes)[keyof typeof CapitationErrorCodes];

export class CapitationError extends Error {
  constructor(
    readonly code: CapitationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CapitationError';
  }
}
