// Facilities with their districts and regions, from the generator's district.json or a facilities CSV.
// Rows are checked one by one (a bad row is reported, the good ones are written in one transaction)
// and upserted: an unchanged facility is left alone, a changed one updated.
import { readFile } from 'node:fs/promises';
import type { QueryRunner } from 'typeorm';
import type { HisobDataSource } from '../../infra/database/data-source';
import { CellChecks, splitListCell } from '../../infra/import/cell-checks';
import { readCsvTable, type CsvTableSpec } from '../../infra/import/csv-table';
import { ImportFileError } from '../../infra/import/import-errors';
import { openImportSource, sourceName, type ImportSource } from '../../infra/import/import-source';
import { TELEMEDICINE_MODES } from '../../domain/tariff-book/model';
import type { Actor } from '../auth/actor';
import { decodeUtf8 } from '../claims/intake/decode-utf8';
import { FACILITY_LEVELS, FACILITY_TYPES } from './entities/facility.entity';
import {
  RegistryErrors,
  runRegistryImport,
  type RegistryImportOptions,
  type RegistryImportReport,
} from './registry-import';
import {
  upsertDistricts,
  upsertFacilities,
  upsertLicences,
  upsertRegions,
  type DistrictRow,
  type FacilityRow,
  type LicenceRow,
  type RegionRow,
} from './registry-import-sql';

export interface FacilityImportOptions extends RegistryImportOptions {
  /** district.json only: the pilot start date given to the district's own facilities. */
  pilotStartDate?: string;
}

/** Generator facility types (src/domain/generator/district.ts) → registry types. */
const GENERATOR_TYPES: Record<string, FacilityRow['type']> = {
  'district-hospital': 'hospital',
  'regional-hospital': 'hospital',
  'republican-centre': 'specialised',
  'family-polyclinic': 'primary-care',
  'rural-doctor-point': 'primary-care',
};

const NAME_MAX = 300;
const CODE_MAX = 16;
const ID_MAX = 64;

/**
 * The district code for facilities of a district.json that serve the whole region (regional and
 * republican ones have no district of their own): `<region>-RGN`.
 */
export function regionalDistrictCode(regionCode: string): string {
  return `${regionCode}-RGN`;
}

/**
 * Imports a generated district.json: its region, its district, the `<region>-RGN` district for the
 * facilities without one, the facilities and their telemedicine licences.
 */
export async function importDistrictFile(
  dataSource: HisobDataSource,
  source: string | Uint8Array,
  fileName: string | undefined,
  actor: Actor,
  opts: FacilityImportOptions = {},
): Promise<RegistryImportReport> {
  const file = sourceName(source, fileName);
  const bytes = typeof source === 'string' ? await readBytes(source, file) : source;
  const text = decodeUtf8(bytes, file);
  if (!text.ok) throw new ImportFileError(file, 'ENCODING', text.errors[0].message, text.errors[0].line);
  let root: unknown;
  try {
    root = JSON.parse(text.value);
  } catch (error) {
    throw new ImportFileError(file, 'INVALID_FILE', `not valid JSON: ${(error as Error).message}`);
  }
  const errors = new RegistryErrors(file, opts.errorCap);
  const pilotStart =
    opts.pilotStartDate === undefined ? null : checkedOption('pilotStartDate', opts.pilotStartDate, file);
  const parsed = readDistrictJson(root, file, errors, pilotStart);
  const known = await knownFacilityIds(dataSource);
  for (const f of parsed.facilities) known.add(f.id);
  const licences = parsed.licences.filter((l) => {
    if (known.has(l.row.facilityId)) return true;
    const message = `facility ${l.row.facilityId} is neither in the file nor in the registry`;
    errors.reject({ path: l.path }, [{ field: 'facilityId', code: 'FACILITY_UNKNOWN', message }]);
    return false;
  });
  return runRegistryImport(dataSource, actor, 'registry.import-district', errors, parsed.received, async (runner) => ({
    regions: await upsertRegions(runner, parsed.regions),
    districts: await upsertDistricts(runner, parsed.districts),
    facilities: await upsertFacilities(runner, parsed.facilities),
    licences: await upsertLicences(
      runner,
      licences.map((l) => l.row),
    ),
  }));
}

export const FACILITY_CSV_SPEC: CsvTableSpec<FacilityCsvColumn> = {
  columns: [
    'id',
    'name',
    'level',
    'type',
    'district_code',
    'management_coefficient',
    'capitation_adjustments',
    'pilot_start_date',
    'active',
    'region_code',
    'region_name',
    'district_name',
  ],
  required: ['id', 'name', 'level', 'type', 'district_code'],
};
type FacilityCsvColumn =
  | 'id'
  | 'name'
  | 'level'
  | 'type'
  | 'district_code'
  | 'management_coefficient'
  | 'capitation_adjustments'
  | 'pilot_start_date'
  | 'active'
  | 'region_code'
  | 'region_name'
  | 'district_name';

