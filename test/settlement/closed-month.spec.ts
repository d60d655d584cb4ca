// A closed month is immutable: its cases, services, advances and adjustments refuse changes in the
// database, its run's statements and lines cannot be touched, and its statements stay byte-identical.
// A change of one of its cases filed in the next open month is paid there as an adjustment.
import { randomUUID } from 'node:crypto';
import { sqlStateOf } from '../../src/infra/database/sql-errors';
import { statementsCsv } from '../../src/modules/settlement/exports/csv';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { insertCases, MONTH, seedWorld } from './support/settlement-world';
import { inlineSettlement, type InlineSettlement } from './support/run-month';

async function sqlState(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
    return 'no error';
  } catch (error) {
    return sqlStateOf(error);
  }
}

describe('a closed month', () => {
  let db: TestDatabase;
  let s: InlineSettlement;
  let runId: string;
  let caseIds: string[];
  let closedCsv: string;
  let closedRows: string;

  const snapshot = async (id: string) =>
    JSON.stringify([
      await db.dataSource.query(`SELECT * FROM settlement_statements WHERE run_id = $1 ORDER BY facility_id`, [id]),
      await db.dataSource.query(
        `SELECT * FROM settlement_statement_groups WHERE run_id = $1 ORDER BY facility_id, group_code`,
        [id],
      ),
      await db.dataSource.query(`SELECT * FROM settlement_lines WHERE run_id = $1 ORDER BY case_id`, [id]),
      await db.dataSource.query(
        `SELECT status, fingerprint, net_payable, cases_amount, closed_at FROM settlement_runs WHERE id = $1`,
        [id],
      ),
    ]);

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ caseIds } = await seedWorld(db.dataSource));
    s = await inlineSettlement(db.dataSource);
    runId = await s.settle('district:D1', MONTH, 'march');
    await s.runtime.service.approve(runId, 'head-of-finance');
    const closed = await s.runtime.service.close(runId, 'head-of-finance');
    expect(closed.status).toBe('closed');
    closedCsv = statementsCsv(await s.runtime.service.statements(runId));
    closedRows = await snapshot(runId);
  });
  afterAll(async () => {
    await s?.driver.close();
    await db?.drop();
  });

  it('is closed for every district of the run, by that run', async () => {
    const months = await db.dataSource.query(
      `SELECT district_code, month, status, closed_by FROM settlement_months ORDER BY 1, 2`,
    );
    expect(months).toEqual([{ district_code: 'D1', month: MONTH, status: 'closed', closed_by: 'head-of-finance' }]);
    const closures = await db.dataSource.query(`SELECT district_code, run_id FROM settlement_month_closures`);
    expect(closures).toEqual([{ district_code: 'D1', run_id: runId }]);
    const audit = await db.dataSource.query(`SELECT action, actor FROM audit_log WHERE entity_id = $1 ORDER BY id`, [
      runId,
    ]);
    expect(audit).toEqual([
      { action: 'settlement.approve', actor: 'head-of-finance' },
      { action: 'settlement.close', actor: 'head-of-finance' },
    ]);
  });

  it('refuses changes to its cases, services, advances and adjustments (HS001)', async () => {
    const q = (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params);
    expect(await sqlState(q(`UPDATE cases SET discharge_at = '2026-03-20 10:00' WHERE id = $1`, [caseIds[0]]))).toBe(
      'HS001',
    );
    expect(await sqlState(q(`UPDATE cases SET diagnosis_codes = '{I219}' WHERE id = $1`, [caseIds[1]]))).toBe('HS001');
    expect(await sqlState(q(`DELETE FROM cases WHERE id = $1`, [caseIds[2]]))).toBe('HS001');
    expect(await sqlState(insertCases(db.dataSource, [{ facility: 'F-DH', claim: 'LATE-1', dx: ['I10'] }]))).toBe(
      'HS001',
    );
    expect(await sqlState(q(`TRUNCATE cases CASCADE`))).toBe('HS002');
    expect(
      await sqlState(
        q(`INSERT INTO advances (facility_id, month, amount, reference) VALUES ('F-DH', $1, 5.00, 'LATE')`, [MONTH]),
      ),
    ).toBe('HS001');
    expect(await sqlState(q(`UPDATE advances SET amount = 1.00 WHERE month = $1`, [MONTH]))).toBe('HS001');
    expect(await sqlState(q(`DELETE FROM adjustments WHERE to_month = $1`, [MONTH]))).toBe('HS001');
    expect(await sqlState(q(`DELETE FROM services WHERE month = $1`, [MONTH]))).toBe('HS001');
    expect(
      await sqlState(q(`UPDATE settlement_months SET status = 'open', closed_at = NULL WHERE month = $1`, [MONTH])),
    ).toBe('HS001');
  });

  it('refuses changes to the closed run, its statements and its lines (HS002)', async () => {
    const q = (sql: string) => db.dataSource.query(sql, [runId]);
    expect(await sqlState(q(`UPDATE settlement_statements SET facility_name = 'x' WHERE run_id = $1`))).toBe('HS002');
    expect(await sqlState(q(`DELETE FROM settlement_statements WHERE run_id = $1`))).toBe('HS002');
    expect(await sqlState(q(`UPDATE settlement_lines SET group_code = 'X' WHERE run_id = $1`))).toBe('HS002');
    expect(await sqlState(q(`DELETE FROM settlement_lines WHERE run_id = $1`))).toBe('HS002');
    expect(await sqlState(q(`DELETE FROM settlement_statement_groups WHERE run_id = $1`))).toBe('HS002');
    expect(await sqlState(q(`UPDATE settlement_facility_parts SET fees_amount = 0 WHERE run_id = $1`))).toBe('HS002');
    expect(await sqlState(q(`UPDATE settlement_runs SET fingerprint = repeat('0', 64) WHERE id = $1`))).toBe('HS002');
    expect(await sqlState(q(`DELETE FROM settlement_runs WHERE id = $1`))).toBe('HS002');
    await expect(s.runtime.service.close(runId, 'x')).rejects.toMatchObject({ code: 'INVALID_STATUS' });
  });

  it('pays a change of one of its cases, filed in April, as an adjustment there', async () => {
    // DH-2 was I10 (2,394,000.00); the corrected version is I219: 3,800,000 × 1.30 × 1.05 = 5,187,000.00.
    // As intake supersedes: the old version first (the foreign key to the new one is deferred), then the new one.
    const v2 = randomUUID();
    await db.dataSource.transaction(async (tx) => {
      await tx.query(`UPDATE cases SET status = 'superseded', superseded_by = $2 WHERE id = $1`, [caseIds[1], v2]);
      await insertCases(tx, [
        {
          id: v2,
          version: 2,
          facility: 'F-DH',
          claim: 'DH-2',
          dx: ['I219'],
          month: '2026-04',
          serviceMonth: MONTH,
          adjustmentOf: caseIds[1],
        },
      ]);
    });
    const april = await s.settle('district:D1', '2026-04', 'april');
    const lines = await db.dataSource.query(
      `SELECT kind, adjusts_case_id, fund_amount, prior_fund_amount, payable FROM settlement_lines WHERE run_id = $1`,
      [april],
    );
    expect(lines).toEqual([
      {
        kind: 'adjustment',
        adjusts_case_id: caseIds[1],
        fund_amount: '5187000.00',
        prior_fund_amount: '2394000.00',
        payable: '2793000.00',
      },
    ]);
    const dh = (await s.runtime.service.statements(april)).statements.find((x) => x.facilityId === 'F-DH');
    expect(dh).toMatchObject({
      casesPriced: 0,
      casesAmount: '0.00',
      caseAdjustments: '2793000.00',
      netPayable: '2793000.00',
    });
  });

  it('keeps its statements byte-identical, and a recompute of it gives the same fingerprint', async () => {
    expect(statementsCsv(await s.runtime.service.statements(runId))).toBe(closedCsv);
    expect(await snapshot(runId)).toBe(closedRows);
    const verify = await s.settle('district:D1', MONTH, 'march-verify');
    const [closed, again] = [await s.runtime.service.get(runId), await s.runtime.service.get(verify)];
    expect(again.status).toBe('computed');
    expect(again.fingerprint).toBe(closed.fingerprint);
    expect(again.totals).toEqual(closed.totals);
    await expect(s.runtime.service.approve(verify, 'x')).rejects.toMatchObject({ code: 'MONTH_CLOSED' });
    expect(closedCsv.split('\r\n')[4]).toBe(
      'Total,3 facilities,,,6,1,1,0.7867,15253850.00,3511200.00,3,161700.00,16170.00,145530.00,265000.00,2,1,1000000.00,0.00,-50000.00,14614380.00',
    );
  });
});
