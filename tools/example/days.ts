/** Calendar days without time zones, and the ways a shop owner types a date into a cell. */

/** A calendar day as whole days since 1970-01-01 UTC, so day arithmetic never meets a time zone. */
export type Day = number;
export const MS_PER_DAY = 86_400_000;

export function parseIsoDay(text: string): Day {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new Error(`Expected a day as YYYY-MM-DD, got ${text}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / MS_PER_DAY;
}

export const dayOfYmd = (y: number, m: number, d: number): Day => Date.UTC(y, m - 1, d) / MS_PER_DAY;

export function ymdOf(day: Day): { y: number; m: number; d: number } {
  const date = new Date(day * MS_PER_DAY);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

export const pad2 = (n: number): string => String(n).padStart(2, '0');

export function isoOf(day: Day): string {
  const { y, m, d } = ymdOf(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Calendar months, clamped to the month's last day (1/31 + 1 month = 2/28), like date-fns addMonths. */
export function addMonths(day: Day, months: number): Day {
  const { y, m, d } = ymdOf(day);
  const lastOfMonth = ymdOf(dayOfYmd(y, m + months + 1, 0)).d;
  return dayOfYmd(y, m + months, Math.min(d, lastOfMonth));
}

/** exceljs stores a Date's UTC wall clock, which Sheets reads as that calendar day and time. */
export function cellDate(day: Day, minutes = 0): Date {
  return new Date(day * MS_PER_DAY + minutes * 60_000);
}

export const weekdayOf = (day: Day): number => new Date(day * MS_PER_DAY).getUTCDay();

export type DateStyle = 'cell' | 'slash' | 'iso' | 'kanji' | 'reiwa' | 'reiwaShort' | 'fullWidth';
export const TEXT_DATE_STYLES: readonly DateStyle[] = [
  'slash',
  'iso',
  'kanji',
  'reiwa',
  'reiwaShort',
  'fullWidth',
];
const REIWA_START = dayOfYmd(2019, 5, 1);

/** Digits typed with the IME still in 全角 mode: `２０２６/１１/１`. */
function toFullWidthDigits(text: string): string {
  return text.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

export function typedDate(day: Day, style: DateStyle): Date | string {
  const { y, m, d } = ymdOf(day);
  const slash = `${y}/${m}/${d}`;
  const reiwa = y - 2018;
  switch (style) {
    case 'cell':
      return cellDate(day);
    case 'slash':
      return slash;
    case 'iso':
      return isoOf(day);
    case 'kanji':
      return `${y}年${m}月${d}日`;
    case 'reiwa':
      return day < REIWA_START ? slash : `令和${reiwa === 1 ? '元' : reiwa}年${m}月${d}日`;
    case 'reiwaShort':
      return day < REIWA_START ? slash : `R${reiwa}.${m}.${d}`;
    case 'fullWidth':
      return toFullWidthDigits(slash);
  }
}
