import holidayJp from '@holiday-jp/holiday_jp';
import {
  describeClosedWeekdays,
  inYearlyRange,
  nthOfMonth,
  type NthWeekday,
  type YearlyRange,
} from './closed-days';
import { addDays, isoDay, slashDay, weekdayOf, type Day } from './day';

/** When the shop is open: 定休日 (weekdays, 0 = Sunday), 休業日 and 祝日休業 from 設定. */
export interface ShopCalendar {
  closedWeekdays: Set<number>;
  closedDays: Set<Day>;
  closedOnHolidays: boolean;
  /** 定休日 on the n-th weekday of each month (第3火曜). */
  closedNthWeekdays?: readonly NthWeekday[];
  /** 休業日 that come back every year (毎年12/29〜1/3). */
  closedYearly?: readonly YearlyRange[];
}

// Keyed 'YYYY-MM-DD'; the data covers 1970–2050 and includes 振替休日 and 国民の休日 (named 休日).
const HOLIDAYS: Readonly<Record<string, { readonly name: string } | undefined>> = holidayJp.holidays;

/** A search for the next open day gives up after a year, so a calendar closed every day cannot hang a run. */
const SEARCH_LIMIT_DAYS = 366;

/** A Japanese public holiday (outside 1970–2050, where the data ends, nothing is a holiday). */
export function isHoliday(day: Day): boolean {
  return HOLIDAYS[isoDay(day)] !== undefined;
}

/** The holiday's Japanese name (勤労感謝の日, こどもの日 振替休日, 休日), or undefined. */
export function holidayName(day: Day): string | undefined {
  return HOLIDAYS[isoDay(day)]?.name;
}

export function isBusinessDay(day: Day, cal: ShopCalendar): boolean {
  const weekday = weekdayOf(day);
  if (cal.closedWeekdays.has(weekday) || cal.closedDays.has(day)) return false;
  if (cal.closedNthWeekdays?.length) {
    const nth = nthOfMonth(day);
    if (cal.closedNthWeekdays.some((c) => c.weekday === weekday && c.nth === nth)) return false;
  }
  if (cal.closedYearly?.some((range) => inYearlyRange(day, range))) return false;
  return !(cal.closedOnHolidays && isHoliday(day));
}

/** False when every weekday is a 定休日: callers report it instead of moving dates. */
export function hasBusinessDays(cal: ShopCalendar): boolean {
  for (let weekday = 0; weekday < 7; weekday++) if (!cal.closedWeekdays.has(weekday)) return true;
  return false;
}

/** The first business day strictly after day; day itself when none comes within a year. */
export function nextBusinessDay(day: Day, cal: ShopCalendar): Day {
  return firstBusinessDay(addDays(day, 1), cal) ?? day;
}

/** day when it is a business day, else the next one; day itself when none comes within a year. */
export function onOrAfterBusinessDay(day: Day, cal: ShopCalendar): Day {
  return firstBusinessDay(day, cal) ?? day;
}

/**
 * The first `count` business days on or after day, in order. Fewer when the shop stays closed for a whole year
 * (an empty list for a calendar with no business days).
 */
export function businessDaysFrom(day: Day, count: number, cal: ShopCalendar): Day[] {
  const days: Day[] = [];
  let from = day;
  while (days.length < count) {
    const next = firstBusinessDay(from, cal);
    if (next === undefined) break;
    days.push(next);
    from = addDays(next, 1);
  }
  return days;
}

/** The n-th business day after day (n ≥ 1); day itself when the calendar runs out of business days. */
export function addBusinessDays(day: Day, n: number, cal: ShopCalendar): Day {
  const days = businessDaysFrom(addDays(day, 1), n, cal);
  return days.length === n && n > 0 ? days[n - 1] : day;
}

function firstBusinessDay(from: Day, cal: ShopCalendar): Day | undefined {
  for (let i = 0; i < SEARCH_LIMIT_DAYS; i++) {
    const day = addDays(from, i);
    if (isBusinessDay(day, cal)) return day;
  }
  return undefined;
}

/**
 * The shop calendar as it was understood, in the owner's words (for 診断): 「定休日は毎週月曜・第3火曜、休業日は
 * 毎年12/29〜1/3と日付で2日（次は2026/12/29）、祝日はお休みとして扱います。」
 */
export function describeCalendar(cal: ShopCalendar, today: Day): string {
  const weekly = describeClosedWeekdays(cal.closedWeekdays, cal.closedNthWeekdays ?? []) || 'なし';
  const coming = [...cal.closedDays].filter((day) => day >= today).sort((a, b) => a - b);
  const closures = [
    ...(cal.closedYearly ?? []).map((range) => range.text),
    ...(coming.length > 0 ? [`日付で${coming.length}日（次は${slashDay(coming[0])}）`] : []),
  ];
  const holidays = cal.closedOnHolidays ? '祝日はお休み' : '祝日は営業';
  return `定休日は${weekly}、休業日は${closures.length > 0 ? closures.join('と') : 'なし'}、${holidays}として扱います。`;
}
