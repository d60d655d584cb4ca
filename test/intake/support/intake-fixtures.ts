// Small case CSVs for the intake specs: one valid row by default, any cell overridden by name.
import { CASE_CSV_COLUMNS, CASE_CSV_HEADER, type CaseCsvColumn } from '../../../src/io/case-csv';
import type { Actor } from '../../../src/modules/auth/actor';
import { SEED } from '../../support/reference-seed';

export const ADMIN: Actor = {
  userId: 'u-admin',
  username: 'admin',
  roles: ['admin'],
  districtCodes: [],
  facilityIds: [],
};

export function clerkOf(...facilityIds: string[]): Actor {
  return { userId: 'u-clerk', username: 'clerk', roles: ['facility-clerk'], districtCodes: [], facilityIds };
}

const DEFAULTS: Record<CaseCsvColumn, string> = {
  facility_id: SEED.facility,
  claim_id: 'C-1',
  patient_id: 'P-77',
  birth_date: '1958-04-12',
  sex: 'F',
  admission_at: '2026-03-02T09:30',
  discharge_at: '2026-03-05T11:00',
  admission_type: 'emergency',
  referral_id: '',
  discharge_mode: 'home',
  care_setting: 'inpatient',
  principal_dx: 'I21.9',
  secondary_dx: 'E11.9;I10',
  procedures: 'TR.05.012@2026-03-02',
  birth_weight_g: '',
  department: 'cardiology',
  flags: '',
};

/** One CSV record (cells joined as written: a test that needs quotes writes them itself). */
export function caseLine(cells: Partial<Record<CaseCsvColumn, string>> = {}): string {
  return CASE_CSV_COLUMNS.map((c) => cells[c] ?? DEFAULTS[c]).join(',');
}

/** A whole file: header, then the records, each ended by a line feed. */
export function caseCsv(...lines: string[]): string {
  return [CASE_CSV_HEADER, ...lines].map((l) => `${l}\n`).join('');
}
