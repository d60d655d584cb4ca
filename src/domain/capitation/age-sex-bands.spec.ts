import { assignBand, findBand } from './age-sex-bands';
import { createBandCounter } from './band-counter';
import { CapitationError } from './capitation-error';
import { capitationBook as book } from './capitation-test-book';

const at = (birthDate: string, sex: 'M' | 'F' | 'U', snapshot = '2026-03-01') =>
  assignBand(book, birthDate, sex, snapshot)?.code;

describe('assignBand', () => {
  it('age in completed years on the snapshot date: the birthday itself counts', () => {
    expect(at('2021-03-01', 'M')).toBe('M5-64'); // 5 today
    expect(at('2021-03-02', 'M')).toBe('B0-4'); // 5 tomorrow
    expect(at('1961-03-01', 'F')).toBe('B65');
    expect(at('1961-03-02', 'F')).toBe('F5-64');
  });

  it('a 29 February birthday is reached on 1 March in common years', () => {
    expect(assignBand(book, '2020-02-29', 'M', '2025-02-28')?.code).toBe('B0-4'); // still 4
    expect(assignBand(book, '2020-02-29', 'M', '2025-03-01')?.code).toBe('M5-64');
  });

  it('sex: M and F bands only for that sex, * for anyone; unknown sex only fits * bands', () => {
    expect(at('1990-06-15', 'F')).toBe('F5-64');
    expect(at('1990-06-15', 'U')).toBeUndefined();
    expect(at('2024-06-15', 'U')).toBe('B0-4');
  });

  it('no band for an invalid birth date, one after the snapshot, or an age beyond every band', () => {
    expect(at('2026-02-30', 'M')).toBeUndefined();
    expect(at('2026-03-02', 'M')).toBeUndefined();
    expect(at('1880-01-01', 'M')).toBeUndefined();
  });

  it('the first matching band wins when bands overlap', () => {
    const bands = [
      ...book.capitationBands,
      { code: 'ALL', sex: '*' as const, ageFrom: 0, ageTo: 200, coefficient: book.capitationBands[0].coefficient },
    ];
    expect(findBand(bands, 30, 'M')?.code).toBe('M5-64');
    expect(findBand(bands, 30, 'U')?.code).toBe('ALL');
  });
});

describe('createBandCounter', () => {
  it('counts persons into bands, every band present, the misfits apart', () => {
    const counter = createBandCounter(book, '2026-03-01');
    const register: [string, 'M' | 'F' | 'U'][] = [
      ['2024-01-01', 'F'],
      ['2024-01-01', 'F'], // same key twice: memoised, still counted twice
      ['1980-05-05', 'M'],
      ['1980-05-05', 'F'],
      ['1950-01-01', 'U'],
      ['1980-05-05', 'U'], // no band for U aged 45
      ['not-a-date', 'M'],
    ];
    expect(register.map(([b, s]) => counter.add(b, s))).toEqual([
      'B0-4',
      'B0-4',
      'M5-64',
      'F5-64',
      'B65',
      undefined,
      undefined,
    ]);
    expect(counter.counts()).toEqual({
      bandCounts: { 'B0-4': 2, 'M5-64': 1, 'F5-64': 1, B65: 1 },
      unassigned: 2,
      total: 7,
    });
  });

  it('refuses a snapshot date that is not a date', () => {
    expect(() => createBandCounter(book, '2026-13-01')).toThrow(CapitationError);
    expect(() => createBandCounter(book, '2026-03-01T10:00')).toThrow(
      'snapshot date "2026-03-01T10:00" is not a YYYY-MM-DD date',
    );
  });
});
