// The columns of a statement report, shared by the CSV and XLSX writers so both read the same.
import type { StatementTotals, StatementView } from '../runs/statement-view';

export type ColumnKind = 'text' | 'count' | 'money' | 'index';

export interface StatementColumn {
  header: string;
  kind: ColumnKind;
  value(s: StatementView): string | number | null;
  /** The totals row's cell; undefined leaves it empty. */
  total?(t: StatementTotals): string | number | null;
}

export const STATEMENT_COLUMNS: readonly StatementColumn[] = [
  { header: 'Facility ID', kind: 'text', value: (s) => s.facilityId, total: () => 'Total' },
  { header: 'Facility', kind: 'text', value: (s) => s.facilityName, total: (t) => `${t.facilities} facilities` },
  { header: 'District', kind: 'text', value: (s) => s.districtCode },
  { header: 'Level', kind: 'text', value: (s) => s.level },
  { header: 'Cases priced', kind: 'count', value: (s) => s.casesPriced, total: (t) => t.casesPriced },
  { header: 'Cases in error groups', kind: 'count', value: (s) => s.casesError, total: (t) => t.casesError },
  { header: 'Cases paid by patients', kind: 'count', value: (s) => s.casesPatient, total: (t) => t.casesPatient },
  { header: 'Case-mix index', kind: 'index', value: (s) => s.caseMixIndex, total: (t) => t.caseMixIndex },
  { header: 'Cases amount (fund)', kind: 'money', value: (s) => s.casesAmount, total: (t) => t.casesAmount },
  { header: 'Paid by patients', kind: 'money', value: (s) => s.patientAmount, total: (t) => t.patientAmount },
  { header: 'Enrolled persons', kind: 'count', value: (s) => s.enrolled, total: (t) => t.enrolled },
  {
    header: 'Capitation for the month',
    kind: 'money',
    value: (s) => s.capitationMonthly,
    total: (t) => t.capitationMonthly,
  },
  {
    header: 'Capitation withheld',
    kind: 'money',
    value: (s) => s.capitationWithheld,
    total: (t) => t.capitationWithheld,
  },
  {
    header: 'Capitation paid now',
    kind: 'money',
    value: (s) => s.capitationPayable,
    total: (t) => t.capitationPayable,
  },
  { header: 'Fees and telemedicine', kind: 'money', value: (s) => s.feesAmount, total: (t) => t.feesAmount },
  { header: 'Services paid', kind: 'count', value: (s) => s.feesPaid, total: (t) => t.feesPaid },
  { header: 'Services rejected', kind: 'count', value: (s) => s.feesRejected, total: (t) => t.feesRejected },
  { header: 'Advances paid', kind: 'money', value: (s) => s.advances, total: (t) => t.advances },
  { header: 'Case adjustments', kind: 'money', value: (s) => s.caseAdjustments, total: (t) => t.caseAdjustments },
  { header: 'Other adjustments', kind: 'money', value: (s) => s.otherAdjustments, total: (t) => t.otherAdjustments },
  { header: 'Net payable', kind: 'money', value: (s) => s.netPayable, total: (t) => t.netPayable },
];

export interface GroupColumn {
  header: string;
  kind: ColumnKind;
  key: 'facilityId' | 'groupCode' | 'groupName' | 'cases' | 'weightSum' | 'amount';
}

export const GROUP_COLUMNS: readonly GroupColumn[] = [
  { header: 'Facility ID', kind: 'text', key: 'facilityId' },
  { header: 'Group', kind: 'text', key: 'groupCode' },
  { header: 'Group name', kind: 'text', key: 'groupName' },
  { header: 'Cases', kind: 'count', key: 'cases' },
  { header: 'Sum of effective weights', kind: 'index', key: 'weightSum' },
  { header: 'Amount (fund)', kind: 'money', key: 'amount' },
];
