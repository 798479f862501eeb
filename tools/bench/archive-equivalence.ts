/**
 * The proof that archiving changes no decision (issue 19, item 3): the example shop run day after day through
 * dist/Code.js twice — once with 連絡履歴アーカイブ and 来店履歴 folding, once with archiving off (document property
 * tsunagu.archive = off) — with the same owner in both: customers come back at their own rhythm (最終来店日 and
 * 来店回数 updated), and every contact prepared is acted on the next day (drafts sent, LINE sent, letters printed,
 * calls made). After each day the plans are compared: 顧客's Tsunagu columns and the contacts the day prepared or
 * logged (the 連絡履歴 rows dated that day, by キー, 状態 and チャネル).
 *
 *   compareArchiving({ customers: 60, days: 460 })  — the test (test/tools/archive-equivalence.test.ts)
 *   compareArchiving({ customers: 1000, days: 3 * 365 })  — the bench's three years
 */
import { VISIT_COLUMNS } from '../../src/labels';
import { FakeClock, type CellValue, type SpreadsheetData } from '../../test/fakes';
import { instantOf } from '../../test/fakes/clock';
import type { LoadedBundle } from '../../test/fakes/host';
import { bundleOn } from '../runner';
import { DEMO_DAY } from '../example/demo-day';
import { syntheticShop } from './synthetic-shop';

const TIME_ZONE = 'Asia/Tokyo';
const DAY_MS = 86_400_000;
/** Tsunagu's columns in 顧客: the plan as the owner sees it. */
const PLAN_HEADERS = ['次回連絡日', '次回連絡内容', '次回チャネル', '理由', '要確認'];
/** What the owner does with a contact the day after it was prepared. */
const DONE: Record<string, string> = {
  下書き: '送信済',
  承認待ち: '送信済',
  承認済: '送信済',
  印刷待ち: '印刷済',
  予定: '完了',
};
/** A customer comes back every this many days (each on their own day of the cycle). */
const VISIT_EVERY_DAYS = 50;
/** One customer in four has a LINE from the phone typed into 連絡履歴 every this many days. */
const TYPED_LINE_EVERY_DAYS = 7;
/** One customer in four has a complaint resolved every this many days. */
const COMPLAINT_EVERY_DAYS = 120;

export interface EquivalenceOptions {
  customers: number;
  days: number;
  /** YYYY-MM-DD of the first day (default: the demo day the example shop is built around). */
  start?: string;
  /** Called after each day with what it found (progress for the bench). */
  onDay?: (day: DayFigures) => void;
}

export interface DayFigures {
  day: string;
  /** 連絡履歴 rows in each workbook at the end of the day. */
  logRowsOff: number;
  logRowsOn: number;
  /** Rows moved to 連絡履歴アーカイブ that day (0 on most days). */
  moved: number;
  /** Spreadsheet calls of that day's run with archiving on and off. */
  callsOn: number;
  callsOff: number;
}

export interface EquivalenceResult {
  days: number;
  /** Days whose plans differed, with the first differences (none: archiving changed no decision). */
  differences: { day: string; what: string[] }[];
  /** How many times archiving ran, and the rows it moved in all. */
  archivings: number;
  moved: number;
  /** 来店履歴 rows folded away in all. */
  folded: number;
  /** 連絡履歴 rows at the end, with archiving off and on; archive rows at the end. */
  logRowsOff: number;
  logRowsOn: number;
  archiveRows: number;
  /** Spreadsheet calls of the runs that archived, beyond the same day's run without archiving. */
  archivingCalls: number[];
  /** Contacts prepared or logged in all (the same with and without archiving). */
  contacts: number;
}

interface Shop {
  bundle: LoadedBundle;
  clock: FakeClock;
}

function open(data: SpreadsheetData, start: number, archiving: boolean): Shop {
  const clock = new FakeClock(start);
  const bundle = bundleOn(structuredClone(data), clock);
  bundle.services.properties.document.replaceAll({
    'tsunagu.preparing': 'on',
    ...(archiving ? {} : { 'tsunagu.archive': 'off' }),
  });
  return { bundle, clock };
}

