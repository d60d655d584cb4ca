// Loads a tariff book from the contents of its files (docs/tariff-book.md). Pure: the caller
// reads the directory. Every problem in every file is collected before failing, so one run of
// the validator lists all that must be fixed.
import { IssueSink, TariffBookError } from './book-issues';
import { readCsvTable, type CsvRow, type TableSpec } from './csv-table';
import type { TariffBook } from './model';
import {
  COMPLICATION_EXCLUSIONS_SPEC,
  COMPLICATIONS_SPEC,
  DIAGNOSES_SPEC,
  DIAGNOSIS_PAIRS_SPEC,
  PROCEDURES_SPEC,
  parseComplicationExclusions,
  parseComplications,
  parseDiagnoses,
  parseDiagnosisPairs,
  parseProcedures,
} from './parse-code-tables';
import {
  CAPITATION_ADJUSTMENTS_SPEC,
  CAPITATION_BANDS_SPEC,
  parseCapitationAdjustments,
  parseCapitationBands,
} from './parse-capitation';
import { ParseContext, type ReferenceTarget } from './parse-context';
import { GROUPING_LOGIC_SPEC, parseGroupingLogic } from './parse-logic';
import { GROUPS_SPEC, parseGroups } from './parse-groups';
import { MANIFEST_FILE, parseManifest } from './parse-manifest';
import {
  BASE_RATES_SPEC,
  COEFFICIENTS_SPEC,
  FEE_SCHEDULE_SPEC,
  parseBaseRates,
  parseCoefficients,
  parseFeeSchedule,
} from './parse-prices';

interface TableEntry {
  spec: TableSpec;
  required: boolean;
  /** A book whose table has no data rows cannot group or price anything. */
  needsRows: boolean;
}

/** Every table a book may hold, in the order issues are reported. */
export const TARIFF_BOOK_TABLES: readonly TableEntry[] = [
  { spec: DIAGNOSES_SPEC, required: true, needsRows: true },
  { spec: DIAGNOSIS_PAIRS_SPEC, required: false, needsRows: false },
  { spec: PROCEDURES_SPEC, required: true, needsRows: false },
  { spec: COMPLICATIONS_SPEC, required: false, needsRows: false },
  { spec: COMPLICATION_EXCLUSIONS_SPEC, required: false, needsRows: false },
  { spec: GROUPING_LOGIC_SPEC, required: true, needsRows: true },
  { spec: GROUPS_SPEC, required: true, needsRows: true },
  { spec: BASE_RATES_SPEC, required: true, needsRows: true },
  { spec: COEFFICIENTS_SPEC, required: false, needsRows: false },
  { spec: CAPITATION_BANDS_SPEC, required: false, needsRows: false },
  { spec: CAPITATION_ADJUSTMENTS_SPEC, required: false, needsRows: false },
  { spec: FEE_SCHEDULE_SPEC, required: false, needsRows: false },
];

export const TARIFF_BOOK_FILES: readonly string[] = [MANIFEST_FILE, ...TARIFF_BOOK_TABLES.map((t) => t.spec.file)];

/** Absent: no such file. Unreadable: present but broken (its problems are reported). */
type TableRows = { state: 'absent' } | { state: 'unreadable' } | { state: 'read'; rows: CsvRow[] };

/**
 * Parses and validates a whole book. `files` maps file names (`manifest.json`, `groups.csv`…) to
 * their text. Throws TariffBookError listing every problem found.
 */
