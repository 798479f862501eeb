import { CUSTOMER_COLUMNS, SCENARIO, STEP } from '../../../labels';
import { addDays, addMonths, dayFromYmd, isoDay, monthDayJa, parseIsoDay, ymdOf, type Day } from '../../day';
import { isDone, isPendingState } from '../../history';
import { customerHousehold, normalizeAddress } from '../../household';
import { householdOwner, parseKey } from '../../keys';
import { formatWareki } from '../../letter-text';
import type { Addressee, Channel, ContactRecord, Customer, Settings, StepCandidate } from '../../types';
import { householdHas, householdRows, letterAddressees, type Household } from '../household-letters';
import { defineRule, type Rule, type ShopContext, type StepDef } from '../rule';
import { NO_PROBLEMS, NO_STEPS, stepFor } from '../step';
import { TEMPLATES } from './templates';

/** When the owner posts 年賀状 (field-notes: accepted from 12/15; posted by 12/25 they arrive on 元日). */
export const NEW_YEAR_POST_BETWEEN = '12月15日〜25日';
const NEW_YEAR_POSTING = `${NEW_YEAR_POST_BETWEEN}に投函`;
/** The 顧客 column S10 reads (labels.ts CUSTOMER_COLUMNS.mourning). */
const MOURNING_HEADER = CUSTOMER_COLUMNS.mourning.header;
/** A closed season stays asked for this long, so a card never prepared is logged 期限切れ once. */
const CLOSED_SEASON_KEPT_DAYS = 31;

const BY_POSTCARD: readonly Channel[] = ['手紙'];
const STEPS: readonly StepDef[] = [
  { label: STEP.newYearCard, channels: BY_POSTCARD, postBetween: NEW_YEAR_POST_BETWEEN },
  { label: STEP.midwinterCard, channels: BY_POSTCARD },
  { label: STEP.summerCard, channels: BY_POSTCARD },
];

/** One season's cards: the step, its window and the 挨拶状の日付 it is dated with. */
export interface Season {
  step: string;
  /** The first day the card is prepared: the anchor of its keys. */
  due: Day;
  /** The day it should be prepared by (理由 says it). */
  by: Day;
  /** The last day it may be prepared (then 期限切れ). */
  last: Day;
  /** 年賀状 and 寒中見舞い of one New Year are one season: a household gets one of the two. */
  season: string;
  /** For 年賀状 and 寒中見舞い: the year ending (a 喪中 of that year, or TRUE, turns 年賀状 into 寒中見舞い). */
  yearEnding?: number;
}

/** 令和9年: the era year a greeting card is dated with (formatWareki's era table). */
export function eraYearText(year: number): string {
  return formatWareki(dayFromYmd(year, 7, 1)).replace(/\d+月\d+日$/, '');
}

/**
 * The seasons a run cares about, as 設定 turns them on: for each, the one whose window is open or closed lately,
 * else the next. 年賀状 from 12-10 (→ 12-24) and its 寒中見舞い from 1-08 (→ 1-31); 暑中見舞い from 7-07 (→ 7-31;
 * 残暑見舞い until 8-31). A season whose window had closed before 導入日 is not prepared (no backlog); one still open
 * on 導入日 is.
 */
export function greetingSeasons(settings: Settings, today: Day, introDay: Day): Season[] {
  const { year } = ymdOf(today);
  // Contract (step life cycle): only windows that had already closed before 導入日 are ignored; one open on 導入日
  // is prepared from then on.
  const open = (s: Season) => today <= addDays(s.last, CLOSED_SEASON_KEPT_DAYS) && s.last >= introDay;
  const seasons: Season[] = [];
  if (settings.newYearCards)
    for (const ending of [year - 1, year]) {
      const pair = newYearSeason(ending);
      if (pair.some((s) => today <= addDays(s.last, CLOSED_SEASON_KEPT_DAYS))) {
        seasons.push(...pair.filter(open));
        break;
      }
    }
  if (settings.summerCards)
    for (const y of [year, year + 1]) {
      const s: Season = {
        step: STEP.summerCard,
        due: dayFromYmd(y, 7, 7),
        by: dayFromYmd(y, 7, 31),
        last: dayFromYmd(y, 8, 31),
        season: `${y}-summer`,
      };
      if (today <= addDays(s.last, CLOSED_SEASON_KEPT_DAYS)) {
        if (open(s)) seasons.push(s);
        break;
      }
    }
  return seasons;
}

