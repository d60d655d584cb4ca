// Broken and hostile case CSVs: every bad record gets file, line, field, code and message; nothing of
// it is stored; the good records of the same file are; whole-file problems stop before anything is.
import { ImportFileError } from '../../src/infra/import/import-errors';
import { CaseIntakeService } from '../../src/modules/claims/case-intake.service';
import { SEED, seedReference } from '../support/reference-seed';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ADMIN, caseCsv, caseLine } from './support/intake-fixtures';

describe('hostile case CSV', () => {
  let db: TestDatabase;
  let intake: CaseIntakeService;
  const claims = async (): Promise<string[]> =>
    (await db.dataSource.query(`SELECT claim_id FROM cases ORDER BY claim_id`)).map(
      (r: { claim_id: string }) => r.claim_id,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedReference(db.dataSource);
    intake = new CaseIntakeService(db.dataSource);
  });
  afterAll(() => db?.drop());

  it('reports each bad record exactly and stores only the good ones', async () => {
    const sql = `x'); DELETE FROM cases; --`;
    const script = '<script>alert(1)</script>';
    // Windows-1251 bytes of "Кардиология" in the department cell of line 9.
    const cp1251 = Buffer.from([0xca, 0xe0, 0xf0, 0xe4, 0xe8, 0xee, 0xeb, 0xee, 0xe3, 0xe8, 0xff]);
    const text = caseCsv(
      caseLine({ claim_id: 'H-01' }),
      caseLine({ claim_id: 'H-02', admission_at: '2026-02-30T10:00' }),
      caseLine({ claim_id: 'H-03', birth_date: '2027-01-01' }),
      caseLine({ claim_id: `H-04'); DROP TABLE cases;--` }),
      caseLine({ claim_id: 'H-05', department: `"${sql}"` }),
      caseLine({ claim_id: 'H-06', department: script }),
      caseLine({ claim_id: 'H-07', department: 'x'.repeat(101) }),
    );
    const huge = caseLine({ claim_id: 'H-10', department: 'y'.repeat(70_000) });
    const [head, tail] = caseLine({ claim_id: 'H-08', department: '%%' }).split('%%');
    const file = Buffer.concat([
      Buffer.from(text),
      Buffer.from(head),
      cp1251,
      Buffer.from(`${tail}\n`),
      Buffer.from(`${huge}\n`),
      Buffer.from(`${caseLine({ claim_id: 'H-11' })}\n${caseLine({ claim_id: 'H-11', sex: 'M' })}\n`),
      Buffer.from(`${caseLine({ claim_id: 'H-12' })}\n`),
      Buffer.from(`${SEED.facility},H-13,P-1,19`),
    ]);

    const r = await intake.importCasesCsv(file, 'hostile.csv', ADMIN);
    const e = (line: number, field: string, code: string, message: string) => ({
      file: 'hostile.csv',
      line,
      path: `hostile.csv:${line}`,
      field,
      code,
      message,
    });
    expect(r.errors).toEqual([
      e(3, 'admission_at', 'FORMAT', 'admission_at is not a real calendar date or time'),
      e(4, 'birth_date', 'RANGE', 'birth_date is after the admission date'),
      e(5, 'claim_id', 'FORMAT', 'claim_id may contain only letters, digits and . _ : -'),
      e(8, 'department', 'TOO_LONG', 'department is longer than 100 characters'),
      e(9, '', 'ENCODING', 'the record is not valid UTF-8; save the file as UTF-8 (not Windows-1251 or Latin-1)'),
      e(10, '', 'TOO_LONG', 'the record is longer than 65536 characters; nothing of it was read'),
      e(
        11,
        'claim_id',
        'DUPLICATE',
        `claim H-11 of facility ${SEED.facility} appears 2 times in this file (hostile.csv:11, hostile.csv:12)`,
      ),
      e(
        12,
        'claim_id',
        'DUPLICATE',
        `claim H-11 of facility ${SEED.facility} appears 2 times in this file (hostile.csv:11, hostile.csv:12)`,
      ),
      e(14, '', 'FIELD_COUNT', 'expected 17 fields, found 4 (is the line cut short or a quote missing?)'),
    ]);
    expect([r.received, r.inserted, r.rejected]).toEqual([13, 4, 9]);
    expect(r.errorCounts).toEqual({ DUPLICATE: 2, ENCODING: 1, FIELD_COUNT: 1, FORMAT: 2, RANGE: 1, TOO_LONG: 2 });
    expect(await claims()).toEqual(['H-01', 'H-05', 'H-06', 'H-12']);
    // Text is data: SQL and markup are stored exactly as sent (and the table is still there).
    const texts = await db.dataSource.query(
      `SELECT claim_id, department FROM cases WHERE claim_id IN ('H-05', 'H-06') ORDER BY 1`,
    );
    expect(texts).toEqual([
      { claim_id: 'H-05', department: sql },
      { claim_id: 'H-06', department: script },
    ]);
  });

  it('reports a file cut inside a quoted cell as a SYNTAX error of its last record', async () => {
    const text = caseCsv(caseLine({ claim_id: 'Q-1' })) + caseLine({ claim_id: 'Q-2', department: '"surg' });
    const r = await intake.importCasesCsv(Buffer.from(text), 'cut.csv', ADMIN);
    expect(r.errors).toEqual([
      {
        file: 'cut.csv',
        line: 3,
        path: 'cut.csv:3',
        field: '',
        code: 'SYNTAX',
        message: 'a quoted cell is not closed before the end of the file (is the file cut short?)',
      },
    ]);
    expect([r.received, r.inserted, r.rejected]).toEqual([2, 1, 1]);
  });

  it('refuses unusable files as a whole, storing nothing', async () => {
    const before = await claims();
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(caseCsv(caseLine({ claim_id: 'U-1' })), 'utf16le'),
    ]);
    await expect(intake.importCasesCsv(utf16, 'utf16.csv', ADMIN)).rejects.toThrow(
      new ImportFileError('utf16.csv', 'ENCODING', 'the file is UTF-16; save it as UTF-8', 1),
    );
    const unknown = `${caseCsv(caseLine({ claim_id: 'U-2' })).replace('flags', 'flags,drop_table')}`;
    await expect(intake.importCasesCsv(Buffer.from(unknown), 'cols.csv', ADMIN)).rejects.toThrow(ImportFileError);
    await expect(intake.importCasesCsv(Buffer.from(''), 'empty.csv', ADMIN)).rejects.toThrow(
      'empty.csv EMPTY_FILE: the file has no header line',
    );
    await expect(intake.importCasesCsv('/nonexistent/cases.csv', 'cases.csv', ADMIN)).rejects.toThrow(
      'cases.csv NOT_FOUND: no such file: /nonexistent/cases.csv',
    );
    expect(await claims()).toEqual(before);
  });
});
