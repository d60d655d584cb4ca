import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { withAuditActor } from '../../infra/database/audit-actor';
import { PgSqlState, sqlStateOf } from '../../infra/database/sql-errors';
import { fetchPage, pageWindow, type Page } from '../../infra/http/pagination';
import { DATA_SOURCE } from '../../infra/nest/tokens';
import type { Actor } from '../auth/actor';
import { SqlParams } from '../auth/sql-params';
import type { TariffBookListQueryDto, TariffBookView } from './dto/tariff-book.dto';
import type { TariffBookStatus } from './entities/tariff-book.entity';
import { ReferenceException, ReferenceExceptionCode } from './reference.exception';

interface BookRow {
  id: string;
  code: string;
  version: string;
  name: string;
  status: TariffBookStatus;
  effective_from: string;
  effective_to: string | null;
  content_hash: string | null;
  created_at: Date;
  created_by: string | null;
  published_at: Date | null;
  published_by: string | null;
  retired_at: Date | null;
  retired_by: string | null;
}

export interface NewBook {
  code: string;
  version: string;
  name: string;
  effectiveFrom: string;
  effectiveTo?: string;
  manifest: Record<string, unknown>;
  files: ReadonlyMap<string, string>;
}

const BOOK_COLUMNS = `b.id, b.code, b.version, b.name, b.status, b.effective_from, b.effective_to, b.content_hash,
  b.created_at, b.created_by, b.published_at, b.published_by, b.retired_at, b.retired_by`;

/**
 * Tariff book versions. Books are national rules, the same for every district, so every role reads
 * them unscoped; only admins change them, and the database keeps published books immutable.
 */
@Injectable()
export class TariffBooksRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async list(q: TariffBookListQueryDto): Promise<Page<TariffBookView>> {
    const p = new SqlParams();
    const where = ['TRUE'];
    if (q.status !== undefined) where.push(`b.status = ${p.add(q.status)}`);
    if (q.code !== undefined) where.push(`b.code = ${p.add(q.code)}`);
    return fetchPage<BookRow, TariffBookView>(
      this.db,
      {
        select: BOOK_COLUMNS,
        from: `tariff_books b WHERE ${where.join(' AND ')}`,
        orderBy: 'b.code, b.effective_from DESC, b.version',
      },
      p.values,
      pageWindow(q),
      bookView,
    );
  }

  async get(code: string, version: string): Promise<TariffBookView & { manifest: Record<string, unknown> }> {
    const rows: (BookRow & { manifest: Record<string, unknown> })[] = await this.db.query(
      `SELECT ${BOOK_COLUMNS}, b.manifest FROM tariff_books b WHERE b.code = $1 AND b.version = $2`,
      [code, version],
    );
    if (!rows[0]) throw notFound(code, version);
    return { ...bookView(rows[0]), manifest: rows[0].manifest };
  }

  async files(bookId: string): Promise<{ name: string; sha256: string; bytes: number }[]> {
    const rows: { file_name: string; sha256: string; bytes: number }[] = await this.db.query(
      `SELECT file_name, sha256, octet_length(content) AS bytes FROM tariff_book_files WHERE book_id = $1
        ORDER BY file_name COLLATE "C"`,
      [bookId],
    );
    return rows.map((r) => ({ name: r.file_name, sha256: r.sha256, bytes: Number(r.bytes) }));
  }

  async insert(book: NewBook, actor: Actor): Promise<string> {
    try {
      return await this.db.transaction(async (tx) => {
        await withAuditActor(tx, actor.username);
        const rows: { id: string }[] = await tx.query(
          `INSERT INTO tariff_books (code, version, name, status, effective_from, effective_to, manifest, created_by)
           VALUES ($1, $2, $3, 'draft', $4, $5, $6::jsonb, $7) RETURNING id`,
          [
            book.code,
            book.version,
            book.name,
            book.effectiveFrom,
            book.effectiveTo ?? null,
            JSON.stringify(book.manifest),
            actor.username,
          ],
        );
        const id = rows[0].id;
        for (const [name, content] of book.files) {
          await tx.query(
            `INSERT INTO tariff_book_files (book_id, file_name, content, sha256) VALUES ($1, $2, $3, $4)`,
            [
              id,
              name,
              content,
              // Placeholder: the database computes the real hash on every write (trigger).
              '0'.repeat(64),
            ],
          );
        }
        return id;
      });
    } catch (error) {
      if (sqlStateOf(error) === PgSqlState.UNIQUE_VIOLATION) {
        throw new ReferenceException(
          ReferenceExceptionCode.TARIFF_BOOK_EXISTS,
          `tariff book ${book.code} ${book.version} already exists; a new version needs a new version number`,
        );
      }
      throw error;
    }
  }

  /** draft → published (the database stamps the time and the content hash). */
  async publish(code: string, version: string, actor: Actor): Promise<TariffBookView> {
    return this.transition(code, version, actor, 'draft', `status = 'published', published_by = $3`);
  }

  /** published → retired. */
  async retire(code: string, version: string, actor: Actor): Promise<TariffBookView> {
    return this.transition(code, version, actor, 'published', `status = 'retired', retired_by = $3`);
  }

  private async transition(
    code: string,
    version: string,
    actor: Actor,
    from: TariffBookStatus,
    set: string,
  ): Promise<TariffBookView> {
    return this.db.transaction(async (tx) => {
      await withAuditActor(tx, actor.username);
      const current: { status: TariffBookStatus }[] = await tx.query(
        `SELECT status FROM tariff_books WHERE code = $1 AND version = $2 FOR UPDATE`,
        [code, version],
      );
      if (!current[0]) throw notFound(code, version);
      if (current[0].status !== from) {
        const code_ =
          from === 'draft'
            ? ReferenceExceptionCode.TARIFF_BOOK_NOT_DRAFT
            : ReferenceExceptionCode.TARIFF_BOOK_NOT_PUBLISHED;
        throw new ReferenceException(code_, `tariff book ${code} ${version} is ${current[0].status}, not ${from}`);
      }
      await tx.query(`UPDATE tariff_books SET ${set} WHERE code = $1 AND version = $2`, [
        code,
        version,
        actor.username,
      ]);
      const rows: BookRow[] = await tx.query(
        `SELECT ${BOOK_COLUMNS} FROM tariff_books b WHERE b.code = $1 AND b.version = $2`,
        [code, version],
      );
      return bookView(rows[0]);
    });
  }
}

function notFound(code: string, version: string): ReferenceException {
  return new ReferenceException(ReferenceExceptionCode.TARIFF_BOOK_NOT_FOUND, `no tariff book ${code} ${version}`);
}

function iso(d: Date | null): string | null {
  return d === null ? null : new Date(d).toISOString();
}

function bookView(r: BookRow): TariffBookView {
  return {
    id: r.id,
    code: r.code,
    version: r.version,
    name: r.name,
    status: r.status,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    contentHash: r.content_hash === null ? null : r.content_hash.trim(),
    createdAt: iso(r.created_at) as string,
    createdBy: r.created_by,
    publishedAt: iso(r.published_at),
    publishedBy: r.published_by,
    retiredAt: iso(r.retired_at),
    retiredBy: r.retired_by,
  };
}
