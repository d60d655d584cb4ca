/**
 * How a facility's monthly capitation was computed, compact like the case Explanation: steps in the
 * order applied, decimal strings, short keys.
 */
export interface CapitationExplanation {
  steps: CapitationStep[];
}

/** k: kind; v: value; n: enrolled persons (band steps); src: table and key; r: running result. */
export interface CapitationStep {
  k: CapitationStepKind;
  v: string;
  n?: number;
  src?: string;
  r?: string;
}

export type CapitationStepKind =
  | 'band' // age-sex band: v = coefficient, n = persons, r = weighted population so far
  | 'annual-base' // annual per-capita base: r = base × weighted population
  | 'adjustment' // facility adjustment coefficient (rural, mountainous…)
  | 'months' // ÷ 12: r = monthly amount
  | 'round' // v = mode/scale, src = the quantity rounded, r = its rounded value
  | 'withhold' // performance withhold: v = share, r = withheld amount
  | 'payable'; // v = monthly − withheld, paid now
