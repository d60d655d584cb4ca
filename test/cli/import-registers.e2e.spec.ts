// `hisob import advances` (and its siblings) end to end, in-process through runCli, against the
// database the environment names: the test's PostgreSQL database when DATABASE_URL is set, else the
// embedded PGlite in a fresh HISOB_DATA_DIR. Summary, rejected rows as `file:line column CODE
// message`, exit codes (--strict: 2), and what ends up in the database and the audit trail.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli';
import { memoryIo } from '../../src/cli/io';
import { openDataSource, type HisobDataSource } from '../../src/infra/database/data-source';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const ENV_KEYS = ['DATABASE_URL', 'HISOB_DATA_DIR', 'HISOB_ACTOR', 'REDIS_URL'] as const;

describe('hisob import services | advances | adjustments', () => {
  let dir: string;
  let db: TestDatabase | undefined;
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hisob-cli-registers-'));
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    if (process.env.DATABASE_URL?.trim()) {
      db = await createTestDatabase();
      process.env.DATABASE_URL = db.url;
    } else {
      delete process.env.DATABASE_URL;
      process.env.HISOB_DATA_DIR = join(dir, 'data');
    }
    delete process.env.REDIS_URL;
    process.env.HISOB_ACTOR = 'finance.cli';
    const district = {
      region: { code: 'R-T', name: 'Test region' },
      district: { code: 'D-T', name: 'Test district' },
      facilities: [
        { id: 'F-T1', name: 'Test hospital', type: 'district-hospital', level: 'district', district: 'D-T' },
        { id: 'F-T2', name: 'Test clinic', type: 'family-polyclinic', level: 'district', district: 'D-T' },
      ],
      licences: [],
    };
    await writeFile(join(dir, 'district.json'), JSON.stringify(district));
    const imported = await run('import', 'district', join(dir, 'district.json'), '--strict');
    if (imported.code !== 0) throw new Error(`import district: ${imported.err}`);
  }, 120000);
  afterAll(async () => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  async function run(...argv: string[]) {
    const io = memoryIo();
    const code = await runCli(argv, io);
    return { code, out: io.stdout, err: io.stderr.join('\n') };
  }

  /** Reads the database the CLI wrote (PGlite: opened after the command closed it). */
  async function query<T>(sql: string): Promise<T[]> {
    if (db) return db.dataSource.query(sql);
    const pglite: HisobDataSource = await openDataSource({ kind: 'pglite', dataDir: join(dir, 'data', 'pglite') });
    try {
      return await pglite.query(sql);
    } finally {
      await pglite.destroy();
    }
  }

  it('prints the summary and each rejected row, exits 2 with --strict, and stores the good rows', async () => {
    const file = join(dir, 'advances.csv');
    await writeFile(
      file,
      [
        'facility_id,month,amount,reference,paid_on',
        'F-T1,2026-03,1800000.00,PP-0301,2026-03-02',
        'F-T2,2026-03,10.005,PP-0302,',
        'F-T9,2026-03,250.00,PP-0303,',
        'F-T2,2026-03,420000.50,PP-0304,',
        '',
      ].join('\n'),
    );
    const first = await run('import', 'advances', file, '--strict');
    expect([first.code, first.err]).toEqual([2, '']);
    expect(first.out[0]).toMatch(/^Imported .*advances\.csv in \d+\.\d\d s \(import [0-9a-f-]{36}\)$/);
    expect(first.out.slice(1)).toEqual([
      '  received               4',
      '  stored                 2  new advances, 2,220,000.50 in all',
      '  unchanged              0  recorded already, left as they are',
      '  rejected               2  (FACILITY_UNKNOWN 1, TOO_MANY_DECIMALS 1)',
      'Rejected records:',
      '  advances.csv:3 amount TOO_MANY_DECIMALS amount 10.005 has more than 2 decimals (amounts are in sum and tiyin)',
      '  advances.csv:4 facility_id FACILITY_UNKNOWN facility F-T9 is not in the facility registry',
    ]);

    const again = await run('import', 'advances', file);
    expect(again.code).toBe(0);
    expect(again.out.slice(1, 5)).toEqual([
      '  received               4',
      '  stored                 0  new advances, 0.00 in all',
      '  unchanged              2  recorded already, left as they are',
      '  rejected               2  (FACILITY_UNKNOWN 1, TOO_MANY_DECIMALS 1)',
    ]);

    expect(
      await query(
        `SELECT facility_id, month, amount::text AS amount, reference, created_by FROM advances ORDER BY reference`,
      ),
    ).toEqual([
      { facility_id: 'F-T1', month: '2026-03', amount: '1800000.00', reference: 'PP-0301', created_by: 'finance.cli' },
      { facility_id: 'F-T2', month: '2026-03', amount: '420000.50', reference: 'PP-0304', created_by: 'finance.cli' },
    ]);
    expect(
      await query(`SELECT actor, entity, after FROM audit_log WHERE action = 'advances.import' ORDER BY id`),
    ).toEqual([
      { actor: 'finance.cli', entity: 'advances_import', after: { received: 4, stored: 2, unchanged: 0, rejected: 2 } },
      { actor: 'finance.cli', entity: 'advances_import', after: { received: 4, stored: 0, unchanged: 2, rejected: 2 } },
    ]);
  }, 60000);

  it('imports adjustments and services the same way', async () => {
    const adjustments = join(dir, 'adjustments.csv');
    await writeFile(
      adjustments,
      'facility_id,from_month,to_month,amount,reason\nF-T1,2026-02,2026-03,-75000.00,recovery after the February audit\n',
    );
    const adj = await run('import', 'adjustments', adjustments);
    expect(adj.code).toBe(0);
    expect(adj.out.slice(1)).toEqual([
      '  received               1',
      '  stored                 1  new adjustments, -75,000.00 in all',
      '  unchanged              0  recorded already, left as they are',
      '  rejected               0',
    ]);
    const services = join(dir, 'services.csv');
    await writeFile(
      services,
      'facility_id,service_id,patient_id,service_code,mode,service_date,quantity\nF-T2,S-1,P-1,FFS-001,,2026-03-04,2\n',
    );
    const svc = await run('import', 'services', services);
    expect(svc.code).toBe(0);
    expect(svc.out.slice(1, 3)).toEqual(['  received               1', '  stored                 1  new services']);
  }, 60000);

  it('refuses a missing or unreadable file with one line and exit code 1', async () => {
    const missing = await run('import', 'adjustments', join(dir, 'nowhere.csv'));
    expect([missing.code, missing.err]).toEqual([1, `hisob: no such file: ${join(dir, 'nowhere.csv')}`]);
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'facility_id,month,amount\nF-T1,2026-03,1.00\n');
    const unreadable = await run('import', 'advances', bad);
    expect([unreadable.code, unreadable.err]).toEqual([1, 'hisob: bad.csv:1 MISSING_COLUMN: missing column reference']);
  }, 60000);
});
