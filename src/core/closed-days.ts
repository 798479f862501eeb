import { isValidYmd, ymdOf, type Day } from './day';

/**
 * 定休日 and 休業日 as salons write them (followup-rules.md section 3): 「毎週月曜・第3火曜」, 「第2・第4火曜」,
 * 「水曜（祝日の場合は翌日）」, 「毎年12/29〜1/3」. What is read becomes the shop calendar; what is not (a note in brackets,
 * 隔週, 不定休, a word not understood) is kept to be shown to the owner as not applied.
 */

/** The n-th (1–5) given weekday (0 = Sunday) of every month: 第3火曜 is { weekday: 2, nth: 3 }. */
export interface NthWeekday {
  weekday: number;
  nth: number;
}

export interface MonthDay {
  month: number;
  date: number;
}

/** A closure that comes back every year, from one month-day to another (inclusive; it may cross the new year). */
export interface YearlyRange {
  from: MonthDay;
  to: MonthDay;
  /** As the owner wrote it, to say what was understood. */
  text: string;
}

/** What a 定休日 value says. */
export interface ClosedWeekdaysReading {
  /** Every week: 水, 毎週月曜. */
  weekdays: Set<number>;
  /** 第n of a weekday, for weekdays not closed every week; sorted by weekday, then n. */
  nth: NthWeekday[];
  /** Text in brackets or after ※, as written: kept and shown as not applied. */
  notes: string[];
  /** 隔週 and 不定休: days no rule can find, to be listed in 休業日. */
  irregular: string[];
  /** Words not understood. */
  unknown: string[];
  /** 祝 or 祝日 was written: holidays are the 祝日休業 setting, not a weekday. */
  holidays: boolean;
}

const WEEKDAYS = '日月火水木金土';
const EN_WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const NONE = new Set([
  'なし',
  '無し',
  '無',
  'ナシ',
  'none',
  '無休',
  '年中無休',
  '定休日なし',
  '-',
  'ー',
  '—',
]);
/** Notes: （…）, (…), 【…】, […], 「…」, and everything after ※. */
const NOTE = /[(（【[［「『][^)）】\]］」』]*[)）】\]］」』]|※.*$/g;
/** Words around a weekday that say nothing more: 毎週水曜, 水曜定休, 火曜日はお休み, 毎月第1月曜. */
const FILLER =
  /毎週|毎月|定休日|定休|店休日|店休|お休み|休み|休業日|休業|です|となります|になります|(?<=[曜日])は/g;
/**
 * Terms are joined by ・、,／ (and / ; spaces), と, 及び, および, ＆. と joins only after a term's last character (a
 * weekday, 曜, 日, 祝 or a 第n number), so a word that merely has と in it (「ときどき」) stays one word, said as the owner wrote it.
 */
const SEPARATORS = /[・、,，/;；:\s&＆]+|(?<=[0-9０-９一二三四五曜日月火水木金土祝])と|及び|および/;
const WEEKDAY_RUN = /^(?:[日月火水木金土](?:曜日|曜)?|祝日?)+$/;
const WEEKDAY_MARK = /([日月火水木金土])(?:曜日|曜)?|祝日?/g;
/** 第2, 第2週, 2 (after a 第), 第2第4, 第2,4. */
const NTH_ONLY = /^(?:第?[1-9]週?(?:目)?)+$/;
const NTH_WITH_WEEKDAY = /^((?:第?[1-9]週?(?:目)?)+)の?([日月火水木金土])(?:曜日|曜)?$/;
const IRREGULAR = /隔週|不定休|不定期/;

/**
 * 定休日: a list of terms joined by ・、,／ or と/及び (followup-rules.md section 3): a weekday in any form (水, 水曜,
 * 水曜日, with 毎週, 定休 or 休み around it; also Wed), 第n of a weekday (n 1–5; 第2・第4火曜, 第2第4火曜), 隔週 or
 * 不定休 (reported), notes in brackets (kept, not applied). Full-width digits read as digits. Blank → null.
 */
