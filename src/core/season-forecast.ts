/**
 * The season forecast and the November 年賀状 question (contract section 2, 年賀状; section 3, the S10 row: "each
 * November the summary and the owner's notice ask whether to send them this year, with the number of households,
 * the postage and a reminder to check 喪中"; "On 11-20 (and 6-20) the summary and the notice forecast the season
 * against 1日の手紙上限 and the window, with the postage, and offer a higher limit for those days; a card that cannot
 * fit is listed, never left to expire without a word"). Pure: no Apps Script globals.
 *
 * Who gets a card is the rule's own decision (rules/seasonal: greetingSeasons and seasonStep, which uses
 * seenWithin and inMourning): nothing of it is copied here.
 *
 * What the forecast assumes of the other rules' letters on the window's days: as many a day as 連絡履歴 shows
 * prepared on an average day of the 30 days before today (rounded up), S10's own cards left out. The forecast says
 * so in its words.
 */
import { STEP } from '../labels';
import { addDays, dayFromYmd, isoDay, monthDayJa, ymdOf, type Day } from './day';
import { isExampleCustomer } from './examples';
import { keyRule } from './keys';
import { postageOf, yenText } from './postage';
import { greetingAddressees, greetingSeasons, seasonStep, type Season } from './rules/seasonal';
import type { ContactRecord, Customer, Settings } from './types';

export type SeasonKind = 'newYear' | 'summer';

/** A temporary 1日の手紙上限 for a season's window, accepted by the owner (stored in document properties). */
export interface SeasonLetterLimit {
  /** The window's first and last day (both included). */
  from: Day;
  to: Day;
  /** Letters a day on those days. */
  limit: number;
}

export interface SeasonForecastInput {
  today: Day;
  /** 導入日: a season whose window had closed before it is never prepared (greetingSeasons). */
  introDay: Day;
  settings: Settings;
  customers: readonly Customer[];
  records: readonly ContactRecord[];
  /** The temporary letter limit the owner accepted, if any. */
  seasonLimit?: SeasonLetterLimit;
  /**
   * Once the season is on, the S10 cards the planner's letter queue cannot reach before their window closes
   * (Plan.unfitCards): the queue knows every letter ahead of the cards, so whether they fit is its answer, not an
   * average of 連絡履歴.
   */
  unfitCards?: readonly { step: string }[];
}

export interface SeasonForecast {
  kind: SeasonKind;
  /** 年賀状 / 暑中見舞い */
  name: string;
  /** Households that would get the season's card (one はがき each). */
  cards: number;
  /** 年賀状 only: households in mourning that get a 寒中見舞い in January instead. */
  midwinter: number;
  /** The postage of the cards (not the 寒中見舞い). */
  postageYen: number;
  /** The postage of the 寒中見舞い. */
  midwinterYen: number;
  /** The window the cards are prepared in (the rule's due → by) and its days. */
  from: Day;
  to: Day;
  days: number;
  /** 1日の手紙上限 on those days (the temporary limit when one covers the window). */
  limit: number;
  /** Letters of other rules assumed on each of those days. */
  otherPerDay: number;
  /** Cards the limit leaves room for in the window. */
  room: number;
  fits: boolean;
  /** When they do not fit: the letters a day that would fit them all (ceil). */
  neededLimit?: number;
}

/** How many days before today 連絡履歴 is averaged over for the other rules' letters. */
export const OTHER_LETTERS_DAYS = 30;

/**
 * The coming season of a kind — whether or not 設定 turns it on (the question asks before it is on) — with the
 * households its cards go to, the postage and how they fit under 1日の手紙上限. Undefined when no such season is
 * ahead within the rule's reach (or its window had closed before 導入日).
 */
