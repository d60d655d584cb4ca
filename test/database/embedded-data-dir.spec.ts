import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../migrations';
import { loadAppConfig } from '../../src/infra/config/app-config';
import { openDataSource } from '../../src/infra/database/data-source';
import { databaseConfigFrom } from '../../src/infra/database/database-config';
import { RegionEntity } from '../../src/modules/reference/entities/region.entity';

// The bare-machine path: no DATABASE_URL, PGlite files under HISOB_DATA_DIR/pglite, kept across runs.
describe('embedded PGlite in the data folder', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hisob-data-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('is migrated on first open and keeps its data when reopened', async () => {
    const config = databaseConfigFrom(loadAppConfig({ HISOB_DATA_DIR: dataDir }, '/'));
    expect(config).toEqual({ kind: 'pglite', dataDir: join(dataDir, 'pglite'), logSql: false });

    const first = await openDataSource(config);
    try {
      await first
        .getRepository(RegionEntity)
        .insert({ code: '1726', nameUz: 'Toshkent', nameRu: 'Ташкент', nameEn: 'Tashkent' });
    } finally {
      await first.destroy();
    }

    const second = await openDataSource(config);
    try {
      const names: { name: string }[] = await second.query('SELECT name FROM migrations');
      expect(names).toHaveLength(MIGRATIONS.length);
      expect((await second.getRepository(RegionEntity).findOneByOrFail({ code: '1726' })).nameRu).toBe('Ташкент');
    } finally {
      await second.destroy();
    }
  }, 120000);
});
