// `hisob demo` end to end, in-process, on the embedded default (a fresh PGlite folder, the inline job
// driver) whatever DATABASE_URL and REDIS_URL say: generate 2,000 cases (seed 2026), import, settle,
// summarise, write the reports. The figures are pinned for this seed and the sample book; the run
// must also add up: totals = sums of the statements, each net = its components.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { runDemo, type DemoResult } from '../../src/cli/demo/run-demo';
import { memoryIo } from '../../src/cli/io';
import { dec, ZERO } from '../../src/domain/money';
import type { StatementView } from '../../src/modules/settlement/runs/statement-view';

const EMBEDDED = {}; // no DATABASE_URL, no REDIS_URL

describe('hisob demo (generate, import, settle, report)', () => {
  let dir: string;
  let out: string;
  let io: ReturnType<typeof memoryIo>;
  let demo: DemoResult;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hisob-demo-'));
    out = join(dir, 'demo');
    io = memoryIo();
    demo = await runDemo({ cases: 2000, seed: 2026, outDir: out, env: EMBEDDED, shownOut: 'out/demo' }, io);
  }, 120000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('settles the generated month of the pilot region with the figures of seed 2026', () => {
    expect(demo.month).toBe('2026-03');
    expect(demo.scope).toBe('region:QA');
    expect(demo.run.status).toBe('computed');
    expect(demo.run.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(demo.imported).toEqual(PINNED.imported);
    expect(demo.run.totals).toEqual(PINNED.totals);
    expect(
      demo.statements.statements.map((s) => [
        s.facilityId,
        s.casesPriced,
        s.caseMixIndex,
        s.casesAmount,
        s.capitationPayable,
        s.feesAmount,
        s.advances,
        s.adjustments,
        s.netPayable,
      ]),
    ).toEqual(PINNED.statements);
  });

  it('adds up: every line of the month is paid once, totals are the sums, each net is its components', () => {
    const { statements, totals } = demo.statements;
    expect(demo.run.totals?.lines).toBe(demo.imported.stored);
    const sum = (pick: (s: StatementView) => string) => statements.reduce((a, s) => a.plus(dec(pick(s))), ZERO);
    const money: (keyof StatementView & keyof typeof totals)[] = [
      'casesAmount',
      'patientAmount',
      'capitationMonthly',
      'capitationWithheld',
      'capitationPayable',
      'feesAmount',
      'advances',
      'caseAdjustments',
      'otherAdjustments',
      'adjustments',
      'netPayable',
    ];
    for (const key of money) expect(`${key} ${sum((s) => s[key] as string).toFixed(2)}`).toBe(`${key} ${totals[key]}`);
    for (const key of ['casesPriced', 'casesError', 'casesPatient', 'enrolled', 'feesPaid', 'feesRejected'] as const) {
      expect(`${key} ${statements.reduce((a, s) => a + s[key], 0)}`).toBe(`${key} ${totals[key]}`);
    }
    expect(totals.casesPriced + totals.casesError).toBe(demo.run.totals?.lines);
    for (const s of statements) {
      const net = dec(s.casesAmount).plus(s.capitationPayable).plus(s.feesAmount).minus(s.advances).plus(s.adjustments);
      expect(`${s.facilityId} ${net.toFixed(2)}`).toBe(`${s.facilityId} ${s.netPayable}`);
      expect(dec(s.caseAdjustments).plus(s.otherAdjustments).toFixed(2)).toBe(s.adjustments);
      expect(dec(s.capitationMonthly).minus(s.capitationWithheld).toFixed(2)).toBe(s.capitationPayable);
    }
    // The demo's own money: advances of 1,800,000.00 per case filed with a hospital, one recovery.
    expect(demo.money.advances.total).toBe(totals.advances);
    expect(demo.money.adjustment).toEqual({
      facilityId: 'QA-KTB-DH',
      amount: '-2500000.00',
      reason: 'demo: recovery after the audit of 2026-02',
    });
    expect(totals.otherAdjustments).toBe('-2500000.00');
  });

  it('prints a summary per facility with the totals and the fingerprint', () => {
    const lines = io.stdout;
    expect(lines[0]).toBe(
      'Hisob demo: 2,000 cases of a sample pilot district, month 2026-03, book UZ-KZG-SAMPLE 2026.1',
    );
    expect(lines[1]).toBe(`  database  embedded PGlite, fresh, in ${join(out, 'db', 'pglite')}`);
    expect(lines[2]).toBe('  jobs      inline driver (in this process)');
    const imported = lines.findIndex((l) => /^ {2}cases +[\d,]+ received:/.test(l));
    expect(lines[imported]).toMatch(
      /^ {2}cases {8}2,000 received: 1,994 new, 0 changed, 0 unchanged, 6 rejected \(RANGE 4, REQUIRED 2\) \(\d+\.\d\d s\)$/,
    );
    expect(lines.slice(imported + 1, imported + 5)).toEqual([
      '    cases.csv:4 birth_date RANGE age at admission is over 125 years',
      '    cases.csv:540 principal_dx REQUIRED principal_dx is required',
      '    cases.csv:600 birth_date RANGE age at admission is over 125 years',
      '    … 3 more',
    ]);
    const header = lines.findIndex((l) => l.startsWith('Facility '));
    expect(lines[header]).toMatch(
      /^Facility\s+Name\s+Cases\s+CMI\s+Case payments\s+Capitation\s+Fees\s+Advances\s+Adjustments\s+Net payable \(UZS\)$/,
    );
    const rows = lines.slice(header + 2, header + 2 + demo.statements.statements.length);
    expect(rows.map((r) => r.split(/\s{2,}/)[0])).toEqual(PINNED.statements.map((s) => s[0]));
    expect(lines[header + 3 + rows.length]).toBe(PINNED.totalLine);
    expect(lines).toContain(`Fingerprint ${demo.run.fingerprint}`);
    expect(lines).toContain('  statements  out/demo/statements.csv');
    expect(lines).toContain('  workbook    out/demo/settlement.xlsx');
    expect(lines.at(-1)).toBe(`Next: HISOB_DATA_DIR=out/demo/db hisob settlement show|approve|close ${demo.run.id}`);
  });

  it('writes the statements as CSV and XLSX and the run summary', async () => {
    for (const f of ['district.json', 'enrolment.csv', 'cases.csv', 'services.csv', 'groups.csv'])
      expect(existsSync(join(out, f))).toBe(true);
    const csv = (await readFile(join(out, 'statements.csv'), 'utf8')).split('\r\n');
    expect(csv).toHaveLength(1 + demo.statements.statements.length + 1 + 1); // header, rows, total, final CRLF
    expect(csv.at(-2)).toMatch(new RegExp(`^Total,.*,${PINNED.totals.netPayable}$`));
    const summary = await readFile(join(out, 'summary.csv'), 'utf8');
    expect(summary).toContain(demo.run.fingerprint);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'settlement.xlsx'));
    const sheet = wb.getWorksheet('Statements')!;
    expect(sheet.getRow(2).getCell(1).value).toBe(PINNED.statements[0][0]);
    expect(sheet.getRow(demo.statements.statements.length + 2).getCell(1).value).toBe('Total');
  });

  it('starts again from an empty database on a second run: the same figures', async () => {
    const again = await runDemo({ cases: 2000, seed: 2026, outDir: out, env: EMBEDDED }, memoryIo());
    expect(again.run.id).not.toBe(demo.run.id);
    expect(again.run.supersedesRunId).toBeNull();
    expect(again.imported).toEqual(demo.imported);
    expect(again.run.totals).toEqual(demo.run.totals);
  }, 120000);

  it('never wipes a folder that is not a demo database', async () => {
    const other = join(dir, 'other');
    await mkdir(join(other, 'db', 'pglite'), { recursive: true });
    await writeFile(join(other, 'db', 'pglite', 'notes.txt'), 'keep me');
    await expect(runDemo({ cases: 10, seed: 1, outDir: other, env: EMBEDDED }, memoryIo())).rejects.toThrow(
      `${join(other, 'db', 'pglite')} holds files that are not a demo database: move them or choose another --out`,
    );
    expect(await readFile(join(other, 'db', 'pglite', 'notes.txt'), 'utf8')).toBe('keep me');
  });
});

