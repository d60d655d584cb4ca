// Registry imports: district.json and facility CSVs, licences, the enrolment register (COPY, snapshots)
// and tariff book directories, with exact counts and per-row errors.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TariffBookError } from '../../src/domain/tariff-book';
import { adjustmentCodesOf, generateDistrict } from '../../src/domain/generator/district';
import { enrolment } from '../../src/domain/generator/enrolment';
import { importDistrictFile, importFacilitiesCsv } from '../../src/modules/reference/facility-import';
import { importLicencesCsv } from '../../src/modules/reference/licence-import';
import { importTariffBookDir, retireTariffBook } from '../../src/modules/reference/tariff-book-import';
import { importEnrolmentCsv } from '../../src/modules/registry/enrolment-import';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ADMIN } from './support/intake-fixtures';

const DISTRICT_JSON = {
  seed: 1,
  month: '2026-03',
  region: { code: 'UZ-XO', name: 'Xorazm' },
  district: { code: 'UZ-XO-GRL', name: 'Gurlan', mountainous: false },
  facilities: [
    {
      id: 'UZ-XO-GRL-DH',
      name: 'Gurlan tuman tibbiyot birlashmasi',
      type: 'district-hospital',
      level: 'district',
      region: 'UZ-XO',
      district: 'UZ-XO-GRL',
      managementCoefficient: '1.05',
      capitationAdjustments: [],
      enrolledPopulation: 0,
    },
    {
      id: 'UZ-XO-RH',
      name: 'Xorazm viloyat markazi',
      type: 'regional-hospital',
      level: 'regional',
      region: 'UZ-XO',
      capitationAdjustments: [],
      enrolledPopulation: 0,
    },
    {
      id: 'UZ-XO-GRL-FP1',
      name: 'Gurlan 1-son oilaviy poliklinika',
      type: 'family-polyclinic',
      level: 'district',
      region: 'UZ-XO',
      district: 'UZ-XO-GRL',
      capitationAdjustments: ['rural'],
      enrolledPopulation: 12000,
    },
    {
      id: 'UZ-XO-GRL-FP2',
      name: 'Bad level',
      type: 'family-polyclinic',
      level: 'national',
      region: 'UZ-XO',
      district: 'UZ-XO-GRL',
      capitationAdjustments: [],
      enrolledPopulation: 0,
    },
  ],
  licences: [
    {
      licenceId: 'TM-00001',
      facilityId: 'UZ-XO-GRL-DH',
      mode: 'video',
      validFrom: '2025-01-01',
      validTo: '2027-12-31',
    },
    {
      licenceId: 'TM-00002',
      facilityId: 'UZ-XO-GRL-FP1',
      mode: 'store-forward',
      validFrom: '2025-06-01',
      validTo: '2025-05-31',
    },
    { licenceId: 'TM-00003', facilityId: 'UZ-XO-NOPE', mode: 'video', validFrom: '2025-01-01', validTo: '2026-12-31' },
  ],
};

