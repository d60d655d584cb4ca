// The CLI commands on the embedded default (inline driver): settle with a summary per facility and
// report files a spreadsheet opens, then approve, close and show.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { memoryIo } from '../../src/cli/io';
import { DEFAULT_JOB_CONFIG } from '../../src/jobs';
import { registerSettlementCommands } from '../../src/modules/settlement/cli/settlement-commands';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { seedWorld } from './support/settlement-world';

describe('hisob settle / hisob settlement', () => {
  let db: TestDatabase;
  let out: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedWorld(db.dataSource);
    out = await mkdtemp(join(tmpdir(), 'hisob-settle-'));
  });
  afterAll(async () => {
    await db?.drop();
    await rm(out, { recursive: true, force: true });
  });

  async function hisob(...args: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
    const io = memoryIo();
    let code = 0;
    const program = new Command('hisob').exitOverride();
    registerSettlementCommands(
      program,
      { io, setExitCode: (c) => (code = c) },
      {
        openDatabase: async () => ({ dataSource: db.dataSource, close: async () => undefined }),
        jobConfig: () => ({ ...DEFAULT_JOB_CONFIG }),
        actor: 'cli-test',
      },
    );
    await program.parseAsync(args, { from: 'user' });
    return { code, stdout: io.stdout, stderr: io.stderr };
  }

  let runId: string;

  it('settles a month, prints a summary per facility and writes the reports', async () => {
    const r = await hisob('settle', '--scope', 'district:D1', '--month', '2026-03', '--out', out, '--chunk-size', '2');
    expect(r.code).toBe(0);
    runId = /^Settlement ([0-9a-f-]{36}) of district:D1 for 2026-03 with UZ-KZG-SAMPLE 2026.1/.exec(r.stdout[0])![1];
    const table = r.stdout.slice(r.stdout.findIndex((l) => l.startsWith('Facility')));
    expect(table[0]).toMatch(
      /^Facility\s+Cases\s+Errors\s+CMI\s+Cases amount\s+Capitation\s+Fees\s+Advances\s+Adjustments\s+Net payable \(UZS\)$/,
    );
    expect(table[2]).toMatch(
      /^F-DH D1 district hospital\s+4\s+1\s+0\.6350\s+6,141,450\.00\s+0\.00\s+0\.00\s+1,000,000\.00\s+0\.00\s+5,141,450\.00$/,
    );
    expect(table[6]).toMatch(
      /^Total\s+6\s+1\s+0\.7867\s+15,253,850\.00\s+145,530\.00\s+265,000\.00\s+1,000,000\.00\s+-50,000\.00\s+14,614,380\.00$/,
    );
    expect(r.stdout.filter((l) => /^7 cases settled in \d+\.\d s\.$/.test(l))).toHaveLength(1);

    const csv = await readFile(join(out, 'statements.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'Facility ID,Facility,District,Level,Cases priced,Cases in error groups,Cases paid by patients,Case-mix index,' +
        'Cases amount (fund),Paid by patients,Enrolled persons,Capitation for the month,Capitation withheld,' +
        'Capitation paid now,Fees and telemedicine,Services paid,Services rejected,Advances paid,Case adjustments,' +
        'Other adjustments,Net payable',
    );
    expect(csv.split('\r\n')[2]).toBe(
      'F-PC,Family polyclinic,D1,district,0,0,0,,0.00,0.00,3,161700.00,16170.00,145530.00,265000.00,2,1,0.00,0.00,0.00,410530.00',
    );
    const groups = (await readFile(join(out, 'groups.csv'), 'utf8')).split('\r\n');
    expect(groups[0]).toBe('Facility ID,Group,Group name,Cases,Sum of effective weights,Amount (fund)');
    expect(groups.filter((l) => l.startsWith('F-RH,'))).toEqual([
      'F-RH,04M01B,"Pneumonia and lower respiratory infections without CC, age 18 and over",1,0.88,3678400.00',
      expect.stringMatching(/^F-RH,05M01B,[^,]+,1,1\.3,5434000\.00$/),
    ]);
  });

  it('writes a workbook with readable headers, number formats and a totals row', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'settlement.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Statements', 'Groups']);
    const sheet = wb.getWorksheet('Statements')!;
    expect(sheet.getRow(1).getCell(9).value).toBe('Cases amount (fund)');
    expect(sheet.getRow(1).font?.bold).toBe(true);
    const dh = sheet.getRow(2);
    expect(dh.getCell(1).value).toBe('F-DH');
    expect(dh.getCell(9).value).toBe(6141450);
    expect(dh.getCell(9).numFmt).toBe('#,##0.00');
    expect(dh.getCell(8).value).toBe(0.635);
    expect(dh.getCell(8).numFmt).toBe('0.0000');
    const total = sheet.getRow(5);
    expect(total.getCell(1).value).toBe('Total');
    expect(total.getCell(21).value).toBe(14614380);
    expect(total.getCell(20).value).toBe(-50000);
    expect(total.font?.bold).toBe(true);
    const summary = wb.getWorksheet('Summary')!;
    const net = summary.getRows(1, summary.rowCount)!.find((r) => r.getCell(1).value === 'Net payable')!;
    expect(net.getCell(2).value).toBe(14614380);
    expect(net.getCell(2).numFmt).toBe('#,##0.00');
  });

  it('approves, closes and shows the run', async () => {
    expect((await hisob('settlement', 'approve', runId)).stdout).toEqual([
      `Approved ${runId} (district:D1, 2026-03); net payable 14614380.00.`,
    ]);
    const closed = await hisob('settlement', 'close', runId);
    expect(closed.stdout[0]).toMatch(
      new RegExp(`^Closed 2026-03 for district:D1 with run ${runId} \\(fingerprint [0-9a-f]{64}\\)\\.$`),
    );
    const shown = await hisob('settlement', 'show', runId);
    expect(shown.stdout[1]).toBe('  scope district:D1, month 2026-03, book UZ-KZG-SAMPLE 2026.1: closed');
    await expect(hisob('settlement', 'close', runId)).rejects.toThrow(
      `run ${runId} is closed; this needs a run that is approved`,
    );
  });
});
