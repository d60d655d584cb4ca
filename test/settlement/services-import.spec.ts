// services.csv into the fee-for-service register: checked rows stored, the same file again changes
// nothing, and bad rows are reported with line, field and code while the rest is stored.
import { importServicesCsv } from '../../src/modules/settlement/services-import';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { seedGeography } from './support/settlement-world';

const FILE = [
  'facility_id,service_id,patient_id,service_code,mode,service_date,quantity',
  'F-PC,S-1,P-1,TM-VID-01,video,2026-03-05,1',
  'F-PC,S-2,P-2,FFS-001,,2026-03-06,2',
  'F-DH,S-1,P-3,FFS-006,,2026-03-31,',
  'F-XX,S-9,P-4,FFS-001,,2026-03-06,1',
  'F-PC,S-3,P-5,FFS-001,,2026-02-30,1',
  'F-PC,S-4,P-6,FFS-001,,2026-03-06,0',
].join('\n');

describe('importServicesCsv', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedGeography(db.dataSource);
  });
  afterAll(() => db?.drop());

  it('stores the good rows with district and month, and reports the others', async () => {
    const report = await importServicesCsv(db.dataSource, Buffer.from(FILE), 'services.csv');
    expect(report).toMatchObject({ received: 6, stored: 3, unchanged: 0, rejected: 3 });
    expect(report.errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [5, 'facility_id', 'FACILITY_UNKNOWN'],
      [6, 'service_date', 'FORMAT'],
      [7, 'quantity', 'FORMAT'],
    ]);
    const rows = await db.dataSource.query(
      `SELECT facility_id, service_id, service_code, service_date, quantity, district_code, month FROM services ORDER BY facility_id, service_id`,
    );
    expect(rows).toEqual([
      {
        facility_id: 'F-DH',
        service_id: 'S-1',
        service_code: 'FFS-006',
        service_date: '2026-03-31',
        quantity: 1,
        district_code: 'D1',
        month: '2026-03',
      },
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

  it('changes nothing when the same file comes again', async () => {
    const report = await importServicesCsv(db.dataSource, Buffer.from(FILE), 'services.csv');
    expect(report).toMatchObject({ received: 6, stored: 0, unchanged: 3, rejected: 3 });
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM services`);
    expect(n).toBe(3);
  });
});
