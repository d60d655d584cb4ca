// Cheap date strings for the generator: a case needs four or five of them, so they come from
// caches filled once instead of Date objects and formatting per case.
import { dayNumber, daysInMonth } from '../cases/dates';

const MONTH_RE = /^(\d{4})-(\d{2})$/;

export interface MonthSpec {
  /** `YYYY-MM` */
  text: string;
  year: number;
  month: number;
  days: number;
  /** Day number (days since 1970-01-01) of the 1st. */
  firstDay: number;
  lastDay: number;
}

export function parseMonth(text: string): MonthSpec {
  const m = MONTH_RE.exec(text);
  const month = m ? Number(m[2]) : NaN;
  if (!m || month < 1 || month > 12) throw new RangeError(`month must be YYYY-MM, got "${text}"`);
  const year = Number(m[1]);
  const firstDay = dayNumber(`${text}-01`);
  const days = daysInMonth(year, month);
  return { text, year, month, days, firstDay, lastDay: firstDay + days - 1 };
}

// The formatter's array cache covers WINDOW days around the first day it formats (about 180 years,
// mostly backwards for birth dates); anything outside falls back to a Map.
const WINDOW = 65_536;
const WINDOW_BEFORE = 50_000;

/** Formats day numbers as `YYYY-MM-DD`, caching every string it has built. */
export class DayFormatter {
  // Filled with undefined so the array stays packed (fast elements), not a sparse dictionary.
  private readonly cache: (string | undefined)[] = new Array<string | undefined>(WINDOW).fill(undefined);
  private base = NaN;
  private readonly far = new Map<number, string>();

  format(day: number): string {
    if (this.base !== this.base) this.base = day - WINDOW_BEFORE;
    const i = day - this.base;
    if (i >= 0 && i < WINDOW) {
      const s = this.cache[i];
      if (s !== undefined) return s;
      return (this.cache[i] = formatDay(day));
    }
    let s = this.far.get(day);
    if (s === undefined) this.far.set(day, (s = formatDay(day)));
    return s;
  }
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
// Char codes for the strings built with String.fromCharCode below.
const ZERO = 48;
const DASH = 45;
const COLON = 58;
const T = 84;

/**
 * `YYYY-MM-DD` of a day number (years 0–9999) by integer arithmetic on 400-year eras of the
 * proleptic Gregorian calendar: no Date object, so filling the cache stays cheap.
 */
export function formatDay(day: number): string {
  const k = civilKey(day);
  const y = Math.floor(k / 10_000);
  const m = Math.floor((k - y * 10_000) / 100);
  const d = k - y * 10_000 - m * 100;
  return TWO_DIGITS[Math.floor(y / 100)] + TWO_DIGITS[y % 100] + '-' + TWO_DIGITS[m] + '-' + TWO_DIGITS[d];
}

/** y·10000 + m·100 + d of a day number (days since 1970-01-01). */
function civilKey(day: number): number {
  const z = day + 719_468; // days since 0000-03-01
  // From year 0 on every quotient is of non-negative integers: `| 0` truncates like Math.floor and
  // lets the compiler use integer arithmetic (the generator calls this several times per case).
  if (z >= 0 && z < 2_147_483_648 && z === Math.floor(z)) {
    const zi = z | 0;
    const era = (zi / 146_097) | 0;
    const doe = (zi - era * 146_097) | 0; // day of era, 0..146096
    const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36_524) | 0) - ((doe / 146_096) | 0)) / 365) | 0;
    const doy = (doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0))) | 0; // from 1 March, 0..365
    const mp = ((5 * doy + 2) / 153) | 0; // month from March, 0..11
    const d = (doy - (((153 * mp + 2) / 5) | 0) + 1) | 0;
    const m = mp < 10 ? mp + 3 : mp - 9;
    const y = (yoe + era * 400 + (m <= 2 ? 1 : 0)) | 0;
    return y * 10_000 + m * 100 + d;
  }
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10_000 + m * 100 + d;
}

// The case generator builds its date strings per case with these rather than reading them from a
// cache: a fresh string is still in the CPU cache when the grouper parses it a moment later, while
// one of tens of thousands of cached birth dates or date-times mostly is not (a cache miss cost more
// than building the string). One String.fromCharCode call makes one flat string, no concatenation.

