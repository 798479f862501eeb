/**
 * What the owner answered about the seasons, kept in document properties (never in a cell): 「今年は送らない」 for
 * the 年賀状 of a year, and a temporary 1日の手紙上限 for a season's window (season-forecast.ts).
 */
import type { Day } from '../core/day';
import {
  newYearQuestion,
  readSeasonLimit,
  writeSeasonLimit,
  type SeasonForecastInput,
  type SeasonLetterLimit,
} from '../core/season-forecast';
import { introDay } from './properties';
import type { Plan } from '../core/plan';
import type { LoadedWorkbook } from './workbook';
import { documentProperties as props } from './document-properties';

const DECLINED_PROPERTY = 'tsunagu.newYearDeclined';
const SEASON_LIMIT_PROPERTY = 'tsunagu.seasonLetterLimit';

/** The year (ending) whose 年賀状 the owner said 「今年は送らない」 to, if any. */
export function declinedNewYear(): number | undefined {
  const text = props().getProperty(DECLINED_PROPERTY);
  const year = text ? Number(text) : NaN;
  return Number.isInteger(year) ? year : undefined;
}

export function setDeclinedNewYear(year: number): void {
  props().setProperty(DECLINED_PROPERTY, String(year));
}

/** The temporary letter limit the owner accepted, while its window has not ended. */
export function storedSeasonLimit(today: Day): SeasonLetterLimit | undefined {
  return readSeasonLimit(props().getProperty(SEASON_LIMIT_PROPERTY), today);
}

export function storeSeasonLimit(limit: SeasonLetterLimit): void {
  props().setProperty(SEASON_LIMIT_PROPERTY, writeSeasonLimit(limit));
}

export function forgetSeasonLimit(): boolean {
  const had = props().getProperty(SEASON_LIMIT_PROPERTY) !== null;
  props().deleteProperty(SEASON_LIMIT_PROPERTY);
  return had;
}

/** What the forecast and the question are computed from: the workbook as read, 導入日 and the accepted limit. */
export function seasonInputOf(wb: LoadedWorkbook, plan?: Plan): SeasonForecastInput {
  return {
    today: wb.today,
    introDay: introDay(wb.today),
    settings: wb.settings,
    customers: wb.customers,
    records: wb.records,
    seasonLimit: storedSeasonLimit(wb.today),
    // The planner's answer once a season is on (its queue holds the cards): which cards it cannot reach in time.
    unfitCards: plan ? (plan.unfitCards ?? []).map((u) => ({ step: u.step.step })) : undefined,
  };
}

/** The November 年賀状 question's lines while it is open (else none). */
export function openQuestionLines(wb: LoadedWorkbook): string[] {
  return newYearQuestion(seasonInputOf(wb), declinedNewYear())?.lines ?? [];
}
