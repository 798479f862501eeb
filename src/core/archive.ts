/**
 * 連絡履歴アーカイブ (contract section 2, System sheets; section 3, Step life cycle): the 連絡履歴 rows no rule needs any
 * more, and the archive rows they become — one row per customer (or household, for its letters) and calendar year,
 * with a readable line per contact. Pure: the app reads both sheets, asks what moves, and writes it.
 *
 * A row never moves while it
 * - is pending (準備中, 下書き, 承認待ち, 承認済, 印刷待ち, 予定, 延期, 失敗);
 * - carries 宛先不明 and the customer's address is unchanged (it blocks that channel: reach.ts);
 * - holds the outcome of the customer's current S1 cycle (its rows since 最終来店日, and the お礼 that carried the
 *   お伺い);
 * - is the latest row of its rule and step for that customer or household (the latest anchor, every attempt of it,
 *   and the latest one done: S4 counts 30 days from it), or the latest row the owner typed for that シナリオ and
 *   ステップ;
 * - lies within the 30 days the LINE caps count (日時 or 予定日 on or after today − 30; a row with no date at all),
 *   or within an open window: its event is today or later (a slot, a booking), or its 予定日 (the day it was
 *   prepared, or its due day) is no more than LONGEST_WINDOW_DAYS ago;
 * - is the shop's last S5 offer (the interval between offers counts from it);
 * - is a row the owner typed that Tsunagu could not read (a row without 顧客ID is one), or any row it cannot read.
 * And an お手紙確認メール (S8) row stays while the printed letter its step hangs on stays: S8 plans a step for every
 * printed letter in 連絡履歴.
 */
import { SCENARIO, stepLabel } from '../labels';
import { addDays, isoDay, leadingDay, parseIsoDay, slashDay, ymdOf, type Day } from './day';
import { isCompleteState, isPendingState } from './history';
import { HOUSEHOLD_PREFIX, parseKey } from './keys';
import { unreachableChannels } from './reach';
import type { ContactRecord, ContactState, Customer } from './types';

/** The LINE caps count the 30 calendar days ending on the send date (contract 4.2). */
export const LINE_CAP_DAYS = 30;
/**
 * The longest window after a step's due date: 暑中見舞い from 7-07, written as 残暑見舞い until 8-31 (55 days); every
 * other step closes within 30 days of its due date (S1's 提案 and 改善フォロー, S3).
 */
export const LONGEST_WINDOW_DAYS = 55;
/** Sheets holds at most 50,000 characters in a cell; an archive cell stays well under it. */
export const ARCHIVE_CELL_LIMIT = 45_000;

/** Why a row stays in 連絡履歴 (the first that holds), or null when it may move. */
export type KeepReason =
  | 'pending'
  | 'unreachable'
  | 'currentS1'
  | 'latest'
  | 'recent'
  | 'window'
  | 'lastVacancyOffer'
  | 'unreadable'
  | 'letterCheck';

export interface ArchiveDecision {
  /** The rows that may move, in sheet order. */
  moving: ContactRecord[];
  /** Why each other row stays, by record index. */
  kept: Map<number, KeepReason>;
}

/**
 * Which 連絡履歴 rows may move to 連絡履歴アーカイブ today. `records` as the planner reads them (readRecords, then
 * matchCustomerIds); `customers` as the planner sees them (来店履歴 merged in: 最終来店日 is the current S1 cycle).
 * `skip` leaves out one condition — for the tests that show each one matters, never for a run.
 */
