// The per-import staging table: good rows are COPYed here first, then merged into `cases` by a few
// set-based statements (merge-case-stage.ts). TEMP and ON COMMIT DROP: no WAL, private to the
// import's session, and gone with its transaction whether it commits or not.
import type { QueryRunner } from 'typeorm';

/** Columns in the order caseVersionLine() writes them. */
export const CASE_STAGE_COLUMNS = [
  'row_no',
  'id',
  'district_code',
  'month',
  'content_hash',
  // The content part: what the content hash covers.
  'facility_id',
  'claim_id',
  'patient_id',
  'birth_date',
  'sex',
  'admission_at',
  'discharge_at',
  'admission_type',
  'referral_id',
  'discharge_mode',
  'care_setting',
  'birth_weight_grams',
  'department',
  'flags',
  'diagnosis_codes',
  'procedure_entries',
] as const;

/** Names of the import's temporary tables (the import id is a UUID: hex digits and dashes only). */
export function caseStageNames(importId: string): { stage: string; plan: string } {
  const suffix = importId.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/.test(suffix)) throw new Error(`not an import id: ${importId}`);
  return { stage: `intake_stage_${suffix}`, plan: `intake_plan_${suffix}` };
}

/** Creates the staging table inside the runner's open transaction. Types match `cases`. */
export async function createCaseStage(runner: QueryRunner, stage: string): Promise<void> {
  await runner.query(`
    CREATE TEMP TABLE ${stage} (
      row_no integer NOT NULL,
      id uuid NOT NULL,
      district_code varchar(16) NOT NULL,
      month char(7) NOT NULL,
      content_hash char(64) NOT NULL,
      facility_id varchar(64) NOT NULL,
      claim_id varchar(64) NOT NULL,
      patient_id varchar(64) NOT NULL,
      birth_date date NOT NULL,
      sex char(1) NOT NULL,
      admission_at timestamp NOT NULL,
      discharge_at timestamp NOT NULL,
      admission_type varchar(16) NOT NULL,
      referral_id varchar(64),
      discharge_mode varchar(16) NOT NULL,
      care_setting varchar(16) NOT NULL,
      birth_weight_grams integer,
      department varchar(100),
      flags text[] NOT NULL,
      diagnosis_codes text[] NOT NULL,
      procedure_entries jsonb NOT NULL,
      -- Set by the merge for a row whose own month (or its claim's settled version's) is closed: the
      -- later open month it is filed into, and the settled version it adjusts.
      pay_month char(7),
      adjustment_of uuid
    ) ON COMMIT DROP`);
}

/** Removes rows (duplicates found after they were staged). */
export async function deleteStagedRows(runner: QueryRunner, stage: string, rowNos: readonly number[]): Promise<void> {
  if (rowNos.length === 0) return;
  await runner.query(`DELETE FROM ${stage} WHERE row_no = ANY($1::int[])`, [rowNos]);
}
