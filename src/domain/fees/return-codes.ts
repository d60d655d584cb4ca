/**
 * Return codes of fee-for-service and telemedicine lines. '0' = accepted (paid, or included in a
 * monthly fee already paid); every other code rejects the line and it is never paid.
 */
export const FeeReturnCodes = {
  OK: '0',
  /** Telemedicine service without a licence for its mode valid on the service date. */
  NO_LICENCE: 'T01',
  /** Service code not in the fee schedule, or no fee valid on the service date. */
  UNKNOWN_SERVICE: 'T02',
  /** Quantity is not a whole number of at least 1. */
  INVALID_QUANTITY: 'T03',
  /** Service date is missing or not a real YYYY-MM-DD date. */
  INVALID_DATE: 'T04',
  /** Facility, service id, service code or patient id is empty. */
  MISSING_FIELD: 'T05',
  /** The same (facility, service id) was already submitted in this batch. */
  DUPLICATE_SERVICE: 'T06',
} as const;
export type FeeReturnCode = (typeof FeeReturnCodes)[keyof typeof FeeReturnCodes];

/** The name of a return code ('T01' → 'NO_LICENCE'), used as the line's reason. */
export type FeeReason = keyof typeof FeeReturnCodes | 'PAID' | 'MONTHLY_FEE_ALREADY_PAID';