function sheet(shop: Shop, name: string): GoogleAppsScript.Spreadsheet.Sheet | null {
  return (
    shop.bundle.services.spreadsheet as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet
  ).getSheetByName(name);
}

function values(shop: Shop, name: string): CellValue[][] {
  return shop.bundle.services.spreadsheet.toData().sheets.find((s) => s.name === name)?.values ?? [];
}

function isoOf(ms: number): string {
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** The day's plan: 顧客's Tsunagu columns by 顧客ID, and the 連絡履歴 rows dated today (by キー, 状態, チャネル). */
function planOf(shop: Shop, today: string): { customers: string[]; contacts: string[] } {
  const people = values(shop, '顧客');
  const header = (people[0] ?? []).map(String);
  const id = header.indexOf('顧客ID');
  const columns = PLAN_HEADERS.map((h) => header.indexOf(h));
  const customers = people
    .slice(1)
    .map((row) => [row[id], ...columns.map((c) => cellText(row[c]))].join('｜'))
    // Row numbers of 連絡履歴 named in 要確認 move with archiving; what they say does not.
    .map((line) => line.replace(/連絡履歴の\d+行目/g, '連絡履歴の□行目'))
    .sort();
  const log = values(shop, '連絡履歴');
  const lh = (log[0] ?? []).map(String);
  const [at, key, state, channel, who, step] = ['日時', 'キー', '状態', 'チャネル', '顧客ID', 'ステップ'].map(
    (h) => lh.indexOf(h),
  );
  const contacts = log
    .slice(1)
    .filter((row) => cellText(row[at]).startsWith(today))
    .map((row) =>
      [row[key] || `${String(row[who])}:${String(row[step])}`, row[state], row[channel]].join('｜'),
    )
    .sort();
  return { customers, contacts };
}

function cellText(v: CellValue | undefined): string {
  if (v instanceof Date) return isoOf(v.getTime());
  return v === null || v === undefined ? '' : String(v);
}

function customersOf(shop: Shop): number {
  return Math.max(0, (sheet(shop, '顧客')?.getLastRow() ?? 1) - 1);
}

/** A number of a 顧客ID, the same in both workbooks: which habits of the owner's a customer gets. */
function habit(id: unknown, modulo: number): number {
  let h = 0;
  for (const ch of String(id)) h = (h * 31 + ch.charCodeAt(0)) % 9973;
  return h % modulo;
}

/**
 * The owner's day: yesterday's contacts done — except the letters of one customer in five, which lie unprinted for
 * good, and one お役立ち情報 email in seven, which comes back 宛先不明 —, the customers whose day it is come in, and
 * now and then a complaint is resolved (クレーム対応日 today: S3's steps hang on it for a year).
 */
function actAsOwner(shop: Shop, dayIndex: number, today: Date): void {
  const log = sheet(shop, '連絡履歴');
  if (log && log.getLastRow() > 1 && customersOf(shop) > 0) {
    const width = log.getLastColumn();
    const rows = log.getRange(2, 1, log.getLastRow() - 1, width).getValues();
    const header = log.getRange(1, 1, 1, width).getValues()[0].map(String);
    const [state, result, channel, id, scenario] = ['状態', '結果', 'チャネル', '顧客ID', 'シナリオ'].map(
      (h) => header.indexOf(h),
    );
    let changed = false;
    for (const row of rows) {
      const next = DONE[String(row[state])];
      if (!next || (next === '印刷済' && habit(row[id], 5) === 0)) continue;
      row[state] = next;
      if (row[channel] === '電話') row[result] = '満足';
      if (
        row[channel] === 'メール' &&
        habit(row[id], 7) === 3 &&
        habit(`${String(row[scenario])}${dayIndex}`, 3) === 0
      )
        row[result] = '宛先不明';
      changed = true;
    }
    if (changed)
      for (const column of [state, result])
        log.getRange(2, column + 1, rows.length, 1).setValues(rows.map((r) => [r[column]]));
    // A LINE sent from the phone, typed in by hand every week for one customer in four (no step: it counts for the
    // LINE caps).
    const typed = (sheet(shop, '顧客')?.getRange(2, 1, customersOf(shop), 1).getValues() ?? [])
      .map((r) => r[0])
      .filter((customer, i) => habit(customer, 4) === 2 && (i + dayIndex) % TYPED_LINE_EVERY_DAYS === 0);
    if (typed.length > 0) {
      const at = header.indexOf('日時');
      const lines = typed.map((customer) => {
        const row: CellValue[] = new Array<CellValue>(width).fill('');
        row[at] = new Date(today.getTime() - 3 * 3_600_000);
        row[id] = customer;
        row[channel] = 'LINE';
        row[state] = '送信済';
        return row;
      });
      const first = log.getLastRow() + 1;
      const spare = log.getMaxRows() - first + 1;
      if (spare < lines.length) log.insertRowsAfter(log.getMaxRows(), lines.length - spare);
      log.getRange(first, 1, lines.length, width).setValues(lines);
    }
  }
  const people = sheet(shop, '顧客');
  if (!people) return;
  const width = people.getLastColumn();
  const header = people.getRange(1, 1, 1, width).getValues()[0].map(String);
  const [last, visits, complaint] = ['最終来店日', '来店回数', 'クレーム対応日'].map((h) =>
    header.indexOf(h),
  );
  if (last < 0) return;
  const range = people.getRange(2, 1, people.getLastRow() - 1, width);
  const rows = range.getValues();
  rows.forEach((row, i) => {
    if (complaint >= 0 && i % 4 === 1 && (i * 11 + dayIndex) % COMPLAINT_EVERY_DAYS === 0)
      people.getRange(i + 2, complaint + 1).setValue(today);
    if ((i * 7 + dayIndex) % VISIT_EVERY_DAYS !== 0) return;
    people.getRange(i + 2, last + 1).setValue(today);
    // 来店回数 the owner keeps up; left blank for the customers whose visits 来店履歴 counts.
    if (visits >= 0 && row[visits] !== '')
      people.getRange(i + 2, visits + 1).setValue(Number(row[visits]) + 1);
  });
}

export async function compareArchiving(options: EquivalenceOptions): Promise<EquivalenceResult> {
  const [y, m, d] = (options.start ?? DEMO_DAY).split('-').map(Number);
  const start = instantOf(TIME_ZONE, y, m, d, 8, 0);
  const data = withVisitHistory(await syntheticShop(options.customers, new Date(start)), start);
  const off = open(data, start, false);
  const on = open(data, start, true);
  const result: EquivalenceResult = {
    days: options.days,
    differences: [],
    archivings: 0,
    moved: 0,
    folded: 0,
    logRowsOff: 0,
    logRowsOn: 0,
    archiveRows: 0,
    archivingCalls: [],
    contacts: 0,
  };
  for (let n = 0; n < options.days; n++) {
    const now = start + n * DAY_MS;
    const today = isoOf(now);
    const run = (shop: Shop) => {
      shop.clock.set(now);
      shop.bundle.services.calls.reset();
      const summary = shop.bundle.call('runDailyFollowUps') as {
        archived?: { moved: number; folded?: { before: number; after: number } };
      } | null;
      if (!summary) throw new Error(`the run of ${today} failed`);
      return { summary, calls: shop.bundle.services.calls.total('SpreadsheetApp') };
    };
    const a = run(off);
    const b = run(on);
    const planOff = planOf(off, today);
    const planOn = planOf(on, today);
    const what = [
      ...diff('顧客', planOff.customers, planOn.customers),
      ...diff('連絡履歴', planOff.contacts, planOn.contacts),
    ];
    if (what.length > 0) result.differences.push({ day: today, what: what.slice(0, 10) });
    result.contacts += planOn.contacts.length;
    const archived = b.summary.archived;
    if (archived && archived.moved > 0) {
      result.archivings++;
      result.moved += archived.moved;
      result.archivingCalls.push(b.calls - a.calls);
    }
    if (archived?.folded) result.folded += archived.folded.before - archived.folded.after;
    const logRows = (shop: Shop) => (sheet(shop, '連絡履歴')?.getLastRow() ?? 1) - 1;
    options.onDay?.({
      day: today,
      logRowsOff: logRows(off),
      logRowsOn: logRows(on),
      moved: archived?.moved ?? 0,
      callsOn: b.calls,
      callsOff: a.calls,
    });
    const date = new Date(now);
    actAsOwner(off, n, date);
    actAsOwner(on, n, date);
    if (result.differences.length >= 3) break;
  }
  result.logRowsOff = values(off, '連絡履歴').length - 1;
  result.logRowsOn = values(on, '連絡履歴').length - 1;
  result.archiveRows = Math.max(0, values(on, '連絡履歴アーカイブ').length - 1);
  return result;
}

function diff(what: string, a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  const left = new Map<string, number>();
  for (const x of a) left.set(x, (left.get(x) ?? 0) + 1);
  for (const x of b) {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    else out.push(`${what} +（アーカイブあり）${x}`);
  }
  for (const [x, n] of left) for (let i = 0; i < n; i++) out.push(`${what} −（アーカイブなし）${x}`);
  return out;
}

/** Every third customer's visits in 来店履歴 from four and a half years back, at their own rhythm. */
const VISIT_HISTORY_EVERY = 3;

/**
 * The shop with a 来店履歴 of several years for every third customer (as a register export would give): their 来店回数
 * and 初回来店日 cells left blank, so the count 来店履歴 gives is what S4's threshold and 常連 read — folding that
 * miscounted would change the plans.
 */
function withVisitHistory(data: SpreadsheetData, start: number): SpreadsheetData {
  const people = data.sheets.find((s) => s.name === '顧客');
  if (!people) return data;
  const header = people.values[0].map(String);
  const [id, name, phone, first, last, count] = [
    '顧客ID',
    '氏名',
    '電話',
    '初回来店日',
    '最終来店日',
    '来店回数',
  ].map((h) => header.indexOf(h));
  // 来店履歴's headers as the import writes them (labels.ts).
  const rows: CellValue[][] = [Object.values(VISIT_COLUMNS).map((c) => c.header)];
  const values = people.values.map((row) => [...row]);
  values.slice(1).forEach((row, i) => {
    if (i % VISIT_HISTORY_EVERY !== 0 || String(row[id]).startsWith('例')) return;
    const lastVisit = row[last] instanceof Date ? row[last].getTime() : start - 60 * DAY_MS;
    const rhythm = (40 + ((i * 13) % 80)) * DAY_MS;
    for (let at = start - 1_640 * DAY_MS + (i % 30) * DAY_MS; at < lastVisit; at += rhythm) {
      const day = new Date(at);
      rows.push([
        day,
        row[id],
        row[name],
        row[phone] ?? '',
        i % 2 === 0 ? 'カット' : 'カラー',
        '',
        4_400,
        '',
        'Airレジ 2026/11/20取込',
        `A-${i}`,
        `air:${String(row[id])}:${isoOf(at)}`,
        '',
      ]);
    }
    if (first >= 0) row[first] = '';
    if (count >= 0) row[count] = '';
  });
  return {
    ...data,
    sheets: [
      ...data.sheets.map((s) => (s === people ? { ...s, values } : s)),
      { name: '来店履歴', values: rows, maxRows: rows.length, maxColumns: rows[0].length },
    ],
  };
}

/** node out/bench/archive-equivalence.js <customers> <days>: the result as one JSON line (tools/bench.ts). */
if (require.main === module) {
  const [customers, days] = process.argv.slice(2).map(Number);
  if (!Number.isInteger(customers) || !Number.isInteger(days))
    throw new Error('usage: archive-equivalence.js <customers> <days>');
  compareArchiving({ customers, days })
    .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    });
}
