import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTariffBookDir, readTariffBookFiles } from '../../src/infra/tariff-book/load-book-dir';
import { TariffBookError, type BookIssue } from '../../src/domain/tariff-book';

const MINIMAL_BOOK: Record<string, string> = {
  'manifest.json': '{ "code": "DIR-BOOK", "version": "1", "effectiveFrom": "2026-01-01", "currency": "UZS" }',
  'diagnoses.csv': 'code,title,category\nI219,Acute myocardial infarction,05M01\n',
  'procedures.csv': 'code,title,or\n',
  'groups.csv': 'code,kind,weight,mean_los\n05T01,therapeutic,1.234,5\n999E,error,0,0\n',
  'grouping-logic.csv': 'id,group,return_code,mdc\nR1,05T01,0,05\nR999,999E,1,\n',
  'base-rates.csv': 'care_setting,valid_from,amount\ninpatient,2026-01-01,4200.00\n',
};

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hisob-book-'));
  for (const [name, text] of Object.entries(MINIMAL_BOOK)) await writeFile(join(dir, name), text, 'utf8');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function issuesOf(path: string): Promise<BookIssue[]> {
  try {
    await loadTariffBookDir(path);
  } catch (err) {
    if (err instanceof TariffBookError) return err.issues;
    throw err;
  }
  throw new Error('the book loaded without problems');
}

describe('loadTariffBookDir', () => {
  it('loads a book directory, ignoring other files and sub-directories', async () => {
    await writeFile(join(dir, 'README.md'), '# notes');
    await mkdir(join(dir, 'old'));
    await writeFile(join(dir, 'old', 'groups.csv'), 'not,a,table');
    const book = await loadTariffBookDir(dir);
    expect(book.manifest.code).toBe('DIR-BOOK');
    expect(book.groups.get('05T01')?.weight.toString()).toBe('1.234');
    expect(book.logic.map((r) => r.id)).toEqual(['R1', 'R999']);
    expect(book.baseRates[0].amount.toFixed(2)).toBe('4200.00');
  });

  it('returns the files by name for callers that store them', async () => {
    const files = await readTariffBookFiles(dir);
    expect([...files.keys()]).toEqual([
      'base-rates.csv',
      'diagnoses.csv',
      'grouping-logic.csv',
      'groups.csv',
      'manifest.json',
      'procedures.csv',
    ]);
    expect(files.get('groups.csv')).toBe(MINIMAL_BOOK['groups.csv']);
  });

  it('reports a directory that does not exist', async () => {
    const missing = join(dir, 'nope');
    expect(await issuesOf(missing)).toEqual([
      {
        file: missing,
        code: 'MISSING_FILE',
        message: `tariff book directory ${missing} does not exist or is not a directory`,
      },
    ]);
  });

  it('reports a directory without a manifest', async () => {
    await rm(join(dir, 'manifest.json'));
    expect(await issuesOf(dir)).toEqual([
      { file: 'manifest.json', code: 'MISSING_FILE', message: 'the book has no manifest.json' },
    ]);
  });

  it('reports a table saved in a legacy encoding instead of UTF-8', async () => {
    // "Ré" in Windows-1251/Latin-1: the byte 0xE9 alone is not UTF-8.
    const bytes = Buffer.concat([
      Buffer.from('code,title,category\nI219,Acute myocardial infarction,05M01\nI10,R', 'utf8'),
      Buffer.from([0xe9]),
      Buffer.from('nal,09M01\n', 'utf8'),
    ]);
    await writeFile(join(dir, 'diagnoses.csv'), bytes);
    const issues = await issuesOf(dir);
    expect(issues.map(({ file, line, code }) => ({ file, line, code }))).toEqual([
      { file: 'diagnoses.csv', line: 3, code: 'INVALID_ENCODING' },
    ]);
  });
});
