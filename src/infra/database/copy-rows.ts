import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PglitePgConnection } from '@electric-sql/pglite/node-postgres';
import DecimalJs from 'decimal.js';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { QueryRunner } from 'typeorm';
import { HisobDataSource } from './data-source';

/** A cell: text, a decimal (written with toFixed(), never through a float), or NULL. */
export type CopyValue = string | DecimalJs | null | undefined;
export type CopyRow = readonly CopyValue[];
export type CopyRows = AsyncIterable<CopyRow> | Iterable<CopyRow>;

export interface CopyOptions {
  /** PGlite path: rows per COPY statement (one in-memory blob each). Default 10,000. */
  batchRows?: number;
}

/** A row that cannot be copied; nothing of the load is kept. */
export class CopyRowError extends Error {
  readonly code = 'COPY_ROW_INVALID';
  constructor(
    /** 1-based position in the input. */
    readonly row: number,
    message: string,
  ) {
    super(`row ${row}: ${message}`);
    this.name = 'CopyRowError';
  }
}

const CHUNK_CHARS = 64 * 1024;

/**
 * Bulk-loads rows into `table` with COPY … FROM STDIN (CSV) and returns the number of rows loaded.
 * All or nothing: a bad row or a constraint violation loads none of them.
 *
 * PostgreSQL: the rows are streamed through pg-copy-streams with backpressure, so memory stays flat
 * however many rows come. PGlite (whose pg adapter cannot stream COPY): batches of rows go in as
 * `COPY … FROM '/dev/blob'`, inside the runner's transaction or one opened for the load.
 *
 * `target` is a TypeORM QueryRunner (it keeps its connection, and any open transaction), or a
 * node-postgres client connected to a PostgreSQL server.
 */
export async function copyRowsIn(
  target: QueryRunner | ClientBase,
  table: string,
  columns: readonly string[],
  rows: CopyRows,
  options: CopyOptions = {},
): Promise<number> {
  if (columns.length === 0) throw new Error('copyRowsIn: no columns');
  const sql = `COPY ${quoteTableName(table)} (${columns.map(quoteIdentifier).join(', ')}) FROM STDIN WITH (FORMAT csv)`;
  if (!isQueryRunner(target)) return copyThroughStream(target, sql, rows, columns.length);

  const dataSource = target.connection;
  if (dataSource instanceof HisobDataSource && dataSource.kind === 'pglite' && dataSource.pglite) {
    return copyThroughBlobs(
      target,
      dataSource.pglite,
      sql.replace('FROM STDIN', `FROM '/dev/blob'`),
      rows,
      columns.length,
      options,
    );
  }
  const client = (await target.connect()) as ClientBase;
  return copyThroughStream(client, sql, rows, columns.length);
}

async function copyThroughStream(client: ClientBase, sql: string, rows: CopyRows, width: number): Promise<number> {
  // PGlite's pg adapter cannot take a streamed COPY: the attempt aborts the whole embedded database.
  if ((client as unknown as { connection?: unknown }).connection instanceof PglitePgConnection) {
    throw new Error('copyRowsIn: on PGlite pass the TypeORM QueryRunner, not a pg client');
  }
  const stream = client.query(copyFrom(sql));
  try {
    await pipeline(Readable.from(csvChunks(rows, width)), stream);
  } catch (error) {
    await untilReady(client);
    throw error;
  }
  return stream.rowCount;
}

/**
 * A failed COPY reports its error before the server's ReadyForQuery; the client is reusable only
 * after it, so wait for it rather than hand a busy connection back to the caller or the pool.
 */
function untilReady(client: ClientBase): Promise<void> {
  const pgClient = client as ClientBase & { readyForQuery?: boolean };
  if (pgClient.readyForQuery !== false) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      for (const event of ['drain', 'end', 'error'] as const) pgClient.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'end', 'error'] as const) pgClient.on(event, done);
  });
}

interface PgliteLike {
  query(sql: string, params: unknown[], options: { blob: Blob }): Promise<{ affectedRows?: number; rowCount?: number }>;
}

async function copyThroughBlobs(
  runner: QueryRunner,
  pglite: PgliteLike,
  sql: string,
  rows: CopyRows,
  width: number,
  options: CopyOptions,
): Promise<number> {
  const batchRows = options.batchRows ?? 10000;
  // Holding the runner's connection is holding PGlite's only session: nothing else can interleave.
  await runner.connect();
  const ownTransaction = !runner.isTransactionActive;
  if (ownTransaction) await runner.startTransaction();
  try {
    let loaded = 0;
    let batch: string[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const result = await pglite.query(sql, [], { blob: new Blob(batch) });
      loaded += result.rowCount ?? result.affectedRows ?? 0;
      batch = [];
    };
    let count = 0;
    for await (const row of rows) {
      batch.push(csvLine(row, width, ++count));
      if (batch.length >= batchRows) await flush();
    }
    await flush();
    if (ownTransaction) await runner.commitTransaction();
    return loaded;
  } catch (error) {
    if (ownTransaction && runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  }
}

/** CSV text in chunks of about CHUNK_CHARS, pulled by the stream only as fast as it can write. */
export async function* csvChunks(rows: CopyRows, width: number): AsyncGenerator<string> {
  let chunk = '';
  let count = 0;
  for await (const row of rows) {
    chunk += csvLine(row, width, ++count);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * One CSV record. Every value is quoted (so commas, quotes, newlines, a lone `\.` and leading or
 * trailing spaces are data); NULL is the one unquoted empty field. Backslashes need no escaping in CSV.
 */
export function csvLine(row: CopyRow, width: number, rowNumber: number): string {
  if (row.length !== width) throw new CopyRowError(rowNumber, `has ${row.length} values, expected ${width}`);
  let line = '';
  for (let i = 0; i < width; i++) {
    if (i > 0) line += ',';
    const v = row[i];
    if (v === null || v === undefined) continue;
    let s: string;
    if (typeof v === 'string') s = v;
    else if (DecimalJs.isDecimal(v) && v.isFinite()) s = v.toFixed();
    else throw new CopyRowError(rowNumber, `value ${i + 1} is not text, a finite decimal or null`);
    if (s.includes('\u0000')) throw new CopyRowError(rowNumber, `value ${i + 1} contains a NUL character`);
    line += '"' + s.replaceAll('"', '""') + '"';
  }
  return line + '\n';
}

export function quoteIdentifier(name: string): string {
  if (name === '' || name.includes('\u0000')) throw new Error(`invalid SQL identifier: ${JSON.stringify(name)}`);
  return '"' + name.replaceAll('"', '""') + '"';
}

/** `table` or `schema.table`. */
export function quoteTableName(name: string): string {
  return name.split('.').map(quoteIdentifier).join('.');
}

function isQueryRunner(target: QueryRunner | ClientBase): target is QueryRunner {
  return (
    'manager' in target && 'connection' in target && typeof (target as QueryRunner).startTransaction === 'function'
  );
}
