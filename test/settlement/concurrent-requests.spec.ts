// Two officers ask for the same settlement at the same moment: one run, and both get it.
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { MONTH, seedWorld } from './support/settlement-world';
import { inlineSettlement, type InlineSettlement } from './support/run-month';

describe('concurrent settlement requests', () => {
  let db: TestDatabase;
  let s: InlineSettlement;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedWorld(db.dataSource);
    s = await inlineSettlement(db.dataSource);
  });
  afterAll(async () => {
    await s?.driver.close();
    await db?.drop();
  });

  it('with different idempotency keys, give one run', async () => {
    const ask = (key: string) =>
      s.runtime.service.request({ scope: 'district:D1', month: MONTH, idempotencyKey: key, actor: key });
    const runs = await Promise.all([ask('officer-a'), ask('officer-b'), ask('officer-c')]);
    expect(new Set(runs.map((r) => r.id)).size).toBe(1);
    const rows: { n: number }[] = await db.dataSource.query(`SELECT count(*)::int AS n FROM settlement_runs`);
    expect(rows[0].n).toBe(1);
    // Every key now names that run, also after it finished.
    await s.driver.drain();
    const again = await ask('officer-b');
    expect(again.id).toBe(runs[0].id);
    expect(again.status).toBe('computed');
    const keys: { idempotency_key: string; run_id: string }[] = await db.dataSource.query(
      `SELECT idempotency_key, run_id FROM settlement_requests ORDER BY idempotency_key`,
    );
    expect(keys.map((k) => [k.idempotency_key, k.run_id])).toEqual([
      ['officer-a', runs[0].id],
      ['officer-b', runs[0].id],
      ['officer-c', runs[0].id],
    ]);
  });

  it('with the same idempotency key, give one run', async () => {
    const ask = () =>
      s.runtime.service.request({ scope: 'district:D1', month: '2026-04', idempotencyKey: 'april', actor: 'x' });
    const runs = await Promise.all([ask(), ask(), ask()]);
    expect(new Set(runs.map((r) => r.id)).size).toBe(1);
    const rows: { n: number }[] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM settlement_runs WHERE month = '2026-04'`,
    );
    expect(rows[0].n).toBe(1);
    await s.driver.drain();
  });
});