describe('registry imports', () => {
  let db: TestDatabase;
  const count = async (sql: string, params: unknown[] = []) => Number((await db.dataSource.query(sql, params))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('imports a district.json: region, district, the regional district, facilities and licences', async () => {
    const bytes = Buffer.from(JSON.stringify(DISTRICT_JSON));
    const r = await importDistrictFile(db.dataSource, bytes, 'district.json', ADMIN, { pilotStartDate: '2026-01-01' });
    expect([r.received, r.rejected]).toEqual([7, 3]);
    expect([r.regions, r.districts, r.facilities, r.licences]).toEqual([
      { inserted: 1, updated: 0, unchanged: 0 },
      { inserted: 2, updated: 0, unchanged: 0 },
      { inserted: 3, updated: 0, unchanged: 0 },
      { inserted: 1, updated: 0, unchanged: 0 },
    ]);
    expect(r.errors.map((e) => [e.path, e.field, e.code, e.message])).toEqual([
      ['$.facilities[3].level', 'level', 'ENUM', 'level must be one of district, regional, republican'],
      ['$.licences[1].validTo', 'validTo', 'RANGE', 'validTo is before validFrom'],
      [
        '$.licences[2].facilityId',
        'facilityId',
        'FACILITY_UNKNOWN',
        'facility UZ-XO-NOPE is neither in the file nor in the registry',
      ],
    ]);
    expect(r.errorCounts).toEqual({ ENUM: 1, RANGE: 1, FACILITY_UNKNOWN: 1 });
    expect(
      await db.dataSource.query(
        `SELECT id, type, level, district_code, management_coefficient, capitation_adjustments, pilot_start_date FROM facilities ORDER BY id`,
      ),
    ).toEqual([
      {
        id: 'UZ-XO-GRL-DH',
        type: 'hospital',
        level: 'district',
        district_code: 'UZ-XO-GRL',
        management_coefficient: '1.0500',
        capitation_adjustments: [],
        pilot_start_date: '2026-01-01',
      },
      {
        id: 'UZ-XO-GRL-FP1',
        type: 'primary-care',
        level: 'district',
        district_code: 'UZ-XO-GRL',
        management_coefficient: null,
        capitation_adjustments: ['rural'],
        pilot_start_date: '2026-01-01',
      },
      {
        id: 'UZ-XO-RH',
        type: 'hospital',
        level: 'regional',
        district_code: 'UZ-XO-RGN',
        management_coefficient: null,
        capitation_adjustments: [],
        pilot_start_date: null,
      },
    ]);
    expect(await db.dataSource.query(`SELECT code, region_code, name_en FROM districts ORDER BY code`)).toEqual([
      { code: 'UZ-XO-GRL', region_code: 'UZ-XO', name_en: 'Gurlan' },
      { code: 'UZ-XO-RGN', region_code: 'UZ-XO', name_en: 'Xorazm (regional and republican facilities)' },
    ]);

    // Again, unchanged: nothing is written (and the pilot date stays although not given this time).
    const again = await importDistrictFile(db.dataSource, bytes, 'district.json', ADMIN);
    expect([again.regions, again.districts, again.facilities, again.licences]).toEqual([
      { inserted: 0, updated: 0, unchanged: 1 },
      { inserted: 0, updated: 0, unchanged: 2 },
      { inserted: 0, updated: 0, unchanged: 3 },
      { inserted: 0, updated: 0, unchanged: 1 },
    ]);
    expect(await count(`SELECT count(*) AS n FROM facilities WHERE pilot_start_date = '2026-01-01'`)).toBe(2);
  });

  it("imports the generator's district.json as it is", async () => {
    const month = '2026-03';
    const district = generateDistrict(7, { month, adjustmentCodes: adjustmentCodesOf([]) });
    const r = await importDistrictFile(db.dataSource, Buffer.from(JSON.stringify(district)), 'district.json', ADMIN);
    expect(r.rejected).toBe(0);
    expect(r.facilities?.inserted).toBe(district.facilities.length);
    expect(r.licences?.inserted).toBe(district.licences.length);
  });

  it('imports a facilities CSV, creating a district named in it, with per-row errors', async () => {
    const csv = [
      'id,name,level,type,district_code,management_coefficient,capitation_adjustments,pilot_start_date,active,region_code,region_name,district_name',
      'F-C1,Hospital one,district,hospital,UZ-XO-XNQ,1.1,,2026-02-01,true,UZ-XO,,Xonqa',
      'F-C2,Point two,district,primary-care,UZ-XO-XNQ,,rural;sparse,,,,,',
      'F-C3,Nowhere,district,hospital,UZ-ZZ-ZZZ,,,,,,,',
      'F-C4,Bad coefficient,district,hospital,UZ-XO-XNQ,1.00001,,,,,,',
      'F-C2,Point two again,district,primary-care,UZ-XO-XNQ,,,,,,,',
    ].join('\n');
    const r = await importFacilitiesCsv(db.dataSource, Buffer.from(csv), 'facilities.csv', ADMIN);
    expect(r.errors.map((e) => [e.line, e.field, e.code, e.message])).toEqual([
      [3, 'id', 'DUPLICATE', 'facility F-C2 appears 2 times in this file (lines 3, 6)'],
      [
        4,
        'district_code',
        'UNKNOWN_DISTRICT',
        'district UZ-ZZ-ZZZ is not in the registry (add district_name and region_code to create it)',
      ],
      [
        5,
        'management_coefficient',
        'FORMAT',
        'management_coefficient must be a decimal such as 1.05 (at most 4 decimals)',
      ],
      [6, 'id', 'DUPLICATE', 'facility F-C2 appears 2 times in this file (lines 3, 6)'],
    ]);
    expect([r.received, r.rejected, r.facilities?.inserted, r.districts?.inserted]).toEqual([5, 4, 1, 1]);
    expect(
      await db.dataSource.query(
        `SELECT id, district_code, management_coefficient FROM facilities WHERE id LIKE 'F-C%'`,
      ),
    ).toEqual([{ id: 'F-C1', district_code: 'UZ-XO-XNQ', management_coefficient: '1.1000' }]);
  });

  it('imports licences, updating a changed one and refusing bad rows', async () => {
    const header = 'facility_id,kind,telemedicine_mode,number,category,issued_by,valid_from,valid_to';
    const first = [
      header,
      'UZ-XO-GRL-DH,telemedicine,mobile-health,TM-9,,,2026-01-01,2026-12-31',
      'UZ-XO-GRL-DH,accreditation,,AC-1,first,Ministry of Health,2025-01-01,',
      'UZ-XO-GRL-DH,telemedicine,,TM-10,,,2026-01-01,',
      'UZ-XO-NOPE,licence,,L-1,,,2026-01-01,',
    ].join('\n');
    const r = await importLicencesCsv(db.dataSource, Buffer.from(first), 'licences.csv', ADMIN);
    expect(r.errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [4, 'telemedicine_mode', 'REQUIRED'],
      [5, 'facility_id', 'FACILITY_UNKNOWN'],
    ]);
    expect(r.licences).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    const second = [
      header,
      'UZ-XO-GRL-DH,telemedicine,mobile-health,TM-9,,,2026-01-01,2027-06-30',
      'UZ-XO-GRL-DH,accreditation,,AC-1,first,Ministry of Health,2025-01-01,',
    ].join('\n');
    const again = await importLicencesCsv(db.dataSource, Buffer.from(second), 'licences.csv', ADMIN);
    expect(again.licences).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    expect(await db.dataSource.query(`SELECT valid_to FROM facility_licences WHERE number = 'TM-9'`)).toEqual([
      { valid_to: '2027-06-30' },
    ]);
  });

  it('loads enrolment snapshots with COPY: exact counts, replacing a snapshot, closing the previous one', async () => {
    const header = 'person_id,facility_id,birth_date,sex';
    const march = [
      header,
      'E-1,UZ-XO-GRL-FP1,1990-05-01,F',
      'E-2,UZ-XO-GRL-FP1,2026-02-20,M',
      'E-3,UZ-XO-GRL-FP1,2026-03-02,M',
      'E-4,UZ-XO-NOPE,1980-01-01,F',
      'E-5,UZ-XO-GRL-FP1,1970-01-01,X',
      'E-6,UZ-XO-GRL-FP1,1970-01-01,F',
      'E-6,UZ-XO-GRL-FP1,1970-01-01,F',
      'E-7,UZ-XO-GRL-FP1,1950-07-07,M',
    ].join('\n');
    const r = await importEnrolmentCsv(db.dataSource, Buffer.from(march), 'enrolment.csv', ADMIN, {
      snapshotDate: '2026-03-01',
    });
    expect(r.errors.map((e) => [e.line, e.field, e.code, e.message])).toEqual([
      [4, 'birth_date', 'RANGE', 'birth_date is after the snapshot date 2026-03-01'],
      [5, 'facility_id', 'FACILITY_UNKNOWN', 'facility UZ-XO-NOPE is not in the facility registry'],
      [6, 'sex', 'ENUM', 'sex must be one of M, F, U'],
      [7, 'person_id', 'DUPLICATE', 'person E-6 appears 2 times in this file (lines 7, 8)'],
      [8, 'person_id', 'DUPLICATE', 'person E-6 appears 2 times in this file (lines 7, 8)'],
    ]);
    expect([r.received, r.enrolled, r.replaced, r.closed, r.rejected, r.facilities]).toEqual([8, 3, 0, 0, 5, 1]);

    const again = await importEnrolmentCsv(db.dataSource, Buffer.from(march), 'enrolment.csv', ADMIN, {
      snapshotDate: '2026-03-01',
    });
    expect([again.enrolled, again.replaced, again.closed]).toEqual([3, 3, 0]);

    const april = [header, 'E-1,UZ-XO-GRL-FP1,1990-05-01,F', 'E-8,UZ-XO-GRL-FP1,2026-03-30,F'].join('\n');
    const next = await importEnrolmentCsv(db.dataSource, Buffer.from(april), 'enrolment.csv', ADMIN, {
      snapshotDate: '2026-04-01',
    });
    expect([next.enrolled, next.replaced, next.closed]).toEqual([2, 0, 3]);
    const enrolledOn = (day: string) =>
      count(
        `SELECT count(*) AS n FROM enrolments WHERE enrolled_from <= $1::date AND (enrolled_to IS NULL OR enrolled_to >= $1::date)`,
        [day],
      );
    expect([await enrolledOn('2026-03-15'), await enrolledOn('2026-04-15')]).toEqual([3, 2]);

    await expect(
      importEnrolmentCsv(db.dataSource, Buffer.from(march), 'enrolment.csv', ADMIN, { snapshotDate: '2026-02-01' }),
    ).rejects.toThrow(
      'facility UZ-XO-GRL-FP1 has a snapshot of 2026-04-01, later than 2026-02-01: import snapshots in date order',
    );
    expect(await enrolledOn('2026-04-15')).toBe(2);
  });

  it("loads the generator's enrolment register in full", async () => {
    const district = generateDistrict(7, { month: '2026-03', adjustmentCodes: adjustmentCodesOf([]) });
    const people = [...enrolment(7, { district, snapshotDate: '2026-03-01', scale: 0.02 })];
    const csv = [
      'person_id,facility_id,birth_date,sex',
      ...people.map((p) => `${p.personId},${p.facilityId},${p.birthDate},${p.sex}`),
    ].join('\n');
    const r = await importEnrolmentCsv(db.dataSource, Buffer.from(csv), 'enrolment.csv', ADMIN, {
      snapshotDate: '2026-03-01',
    });
    expect([r.received, r.enrolled, r.rejected]).toEqual([people.length, people.length, 0]);
    expect(people.length).toBeGreaterThan(1000);
  });

  it('stores a tariff book directory as a draft, recognises it again, publishes it and refuses to change it', async () => {
    const dir = join(__dirname, '../../fixtures/books/UZ-KZG-SAMPLE');
    const created = await importTariffBookDir(db.dataSource, dir, ADMIN);
    expect(created).toMatchObject({
      code: 'UZ-KZG-SAMPLE',
      version: '2026.1',
      status: 'draft',
      outcome: 'created',
      contentHash: null,
    });
    const again = await importTariffBookDir(db.dataSource, dir, ADMIN, { publish: true });
    expect(again).toMatchObject({
      bookId: created.bookId,
      status: 'published',
      outcome: 'unchanged',
      files: created.files,
    });
    expect(again.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await count(`SELECT count(*) AS n FROM tariff_book_files WHERE book_id = $1`, [created.bookId])).toBe(
      created.files,
    );

    const copy = await mkdtemp(join(tmpdir(), 'hisob-book-'));
    try {
      await cp(dir, copy, { recursive: true });
      const groups = join(copy, 'groups.csv');
      await writeFile(groups, (await readFile(groups, 'utf8')) + '\n');
      await expect(importTariffBookDir(db.dataSource, copy, ADMIN)).rejects.toThrow(
        'tariff book UZ-KZG-SAMPLE 2026.1 is published and differs from',
      );
      await writeFile(join(copy, 'manifest.json'), '{ "code": "X" ');
      await expect(importTariffBookDir(db.dataSource, copy, ADMIN)).rejects.toThrow(TariffBookError);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
    expect(await retireTariffBook(db.dataSource, 'UZ-KZG-SAMPLE', '2026.1', ADMIN)).toBe('retired');
  });
});
