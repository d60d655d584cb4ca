// Recording the money registers a settlement reads besides the cases: advances, adjustments and
// services from CSV. Checked rows are stored, bad rows are reported with line, column, code and
// message while the rest is stored; the same file again changes nothing; a closed month is a row
// error (MONTH_CLOSED), never a crash; a facility outside the actor's scope reads as an unknown one;
// one audit entry per import; an import is stored whole or not at all. Then the imported rows enter
// the month's statements.
import type { Actor } from '../../src/modules/auth/actor';
import { importAdjustmentsCsv } from '../../src/modules/settlement/adjustments-import';
import { importAdvancesCsv } from '../../src/modules/settlement/advances-import';
import type { RegisterImportReport } from '../../src/modules/settlement/register-import';
import { importServicesRegisterCsv } from '../../src/modules/settlement/services-register-import';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { inlineSettlement, type InlineSettlement } from './support/run-month';
import { MONTH, seedGeography, seedWorld } from './support/settlement-world';

const ADMIN: Actor = {
  userId: 'u-admin',
  username: 'head.office',
  roles: ['admin'],
  districtCodes: [],
  facilityIds: [],
};
const OFFICER_D1: Actor = {
  userId: 'u-d1',
  username: 'officer.d1',
  roles: ['finance-officer'],
  districtCodes: ['D1'],
  facilityIds: [],
};

const csv = (...lines: string[]) => Buffer.from(lines.join('\n') + '\n');
const ADVANCES_HEADER = 'facility_id,month,amount,reference,paid_on';
const ADJUSTMENTS_HEADER = 'facility_id,from_month,to_month,amount,reason';
const SERVICES_HEADER = 'facility_id,service_id,patient_id,service_code,mode,service_date,quantity';

/** The report without what changes from run to run (id, time); errors as [line, column, code, message]. */
function summary(r: RegisterImportReport) {
  return {
    register: r.register,
    received: r.received,
    stored: r.stored,
    unchanged: r.unchanged,
    rejected: r.rejected,
    storedAmount: r.storedAmount,
    errorCounts: r.errorCounts,
    errorsOmitted: r.errorsOmitted,
    errors: r.errors.map((e) => [e.line, e.field, e.code, e.message]),
  };
}

