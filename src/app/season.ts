/**
 * The season forecast and the November 年賀状 question as the summary, the owner's notice and the sidebar say them
 * (core/season-forecast.ts), and the owner's answers: 「送る」 (設定 年賀状 TRUE), 「今年は送らない」, and the
 * temporary 1日の手紙上限 for a season's window.
 */
import { dayFromYmd, monthDayJa, ymdOf } from '../core/day';
import type { Plan } from '../core/plan';
import {
  newYearQuestion,
  offeredLimit,
  seasonForecast,
  seasonForecastLines,
  seasonLimitText,
  dayRangeJa,
  inForecastTime,
  questionYear,
  HOW_TO_ANSWER,
} from '../core/season-forecast';
import type { ActionResult, SeasonCardView } from '../shared/sidebar-types';
import {
  declinedNewYear,
  forgetSeasonLimit,
  setDeclinedNewYear,
  storeSeasonLimit,
  seasonInputOf,
  openQuestionLines,
} from './season-limit';
import { saveSettings } from './settings-panel';
import type { LoadedWorkbook } from './workbook';
import { loadWorkbook, planOf } from './workbook';

/**
 * What the day's summary and notice add: the November question while it is open, the season's forecast on its day
 * (11-20, 6-20), and each S10 card the letter limit cannot reach before its window closes, by name.
 */
export function seasonDayLines(wb: LoadedWorkbook, plan: Plan): string[] {
  const input = seasonInputOf(wb, plan);
  return [...openQuestionLines(wb), ...seasonForecastLines(input, 'day'), ...unfitCardLines(plan)];
}

/** How many names an unfit list shows before 「ほかN軒」. */
const NAMES_SHOWN = 20;

/**
 * The S10 cards the letter limit cannot reach in their window (contract S10: "a card that cannot fit is listed,
 * never left to expire without a word"): by card and last day, the households by their addressee's name.
 */
export function unfitCardLines(plan: Plan): string[] {
  const groups = new Map<string, { label: string; last: string; names: string[] }>();
  for (const { customer, step } of plan.unfitCards ?? []) {
    const last = step.last !== undefined ? monthDayJa(step.last) : '';
    const id = `${step.step}|${last}`;
    const group = groups.get(id) ?? { label: step.step, last, names: [] };
    group.names.push(`${customer.name} ${customer.honorific}`);
    groups.set(id, group);
  }
  return [...groups.values()].map((g) => {
    const shown = g.names.slice(0, NAMES_SHOWN).join('、');
    const more = g.names.length > NAMES_SHOWN ? `、ほか${g.names.length - NAMES_SHOWN}軒` : '';
    return `【要確認】${g.label}: 1日の手紙上限のため、${g.last}までに用意できないご家庭が${g.names.length}軒あります（${shown}${more}）。設定「1日の手紙上限」を上げるか、この方々には別の形でご挨拶ください。`;
  });
}

/** The sidebar's season card: the question, the forecast until the window opens, the offered and accepted limits. */
export function seasonCardOf(wb: LoadedWorkbook, plan?: Plan): SeasonCardView | undefined {
  const input = seasonInputOf(wb, plan);
  const question = newYearQuestion(input, declinedNewYear());
  const forecast = seasonForecastLines(input, 'until-window');
  let offer: SeasonCardView['offer'] = null;
  for (const kind of ['newYear', 'summer'] as const) {
    const on = kind === 'newYear' ? wb.settings.newYearCards : wb.settings.summerCards;
    if (!on || !inForecastTime(wb.today, kind)) continue;
    const f = seasonForecast(input, kind);
    const l = f && offeredLimit(f);
    if (l)
      offer = {
        limit: l.limit,
        label: `この期間だけ手紙の上限を${l.limit}通にする`,
        text: seasonLimitText(l),
      };
  }
  const accepted = input.seasonLimit
    ? `手紙の上限: ${seasonLimitText(input.seasonLimit)}（この期間だけ）`
    : '';
  if (!question && forecast.length === 0 && !offer && !accepted) return undefined;
  return {
    question: question
      ? { year: question.year, lines: question.lines.filter((l) => l !== HOW_TO_ANSWER) }
      : null,
    forecast,
    offer,
    accepted,
  };
}