export function archivableRecords(
  records: readonly ContactRecord[],
  customers: readonly Customer[],
  today: Day,
  skip?: KeepReason,
): ArchiveDecision {
  const byId = new Map<string, Customer>();
  for (const c of customers) if (!byId.has(c.id)) byId.set(c.id, c);
  const latest = latestOfSteps(records);
  const lastOffer = lastVacancyOfferDay(records);
  const kept = new Map<number, KeepReason>();
  const moving: ContactRecord[] = [];
  const check = (r: ContactRecord): KeepReason | null => {
    const reasons: [KeepReason, () => boolean][] = [
      ['unreadable', () => r.unreadable !== undefined || r.state === undefined || r.customerId === ''],
      ['pending', () => isPendingState(r.state)],
      ['unreachable', () => blocksChannel(r, byId.get(r.customerId))],
      ['currentS1', () => inCurrentS1Cycle(r, byId.get(r.customerId))],
      ['latest', () => latest.has(r.index)],
      ['recent', () => isRecent(r, today)],
      ['window', () => inOpenWindow(r, today)],
      ['lastVacancyOffer', () => lastOffer !== undefined && isVacancyOffer(r) && offerDay(r) === lastOffer],
    ];
    for (const [reason, holds] of reasons) if (reason !== skip && holds()) return reason;
    return null;
  };
  const undecided: ContactRecord[] = [];
  for (const r of records) {
    const reason = check(r);
    if (reason) kept.set(r.index, reason);
    else undecided.push(r);
  }
  // S8 plans a 確認メール for every printed S4/S7 letter 連絡履歴 holds: while the letter stays, so do its rows.
  const printed = new Map<string, Day[]>();
  if (skip !== 'letterCheck')
    for (const r of records)
      if (kept.has(r.index) && isCheckedLetter(r) && r.at !== undefined)
        (printed.get(r.customerId) ?? printed.set(r.customerId, []).get(r.customerId))?.push(r.at);
  for (const r of undecided) {
    if (isLetterCheckOf(r, printed.get(r.customerId))) kept.set(r.index, 'letterCheck');
    else moving.push(r);
  }
  return { moving, kept };
}

/** 宛先不明 that still blocks its channel: the address on the row is the customer's address now (reach.ts). */
function blocksChannel(r: ContactRecord, customer: Customer | undefined): boolean {
  if (r.result !== '宛先不明') return false;
  // A customer no longer on 顧客 may come back under the same id: the row keeps its word.
  if (!customer || !r.channel) return true;
  return unreachableChannels([r], customer).has(r.channel);
}

/** S1 rows of the visit in 最終来店日 (or a later one, a date corrected back), and S6's お礼 that carried its お伺い. */
function inCurrentS1Cycle(r: ContactRecord, customer: Customer | undefined): boolean {
  const visit = customer?.lastVisit;
  if (visit === undefined) return false;
  if (!r.key) return r.scenario === SCENARIO.postPurchase && (r.at ?? visit) >= visit;
  const parts = parseKey(r.key);
  if (!parts || (parts.rule !== 'S1' && parts.rule !== 'S6')) return false;
  const anchor = leadingDay(parts.anchor);
  return anchor === null || anchor >= visit;
}

/**
 * The rows that are the latest of their rule and step for their customer or household: every row of the latest
 * anchor (all attempts of it), and of the latest anchor with a row done or skipped; of the rows the owner typed,
 * the latest of each シナリオ and ステップ (and the latest complete one).
 */
function latestOfSteps(records: readonly ContactRecord[]): Set<number> {
  interface Latest {
    any: string;
    complete: string;
  }
  const groups = new Map<string, Latest>();
  const order = (r: ContactRecord): { group: string; rank: string } => {
    if (r.key) {
      const parts = parseKey(r.key);
      // A copied LINE (or a key of no rule): one group per customer.
      if (!parts) return { group: `${r.customerId}|?|${r.key.split('|')[1] ?? ''}`, rank: dayRank(r) };
      return { group: `${parts.owner}|${parts.rule}|${parts.step}`, rank: parts.anchor };
    }
    return { group: `手入力|${r.customerId}|${r.scenario}|${r.step}`, rank: dayRank(r) };
  };
  const ranks = records.map(order);
  records.forEach((r, i) => {
    const { group, rank } = ranks[i];
    const g = groups.get(group) ?? { any: '', complete: '' };
    if (rank > g.any) g.any = rank;
    if (isCompleteState(r.state) && rank > g.complete) g.complete = rank;
    groups.set(group, g);
  });
  const latest = new Set<number>();
  records.forEach((r, i) => {
    const { group, rank } = ranks[i];
    const g = groups.get(group) as Latest;
    if (rank === g.any || rank === g.complete) latest.add(r.index);
  });
  return latest;
}

/** A row's day as text that sorts ('' when it has none). */
function dayRank(r: ContactRecord): string {
  const day = r.at ?? r.plannedDay;
  return day === undefined ? '' : isoDay(day);
}

