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

export function dayFromYmd(year: number, month: number, date: number): Day {
  return Math.round(Date.UTC(year, month - 1, date) / MS_PER_DAY) as Day;
}

/** True when y-m-d names a real calendar date (no 2月30日). */
export function isValidYmd(year: number, month: number, date: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(date)) return false;
  if (month < 1 || month > 12 || date < 1) return false;
  const probe = new Date(Date.UTC(year, month - 1, date));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === date;
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

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
