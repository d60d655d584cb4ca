// groups.csv: the clinical-cost groups with cost weight, trim points and length-of-stay adjustments.
import { ZERO } from '../money/decimal';
import { CARE_SETTINGS } from '../cases/case';
import { KeyRegistry } from './cell-reader';
import type { CsvRow, TableSpec } from './csv-table';
import type { GroupDef, GroupKind } from './model';
import type { ParseContext } from './parse-context';

const GROUP_KINDS: readonly GroupKind[] = ['surgical', 'therapeutic', 'error'];

export const GROUPS_SPEC: TableSpec = {
  file: 'groups.csv',
  required: ['code', 'kind', 'weight', 'mean_los'],
  optional: [
    'name_uz',
    'name_ru',
    'name_en',
    'care_setting',
    'mdc',
    'low_trim',
    'high_trim',
    'low_day_deduction',
    'high_day_addon',
    'short_stay_share',
    'guaranteed',
    'return_code',
  ],
};

export function parseGroups(
  rows: readonly CsvRow[],
  ctx: ParseContext,
): { map: Map<string, GroupDef>; keys: Set<string> } {
  const codes = new KeyRegistry('group');
  const list = ctx.eachRow(GROUPS_SPEC.file, rows, (r) => {
    const code = r.code('code');
    if (code !== undefined) codes.claim(r, 'code', code);
    const careSetting = r.oneOf('care_setting', CARE_SETTINGS);
    const kind = r.oneOf('kind', GROUP_KINDS, true);
    const mdc = r.optional('mdc');
    const weight = r.decimal('weight', { required: true, nonNegative: true });
    const meanLos = r.decimal('mean_los', { required: true, nonNegative: true });
    const lowTrim = r.integer('low_trim', { min: 0 });
    const highTrim = r.integer('high_trim', { min: 0 });
    if (lowTrim !== undefined && highTrim !== undefined && highTrim < lowTrim) {
      r.report('high_trim', 'INVALID_RANGE', `high_trim ${highTrim} is below low_trim ${lowTrim}`);
    }
    const shortStayShare = r.decimal('short_stay_share', { nonNegative: true, atMostOne: true });
    const returnCode = r.optional('return_code');
    const g: GroupDef = {
      code: code ?? '',
      names: { uz: r.text('name_uz'), ru: r.text('name_ru'), en: r.text('name_en') },
      ...(careSetting !== undefined && { careSetting }),
      kind: kind ?? 'error',
      ...(mdc !== undefined && { mdc }),
      weight: weight ?? ZERO,
      meanLos: meanLos ?? ZERO,
      ...(lowTrim !== undefined && { lowTrim }),
      ...(highTrim !== undefined && { highTrim }),
      lowDayDeduction: r.decimal('low_day_deduction', { nonNegative: true }) ?? ZERO,
      highDayAddon: r.decimal('high_day_addon', { nonNegative: true }) ?? ZERO,
      ...(shortStayShare !== undefined && { shortStayShare }),
      guaranteed: r.bool('guaranteed', true),
      ...(returnCode !== undefined && { returnCode }),
    };
    return g;
  });
  return { map: new Map(list.map((g) => [g.code, g])), keys: codes.keys() };
}
