// A tariff book directory (docs/tariff-book.md) into tariff_books + tariff_book_files, as a draft.
// The whole book is checked by the domain loader first (every problem at once); nothing is stored
// unless it loads. Re-importing the same files is a no-op; a changed draft is replaced; a published
// or retired book never changes (a changed book needs a new version). Publish and retire move a book
// through its lifecycle; the database stamps the content hash on publish.
import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { MANIFEST_FILE, parseTariffBook } from '../../domain/tariff-book';
import { withAuditActor } from '../../infra/database/audit-actor';
import type { HisobDataSource } from '../../infra/database/data-source';
import { readTariffBookFiles } from '../../infra/tariff-book/load-book-dir';
import { auditName, type Actor } from '../auth/actor';
import type { TariffBookStatus } from './entities/tariff-book.entity';

export type TariffBookImportErrorCode = 'BOOK_IMMUTABLE' | 'BOOK_NOT_FOUND' | 'BOOK_STATUS';

export class TariffBookImportError extends Error {
  constructor(
    readonly code: TariffBookImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TariffBookImportError';
  }
}

export interface TariffBookImportResult {
  bookId: string;
  code: string;
  version: string;
  name: string;
  status: TariffBookStatus;
  /** created: a new version; replaced: a draft's files changed; unchanged: the same files again. */
  outcome: 'created' | 'replaced' | 'unchanged';
  files: number;
  /** Set once published. */
  contentHash: string | null;
}

/** Loads, checks and stores a book directory; `publish` also publishes it. Throws TariffBookError when the book is invalid. */
export async function importTariffBookDir(
  dataSource: HisobDataSource,
  dir: string,
  actor: Actor,
  opts: { publish?: boolean } = {},
): Promise<TariffBookImportResult> {
  const files = await readTariffBookFiles(dir);
  const book = parseTariffBook(files);
  const m = book.manifest;
  const manifest = JSON.parse((files.get(MANIFEST_FILE) as string).replace(/^\uFEFF/, '')) as Record<string, unknown>;
  const fileRows = [...files].map(([name, content]) => ({ name, content, sha: sha256(content) }));

  return inTransaction(dataSource, actor, async (runner) => {
    const existing: { id: string; status: TariffBookStatus }[] = await runner.query(
      `SELECT id, status FROM tariff_books WHERE code = $1 AND version = $2 FOR UPDATE`,
      [m.code, m.version],
    );
    let bookId: string;
    let outcome: TariffBookImportResult['outcome'];
    const head = [m.name, m.effectiveFrom, m.effectiveTo ?? null, JSON.stringify(manifest)];
    if (existing.length === 0) {
      const rows: { id: string }[] = await runner.query(
        `INSERT INTO tariff_books (code, version, name, status, effective_from, effective_to, manifest, created_by)
         VALUES ($1, $2, $3, 'draft', $4, $5, $6::jsonb, $7) RETURNING id`,
        [m.code, m.version, ...head, auditName(actor)],
      );
      bookId = rows[0].id;
      await insertFiles(runner, bookId, fileRows);
      outcome = 'created';
    } else {
      bookId = existing[0].id;
      if (await sameBook(runner, bookId, head, fileRows)) {
        outcome = 'unchanged';
      } else if (existing[0].status !== 'draft') {
        throw new TariffBookImportError(
          'BOOK_IMMUTABLE',
          `tariff book ${m.code} ${m.version} is ${existing[0].status} and differs from ${dir}: a changed book needs a new version`,
        );
      } else {
        await runner.query(
          `UPDATE tariff_books SET name = $2, effective_from = $3, effective_to = $4, manifest = $5::jsonb WHERE id = $1`,
          [bookId, ...head],
        );
        await runner.query(`DELETE FROM tariff_book_files WHERE book_id = $1`, [bookId]);
        await insertFiles(runner, bookId, fileRows);
        outcome = 'replaced';
      }
    }
    if (opts.publish) {
      await runner.query(
        `UPDATE tariff_books SET status = 'published', published_by = $2 WHERE id = $1 AND status = 'draft'`,
        [bookId, auditName(actor)],
      );
    }
    const [row]: { status: TariffBookStatus; content_hash: string | null }[] = await runner.query(
      `SELECT status, content_hash FROM tariff_books WHERE id = $1`,
      [bookId],
    );
    return {
      bookId,
      code: m.code,
      version: m.version,
      name: m.name,
      status: row.status,
      outcome,
      files: fileRows.length,
      contentHash: row.content_hash?.trim() ?? null,
    };
  });
}

