// The hisob CLI end to end, in-process: a tiny book written to disk, a generated month, priced.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli';
import { memoryIo } from '../../src/cli/io';
import { formatAmount } from '../../src/cli/support/price-summary';
import { TINY_BOOK_FILES, TINY_CASE_MIX_CSV } from '../../src/domain/generator/tiny-fixture';
import { Dec, ZERO } from '../../src/domain/money';

let dir: string;
let book: string;
let caseMix: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hisob-cli-'));
  book = join(dir, 'book');
  await mkdir(book);
  for (const [name, text] of TINY_BOOK_FILES) await writeFile(join(book, name), text);
  caseMix = join(dir, 'case-mix.csv');
  await writeFile(caseMix, TINY_CASE_MIX_CSV);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await runCli(argv, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

const lines = async (path: string) => (await readFile(path, 'utf8')).split('\n').filter((l) => l !== '');

function generate(out: string, ...extra: string[]) {
  return run(
    'generate',
    '--book',
    book,
    '--case-mix',
    caseMix,
    '--seed',
    '7',
    '--cases',
    '300',
    '--month',
    '2026-03',
    '--out',
    out,
    ...extra,
  );
}

describe('hisob book validate', () => {
  it('prints the summary of a valid book', async () => {
    const r = await run('book', 'validate', book);
    expect(r.code).toBe(0);
    expect(r.out).toContain('TINY 1: Tiny test book (illustrative figures)');
    expect(r.out).toMatch(/diagnoses\s+12\n/);
    expect(r.out).toMatch(/groups\s+5 {2}\(1 error groups\)/);
    expect(r.out).toMatch(/logic rows\s+5\n/);
    expect(r.out).toContain('OK: the book is valid.');
  });

  it('lists every problem of a broken book and exits 1', async () => {
    const broken = join(dir, 'broken');
    await mkdir(broken, { recursive: true });
    for (const [name, text] of TINY_BOOK_FILES) await writeFile(join(broken, name), text);
    await writeFile(join(broken, 'groups.csv'), TINY_BOOK_FILES.get('groups.csv')!.replace(',0.5,0,', ',"0,5",0,'));
    await writeFile(
      join(broken, 'base-rates.csv'),
      'care_setting,region,valid_from,amount\ninpatient,,2026-02-30,4200\n',
    );
    const r = await run('book', 'validate', broken);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')).toEqual([
      expect.stringMatching(/^groups\.csv:2 \[weight\] INVALID_DECIMAL: /),
      expect.stringMatching(/^base-rates\.csv:2 \[valid_from\] INVALID_DATE: /),
    ]);
    expect(r.err).toBe(`hisob: ${broken}: 2 problems; the book is not valid`);
  });
});

