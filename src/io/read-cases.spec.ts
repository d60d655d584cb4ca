import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseRecord } from '../domain/cases';
import { parseCaseMix } from '../domain/generator/case-mix';
import { generateDistrict } from '../domain/generator/district';
import { CaseFactory } from '../domain/generator/generate-cases';
import { TINY_CASE_MIX_CSV, tinyBook } from '../domain/generator/tiny-fixture';
import { CASE_CSV_HEADER } from './case-csv';
import { InputFileError } from './input-error';
import { readCaseFile, type CaseInput } from './read-cases';
import { openCaseWriter } from './write-records';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hisob-cases-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readAll(path: string): Promise<CaseInput[]> {
  const out: CaseInput[] = [];
  for await (const item of readCaseFile(path)) out.push(item);
  return out;
}

/** 600 generated cases with a high error share, so broken records (empty fields…) are in too. */
function generated(): CaseRecord[] {
  const book = tinyBook();
  const factory = new CaseFactory(11, {
    book,
    caseMix: parseCaseMix(TINY_CASE_MIX_CSV),
    district: generateDistrict(11, { month: '2026-03' }),
    month: '2026-03',
    errorShare: 0.2,
  });
  return Array.from({ length: 600 }, () => factory.next());
}

const VALID_ROW =
  'DH,C-1,P1,1980-05-01,F,2026-03-02T08:00,2026-03-05T10:00,planned,RF1,home,inpatient,I219,I10;E119,PCI01@2026-03-02;ECG,,cardiology,companion';

