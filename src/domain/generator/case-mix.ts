// The case-mix profile table that drives the sample-data generator (fixtures/generator/case-mix.csv).
// Probabilities here are not money, so they are plain JS numbers.
import { parse } from 'csv-parse/sync';
import type { CareSetting } from '../cases/case';

export interface CaseMixProfile {
  id: string;
  /** Line in the case-mix file, for error messages. */
  line?: number;
  /** Relative frequency (positive integer). */
  weight: number;
  careSetting: CareSetting;
  /** Candidate principal diagnoses, one picked uniformly. */
  principal: readonly string[];
  secondary: readonly string[];
  /** Probability that a case gets 1–3 secondaries. */
  secondaryRate: number;
  procedures: readonly string[];
  procedureRate: number;
  losMean: number;
  losMax: number;
  sex: 'M' | 'F' | '*';
  ageMin: number;
  ageMax: number;
  deathRate: number;
  transferRate: number;
  emergencyRate: number;
  birthWeightMin?: number;
  birthWeightMax?: number;
  department: string;
}

export interface CaseMixIssue {
  file: string;
  /** 1-based line (the header is line 1). */
  line?: number;
  column?: string;
  message: string;
}

export class CaseMixError extends Error {
  readonly code = 'INVALID_CASE_MIX';
  constructor(readonly issues: CaseMixIssue[]) {
    super(
      `case-mix has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n` +
        issues
          .slice(0, 10)
          .map((i) => `  ${formatCaseMixIssue(i)}`)
          .join('\n') +
        (issues.length > 10 ? `\n  … and ${issues.length - 10} more` : ''),
    );
    this.name = 'CaseMixError';
  }
}

export function formatCaseMixIssue(i: CaseMixIssue): string {
  const where = i.line === undefined ? i.file : `${i.file}:${i.line}`;
  return `${where}${i.column ? ` [${i.column}]` : ''} ${i.message}`;
}

export const CASE_MIX_COLUMNS = [
  'profile',
  'weight',
  'care_setting',
  'principal',
  'secondary',
  'secondary_rate',
  'procedures',
  'procedure_rate',
  'los_mean',
  'los_max',
  'sex',
  'age_min',
  'age_max',
  'death_rate',
  'transfer_rate',
  'emergency_rate',
  'birth_weight_min',
  'birth_weight_max',
  'department',
] as const;
type Column = (typeof CASE_MIX_COLUMNS)[number];

const INT_RE = /^\d+$/;
const NUM_RE = /^\d+(\.\d+)?$/;

