import { dayNumber } from '../cases/dates';
import { AnniversaryTable, DayFormatter, QUARTER_HOURS, formatDay, parseMonth, yearsBefore } from './calendar';

describe('calendar helpers', () => {
  it('formats every day from 1800 to 2200 as Date does', () => {
    const first = dayNumber('1800-01-01');
    const last = dayNumber('2200-12-31');
    const wrong: string[] = [];
    for (let d = first; d <= last; d++) {
      const expected = new Date(d * 86_400_000).toISOString().slice(0, 10);
      if (formatDay(d) !== expected) wrong.push(`${d}: ${formatDay(d)} != ${expected}`);
    }
    expect(wrong).toEqual([]);
    expect(formatDay(dayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(formatDay(0)).toBe('1970-01-01');
  });

  it('caches formatted days, near and far from the first one', () => {
    const f = new DayFormatter();
    const d = dayNumber('2026-03-15');
    expect(f.format(d)).toBe('2026-03-15');
    expect(f.format(d)).toBe('2026-03-15');
    expect(f.format(dayNumber('1890-07-01'))).toBe('1890-07-01');
    expect(f.format(dayNumber('2390-07-01'))).toBe('2390-07-01');
  });

  it('parses months and finds anniversaries', () => {
    expect(parseMonth('2024-02')).toMatchObject({ year: 2024, month: 2, days: 29, firstDay: dayNumber('2024-02-01') });
    expect(() => parseMonth('2024-00')).toThrow('month must be YYYY-MM');
    expect(formatDay(yearsBefore(dayNumber('2024-02-29'), 1))).toBe('2023-02-28');
    expect(formatDay(yearsBefore(dayNumber('2026-03-15'), 40))).toBe('1986-03-15');
    const table = new AnniversaryTable(50);
    expect(formatDay(table.get(dayNumber('2026-03-15'), 40))).toBe('1986-03-15');
    expect(formatDay(table.get(dayNumber('2026-03-15'), 130))).toBe('1896-03-15');
    expect(QUARTER_HOURS[0]).toBe('T00:00');
    expect(QUARTER_HOURS[95]).toBe('T23:45');
  });
});
