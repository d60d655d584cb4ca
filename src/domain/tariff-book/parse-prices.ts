// Prices: base rates, coefficients and the fee schedule (telemedicine and fee-for-service).
import { ADMISSION_TYPES, CARE_SETTINGS, DISCHARGE_MODES, SEXES } from '../cases/case';
import type { RowReader } from './cell-reader';
import type { SpecialCondition } from './conditions';
import type { CsvRow, TableSpec } from './csv-table';
import {
  TELEMEDICINE_MODES,
  type BaseRate,
  type Coefficient,
  type CoefficientKind,
  type FeeScheduleEntry,
} from './model';
import type { ParseContext } from './parse-context';
import { reportOverlaps, type DatedEntry } from './validity-overlap';

export const BASE_RATES_SPEC: TableSpec = {
  file: 'base-rates.csv',
  required: ['care_setting', 'valid_from', 'amount'],
  optional: ['region', 'valid_to'],
};

export function parseBaseRates(rows: readonly CsvRow[], ctx: ParseContext): BaseRate[] {
  const dated: DatedEntry[] = [];
  const rates = ctx.eachRow(BASE_RATES_SPEC.file, rows, (r) => {
    const careSetting = r.oneOf('care_setting', CARE_SETTINGS, true);
    const region = r.optional('region');
    const validity = r.validity(true);
    const amount = r.decimal('amount', { required: true, nonNegative: true });
    if (!r.clean || careSetting === undefined || amount === undefined || validity.validFrom === undefined)
      return undefined;
    dated.push({
      line: r.line,
      key: `${careSetting}|${region ?? ''}`,
      label: `care_setting ${careSetting}, ${region === undefined ? 'no region' : 'region ' + region}`,
      ...validity,
    });
    const rate: BaseRate = {
      careSetting,
      ...(region !== undefined && { region }),
      validFrom: validity.validFrom,
      ...(validity.validTo !== undefined && { validTo: validity.validTo }),
      amount,
    };
    return rate;
  });
  reportOverlaps(ctx.sink, BASE_RATES_SPEC.file, dated);
  return rates;
}

export const COEFFICIENTS_SPEC: TableSpec = {
  file: 'coefficients.csv',
  required: ['code', 'kind', 'value'],
  optional: ['applies_to', 'condition', 'description', 'valid_from', 'valid_to'],
};

const COEFFICIENT_KINDS: readonly CoefficientKind[] = ['level', 'management', 'special'];
const FACILITY_LEVELS = ['district', 'regional', 'republican'] as const;

export function parseCoefficients(rows: readonly CsvRow[], ctx: ParseContext): Coefficient[] {
  const dated: DatedEntry[] = [];
  const list = ctx.eachRow(COEFFICIENTS_SPEC.file, rows, (r) => {
    const code = r.code('code');
    const kind = r.oneOf('kind', COEFFICIENT_KINDS, true);
    const value = r.decimal('value', { required: true, nonNegative: true });
    let appliesTo: string | undefined;
    let condition: SpecialCondition | undefined;
    if (kind === 'level') {
      appliesTo = r.oneOf('applies_to', FACILITY_LEVELS, true);
    } else if (kind === 'management') {
      appliesTo = r.optional('applies_to');
    } else if (kind === 'special' && r.text('applies_to') !== '') {
      r.report(
        'applies_to',
        'INVALID_VALUE',
        'a special coefficient says when it applies in condition, not applies_to',
      );
    }
    if (kind === 'special') {
      condition = r.specialCondition('condition');
      if (r.text('condition') === '') r.report('condition', 'REQUIRED', 'a special coefficient needs a condition');
      if (condition) checkSpecialValues(r, ctx, condition);
    } else if (kind !== undefined && r.text('condition') !== '') {
      r.report('condition', 'INVALID_VALUE', `a ${kind} coefficient takes no condition`);
    }
    const validity = r.validity();
    if (!r.clean || code === undefined || kind === undefined || value === undefined) return undefined;
    dated.push({ line: r.line, key: `code|${code}`, label: `coefficient ${code}`, ...validity });
    // Two level coefficients for one facility level on the same day would both multiply the price.
    if (kind === 'level') {
      dated.push({ line: r.line, key: `level|${appliesTo}`, label: `level coefficients of ${appliesTo}`, ...validity });
    }
    const c: Coefficient = {
      code,
      kind,
      ...(appliesTo !== undefined && { appliesTo }),
      value,
      ...(condition !== undefined && { condition }),
      description: r.text('description'),
      ...validity,
    };
    return c;
  });
  reportOverlaps(ctx.sink, COEFFICIENTS_SPEC.file, dated);
  return list;
}

const CLAUSE_VALUES: Partial<Record<string, readonly string[]>> = {
  sex: SEXES,
  care_setting: CARE_SETTINGS,
  admission_type: ADMISSION_TYPES,
  discharge: DISCHARGE_MODES,
};

/** The syntax is checked by parseSpecialCondition; here the values it compares with. */
function checkSpecialValues(r: RowReader, ctx: ParseContext, condition: SpecialCondition): void {
  for (const clause of condition.clauses) {
    const allowed = CLAUSE_VALUES[clause.field];
    if (allowed && !allowed.includes(clause.value)) {
      r.report(
        'condition',
        'INVALID_CONDITION',
        `${clause.field} "${clause.value}" is not one of ${allowed.join(', ')}`,
      );
    }
    if (clause.field === 'group') ctx.refer(r, 'condition', 'group', clause.value);
  }
}

export const FEE_SCHEDULE_SPEC: TableSpec = {
  file: 'fee-schedule.csv',
  required: ['service_code', 'amount'],
  optional: ['title', 'mode', 'unit', 'valid_from', 'valid_to'],
};

const FEE_UNITS: readonly FeeScheduleEntry['unit'][] = ['service', 'patient-month'];

export function parseFeeSchedule(rows: readonly CsvRow[], ctx: ParseContext): FeeScheduleEntry[] {
  const dated: DatedEntry[] = [];
  const fees = ctx.eachRow(FEE_SCHEDULE_SPEC.file, rows, (r) => {
    const serviceCode = r.code('service_code', ';,');
    const mode = r.oneOf('mode', TELEMEDICINE_MODES);
    const unit = r.oneOf('unit', FEE_UNITS) ?? 'service';
    const amount = r.decimal('amount', { required: true, nonNegative: true });
    const validity = r.validity();
    if (!r.clean || serviceCode === undefined || amount === undefined) return undefined;
    dated.push({
      line: r.line,
      key: `${serviceCode}|${mode ?? ''}`,
      label: `service ${serviceCode} ${mode ?? 'fee-for-service'}`,
      ...validity,
    });
    const fee: FeeScheduleEntry = {
      serviceCode,
      title: r.text('title'),
      ...(mode !== undefined && { mode }),
      unit,
      amount,
      ...validity,
    };
    return fee;
  });
  reportOverlaps(ctx.sink, FEE_SCHEDULE_SPEC.file, dated);
  return fees;
}
