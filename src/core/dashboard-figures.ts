import { CHANNELS, type Outcome } from '../labels';
import { rulesInContractOrder } from './registry';
import { POSTAGE } from './postage';
import { addDays, addMonths, dayFromYmd, slashDay, ymdOf, type Day } from './day';
import { mailKindOf } from './forecast';
import { isDone } from './history';
import { keyRule } from './keys';
import { isDormant as isDormantCustomer } from './rules/dormant';
import type { ContactRecord, Customer, Settings } from './types';
import { isExampleCustomer } from './examples';

/** A contact counts as having brought the customer back when they visit within this many days after it. */
export const COME_BACK_DAYS = 60;
/** LINE's free コミュニケーションプラン: the reference when the shop's plan is not known. */
export const FREE_PLAN_LINE_LIMIT = 200;
/** Postage from the one table of rates (postage.ts): a postcard, and a standard-size letter up to 50 g. */
const POSTAGE_YEN = { postcard: POSTAGE.postcard.yen, letter: POSTAGE.letter.yen } as const;
/** A call nobody answered or mail that came back reached no one: it cannot have brought anyone back. */
const NOT_REACHED: ReadonlySet<Outcome> = new Set<Outcome>(['不在', '宛先不明']);
const OTHER_SCENARIO = 'その他';
const UNKNOWN_CHANNEL = '不明';
export const DASHBOARD_CHART_TITLE = '今月のフォロー（シナリオ別）';

export interface DashboardInput {
  /** Today in the spreadsheet's time zone; every 日時 in records is a day of that same calendar. */
  today: Day;
  customers: readonly Customer[];
  records: readonly ContactRecord[];
  settings: Settings;
  /** The LINE plan's messages per month; null when the shop has not told us. */
  lineLimit: number | null;
}

export interface ScenarioCount {
  scenario: string;
  prepared: number;
  completed: number;
}

export interface ComeBackCount {
  scenario: string;
  channel: string;
  /** Completed contacts that reached the customer. */
  contacts: number;
  /** Of those, how many were followed by a visit within COME_BACK_DAYS. */
  cameBack: number;
}

export interface DashboardFigures {
  today: Day;
  /** This calendar month: its first day, and the first day of the next one. */
  month: { first: Day; next: Day };
  /** `examples`: the template's example customers (「例」, 配信停止 すべて), counted apart from the rest. */
  customers: { active: number; dormant: number; optedOut: number; examples: number };
  /** This month per シナリオ: the eight rules in contract order, then names the owner typed. */
  followUps: ScenarioCount[];
  /** Completed contacts from `since` to today, per シナリオ and チャネル. */
  comeBack: { since: Day; rows: ComeBackCount[] };
  line: { sent: number; limit: number; limitKnown: boolean };
  post: { postcards: number; letters: number; postageYen: number };
}

export function dashboardFigures(input: DashboardInput): DashboardFigures {
  const { today, records } = input;
  const { year, month } = ymdOf(today);
  const first = dayFromYmd(year, month, 1);
  const next = addMonths(first, 1);
  const thisMonth = records.filter((r) => r.at !== undefined && r.at >= first && r.at < next);
  const sentByLine = thisMonth.filter((r) => r.channel === 'LINE' && r.state === '送信済').length;
  const printed = thisMonth.filter((r) => r.channel === '手紙' && r.state === '印刷済');
  // A letter is a 封書 (the handwritten お礼状 too: its draft is copied onto letter paper) unless its rule sends はがき.
  const postcards = printed.filter((r) => r.key && mailKindOf(keyRule(r.key)) === 'postcard').length;
  const letters = printed.length - postcards;
  return {
    today,
    month: { first, next },
    customers: customerCounts(input),
    followUps: followUpCounts(thisMonth),
    comeBack: comeBackCounts(input),
    line: {
      sent: sentByLine,
      limit: input.lineLimit ?? FREE_PLAN_LINE_LIMIT,
      limitKnown: input.lineLimit !== null,
    },
    post: {
      postcards,
      letters,
      postageYen: postcards * POSTAGE_YEN.postcard + letters * POSTAGE_YEN.letter,
    },
  };
}

/** 配信停止 すべて first (whatever their visits), then 休眠 exactly as 休眠客フォロー decides it, else 有効. */
function customerCounts({ today, customers, settings }: DashboardInput): DashboardFigures['customers'] {
  const counts = { active: 0, dormant: 0, optedOut: 0, examples: 0 };
  for (const customer of customers) {
    if (isExampleCustomer(customer)) counts.examples++;
    else if (CHANNELS.every((c) => customer.optOut.has(c))) counts.optedOut++;
    else if (isDormant(customer, today, settings)) counts.dormant++;
    else counts.active++;
  }
  return counts;
}

