/**
 * 来店履歴 kept small (README: 来店履歴 folding): a customer's visits of a calendar year that ended longer ago than the
 * longest interval any rule reads fold into one row, its count in 出典 (「…取込（2023年の来店12回をまとめた行）」), so
 * that the facts the planner merges (import/facts.ts) come out the same: 初回来店日 (the folded row is dated by its
 * earliest visit), 来店回数 (the count, counted on the same side of the owner's 最終来店日 as the visits were), and the
 * latest visit's 購入商品 / 購入金額 / カテゴリ and 次回予約日 (the customer's latest visit, and every row with a booking
 * or a customer list's 来店回数, never fold). Every 取込キー stays on the folded row: importing an old export again adds
 * nothing. Pure.
 */
import { addDays, dayFromYmd, ymdOf, type Day } from '../day';
import { isAfter } from '../slots';
import { sameCustomerId } from '../line-links';
import type { Settings } from '../types';
import type { VisitRow } from './visit-log';

/** S4's dormant threshold is clamped to 730 days: the longest interval between visits any rule reads. */
export const DORMANT_CLAMP_DAYS = 730;
/** A cell holds at most 50,000 characters; a folded row's 取込キー and メニュー stay well under. */
const CELL_LIMIT = 45_000;

const MARK = /（(\d{4})年の来店(\d+)回をまとめた行）$/;

/** The visits a folded row stands for (its 出典's mark), or undefined for a row of one visit. */
export function foldedCount(source: string): number | undefined {
  const m = MARK.exec(source);
  return m ? Number(m[2]) : undefined;
}

/**
 * How far back a rule reads visits: S4's clamp (730 days), or 休眠フォローの対象 / 挨拶状の対象 when longer (they read
 * 最終来店日, which never folds, but an owner reading 来店履歴 finds the same span there as the rules use).
 */
export function foldHorizonDays(settings: Pick<Settings, 'dormantFollowMonths' | 'greetingMonths'>): number {
  const months = Math.max(settings.dormantFollowMonths ?? 0, settings.greetingMonths ?? 0);
  return Math.max(DORMANT_CLAMP_DAYS, Math.ceil((months * 366) / 12));
}

/** The calendar years that may fold today: those that ended more than `horizonDays` ago. */
export function lastFoldableYear(today: Day, horizonDays: number): number {
  const limit = addDays(today, -horizonDays);
  const { year } = ymdOf(limit);
  // A year folds once its 12-31 is older than the limit.
  return dayFromYmd(year, 12, 31) < limit ? year : year - 1;
}

export interface Fold {
  /** The folded row (index -1), dated by its earliest visit. */
  row: VisitRow;
  /** The rows it replaces, in sheet order. */
  from: VisitRow[];
}

/**
 * The folds to make: per customer, calendar year (up to lastFoldableYear) and side of each day the count is cut at
 * (the owner's 最終来店日, a customer list's row), the plain visit rows — never a row with a booking, a withdrawn
 * booking, a list's 来店回数, a cell Tsunagu cannot read, nor the customer's latest visit. A year already folded takes
 * in a row added to it since. `ownerLastVisit`: the owner's own 最終来店日 cell per 顧客ID (sameCustomerId), before
 * 来店履歴 is merged in.
 */
export function planFolds(
  rows: readonly VisitRow[],
  ownerLastVisit: ReadonlyMap<string, Day | undefined>,
  today: Day,
  horizonDays: number,
): Fold[] {
  const upTo = lastFoldableYear(today, horizonDays);
  const byCustomer = new Map<string, VisitRow[]>();
  for (const r of rows) {
    if (!r.customerId) continue;
    const id = sameCustomerId(r.customerId);
    (byCustomer.get(id) ?? byCustomer.set(id, []).get(id))?.push(r);
  }
  const leftovers = foldLeftovers(rows);
  const folds: Fold[] = [];
  for (const [id, list] of byCustomer) {
    let latest: VisitRow | undefined;
    for (const r of list)
      if (r.at && !r.unreadable && (!latest || isAfter(r.at, latest.at as never))) latest = r;
    const cuts: Day[] = [];
    const owner = ownerLastVisit.get(id);
    if (owner !== undefined) cuts.push(owner);
    for (const r of list) if (r.visitCount !== undefined && r.at) cuts.push(r.at.day);
    const groups = new Map<string, VisitRow[]>();
    for (const r of list) {
      // A row without 取込キー (typed by the owner) never folds: were a fold stopped half-way, nothing would tell it
      // from a visit still to count.
      if (!r.at || r.unreadable || r === latest || r.keys.length === 0) continue;
      if (r.nextBooking || r.bookingWithdrawn || r.visitCount !== undefined) continue;
      const year = ymdOf(r.at.day).year;
      if (year > upTo) continue;
      const day = r.at.day;
      const side = cuts.filter((c) => day > c).length;
      const key = `${year}|${side}`;
      (groups.get(key) ?? groups.set(key, []).get(key))?.push(r);
    }
    for (const group of groups.values()) {
      // Rows already folded and nothing new: nothing to do (a year too long for one row keeps its rows).
      if (group.length < 2 || group.every((r) => r.folded !== undefined && !leftovers.has(r))) continue;
      folds.push(...foldGroup(group, leftovers));
    }
  }
  return folds;
}

