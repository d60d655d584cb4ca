// A pilot district month settled end to end on the inline driver (PGlite by default, PostgreSQL with
// DATABASE_URL): hand-checked statements, totals that equal the lines, idempotent requests, a recompute
// with the same fingerprint, and a chunk delivered twice that pays each case once.
import { InlineJobDriver, JobName, QueueName, type JobContext } from '../../src/jobs';
import { createSettlementRuntime, type SettlementRuntime } from '../../src/modules/settlement/settlement-runtime';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { MONTH, seedWorld } from './support/settlement-world';

const jobCtx = (): JobContext => ({
  jobId: 'manual',
  name: JobName.SettlementChunk,
  attempt: 1,
  signal: new AbortController().signal,
  updateProgress: async () => undefined,
  log: async () => undefined,
  childResults: async <T>() => ({}) as Record<string, T>,
});

describe('settling a month', () => {
  let db: TestDatabase;
  let driver: InlineJobDriver;
  let runtime: SettlementRuntime;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedWorld(db.dataSource);
    driver = new InlineJobDriver();
    // Chunks of 3 cases: the 7 cases of D1 make 3 chunks, so the flow has several children.
    runtime = createSettlementRuntime({ dataSource: db.dataSource, driver, options: { chunkSize: 3 } });
    await driver.startWorkers(runtime.handlers, { queues: [QueueName.Settlement] });
  });
  afterAll(async () => {
    await driver?.close();
    await db?.drop();
  });

  let firstRunId: string;
  let firstFingerprint: string;

  it('prices every case, computes capitation and fees, and writes hand-checkable statements', async () => {
    const requested = await runtime.service.request({
      scope: 'district:D1',
      month: MONTH,
      idempotencyKey: 'march-1',
      actor: 'officer',
    });
    expect(['requested', 'running']).toContain(requested.status);
    await driver.drain();
    const run = await runtime.service.get(requested.id);
    firstRunId = run.id;
    expect(run.status).toBe('computed');
    expect(run.book).toMatchObject({ code: 'UZ-KZG-SAMPLE', version: '2026.1' });
    expect(run.progress).toMatchObject({
      chunksDone: 3,
      chunksTotal: 3,
      casesPlanned: 7,
      casesPriced: 7,
      percent: 100,
    });
    expect(run.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    firstFingerprint = run.fingerprint as string;

    const { statements, totals } = await runtime.service.statements(run.id);
    expect(statements.map((s) => s.facilityId)).toEqual(['F-DH', 'F-PC', 'F-RH']);
    const [dh, pc, rh] = statements;
    expect(dh).toMatchObject({
      casesPriced: 4,
      casesError: 1,
      casesPatient: 1,
      caseMixIndex: '0.6350', // (0.88 + 0.60 + 0.18 + 0.88) / 4
      casesAmount: '6141450.00', // 3,511,200 + 2,394,000 + 236,250
      patientAmount: '3511200.00',
      capitationPayable: '0.00',
      feesAmount: '0.00',
      advances: '1000000.00',
      adjustments: '0.00',
      netPayable: '5141450.00',
    });
    expect(rh).toMatchObject({
      casesPriced: 2,
      casesError: 0,
      caseMixIndex: '1.0900', // (1.30 + 0.88) / 2
      casesAmount: '9112400.00', // 5,434,000 + 3,678,400
      otherAdjustments: '-50000.00',
      adjustments: '-50000.00',
      netPayable: '9062400.00',
    });
    expect(pc).toMatchObject({
      casesPriced: 0,
      caseMixIndex: null,
      enrolled: 3,
      capitationMonthly: '161700.00',
      capitationWithheld: '16170.00',
      capitationPayable: '145530.00',
      feesAmount: '265000.00',
      feesPaid: 2,
      feesRejected: 1,
      netPayable: '410530.00',
    });
    expect(totals).toMatchObject({
      facilities: 3,
      casesPriced: 6,
      casesError: 1,
      caseMixIndex: '0.7867', // (2.54 + 2.18) / 6
      casesAmount: '15253850.00',
      capitationPayable: '145530.00',
      feesAmount: '265000.00',
      advances: '1000000.00',
      adjustments: '-50000.00',
      netPayable: '14614380.00',
    });
    expect(run.totals).toMatchObject({
      lines: 7,
      casesAmount: '15253850.00',
      netPayable: '14614380.00',
      facilities: 3,
    });
  });

  it('has run totals equal to the sums of its lines, parts and statements, exactly', async () => {
    const [sums] = await db.dataSource.query(
      `SELECT (SELECT sum(payable) FROM settlement_lines WHERE run_id = $1) AS lines,
              (SELECT sum(capitation_payable) + sum(fees_amount) FROM settlement_facility_parts WHERE run_id = $1) AS parts,
              (SELECT sum(net_payable) FROM settlement_statements WHERE run_id = $1) AS statements,
              (SELECT cases_amount FROM settlement_runs WHERE id = $1) AS run_cases,
              (SELECT net_payable FROM settlement_runs WHERE id = $1) AS run_net`,
      [firstRunId],
    );
    expect(sums).toEqual({
      lines: '15253850.00',
      parts: '410530.00',
      statements: '14614380.00',
      run_cases: '15253850.00',
      run_net: '14614380.00',
    });
    const groups = await runtime.service.groups(firstRunId);
    expect(groups.filter((g) => g.facilityId === 'F-DH').map((g) => [g.groupCode, g.cases, g.amount])).toEqual([
      ['04D90', 1, '236250.00'],
      ['04M01B', 2, '3511200.00'], // one fund-paid, one patient-paid (fund share 0.00)
      ['05M05', 1, '2394000.00'],
      ['905Z', 1, '0.00'],
    ]);
  });

  it('gives the same run for the same idempotency key, and refuses the key for another request', async () => {
    const again = await runtime.service.request({
      scope: 'district:D1',
      month: MONTH,
      idempotencyKey: 'march-1',
      actor: 'officer',
    });
    expect(again.id).toBe(firstRunId);
    await expect(
      runtime.service.request({ scope: 'district:D1', month: '2026-04', idempotencyKey: 'march-1', actor: 'officer' }),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM settlement_runs`);
    expect(n).toBe(1);
  });

  it('recomputes a computed month with the same fingerprint; the new run supersedes the old one', async () => {
    const second = await runtime.service.request({
      scope: 'district:D1',
      month: MONTH,
      idempotencyKey: 'march-2',
      actor: 'officer',
    });
    expect(second.id).not.toBe(firstRunId);
    expect(second.supersedesRunId).toBe(firstRunId);
    await driver.drain();
    const done = await runtime.service.get(second.id);
    expect(done.status).toBe('computed');
    expect(done.fingerprint).toBe(firstFingerprint);
    expect((await runtime.service.get(firstRunId)).status).toBe('superseded');
  });

  it('changes the fingerprint when an amount changes', async () => {
    await db.dataSource.query(`UPDATE advances SET amount = 999999.99 WHERE reference = 'ADV-3'`);
    const third = await runtime.service.request({
      scope: 'district:D1',
      month: MONTH,
      idempotencyKey: 'march-3',
      actor: 'officer',
    });
    await driver.drain();
    const done = await runtime.service.get(third.id);
    expect(done.totals?.netPayable).toBe('14614380.01');
    expect(done.fingerprint).not.toBe(firstFingerprint);
    await db.dataSource.query(`UPDATE advances SET amount = 1000000.00 WHERE reference = 'ADV-3'`);
  });

  it('writes each line once when a chunk is delivered twice, even at the same time', async () => {
    // A driver whose queue nobody serves: the jobs are run here by hand.
    const idle = new InlineJobDriver();
    const manual = createSettlementRuntime({ dataSource: db.dataSource, driver: idle, options: { chunkSize: 3 } });
    const run = await manual.service.request({
      scope: 'district:D1',
      month: MONTH,
      idempotencyKey: 'march-manual',
      actor: 'officer',
    });
    const h = manual.handlers;
    await h[JobName.SettlementPlan]!({ runId: run.id }, jobCtx());
    const twins = await Promise.all([
      h[JobName.SettlementChunk]!({ runId: run.id, chunkNo: 1, chunkCount: 3 }, jobCtx()),
      h[JobName.SettlementChunk]!({ runId: run.id, chunkNo: 1, chunkCount: 3 }, jobCtx()),
    ]);
    expect(twins.map((t) => (t as { alreadyDone: boolean }).alreadyDone).sort()).toEqual([false, true]);
    expect(twins.map((t) => (t as { lines: number }).lines)).toEqual([3, 3]);
    // A late redelivery after the chunk committed returns the stored result and writes nothing.
    const late = await h[JobName.SettlementChunk]!({ runId: run.id, chunkNo: 1, chunkCount: 3 }, jobCtx());
    expect(late).toMatchObject({ chunkNo: 1, lines: 3, alreadyDone: true });
    for (const chunkNo of [2, 3])
      await h[JobName.SettlementChunk]!({ runId: run.id, chunkNo, chunkCount: 3 }, jobCtx());
    await h[JobName.SettlementCapitation]!({ runId: run.id, partNo: 1, partCount: 1 }, jobCtx());
    const finalized = await h[JobName.SettlementFinalize]!(
      { runId: run.id, chunkCount: 3, capitationPartCount: 1 },
      jobCtx(),
    );
    expect(finalized).toMatchObject({
      runId: run.id,
      status: 'computed',
      netPayable: '14614380.00',
      alreadyDone: false,
    });
    const again = await h[JobName.SettlementFinalize]!(
      { runId: run.id, chunkCount: 3, capitationPartCount: 1 },
      jobCtx(),
    );
    expect(again).toMatchObject({ runId: run.id, status: 'computed', alreadyDone: true });
    const [{ lines, cases }] = await db.dataSource.query(
      `SELECT count(*)::int AS lines, count(DISTINCT case_id)::int AS cases FROM settlement_lines WHERE run_id = $1`,
      [run.id],
    );
    expect({ lines, cases }).toEqual({ lines: 7, cases: 7 });
    const done = await manual.service.get(run.id);
    expect(done.status).toBe('computed');
    expect(done.fingerprint).toBe(firstFingerprint);
    await idle.close();
  });
});
