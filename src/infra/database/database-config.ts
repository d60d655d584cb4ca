import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';

/** Which database the process talks to: a PostgreSQL server, or PGlite embedded in the process. */
export type DatabaseConfig = PostgresDatabaseConfig | PgliteDatabaseConfig;

export interface PostgresDatabaseConfig {
  kind: 'postgres';
  url: string;
  poolSize?: number;
  logSql?: boolean;
}

export interface PgliteDatabaseConfig {
  kind: 'pglite';
  /** Folder of the PGlite cluster; absent means in memory (tests, throwaway runs). */
  dataDir?: string;
  /** Start a new cluster from this dumpDataDir() tarball (tests clone a migrated template so). */
  loadDataDir?: Blob;
  /** How long work waits for PGlite's single session before failing (default 120 s). */
  acquireTimeoutMs?: number;
  logSql?: boolean;
}

/** DATABASE_URL selects PostgreSQL; without it the embedded PGlite lives in `${dataDir}/pglite`. */
export function databaseConfigFrom(config: AppConfig): DatabaseConfig {
  if (config.databaseUrl !== undefined) {
    return {
      kind: 'postgres',
      url: config.databaseUrl,
      poolSize: config.databasePoolSize,
      logSql: config.databaseLogSql,
    };
  }
  return { kind: 'pglite', dataDir: join(config.dataDir, 'pglite'), logSql: config.databaseLogSql };
}