/**
 * Imports a facilities CSV (docs/intake.md). A row may name its district (district_name, region_code)
 * and region (region_name) to create or rename them; otherwise the district must exist already.
 */
export async function importFacilitiesCsv(
  dataSource: HisobDataSource,
  source: ImportSource,
  fileName: string | undefined,
  actor: Actor,
  opts: RegistryImportOptions = {},
): Promise<RegistryImportReport> {
  const file = sourceName(source, fileName);
  const chunks = await openImportSource(source, file);
  const errors = new RegistryErrors(file, opts.errorCap);
  const regions = new Map<string, RegionRow>();
  const districts = new Map<string, DistrictRow>();
  const facilities: { row: FacilityRow; line: number }[] = [];
  let received = 0;
  for await (const batch of readCsvTable(chunks, FACILITY_CSV_SPEC, { fileName: file })) {
    for (const r of batch) {
      received++;
      if (!r.cells) {
        errors.reject({ line: r.line }, [{ field: '', code: r.error!.code, message: r.error!.message }]);
        continue;
      }
      const [
        id,
        name,
        level,
        type,
        district,
        coefficient,
        adjustments,
        pilot,
        active,
        region,
        regionName,
        districtName,
      ] = r.cells;
      const c = new CellChecks();
      const row: FacilityRow = {
        id: c.id('id', id, ID_MAX) as string,
        name: c.text('name', name, NAME_MAX, true) as string,
        level: c.choice('level', level, FACILITY_LEVELS) as string,
        type: c.choice('type', type, FACILITY_TYPES) as string,
        districtCode: c.id('district_code', district, CODE_MAX) as string,
        managementCoefficient: c.coefficient('management_coefficient', coefficient) ?? null,
        capitationAdjustments: splitListCell(adjustments).filter((a, i) => c.id(`capitation_adjustments[${i}]`, a, 32)),
        pilotStartDate: c.date('pilot_start_date', pilot, false) ?? null,
        active: c.flag('active', active, true),
      };
      if (districtName !== '') {
        const regionCode = c.id('region_code', region, CODE_MAX);
        const dName = c.text('district_name', districtName, NAME_MAX);
        if (regionName !== '' && regionCode)
          regions.set(regionCode, { code: regionCode, name: c.text('region_name', regionName, NAME_MAX) ?? '' });
        if (c.ok && regionCode && dName)
          districts.set(row.districtCode, { code: row.districtCode, regionCode, name: dName });
      }
      if (!c.ok) errors.reject({ line: r.line }, c.problems);
      else facilities.push({ row, line: r.line });
    }
  }
  const unique = refuseRepeatedIds(facilities, errors);
  return runRegistryImport(dataSource, actor, 'registry.import-facilities', errors, received, async (runner) => {
    const regionCounts = await upsertRegions(runner, [...regions.values()]);
    const districtCounts = await upsertDistricts(runner, [...districts.values()]);
    const existing = await districtCodes(runner);
    const good = unique.filter((f) => {
      if (existing.has(f.row.districtCode)) return true;
      const message = `district ${f.row.districtCode} is not in the registry (add district_name and region_code to create it)`;
      errors.reject({ line: f.line }, [{ field: 'district_code', code: 'UNKNOWN_DISTRICT', message }]);
      return false;
    });
    return {
      regions: regionCounts,
      districts: districtCounts,
      facilities: await upsertFacilities(
        runner,
        good.map((f) => f.row),
      ),
    };
  });
}

interface ParsedDistrict {
  received: number;
  regions: RegionRow[];
  districts: DistrictRow[];
  facilities: FacilityRow[];
  licences: { row: LicenceRow; path: string }[];
}

