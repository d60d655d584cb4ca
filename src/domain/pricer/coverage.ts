import type { CaseRecord } from '../cases/case';
import type { GroupDef } from '../tariff-book/model';
import type { Coverage, CoverageReason } from './result';

export type CoverageBasis = 'referral' | 'emergency' | 'NO_REFERRAL' | 'NOT_IN_PACKAGE';

export interface CoverageDecision {
  coverage: Exclude<Coverage, 'none'>;
  reason?: CoverageReason;
  /** Why, for the explanation: the reason code, or what made the fund pay. */
  basis: CoverageBasis;
}

/**
 * Who pays a priced case. Outside the guaranteed package the patient pays (checked first: a referral
 * does not bring a group into the package); a planned admission needs the family doctor's referral;
 * emergencies are exempt from the referral rule.
 */
export function decideCoverage(group: GroupDef, c: CaseRecord): CoverageDecision {
  if (!group.guaranteed) return NOT_IN_PACKAGE;
  if (c.admissionType === 'emergency') return EMERGENCY;
  if (!c.referralId || c.referralId.trim() === '') return NO_REFERRAL;
  return REFERRAL;
}

// Shared, frozen decisions: the pricer calls this for every case.
const NOT_IN_PACKAGE: CoverageDecision = Object.freeze({
  coverage: 'patient',
  reason: 'NOT_IN_PACKAGE',
  basis: 'NOT_IN_PACKAGE',
});
const EMERGENCY: CoverageDecision = Object.freeze({ coverage: 'fund', basis: 'emergency' });
const NO_REFERRAL: CoverageDecision = Object.freeze({
  coverage: 'patient',
  reason: 'NO_REFERRAL',
  basis: 'NO_REFERRAL',
});
const REFERRAL: CoverageDecision = Object.freeze({ coverage: 'fund', basis: 'referral' });