/** `YYYY-MM-DD`, the same text as formatDay, as one fresh flat string (years 0–9999). */
export function isoDate(day: number): string {
  const k = civilKey(day);
  if (!(k >= 0 && k < 100_000_000)) return formatDay(day);
  const y = (k / 10_000) | 0;
  const md = k - y * 10_000;
  const m = (md / 100) | 0;
  const d = md - m * 100;
  const c = (y / 100) | 0;
  const yy = y - c * 100;
  return String.fromCharCode(
    ZERO + ((c / 10) | 0),
    ZERO + (c % 10),
    ZERO + ((yy / 10) | 0),
    ZERO + (yy % 10),
    DASH,
    ZERO + ((m / 10) | 0),
    ZERO + (m % 10),
    DASH,
    ZERO + ((d / 10) | 0),
    ZERO + (d % 10),
  );
}

/** `YYYY-MM-DDThh:mm` of a day and quarter hour (0..95): formatDay(day) + QUARTER_HOURS[quarter], flat. */
export function isoDateTime(day: number, quarter: number): string {
  const k = civilKey(day);
  if (!(k >= 0 && k < 100_000_000) || !(quarter >= 0 && quarter < 96 && quarter === (quarter | 0))) {
    return formatDay(day) + QUARTER_HOURS[quarter];
  }
  const y = (k / 10_000) | 0;
  const md = k - y * 10_000;
  const m = (md / 100) | 0;
  const d = md - m * 100;
  const c = (y / 100) | 0;
  const yy = y - c * 100;
  const h = quarter >>> 2;
  const min = (quarter & 3) * 15;
  return String.fromCharCode(
    ZERO + ((c / 10) | 0),
    ZERO + (c % 10),
    ZERO + ((yy / 10) | 0),
    ZERO + (yy % 10),
    DASH,
    ZERO + ((m / 10) | 0),
    ZERO + (m % 10),
    DASH,
    ZERO + ((d / 10) | 0),
    ZERO + (d % 10),
    T,
    ZERO + ((h / 10) | 0),
    ZERO + (h % 10),
    COLON,
    ZERO + ((min / 10) | 0),
    ZERO + (min % 10),
  );
}

/**
 * `yearsBefore(day, n)` for many n and a few days (the admission days of one month). It once kept a
 * row of results per day; yearsBefore is now plain arithmetic, cheaper than reading such rows (they
 * mostly missed the CPU cache), so this only keeps the interface.
 */
export class AnniversaryTable {
  /** `_maxYears` (the row length of the old table) is accepted and no longer needed. */
  constructor(_maxYears = 140) {}

  get(day: number, years: number): number {
    return yearsBefore(day, years);
  }
}

/** `Thh:mm` for each quarter hour of a day (index 0..95). */
export const QUARTER_HOURS: readonly string[] = Array.from({ length: 96 }, (_, q) => {
  const h = String(Math.floor(q / 4)).padStart(2, '0');
  const m = String((q % 4) * 15).padStart(2, '0');
  return `T${h}:${m}`;
});

/** Day number of the same calendar date `years` earlier (29 February falls back to the 28th). */
export function yearsBefore(day: number, years: number): number {
  const k = civilKey(day);
  const y = Math.floor(k / 10_000) - years;
  // Date.UTC reads years 0–99 as 1900–1999: leave those, and anything not a whole day, to Date.
  if (!(y >= 100 && y <= 9999) || !Number.isInteger(day) || !Number.isInteger(years)) {
    return yearsBeforeByDate(day, years);
  }
  const m = Math.floor(k / 100) % 100;
  const d = k % 100;
  return civilDay(y, m, m === 2 && d === 29 ? 28 : d);
}

/** The reference definition through Date (also for the years Date treats specially). */
function yearsBeforeByDate(day: number, years: number): number {
  const d = new Date(day * 86_400_000);
  const y = d.getUTCFullYear() - years;
  const m = d.getUTCMonth();
  let dd = d.getUTCDate();
  if (m === 1 && dd === 29) dd = 28;
  return Date.UTC(y, m, dd) / 86_400_000;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (inverse of civilKey). Only called for years
 * 100–9999: every quotient is of positive integers, so `| 0` truncates like Math.floor.
 */
function civilDay(year: number, m: number, d: number): number {
  const y = (m <= 2 ? year - 1 : year) | 0;
  const era = (y / 400) | 0;
  const yoe = y - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = (((153 * mp + 2) / 5) | 0) + d - 1;
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
  return era * 146_097 + doe - 719_468;
}
