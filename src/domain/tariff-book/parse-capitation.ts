// Capitation: age-sex band coefficients and facility adjustment coefficients.
import { KeyRegistry } from './cell-reader';
import type { CsvRow, TableSpec } from './csv-table';
import type { CapitationAdjustment, CapitationBand } from './model';
import type { ParseContext } from './parse-context';

export const CAPITATION_BANDS_SPEC: TableSpec = {
  file: 'capitation-bands.csv',
  required: ['code', 'sex', 'age_from', 'age_to', 'coefficient'],
  optional: [],
};

const BAND_SEXES: readonly CapitationBand['sex'][] = ['M', 'F', '*'];

export function parseCapitationBands(rows: readonly CsvRow[], ctx: ParseContext): CapitationBand[] {
  const codes = new KeyRegistry('band');
  const placed: (CapitationBand & { line: number })[] = [];
  return ctx.eachRow(CAPITATION_BANDS_SPEC.file, rows, (r) => {
    const code = r.code('code');
    if (code !== undefined) codes.claim(r, 'code', code);
    const sex = r.oneOf('sex', BAND_SEXES, true);
    const ageFrom = r.integer('age_from', { required: true, min: 0 });
    const ageTo = r.integer('age_to', { required: true, min: 0 });
    if (ageFrom !== undefined && ageTo !== undefined && ageTo < ageFrom) {
      r.report('age_to', 'INVALID_RANGE', `age_to ${ageTo} is below age_from ${ageFrom}`);
    }
    const coefficient = r.decimal('coefficient', { required: true, nonNegative: true });
    const complete = code !== undefined && sex !== undefined && ageFrom !== undefined && ageTo !== undefined;
    if (!r.clean || !complete || coefficient === undefined) return undefined;
    const band: CapitationBand = { code, sex, ageFrom, ageTo, coefficient };
    // A person must fall in one band only: same sex (or `*`) and overlapping ages is ambiguous.
    const clash = placed.find(
      (b) => (b.sex === sex || b.sex === '*' || sex === '*') && b.ageFrom <= ageTo && ageFrom <= b.ageTo,
    );
    if (clash) {
      r.report(
        'age_from',
        'OVERLAP',
        `band ${code} (${sex}, ${ageFrom}..${ageTo}) overlaps band ${clash.code} on line ${clash.line} (${clash.sex}, ${clash.ageFrom}..${clash.ageTo})`,
      );
    }
    placed.push({ ...band, line: r.line });
    return band;
  });
}

export const CAPITATION_ADJUSTMENTS_SPEC: TableSpec = {
  file: 'capitation-adjustments.csv',
  required: ['code', 'value'],
  optional: ['description'],
};

export function parseCapitationAdjustments(
  rows: readonly CsvRow[],
  ctx: ParseContext,
): Map<string, CapitationAdjustment> {
  const codes = new KeyRegistry('adjustment');
  const list = ctx.eachRow(CAPITATION_ADJUSTMENTS_SPEC.file, rows, (r) => {
    const code = r.code('code');
    if (code !== undefined) codes.claim(r, 'code', code);
    const value = r.decimal('value', { required: true, nonNegative: true });
    if (code === undefined || value === undefined) return undefined;
    const a: CapitationAdjustment = { code, description: r.text('description'), value };
    return a;
  });
  return new Map(list.map((a) => [a.code, a]));
}