describe('case files', () => {
  it.each(['csv', 'jsonl'])('round-trips generated cases through %s unchanged', async (format) => {
    const cases = generated();
    expect(cases.some((c) => c.principalDiagnosis === '' || c.birthDate === '')).toBe(true);
    const path = join(dir, `round-trip.${format}`);
    const writer = await openCaseWriter(path);
    for (const c of cases) if (writer.write(c)) await writer.drain();
    await writer.close();

    const read = await readAll(path);
    expect(read.every((r) => r.ok)).toBe(true);
    expect(read.map((r) => (r.ok ? r.record : undefined))).toStrictEqual(cases);
    expect(read[0].line).toBe(format === 'csv' ? 2 : 1);
  });

  it('reads the documented CSV columns into a CaseRecord', async () => {
    const path = join(dir, 'one.csv');
    await writeFile(path, `\uFEFF${CASE_CSV_HEADER}\r\n${VALID_ROW}\r\n`);
    expect(await readAll(path)).toStrictEqual([
      {
        ok: true,
        line: 2,
        record: {
          facilityId: 'DH',
          claimId: 'C-1',
          patientId: 'P1',
          birthDate: '1980-05-01',
          sex: 'F',
          admissionAt: '2026-03-02T08:00',
          dischargeAt: '2026-03-05T10:00',
          admissionType: 'planned',
          referralId: 'RF1',
          dischargeMode: 'home',
          careSetting: 'inpatient',
          principalDiagnosis: 'I219',
          secondaryDiagnoses: ['I10', 'E119'],
          procedures: [{ code: 'PCI01', date: '2026-03-02' }, { code: 'ECG' }],
          birthWeightGrams: null,
          department: 'cardiology',
          flags: ['companion'],
        },
      },
    ]);
  });

  it('reports bad CSV rows with file, line, field and code, and reads on', async () => {
    const row = (over: Record<number, string>) =>
      VALID_ROW.split(',')
        .map((v, i) => over[i] ?? v)
        .join(',');
    const lines = [
      CASE_CSV_HEADER,
      row({}),
      'DH,C-2,P2,1980-05-01,F',
      row({ 1: 'C-3', 3: '2026-02-30' }),
      row({ 1: 'C-4', 4: 'X' }),
      row({ 1: 'C-5', 0: '', 6: '2026-03-05T25:00', 14: '2.5kg' }),
      '',
      row({ 1: 'C-6', 13: 'PCI01@2026-13-01', 7: 'urgent' }),
      row({ 1: '"C-7\nmore"' }),
      row({ 1: 'C-8' }),
    ];
    const path = join(dir, 'bad.csv');
    await writeFile(path, lines.join('\n'));
    const read = await readAll(path);
    expect(read.filter((r) => r.ok).map((r) => [r.line, r.ok && r.record.claimId])).toEqual([
      [2, 'C-1'],
      [9, 'C-7\nmore'],
      [11, 'C-8'], // the quoted cell of C-7 spans lines 9 and 10
    ]);
    expect(read.flatMap((r) => (r.ok ? [] : r.errors))).toEqual([
      { file: 'bad.csv', line: 3, code: 'FIELD_COUNT', message: 'expected 17 fields, found 5' },
      {
        file: 'bad.csv',
        line: 4,
        field: 'birth_date',
        code: 'INVALID_DATE',
        message: '"2026-02-30" is not a calendar date (YYYY-MM-DD)',
      },
      { file: 'bad.csv', line: 5, field: 'sex', code: 'INVALID_VALUE', message: '"X" is not one of M, F, U' },
      { file: 'bad.csv', line: 6, field: 'facility_id', code: 'REQUIRED', message: 'a value is required' },
      {
        file: 'bad.csv',
        line: 6,
        field: 'discharge_at',
        code: 'INVALID_DATE',
        message: '"2026-03-05T25:00" is not a date-time (YYYY-MM-DDTHH:mm)',
      },
      {
        file: 'bad.csv',
        line: 6,
        field: 'birth_weight_g',
        code: 'INVALID_NUMBER',
        message: '"2.5kg" is not a whole number of grams',
      },
      {
        file: 'bad.csv',
        line: 8,
        field: 'admission_type',
        code: 'INVALID_VALUE',
        message: '"urgent" is not one of emergency, planned',
      },
      {
        file: 'bad.csv',
        line: 8,
        field: 'procedures',
        code: 'INVALID_DATE',
        message: 'procedure "PCI01@2026-13-01": "2026-13-01" is not a calendar date (YYYY-MM-DD)',
      },
    ]);
  });

  it('refuses a CSV whose header lacks a column or has an unknown one', async () => {
    const missing = join(dir, 'missing.csv');
    await writeFile(missing, CASE_CSV_HEADER.replace('sex,', '') + '\n');
    await expect(readAll(missing)).rejects.toThrow('missing.csv:1 MISSING_COLUMN: missing column sex');
    const unknown = join(dir, 'unknown.csv');
    await writeFile(unknown, CASE_CSV_HEADER + ',colour\n');
    await expect(readAll(unknown)).rejects.toThrow(InputFileError);
    await expect(readAll(unknown)).rejects.toThrow('UNKNOWN_COLUMN: unknown column "colour"');
    const empty = join(dir, 'empty.csv');
    await writeFile(empty, '\n\n');
    await expect(readAll(empty)).rejects.toThrow('EMPTY_FILE');
    await expect(readAll(join(dir, 'nope.csv'))).rejects.toThrow('NOT_FOUND');
    await expect(readAll(join(dir, 'cases.txt'))).rejects.toThrow('UNKNOWN_FORMAT');
  });

  it('accepts a CSV without the optional columns', async () => {
    const header =
      'facility_id,claim_id,patient_id,birth_date,sex,admission_at,discharge_at,admission_type,discharge_mode,care_setting,principal_dx';
    const path = join(dir, 'short.csv');
    await writeFile(path, `${header}\nDH,C-1,P1,1980-05-01,M,2026-03-02,2026-03-04,emergency,home,inpatient,J189\n`);
    const [item] = await readAll(path);
    expect(item.ok && item.record).toMatchObject({
      referralId: null,
      secondaryDiagnoses: [],
      procedures: [],
      birthWeightGrams: null,
      department: null,
      flags: [],
    });
  });

  it('reports bad JSON lines and reads on', async () => {
    const good = JSON.parse((await readFile(join(dir, 'round-trip.jsonl'), 'utf8')).split('\n')[0]) as CaseRecord;
    const path = join(dir, 'bad.jsonl');
    await writeFile(
      path,
      [
        '{"facilityId": "DH",',
        '[1,2]',
        JSON.stringify({ ...good, colour: 'red', birthWeightGrams: '3000' }),
        '',
        JSON.stringify({ ...good, sex: 'X', procedures: [{ code: 'A', date: '2026-02-30' }] }),
        JSON.stringify(good),
      ].join('\n'),
    );
    const read = await readAll(path);
    expect(read.filter((r) => r.ok).map((r) => r.line)).toEqual([6]);
    expect(read.flatMap((r) => (r.ok ? [] : r.errors.map((e) => [e.line, e.field, e.code])))).toEqual([
      [1, undefined, 'INVALID_JSON'],
      [2, undefined, 'INVALID_JSON'],
      [3, 'colour', 'UNKNOWN_FIELD'],
      [3, 'birthWeightGrams', 'INVALID_VALUE'],
      [5, 'sex', 'INVALID_VALUE'],
      [5, 'procedures[0]', 'INVALID_DATE'],
    ]);
  });
});