export function seasonForecast(input: SeasonForecastInput, kind: SeasonKind): SeasonForecast | undefined {
  const on: Settings = {
    ...input.settings,
    newYearCards: kind === 'newYear',
    summerCards: kind === 'summer',
  };
  const seasons = greetingSeasons(on, input.today, input.introDay);
  const main = seasons.find((s) => s.step === (kind === 'newYear' ? STEP.newYearCard : STEP.summerCard));
  if (!main || main.by < input.today) return undefined;
  const midwinterSeason = seasons.find((s) => s.step === STEP.midwinterCard);
  const addressees = [...greetingAddressees(input.customers).values()].filter(
    (h) => !isExampleCustomer(h.addressee),
  );
  const count = (season: Season | undefined) =>
    season ? addressees.filter((h) => seasonStep(h, season, input.settings) !== undefined).length : 0;
  const cards = count(main);
  const midwinter = kind === 'newYear' ? count(midwinterSeason) : 0;
  const days = main.by - main.due + 1;
  const temp = input.seasonLimit;
  const limit =
    temp && temp.from <= main.due && temp.to >= main.by ? temp.limit : input.settings.dailyLetterLimit;
  const otherPerDay = otherLettersPerDay(input.records, input.today);
  const seasonOn = kind === 'newYear' ? input.settings.newYearCards : input.settings.summerCards;
  const queued =
    seasonOn && input.unfitCards ? queuedFit(input.unfitCards, main, input.today, limit) : undefined;
  const room = queued ? Math.max(0, cards - queued.unfit) : Math.max(0, limit - otherPerDay) * days;
  const fits = queued ? queued.unfit === 0 : cards <= room;
  return {
    kind,
    name: kind === 'newYear' ? '年賀状' : '暑中見舞い',
    cards,
    midwinter,
    postageYen: postageOf('postcard', cards),
    midwinterYen: postageOf('postcard', midwinter),
    from: main.due,
    to: main.by,
    days,
    limit,
    otherPerDay,
    room,
    fits,
    ...(fits ? {} : { neededLimit: queued?.neededLimit ?? otherPerDay + Math.ceil(cards / days) }),
  };
}

/**
 * From the planner's queue: the season's cards it cannot reach, and the limit that adds room for them on the window's
 * days still ahead (the queue serves the cards before every lower-priority letter, so each added letter a day is a
 * card).
 */
function queuedFit(
  unfitCards: readonly { step: string }[],
  season: Season,
  today: Day,
  limit: number,
): { unfit: number; neededLimit: number } {
  const unfit = unfitCards.filter((c) => c.step === season.step).length;
  const daysLeft = season.by - Math.max(season.due, today) + 1;
  return { unfit, neededLimit: limit + Math.ceil(unfit / Math.max(1, daysLeft)) };
}

/** Letters of rules other than S10 prepared on an average day of the 30 days before today (rounded up). */
export function otherLettersPerDay(records: readonly ContactRecord[], today: Day): number {
  const since = addDays(today, -OTHER_LETTERS_DAYS);
  let n = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (r.channel !== '手紙' || r.at === undefined || r.at < since || r.at >= today) continue;
    if (r.key && keyRule(r.key) === 'S10') continue;
    n++;
  }
  return Math.ceil(n / OTHER_LETTERS_DAYS);
}

/** The New Year the question of `today` is about: the year ending (2026 for the 年賀状 of 2027). */
export function questionYear(today: Day): number {
  return ymdOf(today).year;
}

/** Whether `today` is in the question's time: 11-01 to 12-09. */
export function inQuestionTime(today: Day): boolean {
  const { year } = ymdOf(today);
  return today >= dayFromYmd(year, 11, 1) && today <= dayFromYmd(year, 12, 9);
}

export interface SeasonQuestion {
  /** The year ending (2026: the 年賀状 for 2027). */
  year: number;
  households: number;
  midwinter: number;
  postageYen: number;
  /** What the summary and the notice say. */
  lines: string[];
}

/** The 喪中 reminder, its example the year of this season's bereavements (the year ending: 2026 for 令和9年's cards). */
export function mourningReminder(yearEnding: number): string {
  return `喪中はがきが届いたご家庭は、顧客シートの喪中の列に、ご不幸のあった年（例: ${yearEnding}）を入れてください。`;
}