/**
 * Visits a folded row already counts that are still rows of their own. A fold writes the folded row first and deletes
 * the rows it replaces after (app/fold-visits.ts), so a run stopped in between — Apps Script's 6 minutes, or deletes
 * the run's time budget left for the next pass — leaves them behind: the plain rows of that customer and year whose
 * every 取込キー is on the folded row (an import never writes a キー twice, and a row without one never folds), and an
 * earlier folded row of that year whose キー the new one all holds. They count nothing (facts.ts), and the next fold
 * takes them out. A row of another year with a キー of a folded row (the owner copied a row as a new visit) counts.
 */
export function foldLeftovers(rows: readonly VisitRow[]): ReadonlySet<VisitRow> {
  const left = new Set<VisitRow>();
  const yearOf = (r: VisitRow) => `${sameCustomerId(r.customerId)}|${r.at ? ymdOf(r.at.day).year : ''}`;
  const foldedRows = new Map<string, VisitRow[]>();
  for (const r of rows)
    if (r.folded !== undefined && r.at)
      (foldedRows.get(yearOf(r)) ?? foldedRows.set(yearOf(r), []).get(yearOf(r)))?.push(r);
  if (foldedRows.size === 0) return left;
  // Per customer and year, the キー its folded rows hold: the widest first, a row whose キー are all held already left.
  const held = new Map<string, Set<string>>();
  for (const [year, list] of foldedRows) {
    const keys = new Set<string>();
    const widestFirst = [...list].sort((a, b) => b.keys.length - a.keys.length || a.index - b.index);
    for (const r of widestFirst) {
      if (r.keys.length > 0 && r.keys.every((k) => keys.has(k))) left.add(r);
      else for (const k of r.keys) keys.add(k);
    }
    held.set(year, keys);
  }
  for (const r of rows) {
    if (r.folded !== undefined || !r.at || r.keys.length === 0) continue;
    const keys = held.get(yearOf(r));
    if (keys && r.keys.every((k) => keys.has(k))) left.add(r);
  }
  return left;
}

function foldGroup(group: VisitRow[], leftovers: ReadonlySet<VisitRow>): Fold[] {
  // By visit, a folded row before a row of the same moment it left behind (its earliest visit's): the folded row
  // gives the fold its who and 出典.
  const plain = (r: VisitRow) => (r.folded === undefined ? 1 : 0);
  const sorted = [...group].sort((a, b) =>
    isAfter(a.at as never, b.at as never)
      ? 1
      : isAfter(b.at as never, a.at as never)
        ? -1
        : plain(a) - plain(b),
  );
  const folds: Fold[] = [];
  let chunk: VisitRow[] = [];
  let keys = 0;
  let menus = 0;
  const flush = () => {
    // Rows a fold left behind go with a row that counts: alone they are a folded row's, wherever it is.
    if (chunk.length >= 2 && chunk.some((r) => !leftovers.has(r)))
      folds.push({ row: folded(chunk, leftovers), from: [...chunk].sort((a, b) => a.index - b.index) });
    chunk = [];
    keys = 0;
    menus = 0;
  };
  for (const r of sorted) {
    // A row a fold left behind adds no キー and no メニュー the folded row does not hold already.
    const k = leftovers.has(r) ? 0 : r.keys.join(' ').length + 1;
    const m = leftovers.has(r) ? 0 : r.menu.length + 1;
    if (chunk.length > 0 && (keys + k > CELL_LIMIT || menus + m > CELL_LIMIT)) flush();
    chunk.push(r);
    keys += k;
    menus += m;
  }
  flush();
  return folds;
}

/**
 * The row a year's visits fold into: the earliest visit's who and 出典, every visit's 取込キー, the year's 金額. A row
 * a fold left behind (`leftovers`) is counted by its folded row already.
 */
function folded(all: readonly VisitRow[], leftovers: ReadonlySet<VisitRow>): VisitRow {
  const rows = all.filter((r) => !leftovers.has(r));
  const first = rows[0];
  const year = ymdOf((first.at as NonNullable<VisitRow['at']>).day).year;
  // A folded row counts its own visits; a plain row is one visit day (one row per customer and day).
  const days = new Set<number>();
  let count = 0;
  for (const r of rows) {
    const n = foldedCount(r.source);
    if (n !== undefined) count += n;
    else if (r.at && !days.has(r.at.day)) {
      days.add(r.at.day);
      count++;
    }
  }
  const amounts = rows.map((r) => r.amount).filter((a): a is number => a !== undefined);
  const menus = [...new Set(rows.flatMap((r) => (r.menu ? r.menu.split('、') : [])))];
  return {
    index: -1,
    at: first.at,
    customerId: first.customerId,
    name: first.name,
    phone: first.phone,
    menu: menus.join('、'),
    category: '',
    ...(amounts.length > 0 ? { amount: amounts.reduce((a, b) => a + b, 0) } : {}),
    source: `${first.source.replace(MARK, '')}（${year}年の来店${count}回をまとめた行）`,
    externalId: first.externalId,
    keys: [...new Set(rows.flatMap((r) => r.keys))],
    folded: count,
  };
}
