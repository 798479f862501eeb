import { TZDate } from '@date-fns/tz';
import { addMonths as addCalendarMonths } from 'date-fns';

/**
 * A calendar day in the spreadsheet's time zone, as whole days since 1970-01-01.
 * Rules compare and add days thousands of times per run, so a plain number beats a Date object.
 */
export type Day = number & { readonly __brand: 'Day' };

const MS_PER_DAY = 86_400_000;

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
  const { year, month, date } = ymdOf(day);
  const shifted = addCalendarMonths(new TZDate(year, month - 1, date, 'UTC'), n);
  return dayFromYmd(shifted.getFullYear(), shifted.getMonth() + 1, shifted.getDate());
}

/** The calendar day an instant falls on in the given IANA time zone. */
export function dayOfInstant(instant: Date | number, timeZone: string): Day {
  const zoned = new TZDate(typeof instant === 'number' ? instant : instant.getTime(), timeZone);
  return dayFromYmd(zoned.getFullYear(), zoned.getMonth() + 1, zoned.getDate());
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

export function isoDay(day: Day): string {
  const { year, month, date } = ymdOf(day);
  return `${year}-${pad2(month)}-${pad2(date)}`;
}

/** 2026/11/23 — the form Japanese owners read and type. */
export function slashDay(day: Day): string {
  return isoDay(day).replace(/-/g, '/');
}

/** 11月23日 */
export function monthDayJa(day: Day): string {
  const { month, date } = ymdOf(day);
  return `${month}月${date}日`;
}

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];

export function weekdayJa(day: Day): string {
  return WEEKDAYS_JA[weekdayOf(day)];
}

export function parseIsoDay(text: string): Day | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidYmd(y, mo, d) ? dayFromYmd(y, mo, d) : null;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