/** Within the 30 days the LINE caps count (日時 or 予定日), or of no known day (kept: it may be today's). */
function isRecent(r: ContactRecord, today: Day): boolean {
  if (r.at === undefined && r.plannedDay === undefined) return true;
  const since = addDays(today, -LINE_CAP_DAYS);
  return (r.at !== undefined && r.at >= since) || (r.plannedDay !== undefined && r.plannedDay >= since);
}

/**
 * Within an open window: the event its key hangs on is today or later (a slot, a booking, an occurrence ahead), or
 * its 予定日 — the day it was prepared, or the due day of a step logged スキップ — is within the longest window.
 */
function inOpenWindow(r: ContactRecord, today: Day): boolean {
  if (!r.key) return false;
  const parts = parseKey(r.key);
  const anchor = parts ? leadingDay(parts.anchor) : null;
  if (anchor !== null && anchor >= today) return true;
  const from = r.plannedDay ?? r.at;
  return from !== undefined && addDays(from, LONGEST_WINDOW_DAYS) >= today;
}

function isVacancyOffer(r: ContactRecord): boolean {
  return r.scenario === SCENARIO.vacancy && r.state !== 'スキップ';
}

/** The day vacancy.ts counts an offer from. */
function offerDay(r: ContactRecord): Day | undefined {
  return r.plannedDay ?? r.at;
}

/** The shop's last S5 offer (空き枠案内の間隔日数 counts from it: vacancy.ts slotToOffer). */
function lastVacancyOfferDay(records: readonly ContactRecord[]): Day | undefined {
  let last: Day | undefined;
  for (const r of records) {
    if (!isVacancyOffer(r)) continue;
    const day = offerDay(r);
    if (day !== undefined && (last === undefined || day > last)) last = day;
  }
  return last;
}

/** A printed S4/S7 letter, as S8 reads one (letter-check rule). */
function isCheckedLetter(r: ContactRecord): boolean {
  return (
    r.channel === '手紙' &&
    r.state === '印刷済' &&
    r.result !== '宛先不明' &&
    (r.scenario === SCENARIO.dormant || r.scenario === SCENARIO.newsletter)
  );
}

/** An S8 row of one of these printing days (by its key), or one the owner typed on or after one of them. */
function isLetterCheckOf(r: ContactRecord, printedOn: readonly Day[] | undefined): boolean {
  if (!printedOn || r.scenario !== SCENARIO.letterCheck) return false;
  if (r.key) {
    const anchor = parseIsoDay(parseKey(r.key)?.anchor ?? '');
    return anchor !== null && printedOn.includes(anchor);
  }
  return r.at !== undefined && printedOn.some((d) => (r.at as Day) >= d);
}

// ——— the archive rows ———

/** One 連絡履歴アーカイブ row: a customer's (or household's) contacts of one calendar year. */
export interface ArchiveRow {
  /** Index among the archive's data rows; -1 for a row this archiving adds. */
  index: number;
  /** 顧客ID, or 世帯:<household key> for a household's letters. */
  customerId: string;
  name: string;
  year: number;
  count: number;
  /** 内容: one line per contact, oldest first. */
  lines: string[];
  /** キー: the keys of Tsunagu's rows archived here (a row is archived once). */
  keys: string[];
}

export interface ArchiveWrite {
  /** Rows already in the archive that grow (their index set). */
  updates: ArchiveRow[];
  appends: ArchiveRow[];
  /** The 連絡履歴 rows the archive holds after this write (those already there included): these may be removed. */
  archived: ContactRecord[];
  /** How many of them the archive already held (an archiving stopped before it removed them). */
  already: number;
}

/** The archive line of one contact: 「2025/03/02 購入後フォロー（お伺い）メール・送信済」. */
export function archiveLine(r: ContactRecord): string {
  const day = r.at ?? r.plannedDay;
  const label = r.step ? stepLabel(r.scenario, r.step) : r.scenario || '（シナリオなし）';
  const how = [r.channel, r.state, r.result].filter(Boolean).join('・');
  const note = r.note ? `（${r.note.replace(/\s+/g, ' ').slice(0, 60)}）` : '';
  return `${day === undefined ? '日付なし' : slashDay(day)} ${label}${how ? ` ${how}` : ''}${note}`;
}

