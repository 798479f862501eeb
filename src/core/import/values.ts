/**
 * Reading the values of a booking or register export (issue 17): its dates and times, amounts, totals lines, and
 * the keys rows are matched to customers by. Pure: text in, values out.
 */
import { dayOfInstant, minutesOfInstant } from '../day';
import { normalizeText, parseDay, parsePhone, parseYen, type ParseResult } from '../parse';
import type { Moment } from '../slots';

// ---------------------------------------------------------------------------------------------------------------
// Moments

/** An instant with its offset: 2026-11-20T13:05:00+09:00, 2026-11-20T04:05:00Z. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$/i;
/** A time at the end: 13:05, 13:05:00, 9:05:00.000, 13時05分, 13時, 午後1:05, 1:05 PM. */
const TIME_AT_END =
  /(?:(午前|午後|AM|PM)\s*)?(\d{1,2})(?::(\d{2})(?::(\d{2})(?:\.\d+)?)?|\s*時(?:\s*(\d{1,2})\s*分)?(?:\s*(\d{1,2})\s*秒)?)\s*(AM|PM)?$/i;
/** What may stand between a date and its time. */
const BEFORE_TIME = /(?:\s|T|日|\))$/;
/** The end of a booking's time range: 「13:05〜14:00」 is read from its start. */
const RANGE_END = /\s*[〜~-]\s*\d{1,2}(?::\d{2}|時(?:\d{1,2}分)?)$/;

/**
 * A visit's or booking's day and time as exports write it: 2026/11/20 13:05(:00), 2026-11-20 13:05:00,
 * 2026-11-20T13:05:00+09:00 (an instant: its day and time in `timeZone`), 2026年11月20日 13時05分, 令和8年11月20日,
 * R8.11.20, full-width digits, a weekday like (金), 20261120. A date alone is at 0:00; seconds are dropped. null
 * for blank text, text without a year (13:05, 11/20) and anything else unreadable.
 */
export function readImportMoment(text: string, timeZone: string): Moment | null {
  const normalized = normalizeText(text);
  if (normalized === '') return null;
  if (ISO_WITH_OFFSET.test(normalized)) {
    const iso = normalized
      .replace(' ', 'T')
      .replace(/\s+/g, '')
      .replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const time = Date.parse(iso);
    if (Number.isNaN(time)) return null;
    return { day: dayOfInstant(time, timeZone), minutes: minutesOfInstant(time, timeZone) };
  }
  const start = normalized.replace(RANGE_END, '');
  const time = TIME_AT_END.exec(start);
  let datePart = start;
  let minutes = 0;
  if (time) {
    const before = start.slice(0, time.index);
    if (before !== '' && BEFORE_TIME.test(before)) {
      const read = minutesOfTime(time);
      if (read === null) return null;
      minutes = read;
      datePart = before.replace(/T$/, '').trim();
    }
  }
  const day = parseDay(datePart, timeZone);
  return day?.ok ? { day: day.value, minutes } : null;
}

function minutesOfTime(m: RegExpExecArray): number | null {
  const half = (m[1] ?? m[7] ?? '').toUpperCase();
  let hours = Number(m[2]);
  const minutes = Number(m[3] ?? m[5] ?? 0);
  const seconds = Number(m[4] ?? m[6] ?? 0);
  if (m[1] !== undefined && m[7] !== undefined) return null;
  if (half) {
    if (hours > 12) return null;
    const afternoon = half === '午後' || half === 'PM';
    hours = (hours % 12) + (afternoon ? 12 : 0);
  }
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  return hours * 60 + minutes;
}

// ---------------------------------------------------------------------------------------------------------------
// Amounts

/** A minus written before the amount: -, −, and the accounting marks ▲ and △. */
const MINUS_SIGN = /^[-−▲△]\s*/;
/** A negative amount in parentheses, as accounting exports write it: (1,200), ¥(1,200). */
const IN_PARENTHESES = /^([¥\\]?)\s*\((.*)\)$/;

/**
 * An amount in yen as exports write it: ¥12,000, ￥12,000, 12,000円, 12000, 12000.00, full-width digits, and negative
 * ones (returns, discounts) as -1,200, △1,200, ▲1,200, (1,200), ¥-1,200. Blank or a dash → null; anything else
 * unreadable → { ok: false }.
 */
