import { OwnerError } from './errors';
import { memo, memo2 } from './memo';
/**
 * A calendar day in the spreadsheet's time zone, as whole days since 1970-01-01.
 * Rules compare and add days thousands of times per run, so a plain number beats a Date object.
 */
export type Day = number & { readonly __brand: 'Day' };

const MS_PER_DAY = 86_400_000;

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

/** Calendar months, clamped to the month's last day (1/31 + 1 month = 2/28), as date-fns addMonths does. */
export function addMonths(day: Day, n: number): Day {
  return addMonthsMemo(day, n);
}

const addMonthsMemo = memo2((day: Day, n: number): Day => {
  const { year, month, date } = ymdOf(day);
  if (!Number.isFinite(day) || !Number.isInteger(n)) return NaN as Day;
  const months = year * 12 + (month - 1) + n;
  const y = Math.floor(months / 12);
  const m = months - y * 12 + 1;
  return daysFromCivil(y, m - 1, Math.min(date, daysInMonth(y, m)));
});

/**
 * Where the offsets of a time zone come from. Apps Script's V8 runtime is not documented to give Intl.DateTimeFormat
 * the `longOffset`/`shortOffset` time-zone names that Intl-based libraries read offsets from, and where it lacks them
 * every hour computed from them is NaN. So the core asks the shell: the shell registers a source built on
 * Utilities.formatDate (see offsetsFromFormatDate). Until one is registered, every conversion throws: a day or an
 * hour is never guessed.
 */
export type ZoneOffsets = (instantMs: number, timeZone: string) => number;

/** Thrown when a time zone's offset cannot be known: the entry point stops, and the owner reads this. */
export class TimeZoneError extends OwnerError {
  /** What went wrong, for the execution log (English, a developer's words): never part of the owner's message. */
  readonly detail: string;

  constructor(timeZone: string, detail = '') {
    super(
      `スプレッドシートのタイムゾーン（${timeZone || '未設定'}）で今日の日付と時刻がわからなかったので、念のため処理を止めました。` +
        '「ファイル」→「設定」でタイムゾーンを確かめて、もう一度実行してください。続くときは、つなぐを導入した人（開発者）に連絡してください。',
    );
    this.name = 'TimeZoneError';
    this.detail = detail;
  }
}

const noOffsets: ZoneOffsets = (_ms, timeZone) => {
  throw new TimeZoneError(timeZone, 'offset source not registered');
};

let offsetSource: ZoneOffsets = noOffsets;
let zoneTables = new Map<string, ZoneTable>();

/** Registers where offsets come from (undefined: none, and every conversion throws). Forgets what was asked before. */
export function useZoneOffsets(source: ZoneOffsets | undefined): void {
  offsetSource = source ?? noOffsets;
  zoneTables = new Map();
  lastZone = undefined;
}

/** True once a source is registered. */
export function hasZoneOffsets(): boolean {
  return offsetSource !== noOffsets;
}

/**
 * An offset source from a formatter with java.text.SimpleDateFormat's patterns, i.e. Utilities.formatDate
 * (https://developers.google.com/apps-script/reference/utilities/utilities#formatDate(Date,String,String)).
 * Pattern `Z` is the RFC 822 offset, "-0800" (https://docs.oracle.com/javase/8/docs/api/java/text/SimpleDateFormat.html):
 * hours and minutes, the seconds of a historical local mean time truncated away. Pattern `ss` gives them back: the
 * wall clock's seconds minus the instant's are the offset's seconds (mod 60).
 */
