// Case CSV and JSON intake against a real database (PostgreSQL with DATABASE_URL, else PGlite): exact
// counts, idempotency, superseding, closed months, scope and the one audit entry per import.
import { CaseIntakeService } from '../../src/modules/claims/case-intake.service';
import { caseContentHash } from '../../src/modules/claims/case-import/case-version-row';
import { validateCaseInput } from '../../src/modules/claims/intake/validate-case';
import { SEED, seedReference } from '../support/reference-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ADMIN, caseCsv, caseLine, clerkOf } from './support/intake-fixtures';

interface VersionRow {
  claim_id: string;
  version: number;
  status: string;
  id: string;
  superseded_by: string | null;
  month: string;
  department: string | null;
}

describe('case intake', () => {
  let db: TestDatabase;
  let intake: CaseIntakeService;
  const csv = (...lines: string[]) => Buffer.from(caseCsv(...lines));
  const versions = (prefix: string): Promise<VersionRow[]> =>
    db.dataSource.query(
      `SELECT claim_id, version, status, id::text, superseded_by::text, month, department FROM cases
       WHERE claim_id LIKE $1 ORDER BY claim_id, version`,
      [`${prefix}%`],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedReference(db.dataSource);
    await db.dataSource.query(
      `INSERT INTO districts (code, region_code, name_uz, name_ru, name_en) VALUES ('1703203', $1, 'B', 'B', 'B')`,
      [SEED.region],
    );
    await db.dataSource.query(
      `INSERT INTO facilities (id, name, level, type, district_code, active) VALUES
      ('F-0002', 'Other district hospital', 'district', 'hospital', '1703203', true),
      ('F-0003', 'Closed hospital', 'district', 'hospital', $1, false)`,
      [SEED.district],
    );
    intake = new CaseIntakeService(db.dataSource);
  });
  afterAll(() => db?.drop());

  it('stores a good file with exact counts, values and one audit entry', async () => {
    const file = csv(
      caseLine({ claim_id: 'A-1' }),
      caseLine({
        claim_id: 'A-2',
        admission_type: 'planned',
        referral_id: 'R-17',
        care_setting: 'day-care',
        secondary_dx: '',
        procedures: '',
      }),
      caseLine({
        claim_id: 'A-3',
        birth_date: '2026-02-25',
        birth_weight_g: '2419',
        flags: 'companion',
        discharge_at: '2026-04-01 08:00',
      }),
    );
    const r = await intake.importCasesCsv(file, 'cases.csv', ADMIN);
    expect(r).toEqual({
      importId: r.importId,
      received: 3,
      inserted: 3,
      superseded: 0,
      unchanged: 0,
      intoLaterMonth: 0,
      rejected: 0,
      errors: [],
      errorsOmitted: 0,
      errorCounts: {},
      seconds: r.seconds,
    });
    const rows = await db.dataSource.query(
      `SELECT claim_id, version, status, district_code, month, service_month, patient_id, birth_date, sex, admission_at,
              discharge_at, admission_type, referral_id, care_setting, birth_weight_grams, department, flags,
              diagnosis_codes, procedure_entries, content_hash, submitted_by
       FROM cases WHERE claim_id LIKE 'A-%' ORDER BY claim_id`,
    );
    expect(rows[0]).toEqual({
      claim_id: 'A-1',
      version: 1,
      status: 'active',
      district_code: SEED.district,
      month: '2026-03',
      service_month: '2026-03',
      patient_id: 'P-77',
      birth_date: '1958-04-12',
      sex: 'F',
      admission_at: '2026-03-02 09:30:00',
      discharge_at: '2026-03-05 11:00:00',
      admission_type: 'emergency',
      referral_id: null,
      care_setting: 'inpatient',
      birth_weight_grams: null,
      department: 'cardiology',
      flags: [],
      diagnosis_codes: ['I219', 'E119', 'I10'],
      procedure_entries: [{ code: 'TR.05.012', date: '2026-03-02' }],
      content_hash: rows[0].content_hash,
      submitted_by: 'admin',
    });
    expect(rows[1]).toMatchObject({
      claim_id: 'A-2',
      referral_id: 'R-17',
      care_setting: 'day-care',
      diagnosis_codes: ['I219'],
      procedure_entries: [],
    });
    expect(rows[2]).toMatchObject({
      claim_id: 'A-3',
      month: '2026-04',
      birth_weight_grams: 2419,
      flags: ['companion'],
      discharge_at: '2026-04-01 08:00:00',
    });

    // The same case sent as JSON has the same content hash: CSV and JSON share one canonical form.
    const json = validateCaseInput({
      facilityId: SEED.facility,
      claimId: 'A-1',
      patientId: 'P-77',
      birthDate: '1958-04-12',
      sex: 'F',
      admissionAt: '2026-03-02T09:30:00',
      dischargeAt: '2026-03-05T11:00',
      admissionType: 'emergency',
      dischargeMode: 'home',
      careSetting: 'inpatient',
      principalDiagnosis: 'I21.9',
      secondaryDiagnoses: ['E11.9', 'I10'],
      procedures: [{ code: 'TR.05.012', date: '2026-03-02' }],
      department: 'cardiology',
    });
    expect(json.ok && caseContentHash(json.value)).toBe(rows[0].content_hash.trim());

    const audit = await db.dataSource.query(
      `SELECT actor, action, entity, after, context FROM audit_log WHERE entity_id = $1`,
      [r.importId],
    );
    expect(audit).toEqual([
      {
        actor: 'admin',
        action: 'cases.import',
        entity: 'case_import',
        after: { received: 3, inserted: 3, superseded: 0, unchanged: 0, intoLaterMonth: 0, rejected: 0 },
        context: { file: 'cases.csv', format: 'csv', errorCounts: {} },
      },
    ]);
  });

  it('treats the same file again as all unchanged, and a changed row as a new version superseding the old one', async () => {
    const lines = [caseLine({ claim_id: 'B-1' }), caseLine({ claim_id: 'B-2' }), caseLine({ claim_id: 'B-3' })];
    expect((await intake.importCasesCsv(csv(...lines), 'b.csv', ADMIN)).inserted).toBe(3);
    const again = await intake.importCasesCsv(csv(...lines), 'b.csv', ADMIN);
    expect([again.received, again.inserted, again.superseded, again.unchanged, again.rejected]).toEqual([
      3, 0, 0, 3, 0,
    ]);
    expect(await versions('B-')).toHaveLength(3);

    lines[1] = caseLine({ claim_id: 'B-2', department: 'surgery' });
    const changed = await intake.importCasesCsv(csv(...lines), 'b.csv', ADMIN);
    expect([changed.received, changed.inserted, changed.superseded, changed.unchanged, changed.rejected]).toEqual([
      3, 0, 1, 2, 0,
    ]);
    const b2 = (await versions('B-2')).map(({ id: _id, superseded_by, ...v }) => ({ ...v, linked: superseded_by }));
    const [v1, v2] = await versions('B-2');
    expect(b2).toEqual([
      { claim_id: 'B-2', version: 1, status: 'superseded', month: '2026-03', department: 'cardiology', linked: v2.id },
      { claim_id: 'B-2', version: 2, status: 'active', month: '2026-03', department: 'surgery', linked: null },
    ]);
    expect(v1.superseded_by).toBe(v2.id);

    // A resubmission of the current version through JSON is unchanged as well.
    const json = await intake.ingestRecords(
      [
        {
          facilityId: SEED.facility,
          claimId: 'B-2',
          patientId: 'P-77',
          birthDate: '1958-04-12',
          sex: 'F',
          admissionAt: '2026-03-02T09:30',
          dischargeAt: '2026-03-05T11:00',
          admissionType: 'emergency',
          dischargeMode: 'home',
          careSetting: 'inpatient',
          principalDiagnosis: 'I21.9',
          secondaryDiagnoses: ['E11.9', 'I10'],
          procedures: [{ code: 'TR.05.012', date: '2026-03-02' }],
          department: 'surgery',
        },
      ],
      ADMIN,
      { outcomes: true },
    );
    expect(json.outcomes).toEqual([{ index: 0, status: 'unchanged', caseId: v2.id, version: 2, month: '2026-03' }]);
  });

  it('never writes into a closed month: late claims and changes go to the next open month, a settled claim’s change as its adjustment', async () => {
    await intake.importCasesCsv(
      csv(
        caseLine({
          claim_id: 'M-1',
          admission_at: '2026-01-10T10:00',
          discharge_at: '2026-01-20T10:00',
          procedures: '',
        }),
        caseLine({
          claim_id: 'M-2',
          admission_at: '2026-01-10T10:00',
          discharge_at: '2026-01-20T10:00',
          procedures: '',
        }),
        caseLine({ claim_id: 'M-3' }),
      ),
      'm.csv',
      ADMIN,
    );
    await db.dataSource.query(
      `UPDATE settlement_months SET status = 'closed', closed_at = now(), closed_by = 'officer' WHERE district_code = $1 AND month = '2026-01'`,
      [SEED.district],
    );
    const r = await intake.importCasesCsv(
      csv(
        caseLine({
          claim_id: 'M-1',
          admission_at: '2026-01-10T10:00',
          discharge_at: '2026-01-20T10:00',
          procedures: '',
        }),
        caseLine({
          claim_id: 'M-2',
          admission_at: '2026-01-10T10:00',
          discharge_at: '2026-01-20T10:00',
          procedures: '',
          sex: 'M',
        }),
        caseLine({
          claim_id: 'M-3',
          admission_at: '2026-01-10T10:00',
          discharge_at: '2026-01-21T10:00',
          procedures: '',
        }),
        caseLine({
          claim_id: 'M-4',
          admission_at: '2026-01-10T10:00',
          discharge_at: '2026-01-22T10:00',
          procedures: '',
        }),
        caseLine({ claim_id: 'M-5' }),
      ),
      'm.csv',
      ADMIN,
    );
    // M-1 unchanged; M-2 (settled in closed January, changed) is adjusted in February, the first open
    // month; M-3 (a March claim moved back into January) stays paid in March; M-4 (a late January
    // claim) is filed in February; M-5 is new in March.
    expect([r.received, r.inserted, r.superseded, r.unchanged, r.rejected]).toEqual([5, 2, 2, 1, 0]);
    expect([r.intoLaterMonth, r.errors, r.errorCounts]).toEqual([3, [], {}]);
    const rows: {
      claim_id: string;
      version: number;
      status: string;
      month: string;
      service_month: string;
      adjusts: number | null;
    }[] = await db.dataSource.query(
      `SELECT c.claim_id, c.version, c.status, c.month, c.service_month, a.version AS adjusts
           FROM cases c LEFT JOIN cases a ON a.id = c.adjustment_of
          WHERE c.claim_id LIKE 'M-%' ORDER BY c.claim_id, c.version`,
    );
    expect(rows.map((v) => [v.claim_id, v.version, v.status, v.month, v.service_month, v.adjusts])).toEqual([
      ['M-1', 1, 'active', '2026-01', '2026-01', null],
      ['M-2', 1, 'superseded', '2026-01', '2026-01', null],
      ['M-2', 2, 'active', '2026-02', '2026-01', 1],
      ['M-3', 1, 'superseded', '2026-03', '2026-03', null],
      ['M-3', 2, 'active', '2026-03', '2026-01', null],
      ['M-4', 1, 'active', '2026-02', '2026-01', null],
      ['M-5', 1, 'active', '2026-03', '2026-03', null],
    ]);
    // February closed too: the next late claim goes to March.
    await db.dataSource.query(
      `UPDATE settlement_months SET status = 'closed', closed_at = now(), closed_by = 'officer' WHERE district_code = $1 AND month = '2026-02'`,
      [SEED.district],
    );
    const late = await intake.importCasesCsv(
      csv(
        caseLine({
          claim_id: 'M-6',
          admission_at: '2026-01-10T10:00',
          discharge_at: '2026-01-23T10:00',
          procedures: '',
        }),
      ),
      'm6.csv',
      ADMIN,
    );
    expect([late.inserted, late.intoLaterMonth, late.rejected]).toEqual([1, 1, 0]);
    expect(await db.dataSource.query(`SELECT month, service_month FROM cases WHERE claim_id = 'M-6'`)).toEqual([
      { month: '2026-03', service_month: '2026-01' },
    ]);
  });

  it('refuses unknown, inactive and out-of-scope facilities per row', async () => {
    const r = await intake.importCasesCsv(
      csv(
        caseLine({ claim_id: 'S-1' }),
        caseLine({ claim_id: 'S-2', facility_id: 'F-0002' }),
        caseLine({ claim_id: 'S-3', facility_id: 'F-9999' }),
        caseLine({ claim_id: 'S-4', facility_id: 'F-0003' }),
      ),
      's.csv',
      clerkOf(SEED.facility),
    );
    expect([r.received, r.inserted, r.rejected]).toEqual([4, 1, 3]);
    expect(r.errors.map((e) => [e.line, e.field, e.code, e.message])).toEqual([
      [3, 'facility_id', 'OUT_OF_SCOPE', 'facility F-0002 (district 1703203) is outside your scope'],
      [4, 'facility_id', 'FACILITY_UNKNOWN', 'facility F-9999 is not in the facility registry'],
      [5, 'facility_id', 'FACILITY_INACTIVE', 'facility F-0003 is inactive and cannot file cases'],
    ]);
    expect((await versions('S-')).map((v) => v.claim_id)).toEqual(['S-1']);
  });

  it('refuses every occurrence of a claim repeated in one file, also across write segments', async () => {
    await intake.importCasesCsv(csv(caseLine({ claim_id: 'D-0' })), 'd.csv', ADMIN);
    const r = await intake.importCasesCsv(
      csv(
        caseLine({ claim_id: 'D-1' }),
        caseLine({ claim_id: 'D-2' }),
        caseLine({ claim_id: 'D-0', department: 'x' }),
        caseLine({ claim_id: 'D-3' }),
        caseLine({ claim_id: 'D-1', department: 'y' }),
        caseLine({ claim_id: 'D-0', department: 'z' }),
      ),
      'd.csv',
      ADMIN,
      { segmentRows: 2 },
    );
    expect([r.received, r.inserted, r.superseded, r.unchanged, r.rejected]).toEqual([6, 2, 0, 0, 4]);
    const f = SEED.facility;
    expect(r.errors.map((e) => [e.line, e.field, e.code, e.message])).toEqual([
      [2, 'claim_id', 'DUPLICATE', `claim D-1 of facility ${f} appears 2 times in this file (d.csv:2, d.csv:6)`],
      [4, 'claim_id', 'DUPLICATE', `claim D-0 of facility ${f} appears 2 times in this file (d.csv:4, d.csv:7)`],
      [6, 'claim_id', 'DUPLICATE', `claim D-1 of facility ${f} appears 2 times in this file (d.csv:2, d.csv:6)`],
      [7, 'claim_id', 'DUPLICATE', `claim D-0 of facility ${f} appears 2 times in this file (d.csv:4, d.csv:7)`],
    ]);
    expect((await versions('D-')).map((v) => [v.claim_id, v.version, v.status, v.department])).toEqual([
      ['D-0', 1, 'active', 'cardiology'],
      ['D-2', 1, 'active', 'cardiology'],
      ['D-3', 1, 'active', 'cardiology'],
    ]);
  });

  it('ingests JSON records with per-record outcomes and JSON paths', async () => {
    const good = {
      facilityId: SEED.facility,
      claimId: 'J-1',
      patientId: 'P-1',
      birthDate: '1990-01-01',
      sex: 'M',
      admissionAt: '2026-03-01T08:00',
      dischargeAt: '2026-03-03T08:00',
      admissionType: 'emergency',
      dischargeMode: 'home',
      careSetting: 'inpatient',
      principalDiagnosis: 'J18.9',
    };
    const r = await intake.ingestRecords([good, { ...good, claimId: 'J-2', sex: 'X' }], ADMIN, {
      paths: ['$[0]', '$[1]'],
      lines: [2, 15],
      outcomes: true,
    });
    expect([r.received, r.inserted, r.rejected]).toEqual([2, 1, 1]);
    const [stored] = await versions('J-1');
    const sexError = {
      file: 'request',
      line: 15,
      path: '$[1].sex',
      field: 'sex',
      code: 'ENUM',
      message: 'sex must be one of M, F, U',
    };
    expect(r.errors).toEqual([sexError]);
    expect(r.outcomes).toEqual([
      { index: 0, status: 'inserted', caseId: stored.id, version: 1, month: '2026-03' },
      { index: 1, status: 'rejected', errors: [sexError] },
    ]);
  });
});
