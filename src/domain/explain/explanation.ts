/**
 * What an auditor needs to recompute a case by hand, kept compact (short keys, decimal strings) so
 * millions of them can be stored as JSON. Steps are in the order they were applied.
 */
export interface Explanation {
  /** Grouping logic row that matched (absent for an edit error). */
  row?: string;
  /** Features the grouper derived. */
  f: ExplainedFeatures;
  steps: ExplanationStep[];
}

export interface ExplainedFeatures {
  mdc?: string;
  /** Complication level 0–2. */
  cc: number;
  /** Has an operating-room procedure. */
  or: boolean;
  /** Stay days, age in years. */
  los: number;
  age: number;
}

/**
 * k: kind of step; v: its value (decimal string); src: where the value came from (table and key);
 * r: the running result after the step, when the step changes it.
 */
export interface ExplanationStep {
  k: StepKind;
  v: string;
  src?: string;
  r?: string;
}

export type StepKind =
  | 'edit' // an edit failed: v is the return code, src the field
  | 'error' // the book cannot price the case: v is the pricer return code (P01…), src what was missing
  | 'base' // base rate
  | 'weight' // group cost weight
  | 'low-trim' // per-day deduction: v = days short × deduction
  | 'high-trim' // per-day add-on: v = days beyond × add-on
  | 'effective-weight'
  | 'level' // facility level coefficient
  | 'management' // management coefficient
  | 'coefficient-share' // share of the tariff the coefficients apply to
  | 'special' // special-case coefficient (additive)
  | 'short-stay' // short-stay share
  | 'transfer' // per-diem transfer payment
  | 'death-first-day'
  | 'same-day'
  | 'round' // rounding applied: v = mode/scale, src = the quantity rounded, r = its rounded value
  | 'coverage' // fund or patient, with reason
  | 'total';
