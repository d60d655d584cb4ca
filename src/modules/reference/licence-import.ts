// Licences, accreditations and telemedicine licences of facilities, from a CSV file (docs/intake.md).
// A licence is matched by facility, kind, mode and number: new ones are added, changed ones updated.
import type { HisobDataSource } from '../../infra/database/data-source';
import { CellChecks } from '../../infra/import/cell-checks';
import { readCsvTable, type CsvTableSpec } from '../../infra/import/csv-table';
import { openImportSource, sourceName, type ImportSource } from '../../infra/import/import-source';
import { TELEMEDICINE_MODES } from '../../domain/tariff-book/model';
import type { Actor } from '../auth/actor';
import { LICENCE_KINDS } from './entities/facility-licence.entity';
import {
  RegistryErrors,
  runRegistryImport,
  type RegistryImportOptions,
  type RegistryImportReport,
} from './registry-import';
import { upsertLicences, type LicenceRow } from './registry-import-sql';

type LicenceCsvColumn =
  'facility_id' | 'kind' | 'telemedicine_mode' | 'number' | 'category' | 'issued_by' | 'valid_from' | 'valid_to';

export const LICENCE_CSV_SPEC: CsvTableSpec<LicenceCsvColumn> = {
  columns: ['facility_id', 'kind', 'telemedicine_mode', 'number', 'category', 'issued_by', 'valid_from', 'valid_to'],
  required: ['facility_id', 'kind', 'number', 'valid_from'],
};

export async function importLicencesCsv(
  dataSource: HisobDataSource,
  source: ImportSource,
  fileName: string | undefined,
  actor: Actor,
  opts: RegistryImportOptions = {},
): Promise<RegistryImportReport> {
  const file = sourceName(source, fileName);
  const chunks = await openImportSource(source, file);
  const facilities = new Set(
    ((await dataSource.query('SELECT id FROM facilities')) as { id: string }[]).map((r) => r.id),
  );
  const errors = new RegistryErrors(file, opts.errorCap);
  const rows: { row: LicenceRow; line: number }[] = [];
  let received = 0;
  for await (const batch of readCsvTable(chunks, LICENCE_CSV_SPEC, { fileName: file })) {
    for (const r of batch) {
      received++;
      if (!r.cells) {
        errors.reject({ line: r.line }, [{ field: '', code: r.error!.code, message: r.error!.message }]);
        continue;
      }
      const [facilityId, kind, mode, number, category, issuedBy, validFrom, validTo] = r.cells;
      const c = new CellChecks();
      const row: LicenceRow = {
        facilityId: c.id('facility_id', facilityId, 64) as string,
        kind: c.choice('kind', kind, LICENCE_KINDS) as string,
        telemedicineMode: c.choice('telemedicine_mode', mode, TELEMEDICINE_MODES, false) ?? null,
        number: c.id('number', number, 64) as string,
        category: c.text('category', category, 200) ?? null,
        issuedBy: c.text('issued_by', issuedBy, 200) ?? null,
        validFrom: c.date('valid_from', validFrom) as string,
        validTo: c.date('valid_to', validTo, false) ?? null,
      };
      if (row.kind === 'telemedicine' && row.telemedicineMode === null && mode === '') {
        c.fail(
          'telemedicine_mode',
          'REQUIRED',
          `telemedicine_mode is required for a telemedicine licence (${TELEMEDICINE_MODES.join(', ')})`,
        );
      }
      if (row.kind && row.kind !== 'telemedicine' && row.telemedicineMode !== null) {
        c.fail('telemedicine_mode', 'FORMAT', 'telemedicine_mode is only for kind telemedicine');
      }
      if (row.validFrom && row.validTo && row.validTo < row.validFrom)
        c.fail('valid_to', 'RANGE', 'valid_to is before valid_from');
      if (row.facilityId && !facilities.has(row.facilityId)) {
        c.fail('facility_id', 'FACILITY_UNKNOWN', `facility ${row.facilityId} is not in the facility registry`);
      }
      if (!c.ok) errors.reject({ line: r.line }, c.problems);
      else rows.push({ row, line: r.line });
    }
  }
  const unique = refuseRepeats(rows, errors);
  return runRegistryImport(dataSource, actor, 'registry.import-licences', errors, received, async (runner) => ({
    licences: await upsertLicences(
      runner,
      unique.map((r) => r.row),
    ),
  }));
}

/** The same licence twice in one file: every occurrence is refused. */
function refuseRepeats(rows: { row: LicenceRow; line: number }[], errors: RegistryErrors) {
  const key = (l: LicenceRow) => [l.facilityId, l.kind, l.telemedicineMode ?? '', l.number].join('\u0000');
  const lines = new Map<string, number[]>();
  for (const r of rows) lines.set(key(r.row), [...(lines.get(key(r.row)) ?? []), r.line]);
  return rows.filter((r) => {
    const all = lines.get(key(r.row))!;
    if (all.length === 1) return true;
    const message = `licence ${r.row.number} of facility ${r.row.facilityId} appears ${all.length} times (lines ${all.join(', ')})`;
    errors.reject({ line: r.line }, [{ field: 'number', code: 'DUPLICATE', message }]);
    return false;
  });
}