/** 年賀状 are prepared from 12-10 (contract S10): the New Year season's first day. */
const NEW_YEAR_FROM = { month: 12, day: 10 } as const;

function newYearSeason(ending: number): [Season, Season] {
  const season = `${ending + 1}-newyear`;
  return [
    {
      step: STEP.newYearCard,
      due: dayFromYmd(ending, NEW_YEAR_FROM.month, NEW_YEAR_FROM.day),
      by: dayFromYmd(ending, 12, 24),
      last: dayFromYmd(ending, 12, 24),
      season,
      yearEnding: ending,
    },
    {
      step: STEP.midwinterCard,
      due: dayFromYmd(ending + 1, 1, 8),
      by: dayFromYmd(ending + 1, 1, 31),
      last: dayFromYmd(ending + 1, 1, 31),
      season,
      yearEnding: ending,
    },
  ];
}

/**
 * Whether a household is in mourning for the New Year after `yearEnding` (contract section 2, 喪中): a member's 喪中
 * is that year, or TRUE; an unreadable 喪中 counts too (no 年賀状 while it cannot be read).
 */
export function inMourning(household: Household, yearEnding: number): boolean {
  return household.members.some(
    (m) => m.mourning === yearEnding || m.mourning === 'now' || m.mourning === 'unread',
  );
}

/** 挨拶状の対象 (2年以内, or 全員): a member of the household was seen within it, as of `day`. */
export function seenWithin(household: Household, settings: Settings, day: Day): boolean {
  const months = settings.greetingMonths;
  if (months === null) return true;
  const since = addMonths(day, -months);
  return household.members.some((m) => m.lastVisit !== undefined && m.lastVisit >= since);
}

/** The seasons of this run and the households their cards go to. */
interface SeasonalRun {
  seasons: Season[];
  addressees: ReadonlyMap<Customer, Household>;
  historyOf: (customer: Customer) => readonly ContactRecord[];
  byHousehold: ReadonlyMap<string, readonly ContactRecord[]>;
}

/**
 * S10 季節のご挨拶 (contract section 3): when the shop turns them on, one はがき per household (household keys) with
 * an address and a member seen within 挨拶状の対象: a 年賀状 from 12-10, or a 寒中見舞い from 1-08 instead for a
 * household in mourning (喪中: the year ending, or TRUE; any member); a 暑中見舞い from 7-07, written as 残暑見舞い
 * when composed after 7-31. Letters only, so exempt from one contact a day; a household never gets two greetings
 * of one season.
 */
export const seasonal: Rule<'S10', SeasonalRun> = defineRule({
  id: 'S10',
  scenario: SCENARIO.seasonal,
  kind: 'household',
  anchor: 'occurrence',
  steps: STEPS,
  reads: [MOURNING_HEADER],
  postcard: true,
  templates: TEMPLATES,
  shared: seasonalRun,
  plan(customer, ctx, run) {
    if (!run) return NO_STEPS;
    const household = run.addressees.get(customer);
    // A card of this season waiting under this customer is their household's, whoever its addressee is now (as S7's
    // letters): a member added, or the addressee opting out of 郵送, is no reason to close it and make another. A
    // 年賀状 to a household now in mourning is the exception: it is closed, and the 寒中見舞い comes in January.
    let keeps: string[] | undefined;
    for (const r of ctx.history)
      if (r.key && isPendingState(r.state) && keepsCard(r.key, run, household)) (keeps ??= []).push(r.key);
    const steps: StepCandidate[] = [];
    if (household)
      for (const season of run.seasons) {
        const step = seasonStep(household, season, ctx.settings);
        if (step && !householdHasSeason(customer, ctx.history, household, step, run, season))
          steps.push(step);
      }
    return steps.length === 0 && !keeps ? NO_STEPS : { steps, problems: NO_PROBLEMS, keeps };
  },
});