describe('money registers: importers', () => {
  let db: TestDatabase;
  const q = <T = Record<string, unknown>>(sql: string, params?: unknown[]) =>
    db.dataSource.query(sql, params) as Promise<T[]>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedGeography(db.dataSource);
    // February is closed in D1 (settled and closed), January in D2.
    await q(
      `INSERT INTO settlement_months (district_code, month, status, closed_at, closed_by)
       VALUES ('D1', '2026-02', 'closed', now(), 'test'), ('D2', '2026-01', 'closed', now(), 'test')`,
    );
  });
  afterAll(() => db?.drop());

  describe('advances', () => {
    const FILE = csv(
      ADVANCES_HEADER,
      'F-DH,2026-03,1250000.00,PAY-301,2026-03-02',
      'F-RH,2026-03,750000.5,PAY-302,',
      'F-PC,2026-03,+300000,PAY 303/a,2026-03-05',
      'F-XX,2026-03,1000.00,PAY-304,',
      'F-DH,2026-02,1000.00,PAY-201,',
      'F-D2,2026-02,1000.00,PAY-D2,',
      'F-DH,2026-13,1000.00,PAY-305,',
      'F-DH,2026-03,1000.005,PAY-306,',
      'F-DH,2026-03,"1,000.00",PAY-307,',
      'F-DH,2026-03,0.00,PAY-308,',
      'F-DH,2026-03,-5.00,PAY-309,',
      'F-DH,2026-03,1e5,PAY-310,',
      'F-DH,2026-03,,PAY-311,',
      'F-DH,2026-03,10.00,,',
      'F-DH,2026-03,10.00,PAY-312,2026-02-30',
      'F-RH,2026-03,500.00,PAY-DUP,',
      'F-RH,2026-03,600.00,PAY-DUP,',
      'F-DH,2026-03,10.00',
      'F-DH,2026-03,12345678901234567.00,PAY-313,',
      'F-PC,2026-03,100.000,PAY-314,',
    );
    const REFUSED = [
      [5, 'facility_id', 'FACILITY_UNKNOWN', 'facility F-XX is not in the facility registry'],
      [6, 'month', 'MONTH_CLOSED', 'month 2026-02 is closed for district D1'],
      [8, 'month', 'FORMAT', 'month must be a month written YYYY-MM'],
      [9, 'amount', 'TOO_MANY_DECIMALS', 'amount 1000.005 has more than 2 decimals (amounts are in sum and tiyin)'],
      [10, 'amount', 'FORMAT', 'amount must be a plain decimal such as 1250000.00 (no spaces, separators or exponent)'],
      [11, 'amount', 'RANGE', 'amount must be greater than 0'],
      [12, 'amount', 'RANGE', 'amount must be greater than 0'],
      [13, 'amount', 'FORMAT', 'amount must be a plain decimal such as 1250000.00 (no spaces, separators or exponent)'],
      [14, 'amount', 'REQUIRED', 'amount is required'],
      [15, 'reference', 'REQUIRED', 'reference is required'],
      [16, 'paid_on', 'FORMAT', 'paid_on must be a real calendar date written YYYY-MM-DD'],
      [
        17,
        'reference',
        'DUPLICATE',
        'advance PAY-DUP of facility F-RH for 2026-03 appears 2 times in this file (lines 17, 18)',
      ],
      [
        18,
        'reference',
        'DUPLICATE',
        'advance PAY-DUP of facility F-RH for 2026-03 appears 2 times in this file (lines 17, 18)',
      ],
      [19, '', 'FIELD_COUNT', 'expected 5 fields, found 3 (is the line cut short or a quote missing?)'],
      [20, 'amount', 'RANGE', 'amount 12345678901234567.00 is too large'],
    ];
    const COUNTS = {
      DUPLICATE: 2,
      FACILITY_UNKNOWN: 1,
      FIELD_COUNT: 1,
      FORMAT: 4,
      MONTH_CLOSED: 1,
      RANGE: 3,
      REQUIRED: 2,
      TOO_MANY_DECIMALS: 1,
    };
    const advances = () =>
      q(
        `SELECT facility_id, month, amount::text AS amount, reference, to_char(paid_on, 'YYYY-MM-DD') AS paid_on, created_by
           FROM advances ORDER BY facility_id, month, advances.amount`,
      );
    const STORED = [
      {
        facility_id: 'F-D2',
        month: '2026-02',
        amount: '1000.00',
        reference: 'PAY-D2',
        paid_on: null,
        created_by: 'head.office',
      },
      {
        facility_id: 'F-DH',
        month: '2026-03',
        amount: '1250000.00',
        reference: 'PAY-301',
        paid_on: '2026-03-02',
        created_by: 'head.office',
      },
      {
        facility_id: 'F-PC',
        month: '2026-03',
        amount: '100.00',
        reference: 'PAY-314',
        paid_on: null,
        created_by: 'head.office',
      },
      {
        facility_id: 'F-PC',
        month: '2026-03',
        amount: '300000.00',
        reference: 'PAY 303/a',
        paid_on: '2026-03-05',
        created_by: 'head.office',
      },
      {
        facility_id: 'F-RH',
        month: '2026-03',
        amount: '750000.50',
        reference: 'PAY-302',
        paid_on: null,
        created_by: 'head.office',
      },
    ];

    it('stores the good rows exactly and reports every other row with line, column, code and message', async () => {
      const report = await importAdvancesCsv(db.dataSource, FILE, 'advances.csv', ADMIN);
      expect(summary(report)).toEqual({
        register: 'advances',
        received: 20,
        stored: 5,
        unchanged: 0,
        rejected: 15,
        // 1,250,000.00 + 750,000.50 + 300,000.00 + 1,000.00 + 100.00
        storedAmount: '2301100.50',
        errorCounts: COUNTS,
        errorsOmitted: 0,
        errors: REFUSED,
      });
      expect(report.errors[0]).toEqual({
        file: 'advances.csv',
        line: 5,
        path: 'advances.csv:5',
        field: 'facility_id',
        code: 'FACILITY_UNKNOWN',
        message: 'facility F-XX is not in the facility registry',
      });
      expect(await advances()).toEqual(STORED);
    });

    it('changes nothing when the same file comes again', async () => {
      const report = await importAdvancesCsv(db.dataSource, FILE, 'advances.csv', ADMIN);
      expect(summary(report)).toEqual({
        register: 'advances',
        received: 20,
        stored: 0,
        unchanged: 5,
        rejected: 15,
        storedAmount: '0.00',
        errorCounts: COUNTS,
        errorsOmitted: 0,
        errors: REFUSED,
      });
      expect(await advances()).toEqual(STORED);
    });

    it('refuses a recorded key with another amount or payment date, and takes the same value written otherwise', async () => {
      const report = await importAdvancesCsv(
        db.dataSource,
        csv(
          ADVANCES_HEADER,
          'F-DH,2026-03,1250000.01,PAY-301,2026-03-02',
          'F-RH,2026-03,750000.50,PAY-302,2026-03-03',
          'F-PC,2026-03,300000,PAY 303/a,2026-03-05',
          'F-DH,2026-04,1250000.00,PAY-301,',
        ),
        'april.csv',
        ADMIN,
      );
      expect(summary(report)).toEqual({
        register: 'advances',
        received: 4,
        stored: 1,
        unchanged: 1,
        rejected: 2,
        storedAmount: '1250000.00',
        errorCounts: { ADVANCE_CONFLICT: 2 },
        errorsOmitted: 0,
        errors: [
          [
            2,
            'amount',
            'ADVANCE_CONFLICT',
            'advance PAY-301 of facility F-DH for 2026-03 is already recorded with amount 1250000.00 paid on 2026-03-02: ' +
              'a recorded advance is not changed (record a difference as an adjustment)',
          ],
          [
            3,
            'paid_on',
            'ADVANCE_CONFLICT',
            'advance PAY-302 of facility F-RH for 2026-03 is already recorded with amount 750000.50 and no payment date: ' +
              'a recorded advance is not changed (record a difference as an adjustment)',
          ],
        ],
      });
      const [dh] = await q(
        `SELECT amount::text AS amount FROM advances WHERE reference = 'PAY-301' AND month = '2026-03'`,
      );
      expect(dh).toEqual({ amount: '1250000.00' });
      const [{ n }] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM advances`);
      expect(n).toBe(6);
    });

    it('limits a finance officer to their districts: another district reads as an unknown facility, closed month or not', async () => {
      const report = await importAdvancesCsv(
        db.dataSource,
        csv(
          ADVANCES_HEADER,
          'F-D2,2026-03,500.00,OFF-1,',
          'F-D2,2026-01,500.00,OFF-2,',
          'F-NONE,2026-03,500.00,OFF-3,',
          'F-DH,2026-02,500.00,OFF-4,',
          'F-DH,2026-05,500.00,OFF-5,',
        ),
        'officer.csv',
        OFFICER_D1,
      );
      expect(summary(report)).toEqual({
        register: 'advances',
        received: 5,
        stored: 1,
        unchanged: 0,
        rejected: 4,
        storedAmount: '500.00',
        errorCounts: { FACILITY_UNKNOWN: 3, MONTH_CLOSED: 1 },
        errorsOmitted: 0,
        errors: [
          // D2's January is closed, but the officer is not told anything about D2.
          [2, 'facility_id', 'FACILITY_UNKNOWN', 'no facility F-D2 that you may record advances for'],
          [3, 'facility_id', 'FACILITY_UNKNOWN', 'no facility F-D2 that you may record advances for'],
          [4, 'facility_id', 'FACILITY_UNKNOWN', 'no facility F-NONE that you may record advances for'],
          [5, 'month', 'MONTH_CLOSED', 'month 2026-02 is closed for district D1'],
        ],
      });
      expect(await q(`SELECT facility_id, month, created_by FROM advances WHERE reference LIKE 'OFF-%'`)).toEqual([
        { facility_id: 'F-DH', month: '2026-05', created_by: 'officer.d1' },
      ]);
    });

    it('stores an import whole or not at all: a failure after the checks leaves nothing of the file', async () => {
      // A trigger of this test refuses one row at insert time, after every check has passed.
      await q(`CREATE FUNCTION test_refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN
                 IF NEW.reference = 'BOOM' THEN RAISE EXCEPTION 'boom'; END IF;
                 RETURN NEW;
               END $$`);
      await q(
        `CREATE TRIGGER test_refuse_boom BEFORE INSERT ON advances FOR EACH ROW EXECUTE FUNCTION test_refuse_boom()`,
      );
      try {
        const before = await q(`SELECT count(*)::int AS n FROM advances`);
        await expect(
          importAdvancesCsv(
            db.dataSource,
            csv(
              ADVANCES_HEADER,
              'F-DH,2026-06,100.00,JUNE-1,',
              'F-RH,2026-06,200.00,BOOM,',
              'F-PC,2026-06,300.00,JUNE-3,',
            ),
            'june.csv',
            ADMIN,
          ),
        ).rejects.toThrow('boom');
        expect(await q(`SELECT count(*)::int AS n FROM advances`)).toEqual(before);
        expect(await q(`SELECT 1 FROM advances WHERE month = '2026-06'`)).toEqual([]);
        const failed = await q(
          `SELECT actor, entity, after, context->>'file' AS file FROM audit_log WHERE action = 'advances.import.failed'`,
        );
        expect(failed).toEqual([{ actor: 'head.office', entity: 'advances_import', after: null, file: 'june.csv' }]);
      } finally {
        await q(`DROP TRIGGER test_refuse_boom ON advances`);
        await q(`DROP FUNCTION test_refuse_boom()`);
      }
    });

    it('lets one of two concurrent imports of a key with different amounts store it; the other is a conflict', async () => {
      const one = (amount: string) =>
        importAdvancesCsv(db.dataSource, csv(ADVANCES_HEADER, `F-RH,2026-07,${amount},RACE-1,`), 'race.csv', ADMIN);
      let reports: RegisterImportReport[];
      if (db.dataSource.kind === 'postgres') {
        // Both imports are made to overlap: a transaction of the test holds the month row, so each
        // waits (at the month lock, or before it at the facility lock) until both are under way. Without
        // the facility lock both would find no advance, and the second would skip its insert silently.
        await q(`INSERT INTO settlement_months (district_code, month) VALUES ('D1', '2026-07')`);
        const holder = db.dataSource.createQueryRunner();
        await holder.connect();
        try {
          await holder.startTransaction();
          await holder.query(
            `SELECT 1 FROM settlement_months WHERE district_code = 'D1' AND month = '2026-07' FOR UPDATE`,
          );
          const racing = Promise.all([one('700.00'), one('800.00')]);
          for (let waited = 0; ; waited += 20) {
            const [{ n }] = await q<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            );
            if (n >= 2) break;
            if (waited > 10000) throw new Error('the two imports never waited together');
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          await holder.commitTransaction();
          reports = await racing;
        } finally {
          if (holder.isTransactionActive) await holder.rollbackTransaction();
          await holder.release();
        }
      } else {
        // PGlite has one session: the imports run one after the other whatever the code does.
        reports = await Promise.all([one('700.00'), one('800.00')]);
      }
      const stored = reports.filter((r) => r.stored === 1);
      const refused = reports.filter((r) => r.rejected === 1);
      expect([stored.length, refused.length]).toEqual([1, 1]);
      const [row] = await q<{ amount: string }>(
        `SELECT amount::text AS amount FROM advances WHERE reference = 'RACE-1'`,
      );
      expect(stored[0].storedAmount).toBe(row.amount);
      expect(refused[0].errors.map((e) => [e.code, e.message])).toEqual([
        [
          'ADVANCE_CONFLICT',
          `advance RACE-1 of facility F-RH for 2026-07 is already recorded with amount ${row.amount} and no payment date: ` +
            'a recorded advance is not changed (record a difference as an adjustment)',
        ],
      ]);
    });

    it('writes one audit entry per import with the counts', async () => {
      const entries = await q<{
        actor: string;
        entity: string;
        after: Record<string, number>;
        context: Record<string, unknown>;
      }>(`SELECT actor, entity, after, context FROM audit_log WHERE action = 'advances.import' ORDER BY id`);
      // The first five imports of this file (the failed one has its own entry); the race wrote two.
      expect(entries.map((e) => [e.actor, e.entity, e.after])).toEqual([
        ['head.office', 'advances_import', { received: 20, stored: 5, unchanged: 0, rejected: 15 }],
        ['head.office', 'advances_import', { received: 20, stored: 0, unchanged: 5, rejected: 15 }],
        ['head.office', 'advances_import', { received: 4, stored: 1, unchanged: 1, rejected: 2 }],
        ['officer.d1', 'advances_import', { received: 5, stored: 1, unchanged: 0, rejected: 4 }],
        ['head.office', 'advances_import', expect.objectContaining({ received: 1 })],
        ['head.office', 'advances_import', expect.objectContaining({ received: 1 })],
      ]);
      expect(entries[0].context).toEqual({ file: 'advances.csv', errorCounts: COUNTS, storedAmount: '2301100.50' });
    });
  });

  describe('adjustments', () => {
    const FILE = csv(
      ADJUSTMENTS_HEADER,
      'F-RH,2026-01,2026-03,-50000.00,recovery after the audit of January',
      'F-DH,2026-02,2026-03,125000.5,"late claim DH-9, paid in March"',
      'F-DH,2026-01,2026-02,1000.00,paid into a closed month',
      'F-DH,2026-03,2026-03,1000.00,same month',
      'F-DH,2026-03,2026-02,1000.00,backwards',
      'F-DH,2026-01,2026-03,-0.00,nothing',
      'F-DH,2026-01,2026-03,-0.001,too fine',
      'F-DH,2026-01,2026-03,100.00,',
      'F-XX,2026-01,2026-03,100.00,unknown facility',
      'F-PC,2026-01,2026-03,200.00,twice',
      'F-PC,2026-01,2026-03,200.00,twice',
      'F-PC,2026-01,2026-03,200.00,twice again',
      'F-PC,2026-1,2026-03,200.00,short month',
    );
    const REFUSED = [
      [4, 'to_month', 'MONTH_CLOSED', 'month 2026-02 is closed for district D1'],
      [5, 'to_month', 'RANGE', 'to_month must be later than from_month (2026-03)'],
      [6, 'to_month', 'RANGE', 'to_month must be later than from_month (2026-03)'],
      [7, 'amount', 'RANGE', 'amount must not be 0'],
      [8, 'amount', 'TOO_MANY_DECIMALS', 'amount -0.001 has more than 2 decimals (amounts are in sum and tiyin)'],
      [9, 'reason', 'REQUIRED', 'reason is required'],
      [10, 'facility_id', 'FACILITY_UNKNOWN', 'facility F-XX is not in the facility registry'],
      [
        11,
        'reason',
        'DUPLICATE',
        'the same adjustment of facility F-PC (2026-01 paid in 2026-03, 200.00) appears 2 times in this file (lines 11, 12); give each a reason of its own',
      ],
      [
        12,
        'reason',
        'DUPLICATE',
        'the same adjustment of facility F-PC (2026-01 paid in 2026-03, 200.00) appears 2 times in this file (lines 11, 12); give each a reason of its own',
      ],
      [14, 'from_month', 'FORMAT', 'from_month must be a month written YYYY-MM'],
    ];
    const COUNTS = {
      DUPLICATE: 2,
      FACILITY_UNKNOWN: 1,
      FORMAT: 1,
      MONTH_CLOSED: 1,
      RANGE: 3,
      REQUIRED: 1,
      TOO_MANY_DECIMALS: 1,
    };
    const STORED = [
      {
        facility_id: 'F-DH',
        from_month: '2026-02',
        to_month: '2026-03',
        amount: '125000.50',
        reason: 'late claim DH-9, paid in March',
      },
      { facility_id: 'F-PC', from_month: '2026-01', to_month: '2026-03', amount: '200.00', reason: 'twice again' },
      {
        facility_id: 'F-RH',
        from_month: '2026-01',
        to_month: '2026-03',
        amount: '-50000.00',
        reason: 'recovery after the audit of January',
      },
    ];
    const adjustments = () =>
      q(
        `SELECT facility_id, from_month, to_month, amount::text AS amount, reason FROM adjustments
          ORDER BY facility_id, from_month, adjustments.amount`,
      );

    it('stores the good rows, signed and exact, and reports the others', async () => {
      const report = await importAdjustmentsCsv(db.dataSource, FILE, 'adjustments.csv', ADMIN);
      expect(summary(report)).toEqual({
        register: 'adjustments',
        received: 13,
        stored: 3,
        unchanged: 0,
        rejected: 10,
        storedAmount: '75200.50', // −50,000.00 + 125,000.50 + 200.00
        errorCounts: COUNTS,
        errorsOmitted: 0,
        errors: REFUSED,
      });
      expect(await adjustments()).toEqual(STORED);
      const [{ created_by }] = await q(`SELECT DISTINCT created_by FROM adjustments`);
      expect(created_by).toBe('head.office');
    });

    it('leaves an identical row as it is (the same amount written otherwise too), and stores a different one', async () => {
      const again = await importAdjustmentsCsv(db.dataSource, FILE, 'adjustments.csv', ADMIN);
      expect(summary(again)).toMatchObject({
        received: 13,
        stored: 0,
        unchanged: 3,
        rejected: 10,
        storedAmount: '0.00',
      });
      const other = await importAdjustmentsCsv(
        db.dataSource,
        csv(
          ADJUSTMENTS_HEADER,
          'F-RH,2026-01,2026-03,-50000,recovery after the audit of January',
          'F-RH,2026-01,2026-03,-50000.01,recovery after the audit of January',
        ),
        'more.csv',
        ADMIN,
      );
      expect(summary(other)).toEqual({
        register: 'adjustments',
        received: 2,
        stored: 1,
        unchanged: 1,
        rejected: 0,
        storedAmount: '-50000.01',
        errorCounts: {},
        errorsOmitted: 0,
        errors: [],
      });
      expect(await adjustments()).toEqual([STORED[0], STORED[1], { ...STORED[2], amount: '-50000.01' }, STORED[2]]);
    });

    it("refuses another district's facility as an unknown one for a finance officer", async () => {
      const report = await importAdjustmentsCsv(
        db.dataSource,
        csv(ADJUSTMENTS_HEADER, 'F-D2,2025-12,2026-03,10.00,not yours', 'F-DH,2025-12,2026-04,10.00,yours'),
        'officer.csv',
        OFFICER_D1,
      );
      expect(summary(report)).toEqual({
        register: 'adjustments',
        received: 2,
        stored: 1,
        unchanged: 0,
        rejected: 1,
        storedAmount: '10.00',
        errorCounts: { FACILITY_UNKNOWN: 1 },
        errorsOmitted: 0,
        errors: [[2, 'facility_id', 'FACILITY_UNKNOWN', 'no facility F-D2 that you may record adjustments for']],
      });
      const audit = await q(`SELECT actor, after FROM audit_log WHERE action = 'adjustments.import' ORDER BY id`);
      expect(audit).toEqual([
        { actor: 'head.office', after: { received: 13, stored: 3, unchanged: 0, rejected: 10 } },
        { actor: 'head.office', after: { received: 13, stored: 0, unchanged: 3, rejected: 10 } },
        { actor: 'head.office', after: { received: 2, stored: 1, unchanged: 1, rejected: 0 } },
        { actor: 'officer.d1', after: { received: 2, stored: 1, unchanged: 0, rejected: 1 } },
      ]);
    });
  });

  describe('services', () => {
    const FILE = csv(
      SERVICES_HEADER,
      'F-PC,S-1,P-1,TM-VID-01,video,2026-03-05,1',
      'F-PC,S-2,P-2,FFS-001,,2026-03-06,2',
      'F-DH,S-1,P-3,FFS-006,,2026-02-27,',
      'F-D2,S-1,P-4,FFS-001,,2026-03-06,1',
      'F-PC,S-3,P-5,FFS-001,,2026-02-30,1',
      'F-PC,S-4,P-6,FFS-001,,2026-03-06,0',
    );

    it('stores the good rows with district and month, scoped to the officer, closed months refused', async () => {
      const report = await importServicesRegisterCsv(db.dataSource, FILE, 'services.csv', OFFICER_D1);
      expect(summary(report)).toEqual({
        register: 'services',
        received: 6,
        stored: 2,
        unchanged: 0,
        rejected: 4,
        storedAmount: null,
        errorCounts: { FACILITY_UNKNOWN: 1, FORMAT: 2, MONTH_CLOSED: 1 },
        errorsOmitted: 0,
        errors: [
          [4, 'service_date', 'MONTH_CLOSED', 'month 2026-02 is closed for district D1'],
          [5, 'facility_id', 'FACILITY_UNKNOWN', 'no facility F-D2 that you may record services for'],
          [6, 'service_date', 'FORMAT', 'service_date must be a real calendar date written YYYY-MM-DD'],
          [7, 'quantity', 'FORMAT', 'quantity must be a whole number ≥ 1'],
        ],
      });
      expect(
        await q(
          `SELECT facility_id, service_id, service_code, to_char(service_date, 'YYYY-MM-DD') AS service_date, quantity,
                  district_code, month FROM services ORDER BY facility_id, service_id`,
        ),
      ).toEqual([
        {
          facility_id: 'F-PC',
          service_id: 'S-1',
          service_code: 'TM-VID-01',
          service_date: '2026-03-05',
          quantity: 1,
          district_code: 'D1',
          month: '2026-03',
        },
        {
          facility_id: 'F-PC',
          service_id: 'S-2',
          service_code: 'FFS-001',
          service_date: '2026-03-06',
          quantity: 2,
          district_code: 'D1',
          month: '2026-03',
        },
      ]);
    });

    it('changes nothing when the same file comes again (the administrator stores the other district)', async () => {
      const report = await importServicesRegisterCsv(db.dataSource, FILE, 'services.csv', ADMIN);
      expect(summary(report)).toMatchObject({ received: 6, stored: 1, unchanged: 2, rejected: 3 });
      const rows = await q(`SELECT facility_id, service_id FROM services ORDER BY facility_id, service_id`);
      expect(rows).toEqual([
        { facility_id: 'F-D2', service_id: 'S-1' },
        { facility_id: 'F-PC', service_id: 'S-1' },
        { facility_id: 'F-PC', service_id: 'S-2' },
      ]);
      const audit = await q(`SELECT actor, entity, after FROM audit_log WHERE action = 'services.import' ORDER BY id`);
      expect(audit).toEqual([
        {
          actor: 'officer.d1',
          entity: 'services_import',
          after: { received: 6, stored: 2, unchanged: 0, rejected: 4 },
        },
        {
          actor: 'head.office',
          entity: 'services_import',
          after: { received: 6, stored: 1, unchanged: 2, rejected: 3 },
        },
      ]);
    });
  });

  it('refuses a file that cannot be read at all, storing nothing', async () => {
    await expect(
      importAdvancesCsv(db.dataSource, csv('facility_id,month,amount', 'F-DH,2026-03,1.00'), 'short.csv', ADMIN),
    ).rejects.toThrow('short.csv:1 MISSING_COLUMN: missing column reference');
    await expect(
      importAdjustmentsCsv(db.dataSource, csv(`${ADJUSTMENTS_HEADER},note`), 'extra.csv', ADMIN),
    ).rejects.toThrow('extra.csv:1 UNKNOWN_COLUMN: unknown column "note"');
  });
});

describe('money registers: what the statement makes of imported rows', () => {
  let db: TestDatabase;
  let s: InlineSettlement;

  beforeAll(async () => {
    db = await createTestDatabase();
    // March of D1 as the settlement specs know it: F-DH has advance ADV-3 of 1,000,000.00, F-RH an
    // adjustment of −50,000.00, F-PC three services (265,000.00 of fees).
    await seedWorld(db.dataSource);
    s = await inlineSettlement(db.dataSource);
  });
  afterAll(async () => {
    await s?.driver.close();
    await db?.drop();
  });

  it('subtracts imported advances, adds imported adjustments and pays imported services', async () => {
    const advances = await importAdvancesCsv(
      db.dataSource,
      csv(ADVANCES_HEADER, 'F-DH,2026-03,1000000,ADV-3,', 'F-DH,2026-03,250000.25,ADV-3B,2026-03-10'),
      'advances.csv',
      OFFICER_D1,
    );
    expect([advances.stored, advances.unchanged, advances.rejected]).toEqual([1, 1, 0]);
    const adjustments = await importAdjustmentsCsv(
      db.dataSource,
      csv(ADJUSTMENTS_HEADER, 'F-DH,2026-02,2026-03,-10000.10,recovery after the audit of February'),
      'adjustments.csv',
      OFFICER_D1,
    );
    expect([adjustments.stored, adjustments.rejected]).toEqual([1, 0]);
    const services = await importServicesRegisterCsv(
      db.dataSource,
      csv(SERVICES_HEADER, 'F-PC,S-4,P-7,FFS-001,,2026-03-20,1'),
      'services.csv',
      OFFICER_D1,
    );
    expect([services.stored, services.rejected]).toEqual([1, 0]);

    const runId = await s.settle('district:D1', MONTH, 'march-with-imports');
    const { statements, totals } = await s.runtime.service.statements(runId);
    const figures = statements.map((st) => [
      st.facilityId,
      st.casesAmount,
      st.capitationPayable,
      st.feesAmount,
      st.advances,
      st.otherAdjustments,
      st.netPayable,
    ]);
    expect(figures).toEqual([
      // 6,141,450.00 − (1,000,000.00 + 250,000.25) − 10,000.10
      ['F-DH', '6141450.00', '0.00', '0.00', '1250000.25', '-10000.10', '4881449.65'],
      // 145,530.00 + 265,000.00 + 85,000.00 (FFS-001 once more)
      ['F-PC', '0.00', '145530.00', '350000.00', '0.00', '0.00', '495530.00'],
      ['F-RH', '9112400.00', '0.00', '0.00', '0.00', '-50000.00', '9062400.00'],
    ]);
    expect(totals).toMatchObject({ advances: '1250000.25', otherAdjustments: '-60000.10', netPayable: '14439379.65' });
  });
});
