import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createEngine, type Engine } from '../../domain/engine';
import { parseTariffBook, type TariffBook } from '../../domain/tariff-book';
import { DATA_SOURCE } from '../../infra/nest/tokens';
import type { TariffBookStatus } from './entities/tariff-book.entity';
import { ReferenceException, ReferenceExceptionCode } from './reference.exception';

/** A stored book version, parsed, with its engine built on first use. */
export interface LoadedBook {
  id: string;
  code: string;
  version: string;
  status: TariffBookStatus;
  book: TariffBook;
  engine(): Engine;
}

/** Books kept parsed at once; a handful of versions are in use at any time. */
const CACHE_SIZE = 8;

/**
 * Loads tariff books from the database into the domain model. Published and retired books are
 * immutable (database triggers), so their parsed form and engine are cached by id; drafts are
 * parsed on every load because they can still change.
 */
@Injectable()
export class TariffBookStore {
  private readonly cache = new Map<string, Promise<LoadedBook>>();

  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async load(bookId: string): Promise<LoadedBook> {
    const cached = this.cache.get(bookId);
    if (cached) return cached;
    const rows: { id: string; code: string; version: string; status: TariffBookStatus }[] = await this.db.query(
      `SELECT id, code, version, status FROM tariff_books WHERE id = $1`,
      [bookId],
    );
    const head = rows[0];
    if (!head) throw new ReferenceException(ReferenceExceptionCode.TARIFF_BOOK_NOT_FOUND, `no tariff book ${bookId}`);
    const loading = this.parse(head);
    if (head.status !== 'draft') {
      this.cache.set(bookId, loading);
      loading.catch(() => this.cache.delete(bookId));
      while (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    }
    return loading;
  }

  /** The published book in force on `date` (YYYY-MM-DD): the latest effective one, then the latest published. */
  async inForce(date: string): Promise<LoadedBook> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM tariff_books
        WHERE status = 'published' AND effective_from <= $1::date AND (effective_to IS NULL OR effective_to >= $1::date)
        ORDER BY effective_from DESC, published_at DESC
        LIMIT 1`,
      [date],
    );
    if (!rows[0]) {
      throw new ReferenceException(
        ReferenceExceptionCode.NO_TARIFF_BOOK_IN_FORCE,
        `no published tariff book is in force on ${date}`,
      );
    }
    return this.load(rows[0].id);
  }

  private async parse(head: {
    id: string;
    code: string;
    version: string;
    status: TariffBookStatus;
  }): Promise<LoadedBook> {
    const files: { file_name: string; content: string }[] = await this.db.query(
      `SELECT file_name, content FROM tariff_book_files WHERE book_id = $1 ORDER BY file_name`,
      [head.id],
    );
    const book = parseTariffBook(new Map(files.map((f) => [f.file_name, f.content])));
    let engine: Engine | undefined;
    return { ...head, book, engine: () => (engine ??= createEngine(book)) };
  }
}
