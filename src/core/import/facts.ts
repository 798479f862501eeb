/**
 * A customer's facts merged from the owner's cells and 来店履歴 (contract section 2): 最終来店日 the later, 初回来店日
 * the earlier, 来店回数 the owner's cell plus the visit days after the owner's 最終来店日 (or, with the cell blank,
 * the visit days in 来店履歴), 購入商品 / 購入金額 / カテゴリ those of the latest visit, and 次回予約日 from the source
 * read most recently. The owner's cells are never rewritten: this is how the planner sees them.
 */
import { categoryOfMenu } from '../categories';
import { slashDay, ymdOf, type Day } from '../day';
import { memo2 } from '../memo';
import { isAfter, type Moment } from '../slots';
import { shorten } from '../parse';
import type { Category, Customer } from '../types';
import { sourceLabels, type VisitRow } from './visit-log';
import { foldLeftovers } from './fold';

export interface MergeOptions {
  categories: ReadonlyMap<string, Category>;
  regularVisits: number;
  today: Day;
  /**
   * The owner's 次回予約日 cell as it read when an import last set this customer's booking (the text; '' for
   * blank): a cell that reads differently now was edited since, and the owner's edit is the newer word.
   */
  ownerBookingAtImport?: string;
  /** The owner's 次回予約日 cell as it reads now ('' for blank). */
  ownerBookingNow?: string;
  /** The categories the shop's customers have in 顧客: an imported メニュー is matched among them (categoryOfMenu). */
  usedCategories?: ReadonlySet<string>;
}

/** Where a fact came from when 来店履歴 gave it: 「来店履歴（Airレジ 11/20取込）」. */
export function historySource(row: VisitRow, today: Day): string {
  const first = row.source.split('・')[0] ?? '';
  const m = /^(.*?)\s*(\d{4})\/(\d{1,2})\/(\d{1,2})取込/.exec(first);
  const label = m ? m[1] : (sourceLabels(row.source)[0] ?? '');
  const sameYear = m && Number(m[2]) === ymdOf(today).year;
  const when = m ? `${sameYear ? '' : `${m[2]}/`}${Number(m[3])}/${Number(m[4])}取込` : '';
  return `来店履歴（${[label, when].filter(Boolean).join(' ')}）`;
}

