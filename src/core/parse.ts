import type { Channel } from '../labels';
import { memo } from './memo';
import { dayFromYmd, dayOfInstant, hourOfInstant, isValidYmd, slashDay, ymdOf, type Day } from './day';

/**
 * Reading what owners type into cells. Every parser returns null for a blank cell, `{ ok: true, value }` when it
 * understood the cell and `{ ok: false }` when it did not, so the caller can name the column in 要確認.
 */
export type ParseResult<T> = { ok: true; value: T } | { ok: false };

/** 配信停止 with an unknown word: the known channels are still in `partial`, so they can be honoured. */
export type ChannelListResult =
  { ok: true; value: Set<Channel> } | { ok: false; unknown: string[]; partial: Set<Channel> };

/** 休業日 with an unreadable entry: the days that were understood are in `partial`. */
export type DayListResult = { ok: true; value: Day[] } | { ok: false; bad: string[]; partial: Day[] };

const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
const fail = (): { ok: false } => ({ ok: false });

// ---------------------------------------------------------------------------------------------------------------
// Text

/** Date cells may come from another JS realm (Apps Script, vm), where `instanceof Date` is false. */
export function isDateValue(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/** Milliseconds of a (possibly cross-realm) Date; NaN for an invalid one. */
function timeOf(date: Date): number {
  return Date.prototype.getTime.call(date);
}

/**
 * NFKC (全角 digits, letters and spaces become half-width), trimmed, inner whitespace runs collapsed to one space.
 * Numbers keep their digits, booleans read TRUE/FALSE. A Date reads as its UTC instant (so it is never blank):
 * use parseDay to get its calendar day.
 */
/**
 * Text said back to a customer or the owner as they wrote it (a name, an address, 購入商品, 改善内容): only the ends
 * trimmed and invisible characters dropped, never NFKC — 「姿勢改善プログラム（5回券）」 keeps its full-width brackets
 * and 「全身もみほぐし＋ヘッドスパ」 its ＋. Values that are not text read as normalizeText reads them.
 */
export function textAsWritten(v: unknown): string {
  if (typeof v !== 'string') return normalizeText(v);
  return v.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').trim();
}

export function normalizeText(v: unknown): string {
  if (typeof v === 'string') return normalizeString(v);
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return String(v);
  if (isDateValue(v)) {
    const time = timeOf(v);
    return Number.isNaN(time) ? 'Invalid Date' : new Date(time).toISOString();
  }
  return normalizeString(String(v));
}

/**
 * Printable ASCII words with single spaces between them: NFKC leaves these as they are, and there is nothing to
 * trim or collapse (an id, a key, an email address, a draft id).
 */
const ALREADY_NORMAL = /^(?:[\x21-\x7e]+(?: [\x21-\x7e]+)*)?$/;
/**
 * Short texts read again and again (a 状態, a シナリオ, a チャネル on every 連絡履歴 row): each is normalised once per
 * run. Bounded, so a sheet of distinct long texts does not keep them all.
 */
const SHORT_TEXT = 24;
const MOST_REMEMBERED = 4096;

function normalizeString(text: string): string {
  if (ALREADY_NORMAL.test(text)) return text;
  return text.length <= SHORT_TEXT ? normalizedShort(text) : normalized(text);
}

function normalized(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const normalizedShort = memo(normalized, MOST_REMEMBERED);

/** The cell as the owner would recognise it in a 要確認 message: dates as 2026/11/23, long text cut with …. */
export function describeCell(v: unknown, timeZone: string, maxLength = 20): string {
  const time = isDateValue(v) ? timeOf(v) : NaN;
  const text = Number.isNaN(time) ? normalizeText(v) : slashDay(dayOfInstant(time, timeZone));
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

// Dashes owners type for "none": ASCII, em/en dash, horizontal bar, minus sign, katakana long vowel mark.
const DASHES = '\\-‐‑–—―−ー';
const NONE_MARK = new RegExp(`^[${DASHES}]+$`);

/** Blank, or a dash meaning "nothing here". */
function isNoneMark(text: string): boolean {
  return text === '' || NONE_MARK.test(text);
}

const NONE_WORDS = new Set(['なし', '無し', '無', 'ナシ', 'none']);

// ---------------------------------------------------------------------------------------------------------------
// Dates

export interface JapaneseEra {
  name: string;
  letter: string;
  /** First day of the era; its first year (元年) is this day's year. */
  start: Day;
  /** Last day of the era (inclusive); undefined for the current one. */
  end?: Day;
}

/**
 * Japanese eras, newest first. 明治 starts on 1868-01-25 (the Gregorian date of 明治元年1月1日, since the era was
 * applied to the whole year); dates before 1873 were lunisolar in Japan, which is not modelled.
 */
export const JAPANESE_ERAS: readonly JapaneseEra[] = [
  { name: '令和', letter: 'R', start: dayFromYmd(2019, 5, 1) },
  { name: '平成', letter: 'H', start: dayFromYmd(1989, 1, 8), end: dayFromYmd(2019, 4, 30) },
  { name: '昭和', letter: 'S', start: dayFromYmd(1926, 12, 25), end: dayFromYmd(1989, 1, 7) },
  { name: '大正', letter: 'T', start: dayFromYmd(1912, 7, 30), end: dayFromYmd(1926, 12, 25) },
  { name: '明治', letter: 'M', start: dayFromYmd(1868, 1, 25), end: dayFromYmd(1912, 7, 29) },
];

const SHEETS_EPOCH_OFFSET = 25569; // serial of 1970-01-01
/** Serial numbers in this range (1954-10-03 … 2119-01-11) are taken as dates; other numbers are counts or typos. */
const PLAUSIBLE_SERIALS = { min: 20000, max: 80000 };

/**
 * The day of a spreadsheet serial number. Google Sheets counts days from 1899-12-30 (serial 0), so serial 1 is
 * 1899-12-31, 60 is 1900-02-28 and 61 is 1900-03-01: Excel's phantom 1900-02-29 (the Lotus bug) does not exist
 * in Sheets, and from 61 on both agree. A time fraction is dropped.
 */
export function dayOfSerial(serial: number): Day {
  return (Math.floor(serial) - SHEETS_EPOCH_OFFSET) as Day;
}

/**
 * A calendar day from a date cell (an instant, read in the spreadsheet's time zone), a serial number, an
 * 8-digit number like 20261123, or text in the forms owners type (see the tests). Blank or a dash → null.
 */
export function parseDay(v: unknown, timeZone: string): ParseResult<Day> | null {
  if (v === null || v === undefined) return null;
  if (isDateValue(v)) {
    const time = timeOf(v);
    return Number.isNaN(time) ? fail() : ok(dayOfInstant(time, timeZone));
  }
  if (typeof v === 'number') return dayOfNumber(v);
  if (typeof v !== 'string') return fail();
  const text = normalizeText(v);
  if (isNoneMark(text)) return null;
  const day = dayOfText(text, timeZone);
  return day === null ? fail() : ok(day);
}

function dayOfNumber(n: number): ParseResult<Day> {
  if (!Number.isFinite(n)) return fail();
  if (n >= PLAUSIBLE_SERIALS.min && n <= PLAUSIBLE_SERIALS.max) return ok(dayOfSerial(n));
  // 20261123 typed into an automatic cell becomes a number.
  if (Number.isInteger(n) && n >= 10_000_000 && n <= 99_999_999) {
    const day = dayOfParts(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100);
    if (day !== null) return ok(day);
  }
  return fail();
}

const WEEKDAY_NOTE = /\s*\((?:[日月火水木金土](?:曜日?)?|sun|mon|tue|wed|thu|fri|sat)\.?\)\s*/gi;
const TIME_NOTE =
  /(?:[\sT]+(?:午前|午後|AM|PM)?\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:AM|PM))?|\s*(?:午前|午後)?\d{1,2}時(?:\d{1,2}分)?(?:\d{1,2}秒)?)$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Drops what may follow a date and does not change the day: a weekday like (月) and a time like 14:30. */
function stripDateNotes(text: string): string {
  return text.replace(WEEKDAY_NOTE, ' ').trim().replace(TIME_NOTE, '').trim();
}

const YMD_SEPARATED = /^(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?$/;
const YMD_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const WAREKI =
  /^(令和|平成|昭和|大正|明治|[RHSTM])\s*(元|\d{1,3})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?$/i;

/** A full date (with its year) in normalised text, or null. Two-digit years and yearless dates are ambiguous. */
function dayOfText(normalized: string, timeZone: string): Day | null {
  if (ISO_INSTANT.test(normalized)) {
    const time = Date.parse(normalized);
    return Number.isNaN(time) ? null : dayOfInstant(time, timeZone);
  }
  const text = stripDateNotes(normalized);
  const western = YMD_SEPARATED.exec(text) ?? YMD_COMPACT.exec(text);
  if (western) return dayOfParts(Number(western[1]), Number(western[2]), Number(western[3]));
  const wareki = WAREKI.exec(text);
  if (wareki) return dayOfWareki(wareki[1], wareki[2], Number(wareki[3]), Number(wareki[4]));
  return null;
}

function dayOfParts(year: number, month: number, date: number): Day | null {
  return year >= 1000 && isValidYmd(year, month, date) ? dayFromYmd(year, month, date) : null;
}

function dayOfWareki(eraText: string, yearText: string, month: number, date: number): Day | null {
  const era = JAPANESE_ERAS.find((e) => e.name === eraText || e.letter === eraText.toUpperCase());
  const eraYear = yearText === '元' ? 1 : Number(yearText);
  if (!era || eraYear < 1) return null;
  const day = dayOfParts(ymdOf(era.start).year + eraYear - 1, month, date);
  if (day === null || day < era.start || (era.end !== undefined && day > era.end)) return null;
  return day;
}

// ---------------------------------------------------------------------------------------------------------------
// Booleans

const TRUE_WORDS = new Set('true 1 ○ 〇 ◯ ◎ ✓ ✔ ☑ はい 有 あり 有り yes y 可 済 済み on'.split(' '));
const FALSE_WORDS = new Set('false 0 × ✕ ✗ ✘ ☐ いいえ 無 なし 無し no n 不可 未 off'.split(' '));

/** Checkbox, TRUE/FALSE, or the marks owners use: ○ ✓ はい 有 済 … / × いいえ 無 - … */
export function parseBool(v: unknown): ParseResult<boolean> | null {
  if (typeof v === 'boolean') return ok(v);
  if (isDateValue(v)) return fail();
  const text = normalizeText(v).toLowerCase();
  if (text === '') return null;
  if (TRUE_WORDS.has(text)) return ok(true);
  if (FALSE_WORDS.has(text) || NONE_MARK.test(text)) return ok(false);
  return fail();
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers

// 1,234 or 1234, with an optional decimal part (rejected later unless it is all zeros or scaled by 万/千).
const LEADING_NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?/;
// What may not follow a number: more digits or a range/date punctuation would make it a different value.
const NOT_A_NOTE = /^[\d,.\-−〜~/:%万千百億]/;
const NEGATIVE = /^[-−▲△]\s*\d/;
const CURRENCY_OR_TAX = /^(?:[¥\\]|税込|税抜|税別)\s*/;

interface LeadingNumber {
  whole: string;
  fraction: string;
  rest: string;
}

function leadingNumber(text: string): LeadingNumber | null {
  const m = LEADING_NUMBER.exec(text);
  if (!m) return null;
  return { whole: m[1].replace(/,/g, ''), fraction: m[2] ?? '', rest: text.slice(m[0].length) };
}

/** whole.fraction × 10^zeros as an integer, or null when it is not one (3.5万 = 35000; 1.23456万 is not). */
function scaleDecimal(whole: string, fraction: string, zeros: number): number | null {
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > zeros) return null;
  const value = Number(whole + significant.padEnd(zeros, '0'));
  return Number.isSafeInteger(value) ? value : null;
}

function isNote(rest: string): boolean {
  return !NOT_A_NOTE.test(rest);
}

function wholeNumberOf(v: number): ParseResult<number> {
  return Number.isSafeInteger(v) && v >= 0 ? ok(v) : fail();
}

/**
 * A non-negative whole number, also from text like `1,234`, `３回`, `90 (次の季節)`, `¥12,000`.
 * Blank or a dash (—, -, ー) means "none" → null.
 */
export function parseCount(v: unknown): ParseResult<number> | null {
  if (typeof v === 'number') return wholeNumberOf(v);
  if (typeof v !== 'string') return v === null || v === undefined ? null : fail();
  const text = normalizeText(v).replace(CURRENCY_OR_TAX, '');
  if (isNoneMark(text)) return null;
  const n = leadingNumber(text);
  if (!n || NEGATIVE.test(text) || !isNote(n.rest)) return fail();
  const value = scaleDecimal(n.whole, n.fraction, 0);
  return value === null ? fail() : ok(value);
}

/** Yen: like parseCount, plus 税込/税抜, ¥/￥, 円 and 万/千 (`3万` = 30000, `3.5万円` = 35000, `3万5千円`). */
export function parseYen(v: unknown): ParseResult<number> | null {
  if (typeof v === 'number') return wholeNumberOf(v);
  if (typeof v !== 'string') return v === null || v === undefined ? null : fail();
  let text = normalizeText(v);
  while (CURRENCY_OR_TAX.test(text)) text = text.replace(CURRENCY_OR_TAX, '');
  if (isNoneMark(text)) return null;
  if (NEGATIVE.test(text)) return fail();
  const amount = yenAmount(text);
  return amount === null ? fail() : ok(amount);
}

function yenAmount(text: string): number | null {
  const n = leadingNumber(text);
  if (!n) return null;
  if (n.rest.startsWith('万')) {
    const man = scaleDecimal(n.whole, n.fraction, 4);
    const below = belowMan(n.rest.slice(1));
    if (man === null || below === null || (below.value > 0 && n.fraction)) return null;
    return isNote(below.rest) ? man + below.value : null;
  }
  if (n.rest.startsWith('千')) {
    const sen = scaleDecimal(n.whole, n.fraction, 3);
    return sen !== null && isNote(n.rest.slice(1)) ? sen : null;
  }
  const value = scaleDecimal(n.whole, n.fraction, 0);
  return value !== null && isNote(n.rest) ? value : null;
}

/** The part after 万: `5000`, `5千` or nothing. */
function belowMan(text: string): { value: number; rest: string } | null {
  const m = /^(\d)千|^(\d{1,4})(?![\d,])/.exec(text);
  if (!m) return { value: 0, rest: text };
  const value = m[1] !== undefined ? Number(m[1]) * 1000 : Number(m[2]);
  return { value, rest: text.slice(m[0].length) };
}

// ---------------------------------------------------------------------------------------------------------------
// Addresses and ids

const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const EMAIL_DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * An email address with its domain lower-cased. Pragmatic shape only: one @, no spaces, a dot in the domain, no
 * consecutive or edge dots (so old carrier addresses like `taro..x@docomo.ne.jp` are refused), ≤ 254 characters.
 */
export function parseEmail(v: unknown): ParseResult<string> | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') return fail();
  const text = normalizeText(v).replace(/^mailto:/i, '');
  if (text === '') return null;
  const parts = text.split('@');
  if (text.length > 254 || parts.length !== 2) return fail();
  const [local, domain] = [parts[0], parts[1].toLowerCase()];
  if (local.length > 64 || !EMAIL_LOCAL.test(local) || !EMAIL_DOMAIN.test(domain)) return fail();
  return ok(`${local}@${domain}`);
}

/** A LINE Messaging API user id: `U` + 32 lower-case hex (the one pattern every reader checks against). */
export const LINE_USER_ID = /^U[0-9a-f]{32}$/;

/** A LINE Messaging API user id: `U` + 32 lower-case hex. Case-sensitive, so never re-cased. */
export function parseLineUserId(v: unknown): ParseResult<string> | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') return fail();
  const text = normalizeText(v);
  if (text === '') return null;
  return LINE_USER_ID.test(text) ? ok(text) : fail();
}

