// The case CSV format (docs/case-formats.md): one case per record, lists inside a cell split by `;`.
import type { CaseRecord } from '../domain/cases';
import { csvCell } from './csv-line';
import { FieldChecker, formatProcedures, splitList } from './case-fields';
import { InputFileError, type InputRowError } from './input-error';

export const CASE_CSV_COLUMNS = [
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
  'principal_dx',
  'secondary_dx',
  'procedures',
  'birth_weight_g',
  'department',
  'flags',
] as const;
export type CaseCsvColumn = (typeof CASE_CSV_COLUMNS)[number];

/** Columns a file may leave out (read as empty). */
const OPTIONAL_COLUMNS: ReadonlySet<CaseCsvColumn> = new Set([
  'referral_id',
  'secondary_dx',
  'procedures',
  'birth_weight_g',
  'department',
  'flags',
]);

export const CASE_CSV_HEADER = CASE_CSV_COLUMNS.join(',');

/** The CSV record of a case (no line break), columns in CASE_CSV_COLUMNS order. */
export function caseToCsvLine(c: CaseRecord): string {
  return (
    csvCell(c.facilityId) +
    ',' +
    csvCell(c.claimId) +
    ',' +
    csvCell(c.patientId) +
    ',' +
    c.birthDate +
    ',' +
    c.sex +
    ',' +
    c.admissionAt +
    ',' +
    c.dischargeAt +
    ',' +
    c.admissionType +
    ',' +
    csvCell(c.referralId ?? '') +
    ',' +
    c.dischargeMode +
    ',' +
    c.careSetting +
    ',' +
    csvCell(c.principalDiagnosis) +
    ',' +
    csvCell(c.secondaryDiagnoses.join(';')) +
    ',' +
    csvCell(formatProcedures(c.procedures)) +
    ',' +
    (c.birthWeightGrams ?? '') +
    ',' +
    csvCell(c.department ?? '') +
    ',' +
    csvCell((c.flags ?? []).join(';'))
  );
}

type RowResult = { record: CaseRecord; errors?: undefined } | { record?: undefined; errors: InputRowError[] };

/**
 * Parses records of one case CSV file. Built from the header (which it checks: a missing required
 * column or an unknown one makes the file unusable).
 */
export class CaseCsvRowParser {
  private readonly index: Int16Array;
  private readonly width: number;

  constructor(
    header: readonly string[],
    private readonly file: string,
  ) {
    this.width = header.length;
    this.index = new Int16Array(CASE_CSV_COLUMNS.length).fill(-1);
    const seen = new Set<string>();
    header.forEach((raw, i) => {
      const name = raw.trim();
      const col = (CASE_CSV_COLUMNS as readonly string[]).indexOf(name);
      if (col < 0) {
        throw new InputFileError(file, 'UNKNOWN_COLUMN', `unknown column "${name}" (expected ${CASE_CSV_HEADER})`, 1);
      }
      if (seen.has(name)) throw new InputFileError(file, 'DUPLICATE_COLUMN', `column "${name}" appears twice`, 1);
      seen.add(name);
      this.index[col] = i;
    });
    const missing = CASE_CSV_COLUMNS.filter((c, i) => this.index[i] < 0 && !OPTIONAL_COLUMNS.has(c));
    if (missing.length > 0) {
      throw new InputFileError(
        file,
        'MISSING_COLUMN',
        `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
        1,
      );
    }
  }

  parse(cells: readonly string[], line: number): RowResult {
    if (cells.length !== this.width) {
      return {
        errors: [
          {
            file: this.file,
            line,
            code: 'FIELD_COUNT',
            message: `expected ${this.width} fields, found ${cells.length}`,
          },
        ],
      };
    }
    const idx = this.index;
    const cell = (col: number): string => (idx[col] < 0 ? '' : cells[idx[col]].trim());
    const f = new FieldChecker();
    const referral = cell(8);
    const department = cell(15);
    const record: CaseRecord = {
      facilityId: f.required('facility_id', cell(0)),
      claimId: f.required('claim_id', cell(1)),
      patientId: cell(2),
      birthDate: f.date('birth_date', cell(3)),
      sex: f.sex('sex', cell(4)),
      admissionAt: f.dateTime('admission_at', cell(5)),
      dischargeAt: f.dateTime('discharge_at', cell(6)),
      admissionType: f.admissionType('admission_type', cell(7)),
      referralId: referral === '' ? null : referral,
      dischargeMode: f.dischargeMode('discharge_mode', cell(9)),
      careSetting: f.careSetting('care_setting', cell(10)),
      principalDiagnosis: cell(11),
      secondaryDiagnoses: splitList(cell(12)),
      procedures: splitList(cell(13)).map((p) => f.procedure('procedures', p)),
      birthWeightGrams: f.grams('birth_weight_g', cell(14)),
      department: department === '' ? null : department,
      flags: splitList(cell(16)),
    };
    if (f.problems.length === 0) return { record };
    return { errors: f.problems.map((p) => ({ file: this.file, line, ...p })) };
  }
}
