// Per-test-file databases. With DATABASE_URL: a fresh PostgreSQL database cloned from a migrated
// template database. Without it: a fresh in-memory PGlite loaded from a migrated template tarball.
// Templates are built once and reused while the migrations stay the same. Either way a test file
// never sees another file's data.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { MIGRATIONS } from '../../migrations';
import { openDataSource, type HisobDataSource } from '../../src/infra/database/data-source';

export interface TestDatabase {
  dataSource: HisobDataSource;
  /** Connection URL of the test database (PostgreSQL only), e.g. for a CLI run in a child process. */
  url?: string;
  /** Closes the data source and drops the database. */
  drop(): Promise<void>;
}

const TEST_DB_PREFIX = 'hisob_test_';
const TEMPLATE_PREFIX = 'hisob_tpl_';
// Serialises template builds and clean-ups across jest workers and concurrent runs.
const TEMPLATE_LOCK_KEY = '7311020260102';
// Test databases left behind by killed runs are dropped once they are this old.
const ORPHAN_AGE_SECONDS = 6 * 3600;

export async function createTestDatabase(): Promise<TestDatabase> {
  const baseUrl = process.env.DATABASE_URL?.trim();
  return baseUrl ? createPostgresTestDatabase(baseUrl) : createPgliteTestDatabase();
}

async function createPgliteTestDatabase(): Promise<TestDatabase> {
  // A fresh PGlite cluster costs an initdb (seconds); loading a dump of a migrated one is faster.
  const loadDataDir = await pgliteTemplate();
  // A short wait for the single session: a test that deadlocks on it fails with a clear message.
  const dataSource = await openDataSource({ kind: 'pglite', loadDataDir, acquireTimeoutMs: 20000 });
  return { dataSource, drop: () => dataSource.destroy() };
}

let pgliteTemplateBlob: Promise<Blob> | undefined;

function pgliteTemplate(): Promise<Blob> {
  pgliteTemplateBlob ??= loadOrBuildPgliteTemplate().catch((error) => {
    pgliteTemplateBlob = undefined;
    throw error;
  });
  return pgliteTemplateBlob;
}

/** The migrated template as a tarball cached in the temp folder, shared by jest workers and runs. */
async function loadOrBuildPgliteTemplate(): Promise<Blob> {
  const dir = join(tmpdir(), 'hisob-test-pglite');
  const file = join(dir, `${migrationsFingerprint()}-${await pgliteVersion()}.tar`);
  const lock = `${file}.lock`;
  await mkdir(dir, { recursive: true });
  for (let waited = 0; ; waited += 200) {
    const cached = await readFile(file).catch(() => undefined);
    if (cached) return new Blob([cached]);
    if (await tryLock(lock)) break;
    if (waited > 180000) throw new Error(`timed out waiting for ${lock} (remove it if no test run is active)`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  try {
    const dataSource = await openDataSource({ kind: 'pglite' });
    try {
      const tarball = await (dataSource.pglite as NonNullable<typeof dataSource.pglite>).dumpDataDir('none');
      const partial = `${file}.${process.pid}.partial`;
      await writeFile(partial, new Uint8Array(await tarball.arrayBuffer()));
      await rename(partial, file);
      // Tarballs of older migration sets are no use any more.
      for (const old of await readdir(dir)) {
        if (old.endsWith('.tar') && join(dir, old) !== file) await rm(join(dir, old), { force: true });
      }
      return tarball;
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** mkdir is atomic: whoever creates the lock folder builds; a lock older than 10 minutes is stale. */
async function tryLock(lock: string): Promise<boolean> {
  try {
    await mkdir(lock);
    return true;
  } catch {
    const age = await stat(lock).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > 600000) await rm(lock, { recursive: true, force: true });
    return false;
  }
}

async function pgliteVersion(): Promise<string> {
  const pkg = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  return (JSON.parse(await readFile(pkg, 'utf8')) as { version: string }).version;
}

async function createPostgresTestDatabase(baseUrl: string): Promise<TestDatabase> {
  const template = await ensureTemplate(baseUrl);
  const name = `${TEST_DB_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(baseUrl, (admin) =>
    retryWhileInUse(() => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`)),
  );
  const url = databaseUrl(baseUrl, name);
  let dataSource: HisobDataSource;
  try {
    // The template is migrated already: this only confirms there is nothing pending.
    dataSource = await openDataSource({ kind: 'postgres', url, poolSize: 4 });
  } catch (error) {
    await withAdmin(baseUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    throw error;
  }
  return {
    dataSource,
    url,
    drop: async () => {
      await dataSource.destroy();
      await withAdmin(baseUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

let templateName: Promise<string> | undefined;

/** Name of the migrated template database, building it first if this set of migrations has none. */
function ensureTemplate(baseUrl: string): Promise<string> {
  templateName ??= buildTemplate(baseUrl).catch((error) => {
    templateName = undefined;
    throw error;
  });
  return templateName;
}

async function buildTemplate(baseUrl: string): Promise<string> {
  const template = `${TEMPLATE_PREFIX}${migrationsFingerprint()}`;
  await withAdmin(baseUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (exists.rowCount === 0) {
        // Built under another name and renamed when complete, so a half-built template is never used.
        const building = `${template}_building`;
        await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${building}`);
        const dataSource = await openDataSource({ kind: 'postgres', url: databaseUrl(baseUrl, building), poolSize: 1 });
        await dataSource.destroy();
        await retryWhileInUse(() => admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`));
      }
      await dropLeftovers(admin, template);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
    }
  });
  return template;
}

/** Templates of older migration sets, and test databases of runs that died before dropping them. */
async function dropLeftovers(admin: pg.Client, currentTemplate: string): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'hisob\\_tpl\\_%' OR datname LIKE 'hisob\\_test\\_%'`,
  );
  const now = Math.floor(Date.now() / 1000);
  for (const { datname } of rows) {
    const created = /^hisob_test_(\d+)_[0-9a-f]+$/.exec(datname);
    const stale = created ? now - Number(created[1]) > ORPHAN_AGE_SECONDS : datname !== currentTemplate;
    if (stale && !datname.endsWith('_building')) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}

/** Changes whenever a migration is added or edited, so an edited migration gets a fresh template. */
function migrationsFingerprint(): string {
  const hash = createHash('sha256');
  for (const migration of MIGRATIONS) hash.update(`${migration.name}\n${migration.toString()}\n`);
  return hash.digest('hex').slice(0, 16);
}

function databaseUrl(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(baseUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: baseUrl, application_name: 'hisob-test-admin' });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * CREATE DATABASE … TEMPLATE and RENAME need the source to have no sessions; a backend whose
 * client just disconnected can take a moment to exit (SQLSTATE 55006 meanwhile).
 */
async function retryWhileInUse<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