/**
 * The November question: from 11-01 to 12-09, while 年賀状 is FALSE and the owner has not said 「今年は送らない」
 * for this year (`declinedYear`), whether to send 年賀状 this year — the households, the postage and the 喪中
 * reminder. Undefined otherwise, and when no household would get a card (nothing to decide).
 */
export function newYearQuestion(
  input: SeasonForecastInput,
  declinedYear: number | undefined,
): SeasonQuestion | undefined {
  if (input.settings.newYearCards || !inQuestionTime(input.today)) return undefined;
  const year = questionYear(input.today);
  if (declinedYear === year) return undefined;
  const f = seasonForecast(input, 'newYear');
  // No household a card would go to (no addresses yet, nobody seen within 挨拶状の対象): nothing to ask.
  if (!f || f.cards + f.midwinter === 0) return undefined;
  const lines = [
    `【年賀状】今年の年賀状をお送りしますか。お送りする場合は、${f.cards}軒のご家庭にはがき${f.cards}枚（郵便代 約${yenText(f.postageYen)}）を${windowText(f)}に用意します（12月15日〜25日に投函）。`,
    ...midwinterLines(f),
    mourningReminder(year),
    HOW_TO_ANSWER,
  ];
  if (!f.fits) lines.push(fitLine(f, false));
  return { year, households: f.cards, midwinter: f.midwinter, postageYen: f.postageYen, lines };
}

/** How the notice and the summary say to answer (the sidebar's card has the buttons instead). */
export const HOW_TO_ANSWER =
  'お送りするときは、サイドバー「今日のフォロー」の「送る」を押すか、設定「年賀状」をTRUEにしてください。お送りしないときは「今年は送らない」を押すと、今年はもうお尋ねしません。';

/** The forecast days: 11-20 for 年賀状, 6-20 for 暑中見舞い. */
export function isForecastDay(today: Day, kind: SeasonKind): boolean {
  const { year } = ymdOf(today);
  return today === (kind === 'newYear' ? dayFromYmd(year, 11, 20) : dayFromYmd(year, 6, 20));
}

/**
 * When the sidebar shows the forecast and offers its higher limit: from the 1st of the month before the window
 * (11-01, the question's first day; 6-01) until the window opens, so an owner who says 「送る」 before 11-20 sees at
 * once whether the cards fit. The summary and the notice say it on the forecast day only.
 */
export function inForecastTime(today: Day, kind: SeasonKind): boolean {
  const { year } = ymdOf(today);
  return kind === 'newYear'
    ? today >= dayFromYmd(year, 11, 1) && today < dayFromYmd(year, 12, 10)
    : today >= dayFromYmd(year, 6, 1) && today < dayFromYmd(year, 7, 7);
}

/**
 * The season's forecast when 設定 turns it on: `day` — only on the forecast day (the summary and the notice);
 * `until-window` — inForecastTime (the sidebar). Empty otherwise.
 */
export function seasonForecastLines(input: SeasonForecastInput, when: 'day' | 'until-window'): string[] {
  const lines: string[] = [];
  for (const kind of ['newYear', 'summer'] as const) {
    const on = kind === 'newYear' ? input.settings.newYearCards : input.settings.summerCards;
    if (!on) continue;
    const time = when === 'day' ? isForecastDay(input.today, kind) : inForecastTime(input.today, kind);
    if (!time) continue;
    const f = seasonForecast(input, kind);
    // No household would get a card: nothing to forecast (not 「0軒…0枚」).
    if (f && f.cards + f.midwinter > 0) lines.push(...forecastText(f));
  }
  return lines;
}