function seasonalRun(shop: ShopContext): SeasonalRun | undefined {
  let seasons = greetingSeasons(shop.settings, shop.today, shop.introDay);
  // Without the 喪中 column (never added, or renamed or deleted today) Tsunagu cannot tell a household in mourning:
  // no 年賀状 or 寒中見舞い is prepared until it is back, and the summary says so once (consent first: a 年賀状 to a
  // household in mourning cannot be taken back).
  if (shop.missingHeaders?.has(MOURNING_HEADER) && seasons.some((s) => s.yearEnding !== undefined)) {
    seasons = seasons.filter((s) => s.yearEnding === undefined);
    shop.notice(
      `年賀状: 顧客シートに「${MOURNING_HEADER}」の列が見つからないため、年賀状（喪中のご家庭には寒中見舞い）を準備していません。喪中のご家庭に年賀状が届かないよう、「${MOURNING_HEADER}」の列を作るか、名前を戻してください（空欄のままでかまいません）`,
    );
  }
  // A window already closed is kept only to log 期限切れ for cards its season left unprepared; a season that never
  // had a card (turned on after its window, e.g. 年賀状 set TRUE on 12-26) closes without a row per household.
  const closed = seasons.filter((s) => s.last < shop.today);
  if (closed.length > 0) {
    const begun = seasonsWithCards(shop.records);
    seasons = seasons.filter((s) => s.last >= shop.today || begun.has(isoDay(s.due)));
  }
  if (seasons.length === 0) return undefined;
  return {
    seasons,
    addressees: greetingAddressees(shop.customers),
    historyOf: shop.historyOf,
    byHousehold: householdRows(shop.records),
  };
}

/** The anchors (first days) of the seasons that have at least one card in 連絡履歴, in any state. */
function seasonsWithCards(records: readonly ContactRecord[]): Set<string> {
  const anchors = new Set<string>();
  for (let i = 0; i < records.length; i++) {
    const key = records[i].key;
    if (!key || !key.includes('|S10|')) continue;
    const parts = parseKey(key);
    if (parts?.rule === 'S10') anchors.add(parts.anchor);
  }
  return anchors;
}

/**
 * The household's card of a season, or undefined when it gets none: not seen within 挨拶状の対象; the 年賀状 of a
 * household in mourning, or the 寒中見舞い of one that is not. Keyed by the household (`世帯:<key>|S10|…`).
 */
export function seasonStep(
  household: Household,
  season: Season,
  settings: Settings,
): StepCandidate | undefined {
  // 挨拶状の対象 as of the season's first day, so a household does not drop out while its card waits.
  if (!seenWithin(household, settings, seasonStart(season))) return undefined;
  const mourning = season.yearEnding !== undefined && inMourning(household, season.yearEnding);
  // An unreadable 喪中 (its 要確認 asks for the year): neither 年賀状 nor 寒中見舞い until it is read.
  if (season.yearEnding !== undefined && household.members.some((m) => m.mourning === 'unread'))
    return undefined;
  if (season.step === STEP.newYearCard && mourning) return undefined;
  if (season.step === STEP.midwinterCard && !mourning) return undefined;
  const addressedTo =
    season.step === STEP.midwinterCard && season.yearEnding !== undefined
      ? mourners(household, season.yearEnding)
      : cardAddressees(household);
  return stepFor(householdOwner(household.key), seasonal, season.step, isoDay(season.due), {
    due: season.due,
    last: season.last,
    channels: BY_POSTCARD,
    because: becauseOf(season, household, addressedTo),
    addressedTo,
  });
}

/** The first day of a season's cards: 12-10 for both cards of a New Year (年賀状 and 寒中見舞い), else its due day. */
function seasonStart(season: Season): Day {
  // The New Year's first day, without building both seasons for every household.
  return season.yearEnding === undefined
    ? season.due
    : dayFromYmd(season.yearEnding, NEW_YEAR_FROM.month, NEW_YEAR_FROM.day);
}