export function readImportAmount(text: string): ParseResult<number> | null {
  let rest = normalizeText(text);
  let negative = false;
  const parenthesised = IN_PARENTHESES.exec(rest);
  if (parenthesised) {
    rest = `${parenthesised[1]}${parenthesised[2].trim()}`;
    negative = true;
  }
  const currency = /^[¥\\]\s*/.exec(rest);
  const afterCurrency = currency ? rest.slice(currency[0].length) : rest;
  if (MINUS_SIGN.test(afterCurrency) && /\d/.test(afterCurrency)) {
    if (negative) return { ok: false };
    rest = afterCurrency.replace(MINUS_SIGN, '');
    negative = true;
  }
  const amount = parseYen(rest);
  if (amount === null) return negative ? { ok: false } : null;
  if (!amount.ok) return amount;
  return { ok: true, value: negative && amount.value !== 0 ? -amount.value : amount.value };
}

// ---------------------------------------------------------------------------------------------------------------
// Totals lines

/** 合計, 総合計, 総計, 小計, 計, 合計金額, 【合計】, 合計: — the words a totals or footer line starts with. */
const TOTALS_WORD = /^(?:総合計|合計|総計|小計|計)(?:金額|額)?$/;
const TOTALS_DECORATION = /[\s【】[\]「」『』()（）:：]/g;
/** How many of a row's first non-blank cells may hold the word (a totals line may leave a number column first). */
const TOTALS_CELLS = 2;

/**
 * A totals or footer line at the end of an export: one of its first non-blank cells says 合計 / 総計 / 小計 / 計 /
 * 合計金額, and no cell holds a readable date (a visit's row always has one; 「時計修理」 is a product, not 計).
 */
export function looksLikeTotals(cells: readonly string[], timeZone: string): boolean {
  const filled = cells.map((c) => normalizeText(c)).filter((c) => c !== '');
  const saysTotal = filled
    .slice(0, TOTALS_CELLS)
    .some((c) => TOTALS_WORD.test(c.replace(TOTALS_DECORATION, '')));
  return saysTotal && !filled.some((c) => readImportMoment(c, timeZone) !== null);
}

// ---------------------------------------------------------------------------------------------------------------
// Matching keys

/**
 * The digits of a Japanese phone number: '+81 90-1234-5678' → '09012345678', '03(1234)5678' → '0312345678', and
 * '9012345678' (a spreadsheet dropped the leading 0) → '09012345678'. '' when it is not a plausible number.
 */
export function phoneKey(text: string): string {
  const normalized = normalizeText(text);
  const read = /^[1-9]\d{8,9}$/.test(normalized) ? parsePhone(Number(normalized)) : parsePhone(normalized);
  return read?.ok ? read.value.replace(/\D/g, '') : '';
}

/** Shape only: one @, no spaces, a dot in the domain (old carrier addresses with `..` are still addresses). */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** An email address trimmed, NFKC, lower-cased; '' when it is not an address. */
export function emailKey(text: string): string {
  const key = normalizeText(text)
    .replace(/^mailto:/i, '')
    .toLowerCase();
  return EMAIL_SHAPE.test(key) ? key : '';
}

/**
 * Variant kanji an export and a hand-typed sheet write differently for the same name: 髙 (U+9AD9, the はしご高) and
 * 﨑 (U+FA11, the たつさき) are not changed by NFKC; 𠮷 (U+20BB7) is not in Shift_JIS, so exports write 吉.
 */
const NAME_VARIANTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/髙/g, '高'],
  [/﨑/g, '崎'],
  [/\u{20BB7}/gu, '吉'],
];
const HONORIFIC_AT_END = /(?:様|さま|御中)$/;

/** A name as the owner would read it: NFKC, spaces removed, a trailing 様/さま/御中 removed, 髙→高 and 﨑→崎, lower-cased. */
export function nameKey(text: string): string {
  const spaced = normalizeText(text).replace(/\s+/g, '');
  let key = spaced.replace(HONORIFIC_AT_END, '') || spaced;
  for (const [variant, common] of NAME_VARIANTS) key = key.replace(variant, common);
  return key.toLowerCase();
}

/** A reading (フリガナ/ふりがな): NFKC (half-width kana → full), katakana → hiragana, spaces and ・ removed. */
export function kanaKey(text: string): string {
  return normalizeText(text)
    .replace(/[\s・]+/g, '')
    .replace(/[\u30A1-\u30F6]/g, (k) => String.fromCharCode(k.charCodeAt(0) - 0x60));
}

/**
 * A phone number as 顧客 and 来店履歴 keep it: as the file wrote it, but with the 0 a spreadsheet dropped put back,
 * +81 read as 0 and full-width digits made half-width ('9011112222' → '09011112222', '+81 90-2222-3333' →
 * '090-2222-3333'); a text that is no phone number stays as written.
 */
export function phoneText(text: string): string {
  const normalized = normalizeText(text);
  if (normalized === '') return '';
  const read = /^[1-9]\d{8,9}$/.test(normalized) ? parsePhone(Number(normalized)) : parsePhone(normalized);
  return read?.ok ? read.value : text.trim();
}
