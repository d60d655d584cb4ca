import { MIGRATIONS } from '../../migrations';
import { runMigrations } from '../../src/infra/database/data-source';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const TABLES = [
  'api_tokens',
  'audit_log',
  'case_diagnoses',
  'case_procedures',
  'cases',
  'districts',
  'enrolments',
  'facilities',
  'facility_contracts',
  'facility_licences',
  'migrations',
  'pricing_results',
  'regions',
  'tariff_book_files',
  'tariff_books',
  'users',
];

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('have all run, in order, on this database', async () => {
    const rows: { name: string }[] = await db.dataSource.query('SELECT name FROM migrations ORDER BY id');
    // TypeORM runs them by the 13-digit timestamp ending the class name, whatever the list order.
    const byTimestamp = MIGRATIONS.map((m) => m.name).sort((x, y) => Number(x.slice(-13)) - Number(y.slice(-13)));
    expect(rows.map((r) => r.name)).toEqual(byTimestamp);
    // The foundation comes first; later issues append their own.
    expect(rows.slice(0, 6).map((r) => r.name)).toEqual([
      'AuditLog1767225600000',
      'ReferenceData1767225600100',
      'TariffBooks1767225600200',
      'EnrolmentRegister1767225600300',
      'UsersAndTokens1767225600400',
      'CasesAndPricing1767225600500',
    ]);
  });

  it('leave nothing pending: running them again does nothing', async () => {
    expect(await runMigrations(db.dataSource)).toEqual([]);
  });

  it('create the foundation tables', async () => {
    const rows: { table_name: string }[] = await db.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(TABLES));
  });

  it('produce the schema the entities describe (TypeORM finds nothing to change)', async () => {
    const pending = await db.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('would be caught drifting from the entities (control for the check above)', async () => {
    // No transaction around this: on PGlite the schema builder needs the single session itself.
    await db.dataSource.query('ALTER TABLE regions ALTER COLUMN name_en DROP NOT NULL');
    await db.dataSource.query('DROP INDEX ix_cases_district_month_id');
    try {
      const pending = await db.dataSource.driver.createSchemaBuilder().log();
      const sql = pending.upQueries.map((q) => q.query).join('\n');
      expect(sql).toContain('"ix_cases_district_month_id"');
      expect(sql).toContain('"name_en"');
    } finally {
      await db.dataSource.query('ALTER TABLE regions ALTER COLUMN name_en SET NOT NULL');
      await db.dataSource.query('CREATE INDEX ix_cases_district_month_id ON cases (district_code, month, id)');
    }
  });

  it('can all be undone and run again', async () => {
    const scratch = await createTestDatabase();
    try {
      for (let i = 0; i < MIGRATIONS.length; i++) await scratch.dataSource.undoLastMigration({ transaction: 'all' });
      const left: { table_name: string }[] = await scratch.dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      expect(left.map((r) => r.table_name)).toEqual(['migrations']);
      const functions: unknown[] = await scratch.dataSource.query(`SELECT 1 FROM pg_proc WHERE proname LIKE 'hisob%'`);
      expect(functions).toEqual([]);
      expect(await runMigrations(scratch.dataSource)).toHaveLength(MIGRATIONS.length);
      expect((await scratch.dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    } finally {
      await scratch.drop();
    }
  });
});