/** The customer as the planner sees them once 来店履歴's rows for them are merged in (a new object). */
export function mergeVisits(customer: Customer, all: readonly VisitRow[], options: MergeOptions): Customer {
  // Rows an interrupted fold left behind are visits their folded row counts already.
  const leftovers = foldLeftovers(all);
  const rows = leftovers.size === 0 ? all : all.filter((r) => !leftovers.has(r));
  if (rows.length === 0) return customer;
  const merged: Customer = { ...customer, factSources: { ...customer.factSources } };
  const sources = merged.factSources as NonNullable<Customer['factSources']>;
  const visits = rows.filter((r): r is VisitRow & { at: Moment } => r.at !== undefined);
  let latest: (VisitRow & { at: Moment }) | undefined;
  let earliest: (VisitRow & { at: Moment }) | undefined;
  for (const r of visits) {
    if (!latest || isAfter(r.at, latest.at)) latest = r;
    if (!earliest || isAfter(earliest.at, r.at)) earliest = r;
  }
  const owner = { last: customer.lastVisit, first: customer.firstVisit, visits: customer.visits };
  if (latest && (owner.last === undefined || latest.at.day > owner.last)) {
    merged.lastVisit = latest.at.day;
    sources.lastVisit = historySource(latest, options.today);
    // The latest visit's purchase (購入商品 and 購入金額 both from it), where it says anything of one.
    if (latest.menu || latest.amount !== undefined) {
      merged.product = latest.menu;
      if (latest.amount !== undefined) merged.amount = latest.amount;
      else merged.amount = undefined;
    }
    if (latest.menu) {
      // The カテゴリ sheet's キーワード as they are now (the owner may have added one since the import).
      const category =
        categoryOfMenu(latest.menu, options.categories, options.usedCategories) || latest.category;
      if (category) merged.category = category;
      else
        (merged.notes = [...(merged.notes ?? [])]).push(
          `来店履歴のメニュー「${shorten(latest.menu)}」に合うカテゴリがありません。カテゴリ表の「キーワード」に言葉を足してください（それまでは顧客のカテゴリ${customer.category ? `「${customer.category}」` : ''}で続けます）`,
        );
    }
  }
  if (earliest && (owner.first === undefined || earliest.at.day < owner.first)) {
    merged.firstVisit = earliest.at.day;
    sources.firstVisit = historySource(earliest, options.today);
  }
  // 来店回数: visit days, never a day twice; a folded row (import/fold.ts) counts the visit days it stands for, all
  // on one side of the owner's 最終来店日 and of a customer list's row, dated by the earliest.
  const days = new Set<Day>();
  const folded: (VisitRow & { at: Moment; folded: number })[] = [];
  for (const r of visits)
    if (r.folded !== undefined) folded.push(r as VisitRow & { at: Moment; folded: number });
    else days.add(r.at.day);
  const foldedAfter = (cut: Day | undefined) =>
    folded.reduce((n, r) => (cut === undefined || r.at.day > cut ? n + r.folded : n), 0);
  if (owner.visits !== undefined) {
    let after = foldedAfter(owner.last);
    for (const d of days) if (owner.last === undefined || d > owner.last) after++;
    merged.visits = owner.visits + after;
  } else {
    // A customer list's 来店回数 counts the visits up to its 最終来店日; visit days after it add to it.
    const listed = rows.filter((r) => r.visitCount !== undefined && r.at !== undefined);
    const list = listed.length > 0 ? listed[listed.length - 1] : undefined;
    let fromList = 0;
    if (list && list.at) {
      fromList = (list.visitCount as number) + foldedAfter(list.at.day);
      for (const d of days) if (d > list.at.day) fromList++;
    }
    merged.visits = Math.max(days.size + foldedAfter(undefined), fromList);
  }
  if (merged.visits !== owner.visits) sources.visits = '来店履歴';
  merged.regular =
    customer.regular || (merged.visits !== undefined && merged.visits >= options.regularVisits);
  if (
    merged.firstVisit !== undefined &&
    merged.lastVisit !== undefined &&
    merged.firstVisit > merged.lastVisit
  )
    merged.firstVisit = merged.lastVisit;

  // 次回予約日: the next booking ahead that 来店履歴 holds (the earliest, so no day-before message is missed; a moved
  // booking was rewritten in its row, one no longer listed reads 予約なし), unless the owner edited the cell since.
  const ahead = rows
    .filter((r) => r.nextBooking !== undefined && !r.bookingWithdrawn && r.nextBooking.day >= options.today)
    .sort(
      (a, b) =>
        (a.nextBooking as Moment).day - (b.nextBooking as Moment).day ||
        (a.nextBooking as Moment).minutes - (b.nextBooking as Moment).minutes,
    )[0];
  const withdrawn = rows.some((r) => r.bookingWithdrawn);
  const ownerEdited =
    (options.ownerBookingNow ?? '') !== '' &&
    (options.ownerBookingNow ?? '') !== (options.ownerBookingAtImport ?? '');
  if (!ownerEdited && ahead?.nextBooking) {
    merged.nextBooking = ahead.nextBooking;
    sources.nextBooking = historySource(ahead, options.today);
  } else if (!ownerEdited && !ahead && withdrawn) merged.nextBooking = undefined;
  return merged;
}

/** 「最終来店日」, or where 来店履歴 says the date came from. */
export function dateSource(customer: Customer, field: 'lastVisit' | 'firstVisit', header: string): string {
  const from = customer.factSources?.[field];
  return from ? `${from}の来店日` : header;
}

/** The date of a fact with where it came from: 「最終来店日（11/20）」「来店履歴（Airレジ 11/20取込）の来店日（11/18）」. */
export function dateWithSource(
  customer: Customer,
  field: 'lastVisit' | 'firstVisit',
  header: string,
): string {
  return withDay(dateSource(customer, field, header), customer[field]);
}

/** One text per source and day, shared by every customer who has them (a rule's 理由 of 100,000 customers). */
const withDay = memo2(
  (source: string, day: Day | undefined) => `${source}（${day === undefined ? '' : slashDay(day)}）`,
);
