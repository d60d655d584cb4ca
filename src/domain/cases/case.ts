/** Where a case was treated. */
export type CareSetting = 'inpatient' | 'day-care';
export type Sex = 'M' | 'F' | 'U';
export type AdmissionType = 'emergency' | 'planned';
export type DischargeMode = 'home' | 'transfer' | 'death' | 'against-advice';

export const CARE_SETTINGS: readonly CareSetting[] = ['inpatient', 'day-care'];
export const SEXES: readonly Sex[] = ['M', 'F', 'U'];
export const ADMISSION_TYPES: readonly AdmissionType[] = ['emergency', 'planned'];
export const DISCHARGE_MODES: readonly DischargeMode[] = ['home', 'transfer', 'death', 'against-advice'];

export interface ProcedureEntry {
  code: string;
  /** ISO date (YYYY-MM-DD), optional. */
  date?: string;
}

/**
 * One treated case (a claim) as the engine sees it. Personal data is minimal: a pseudonymous
 * patient id, birth date and sex. Dates are ISO strings: `birthDate` YYYY-MM-DD, admission and
 * discharge `YYYY-MM-DDTHH:mm` (seconds and zone optional; the local date counts for stay days).
 * Fields may be missing or malformed on input: the edits report that, the grouper never sees it.
 */
export interface CaseRecord {
  facilityId: string;
  /** The facility's own claim id; with facilityId, the idempotency key. */
  claimId: string;
  patientId: string;
  birthDate: string;
  sex: Sex;
  admissionAt: string;
  dischargeAt: string;
  admissionType: AdmissionType;
  /** Family doctor's electronic referral id; required for planned admissions to be fund-paid. */
  referralId?: string | null;
  dischargeMode: DischargeMode;
  careSetting: CareSetting;
  principalDiagnosis: string;
  secondaryDiagnoses: string[];
  procedures: ProcedureEntry[];
  /** Grams, for newborns. */
  birthWeightGrams?: number | null;
  department?: string | null;
  /** Special-case markers the book's special coefficients can test, e.g. `companion` (a parent stays). */
  flags?: string[];
}

/** The facility facts pricing needs (from the facility registry). */
export interface FacilityContext {
  id: string;
  level: 'district' | 'regional' | 'republican';
  /** Region code for regional base rates; optional. */
  region?: string;
  /** Management coefficient of this facility; 1 when absent. Decimal string. */
  managementCoefficient?: string;
}
