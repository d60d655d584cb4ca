// hisob import … run in-process against a test database: summaries, and rejected records printed as
// `file:line field code message`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerImportCommands } from '../../src/cli/commands/import';
import { memoryIo } from '../../src/cli/io';
import { userMessage } from '../../src/cli/errors';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ADMIN, caseCsv, caseLine } from './support/intake-fixtures';

describe('hisob import', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'hisob-cli-import-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
  });

  async function run(...args: string[]) {
    const io = memoryIo();
    let exitCode = 0;
    const program = new Command('hisob').exitOverride();
    registerImportCommands(
      program,
      { io, setExitCode: (c) => (exitCode = c) },
      { openDatabase: async () => ({ dataSource: db.dataSource, close: async () => undefined }), actor: ADMIN },
    );
    let error: string | undefined;
    await program
      .parseAsync(['import', ...args], { from: 'user' })
      .catch((e: unknown) => (error = userMessage(e) ?? String(e)));
    return { out: io.stdout, err: io.stderr, exitCode, error };
  }

  it('imports a district file, then cases, listing each rejected record', async () => {
    const district = {
      region: { code: 'UZ-SA', name: 'Samarqand' },
      district: { code: 'UZ-SA-URG', name: 'Urgut' },
      facilities: [
        {
          id: 'UZ-SA-URG-DH',
          name: 'Urgut hospital',
          type: 'district-hospital',
          level: 'district',
          district: 'UZ-SA-URG',
          capitationAdjustments: [],
        },
      ],
      licences: [],
    };
    await writeFile(join(dir, 'district.json'), JSON.stringify(district));
    const d = await run('district', join(dir, 'district.json'));
    expect(d.error).toBeUndefined();
    expect(d.out[0]).toMatch(/^Imported district\.json in \d+\.\d\d s: 1 records read, 0 rejected$/);
    expect(d.out.slice(1)).toEqual([
      '  regions            1 new, 0 updated, 0 unchanged',
      '  districts          1 new, 0 updated, 0 unchanged',
      '  facilities         1 new, 0 updated, 0 unchanged',
      '  licences           0 new, 0 updated, 0 unchanged',
    ]);

    const cases = caseCsv(
      caseLine({ facility_id: 'UZ-SA-URG-DH', claim_id: 'CLI-1' }),
      caseLine({ facility_id: 'UZ-SA-URG-DH', claim_id: 'CLI-2', sex: 'Q' }),
    );
    await writeFile(join(dir, 'cases.csv'), cases);
    const c = await run('cases', join(dir, 'cases.csv'), '--strict');
    expect(c.exitCode).toBe(2);
    expect(c.out.slice(1)).toEqual([
      '  received               2',
      '  inserted               1  new claims',
      '  superseded             0  changed claims (new version)',
      '  unchanged              0  resubmitted as they were',
      '  rejected               1  (ENUM 1)',
      'Rejected records:',
      '  cases.csv:3 sex ENUM sex must be one of M, F, U',
    ]);
  });

  it('reports an unusable file as one clear message', async () => {
    await writeFile(join(dir, 'bad.csv'), 'facility_id,claim_id,nonsense\n');
    const r = await run('cases', join(dir, 'bad.csv'));
    expect(r.error).toMatch(/^bad\.csv:1 UNKNOWN_COLUMN: unknown column "nonsense"/);
  });
});