describe('hisob generate', () => {
  it('writes the district, enrolment, cases and services of a month', async () => {
    const out = join(dir, 'gen');
    const r = await generate(out, '--services', '40');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const district = JSON.parse(await readFile(join(out, 'district.json'), 'utf8'));
    const enrolled = district.facilities.reduce(
      (n: number, f: { enrolledPopulation: number }) => n + f.enrolledPopulation,
      0,
    );
    expect(await lines(join(out, 'cases.csv'))).toHaveLength(301);
    expect(await lines(join(out, 'enrolment.csv'))).toHaveLength(enrolled + 1);
    expect(await lines(join(out, 'services.csv'))).toHaveLength(41);
    expect((await lines(join(out, 'cases.csv')))[0]).toBe(
      'facility_id,claim_id,patient_id,birth_date,sex,admission_at,discharge_at,admission_type,referral_id,discharge_mode,care_setting,principal_dx,secondary_dx,procedures,birth_weight_g,department,flags',
    );
    expect(r.out).toContain('month 2026-03, seed 7');
    expect(r.out).toMatch(/cases\s+300 {2}\(/);
    expect(r.out).toMatch(/enrolled\s+[\d,]+ {2}persons/);
    expect(existsSync(join(out, 'cases.csv.partial'))).toBe(false);
  });

  it('writes the same files for the same seed, as CSV or JSON Lines', async () => {
    const a = join(dir, 'same-a');
    const b = join(dir, 'same-b');
    expect((await generate(a)).code).toBe(0);
    expect((await generate(b, '--format', 'jsonl')).code).toBe(0);
    expect(await readFile(join(a, 'cases.csv'), 'utf8')).toBe(await readFile(join(dir, 'gen', 'cases.csv'), 'utf8'));
    expect(await readFile(join(a, 'enrolment.csv'), 'utf8')).toBe(await readFile(join(b, 'enrolment.csv'), 'utf8'));
    expect(await lines(join(b, 'cases.jsonl'))).toHaveLength(300);
  });

  it('refuses bad options with one clear line and no stack trace', async () => {
    const bad = await run('generate', '--cases', 'many');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("error: option '--cases <n>' argument 'many' is invalid. expected a whole number >= 0.");
    const month = await run('generate', '--month', '2026-13');
    expect(month.code).toBe(1);
    expect(month.err).toContain('expected a month as YYYY-MM.');
    const outside = await generate(join(dir, 'outside'), '--month', '2025-06');
    expect(outside.code).toBe(1);
    expect(outside.err).toBe('hisob: month 2025-06 is outside the validity of book TINY 1 (2026-01-01 – open)');
    const noBook = await run('generate', '--book', join(dir, 'nowhere'));
    expect(noBook.code).toBe(1);
    expect(noBook.err).toBe(`hisob: tariff book directory not found: ${join(dir, 'nowhere')}`);
    expect(noBook.err).not.toContain('    at ');
  });
});

describe('hisob price', () => {
  it('prices a generated month, writing results whose amounts add up to the summary totals', async () => {
    const out = join(dir, 'gen');
    const results = join(out, 'results.csv');
    const r = await run(
      'price',
      '--book',
      book,
      '--cases',
      join(out, 'cases.csv'),
      '--out',
      results,
      '--district',
      join(out, 'district.json'),
      '--explain',
    );
    expect(r.code).toBe(0);
    const rows = await lines(results);
    expect(rows).toHaveLength(301);
    expect(rows[0]).toBe(
      'facility_id,claim_id,group,return_code,row_id,status,coverage,coverage_reason,effective_weight,amount,fund_amount,patient_amount,explanation',
    );
    let total = ZERO;
    let errors = 0;
    for (const row of rows.slice(1)) {
      const cells = row.split(',');
      total = total.plus(new Dec(cells[9]));
      if (cells[5] === 'error') errors++;
    }
    expect(r.out).toMatch(/rows read\s+300\n/);
    expect(r.out).toMatch(new RegExp(`error groups\\s+${errors}\\n`));
    expect(r.out).toMatch(/rejected rows\s+0\n/);
    expect(r.out).toContain(`  amount   ${formatAmount(total, 2).padStart(16)}`);
    expect(r.out).toContain('Top groups by count');
  });

  it('gives the same amounts from the JSON Lines file', async () => {
    const csv = await lines(join(dir, 'gen', 'results.csv'));
    const jsonl = join(dir, 'same-b', 'results.jsonl');
    const r = await run(
      'price',
      '--book',
      book,
      '--cases',
      join(dir, 'same-b', 'cases.jsonl'),
      '--out',
      jsonl,
      '--district',
      join(dir, 'same-b', 'district.json'),
    );
    expect(r.code).toBe(0);
    const fromJson = (await lines(jsonl)).map((l) => JSON.parse(l));
    expect(fromJson.map((x) => `${x.facilityId},${x.claimId},${x.amount}`)).toEqual(
      csv.slice(1).map((row) => {
        const c = row.split(',');
        return `${c[0]},${c[1]},${c[9]}`;
      }),
    );
  });

  it('reports rejected rows and unknown facilities, and prices the rest', async () => {
    const cases = await lines(join(dir, 'gen', 'cases.csv'));
    const bad = join(dir, 'bad.csv');
    const broken = cases[2].replace(/,(M|F),/, ',X,');
    const unknownFacility = cases[3].replace(/^[^,]+/, 'NOWHERE');
    await writeFile(bad, [cases[0], cases[1], broken, unknownFacility, 'only,three,cells', cases[4]].join('\n'));
    const results = join(dir, 'bad-results.csv');
    const r = await run(
      'price',
      '--book',
      book,
      '--cases',
      bad,
      '--out',
      results,
      '--district',
      join(dir, 'gen', 'district.json'),
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rows read\s+5\n/);
    expect(r.out).toMatch(/rejected rows\s+3\n/);
    expect(r.out).toContain('bad.csv:3 [sex] INVALID_VALUE: "X" is not one of M, F, U');
    expect(r.out).toContain(
      'bad.csv:4 [facility_id] UNKNOWN_FACILITY: facility "NOWHERE" is not in the district\'s facility list',
    );
    expect(r.out).toContain('bad.csv:5 FIELD_COUNT: expected 17 fields, found 3');
    expect(await lines(results)).toHaveLength(3);
    expect(await lines(join(dir, 'bad-results.rejected.csv'))).toEqual([
      'file,line,field,code,message',
      'bad.csv,3,sex,INVALID_VALUE,"""X"" is not one of M, F, U"',
      'bad.csv,4,facility_id,UNKNOWN_FACILITY,"facility ""NOWHERE"" is not in the district\'s facility list"',
      'bad.csv,5,,FIELD_COUNT,"expected 17 fields, found 3"',
    ]);
  });

  it('exits 1 with a clear message for a missing file or an unknown format', async () => {
    const missing = await run('price', '--book', book, '--cases', join(dir, 'none.csv'));
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(`hisob: case file not found: ${join(dir, 'none.csv')}`);
    const format = await run('price', '--book', book, '--cases', join(dir, 'cases.xlsx'));
    expect(format.code).toBe(1);
    expect(format.err).toMatch(
      /^hisob: .*cases\.xlsx UNKNOWN_FORMAT: cannot tell the format from "\.xlsx": use \.csv or \.jsonl$/,
    );
    const noCases = await run('price', '--book', book);
    expect(noCases.code).toBe(1);
    expect(noCases.err).toContain("error: required option '--cases <file>' not specified");
  });
});

// hisob demo (generate, import, settle, report on the embedded database): test/cli/demo-settle.spec.ts.

describe('hisob', () => {
  it('prints help and exits 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    for (const command of ['demo', 'generate', 'price', 'book']) expect(r.out).toContain(command);
  });

  it('refuses an unknown command', async () => {
    const r = await run('frobnicate');
    expect(r.code).toBe(1);
    expect(r.err).toContain("error: unknown command 'frobnicate'");
  });
});
