// An import is stored whole or not at all: a failure after staging, in the middle of the merge or in
// a later write segment leaves no case, no month row and no success entry behind.
import { CaseIntakeService } from '../../src/modules/claims/case-intake.service';
import { seedReference } from '../support/reference-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ADMIN, caseCsv, caseLine } from './support/intake-fixtures';

describe('case import atomicity', () => {
  let db: TestDatabase;
  let intake: CaseIntakeService;
  const state = async () => ({
    cases: await db.dataSource.query(
      `SELECT claim_id, version, status, department FROM cases ORDER BY claim_id, version`,
    ),
    months: await db.dataSource.query(`SELECT district_code, month FROM settlement_months ORDER BY 1, 2`),
  });
  const lastAudit = async () =>
    (
      await db.dataSource.query(
        `SELECT action, after, context->>'error' AS error FROM audit_log WHERE entity = 'case_import' ORDER BY id DESC LIMIT 1`,
      )
    )[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedReference(db.dataSource);
    intake = new CaseIntakeService(db.dataSource);
    await intake.importCasesCsv(
      Buffer.from(caseCsv(caseLine({ claim_id: 'K-1' }), caseLine({ claim_id: 'K-2' }))),
      'k.csv',
      ADMIN,
    );
  });
  afterAll(() => db?.drop());

  it('leaves nothing when the import is aborted after staging', async () => {
    const before = await state();
    const file = caseCsv(
      caseLine({ claim_id: 'N-1', admission_at: '2026-05-02T09:30', discharge_at: '2026-05-04T10:00', procedures: '' }),
      caseLine({ claim_id: 'K-1', department: 'surgery' }),
    );
    const abort = new Error('stopped by the operator');
    await expect(
      intake.importCasesCsv(Buffer.from(file), 'n.csv', ADMIN, {
        onProgress: (p) => {
          if (p.phase === 'merging') throw abort;
        },
      }),
    ).rejects.toBe(abort);
    expect(await state()).toEqual(before);
    expect(await lastAudit()).toEqual({ action: 'cases.import.failed', after: null, error: 'stopped by the operator' });
  });

  it('leaves nothing when the upload breaks off while earlier segments are being written', async () => {
    const before = await state();
    const lines = caseCsv(...['U-1', 'U-2', 'U-3', 'U-4', 'U-5', 'U-6'].map((c) => caseLine({ claim_id: c }))).split(
      '\n',
    );
    // One chunk per line, so segments of one row are written while the next lines are still read.
    async function* upload() {
      for (const [i, line] of lines.entries()) {
        if (i === 5) throw new Error('connection reset by the client');
        yield Buffer.from(`${line}\n`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await expect(intake.importCasesCsv(upload(), 'u.csv', ADMIN, { segmentRows: 1 })).rejects.toThrow(
      'connection reset by the client',
    );
    expect(await state()).toEqual(before);
  });

  it('leaves nothing when the database fails in the middle of the merge', async () => {
    // Directly written new claims come first; the supersede of K-2 then fails inside the merge.
    await db.dataSource.query(`
      CREATE FUNCTION test_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.claim_id = 'K-2' AND NEW.status = 'superseded' THEN RAISE EXCEPTION 'boom in the merge'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_boom BEFORE UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION test_boom();`);
    try {
      const before = await state();
      const file = caseCsv(
        caseLine({ claim_id: 'N-2' }),
        caseLine({
          claim_id: 'N-3',
          admission_at: '2026-06-02T09:30',
          discharge_at: '2026-06-04T10:00',
          procedures: '',
        }),
        caseLine({ claim_id: 'K-1', department: 'surgery' }),
        caseLine({ claim_id: 'K-2', department: 'surgery' }),
      );
      await expect(intake.importCasesCsv(Buffer.from(file), 'n.csv', ADMIN, { segmentRows: 1 })).rejects.toThrow(
        'boom in the merge',
      );
      expect(await state()).toEqual(before);
    } finally {
      await db.dataSource.query(`DROP TRIGGER test_boom ON cases; DROP FUNCTION test_boom();`);
    }
  });

  it('leaves nothing when a later write segment fails after earlier ones were written', async () => {
    await db.dataSource.query(`
      CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.claim_id = 'N-9' THEN RAISE EXCEPTION 'refused by a test trigger'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_refuse BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION test_refuse();`);
    try {
      const before = await state();
      const lines = ['N-4', 'N-5', 'N-6', 'N-7', 'N-8', 'N-9'].map((c) => caseLine({ claim_id: c }));
      await expect(
        intake.importCasesCsv(Buffer.from(caseCsv(...lines)), 'n.csv', ADMIN, { segmentRows: 2 }),
      ).rejects.toThrow('refused by a test trigger');
      expect(await state()).toEqual(before);
    } finally {
      await db.dataSource.query(`DROP TRIGGER test_refuse ON cases; DROP FUNCTION test_refuse();`);
    }
    // And the same claims go in cleanly once nothing is in the way.
    const lines = ['N-4', 'N-5', 'N-9'].map((c) => caseLine({ claim_id: c }));
    const r = await intake.importCasesCsv(Buffer.from(caseCsv(...lines)), 'n.csv', ADMIN, { segmentRows: 2 });
    expect([r.received, r.inserted, r.rejected]).toEqual([3, 3, 0]);
  });
});
