import { createHash } from 'node:crypto';
import { HisobSqlState, sqlStateOf } from '../../src/infra/database/sql-errors';
import { TariffBookFileEntity } from '../../src/modules/reference/entities/tariff-book-file.entity';
import { TariffBookEntity } from '../../src/modules/reference/entities/tariff-book.entity';
import { insertDraftBook } from '../support/case-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const GROUPS_CSV = 'code,name_en,weight\nK05,"Pneumonia, adult",2.3240\n';
const LOGIC_CSV = 'id,group,return_code\nR1,K05,0\n';

describe('tariff book immutability (database triggers)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  const books = () => db.dataSource.getRepository(TariffBookEntity);
  const files = () => db.dataSource.getRepository(TariffBookFileEntity);

  async function draftWithFiles(version: string): Promise<string> {
    const id = await insertDraftBook(db.dataSource, version);
    await files().insert([
      { bookId: id, fileName: 'groups.csv', content: GROUPS_CSV },
      { bookId: id, fileName: 'grouping-logic.csv', content: LOGIC_CSV },
    ]);
    return id;
  }

  async function publish(id: string): Promise<void> {
    await books().update({ id }, { status: 'published', publishedBy: 'admin' });
  }

  /** The SQLSTATE a statement fails with (undefined when it succeeds). */
  async function stateOf(work: Promise<unknown>): Promise<string | undefined> {
    try {
      await work;
      return undefined;
    } catch (error) {
      return sqlStateOf(error) ?? String(error);
    }
  }

  it('lets a draft change freely; the database computes each file sha256', async () => {
    const id = await draftWithFiles('d.1');
    await files().update({ bookId: id, fileName: 'groups.csv' }, { content: GROUPS_CSV + 'K06,Other,1.0000\n' });
    await books().update({ id }, { name: 'Renamed draft' });
    const file = await files().findOneByOrFail({ bookId: id, fileName: 'groups.csv' });
    expect(file.sha256).toBe(
      createHash('sha256')
        .update(GROUPS_CSV + 'K06,Other,1.0000\n', 'utf8')
        .digest('hex'),
    );
    await files().delete({ bookId: id, fileName: 'groups.csv' });
    expect(await files().countBy({ bookId: id })).toBe(1);
  });

  it('stamps published_at and a content hash over manifest and files when publishing', async () => {
    const a = await draftWithFiles('p.1');
    await publish(a);
    const book = await books().findOneByOrFail({ id: a });
    expect(book.status).toBe('published');
    expect(book.publishedAt).toBeInstanceOf(Date);
    expect(book.contentHash).toMatch(/^[0-9a-f]{64}$/);

    // Same manifest and files give the same hash; one changed byte gives another.
    const b = await draftWithFiles('p.2');
    await db.dataSource.query(`UPDATE tariff_books SET manifest = $1 WHERE id = $2`, [
      JSON.stringify(book.manifest),
      b,
    ]);
    const sameAsA: { h: string }[] = await db.dataSource.query(
      `SELECT hisob_tariff_book_hash($1, manifest) AS h FROM tariff_books WHERE id = $1`,
      [b],
    );
    expect(sameAsA[0].h).toBe(book.contentHash);
    await files().update({ bookId: b, fileName: 'grouping-logic.csv' }, { content: LOGIC_CSV.replace('R1', 'R2') });
    await publish(b);
    expect((await books().findOneByOrFail({ id: b })).contentHash).not.toBe(book.contentHash);
  });

  it('refuses every change to a published book and its files, by ORM or raw SQL', async () => {
    const id = await draftWithFiles('p.3');
    await publish(id);
    const refused = HisobSqlState.TARIFF_BOOK_IMMUTABLE;
    expect(await stateOf(books().update({ id }, { name: 'Edited' }))).toBe(refused);
    expect(await stateOf(books().update({ id }, { manifest: { code: 'X' } }))).toBe(refused);
    expect(await stateOf(db.dataSource.query(`UPDATE tariff_books SET status = 'draft' WHERE id = $1`, [id]))).toBe(
      refused,
    );
    expect(await stateOf(db.dataSource.query(`UPDATE tariff_books SET retired_by = 'x' WHERE id = $1`, [id]))).toBe(
      refused,
    );
    expect(await stateOf(books().delete({ id }))).toBe(refused);
    expect(await stateOf(files().update({ bookId: id, fileName: 'groups.csv' }, { content: 'code\n' }))).toBe(refused);
    expect(await stateOf(files().delete({ bookId: id, fileName: 'groups.csv' }))).toBe(refused);
    expect(await stateOf(files().insert({ bookId: id, fileName: 'fees.csv', content: 'service_code\n' }))).toBe(
      refused,
    );
    expect(await stateOf(db.dataSource.query('TRUNCATE tariff_book_files'))).toBe(refused);
    expect(await stateOf(db.dataSource.query('TRUNCATE tariff_books CASCADE'))).toBe(refused);

    const after = await books().findOneByOrFail({ id });
    expect(after.name).toBe('Test book');
    expect((await files().findOneByOrFail({ bookId: id, fileName: 'groups.csv' })).content).toBe(GROUPS_CSV);
  });

  it('allows published -> retired once, and nothing after that', async () => {
    const id = await draftWithFiles('r.1');
    await publish(id);
    await books().update({ id }, { status: 'retired', retiredBy: 'admin' });
    const retired = await books().findOneByOrFail({ id });
    expect(retired.status).toBe('retired');
    expect(retired.retiredAt).toBeInstanceOf(Date);
    expect(retired.retiredBy).toBe('admin');
    expect(await stateOf(books().update({ id }, { status: 'published' }))).toBe(HisobSqlState.TARIFF_BOOK_IMMUTABLE);
    expect(await stateOf(books().update({ id }, { retiredBy: 'someone else' }))).toBe(
      HisobSqlState.TARIFF_BOOK_IMMUTABLE,
    );
    expect(await stateOf(books().delete({ id }))).toBe(HisobSqlState.TARIFF_BOOK_IMMUTABLE);
  });

  it('refuses to retire a draft, and deletes a draft with its files', async () => {
    const id = await draftWithFiles('x.1');
    expect(await stateOf(books().update({ id }, { status: 'retired' }))).toBe(HisobSqlState.TARIFF_BOOK_IMMUTABLE);
    await books().delete({ id });
    expect(await books().countBy({ id })).toBe(0);
    expect(await files().countBy({ bookId: id })).toBe(0);
  });

  it('checks the status values themselves', async () => {
    const id = await insertDraftBook(db.dataSource, 'c.1');
    expect(await stateOf(db.dataSource.query(`UPDATE tariff_books SET status = 'final' WHERE id = $1`, [id]))).toBe(
      '23514',
    );
  });
});