/** Parses the case-mix CSV; every problem is collected and thrown together as a CaseMixError. */
export function parseCaseMix(csvText: string, file = 'case-mix.csv'): CaseMixProfile[] {
  const issues: CaseMixIssue[] = [];
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(csvText.replace(/^\uFEFF/, ''), {
      info: true,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as unknown as typeof parsed;
  } catch (err) {
    throw new CaseMixError([{ file, message: `not valid CSV: ${(err as Error).message}` }]);
  }
  if (parsed.length === 0) throw new CaseMixError([{ file, message: 'the file is empty' }]);

  const header = parsed[0].record.map((h) => h.trim());
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!(CASE_MIX_COLUMNS as readonly string[]).includes(h)) {
      issues.push({ file, line: 1, column: h, message: `unknown column "${h}"` });
    } else if (index.has(h)) issues.push({ file, line: 1, column: h, message: `duplicate column "${h}"` });
    index.set(h, i);
  });
  for (const col of CASE_MIX_COLUMNS) {
    if (!index.has(col)) issues.push({ file, line: 1, column: col, message: `missing column "${col}"` });
  }
  if (issues.length > 0) throw new CaseMixError(issues);

  const profiles: CaseMixProfile[] = [];
  const seen = new Set<string>();
  parsed.forEach(({ record, info }, r) => {
    if (r === 0 || record.every((f) => f.trim() === '')) return;
    // The line where the record ends: its own line unless a quoted cell spans lines.
    const line = info.lines;
    if (record.length !== header.length) {
      issues.push({ file, line, message: `expected ${header.length} fields, found ${record.length}` });
      return;
    }
    const before = issues.length;
    const cell = (c: Column) => record[index.get(c)!].trim();
    const bad = (column: Column, message: string) => issues.push({ file, line, column, message });

    const int = (c: Column, required = true): number | undefined => {
      const v = cell(c);
      if (v === '' && !required) return undefined;
      if (!INT_RE.test(v)) {
        bad(c, `"${v}" is not a whole number`);
        return undefined;
      }
      return Number(v);
    };
    const num = (c: Column): number => {
      const v = cell(c);
      if (!NUM_RE.test(v)) bad(c, `"${v}" is not a number`);
      return Number(v);
    };
    const rate = (c: Column): number => {
      const v = num(c);
      if (v > 1) bad(c, `${v} is not a probability between 0 and 1`);
      return v;
    };
    const list = (c: Column) =>
      cell(c)
        .split(';')
        .map((s) => s.trim())
        .filter((s) => s !== '');

    const id = cell('profile');
    if (id === '') bad('profile', 'profile id is empty');
    else if (seen.has(id)) bad('profile', `duplicate profile "${id}"`);
    seen.add(id);

    const weight = int('weight') ?? 0;
    if (weight <= 0 && issues.length === before) bad('weight', 'weight must be a positive whole number');
    const careSetting = cell('care_setting');
    if (careSetting !== 'inpatient' && careSetting !== 'day-care') {
      bad('care_setting', `"${careSetting}" is not inpatient or day-care`);
    }
    const principal = list('principal');
    if (principal.length === 0) bad('principal', 'at least one principal diagnosis is needed');
    const procedures = list('procedures');
    const procedureRate = rate('procedure_rate');
    if (procedures.length === 0 && procedureRate > 0) bad('procedures', 'procedure_rate > 0 but no procedures listed');
    const losMean = num('los_mean');
    const losMax = int('los_max') ?? 0;
    if (losMean > losMax) bad('los_mean', `los_mean ${losMean} is above los_max ${losMax}`);
    const sex = cell('sex');
    if (sex !== 'M' && sex !== 'F' && sex !== '*') bad('sex', `"${sex}" is not M, F or *`);
    const ageMin = int('age_min') ?? 0;
    const ageMax = int('age_max') ?? 0;
    if (ageMin > ageMax) bad('age_min', `age_min ${ageMin} is above age_max ${ageMax}`);
    const bwMin = int('birth_weight_min', false);
    const bwMax = int('birth_weight_max', false);
    if ((bwMin === undefined) !== (bwMax === undefined)) {
      bad('birth_weight_min', 'give both birth_weight_min and birth_weight_max, or neither');
    } else if (bwMin !== undefined && bwMax !== undefined && bwMin > bwMax) {
      bad('birth_weight_min', `birth_weight_min ${bwMin} is above birth_weight_max ${bwMax}`);
    }
    const deathRate = rate('death_rate');
    const transferRate = rate('transfer_rate');
    if (deathRate + transferRate > 1) bad('transfer_rate', 'death_rate + transfer_rate is above 1');
    const emergencyRate = rate('emergency_rate');
    const secondaryRate = rate('secondary_rate');

    if (issues.length > before) return;
    profiles.push({
      id,
      line,
      weight,
      careSetting: careSetting as CareSetting,
      principal,
      secondary: list('secondary'),
      secondaryRate,
      procedures,
      procedureRate,
      losMean,
      losMax,
      sex: sex as 'M' | 'F' | '*',
      ageMin,
      ageMax,
      deathRate,
      transferRate,
      emergencyRate,
      ...(bwMin !== undefined && bwMax !== undefined ? { birthWeightMin: bwMin, birthWeightMax: bwMax } : {}),
      department: cell('department'),
    });
  });
  if (issues.length === 0 && profiles.length === 0) issues.push({ file, message: 'no profiles in the file' });
  if (issues.length > 0) throw new CaseMixError(issues);
  return profiles;
}
