import type { ClientBase } from 'pg';
import { Dec } from '../../src/domain/money';
import { CopyRowError, copyRowsIn, type CopyRow } from '../../src/infra/database/copy-rows';
import { EnrolmentEntity } from '../../src/modules/registry/entities/enrolment.entity';
import { SEED, seedReference } from '../support/reference-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Values that break naive CSV or SQL building.
const NASTY = [
  'a,b',
  'say "hi"',
  '""',
  'line1\nline2',
  'cr\r\nlf',
  'back\\slash',
  '\\N',
  '\\.',
  'before\n\\.\nafter',
  'tab\there',
  ' padded ',
  '',
  'NULL',
  "'); DROP TABLE copy_probe; --",
  'Qoraqalpog‘iston, Ўзбекистон 🏥',
];

async function* slowly<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

describe('copyRowsIn', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedReference(db.dataSource);
    await db.dataSource.query(
      `CREATE TABLE copy_probe (seq integer PRIMARY KEY, label text, amount numeric(18, 2), "Odd ""Name""" text)`,
    );
  });
  afterAll(() => db?.drop());

  beforeEach(() => db.dataSource.query('DELETE FROM copy_probe'));

  async function copy(rows: Iterable<CopyRow> | AsyncIterable<CopyRow>, batchRows?: number): Promise<number> {
    const runner = db.dataSource.createQueryRunner();
    try {
      return await copyRowsIn(runner, 'copy_probe', ['seq', 'label', 'amount', 'Odd "Name"'], rows, { batchRows });
    } finally {
      await runner.release();
    }
  }

  async function probe(): Promise<{ seq: number; label: string | null; amount: string | null; odd: string | null }[]> {
    return db.dataSource.query(`SELECT seq, label, amount, "Odd ""Name""" AS odd FROM copy_probe ORDER BY seq`);
  }

  it('loads text with commas, quotes, newlines, backslashes and SQL exactly; null stays NULL', async () => {
    const rows: CopyRow[] = NASTY.map((label, i) => [String(i), label, null, label]);
    rows.push([String(NASTY.length), null, new Dec('3853961.88'), '']);
    expect(await copy(slowly(rows))).toBe(NASTY.length + 1);
    const loaded = await probe();
    expect(loaded.map((r) => r.label)).toEqual([...NASTY, null]);
    expect(loaded.map((r) => r.odd)).toEqual([...NASTY, '']);
    expect(loaded.map((r) => r.amount)).toEqual([...NASTY.map(() => null), '3853961.88']);
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM copy_probe WHERE label IS NULL`))[0].n).toBe(1);
  });

  it('streams many rows from an async generator and counts them exactly', async () => {
    const total = 25003;
    async function* generate(): AsyncGenerator<CopyRow> {
      for (let i = 1; i <= total; i++) yield [String(i), `row ${i}, "quoted"`, new Dec(i).dividedBy(100)];
    }
    const rows = (async function* () {
      for await (const row of generate()) yield [...row, null] as CopyRow;
    })();
    expect(await copy(rows, 1000)).toBe(total);
    const [stats] = await db.dataSource.query(
      `SELECT count(*)::int AS n, sum(amount)::text AS total, max(seq) AS last FROM copy_probe`,
    );
    // Σ i/100 for i = 1..25003 = 25003 × 25004 / 200
    expect(stats).toEqual({ n: total, total: '3125875.06', last: total });
    const [last] = await db.dataSource.query(`SELECT label, amount FROM copy_probe WHERE seq = $1`, [total]);
    expect(last).toEqual({ label: 'row 25003, "quoted"', amount: '250.03' });
  });

  it('keeps order and values across PGlite batch boundaries (and in one stream on PostgreSQL)', async () => {
    const rows: CopyRow[] = Array.from({ length: 100 }, (_, i) => [String(i), `r${i}`, `${i}.05`, null]);
    expect(await copy(rows, 7)).toBe(100);
    const loaded = await probe();
    expect(loaded).toHaveLength(100);
    expect(loaded[99]).toEqual({ seq: 99, label: 'r99', amount: '99.05', odd: null });
  });

  it('loads nothing when a row has the wrong number of values, and the connection stays usable', async () => {
    const rows: CopyRow[] = [
      ['1', 'ok', null, null],
      ['2', 'ok', null, null],
      ['3', 'too short'],
    ];
    const runner = db.dataSource.createQueryRunner();
    try {
      const attempt = copyRowsIn(runner, 'copy_probe', ['seq', 'label', 'amount', 'Odd "Name"'], slowly(rows));
      await expect(attempt).rejects.toThrow(new CopyRowError(3, 'has 2 values, expected 4'));
      expect(await runner.query('SELECT 41 + 1 AS answer')).toEqual([{ answer: 42 }]);
    } finally {
      await runner.release();
    }
    expect(await probe()).toEqual([]);
  });

  it('refuses NUL characters and floats', async () => {
    await expect(copy([['1', 'nul\u0000here', null, null]])).rejects.toThrow('row 1: value 2 contains a NUL character');
    const float = [['1', 'x', 0.1 as unknown as string, null]];
    await expect(copy(float)).rejects.toThrow('row 1: value 3 is not text, a finite decimal or null');
    expect(await probe()).toEqual([]);
  });

  it('loads nothing when the database rejects a row (duplicate key)', async () => {
    const rows: CopyRow[] = [
      ['1', 'a', null, null],
      ['2', 'b', null, null],
      ['1', 'again', null, null],
    ];
    await expect(copy(rows, 1)).rejects.toThrow(/duplicate key|pk|unique/i);
    expect(await probe()).toEqual([]);
  });

  it("joins the caller's transaction: a rollback removes the rows", async () => {
    const runner = db.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const n = await copyRowsIn(
        runner,
        'copy_probe',
        ['seq', 'label'],
        [
          ['1', 'in tx'],
          ['2', 'in tx'],
        ],
      );
      expect(n).toBe(2);
      expect((await runner.query('SELECT count(*)::int AS n FROM copy_probe'))[0].n).toBe(2);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
    expect(await probe()).toEqual([]);
  });

  it('bulk-loads the enrolment register', async () => {
    const people: CopyRow[] = Array.from({ length: 1200 }, (_, i) => [
      SEED.facility,
      `P${String(i).padStart(6, '0')}`,
      `19${50 + (i % 50)}-0${1 + (i % 9)}-15`,
      i % 2 === 0 ? 'F' : 'M',
      '2026-01-01',
      i % 10 === 0 ? '2026-06-30' : null,
    ]);
    const runner = db.dataSource.createQueryRunner();
    try {
      const columns = ['facility_id', 'person_id', 'birth_date', 'sex', 'enrolled_from', 'enrolled_to'];
      expect(await copyRowsIn(runner, 'enrolments', columns, people)).toBe(1200);
    } finally {
      await runner.release();
    }
    const repo = db.dataSource.getRepository(EnrolmentEntity);
    expect(await repo.countBy({ sex: 'F' })).toBe(600);
    const p = await repo.findOneByOrFail({ personId: 'P000010' });
    expect([p.birthDate, p.sex, p.enrolledFrom, p.enrolledTo]).toEqual(['1960-02-15', 'F', '2026-01-01', '2026-06-30']);
  });

  it('takes a node-postgres client on PostgreSQL and refuses one on PGlite', async () => {
    const runner = db.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as ClientBase;
      const attempt = copyRowsIn(client, 'copy_probe', ['seq', 'label'], [['7', 'raw client']]);
      if (db.dataSource.kind === 'postgres') {
        expect(await attempt).toBe(1);
        expect((await probe()).map((r) => r.label)).toEqual(['raw client']);
      } else {
        await expect(attempt).rejects.toThrow('on PGlite pass the TypeORM QueryRunner');
      }
    } finally {
      await runner.release();
    }
  });
});
