/** Injection tokens of the settlement module. */
export const JOB_DRIVER = Symbol('JOB_DRIVER');
export const SETTLEMENT_OPTIONS = Symbol('SETTLEMENT_OPTIONS');
