// Statements and their group tables as the API, the CLI and the exports read them (money as text).

export interface StatementView {
  facilityId: string;
  facilityName: string;
  districtCode: string;
  level: string;
  casesPriced: number;
  casesError: number;
  casesPatient: number;
  caseMixIndex: string | null;
  casesAmount: string;
  patientAmount: string;
  enrolled: number;
  capitationMonthly: string;
  capitationWithheld: string;
  capitationPayable: string;
  feesAmount: string;
  feesPaid: number;
  feesRejected: number;
  advances: string;
  caseAdjustments: string;
  otherAdjustments: string;
  adjustments: string;
  netPayable: string;
}

export interface StatementGroupView {
  facilityId: string;
  groupCode: string;
  groupName: string | null;
  cases: number;
  weightSum: string;
  amount: string;
}

/** Column sums of the statements (the totals row of a report); the case-mix index is over all priced cases. */
export interface StatementTotals {
  facilities: number;
  casesPriced: number;
  casesError: number;
  casesPatient: number;
  caseMixIndex: string | null;
  casesAmount: string;
  patientAmount: string;
  enrolled: number;
  capitationMonthly: string;
  capitationWithheld: string;
  capitationPayable: string;
  feesAmount: string;
  feesPaid: number;
  feesRejected: number;
  advances: string;
  caseAdjustments: string;
  otherAdjustments: string;
  adjustments: string;
  netPayable: string;
}

export interface RunStatements {
  statements: StatementView[];
  totals: StatementTotals;
}
