import fc from 'fast-check';
import { minuteNumber } from '../cases/dates';
import { caseMinuteNumber, dateKey, dayOfMinute, yearsBetween } from './case-dates';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

describe('caseMinuteNumber', () => {
  it('reads the common shapes', () => {
    expect(caseMinuteNumber('1970-01-01')).toBe(0);
    expect(caseMinuteNumber('1970-01-02T00:30')).toBe(1470);
    expect(caseMinuteNumber('2026-03-01T10:00:59')).toBe(minuteNumber('2026-03-01T10:00:59'));
    expect(dayOfMinute(caseMinuteNumber('2024-02-29 23:59') as number)).toBe(19782);
  });

  it('rejects impossible dates and non-strings', () => {
    expect(caseMinuteNumber('2026-02-29')).toBeNaN();
    expect(caseMinuteNumber('2026-13-01')).toBeNaN();
    expect(caseMinuteNumber('2026-01-01T24:00')).toBeNaN();
    expect(caseMinuteNumber('2026-01-01T10:00:60')).toBeNaN();
    expect(caseMinuteNumber(20260101)).toBeNaN();
    expect(caseMinuteNumber(undefined)).toBeNaN();
  });

  it('agrees with minuteNumber of dates.ts on any date-like string', () => {
    const dateLike = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        fc.constantFrom('', 'T', ' ', 'x'),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom('', 'Z', '+05:00'),
      )
      .map(([y, m, d, h, mi, s, sep, shape, zone]) => {
        const date = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
        if (shape === 0 || sep === '') return date;
        const time = `${pad(h, 2)}:${pad(mi, 2)}`;
        return shape === 1
          ? `${date}${sep}${time}`
          : shape === 2
            ? `${date}${sep}${time}:${pad(s, 2)}`
            : `${date}${sep}${time}${zone}`;
      });
    fc.assert(
      fc.property(fc.oneof(dateLike, fc.string({ maxLength: 20 })), (s) => {
        expect(Object.is(caseMinuteNumber(s), minuteNumber(s))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('dateKey / yearsBetween', () => {
  it('counts completed years the way ageInYears does', () => {
    expect(yearsBetween(dateKey('2000-02-29'), dateKey('2026-02-28'))).toBe(25);
    expect(yearsBetween(dateKey('2000-02-29'), dateKey('2026-03-01T08:00'))).toBe(26);
    expect(yearsBetween(dateKey('2026-03-02'), dateKey('2026-03-01'))).toBe(-1);
  });
});