/** The S4 rule's own definition of dormant (last visit older than the customer's threshold). */
function isDormant(customer: Customer, today: Day, settings: Settings): boolean {
  return isDormantCustomer(customer, today, settings);
}

/** Prepared: every row dated this month except スキップ. Completed: 送信済 / 印刷済 / 完了 dated this month. */
function followUpCounts(thisMonth: readonly ContactRecord[]): ScenarioCount[] {
  const counts = new Map<string, ScenarioCount>(
    contractScenarios().map((scenario) => [scenario, { scenario, prepared: 0, completed: 0 }]),
  );
  for (const record of thisMonth) {
    if (record.state === 'スキップ') continue;
    const scenario = scenarioOf(record);
    const count = counts.get(scenario) ?? { scenario, prepared: 0, completed: 0 };
    counts.set(scenario, count);
    count.prepared++;
    if (isDone(record)) count.completed++;
  }
  return [...counts.values()];
}

/**
 * Completed contacts of the last 12 months, and whether the customer's 最終来店日 fell in the COME_BACK_DAYS after
 * each one (the day after it up to day X + 60). Only the last visit is known, so a customer who came back and
 * again later counts only when that later visit is still inside the window.
 */
function comeBackCounts({ today, customers, records }: DashboardInput): DashboardFigures['comeBack'] {
  const since = addDays(addMonths(today, -12), 1);
  const lastVisit = new Map<string, Day | undefined>();
  for (const c of customers) if (!lastVisit.has(c.id)) lastVisit.set(c.id, c.lastVisit);
  const counts = new Map<string, ComeBackCount>();
  for (const record of records) {
    const at = record.at;
    if (at === undefined || at < since || at > today || !isDone(record)) continue;
    if (record.result !== undefined && NOT_REACHED.has(record.result)) continue;
    if (!lastVisit.has(record.customerId)) continue;
    const scenario = scenarioOf(record);
    const channel = record.channel ?? UNKNOWN_CHANNEL;
    const key = `${scenario}\u0000${channel}`;
    const count = counts.get(key) ?? { scenario, channel, contacts: 0, cameBack: 0 };
    counts.set(key, count);
    count.contacts++;
    const visit = lastVisit.get(record.customerId);
    if (visit !== undefined && visit > at && visit <= addDays(at, COME_BACK_DAYS)) count.cameBack++;
  }
  const scenarioRank = rankOf(contractScenarios());
  const channelRank = rankOf(CHANNELS);
  const rows = [...counts.values()].sort(
    (a, b) =>
      scenarioRank(a.scenario) - scenarioRank(b.scenario) || channelRank(a.channel) - channelRank(b.channel),
  );
  return { since, rows };
}

function scenarioOf(record: ContactRecord): string {
  return record.scenario.trim() || OTHER_SCENARIO;
}

