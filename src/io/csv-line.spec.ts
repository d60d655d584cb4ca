import { csvCell, csvRecord, splitCsvRecord } from './csv-line';

describe('splitCsvRecord', () => {
  it('splits plain cells, keeping empty ones', () => {
    expect(splitCsvRecord('a,b,,d,')).toEqual(['a', 'b', '', 'd', '']);
    expect(splitCsvRecord('')).toEqual(['']);
  });

  it('reads quoted cells with commas, doubled quotes and line breaks', () => {
    expect(splitCsvRecord('"a,b","say ""hi""",c')).toEqual(['a,b', 'say "hi"', 'c']);
    expect(splitCsvRecord('x,"two\nlines"')).toEqual(['x', 'two\nlines']);
    expect(splitCsvRecord('"",""')).toEqual(['', '']);
  });

  it('asks for the next line when a quoted cell is still open', () => {
    expect(splitCsvRecord('a,"open')).toBeUndefined();
    expect(splitCsvRecord('a,"open ""quoted"" text')).toBeUndefined();
  });
});

describe('csvCell / csvRecord', () => {
  it('quotes only what needs quoting, and splits back to the same values', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    const values = ['I10;E119', 'a,b', 'line\nbreak', '"q"', ''];
    expect(splitCsvRecord(csvRecord(values))).toEqual(values);
  });
});
