import type { Explanation } from '../../../domain/explain/explanation';
import type { CaseFeatures, EditFinding } from '../../../domain/grouper/result';
import type { Coverage, CoverageReason } from '../../../domain/pricer/result';

/** One case grouped and priced: amounts are decimal strings, never JSON numbers. */
export interface PricedCaseView {
  tariffBook: { id: string; code: string; version: string; status: string };
  facility: { id: string; level: string };
  status: 'priced' | 'error';
  group: string;
  groupNames?: { uz: string; ru: string; en: string };
  returnCode: string;
  rowId: string | null;
  edits: EditFinding[];
  features: CaseFeatures;
  coverage: Coverage;
  coverageReason: CoverageReason | null;
  effectiveWeight: string;
  amount: string;
  fundAmount: string;
  patientAmount: string;
  currency: string;
  message?: string;
  explanation: Explanation;
}
