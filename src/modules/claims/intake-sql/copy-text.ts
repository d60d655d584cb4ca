// COPY … FROM STDIN of ready-made text-format lines, for the intake hot path: the rows are built as
// text in one pass (case-version-row.ts), so nothing is converted twice. PostgreSQL gets the text
// streamed with backpressure through pg-copy-streams; PGlite, which cannot stream COPY, gets each
// batch as a `/dev/blob`. Runs inside the runner's open transaction (all or nothing with it).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { QueryRunner } from 'typeorm';
import { quoteIdentifier, quoteTableName } from '../../../infra/database/copy-rows';
import { HisobDataSource } from '../../../infra/database/data-source';

/** Text chunks (strings or UTF-8 buffers), each holding whole lines ending in `\n`; returns the rows loaded. */
export async function copyTextIn(
  runner: QueryRunner,
  table: string,
  columns: readonly string[],
  chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>,
): Promise<number> {
  if (!runner.isTransactionActive) throw new Error('copyTextIn needs an open transaction');
  const target = `${quoteTableName(table)} (${columns.map(quoteIdentifier).join(', ')})`;
  const dataSource = runner.connection;
  if (dataSource instanceof HisobDataSource && dataSource.kind === 'pglite' && dataSource.pglite) {
    // Holding the runner's connection is holding PGlite's only session: the blobs run in its transaction.
    await runner.connect();
    const pglite = dataSource.pglite;
    let loaded = 0;
    for await (const chunk of chunks) {
      if (chunk.length === 0) continue;
      const result = await pglite.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob([chunk]) });
      loaded += result.affectedRows ?? 0;
    }
    return loaded;
  }
  const client = (await runner.connect()) as ClientBase;
  const stream = client.query(copyFrom(`COPY ${target} FROM STDIN`));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
  return stream.rowCount;
}
