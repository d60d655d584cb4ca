// Fast date reading for the grouper's hot path. The common shapes (YYYY-MM-DD, YYYY-MM-DDTHH:mm and
// YYYY-MM-DDTHH:mm:ss) are read by char codes; every other shape goes to dates.ts, so the answer is always
// the same as minuteNumber() — only quicker.
import { minuteNumber } from '../cases/dates';

const ZERO = 48;
const DASH = 45;
const COLON = 58;
const T = 84;
const SPACE = 32;

/** Minutes since the epoch (local wall clock), or NaN for anything that is not a real ISO date(-time). */
export function caseMinuteNumber(s: unknown): number {
  if (typeof s !== 'string') return NaN;
  const n = s.length;
  if (n !== 10 && n !== 16 && n !== 19) return minuteNumber(s);
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  // Years below 100 go through Date.UTC in dates.ts (which maps them to 19xx); keep that behaviour.
  if (y < 100 || mo < 0 || d < 0 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH) return minuteNumber(s);
  if (mo < 1 || mo > 12 || d < 1 || d > monthLength(y, mo)) return NaN;
  let minutes = 0;
  if (n > 10) {
    const sep = s.charCodeAt(10);
    const h = digits(s, 11, 2);
    const mi = digits(s, 14, 2);
    if ((sep !== T && sep !== SPACE) || s.charCodeAt(13) !== COLON || h < 0 || mi < 0) return minuteNumber(s);
    if (n === 19) {
      const sec = digits(s, 17, 2);
      if (s.charCodeAt(16) !== COLON || sec < 0) return minuteNumber(s);
      if (sec > 59) return NaN;
    }
    if (h > 23 || mi > 59) return NaN;
    minutes = h * 60 + mi;
  }
  return daysFromCivil(y, mo, d) * 1440 + minutes;
}

/** The calendar day (days since 1970-01-01) of a minute number; NaN stays NaN. */
export function dayOfMinute(minute: number): number {
  return Math.floor(minute / 1440);
}

/** y·10000 + m·100 + d of a string already known to start with a valid ISO date. */
export function dateKey(s: string): number {
  return digits(s, 0, 4) * 10000 + digits(s, 5, 2) * 100 + digits(s, 8, 2);
}

/** Completed years between two date keys (same rule as ageInYears in dates.ts). */
export function yearsBetween(fromKey: number, toKey: number): number {
  return Math.floor((toKey - fromKey) / 10000);
}

/** Non-negative integer from `len` ASCII digits at `at`, or -1 when any is not a digit. */
function digits(s: string, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) {
    const c = s.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function monthLength(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

// Days since 1970-01-01 of a proleptic Gregorian date, in integer arithmetic (no Date object). Only called
// for years 100 and later, so every quotient is of positive integers: `| 0` truncates like Math.floor and
// lets the compiler use integer division (three dates per case go through here).
function daysFromCivil(year: number, m: number, d: number): number {
  const y = (m <= 2 ? year - 1 : year) | 0;
  const era = (y / 400) | 0;
  const yoe = y - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = (((153 * mp + 2) / 5) | 0) + d - 1;
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
  return era * 146097 + doe - 719468;
}