/**
 * A 寒中見舞い is addressed to the members whose 喪中 names this New Year (they sent the 喪中はがき), not to the
 * whole household, which may still list the one who passed away.
 */
export function mourners(household: Household, yearEnding: number): Addressee[] {
  const writing = household.members.filter(
    (m) => (m.mourning === yearEnding || m.mourning === 'now') && !m.optOut.has('手紙'),
  );
  return namesOf(writing.length > 0 ? writing : [household.addressee]);
}

/**
 * The most names one card is addressed to (the はがき's address side has room for three, each with its 様); a larger
 * family is 「ご家族 様」 after the first name.
 */
const MOST_NAMES_ON_A_CARD = 3;

/**
 * Whom a household's card is addressed to (連名): its members who take letters, each with their own 様
 * (field-notes.md 「縦書き宛名」), 「ご家族 様」 after the first beyond three names. A company (御中) at the address is
 * never named beside a person (御中 and 様 never mix): the card goes to the people, or to the company when it is
 * alone there.
 */
export function cardAddressees(household: Household): Addressee[] {
  const isCompany = (c: Customer) => c.honorific.trim() === '御中';
  const takers = household.members.filter((m) => !m.optOut.has('手紙'));
  const people = takers.filter((m) => !isCompany(m));
  if (people.length === 0) return namesOf([household.addressee]);
  if (people.length > MOST_NAMES_ON_A_CARD)
    return [...namesOf([people[0]]), { name: 'ご家族', honorific: '様' }];
  return namesOf(people);
}

function namesOf(members: readonly Customer[]): Addressee[] {
  return members.map((m) => ({ name: m.name, honorific: m.honorific }));
}

/**
 * 理由: the card, by when, and for whom when it is not the one customer — 「年賀状を、はがきで12月24日までに用意（12月
 * 15日〜25日に投函。ご家族2人で1枚）」, 「喪中のため年賀状に代えて寒中見舞いを、はがきで1月31日までに用意（千葉 大輔 様あて）」.
 */
function becauseOf(season: Season, household: Household, addressedTo: readonly Addressee[]): string {
  const by = `はがきで${monthDayJa(season.by)}までに用意`;
  const size = household.members.length;
  const family = size > 1 ? `ご家族${size}人で1枚` : '';
  const also = (...notes: string[]) => {
    const said = notes.filter((n) => n !== '');
    return said.length === 0 ? '' : `（${said.join('。')}）`;
  };
  switch (season.step) {
    case STEP.newYearCard:
      return `年賀状を、${by}${also(NEW_YEAR_POSTING, family)}`;
    case STEP.midwinterCard: {
      const to = addressedTo.map((a) => `${a.name} ${a.honorific}`).join('・');
      return `喪中のため年賀状に代えて寒中見舞いを、${by}${also(size > 1 ? `${to}あて` : '')}`;
    }
    default:
      return `暑中見舞いを、${by}${also('8月は残暑見舞い', family)}`;
  }
}

/**
 * The merge fields of a card composed on `composed` (compose.ts): {{挨拶状の日付}} — 「令和○年 元旦」 whatever day the
 * 年賀状 is printed, 「令和○年 一月」 for 寒中見舞い, 「令和○年 盛夏」 (「令和○年 晩夏」 for a 残暑見舞い, composed after
 * 7-31) — and {{暑中見舞いの挨拶}}. `anchor` is the season's first day (the key's anchor).
 */
export function greetingFields(
  step: string,
  anchor: string,
  composed: Day,
): { 挨拶状の日付: string; 暑中見舞いの挨拶: string } | undefined {
  const due = parseIsoDay(anchor);
  if (due === null) return undefined;
  const { year } = ymdOf(due);
  switch (step) {
    case STEP.newYearCard:
      return { 挨拶状の日付: `${eraYearText(year + 1)} 元旦`, 暑中見舞いの挨拶: '' };
    case STEP.midwinterCard:
      return { 挨拶状の日付: `${eraYearText(year)} 一月`, 暑中見舞いの挨拶: '' };
    case STEP.summerCard:
      return composed > dayFromYmd(year, 7, 31)
        ? { 暑中見舞いの挨拶: '残暑お見舞い申し上げます', 挨拶状の日付: `${eraYearText(year)} 晩夏` }
        : { 暑中見舞いの挨拶: '暑中お見舞い申し上げます', 挨拶状の日付: `${eraYearText(year)} 盛夏` };
    default:
      return undefined;
  }
}