// Observed once for seed 2026, 2,000 cases, UZ-KZG-SAMPLE 2026.1 and checked to add up (second test):
// [facility, cases priced, CMI, case payments, capitation paid now, fees, advances, adjustments, net payable].
const PINNED = {
  imported: { received: 2000, stored: 1994, rejected: 6 },
  totals: {
    facilities: 10,
    lines: 1994,
    casesPriced: 1976,
    casesError: 18,
    casesAmount: '7260797537.49',
    patientAmount: '117144845.00',
    capitationPayable: '2321774185.50',
    capitationWithheld: '257974909.50',
    feesAmount: '32595000.00',
    advances: '3218400000.00',
    adjustments: '-2500000.00',
    netPayable: '6394266722.99',
  },
  statements: [
    [
      'QA-KTB-DH',
      1219,
      '0.8054',
      '3910281431.29',
      '0.00',
      '2950000.00',
      '2210400000.00',
      '-2500000.00',
      '1700331431.29',
    ],
    ['QA-KTB-FP1', 96, '0.3005', '36100000.00', '617162175.00', '3215000.00', '0.00', '0.00', '656477175.00'],
    ['QA-KTB-FP2', 108, '0.2859', '42612500.00', '535244850.00', '3480000.00', '0.00', '0.00', '581337350.00'],
    ['QA-KTB-QVP01', 0, null, '0.00', '326846520.00', '3085000.00', '0.00', '0.00', '329931520.00'],
    ['QA-KTB-QVP02', 0, null, '0.00', '200949903.00', '4310000.00', '0.00', '0.00', '205259903.00'],
    ['QA-KTB-QVP03', 0, null, '0.00', '131628420.00', '2850000.00', '0.00', '0.00', '134478420.00'],
    ['QA-KTB-QVP04', 0, null, '0.00', '261974790.00', '3635000.00', '0.00', '0.00', '265609790.00'],
    ['QA-KTB-QVP05', 0, null, '0.00', '247967527.50', '3485000.00', '0.00', '0.00', '251452527.50'],
    ['QA-RH', 533, '1.2739', '2990066856.20', '0.00', '3320000.00', '970200000.00', '0.00', '2023186856.20'],
    ['RSC-CARD', 20, '2.9257', '281736750.00', '0.00', '2265000.00', '37800000.00', '0.00', '246201750.00'],
  ] as (string | number | null)[][],
  totalLine:
    'Total         10 facilities                 1,976  0.9003  7,260,797,537.49  2,321,774,185.50  32,595,000.00  3,218,400,000.00  -2,500,000.00   6,394,266,722.99',
};
