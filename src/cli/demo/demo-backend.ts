// Where the demo keeps its data and runs its jobs. By default nothing needs installing: a fresh
// embedded PGlite cluster in `<out>/db` and the inline job driver in this process. DATABASE_URL and
// REDIS_URL are honoured when set: the demo then uses that PostgreSQL and BullMQ on that Redis, and
// serves the settlement queue from this same process (any other worker on the prefix helps).
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ConfigError, loadAppConfig, redactUrl } from '../../infra/config/app-config';
import { openDataSource, type HisobDataSource } from '../../infra/database/data-source';
import { databaseConfigFrom } from '../../infra/database/database-config';
import { createJobDriver, JobConfigError, readJobConfig, type JobDriver } from '../../jobs';
import { UserError } from '../errors';

type Env = Readonly<Record<string, string | undefined>>;

export interface DemoBackend {
  dataSource: HisobDataSource;
  driver: JobDriver;
  /** One line each for the database and the job driver, for the demo's header. */
  description: string[];
  /** True for the embedded PGlite database (its folder is `<dataDir>/pglite`). */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Opens (and migrates) the demo database and creates the job driver. The embedded database lives
 * where the app keeps it under a data folder (`<dataDir>/pglite`, wiped first), so the other commands
 * reach it with HISOB_DATA_DIR=<dataDir>.
 */
export async function openDemoBackend(dataDir: string, env: Env): Promise<DemoBackend> {
  let config;
  let jobs;
  try {
    config = loadAppConfig({ ...env, HISOB_DATA_DIR: dataDir });
    jobs = readJobConfig({ ...env });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof JobConfigError) throw new UserError(error.message);
    throw error;
  }
  const dbConfig = databaseConfigFrom(config);
  if (dbConfig.kind === 'pglite') await wipePgliteDir(dbConfig.dataDir as string);
  const dataSource = await openDataSource(dbConfig);
  const description = [
    dbConfig.kind === 'postgres'
      ? `database  PostgreSQL ${redactUrl(dbConfig.url)} (DATABASE_URL)`
      : `database  embedded PGlite, fresh, in ${shown(dbConfig.dataDir as string)}`,
  ];
  let driver: JobDriver;
  try {
    driver = createJobDriver(jobs);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  description.push(
    jobs.redisUrl
      ? `jobs      BullMQ on ${redactUrl(jobs.redisUrl)} (prefix ${jobs.prefix}), served by this process`
      : 'jobs      inline driver (in this process)',
  );
  return {
    dataSource,
    driver,
    description,
    embedded: dbConfig.kind === 'pglite',
    async close() {
      try {
        await driver.close();
      } finally {
        await dataSource.destroy();
      }
    },
  };
}

/**
 * Removes the demo's PGlite folder so every run starts from the same empty database. Only a folder
 * that is empty or holds a PostgreSQL cluster (PG_VERSION) is removed: a mistyped --out must never
 * delete someone's files.
 */
async function wipePgliteDir(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  const entries = await readdir(dir).catch(() => undefined);
  if (entries === undefined) throw new UserError(`${dir} exists and is not a folder: move it or choose another --out`);
  if (entries.length > 0 && !existsSync(join(dir, 'PG_VERSION'))) {
    throw new UserError(`${dir} holds files that are not a demo database: move them or choose another --out`);
  }
  await rm(dir, { recursive: true, force: true });
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
