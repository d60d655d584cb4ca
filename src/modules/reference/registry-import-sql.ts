// Set-based upserts of registry rows (regions, districts, facilities, licences). A registry file holds
// hundreds or thousands of rows, so each table is one statement over a JSON array; a row whose values
// did not change is not touched (no audit entry, no updated_at bump).
import type { QueryRunner } from 'typeorm';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface RegionRow {
  code: string;
  name: string;
}

export interface DistrictRow {
  code: string;
  regionCode: string;
  name: string;
}

export interface FacilityRow {
  id: string;
  name: string;
  level: string;
  type: string;
  districtCode: string;
  /** Decimal string, or null for the book's default. */
  managementCoefficient: string | null;
  capitationAdjustments: string[];
  /** First day under the pilot rules; null leaves a stored date as it is (an import never clears it). */
  pilotStartDate: string | null;
  active: boolean;
}

export interface LicenceRow {
  facilityId: string;
  kind: string;
  telemedicineMode: string | null;
  number: string;
  category: string | null;
  issuedBy: string | null;
  validFrom: string;
  validTo: string | null;
}

/** Regions and districts carry one name; it fills the uz, ru and en name columns alike. */
export async function upsertRegions(runner: QueryRunner, rows: readonly RegionRow[]): Promise<UpsertCounts> {
  return upsert(
    runner,
    rows,
    `INSERT INTO regions AS r (code, name_uz, name_ru, name_en)
     SELECT code, name, name, name FROM jsonb_to_recordset($1::jsonb) AS t (code text, name text)
     ON CONFLICT (code) DO UPDATE SET name_uz = EXCLUDED.name_uz, name_ru = EXCLUDED.name_ru, name_en = EXCLUDED.name_en
     WHERE (r.name_uz, r.name_ru, r.name_en) IS DISTINCT FROM (EXCLUDED.name_uz, EXCLUDED.name_ru, EXCLUDED.name_en)
     RETURNING (xmax = 0) AS inserted`,
  );
}

export async function upsertDistricts(runner: QueryRunner, rows: readonly DistrictRow[]): Promise<UpsertCounts> {
  return upsert(
    runner,
    rows,
    `INSERT INTO districts AS d (code, region_code, name_uz, name_ru, name_en)
     SELECT code, "regionCode", name, name, name
     FROM jsonb_to_recordset($1::jsonb) AS t (code text, "regionCode" text, name text)
     ON CONFLICT (code) DO UPDATE SET region_code = EXCLUDED.region_code, name_uz = EXCLUDED.name_uz,
       name_ru = EXCLUDED.name_ru, name_en = EXCLUDED.name_en
     WHERE (d.region_code, d.name_uz, d.name_ru, d.name_en)
       IS DISTINCT FROM (EXCLUDED.region_code, EXCLUDED.name_uz, EXCLUDED.name_ru, EXCLUDED.name_en)
     RETURNING (xmax = 0) AS inserted`,
  );
}

export async function upsertFacilities(runner: QueryRunner, rows: readonly FacilityRow[]): Promise<UpsertCounts> {
  return upsert(
    runner,
    rows,
    `INSERT INTO facilities AS f (id, name, level, type, district_code, management_coefficient,
       capitation_adjustments, pilot_start_date, active)
     SELECT id, name, level, type, "districtCode", "managementCoefficient", "capitationAdjustments",
       "pilotStartDate", active
     FROM jsonb_to_recordset($1::jsonb) AS t (id text, name text, level text, type text, "districtCode" text,
       "managementCoefficient" numeric, "capitationAdjustments" text[], "pilotStartDate" date, active boolean)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, type = EXCLUDED.type,
       district_code = EXCLUDED.district_code, management_coefficient = EXCLUDED.management_coefficient,
       capitation_adjustments = EXCLUDED.capitation_adjustments,
       pilot_start_date = coalesce(EXCLUDED.pilot_start_date, f.pilot_start_date),
       active = EXCLUDED.active, updated_at = now()
     WHERE (f.name, f.level, f.type, f.district_code, f.management_coefficient, f.capitation_adjustments,
            f.pilot_start_date, f.active)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.level, EXCLUDED.type, EXCLUDED.district_code,
            EXCLUDED.management_coefficient, EXCLUDED.capitation_adjustments,
            coalesce(EXCLUDED.pilot_start_date, f.pilot_start_date), EXCLUDED.active)
     RETURNING (xmax = 0) AS inserted`,
  );
}

/**
 * Licences have no natural unique key in the schema; a licence is the same one when facility, kind,
 * mode and number match. Matching rows get the file's period and details; new ones are added; a
 * revocation (revoked_at) is never undone by an import. The table lock keeps two imports from
 * adding the same licence twice.
 */
export async function upsertLicences(runner: QueryRunner, rows: readonly LicenceRow[]): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  await runner.query('LOCK TABLE facility_licences IN SHARE ROW EXCLUSIVE MODE');
  const incoming = `jsonb_to_recordset($1::jsonb) AS t ("facilityId" text, kind text, "telemedicineMode" text,
    number text, category text, "issuedBy" text, "validFrom" date, "validTo" date)`;
  const sameKey = `l.facility_id = t."facilityId" AND l.kind = t.kind AND l.number = t.number
    AND l.telemedicine_mode IS NOT DISTINCT FROM t."telemedicineMode"`;
  const json = JSON.stringify(rows);
  const updated = await runner.query(
    `UPDATE facility_licences l SET category = t.category, issued_by = t."issuedBy", valid_from = t."validFrom",
       valid_to = t."validTo"
     FROM ${incoming}
     WHERE ${sameKey}
       AND (l.category, l.issued_by, l.valid_from, l.valid_to) IS DISTINCT FROM (t.category, t."issuedBy", t."validFrom", t."validTo")
     RETURNING l.facility_id, l.kind, l.number, l.telemedicine_mode`,
    [json],
    true,
  );
  const inserted = await runner.query(
    `INSERT INTO facility_licences (facility_id, kind, telemedicine_mode, category, number, issued_by, valid_from, valid_to)
     SELECT t."facilityId", t.kind, t."telemedicineMode", t.category, t.number, t."issuedBy", t."validFrom", t."validTo"
     FROM ${incoming}
     WHERE NOT EXISTS (SELECT 1 FROM facility_licences l WHERE ${sameKey})`,
    [json],
    true,
  );
  // Several stored rows may match one licence of the file; count licences, not rows.
  const updatedKeys = new Set(
    (updated.records as Record<string, string | null>[]).map((r) => JSON.stringify(Object.values(r))),
  );
  const n = { inserted: inserted.affected ?? 0, updated: updatedKeys.size };
  return { ...n, unchanged: rows.length - n.inserted - n.updated };
}

async function upsert(runner: QueryRunner, rows: readonly object[], sql: string): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const changed: { inserted: boolean }[] = await runner.query(sql, [JSON.stringify(rows)]);
  const inserted = changed.filter((r) => r.inserted).length;
  return { inserted, updated: changed.length - inserted, unchanged: rows.length - changed.length };
}