/**
 * The owner's answer to the November question. 「送る」 writes 設定 年賀状 TRUE the way the 設定 tab writes a setting
 * (saveSettings re-reads 設定 and writes the one 値 cell); 「今年は送らない」 remembers the year, and 設定 stays FALSE.
 * The caller holds the script lock.
 */
export function answerNewYearCards(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  send: unknown,
): ActionResult {
  if (typeof send !== 'boolean') return { ok: false, message: '答えを読み取れませんでした。' };
  // The answer may come from a sidebar opened hours ago, or in another tab after the owner changed 設定: it is checked
  // against 設定 and the day as they are now, and says what is really so.
  const wb = loadWorkbook(ss, now);
  const { year } = ymdOf(wb.today);
  const lastDay = dayFromYmd(year, 12, 24);
  if (wb.today < dayFromYmd(year, 11, 1) || wb.today > lastDay)
    return {
      ok: false,
      message: '今は年賀状をお尋ねする時期ではありません（毎年11月にお尋ねします）。設定はそのままです。',
    };
  if (send) {
    if (wb.settings.newYearCards)
      return {
        ok: true,
        message: '設定「年賀状」はもうTRUEです。12月24日までに年賀状のはがきを用意します。',
      };
    const reply = saveSettings(ss, { 年賀状: 'TRUE' });
    if (!reply.ok) return { ok: false, message: reply.message };
    const from = wb.today >= dayFromYmd(year, 12, 10) ? '今日から12月24日までに' : '12月10日から';
    return {
      ok: true,
      message: `設定「年賀状」をTRUEにしました。${from}年賀状のはがきを用意します（喪中のご家庭には1月に寒中見舞い）。`,
    };
  }
  if (wb.settings.newYearCards)
    return {
      ok: false,
      message:
        '設定「年賀状」はTRUEのままです（「送る」が選ばれています）。お送りしないときは、設定タブで「年賀状」のチェックを外してください。',
    };
  setDeclinedNewYear(questionYear(wb.today));
  return {
    ok: true,
    message: '今年は年賀状をお送りしません。お送りすることにしたときは、設定「年賀状」をTRUEにしてください。',
  };
}

/** 「この期間だけ手紙の上限をN通にする」: the limit the forecast offers now, for its window's days. */
export function acceptSeasonLimit(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date): ActionResult {
  const wb = loadWorkbook(ss, now);
  // The plan's letter queue says which cards cannot be reached in time (the season is on when this is offered).
  const plan = planOf(wb);
  const card = seasonCardOf(wb, plan);
  const input = seasonInputOf(wb, plan);
  for (const kind of ['newYear', 'summer'] as const) {
    const on = kind === 'newYear' ? wb.settings.newYearCards : wb.settings.summerCards;
    if (!on || !inForecastTime(wb.today, kind)) continue;
    const f = seasonForecast(input, kind);
    const l = f && offeredLimit(f);
    if (!l) continue;
    storeSeasonLimit(l);
    return {
      ok: true,
      message: `${dayRangeJa(l.from, l.to)}だけ、1日の手紙上限を${l.limit}通にしました（設定タブで取り消せます）。`,
    };
  }
  return {
    ok: false,
    message: card ? '今は上限を上げなくても期間内に用意できます。' : '今は上げる期間がありません。',
  };
}

/** 設定 tab: the temporary letter limit removed (設定 1日の手紙上限 applies again on those days). */
export function removeSeasonLimit(): ActionResult {
  return forgetSeasonLimit()
    ? { ok: true, message: '期間だけの手紙の上限を取り消しました。設定「1日の手紙上限」の通りに用意します。' }
    : { ok: true, message: '期間だけの手紙の上限はありません。' };
}
