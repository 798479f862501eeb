/**
 * 来店履歴 as Tsunagu keeps it (contract section 2): one row per customer and calendar day across every source, the
 * 取込キー of every export row folded into it, so importing a file twice, or two overlapping exports, adds nothing.
 * Pure: the app reads the sheet, asks what to write, and writes it.
 */
import { slashDay, ymdOf } from '../day';
import { isAfter, type Moment } from '../slots';
import type { ImportedVisit } from './model';
import { identityOf } from './match';

/** One 来店履歴 row as read (or about to be written). */
export interface VisitRow {
  /** Index among the sheet's data rows; -1 for a row this import adds. */
  index: number;
  /** The visit; undefined on a row that only announces a booking. */
  at?: Moment;
  customerId: string;
  name: string;
  phone: string;
  menu: string;
  category: string;
  amount?: number;
  nextBooking?: Moment;
  /** 次回予約日 reads 「予約なし（12/1取込）」: a later export of its source no longer listed the booking. */
  bookingWithdrawn?: true;
  /** 出典: 「Airレジ 2026/11/20取込」, several joined by ・ when sources agree on a visit. */
  source: string;
  externalId: string;
  keys: string[];
  /** From a customer-list export: its 来店回数. */
  visitCount?: number;
  /** What the row's cells held that could not be read (日時, 次回予約日…): shown in 要確認, the row's facts skipped. */
  unreadable?: string;
  /** A row that folds this many visit days of one year (its 出典 says so: import/fold.ts). */
  folded?: number;
}

/** 出典 of one import: the system and the day it was imported. */
export function sourceText(label: string, importedOn: Moment): string {
  return `${label} ${slashDay(importedOn.day)}取込`;
}

/** The label of each source a row names (「Airレジ 2026/11/20取込・STORES予約 2026/11/21取込」 → Airレジ, STORES予約). */
export function sourceLabels(source: string): string[] {
  return source
    .split('・')
    .map((s) => s.replace(/\s*\d{4}\/\d{1,2}\/\d{1,2}取込.*$/, '').trim())
    .filter(Boolean);
}

/** FNV-1a over the text, as 8 hex digits twice (two seeds): short enough to read, wide enough never to collide here. */
export function shortHash(text: string): string {
  const run = (seed: number) => {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  };
  return run(0x811c9dc5) + run(0x2f3a9d61);
}

/**
 * The 取込キー of a row: its sale (取引番号) when the export has one, so every item row of a sale and every later
 * export listing it share one key; otherwise what the row says (who, when, what, how much).
 */
export function importKey(
  layout: string,
  visit: ImportedVisit,
  transactionId: string,
  identity: string,
): string {
  // A booking not yet visited has a key of its own: the same 予約番号 listed later as a visit is a new fact.
  const booked = visit.at ? '' : '#予約';
  if (transactionId) return `${layout}:${transactionId.trim()}${booked}`;
  // Who, when and what: a later export of the same visit with its 次回予約 or amount corrected is the same visit.
  const when = visit.at ?? visit.booking;
  const facts = [identity, when ? `${when.day}-${when.minutes}` : '', visit.menu].join('|');
  return `${layout}:${shortHash(facts)}${booked}`;
}

/** An export row ready to write: the customer it is, its key and the sale it belongs to. */
export interface KeyedVisit {
  visit: ImportedVisit;
  customerId: string;
  key: string;
}

export interface WritePlan {
  appends: VisitRow[];
  /** Counted in visits (a sale of several item rows is one). Rows already in the sheet whose cells change (出典, 取込キー, メニュー, 金額, 次回予約日). */
  updates: VisitRow[];
  added: number;
  merged: number;
  already: number;
}

/**
 * What writing these export rows changes in 来店履歴. Rows of one sale are one visit (their menus joined, the
 * receipt's amount once); a second sale of the same source on the same day adds its amount to the visit; another
 * source's record of that visit only adds its name to 出典 and its key.
 */
