// grouping-logic.csv: the ordered rules; the first row whose conditions all hold gives the group.
import { ADMISSION_TYPES, CARE_SETTINGS, DISCHARGE_MODES, type DischargeMode } from '../cases/case';
import { KeyRegistry, type RowReader } from './cell-reader';
import type { CsvRow, TableSpec } from './csv-table';
import type { LogicRow, OrCondition } from './model';
import type { ParseContext } from './parse-context';
import type { StringCondition } from './conditions';

const DX_PROPERTY_COLUMNS = ['dx_property1', 'dx_property2', 'dx_property3', 'dx_property4'] as const;
const OR_CONDITIONS: readonly OrCondition[] = ['S', 'P', 'N', 'Z', '+', '-'];
const PRINCIPAL_VALID = ['+', '-'] as const;
const LOGIC_SEXES = ['M', 'F', 'U'] as const;

export const GROUPING_LOGIC_SPEC: TableSpec = {
  file: 'grouping-logic.csv',
  required: ['id', 'group'],
  optional: [
    'return_code',
    'care_setting',
    'principal_valid',
    'mdc',
    'principal_category',
    'principal_property',
    'or',
    'procedure_property',
    'second_procedure_property',
    ...DX_PROPERTY_COLUMNS,
    'secondary_property',
    'cc',
    'age_days',
    'age_years',
    'sex',
    'discharge',
    'los',
    'birth_weight',
    'admission_type',
    'alt_group',
  ],
};

export function parseGroupingLogic(rows: readonly CsvRow[], ctx: ParseContext): LogicRow[] {
  const ids = new KeyRegistry('rule id');
  return ctx.eachRow(GROUPING_LOGIC_SPEC.file, rows, (r, order) => {
    const id = r.code('id');
    if (id !== undefined) ids.claim(r, 'id', id);
    const group = r.code('group');
    if (group !== undefined) ctx.refer(r, 'group', 'group', group);
    const altGroup = r.optional('alt_group');
    if (altGroup !== undefined) ctx.refer(r, 'alt_group', 'group', altGroup);
    const returnCode = r.text('return_code') === '' ? '0' : r.code('return_code');

    const diagnosisProperties = DX_PROPERTY_COLUMNS.map((c) => r.stringCondition(c)).filter(
      (c): c is StringCondition => c !== undefined,
    );
    const row: LogicRow = {
      id: id ?? '',
      order,
      group: group ?? '',
      returnCode: returnCode ?? '0',
      diagnosisProperties,
    };
    assign(row, 'careSetting', r.oneOf('care_setting', CARE_SETTINGS));
    assign(row, 'principalValid', r.oneOf('principal_valid', PRINCIPAL_VALID));
    assign(row, 'mdc', r.stringCondition('mdc'));
    assign(row, 'principalCategory', r.stringCondition('principal_category'));
    assign(row, 'principalProperty', r.stringCondition('principal_property'));
    assign(row, 'or', r.oneOf('or', OR_CONDITIONS));
    assign(row, 'procedureProperty', r.stringCondition('procedure_property'));
    assign(row, 'secondProcedureProperty', r.stringCondition('second_procedure_property'));
    assign(row, 'secondaryProperty', r.stringCondition('secondary_property'));
    assign(row, 'cc', r.numericCondition('cc'));
    assign(row, 'ageDays', r.numericCondition('age_days'));
    assign(row, 'ageYears', r.numericCondition('age_years'));
    assign(row, 'sex', r.oneOf('sex', LOGIC_SEXES));
    assign(row, 'discharge', readDischarge(r));
    assign(row, 'los', r.numericCondition('los'));
    assign(row, 'birthWeight', r.numericCondition('birth_weight'));
    assign(row, 'admissionType', r.oneOf('admission_type', ADMISSION_TYPES));
    assign(row, 'altGroup', altGroup);
    return row;
  });
}

/** Sets an optional field only when it has a value, so absent conditions stay absent (not undefined-valued). */
function assign<K extends keyof LogicRow>(row: LogicRow, key: K, value: LogicRow[K] | undefined): void {
  if (value !== undefined) row[key] = value;
}

/** `home;transfer` (any of), `-death` (none of). */
function readDischarge(r: RowReader): LogicRow['discharge'] {
  const cell = r.text('discharge');
  if (cell === '') return undefined;
  const negate = cell.startsWith('-');
  const body = cell.startsWith('-') || cell.startsWith('+') ? cell.slice(1) : cell;
  const parts = body
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0) {
    r.report('discharge', 'INVALID_CONDITION', `"${cell}" names no discharge mode`);
    return undefined;
  }
  const unknown = parts.filter((p) => !(DISCHARGE_MODES as readonly string[]).includes(p));
  if (unknown.length > 0) {
    r.report(
      'discharge',
      'INVALID_CONDITION',
      `unknown discharge mode ${unknown.map((u) => `"${u}"`).join(', ')} (known: ${DISCHARGE_MODES.join(', ')})`,
    );
    return undefined;
  }
  return { negate, modes: parts as DischargeMode[] };
}