/** Known names in their order; anything else after them, in the (stable) order it came. */
function rankOf(order: readonly string[]): (name: string) => number {
  return (name) => {
    const i = order.indexOf(name);
    return i < 0 ? order.length : i;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Layout

export type DashboardCell = string | number;

/** A block of cells, 1-based like Apps Script. */
export interface SheetBlock {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

export interface DashboardLayout {
  /** Every row `width` cells wide, from A1. */
  rows: DashboardCell[][];
  numberFormats: string[][];
  fontWeights: ('bold' | 'normal')[][];
  width: number;
  /** The chart: the table it reads (header row, then one row per シナリオ) and the cell it floats over. */
  chart: {
    table: SheetBlock;
    title: string;
    anchor: { row: number; column: number };
    width: number;
    height: number;
  };
}

const WIDTH = 5;
const TEXT = '@';
const COUNT = '#,##0';
const YEN = '¥#,##0';
const PERCENT = '0%';
/** The chart sits right of the tables, one empty column apart, level with the first section. */
const CHART_ANCHOR = { row: 4, column: WIDTH + 2 };
const CHART_SIZE = { width: 560, height: 340 };

type Row = { cells: DashboardCell[]; formats: string[]; bold: boolean };

/** Lays the figures out as the 集計 sheet shows them: one block from A1, written in one setValues. */
export function dashboardRows(figures: DashboardFigures): DashboardLayout {
  const rows: Row[] = [];
  /** Numbers are counts and text is text unless `formats` says otherwise for a column (0-based). */
  const add = (cells: DashboardCell[], formats: Partial<Record<number, string>> = {}, bold = false) =>
    rows.push({
      cells,
      formats: cells.map((c, i) => formats[i] ?? (typeof c === 'number' ? COUNT : TEXT)),
      bold,
    });
  const header = (cells: DashboardCell[]) => add(cells, {}, true);
  const blank = () => add([]);
  const monthName = monthLabel(figures.month.first);
  const today = ymdOf(figures.today);

  header([`集計（${today.year}年${today.month}月${today.date}日 時点）`]);
  add(['毎日の実行で作り直します。このシートに書き込んだ内容は消えます。']);
  blank();

  const { active, dormant: dormantCount, optedOut } = figures.customers;
  header(['■ お客様の状況']);
  header(['区分', '人数', '説明']);
  add(['有効', active, '休眠・配信停止ではないお客様']);
  add(['休眠', dormantCount, '最終来店から休眠の目安を過ぎたお客様（休眠客フォローの対象）']);
  add(['配信停止（すべて）', optedOut, 'どの方法でも連絡しないお客様']);
  header(['合計', active + dormantCount + optedOut]);
  if (figures.customers.examples > 0)
    add([
      '例のお客様',
      figures.customers.examples,
      '顧客IDが「例」で始まり配信停止が「すべて」の見本の行（連絡しません。合計には含みません。不要になったら顧客シートの行を削除してください）',
    ]);
  blank();

  header([`■ 今月のフォロー（${monthName}）`]);
  const tableRow = rows.length + 1;
  header(['シナリオ', '準備', '完了']);
  for (const f of figures.followUps) add([f.scenario, f.prepared, f.completed]);
  const table = { row: tableRow, column: 1, numRows: figures.followUps.length + 1, numColumns: 3 };
  header(['合計', sum(figures.followUps, (f) => f.prepared), sum(figures.followUps, (f) => f.completed)]);
  add(['準備: 今月用意した連絡（スキップを除く）　完了: そのうち送信済・印刷済・完了になったもの']);
  blank();

  const { since, rows: comeBack } = figures.comeBack;
  header([`■ 連絡後${COME_BACK_DAYS}日以内のご来店（${slashDay(since)}〜${slashDay(figures.today)}の連絡）`]);
  header(['シナリオ', 'チャネル', '連絡', 'ご来店', '割合']);
  if (comeBack.length === 0) add(['この期間に完了した連絡はまだありません']);
  for (const c of comeBack)
    add([c.scenario, c.channel, c.contacts, c.cameBack, rate(c.cameBack, c.contacts)], { 4: PERCENT });
  if (comeBack.length > 0) {
    const contacts = sum(comeBack, (c) => c.contacts);
    const cameBack = sum(comeBack, (c) => c.cameBack);
    add(['合計', '', contacts, cameBack, rate(cameBack, contacts)], { 4: PERCENT }, true);
  }
  add([
    `最終来店日が連絡の翌日から${COME_BACK_DAYS}日以内なら「ご来店」と数えます。不在・宛先不明の連絡は除き、${COME_BACK_DAYS}日たっていない連絡も含みます。`,
  ]);
  blank();

  const { sent, limit, limitKnown } = figures.line;
  header([`■ 今月のLINE（${monthName}）`]);
  header(['項目', '通数']);
  add(['送信済み', sent]);
  add([
    limitKnown ? '月の上限（ご契約のプラン）' : `月の上限（無料プランなら${FREE_PLAN_LINE_LIMIT}通）`,
    limit,
  ]);
  add(['残り', Math.max(0, limit - sent)]);
  add(['使用率', rate(sent, limit)], { 1: PERCENT });
  blank();

  const { postcards, letters, postageYen } = figures.post;
  header([`■ 今月の郵送（${monthName}・印刷済み）`]);
  header(['種類', '通数', '料金', '郵便料金']);
  add(['はがき', postcards, POSTAGE_YEN.postcard, postcards * POSTAGE_YEN.postcard], {
    2: YEN,
    3: YEN,
  });
  add(['封書（定形郵便）', letters, POSTAGE_YEN.letter, letters * POSTAGE_YEN.letter], { 2: YEN, 3: YEN });
  add(['合計', postcards + letters, '', postageYen], { 3: YEN }, true);

  const pad = <T>(values: T[], fill: T) => Array.from({ length: WIDTH }, (_, i) => values[i] ?? fill);
  return {
    rows: rows.map((r) => pad(r.cells, '')),
    numberFormats: rows.map((r) => pad(r.formats, TEXT)),
    fontWeights: rows.map((r) => Array<'bold' | 'normal'>(WIDTH).fill(r.bold ? 'bold' : 'normal')),
    width: WIDTH,
    chart: { table, title: DASHBOARD_CHART_TITLE, anchor: CHART_ANCHOR, ...CHART_SIZE },
  };
}

function monthLabel(first: Day): string {
  const { year, month } = ymdOf(first);
  return `${year}年${month}月`;
}

/** A share as a fraction for the percent format; 0 when there is nothing to divide. */
function rate(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

/** Every rule's シナリオ in the contract's order (S1, S2, …): 集計 has a row for each, a new rule's too. */
function contractScenarios(): string[] {
  return rulesInContractOrder().map((r) => r.scenario);
}