const POSTAL_CODE = new RegExp(`^〒?\\s*(\\d{3})\\s*[${DASHES}]?\\s*(\\d{4})$`);

/** 〒123-4567, 123-4567, 1234567 (also full-width) → '123-4567'. */
export function parsePostalCode(v: unknown): ParseResult<string> | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    // A number cell lost the leading zeros of Hokkaido codes (001-0000 … 099-9999).
    if (!Number.isInteger(v) || v < 10_000 || v > 9_999_999) return fail();
    const digits = String(v).padStart(7, '0');
    return ok(`${digits.slice(0, 3)}-${digits.slice(3)}`);
  }
  if (typeof v !== 'string') return fail();
  const text = normalizeText(v);
  if (text === '') return null;
  const m = POSTAL_CODE.exec(text);
  return m ? ok(`${m[1]}-${m[2]}`) : fail();
}

const PHONE_DASHES = new RegExp(`[${DASHES.replace('\\-', '')}]`, 'g');
const INTERNATIONAL_PREFIX = /^\+\s*81[\s-]*(?:\(0\)|0)?[\s-]*/;

/**
 * A Japanese phone number for display: digits, hyphens and parentheses as typed (spaces become hyphens, +81 forms
 * become domestic), with 10 or 11 digits that look like a real landline, mobile, IP or free-dial number. A number
 * cell lost its leading 0 (9012345678 → '09012345678').
 */
