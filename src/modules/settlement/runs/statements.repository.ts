// Reads a run's statements, their totals and the group tables.
import type { DataSource, EntityManager } from 'typeorm';
import type { RunStatements, StatementGroupView, StatementTotals, StatementView } from './statement-view';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

interface StatementRow {
  facility_id: string;
  facility_name: string;
  district_code: string;
  level: string;
  cases_priced: number;
  cases_error: number;
  cases_patient: number;
  case_mix_index: string | null;
  cases_amount: string;
  patient_amount: string;
  enrolled: number;
  capitation_monthly: string;
  capitation_withheld: string;
  capitation_payable: string;
  fees_amount: string;
  fees_paid: number;
  fees_rejected: number;
  advances: string;
  case_adjustments: string;
  other_adjustments: string;
  adjustments: string;
  net_payable: string;
}

/** The run totals as readStatements() sums them: the statement's columns (counts cast to int in SQL). */
type SumsRow = Omit<StatementRow, 'facility_id' | 'facility_name' | 'district_code' | 'level' | 'case_mix_index'> & {
  facilities: number;
  cmi: string | null;
};

export async function readStatements(db: Queryable, runId: string): Promise<RunStatements> {
  const rows: StatementRow[] = await db.query(
    `SELECT * FROM settlement_statements WHERE run_id = $1 ORDER BY facility_id COLLATE "C"`,
    [runId],
  );
  const sums: SumsRow[] = await db.query(
    `SELECT count(*)::int AS facilities, coalesce(sum(cases_priced), 0)::int AS cases_priced,
            coalesce(sum(cases_error), 0)::int AS cases_error, coalesce(sum(cases_patient), 0)::int AS cases_patient,
            coalesce(sum(cases_amount), 0)::numeric(18, 2) AS cases_amount,
            coalesce(sum(patient_amount), 0)::numeric(18, 2) AS patient_amount,
            coalesce(sum(enrolled), 0)::int AS enrolled,
            coalesce(sum(capitation_monthly), 0)::numeric(18, 2) AS capitation_monthly,
            coalesce(sum(capitation_withheld), 0)::numeric(18, 2) AS capitation_withheld,
            coalesce(sum(capitation_payable), 0)::numeric(18, 2) AS capitation_payable,
            coalesce(sum(fees_amount), 0)::numeric(18, 2) AS fees_amount,
            coalesce(sum(fees_paid), 0)::int AS fees_paid, coalesce(sum(fees_rejected), 0)::int AS fees_rejected,
            coalesce(sum(advances), 0)::numeric(18, 2) AS advances,
            coalesce(sum(case_adjustments), 0)::numeric(18, 2) AS case_adjustments,
            coalesce(sum(other_adjustments), 0)::numeric(18, 2) AS other_adjustments,
            coalesce(sum(adjustments), 0)::numeric(18, 2) AS adjustments,
            coalesce(sum(net_payable), 0)::numeric(18, 2) AS net_payable,
            (SELECT round(sum(g.weight_sum) / nullif(sum(s2.cases_priced), 0), 4)::numeric(12, 4)
               FROM (SELECT sum(weight_sum) AS weight_sum FROM settlement_statement_groups WHERE run_id = $1) g,
                    (SELECT sum(cases_priced) AS cases_priced FROM settlement_statements WHERE run_id = $1) s2) AS cmi
       FROM settlement_statements WHERE run_id = $1`,
    [runId],
  );
  const s = sums[0];
  const totals: StatementTotals = {
    facilities: s.facilities,
    casesPriced: s.cases_priced,
    casesError: s.cases_error,
    casesPatient: s.cases_patient,
    caseMixIndex: s.cmi,
    casesAmount: s.cases_amount,
    patientAmount: s.patient_amount,
    enrolled: s.enrolled,
    capitationMonthly: s.capitation_monthly,
    capitationWithheld: s.capitation_withheld,
    capitationPayable: s.capitation_payable,
    feesAmount: s.fees_amount,
    feesPaid: s.fees_paid,
    feesRejected: s.fees_rejected,
    advances: s.advances,
    caseAdjustments: s.case_adjustments,
    otherAdjustments: s.other_adjustments,
    adjustments: s.adjustments,
    netPayable: s.net_payable,
  };
  return { statements: rows.map(statementView), totals };
}

function statementView(r: StatementRow): StatementView {
  return {
    facilityId: r.facility_id,
    facilityName: r.facility_name,
    districtCode: r.district_code,
    level: r.level,
    casesPriced: r.cases_priced,
    casesError: r.cases_error,
    casesPatient: r.cases_patient,
    caseMixIndex: r.case_mix_index,
    casesAmount: r.cases_amount,
    patientAmount: r.patient_amount,
    enrolled: r.enrolled,
    capitationMonthly: r.capitation_monthly,
    capitationWithheld: r.capitation_withheld,
    capitationPayable: r.capitation_payable,
    feesAmount: r.fees_amount,
    feesPaid: r.fees_paid,
    feesRejected: r.fees_rejected,
    advances: r.advances,
    caseAdjustments: r.case_adjustments,
    otherAdjustments: r.other_adjustments,
    adjustments: r.adjustments,
    netPayable: r.net_payable,
  };
}

/** Group tables of every statement, by facility then group; names from the run's book when given. */
export async function readStatementGroups(
  db: Queryable,
  runId: string,
  groupName?: (code: string) => string | undefined,
): Promise<StatementGroupView[]> {
  const rows: { facility_id: string; group_code: string; cases: number; weight_sum: string; amount: string }[] =
    await db.query(
      `SELECT facility_id, group_code, cases, trim_scale(weight_sum)::text AS weight_sum, amount
       FROM settlement_statement_groups WHERE run_id = $1
      ORDER BY facility_id COLLATE "C", group_code COLLATE "C"`,
      [runId],
    );
  return rows.map((r) => ({
    facilityId: r.facility_id,
    groupCode: r.group_code,
    groupName: groupName?.(r.group_code) ?? null,
    cases: r.cases,
    weightSum: r.weight_sum,
    amount: r.amount,
  }));
}
