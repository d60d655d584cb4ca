import type { Explanation } from '../../../domain/explain/explanation';
import type { CaseStatus } from '../entities/case.entity';

export interface PricingResultView {
  id: string;
  caseId: string;
  facilityId: string;
  claimId: string;
  caseVersion: number;
  districtCode: string;
  month: string;
  tariffBook: { id: string; code: string; version: string };
  status: 'priced' | 'error';
  group: string;
  returnCode: string;
  rowId: string | null;
  coverage: string;
  coverageReason: string | null;
  /** Decimal strings. */
  effectiveWeight: string;
  amount: string;
  fundAmount: string;
  patientAmount: string;
  pricedAt: string;
}

export interface PricingResultDetail extends PricingResultView {
  explanation: Explanation;
}

export interface CaseView {
  id: string;
  facilityId: string;
  claimId: string;
  version: number;
  status: CaseStatus;
  supersededBy: string | null;
  adjustmentOf: string | null;
  districtCode: string;
  month: string;
  serviceMonth: string;
  patientId: string;
  birthDate: string;
  sex: string;
  admissionAt: string;
  dischargeAt: string;
  admissionType: string;
  referralId: string | null;
  dischargeMode: string;
  careSetting: string;
  birthWeightGrams: number | null;
  department: string | null;
  flags: string[];
  principalDiagnosis: string | null;
  submittedAt: string;
  submittedBy: string | null;
  /** The most recent pricing result of this version, in short. */
  latestPricing: { id: string; status: string; group: string; amount: string; pricedAt: string } | null;
}

export interface CaseDetail extends CaseView {
  secondaryDiagnoses: string[];
  procedures: { code: string; date: string | null }[];
  latestPricingResult: PricingResultDetail | null;
}
