import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';

/**
 * Opens the embedded database: `dataDir` on disk (created if missing), or in memory without it;
 * `loadDataDir` seeds a new cluster from a dumpDataDir() tarball.
 * It is driven through node-postgres (PGlite's own pg adapter), so TypeORM runs its normal
 * postgres driver with the same parsers and error objects as on a real server.
 */
export function openPglite(dataDir?: string, loadDataDir?: Blob): PGlite {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  return new PGlite({ dataDir, loadDataDir });
}

/**
 * node-postgres pool options for a PGlite instance. PGlite is one backend session, so the pool
 * holds exactly one client: a transaction owns the session until it ends and other work waits
 * (instead of interleaving into it). Waiting longer than `acquireTimeoutMs` fails with "timeout
 * exceeded when trying to connect" — usually code that queries through the pool while it holds a
 * transaction of its own, which would deadlock on a single session.
 */
export function pglitePoolOptions(db: PGlite, acquireTimeoutMs = 120000): Record<string, unknown> {
  return {
    ...createPgConfig(db),
    max: 1,
    // An idle client is never closed: closing it would end the one shared connection object.
    idleTimeoutMillis: 0,
    connectionTimeoutMillis: acquireTimeoutMs,
  };
}
