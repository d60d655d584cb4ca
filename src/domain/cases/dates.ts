// Calendar arithmetic on ISO date strings without time zones: a stay day is a midnight crossed.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Days since 1970-01-01 of the date part, or NaN when the string is not a real calendar date. */
export function dayNumber(iso: string | undefined | null): number {
  if (!iso) return NaN;
  const m = DATE_RE.exec(iso);
  if (!m) return NaN;
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  if (m[4] !== undefined && (+m[4] > 23 || +m[5] > 59 || (m[6] !== undefined && +m[6] > 59))) return NaN;
  return Date.UTC(y, mo - 1, d) / 86_400_000;
}

/** Minutes since the epoch (local wall clock, zone ignored), or NaN. */
export function minuteNumber(iso: string | undefined | null): number {
  const day = dayNumber(iso);
  if (Number.isNaN(day)) return NaN;
  const m = DATE_RE.exec(iso as string)!;
  const h = m[4] === undefined ? 0 : +m[4];
  const min = m[5] === undefined ? 0 : +m[5];
  return day * 1440 + h * 60 + min;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Completed years between two ISO dates (age on `at`). */
export function ageInYears(birth: string, at: string): number {
  const b = birth.slice(0, 10).split('-').map(Number);
  const a = at.slice(0, 10).split('-').map(Number);
  let years = a[0] - b[0];
  if (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])) years--;
  return years;
}

/** Days between two ISO dates (age in days on `at`). */
export function ageInDays(birth: string, at: string): number {
  return dayNumber(at) - dayNumber(birth);
}

export function isValidDate(iso: string | undefined | null): boolean {
  return !Number.isNaN(dayNumber(iso));
}

/** The month after a 'YYYY-MM' month, as 'YYYY-MM'. */
export function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}`;
}
