// The case CSV format (src/io/case-csv.ts, docs/case-formats.md) read into the raw shape the shared
// validator takes, so a CSV row passes exactly the checks a JSON case or a FHIR Claim passes. List
// cells split on `;`, procedures are `CODE` or `CODE@YYYY-MM-DD`.
import { CASE_CSV_COLUMNS, type CaseCsvColumn } from '../../../io/case-csv';
import type { CsvTableSpec } from '../../../infra/import/csv-table';

export const CASE_CSV_SPEC: CsvTableSpec<CaseCsvColumn> = {
  columns: CASE_CSV_COLUMNS,
  required: [
    'facility_id',
    'claim_id',
    'patient_id',
    'birth_date',
    'sex',
    'admission_at',
    'discharge_at',
    'admission_type',
    'discharge_mode',
    'care_setting',
    'principal_dx',
  ],
};

/** Case field → CSV column, for errors a CSV user can find in the file. */
const COLUMN_OF_FIELD: Record<string, CaseCsvColumn> = {
  facilityId: 'facility_id',
  claimId: 'claim_id',
  patientId: 'patient_id',
  birthDate: 'birth_date',
  sex: 'sex',
  admissionAt: 'admission_at',
  dischargeAt: 'discharge_at',
  admissionType: 'admission_type',
  referralId: 'referral_id',
  dischargeMode: 'discharge_mode',
  careSetting: 'care_setting',
  principalDiagnosis: 'principal_dx',
  secondaryDiagnoses: 'secondary_dx',
  procedures: 'procedures',
  birthWeightGrams: 'birth_weight_g',
  department: 'department',
  flags: 'flags',
};

/** `secondaryDiagnoses[2]` → `secondary_dx[2]` (the third item of the cell's list). */
export function csvColumnOfField(field: string): string {
  const end = field.search(/[.[]/);
  const head = end < 0 ? field : field.slice(0, end);
  const column = COLUMN_OF_FIELD[head];
  return column === undefined ? field : column + (end < 0 ? '' : field.slice(end));
}

/** Cells in CASE_CSV_COLUMNS order (trimmed) → the raw case object validateCaseInput reads. */
export function caseInputFromCsv(cells: readonly string[]): Record<string, unknown> {
  return {
    facilityId: cells[0],
    claimId: cells[1],
    patientId: cells[2],
    birthDate: cells[3],
    sex: cells[4],
    admissionAt: cells[5],
    dischargeAt: cells[6],
    admissionType: cells[7],
    referralId: cells[8],
    dischargeMode: cells[9],
    careSetting: cells[10],
    principalDiagnosis: cells[11],
    secondaryDiagnoses: listCell(cells[12]),
    procedures: procedureCell(cells[13]),
    birthWeightGrams: cells[14],
    department: cells[15],
    flags: listCell(cells[16]),
  };
}

/** `a; b;;c` → ['a', 'b', 'c'] */
function listCell(cell: string): string[] {
  if (cell === '') return [];
  if (cell.indexOf(';') < 0) return [cell];
  const out: string[] = [];
  for (const part of cell.split(';')) {
    const v = part.trim();
    if (v !== '') out.push(v);
  }
  return out;
}

function procedureCell(cell: string): { code: string; date?: string }[] {
  const items = listCell(cell);
  const out = new Array<{ code: string; date?: string }>(items.length);
  for (let i = 0; i < items.length; i++) {
    const text = items[i];
    const at = text.indexOf('@');
    out[i] = at < 0 ? { code: text } : { code: text.slice(0, at).trim(), date: text.slice(at + 1).trim() };
  }
  return out;
}