export function parseClosedWeekdays(v: unknown): ClosedWeekdaysReading | null {
  if (v === null || v === undefined) return null;
  const raw = String(v).normalize('NFKC').trim();
  if (raw === '') return null;
  const reading: ClosedWeekdaysReading = {
    weekdays: new Set(),
    nth: [],
    notes: [],
    irregular: [],
    unknown: [],
    holidays: false,
  };
  if (NONE.has(raw.toLowerCase().replace(/\s+/g, ''))) return reading;
  for (const note of raw.match(NOTE) ?? []) reading.notes.push(fullWidthNote(note));
  const text = raw.replace(NOTE, ' ');
  const nth = new Map<number, Set<number>>();
  let pending: number[] = [];
  for (const written of text.split(SEPARATORS).filter(Boolean)) {
    if (IRREGULAR.test(written)) {
      reading.irregular.push(written);
      continue;
    }
    const term = written.replace(FILLER, '');
    if (term === '') continue;
    if (NTH_ONLY.test(term) && (term.startsWith('第') || pending.length > 0)) {
      pending.push(...numbersOf(term));
      continue;
    }
    const nthTerm = NTH_WITH_WEEKDAY.exec(term);
    if (nthTerm && (nthTerm[1].startsWith('第') || pending.length > 0)) {
      const ns = [...pending, ...numbersOf(nthTerm[1])];
      pending = [];
      if (ns.some((n) => n > 5)) {
        reading.unknown.push(written);
        continue;
      }
      const weekday = WEEKDAYS.indexOf(nthTerm[2]);
      const set = nth.get(weekday) ?? new Set<number>();
      ns.forEach((n) => set.add(n));
      nth.set(weekday, set);
      continue;
    }
    if (pending.length > 0) {
      reading.unknown.push(pending.map((n) => `第${n}`).join('・'));
      pending = [];
    }
    if (WEEKDAY_RUN.test(term)) {
      for (const [, weekday] of term.matchAll(WEEKDAY_MARK)) {
        if (weekday) reading.weekdays.add(WEEKDAYS.indexOf(weekday));
        else reading.holidays = true;
      }
      continue;
    }
    const english = term.toLowerCase().replace(/\.$/, '');
    const index = EN_WEEKDAYS.findIndex((name) => name === english || name.slice(0, 3) === english);
    if (index >= 0) reading.weekdays.add(index);
    else reading.unknown.push(written);
  }
  if (pending.length > 0) reading.unknown.push(pending.map((n) => `第${n}`).join('・'));
  // 第1〜第5 of a weekday is every one of them; a weekday closed every week needs no 第n.
  for (const [weekday, ns] of nth) if (ns.size === 5) reading.weekdays.add(weekday);
  reading.nth = [...nth]
    .filter(([weekday]) => !reading.weekdays.has(weekday))
    .sort(([a], [b]) => a - b)
    .flatMap(([weekday, ns]) => [...ns].sort((a, b) => a - b).map((n) => ({ weekday, nth: n })));
  return reading;
}

function numbersOf(text: string): number[] {
  return [...text.matchAll(/[1-9]/g)].map(([n]) => Number(n));
}

/** A note as the owner reads it back: in full-width brackets (（祝日の場合は翌日）), or 「※祝日は営業」. */
function fullWidthNote(note: string): string {
  if (note.startsWith('※')) return `「${note.trim()}」`;
  return `（${note.slice(1, -1).trim()}）`;
}

/** 毎週月曜・第3火曜; 第2・第4火曜; 毎週水曜・日曜. '' when nothing is closed. */
export function describeClosedWeekdays(weekdays: ReadonlySet<number>, nth: readonly NthWeekday[]): string {
  const parts: string[] = [];
  const every = [...weekdays].sort((a, b) => a - b).map((w) => `${WEEKDAYS[w]}曜`);
  if (every.length > 0) parts.push(`毎週${every.join('・')}`);
  const byWeekday = new Map<number, number[]>();
  for (const { weekday, nth: n } of nth) byWeekday.set(weekday, [...(byWeekday.get(weekday) ?? []), n]);
  for (const [weekday, ns] of byWeekday)
    parts.push(`${ns.map((n) => `第${n}`).join('・')}${WEEKDAYS[weekday]}曜`);
  return parts.join('・');
}

/** Which week of its month a day falls in, as 第n counts it: the 1st–7th are 第1, the 29th–31st 第5. */
export function nthOfMonth(day: Day): number {
  return Math.ceil(ymdOf(day).date / 7);
}

const MONTH_DAY = /^(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?$/;
const DATE_ONLY = /^(\d{1,2})\s*日?$/;
const RANGE = /\s*(?:〜|~|–|—|-|から)\s*/;
/** A weekday written after a date: (火), （火曜日）. */
const WEEKDAY_NOTE = /\s*\((?:[日月火水木金土](?:曜日?)?)\)\s*/g;

/**
 * A yearly 休業日 entry: 毎年12/29〜1/3, 毎年 8月13日〜16日, 毎年1/1. A range whose end comes before its start in
 * the calendar crosses the new year. 2/29 is a valid month-day (closed in leap years only). null when the entry
 * is not a yearly one or cannot be read.
 */
export function parseYearlyEntry(entry: string): YearlyRange | null {
  const text = entry.normalize('NFKC').trim();
  if (!text.startsWith('毎年')) return null;
  const body = text
    .slice(2)
    .replace(/^[\s:：は]+/, '')
    .replace(WEEKDAY_NOTE, '')
    .replace(/まで$/, '')
    .trim();
  const [fromText, toText, ...rest] = body.split(RANGE);
  if (rest.length > 0) return null;
  const from = monthDay(fromText);
  if (!from) return null;
  if (toText === undefined) return { from, to: from, text };
  const dateOnly = DATE_ONLY.exec(toText);
  const to = dateOnly ? checked(from.month, Number(dateOnly[1])) : monthDay(toText);
  if (!to) return null;
  // 毎年8/13〜8/13 is one day; 毎年8/16〜8/13 is a typo for a range of most of a year.
  if (dateOnly && to.date < from.date) return null;
  return { from, to, text };
}

function monthDay(text: string): MonthDay | null {
  const m = MONTH_DAY.exec(text.trim());
  return m ? checked(Number(m[1]), Number(m[2])) : null;
}

function checked(month: number, date: number): MonthDay | null {
  // 2000 is a leap year: 2/29 is a month-day that exists.
  return isValidYmd(2000, month, date) ? { month, date } : null;
}

/** True when the day falls in the yearly range (in any year). */
export function inYearlyRange(day: Day, range: YearlyRange): boolean {
  const { month, date } = ymdOf(day);
  const at = month * 100 + date;
  const from = range.from.month * 100 + range.from.date;
  const to = range.to.month * 100 + range.to.date;
  return from <= to ? at >= from && at <= to : at >= from || at <= to;
}
