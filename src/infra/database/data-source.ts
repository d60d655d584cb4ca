import type { PGlite } from '@electric-sql/pglite';
import { DataSource, MigrationExecutor, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import type { DatabaseConfig } from './database-config';
import { ENTITIES } from './entities';
import { hisobPgTypes } from './pg-type-parsers';
import { openPglite, pglitePoolOptions } from './pglite';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export type DatabaseKind = 'postgres' | 'pglite';

/**
 * A TypeORM DataSource that knows what it runs on. On PGlite it owns the embedded instance and
 * closes it on destroy(); `pglite` is exposed for the COPY path (see copy-rows.ts).
 */
export class HisobDataSource extends DataSource {
  constructor(
    options: DataSourceOptions,
    readonly kind: DatabaseKind,
    readonly pglite?: PGlite,
  ) {
    super(options);
  }

  override async destroy(): Promise<void> {
    try {
      if (this.isInitialized) await super.destroy();
    } finally {
      if (this.pglite && !this.pglite.closed) {
        // One turn of the event loop first: closing PGlite right after a failed prepared statement,
        // before the driver has finished with that failure, can crash the process.
        await new Promise((r) => setImmediate(r));
        await this.pglite.close();
      }
    }
  }
}

/**
 * Builds the data source (not yet initialised) for PostgreSQL or PGlite. Schema changes only ever
 * come from the migrations: `synchronize` is off, and migrations run through runMigrations().
 */
export function createDataSource(config: DatabaseConfig): HisobDataSource {
  const common = {
    type: 'postgres',
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    // uuid defaults are gen_random_uuid() (built into PostgreSQL 13+); no extension is installed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: config.logSql ? 'all' : false,
    applicationName: 'hisob',
  } as const;
  if (config.kind === 'postgres') {
    const options: DataSourceOptions = {
      ...common,
      url: config.url,
      poolSize: config.poolSize ?? 10,
      extra: { types: hisobPgTypes },
    };
    return new HisobDataSource(options, 'postgres');
  }
  const db = openPglite(config.dataDir, config.loadDataDir);
  const options: DataSourceOptions = {
    ...common,
    poolSize: 1,
    extra: { ...pglitePoolOptions(db, config.acquireTimeoutMs), types: hisobPgTypes },
  };
  return new HisobDataSource(options, 'pglite', db);
}

// Any constant works; it only has to be the same for every Hisob process on one database.
const MIGRATION_LOCK_KEY = '7311020260101';

/**
 * Runs pending migrations in one transaction while holding an advisory lock, so an API and a
 * worker booting together against one PostgreSQL do not both try to migrate. Returns the names
 * of the migrations it ran.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'all';
      const done = await executor.executePendingMigrations();
      return done.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/** createDataSource + initialize + (by default) runMigrations; destroys it again if that fails. */
export async function openDataSource(
  config: DatabaseConfig,
  opts: { migrate?: boolean } = {},
): Promise<HisobDataSource> {
  const dataSource = createDataSource(config);
  try {
    await dataSource.initialize();
    if (opts.migrate ?? true) await runMigrations(dataSource);
    return dataSource;
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}
