// A run that cannot finish (a facility with a capitation adjustment the book does not know) fails with
// the reason; once the registry is fixed, a retry completes it, keeping the chunks already written.
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { inlineSettlement, type InlineSettlement } from './support/run-month';
import { MONTH, seedWorld } from './support/settlement-world';

describe('a failed run', () => {
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

  it('fails with the reason, and a retry completes it once the cause is fixed', async () => {
    await db.dataSource.query(`UPDATE facilities SET capitation_adjustments = '{RURAL,COASTAL}' WHERE id = 'F-PC'`);
    const runId = await s.settle('district:D1', MONTH, 'fails');
    const failed = await s.runtime.service.get(runId);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(
      'facility F-PC: unknown capitation adjustment "COASTAL" (known: RURAL, MOUNTAIN, SPARSE)',
    );
    // Chunks that ran before the failure are kept; those after it stop at the run's status.
    expect(failed.progress).toMatchObject({ chunksTotal: 3, capitationPartsDone: 0 });
    await expect(s.runtime.service.approve(runId, 'x')).rejects.toMatchObject({ code: 'INVALID_STATUS' });

    await db.dataSource.query(`UPDATE facilities SET capitation_adjustments = '{RURAL}' WHERE id = 'F-PC'`);
    const retried = await s.runtime.service.retry(runId, 'officer');
    expect(retried).toMatchObject({ status: 'running', generation: 2, error: null });
    await s.driver.drain();
    const done = await s.runtime.service.get(runId);
    expect(done.status).toBe('computed');
    expect(done.totals?.netPayable).toBe('14614380.00');
    const [{ attempts }] = await db.dataSource.query(
      `SELECT sum(attempts)::int AS attempts FROM settlement_chunks WHERE run_id = $1 AND kind = 'cases'`,
      [runId],
    );
    expect(attempts).toBe(3); // each case chunk was written once, before the failure or after the retry
  });
});