/**
 * The household already has a card of this season (sent or on its way), under any key or member: a 年賀状 and a
 * 寒中見舞い of one New Year are one season (a 喪中 written after the 年賀状 went brings no second card).
 */
function householdHasSeason(
  customer: Customer,
  history: readonly ContactRecord[],
  household: Household,
  step: StepCandidate,
  run: SeasonalRun,
  season: Season,
): boolean {
  const anchors = new Set(run.seasons.filter((s) => s.season === season.season).map((s) => isoDay(s.due)));
  if (season.yearEnding !== undefined)
    for (const s of newYearSeason(season.yearEnding)) anchors.add(isoDay(s.due));
  return householdHas(
    household,
    run,
    (r) =>
      // The addressee's own row under this very key is the step's own (stepState reads it); a card withdrawn
      // (スキップ: 喪中 written after it was prepared) is no card, so the 寒中見舞い still comes.
      !(r.key === step.key && r.customerId === customer.id) &&
      (isPendingState(r.state) || isDone(r)) &&
      isCardOf(r, anchors),
    { customer, history },
  );
}

function isCardOf(r: ContactRecord, anchors: ReadonlySet<string>): boolean {
  // A key without `|S10|` is another rule's: not read apart (asked of every row of each household's members).
  if (!r.key || !r.key.includes('|S10|')) return false;
  const parts = parseKey(r.key);
  return parts?.rule === 'S10' && anchors.has(parts.anchor);
}

/**
 * Whether a pending card is kept for its household: one of this run's seasons (not a 年賀状 to a household now in
 * mourning). A customer who is not the addressee any more keeps theirs all the same.
 */
function keepsCard(key: string, run: SeasonalRun, household: Household | undefined): boolean {
  const parts = parseKey(key);
  if (parts?.rule !== 'S10') return false;
  const season = run.seasons.find((s) => isoDay(s.due) === parts.anchor && s.step === parts.step);
  if (!season) return false;
  return !(
    season.step === STEP.newYearCard &&
    household !== undefined &&
    season.yearEnding !== undefined &&
    inMourning(household, season.yearEnding)
  );
}

/**
 * The households of greeting cards (letterAddressees) with, as the one each card is logged under, the first member
 * who is a person: a company (御中) at a home address is never the addressee of the family's card.
 */
export function greetingAddressees(customers: readonly Customer[]): Map<Customer, Household> {
  const mournersByPlace = mournersWithoutPostalCode(customers);
  const byPerson = new Map<Customer, Household>();
  for (const household of letterAddressees(customers).values()) {
    const person = household.members.find((m) => !m.optOut.has('手紙') && m.honorific.trim() !== '御中');
    const addressee = person ?? household.addressee;
    // A member whose 喪中 is written on a row without 郵便番号 still lives there: their 喪中 covers the household.
    const place = household.key.replace(/^\d+/, '');
    const also = mournersByPlace.get(place) ?? [];
    byPerson.set(addressee, { ...household, addressee, members: [...household.members, ...also] });
  }
  return byPerson;
}

/** Customers with a 喪中 and a 住所 but no 郵便番号 (no household key), by their normalised 住所. */
function mournersWithoutPostalCode(customers: readonly Customer[]): Map<string, Customer[]> {
  const byPlace = new Map<string, Customer[]>();
  for (const c of customers) {
    if (c.mourning === undefined || c.blocked || !c.address || customerHousehold(c)) continue;
    const place = normalizeAddress(c.address);
    if (place) byPlace.set(place, [...(byPlace.get(place) ?? []), c]);
  }
  return byPlace;
}
