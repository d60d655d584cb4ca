import { isValidDate } from '../domain/cases';
import { FieldChecker, formatProcedures, isCalendarDate, splitList } from './case-fields';

describe('isCalendarDate', () => {
  it('agrees with the general date parser on every day of four years and on broken input', () => {
    const wrong: string[] = [];
    for (const y of ['1900', '2000', '2024', '2026']) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          if (isCalendarDate(s) !== isValidDate(s)) wrong.push(s);
        }
      }
    }
    expect(wrong).toEqual([]);
    for (const s of ['2026-2-01', '2026/02/01', 'abcd-02-01', '2026-02-0x', '']) expect(isCalendarDate(s)).toBe(false);
  });
});

describe('FieldChecker', () => {
  it('accepts dates and date-times in the documented forms, and reports the rest', () => {
    const f = new FieldChecker();
    f.date('birth_date', '2024-02-29');
    f.date('birth_date', '2023-02-29');
    f.dateTime('admission_at', '2026-03-01T23:59');
    f.dateTime('admission_at', '2026-03-01 08:00');
    f.dateTime('admission_at', '2026-03-01T08:00:30+05:00');
    f.dateTime('admission_at', '2026-03-01');
    f.dateTime('admission_at', '2026-03-01T24:00');
    f.dateTime('admission_at', '2026-03-01T08:60');
    f.date('birth_date', '2026-03-01T08:00');
    expect(f.problems.map((p) => p.message)).toEqual([
      '"2023-02-29" is not a calendar date (YYYY-MM-DD)',
      '"2026-03-01T24:00" is not a date-time (YYYY-MM-DDTHH:mm)',
      '"2026-03-01T08:60" is not a date-time (YYYY-MM-DDTHH:mm)',
      '"2026-03-01T08:00" is not a calendar date (YYYY-MM-DD)',
    ]);
  });

  it('reads procedures, grams and lists', () => {
    const f = new FieldChecker();
    expect(f.procedure('procedures', 'A16.18.009@2026-03-02')).toEqual({ code: 'A16.18.009', date: '2026-03-02' });
    expect(f.procedure('procedures', 'ECG')).toEqual({ code: 'ECG' });
    expect(f.grams('birth_weight_g', '2450')).toBe(2450);
    expect(f.grams('birth_weight_g', '')).toBeNull();
    expect(f.problems).toEqual([]);
    f.procedure('procedures', '@2026-03-02');
    f.grams('birth_weight_g', '-5');
    expect(f.problems.map((p) => p.code)).toEqual(['INVALID_VALUE', 'INVALID_NUMBER']);
    expect(splitList(' I10 ; ;E119;')).toEqual(['I10', 'E119']);
    expect(formatProcedures([{ code: 'A', date: '2026-01-02' }, { code: 'B' }])).toBe('A@2026-01-02;B');
  });
});
