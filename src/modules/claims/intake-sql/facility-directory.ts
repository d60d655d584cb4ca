// The facilities an import may file cases for, read once per import: a few thousand rows at most,
// so every row's facility and scope check is a Map lookup instead of a join.
import type { QueryRunner } from 'typeorm';

export interface FacilityEntry {
  districtCode: string;
  active: boolean;
}

export type FacilityDirectory = ReadonlyMap<string, FacilityEntry>;

export async function loadFacilityDirectory(runner: QueryRunner): Promise<FacilityDirectory> {
  const rows: { id: string; district_code: string; active: boolean }[] = await runner.query(
    'SELECT id, district_code, active FROM facilities',
  );
  return new Map(rows.map((r) => [r.id, { districtCode: r.district_code, active: r.active }]));
}