/** draft → published; the database stamps published_at and the content hash. */
export async function publishTariffBook(
  dataSource: HisobDataSource,
  code: string,
  version: string,
  actor: Actor,
): Promise<TariffBookStatus> {
  return transition(dataSource, code, version, actor, 'draft', `status = 'published', published_by = $3`);
}

/** published → retired: the book stays readable (old months recompute with it) but is no longer used. */
export async function retireTariffBook(
  dataSource: HisobDataSource,
  code: string,
  version: string,
  actor: Actor,
): Promise<TariffBookStatus> {
  return transition(dataSource, code, version, actor, 'published', `status = 'retired', retired_by = $3`);
}

async function transition(
  dataSource: HisobDataSource,
  code: string,
  version: string,
  actor: Actor,
  from: TariffBookStatus,
  set: string,
): Promise<TariffBookStatus> {
  return inTransaction(dataSource, actor, async (runner) => {
    const rows: { status: TariffBookStatus }[] = await runner.query(
      `SELECT status FROM tariff_books WHERE code = $1 AND version = $2 FOR UPDATE`,
      [code, version],
    );
    if (rows.length === 0) throw new TariffBookImportError('BOOK_NOT_FOUND', `no tariff book ${code} ${version}`);
    if (rows[0].status !== from) {
      throw new TariffBookImportError(
        'BOOK_STATUS',
        `tariff book ${code} ${version} is ${rows[0].status}, not ${from}`,
      );
    }
    await runner.query(`UPDATE tariff_books SET ${set} WHERE code = $1 AND version = $2`, [
      code,
      version,
      auditName(actor),
    ]);
    const [after]: { status: TariffBookStatus }[] = await runner.query(
      `SELECT status FROM tariff_books WHERE code = $1 AND version = $2`,
      [code, version],
    );
    return after.status;
  });
}

async function sameBook(
  runner: QueryRunner,
  bookId: string,
  head: unknown[],
  files: { name: string; sha: string }[],
): Promise<boolean> {
  const [same]: { same: boolean }[] = await runner.query(
    `SELECT (name, effective_from, effective_to, manifest) IS NOT DISTINCT FROM ($2, $3::date, $4::date, $5::jsonb) AS same
     FROM tariff_books WHERE id = $1`,
    [bookId, ...head],
  );
  if (!same.same) return false;
  const stored: { file_name: string; sha256: string }[] = await runner.query(
    `SELECT file_name, sha256 FROM tariff_book_files WHERE book_id = $1`,
    [bookId],
  );
  const byName = new Map(stored.map((f) => [f.file_name, f.sha256]));
  return stored.length === files.length && files.every((f) => byName.get(f.name) === f.sha);
}

async function insertFiles(
  runner: QueryRunner,
  bookId: string,
  files: { name: string; content: string; sha: string }[],
) {
  // sha256 is recomputed by the database trigger; sending ours keeps the NOT NULL column honest.
  await runner.query(
    `INSERT INTO tariff_book_files (book_id, file_name, content, sha256)
     SELECT $1, t.name, t.content, t.sha FROM jsonb_to_recordset($2::jsonb) AS t (name text, content text, sha text)`,
    [bookId, JSON.stringify(files)],
  );
}

async function inTransaction<T>(dataSource: HisobDataSource, actor: Actor, work: (runner: QueryRunner) => Promise<T>) {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await withAuditActor(runner, auditName(actor));
    const result = await work(runner);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
