import { MIGRATIONS } from '../../migrations';
import { RegionEntity } from '../../src/modules/reference/entities/region.entity';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const region = (code: string) => ({ code, nameUz: code, nameRu: code, nameEn: code });

describe('test databases', () => {
  let a: TestDatabase;
  let b: TestDatabase;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([a?.drop(), b?.drop()]);
  });

  it('are separate databases: a row written in one is not in the other', async () => {
    await a.dataSource.getRepository(RegionEntity).insert(region('A-only'));
    await b.dataSource.getRepository(RegionEntity).insert(region('B-only'));
    const codes = async (db: TestDatabase) =>
      (await db.dataSource.getRepository(RegionEntity).find({ order: { code: 'ASC' } })).map((r) => r.code);
    expect(await codes(a)).toEqual(['A-only']);
    expect(await codes(b)).toEqual(['B-only']);
    // PostgreSQL: two databases with their own URLs; PGlite: two in-memory instances, no URL.
    expect([a.url === undefined, b.url === undefined]).toEqual(
      process.env.DATABASE_URL ? [false, false] : [true, true],
    );
    expect(a.url === undefined || a.url !== b.url).toBe(true);
  });

  it('start migrated and empty', async () => {
    const fresh = await createTestDatabase();
    try {
      expect(await fresh.dataSource.getRepository(RegionEntity).count()).toBe(0);
      expect((await fresh.dataSource.query('SELECT count(*)::int AS n FROM migrations'))[0].n).toBe(MIGRATIONS.length);
    } finally {
      await fresh.drop();
    }
  });

  it('keep concurrent transactions apart (PGlite runs them one after the other on its one session)', async () => {
    const failing = a.dataSource
      .transaction(async (manager) => {
        await manager.getRepository(RegionEntity).insert(region('T1'));
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('T1 rolls back');
      })
      .catch((error: Error) => error.message);
    const committing = a.dataSource.transaction((manager) => manager.getRepository(RegionEntity).insert(region('T2')));
    expect(await failing).toBe('T1 rolls back');
    await committing;
    const codes = (await a.dataSource.getRepository(RegionEntity).findBy({})).map((r) => r.code).sort();
    expect(codes).toEqual(['A-only', 'T2']);
  });

  it('are gone after drop()', async () => {
    const doomed = await createTestDatabase();
    await doomed.drop();
    expect(doomed.dataSource.isInitialized).toBe(false);
    if (doomed.url !== undefined) {
      const name = new URL(doomed.url).pathname.slice(1);
      const rows = await a.dataSource.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      expect(rows).toEqual([]);
    } else {
      expect(doomed.dataSource.pglite?.closed).toBe(true);
    }
  });
});