export function planVisitWrite(
  existing: readonly VisitRow[],
  incoming: readonly KeyedVisit[],
  label: string,
  importedOn: Moment,
  categoryOf: (menu: string) => string,
): WritePlan {
  const plan: WritePlan = { appends: [], updates: [], added: 0, merged: 0, already: 0 };
  const byKey = new Map<string, VisitRow>();
  const byDay = new Map<string, VisitRow>();
  // A customer's year folded into one row (import/fold.ts) is closed: an old export of it adds nothing.
  const foldedYears = new Set<string>();
  for (const row of existing) {
    for (const k of row.keys) byKey.set(k, row);
    if (row.at && row.customerId) byDay.set(`${row.customerId}|${row.at.day}`, row);
    if (row.folded !== undefined && row.at) foldedYears.add(`${row.customerId}|${ymdOf(row.at.day).year}`);
  }
  const changed = new Set<VisitRow>();
  const source = sourceText(label, importedOn);
  for (const [key, sale] of groupBy(incoming, (v) => v.key)) {
    const booking = latest(sale.map((s) => s.visit.booking));
    const known = byKey.get(key);
    if (known) {
      // Imported before. A booking moved under the same 予約番号 (or a visit's 次回予約 changed) takes the newest
      // export's time; nothing else of an imported visit is counted again.
      if (booking && !sameMoment(booking, known.nextBooking)) {
        known.nextBooking = booking;
        delete known.bookingWithdrawn;
        if (known.index >= 0) changed.add(known);
        plan.merged++;
      } else plan.already++;
      continue;
    }
    const first = sale[0];
    const menus = unique(sale.map((s) => s.visit.menu).filter(Boolean));
    const amount = sale.map((s) => s.visit.amount).find((a) => a !== undefined);
    const at = sale.map((s) => s.visit.at).filter((m): m is Moment => m !== undefined)[0];
    if (at && foldedYears.has(`${first.customerId}|${ymdOf(at.day).year}`)) {
      plan.already++;
      continue;
    }
    const dayKey = at ? `${first.customerId}|${at.day}` : '';
    const same = dayKey ? byDay.get(dayKey) : undefined;
    if (same) {
      const sameSystem = sourceLabels(same.source).includes(label);
      if (sameSystem) {
        if (amount !== undefined) same.amount = (same.amount ?? 0) + amount;
        same.menu = unique([...splitMenus(same.menu), ...menus]).join('、');
        if (!same.category) same.category = categoryOf(same.menu);
      } else if (!same.source.includes(source)) same.source = `${same.source}・${source}`;
      same.keys.push(key);
      byKey.set(key, same);
      // The newest export's word on the next booking.
      if (booking) same.nextBooking = booking;
      if (same.index >= 0) changed.add(same);
      plan.merged++;
      continue;
    }
    const menu = menus.join('、');
    const row: VisitRow = {
      index: -1,
      ...(at ? { at } : {}),
      customerId: first.customerId,
      name: first.visit.name,
      phone: first.visit.phone,
      menu,
      category: menu ? categoryOf(menu) : '',
      // A booking is no sale (yet): its amount stays out of 金額, which an owner may add up.
      ...(amount !== undefined && at ? { amount } : {}),
      ...(booking ? { nextBooking: booking } : {}),
      source,
      externalId: first.visit.externalId,
      keys: [key],
      ...(first.visit.visitCount !== undefined ? { visitCount: first.visit.visitCount } : {}),
    };
    plan.appends.push(row);
    byKey.set(key, row);
    if (dayKey) byDay.set(dayKey, row);
    plan.added++;
  }
  plan.updates = [...changed];
  return plan;
}

function sameMoment(a: Moment, b: Moment | undefined): boolean {
  return b !== undefined && a.day === b.day && a.minutes === b.minutes;
}

/**
 * The identities 来店履歴 already ties to a customer (what the owner confirmed or what matched with certainty):
 * the next import of the same person matches them without asking again.
 */
export function knownIdentities(rows: readonly VisitRow[], wanted?: WantedIdentities): Map<string, string> {
  const known = new Map<string, string>();
  const seen = new Set<string>();
  for (const row of rows) {
    if (!row.customerId) continue;
    // A long 来店履歴 is read by every part: only rows that may be someone in this part are looked at closely.
    if (
      wanted &&
      !wanted.externalIds.has(row.externalId.trim()) &&
      !wanted.phoneTails.has(phoneTail(row.phone))
    )
      continue;
    // A customer's many visits carry the same facts: each set is read once.
    const raw = `${row.customerId}\u0000${row.source}\u0000${row.externalId}\u0000${row.phone}\u0000${row.name}`;
    if (seen.has(raw)) continue;
    seen.add(raw);
    // 外部ID is the number of the system that first wrote the row (the first in 出典), never of the others.
    const label = sourceLabels(row.source)[0] ?? '';
    const base = { customerId: '', phone: row.phone, email: '', name: row.name, kana: '' };
    if (row.externalId && label)
      known.set(identityOf({ ...base, externalId: row.externalId }, label), row.customerId);
    // A phone with that name; never a name alone (two customers may share it).
    const tel = identityOf({ ...base, externalId: '' }, '');
    if (tel.startsWith('tel:') && !known.has(tel)) known.set(tel, row.customerId);
  }
  return known;
}

/** What a part's rows could be known by: their 外部ID as written and the last 8 digits of their phone. */
export interface WantedIdentities {
  externalIds: ReadonlySet<string>;
  phoneTails: ReadonlySet<string>;
}

/** The last 8 digits of a phone as written ('' without 8): the same for +81 90…, 090-… and a dropped 0. */
export function phoneTail(text: string): string {
  const digits = (/[０-９]/.test(text) ? text.normalize('NFKC') : text).replace(/\D/g, '');
  return digits.length >= 8 ? digits.slice(-8) : '';
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function splitMenus(menu: string): string[] {
  return menu ? menu.split('、') : [];
}

function latest(moments: readonly (Moment | undefined)[]): Moment | undefined {
  let best: Moment | undefined;
  for (const m of moments) if (m && (!best || isAfter(m, best))) best = m;
  return best;
}