/** The forecast in the owner's words. */
export function forecastText(f: SeasonForecast): string[] {
  const extra =
    f.kind === 'newYear' ? '（12月15日〜25日に投函）' : '（8月に入ってからは残暑見舞いになります）';
  return [
    `【${f.name}の見込み】${f.cards}軒のご家庭に${f.name}のはがき${f.cards}枚（郵便代 約${yenText(f.postageYen)}）を、${windowText(f)}に用意します${extra}。`,
    ...midwinterLines(f),
    ...(f.kind === 'newYear' ? [mourningReminder(ymdOf(f.from).year)] : []),
    fitLine(f),
  ];
}

function midwinterLines(f: SeasonForecast): string[] {
  return f.midwinter > 0
    ? [
        `喪中のご家庭${f.midwinter}軒には、年賀状の代わりに寒中見舞いのはがき${f.midwinter}枚（郵便代 約${yenText(f.midwinterYen)}）を1月8日から用意します。`,
      ]
    : [];
}

function windowText(f: SeasonForecast): string {
  return `${dayRangeJa(f.from, f.to)}の${f.days}日間`;
}

/** 「12月10日〜24日」: the month once when both days are in it (as 「12月15日〜25日に投函」 is written). */
export function dayRangeJa(from: Day, to: Day): string {
  const end = ymdOf(from).month === ymdOf(to).month ? `${ymdOf(to).date}日` : monthDayJa(to);
  return `${monthDayJa(from)}〜${end}`;
}

/** Whether the cards fit under 1日の手紙上限 and, when not, the limit that fits them. */
export function fitLine(f: SeasonForecast, seasonOn = true): string {
  const others =
    f.otherPerDay > 0
      ? `ほかの手紙（この${OTHER_LETTERS_DAYS}日の平均から1日${f.otherPerDay}通と見込みます）と合わせて、`
      : '';
  if (f.fits) return `1日の手紙上限（${f.limit}通）で、${others}期間内に全部用意できます。`;
  // The button is offered once the season is on: while the question is open, 「送る」 comes first.
  const how = seasonOn
    ? `（サイドバー「今日のフォロー」の「この期間だけ手紙の上限を${f.neededLimit}通にする」）`
    : '（「送る」を押すと、この期間だけ上限を上げるボタンが出ます）';
  return `1日の手紙上限（${f.limit}通）では、${others}期間内に${f.room}枚しか用意できません。この期間だけ上限を${f.neededLimit}通にすると全部用意できます${how}。`;
}

/** The temporary limit the forecast offers: for the window's days, the limit that fits the cards. */
export function offeredLimit(f: SeasonForecast): SeasonLetterLimit | undefined {
  return f.neededLimit === undefined ? undefined : { from: f.from, to: f.to, limit: f.neededLimit };
}

/** 「12月10日〜12月24日は1日30通」: a temporary limit in words. */
export function seasonLimitText(l: SeasonLetterLimit): string {
  return `${dayRangeJa(l.from, l.to)}は1日${l.limit}通`;
}

/** A stored temporary limit, or undefined when it is not one (or its window is over). */
export function readSeasonLimit(text: string | null, today: Day): SeasonLetterLimit | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as { from?: unknown; to?: unknown; limit?: unknown };
    if (typeof v.from !== 'string' || typeof v.to !== 'string' || typeof v.limit !== 'number')
      return undefined;
    const from = parseDayText(v.from);
    const to = parseDayText(v.to);
    if (from === undefined || to === undefined || to < today || !(v.limit > 0)) return undefined;
    return { from, to, limit: Math.floor(v.limit) };
  } catch {
    return undefined;
  }
}

export function writeSeasonLimit(l: SeasonLetterLimit): string {
  return JSON.stringify({ from: isoDay(l.from), to: isoDay(l.to), limit: l.limit });
}

function parseDayText(text: string): Day | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? dayFromYmd(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** 1日の手紙上限 on `day`: the temporary limit inside its window, else the setting. */
export function letterLimitOn(day: Day, settingLimit: number, temp: SeasonLetterLimit | undefined): number {
  return temp && day >= temp.from && day <= temp.to ? temp.limit : settingLimit;
}
