import { TZDate } from '@date-fns/tz';
import { addMonths as addCalendarMonths } from 'date-fns';

/**
 * A calendar day in the spreadsheet's time zone, as whole days since 1970-01-01.
 * Rules compare and add days thousands of times per run, so a plain number beats a Date object.
 */
export type Day = number & { readonly __brand: 'Day' };

const MS_PER_DAY = 86_400_000;

/**
 * A planning run asks the same few hundred dates the same questions hundreds of thousands of times (100,000
 * customers): the answers of these pure conversions are kept, up to a bound.
 */
function memo<K, V>(compute: (key: K) => V, limit = 50_000): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as V;
    if (cache.size >= limit) cache.clear();
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}

/** Out-of-range months and dates roll over as with Date.UTC (2月30日 is 3月2日). */
export function dayFromYmd(year: number, month: number, date: number): Day {
  // Date.UTC reads years 0–99 as 1900–1999, and it is slow: the arithmetic below covers every real date.
  if (year < 100 || !Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(date))
    return Math.round(Date.UTC(year, month - 1, date) / MS_PER_DAY) as Day;
  return daysFromCivil(year + Math.floor((month - 1) / 12), (((month - 1) % 12) + 12) % 12, date);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 0–11), after Howard Hinnant's days_from_civil. */
function daysFromCivil(year: number, month0: number, date: number): Day {
  const y = month0 < 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month0 + 10) % 12) + 2) / 5) + date - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return (era * 146_097 + dayOfEra - 719_468) as Day;
}

/** True when y-m-d names a real calendar date (no 2月30日). */
export function isValidYmd(year: number, month: number, date: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(date)) return false;
  // Date.UTC reads years 0–99 as 1900–1999: such a date is not what was written.
  if (month < 1 || month > 12 || date < 1 || (year >= 0 && year < 100)) return false;
  return date <= daysInMonth(year, month);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
}

export interface Ymd {
  year: number;
  month: number;
  date: number;
}

export function ymdOf(day: Day): Ymd {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday */
export function weekdayOf(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCDay();
}

export function addDays(day: Day, n: number): Day {
  return (day + n) as Day;
}

/** Calendar months (date-fns addMonths: 1/31 + 1 month = 2/28). */
export function addMonths(day: Day, n: number): Day {
  return addMonthsMemo(`${day}|${n}`);
}

const addMonthsMemo = memo((key: string): Day => {
  const [day, n] = key.split('|').map(Number);
  const { year, month, date } = ymdOf(day as Day);
  const shifted = addCalendarMonths(new TZDate(year, month - 1, date, 'UTC'), n);
  return dayFromYmd(shifted.getFullYear(), shifted.getMonth() + 1, shifted.getDate());
});

/** Offsets are looked up per quarter hour: time zones change offset only on such boundaries. */
const QUARTER_HOUR_MS = 15 * 60 * 1000;

const offsetMemo = memo((key: string): number => {
  const at = key.indexOf('|');
  const ms = Number(key.slice(0, at)) * QUARTER_HOUR_MS;
  const zoned = new TZDate(ms, key.slice(at + 1));
  const wall = Date.UTC(
    zoned.getFullYear(),
    zoned.getMonth(),
    zoned.getDate(),
    zoned.getHours(),
    zoned.getMinutes(),
    zoned.getSeconds(),
  );
  return wall - ms;
});

/** The calendar day an instant falls on in the given IANA time zone. */
export function dayOfInstant(instant: Date | number, timeZone: string): Day {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const offset = offsetMemo(`${Math.floor(ms / QUARTER_HOUR_MS)}|${timeZone}`);
  return Math.floor((ms + offset) / MS_PER_DAY) as Day;
}

/** The hour (0–23) of an instant in the given time zone. */
export function hourOfInstant(instant: Date | number, timeZone: string): number {
  return new TZDate(typeof instant === 'number' ? instant : instant.getTime(), timeZone).getHours();
}

/** Minutes after midnight of an instant in the given time zone. */
export function minutesOfInstant(instant: Date | number, timeZone: string): number {
  const zoned = new TZDate(typeof instant === 'number' ? instant : instant.getTime(), timeZone);
  return zoned.getHours() * 60 + zoned.getMinutes();
}

/** Midnight of a calendar day in the given time zone, as an instant (what a date cell holds in Sheets). */
export function instantOfDay(day: Day, timeZone: string): Date {
  const { year, month, date } = ymdOf(day);
  return new Date(new TZDate(year, month - 1, date, timeZone).getTime());
}

export const isoDay: (day: Day) => string = memo((day: Day) => {
  const { year, month, date } = ymdOf(day);
  return `${year}-${pad2(month)}-${pad2(date)}`;
});

/** 2026/11/23 — the form Japanese owners read and type. */
export const slashDay: (day: Day) => string = memo((day: Day) => isoDay(day).replace(/-/g, '/'));

/** 11月23日 */
export function monthDayJa(day: Day): string {
  const { month, date } = ymdOf(day);
  return `${month}月${date}日`;
}

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];

export function weekdayJa(day: Day): string {
  return WEEKDAYS_JA[weekdayOf(day)];
}

export const parseIsoDay: (text: string) => Day | null = memo((text: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidYmd(y, mo, d) ? dayFromYmd(y, mo, d) : null;
});

/**
 * The day a text starts with: `YYYY-MM-DD…` (a date, or a slot's date and time) or `YYYY-MM` (its first day).
 * Read in place, without slicing: the planner asks it of every step's anchor.
 */
export function leadingDay(text: string): Day | null {
  const year = digits(text, 0, 4);
  if (year < 0 || text.charCodeAt(4) !== DASH) return null;
  const month = digits(text, 5, 2);
  if (month < 0) return null;
  if (text.length === 7) return isValidYmd(year, month, 1) ? dayFromYmd(year, month, 1) : null;
  if (text.charCodeAt(7) !== DASH) return null;
  const date = digits(text, 8, 2);
  return date >= 0 && isValidYmd(year, month, date) ? dayFromYmd(year, month, date) : null;
}

const DASH = '-'.charCodeAt(0);
const ZERO = '0'.charCodeAt(0);

/** The number written by `count` ASCII digits at `from`, or -1. */
function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