function readDistrictJson(
  root: unknown,
  file: string,
  errors: RegistryErrors,
  pilotStart: string | null,
): ParsedDistrict {
  const doc = asObject(root);
  const region = asObject(doc?.region);
  const district = asObject(doc?.district);
  const head = new CellChecks();
  const regionCode = head.id('region.code', str(region?.code), CODE_MAX);
  const regionName = head.text('region.name', str(region?.name), NAME_MAX, true);
  const districtCode = head.id('district.code', str(district?.code), CODE_MAX);
  const districtName = head.text('district.name', str(district?.name), NAME_MAX, true);
  if (!Array.isArray(doc?.facilities)) head.fail('facilities', 'REQUIRED', 'facilities must be an array');
  if (!head.ok || !regionCode || !districtCode || !regionName || !districtName) {
    const p = head.problems[0];
    throw new ImportFileError(file, 'INVALID_FILE', `$.${p.field}: ${p.message}`);
  }
  const rgn = regionalDistrictCode(regionCode);
  const out: ParsedDistrict = {
    received: 0,
    regions: [{ code: regionCode, name: regionName }],
    districts: [{ code: districtCode, regionCode, name: districtName }],
    facilities: [],
    licences: [],
  };
  let needsRegional = false;
  const seen = new Map<string, string>();
  (doc!.facilities as unknown[]).forEach((item, i) => {
    out.received++;
    const path = `$.facilities[${i}]`;
    const f = asObject(item);
    const c = new CellChecks();
    if (!f) {
      errors.reject({ path }, [{ field: '', code: 'TYPE', message: 'a facility must be an object' }]);
      return;
    }
    const own = f.district === undefined ? undefined : c.id('district', str(f.district), CODE_MAX);
    if (own !== undefined && own !== districtCode) {
      c.fail('district', 'UNKNOWN_DISTRICT', `district ${own} is not the file's district ${districtCode}`);
    }
    const generatorType = str(f.type);
    const type =
      GENERATOR_TYPES[generatorType] ??
      c.choice('type', generatorType, [...Object.keys(GENERATOR_TYPES), ...FACILITY_TYPES]);
    const adjustments = Array.isArray(f.capitationAdjustments) ? f.capitationAdjustments : [];
    const row: FacilityRow = {
      id: c.id('id', str(f.id), ID_MAX) as string,
      name: c.text('name', str(f.name), NAME_MAX, true) as string,
      level: c.choice('level', str(f.level), FACILITY_LEVELS) as string,
      type: type as string,
      districtCode: own ?? rgn,
      managementCoefficient: c.coefficient('managementCoefficient', str(f.managementCoefficient)) ?? null,
      capitationAdjustments: adjustments.filter((a, k) => c.id(`capitationAdjustments[${k}]`, str(a), 32)) as string[],
      pilotStartDate: own !== undefined ? pilotStart : null,
      active: true,
    };
    if (row.id && seen.has(row.id))
      c.fail('id', 'DUPLICATE', `facility ${row.id} appears twice (${seen.get(row.id)} and ${path})`);
    if (!c.ok) {
      errors.reject({ path }, c.problems);
      return;
    }
    seen.set(row.id, path);
    if (own === undefined) needsRegional = true;
    out.facilities.push(row);
  });
  if (needsRegional) {
    out.districts.push({ code: rgn, regionCode, name: `${regionName} (regional and republican facilities)` });
  }
  const licences = Array.isArray(doc!.licences) ? (doc!.licences as unknown[]) : [];
  licences.forEach((item, i) => {
    out.received++;
    const path = `$.licences[${i}]`;
    const l = asObject(item);
    const c = new CellChecks();
    if (!l) {
      errors.reject({ path }, [{ field: '', code: 'TYPE', message: 'a licence must be an object' }]);
      return;
    }
    const row: LicenceRow = {
      facilityId: c.id('facilityId', str(l.facilityId), ID_MAX) as string,
      kind: 'telemedicine',
      telemedicineMode: c.choice('mode', str(l.mode), TELEMEDICINE_MODES) ?? null,
      number: c.id('licenceId', str(l.licenceId), ID_MAX) as string,
      category: null,
      issuedBy: null,
      validFrom: c.date('validFrom', str(l.validFrom)) as string,
      validTo: c.date('validTo', str(l.validTo), false) ?? null,
    };
    if (row.validFrom && row.validTo && row.validTo < row.validFrom)
      c.fail('validTo', 'RANGE', 'validTo is before validFrom');
    if (!c.ok) errors.reject({ path }, c.problems);
    else out.licences.push({ row, path });
  });
  return out;
}

/** Every occurrence of a facility id given twice is refused: the file does not say which one is meant. */
function refuseRepeatedIds(
  rows: { row: FacilityRow; line: number }[],
  errors: RegistryErrors,
): { row: FacilityRow; line: number }[] {
  const lines = new Map<string, number[]>();
  for (const r of rows) lines.set(r.row.id, [...(lines.get(r.row.id) ?? []), r.line]);
  return rows.filter((r) => {
    const all = lines.get(r.row.id)!;
    if (all.length === 1) return true;
    const message = `facility ${r.row.id} appears ${all.length} times in this file (lines ${all.join(', ')})`;
    errors.reject({ line: r.line }, [{ field: 'id', code: 'DUPLICATE', message }]);
    return false;
  });
}

function checkedOption(name: string, value: string, file: string): string {
  const c = new CellChecks();
  const v = c.date(name, value);
  if (!v) throw new ImportFileError(file, 'INVALID_OPTION', c.problems[0].message);
  return v;
}

async function readBytes(path: string, file: string): Promise<Uint8Array> {
  return readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new ImportFileError(file, 'NOT_FOUND', `cannot read ${path}: ${error.code ?? error.message}`);
  });
}

async function knownFacilityIds(dataSource: HisobDataSource): Promise<Set<string>> {
  const rows: { id: string }[] = await dataSource.query('SELECT id FROM facilities');
  return new Set(rows.map((r) => r.id));
}

async function districtCodes(runner: QueryRunner): Promise<Set<string>> {
  const rows: { code: string }[] = await runner.query('SELECT code FROM districts');
  return new Set(rows.map((r) => r.code));
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** JSON value as cell text: strings as they are, numbers written out, anything else empty. */
function str(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}
