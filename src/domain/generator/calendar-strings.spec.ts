import { dayNumber } from '../cases/dates';
import { QUARTER_HOURS, formatDay, isoDate, isoDateTime, yearsBefore } from './calendar';

/** yearsBefore as it was defined on Date, the reference for the arithmetic version. */
function yearsBeforeByDate(day: number, years: number): number {
  const d = new Date(day * 86_400_000);
  const m = d.getUTCMonth();
  const dd = m === 1 && d.getUTCDate() === 29 ? 28 : d.getUTCDate();
  return Date.UTC(d.getUTCFullYear() - years, m, dd) / 86_400_000;
}

describe('calendar strings and anniversaries', () => {
  it('builds the same date and date-time text as formatDay and QUARTER_HOURS', () => {
    const wrong: string[] = [];
    for (let day = dayNumber('1850-01-01'); day <= dayNumber('2150-12-31'); day += 3) {
      const q = day % 96;
      if (isoDate(day) !== formatDay(day)) wrong.push(`${day}`);
      if (isoDateTime(day, q) !== formatDay(day) + QUARTER_HOURS[q]) wrong.push(`${day} ${q}`);
    }
    expect(wrong).toEqual([]);
    expect(isoDate(dayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(isoDateTime(dayNumber('2026-03-01'), 0)).toBe('2026-03-01T00:00');
    expect(isoDateTime(dayNumber('2026-03-31'), 95)).toBe('2026-03-31T23:45');
    expect(isoDate(dayNumber('0001-01-01'))).toBe(formatDay(dayNumber('0001-01-01')));
  });

  it('finds anniversaries as Date does, 29 February and two-digit years included', () => {
    const wrong: string[] = [];
    for (let day = dayNumber('1900-01-01'); day <= dayNumber('2100-12-31'); day += 7) {
      for (const years of [0, 1, 4, 17, 75, 125, 139, 1950]) {
        if (yearsBefore(day, years) !== yearsBeforeByDate(day, years)) wrong.push(`${day} ${years}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(formatDay(yearsBefore(dayNumber('2024-02-29'), 4))).toBe('2020-02-28');
    // Date.UTC reads years 0–99 as 1900–1999; the arithmetic leaves those to Date.
    expect(formatDay(yearsBefore(dayNumber('2026-03-15'), 1960))).toBe('1966-03-15');
  });
});
