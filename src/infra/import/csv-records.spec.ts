import fc from 'fast-check';
import { CsvRecordSplitter, type CsvRecord } from './csv-records';
import { ImportFileError } from './import-errors';

function split(chunks: (string | Buffer)[], maxRecordChars?: number): CsvRecord[] {
  const s = new CsvRecordSplitter({ fileName: 'f.csv', maxRecordChars });
  const out: CsvRecord[] = [];
  for (const c of chunks) out.push(...s.push(typeof c === 'string' ? Buffer.from(c) : c));
  return [...out, ...s.end()];
}

describe('CsvRecordSplitter', () => {
  it('splits records with their line numbers, dropping a BOM, CRs and blank lines', () => {
    expect(split(['\ufeffa,b\r\n\r\n1,2\r\n  \n3,"x, y"\n'])).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 3, cells: ['1', '2'] },
      { line: 5, cells: ['3', 'x, y'] },
    ]);
  });

  it('keeps a quoted cell spanning lines in one record and counts the lines after it', () => {
    expect(split(['a,"one\ntwo ""q""",c\nd,e,f'])).toEqual([
      { line: 1, cells: ['a', 'one\ntwo "q"', 'c'] },
      { line: 3, cells: ['d', 'e', 'f'] },
    ]);
  });

  it('gives the same records however the bytes are cut into chunks', () => {
    const text = 'id,name\n1,"Кардиология, 2"\r\n2,"multi\nline"\n\n3,Ўзбек\n4,last';
    const bytes = Buffer.from(text);
    const whole = split([bytes]);
    expect(whole).toHaveLength(5);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const chunks = points.slice(1).map((end, i) => bytes.subarray(points[i], end));
        expect(split(chunks)).toEqual(whole);
      }),
    );
  });

  it('rejects only the lines that are not UTF-8, and NUL bytes', () => {
    const bad = Buffer.concat([Buffer.from('a,b\n1,'), Buffer.from([0xc0, 0xe0]), Buffer.from('\n2,ok\n3,\u0000\n')]);
    expect(split([bad])).toEqual([
      { line: 1, cells: ['a', 'b'] },
      {
        line: 2,
        error: {
          code: 'ENCODING',
          message: 'the record is not valid UTF-8; save the file as UTF-8 (not Windows-1251 or Latin-1)',
        },
      },
      { line: 3, cells: ['2', 'ok'] },
      {
        line: 4,
        error: {
          code: 'ENCODING',
          message: 'the record contains NUL bytes (is the file UTF-16 or binary?); save it as UTF-8',
        },
      },
    ]);
  });

  it('skips an overlong record without buffering it, also across chunks, and goes on', () => {
    const tooLong = { code: 'TOO_LONG', message: 'the record is longer than 10 characters; nothing of it was read' };
    expect(split(['a,b\n', 'x'.repeat(30), 'y'.repeat(30), '\n1,2\n'], 10)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, error: tooLong },
      { line: 3, cells: ['1', '2'] },
    ]);
    expect(split(['a,"', 'b\n'.repeat(8), '"\n1,2'], 10)).toEqual([
      { line: 1, error: tooLong },
      { line: 6, cells: ['b'] },
      { line: 7, cells: ['b'] },
      { line: 8, cells: ['b'] },
      {
        line: 9,
        error: {
          code: 'SYNTAX',
          message: 'a quoted cell is not closed before the end of the file (is the file cut short?)',
        },
      },
    ]);
  });

  it('reports a file cut inside a quoted cell, and refuses UTF-16 outright', () => {
    expect(split(['a,b\n1,"unfinished\n'])).toEqual([
      { line: 1, cells: ['a', 'b'] },
      {
        line: 2,
        error: {
          code: 'SYNTAX',
          message: 'a quoted cell is not closed before the end of the file (is the file cut short?)',
        },
      },
    ]);
    expect(() => split([Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00])])).toThrow(ImportFileError);
  });
});