export function offsetsFromFormatDate(
  format: (date: Date, timeZone: string, pattern: string) => string,
): ZoneOffsets {
  return (ms, timeZone) => {
    const text = String(format(new Date(ms), timeZone, 'ss Z'));
    const m = /^(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
    if (!m) throw new TimeZoneError(timeZone, `formatDate: ${text.slice(0, 20)}`);
    const sign = m[2] === '-' ? -1 : 1;
    const minutes = sign * (Number(m[3]) * 60 + Number(m[4]));
    const wallSeconds = Number(m[1]);
    const utcSeconds = Math.floor(ms / 1000) - Math.floor(ms / 60_000) * 60;
    // Seconds of the offset, 0–59; Z truncates toward zero, so a negative offset's remainder is negative.
    let seconds = (((wallSeconds - utcSeconds) % 60) + 60) % 60;
    if (sign < 0 && seconds > 0) seconds -= 60;
    return (minutes * 60 + seconds) * 1000;
  };
}

const MS_PER_HOUR = 3_600_000;
const QUARTER_HOUR_MS = 15 * 60 * 1000;
/** Java keeps offsets within ±18 hours (java.time.ZoneOffset); anything else is not an offset. */
const MAX_OFFSET_MS = 18 * MS_PER_HOUR;

/**
 * How far apart the source is sampled: three days. Two samples with one offset prove that the offset held between
 * them only if no zone ever leaves an offset and comes back to it sooner, and none does in the IANA time-zone
 * database (2025b with backzone, every transition it lists, and its yearly rules after them): the quickest return is
 * Africa/Freetown's in 1939 (backzone), 3 days 23 h 40 min; then Boa Vista, Noronha and Recife's week of summer time
 * in October 2000 and the week-long Ramadan suspensions tzdb predicts for Gaza and Hebron from 2040, 6 days 23 h;
 * Tunis 1943, 8 days; Morocco's and Egypt's Ramadan suspensions, about a month. Nor does any zone change twice within
 * 36 hours (instantOfDay counts on it). test/core/zones.tzdb.test.ts checks both against the machine's tzdb.
 * A multiple of the quarter hour, so the cells' edges are quarter hours.
 */
export const ZONE_SAMPLE_MS = 3 * MS_PER_DAY;

/**
 * What is known of one zone: offsets asked of the source at instants, and per cell (ZONE_SAMPLE_MS from the epoch)
 * either its one offset or its changes, [offset at the start, instant of a change, offset from then, …].
 */
interface ZoneTable {
  readonly timeZone: string;
  readonly points: Map<number, number>;
  readonly cells: Map<number, number | number[]>;
}

let lastZone: ZoneTable | undefined;

function tableOf(timeZone: string): ZoneTable {
  if (lastZone !== undefined && lastZone.timeZone === timeZone) return lastZone;
  let table = zoneTables.get(timeZone);
  if (table === undefined) {
    table = { timeZone, points: new Map(), cells: new Map() };
    zoneTables.set(timeZone, table);
  }
  lastZone = table;
  return table;
}

/** The source's offset at one instant, checked and remembered. */
function offsetAtPoint(table: ZoneTable, ms: number): number {
  const known = table.points.get(ms);
  if (known !== undefined) return known;
  const offset = offsetSource(ms, table.timeZone);
  if (typeof offset !== 'number' || !Number.isFinite(offset) || Math.abs(offset) > MAX_OFFSET_MS)
    throw new TimeZoneError(table.timeZone, `offset ${String(offset)}`);
  table.points.set(ms, offset);
  return offset;
}

/**
 * The changes in (lo, hi] of an interval whose ends differ, appended to `out` in order: halved on quarter hours
 * (modern zones change on them) until a quarter hour is left, whose last second is asked next (a change right on
 * the quarter hour is then found), then halved on whole seconds (the local mean times of the 19th century changed at
 * odd seconds; tzdb and Java keep changes to the second). A half whose ends agree holds no change: it is shorter
 * than ZONE_SAMPLE_MS, and no zone comes back to an offset that soon.
 */
function findChanges(
  table: ZoneTable,
  lo: number,
  atLo: number,
  hi: number,
  atHi: number,
  out: number[],
): void {
  const span = hi - lo;
  if (span <= 1000) {
    out.push(hi, atHi);
    return;
  }
  let mid: number;
  if (span > QUARTER_HOUR_MS && lo % QUARTER_HOUR_MS === 0 && hi % QUARTER_HOUR_MS === 0)
    mid = lo + Math.floor(span / 2 / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  else if (span === QUARTER_HOUR_MS && hi % QUARTER_HOUR_MS === 0) mid = hi - 1000;
  else mid = lo + Math.floor(span / 2000) * 1000;
  const atMid = offsetAtPoint(table, mid);
  if (atMid !== atLo) findChanges(table, lo, atLo, mid, atMid, out);
  if (atMid !== atHi) findChanges(table, mid, atMid, hi, atHi, out);
}

/** A cell's offset, or its changes, from the source: two samples, and a search between them if they differ. */
function learnCell(table: ZoneTable, cell: number): number | number[] {
  const lo = cell * ZONE_SAMPLE_MS;
  const atLo = offsetAtPoint(table, lo);
  const atHi = offsetAtPoint(table, lo + ZONE_SAMPLE_MS);
  let known: number | number[] = atLo;
  if (atLo !== atHi) {
    known = [atLo];
    findChanges(table, lo, atLo, lo + ZONE_SAMPLE_MS, atHi, known);
  }
  if (table.cells.size >= 50_000) {
    table.cells.clear();
    table.points.clear();
  }
  table.cells.set(cell, known);
  return known;
}

/**
 * The zone's offset at an instant. The source is asked at the edges of the instant's cell (every ZONE_SAMPLE_MS
 * from the epoch), once per cell however many instants fall in it, and, where the edges differ, where the change
 * is: a zone without changes costs about 122 questions for a year of instants, one with summer time about 20 more.
 */
function offsetAt(ms: number, timeZone: string): number {
  if (!Number.isFinite(ms)) return NaN;
  const table = tableOf(timeZone);
  const cell = Math.floor(ms / ZONE_SAMPLE_MS);
  const known = table.cells.get(cell) ?? learnCell(table, cell);
  if (typeof known === 'number') return known;
  let offset = known[0];
  for (let i = 1; i < known.length && known[i] <= ms; i += 2) offset = known[i + 1];
  return offset;
}

function msOf(instant: Date | number): number {
  return typeof instant === 'number' ? instant : instant.getTime();
}

/** Milliseconds since local midnight 1970-01-01 of the zone's wall clock (NaN for an invalid instant). */
function wallMs(instant: Date | number, timeZone: string): number {
  const ms = msOf(instant);
  return ms + offsetAt(ms, timeZone);
}

/** The calendar day an instant falls on in the given IANA time zone. */
export function dayOfInstant(instant: Date | number, timeZone: string): Day {
  return Math.floor(wallMs(instant, timeZone) / MS_PER_DAY) as Day;
}

/** The hour (0–23) of an instant in the given time zone. */
export function hourOfInstant(instant: Date | number, timeZone: string): number {
  return Math.floor(minutesOfInstant(instant, timeZone) / 60);
}

/** Minutes after midnight of an instant in the given time zone. */
export function minutesOfInstant(instant: Date | number, timeZone: string): number {
  const wall = wallMs(instant, timeZone);
  return Math.floor((wall - Math.floor(wall / MS_PER_DAY) * MS_PER_DAY) / 60_000);
}

/**
 * The first instant of a calendar day in the given time zone: its midnight (what a date cell holds in Sheets), or,
 * where the clocks skip midnight (São Paulo until 2018), the moment the day begins.
 */
export function instantOfDay(day: Day, timeZone: string): Date {
  const midnight = day * MS_PER_DAY;
  if (!Number.isFinite(midnight)) return new Date(NaN);
  // The instant of midnight is within 18 hours of `midnight` read as UTC, and the zone changes at most once in
  // those 36 hours (never twice within 3 days, see ZONE_SAMPLE_MS): midnight read with the offsets at both ends of
  // them, the earlier that is midnight wins.
  const candidates = [
    midnight - offsetAt(midnight - MAX_OFFSET_MS, timeZone),
    midnight - offsetAt(midnight + MAX_OFFSET_MS, timeZone),
  ]
    .filter((t) => wallMs(t, timeZone) === midnight)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0]);
  // Midnight does not exist: the day begins when the clocks jump over it.
  let lo = midnight - MAX_OFFSET_MS - MS_PER_DAY;
  let hi = midnight + MAX_OFFSET_MS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dayOfInstant(mid, timeZone) >= day) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

export const isoDay: (day: Day) => string = memo((day: Day) => {
  const { year, month, date } = ymdOf(day);
  return `${year}-${pad2(month)}-${pad2(date)}`;
});

/** 2026/11/23 — the form Japanese owners read and type. */
export const slashDay: (day: Day) => string = memo((day: Day) => isoDay(day).replace(/-/g, '/'));

/** 11月23日 — remembered by day, as slashDay is: S4 and S9 say one for most customers, each run. */
export const monthDayJa: (day: Day) => string = memo((day: Day) => {
  const { month, date } = ymdOf(day);
  return `${month}月${date}日`;
});

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