export function parseTariffBook(files: ReadonlyMap<string, string>): TariffBook {
  const sink = new IssueSink();
  const ctx = new ParseContext(sink);

  const manifestText = files.get(MANIFEST_FILE);
  if (manifestText === undefined) {
    sink.add({ file: MANIFEST_FILE, code: 'MISSING_FILE', message: 'the book has no manifest.json' });
  }
  const manifest = manifestText === undefined ? undefined : parseManifest(manifestText, sink);

  for (const name of files.keys()) {
    if (name.toLowerCase().endsWith('.csv') && !TARIFF_BOOK_FILES.includes(name)) {
      sink.add({
        file: name,
        code: 'UNKNOWN_FILE',
        message: `"${name}" is not a tariff book table (known: ${TARIFF_BOOK_TABLES.map((t) => t.spec.file).join(', ')})`,
      });
    }
  }

  const tables = new Map<string, TableRows>();
  for (const { spec, required, needsRows } of TARIFF_BOOK_TABLES) {
    const text = files.get(spec.file);
    if (text === undefined) {
      if (required) sink.add({ file: spec.file, code: 'MISSING_FILE', message: `the book needs ${spec.file}` });
      tables.set(spec.file, { state: 'absent' });
      continue;
    }
    const rows = readCsvTable(text, spec, sink);
    if (rows && needsRows && rows.length === 0) {
      sink.add({ file: spec.file, code: 'EMPTY_TABLE', message: `${spec.file} has a header but no rows` });
    }
    tables.set(spec.file, rows ? { state: 'read', rows } : { state: 'unreadable' });
  }
  const rowsOf = (spec: TableSpec): CsvRow[] => {
    const t = tables.get(spec.file);
    return t?.state === 'read' ? t.rows : [];
  };

  const complications = parseComplications(rowsOf(COMPLICATIONS_SPEC), ctx);
  const diagnoses = parseDiagnoses(rowsOf(DIAGNOSES_SPEC), ctx);
  const groups = parseGroups(rowsOf(GROUPS_SPEC), ctx);
  const book: Omit<TariffBook, 'manifest'> = {
    diagnoses: diagnoses.map,
    diagnosisPairRules: parseDiagnosisPairs(rowsOf(DIAGNOSIS_PAIRS_SPEC), ctx),
    procedures: parseProcedures(rowsOf(PROCEDURES_SPEC), ctx),
    complications: complications.map,
    complicationExclusions: parseComplicationExclusions(rowsOf(COMPLICATION_EXCLUSIONS_SPEC), ctx),
    logic: parseGroupingLogic(rowsOf(GROUPING_LOGIC_SPEC), ctx),
    groups: groups.map,
    baseRates: parseBaseRates(rowsOf(BASE_RATES_SPEC), ctx),
    coefficients: parseCoefficients(rowsOf(COEFFICIENTS_SPEC), ctx),
    capitationBands: parseCapitationBands(rowsOf(CAPITATION_BANDS_SPEC), ctx),
    capitationAdjustments: parseCapitationAdjustments(rowsOf(CAPITATION_ADJUSTMENTS_SPEC), ctx),
    fees: parseFeeSchedule(rowsOf(FEE_SCHEDULE_SPEC), ctx),
  };

  checkReferences(ctx, {
    group: { spec: GROUPS_SPEC, rows: tables.get(GROUPS_SPEC.file)!, keys: groups.keys, label: 'group' },
    diagnosis: {
      spec: DIAGNOSES_SPEC,
      rows: tables.get(DIAGNOSES_SPEC.file)!,
      keys: diagnoses.keys,
      label: 'diagnosis',
    },
    complication: {
      spec: COMPLICATIONS_SPEC,
      rows: tables.get(COMPLICATIONS_SPEC.file)!,
      keys: complications.keys,
      label: 'complication property',
    },
  });

  if (sink.count > 0 || manifest === undefined) throw new TariffBookError(sink.sorted(TARIFF_BOOK_FILES));
  return { manifest, ...book };
}

interface ReferencedTable {
  spec: TableSpec;
  rows: TableRows;
  keys: ReadonlySet<string>;
  label: string;
}

/**
 * Cross-table references. A reference into a broken table is not checked (its own problems are
 * already reported); an optional table that is referenced but absent is reported once.
 */
function checkReferences(ctx: ParseContext, targets: Record<ReferenceTarget, ReferencedTable>): void {
  const missingReported = new Set<ReferenceTarget>();
  for (const ref of ctx.references) {
    const target = targets[ref.target];
    if (target.rows.state === 'unreadable') continue;
    if (target.rows.state === 'absent') {
      // Required tables already have their MISSING_FILE issue.
      const required = TARIFF_BOOK_TABLES.find((t) => t.spec === target.spec)?.required;
      if (!required && !missingReported.has(ref.target)) {
        missingReported.add(ref.target);
        ctx.sink.add({
          file: target.spec.file,
          code: 'MISSING_FILE',
          message: `${target.spec.file} is needed: ${ref.file} line ${ref.line} uses ${target.label} "${ref.value}"`,
        });
      }
      continue;
    }
    if (!target.keys.has(ref.value)) {
      ctx.sink.add({
        file: ref.file,
        line: ref.line,
        column: ref.column,
        code: 'UNKNOWN_REFERENCE',
        message: `${target.label} "${ref.value}" is not defined in ${target.spec.file}`,
      });
    }
  }
}