export function parsePhone(v: unknown): ParseResult<string> | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return phoneOfNumber(v);
  if (typeof v !== 'string') return fail();
  let text = normalizeText(v)
    .replace(/^(?:TEL|電話)\s*[:.]?\s*/i, '')
    .replace(PHONE_DASHES, '-');
  if (text === '') return null;
  const international = INTERNATIONAL_PREFIX.exec(text);
  if (international) text = `0${text.slice(international[0].length)}`;
  text = text.replace(/\s*([()])\s*/g, '$1').replace(/\s+/g, '-');
  if (!/^[\d()-]+$/.test(text) || /^-|-$|--/.test(text)) return fail();
  return isPlausiblePhone(text.replace(/\D/g, '')) ? ok(text) : fail();
}

function phoneOfNumber(n: number): ParseResult<string> {
  if (!Number.isSafeInteger(n) || n <= 0) return fail();
  const digits = `0${n}`;
  return (digits.length === 10 || digits.length === 11) && isPlausiblePhone(digits) ? ok(digits) : fail();
}

/** 11 digits: mobile/IP 0[5789]0, 0800 free dial, 020 M2M. 10 digits: landlines, 0120, 0570 — not a short mobile. */
function isPlausiblePhone(digits: string): boolean {
  if (digits.length === 11) return /^0[25789]0/.test(digits) || digits.startsWith('0800');
  if (digits.length === 10) return /^0[1-9]/.test(digits) && !/^0[25789]0/.test(digits);
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Lists

const LIST_SEPARATORS = /[,、/・;\s]+/;
const ALL_CHANNELS: readonly Channel[] = ['メール', 'LINE', '手紙', '電話'];
const CHANNEL_WORDS = new Map<string, readonly Channel[]>([
  ...['メール', 'eメール', 'email', 'e-mail', 'mail', 'メルマガ'].map((w) => [w, ['メール']] as const),
  ...['line', 'ライン'].map((w) => [w, ['LINE']] as const),
  // 手紙, DM and はがき read as 郵送 (contract 4.1); ダイレクトメール is a letter, not an email.
  ...[
    '郵送',
    '手紙',
    'お手紙',
    '封書',
    'dm',
    'ダイレクトメール',
    'はがき',
    'ハガキ',
    '葉書',
    '郵便',
    '郵便物',
    '郵送物',
  ].map((w) => [w, ['手紙']] as const),
  ...['電話', 'tel', '訪問'].map((w) => [w, ['電話']] as const),
  ...['すべて', '全て', '全部', '全', 'all'].map((w) => [w, ALL_CHANNELS] as const),
]);
// `メール停止`, `全部停止`, `LINE NG` read as the channel itself.
const STOP_WORDS = ['停止', '不可', '拒否', '禁止', '不要', 'ng'];
const STOP_SUFFIX = new RegExp(`(?:${STOP_WORDS.join('|')})$`);

/** 配信停止: メール, LINE, 郵送 (手紙, DM, はがき), 電話 (TEL, 訪問), すべて (全て, 全部, ALL) → channels never to use. */
export function parseChannelList(v: unknown): ChannelListResult | null {
  const text = normalizeText(v);
  if (isNoneMark(text)) return null;
  const value = new Set<Channel>();
  if (NONE_WORDS.has(text.toLowerCase())) return ok(value);
  const unknown: string[] = [];
  for (const token of text.split(LIST_SEPARATORS).filter(Boolean)) {
    const word = token.toLowerCase();
    if (STOP_WORDS.includes(word)) continue;
    const channels = CHANNEL_WORDS.get(word) ?? CHANNEL_WORDS.get(word.replace(STOP_SUFFIX, ''));
    if (channels) channels.forEach((c) => value.add(c));
    else unknown.push(token);
  }
  return unknown.length ? { ok: false, unknown, partial: value } : ok(value);
}

const HOUR_TEXT = /^(午前|午後|am|pm)?\s*(\d{1,2})\s*(?:(?:時|:)\s*(?:(\d{1,2})\s*分?|半)?)?\s*(am|pm)?$/i;

/**
 * 毎日の実行時刻 as an hour 0–23: `8`, `8時`, `08:00`, `午後3時`. Minutes are checked but dropped (`8:30` → 8),
 * because the hourly trigger runs once an hour. A time cell arrives as a Date, so it needs the time zone.
 */
export function parseHour(v: unknown, timeZone?: string): ParseResult<number> | null {
  if (v === null || v === undefined) return null;
  if (isDateValue(v)) {
    const time = timeOf(v);
    return timeZone === undefined || Number.isNaN(time) ? fail() : ok(hourOfInstant(time, timeZone));
  }
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 23 ? ok(v) : fail();
  if (typeof v !== 'string') return fail();
  const text = normalizeText(v);
  if (text === '') return null;
  const m = HOUR_TEXT.exec(text);
  if (!m || (m[3] !== undefined && Number(m[3]) > 59)) return fail();
  const half = (m[1] ?? m[4] ?? '').toLowerCase();
  let hour = Number(m[2]);
  if (half && hour > 12) return fail();
  if (half === '午後' || half === 'pm') hour = hour === 12 ? 12 : hour + 12;
  else if (half && hour === 12) hour = 0;
  return hour <= 23 ? ok(hour) : fail();
}

const DAY_LIST_SEPARATORS = /[,、;\n\r]+/;
const RANGE_MARK = /\s*(?:〜|~|–|—|-|から|to)\s*/gi;
const MAX_RANGE_DAYS = 366;
const YEARLESS_MONTH_DAY = /^(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?$/;
const YEARLESS_DATE = /^(\d{1,2})\s*日?$/;

/**
 * 休業日: single dates and ranges (〜 ~ - – から to), separated by commas, 、 or new lines. A range end without a
 * year takes the start's year (or the next one when it would fall before the start); `8/13-16` ends in August.
 * Ranges longer than 366 days are refused as typos. Sorted, without duplicates.
 */
export function parseDayList(v: unknown, timeZone: string): DayListResult | null {
  if (isDateValue(v) || typeof v === 'number') {
    const single = parseDay(v, timeZone);
    return single?.ok ? ok([single.value]) : { ok: false, bad: [normalizeText(v)], partial: [] };
  }
  const whole = normalizeText(v);
  if (isNoneMark(whole)) return null;
  if (NONE_WORDS.has(whole.toLowerCase())) return ok([]);
  const days = new Set<Day>();
  const bad: string[] = [];
  const parts = String(v).normalize('NFKC').split(DAY_LIST_SEPARATORS).map(normalizeText).filter(Boolean);
  for (const part of parts) {
    const found = daysOfEntry(part, timeZone) ?? daysOfWords(part, timeZone);
    if (found) found.forEach((d) => days.add(d));
    else bad.push(part);
  }
  const sorted = [...days].sort((a, b) => a - b);
  return bad.length ? { ok: false, bad, partial: sorted } : ok(sorted);
}

/** One date or one range. */
function daysOfEntry(entry: string, timeZone: string): Day[] | null {
  const single = dayOfText(entry, timeZone);
  if (single !== null) return [single];
  // '-' also separates 2026-08-13, so try every mark until both sides read as dates.
  for (const mark of entry.matchAll(RANGE_MARK)) {
    const index = mark.index ?? 0;
    const start = dayOfText(entry.slice(0, index), timeZone);
    if (start === null) continue;
    const endText = entry.slice(index + mark[0].length).replace(/まで$/, '');
    const end = dayOfText(endText, timeZone) ?? yearlessEnd(stripDateNotes(endText), start);
    if (end === null) continue;
    return end < start || end - start >= MAX_RANGE_DAYS ? null : daysFromTo(start, end);
  }
  return null;
}

/** Entries separated only by spaces: `2026/9/1 2026/9/2`. */
function daysOfWords(part: string, timeZone: string): Day[] | null {
  const words = part.split(' ');
  if (words.length < 2) return null;
  const days: Day[] = [];
  for (const word of words) {
    const found = daysOfEntry(word, timeZone);
    if (!found) return null;
    days.push(...found);
  }
  return days;
}

function yearlessEnd(text: string, start: Day): Day | null {
  const { year, month } = ymdOf(start);
  const monthDay = YEARLESS_MONTH_DAY.exec(text);
  if (monthDay) {
    const [m, d] = [Number(monthDay[1]), Number(monthDay[2])];
    const sameYear = dayOfParts(year, m, d);
    return sameYear !== null && sameYear >= start ? sameYear : dayOfParts(year + 1, m, d);
  }
  const dateOnly = YEARLESS_DATE.exec(text);
  if (dateOnly) {
    const sameMonth = dayOfParts(year, month, Number(dateOnly[1]));
    if (sameMonth !== null && sameMonth >= start) return sameMonth;
    return month === 12
      ? dayOfParts(year + 1, 1, Number(dateOnly[1]))
      : dayOfParts(year, month + 1, Number(dateOnly[1]));
  }
  return null;
}

function daysFromTo(start: Day, end: Day): Day[] {
  const days: Day[] = [];
  for (let d = start; d <= end; d = (d + 1) as Day) days.push(d);
  return days;
}

/**
 * A date typed without its year (「11/20」, 「11月20日」, 「11/20（金）」), as the latest such day not after
 * `notAfter` (the day the row was found): a record of something done is never in the future. null when the text
 * is not a month and day.
 */
export function parseYearlessDay(v: unknown, notAfter: Day): Day | null {
  if (typeof v !== 'string') return null;
  const m = YEARLESS_MONTH_DAY.exec(stripDateNotes(normalizeText(v)));
  if (!m) return null;
  const [month, date] = [Number(m[1]), Number(m[2])];
  const { year } = ymdOf(notAfter);
  // 2/29 is found in the latest leap year not after the day.
  for (let y = year; y >= year - 8; y--) {
    const day = dayOfParts(y, month, date);
    if (day !== null && day <= notAfter) return day;
  }
  return null;
}

/** A month and day without a year (誕生日): 2/29 stays 2/29, whatever year it falls in. */
export interface MonthDay {
  month: number;
  date: number;
}

/**
 * 誕生日 as owners write it: a full date in any form parseDay reads (a date cell, 和暦 「昭和55年5月3日」, 「1980/5/3」)
 * or a month and day only (「5月3日」「5/3」「05-03」「5/3（土）」). Only the month and day are kept: Sheets adds the
 * current year to a typed 「5/3」, so a year is never checked. 2/29 is a real birthday (a leap year is assumed when
 * the year is not written).
 */
export function parseMonthDay(v: unknown, timeZone: string): ParseResult<MonthDay> | null {
  if (typeof v === 'string') {
    const text = normalizeText(v);
    if (!text || isNoneMark(text)) return null;
    // A year written as 0000 (Square's export of a birthday without its year: 0000-09-01, 0000-09-01T00:00:00-00:00;
    // github.com/square/connect-nodejs-sdk CreateCustomerRequest.birthday) or left out as in vCard (--09-01).
    const m =
      YEARLESS_MONTH_DAY.exec(stripDateNotes(text)) ??
      /^(?:0000-|--)(\d{2})-?(\d{2})(?:T[\d:.+-]*Z?)?$/i.exec(text);
    if (m) {
      const [month, date] = [Number(m[1]), Number(m[2])];
      // 2000 is a leap year: 2/29 is read, 2/30 is not.
      return isValidYmd(2000, month, date) ? ok({ month, date }) : fail();
    }
  }
  const day = parseDay(v, timeZone);
  if (day === null) return null;
  if (!day.ok) return fail();
  const { month, date } = ymdOf(day.value);
  return ok({ month, date });
}

/** A cell's text cut to 20 characters for a 要確認 line. */
export function shorten(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

/** A text's length in UTF-8 bytes: what Apps Script's property (9 KB) and cache (100 KB) limits count. */
export function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