/** Where an archived row goes: its customer, or the household of a household letter. */
function ownerOf(r: ContactRecord): string {
  const owner = r.key ? (parseKey(r.key)?.owner ?? r.customerId) : r.customerId;
  return owner.startsWith(HOUSEHOLD_PREFIX) ? owner : r.customerId;
}

function yearOf(r: ContactRecord): number {
  const day = r.at ?? r.plannedDay;
  return day === undefined ? 0 : ymdOf(day).year;
}

/**
 * What archiving `moving` writes into the archive as it is (`existing`): a customer-year that has a row grows that
 * row (its last, when a year needed two), others get a new row; a cell that would pass ARCHIVE_CELL_LIMIT continues
 * in another row of the same year. A row the archive already holds (its キー listed, or — for a row the owner typed
 * — its very line) is not added again.
 */
export function planArchiveWrite(
  existing: readonly ArchiveRow[],
  moving: readonly ContactRecord[],
): ArchiveWrite {
  const last = new Map<string, ArchiveRow>();
  const keysIn = new Set<string>();
  // Lines already in the archive, counted: two identical rows the owner typed (two 不在 the same day) are two lines,
  // and a typed row is "already archived" only while an unclaimed line like it is there.
  const linesIn = new Map<string, Map<string, number>>();
  for (const row of existing) {
    last.set(`${row.customerId}|${row.year}`, row);
    for (const k of row.keys) keysIn.add(k);
    const lines = linesIn.get(`${row.customerId}|${row.year}`) ?? new Map<string, number>();
    for (const l of row.lines) lines.set(l, (lines.get(l) ?? 0) + 1);
    linesIn.set(`${row.customerId}|${row.year}`, lines);
  }
  const claimed = (slot: string, line: string): boolean => {
    const lines = linesIn.get(slot);
    const left = lines?.get(line) ?? 0;
    if (left > 0) lines?.set(line, left - 1);
    return left > 0;
  };
  const updates = new Set<ArchiveRow>();
  const appends: ArchiveRow[] = [];
  const archived: ContactRecord[] = [];
  let already = 0;
  const sorted = [...moving].sort((a, b) => (a.at ?? a.plannedDay ?? 0) - (b.at ?? b.plannedDay ?? 0));
  for (const r of sorted) {
    const owner = ownerOf(r);
    const year = yearOf(r);
    const slot = `${owner}|${year}`;
    const line = archiveLine(r);
    if (r.key ? keysIn.has(r.key) : claimed(slot, line)) {
      already++;
      archived.push(r);
      continue;
    }
    let row = last.get(slot);
    if (!row || !fits(row, line, r.key)) {
      row = { index: -1, customerId: owner, name: r.name, year, count: 0, lines: [], keys: [] };
      appends.push(row);
      last.set(slot, row);
    } else if (row.index >= 0) updates.add(row);
    if (!row.name && r.name) row.name = r.name;
    row.count++;
    row.lines.push(line);
    if (r.key) {
      row.keys.push(r.key);
      keysIn.add(r.key);
    }
    archived.push(r);
  }
  return { updates: [...updates], appends, archived, already };
}

function fits(row: ArchiveRow, line: string, key: string): boolean {
  const text = row.lines.reduce((n, l) => n + l.length + 1, 0) + line.length;
  const keys = row.keys.reduce((n, k) => n + k.length + 1, 0) + key.length;
  return text <= ARCHIVE_CELL_LIMIT && keys <= ARCHIVE_CELL_LIMIT;
}

/**
 * The rows of 連絡履歴 (their キー and 状態 as text, one entry a row) that a pass wrote to 連絡履歴アーカイブ and did
 * not delete: a キー the archive holds, on one row only (an owner's copy of the row, its 結果 maybe added to, is
 * left for the next pass to decide on every cell), and not pending.
 */
export function archivedLeftovers(
  keys: readonly string[],
  states: readonly string[],
  archived: ReadonlySet<string>,
): boolean[] {
  const rows = new Map<string, number>();
  for (const k of keys) if (k !== '') rows.set(k, (rows.get(k) ?? 0) + 1);
  return keys.map(
    (k, i) => k !== '' && archived.has(k) && rows.get(k) === 1 && !isPendingState(states[i] as ContactState),
  );
}
