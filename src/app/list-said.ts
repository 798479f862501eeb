/**
 * What the sidebar's list said, kept for the click that follows it (issue 19 item 4: a click under 3 s).
 *
 * 不在, 延期 and LINEの承認 each need one thing of the plan besides the rows they act on: what follows a 不在 (a second
 * call, a letter, nothing), the last day a step may be snoozed to, and whether the step is held by data to fix.
 * Planning the customer again for it reads 顧客, 設定, カテゴリ, 空き枠 and the customer's other rows: about thirty
 * round trips, 4–5 s. But the owner clicks on the list, and the list was planned from the whole workbook moments
 * before (the sidebar reads it again after every click). So the list remembers, in the document's cache, for each
 * prepared follow-up it shows: the 連絡履歴 row it was read from (its number and a hash of its cells), the step's last
 * day, what holds it, and — for a call — what the plan would say after a 不在.
 *
 * A click goes by that only while nothing can have changed it:
 * - no execution has taken or let go the script lock since the list read began (the data generation,
 *   generation.ts): a run, another click, a saved 設定 — and the list stored it under the lock, after checking that;
 * - 連絡履歴 has as many rows, the same header and, for each row clicked, the same cells at the same place;
 * - for an approval, the customer's 顧客 row holds the owner's cells it held, and a rule that keeps its contact
 *   pending by the clock still keeps it at this hour (follow-up-actions.ts decideAsListed);
 * - the same day, and at most LIST_SAID_SECONDS after the list read.
 * Otherwise, or when the cache has lost it (Google may drop it at any time), the click plans the customer again as
 * before. What the owner changes by hand meanwhile in 設定, カテゴリ, 来店履歴 or the customer's other rows (for 不在
 * and 延期, in 顧客 too) is not seen; it applies from the list read that follows the click, which plans again. A click decided this way writes 連絡履歴 (and
 * LINE送信, 電話リスト) only; the customer's 次回連絡日 is written by that list read, as after スキップ. Consent is not
 * taken from the list: an approved LINE is sent only after the send reads the customer's row again, and
 * 承認して送信 plans the customer again before it sends.
 */
import { addDays, isoDay, type Day } from '../core/day';
import { nextBusinessDay } from '../core/calendar';
import { LETTER_SUFFIX } from '../core/keys';
import { shortHash } from '../core/import/visit-log';
import { utf8Length } from '../core/parse';
import type { Plan } from '../core/plan';
import type { ContactRecord } from '../core/types';
import { CUSTOMER_COLUMNS, type ColumnLabel, type CustomerField, type LogField } from '../labels';
import { headerCells, readHeader, readRow, type Header } from '../sheets/find-row';
import type { Columns } from '../sheets/table';
import { dataGeneration, generationAtLock, LIST_SAID } from './generation';
import { openRows } from './sidebar-api';
import { planOf, type LoadedWorkbook } from './workbook';

/** How long a list's memory holds: the cache's default (https://developers.google.com/apps-script/reference/cache/cache#put(String,String)). */
export const LIST_SAID_SECONDS = 600;
/** A cache value holds at most 100 KB; the list's memory is cut into parts well under that. */
const PART_BYTES = 90_000;
const MOST_PARTS = 50;
const VERSION = 1;

/** What the list said of one follow-up. */
export interface Said {
  /** The 連絡履歴 row it was read from. */
  row: number;
  /** A hash of that row's cells as read. */
  cells: string;
  /** The step's last day (延期 goes no later), when it has one. */
  last?: Day;
  /** Why the step is held (data to fix), when it is. */
  held?: string;
  /** For a call: what the reply to a 不在 says follows it. */
  missed?: string;
  /**
   * For a LINE waiting for approval: the customer's 顧客 row and a hash of the owner's cells in it (Tsunagu's own
   * columns left out: the list read writes them). An approval is sent later, by a send that reads consent again but
   * does not plan: a row changed since the list (a new visit typed, another カテゴリ) is planned again first.
   */
  customer?: { row: number; cells: string };
}

interface Index {
  v: number;
  /** The data generation the list read started under. */
  g: string | null;
  day: string;
  /** 連絡履歴's last row, its header row and a hash of its header. */
  last: number;
  headerRow: number;
  header: string;
  parts: number;
  /** 顧客 as the list read it: its name, header row and a hash of its header. */
  customers?: { name: string; headerRow: number; header: string };
}

type Part = { g: string | null; said: Record<string, Said> };

function hashOf(cells: readonly unknown[], width: number): string {
  return shortHash(JSON.stringify(Array.from({ length: width }, (_, i) => cells[i] ?? '')));
}

/**
 * A hash of a 顧客 row without Tsunagu's own columns (次回連絡日 … 要確認), which a list read writes: those columns
 * found once per header, for every row hashed under it.
 */
function ownerCellsHash(
  width: number,
  columns: Columns<CustomerField>,
): (cells: readonly unknown[]) => string {
  const system = new Set(
    (Object.keys(CUSTOMER_COLUMNS) as CustomerField[])
      .filter((f) => (CUSTOMER_COLUMNS[f] as ColumnLabel).system)
      .map((f) => columns[f])
      .filter((c): c is number => c !== undefined),
  );
  return (cells) =>
    hashOf(
      Array.from({ length: width }, (_, i) => (system.has(i) ? '' : (cells[i] ?? ''))),
      width,
    );
}

const partKey = (i: number) => `${LIST_SAID}.${i}`;
const partOf = (key: string, parts: number) => parseInt(shortHash(key).slice(0, 8), 16) % parts;

/**
 * What a 不在 on each call would be answered, from one plan of those customers with each of those calls recorded
 * 不在 today (as decide records it) — the plan the click would make of the customer alone. A customer with two
 * calls listed gets none: one 不在 at a time may differ from both at once.
 */
function missedNotes(wb: LoadedWorkbook, calls: readonly ContactRecord[]): Map<string, string> {
  const perCustomer = new Map<string, number>();
  for (const r of calls) perCustomer.set(r.customerId, (perCustomer.get(r.customerId) ?? 0) + 1);
  const alone = calls.filter((r) => perCustomer.get(r.customerId) === 1);
  if (alone.length === 0) return new Map();
  const ids = new Set(alone.map((r) => r.customerId));
  const keys = new Set(alone.map((r) => r.key));
  const records = wb.records
    .filter((r) => ids.has(r.customerId))
    .map((r): ContactRecord => (keys.has(r.key) ? { ...r, state: '完了', result: '不在', at: wb.today } : r));
  const after = planOf({ ...wb, customers: wb.customers.filter((c) => ids.has(c.id)), records });
  return new Map(alone.map((r) => [r.key, missedCallNote(after, r.key, wb)]));
}

/**
 * Remembers what this list said, for the clicks that follow it: under the script lock, and only when the data
 * generation is still `generation`, the one read before the workbook was (nothing Tsunagu changed since is missing
 * from it). Never throws: a list without a memory only makes the next click plan the customer again.
 */
export function rememberList(wb: LoadedWorkbook, plan: Plan, generation: string | null): void {
  try {
    const cache = CacheService.getDocumentCache();
    if (!cache || dataGeneration() !== generation) return;
    const { header, headerRow, rows } = wb.log.asRead();
    if (headerRow !== 1) return;
    const width = headerCells(header).length;
    const listed = openRows(wb, plan).filter(
      (r) =>
        r.channel !== undefined &&
        r.channel !== '手紙' &&
        r.sheetRow !== undefined &&
        (r.plannedDay ?? r.at ?? wb.today) <= wb.today,
    );
    const missed = missedNotes(
      wb,
      listed.filter((r) => r.channel === '電話'),
    );
    const table = wb.customerTable;
    const customerWidth = headerCells(table.header).length;
    const byId = new Map(wb.customers.map((c) => [c.id, c]));
    const ownerCells = ownerCellsHash(customerWidth, table.columns);
    const customerOf = (r: ContactRecord): Said['customer'] => {
      const c = r.channel === 'LINE' && table.name ? byId.get(r.customerId) : undefined;
      const cells = c ? table.rows[c.index] : undefined;
      return c && cells ? { row: table.headerRow + 1 + c.index, cells: ownerCells(cells) } : undefined;
    };
    const said: [string, Said][] = listed.map((r) => {
      const last = plan.lastDays.get(r.key);
      const held = plan.heldKeys.get(r.key);
      const note = missed.get(r.key);
      const customer = customerOf(r);
      return [
        r.key,
        {
          row: r.sheetRow as number,
          cells: hashOf(rows[(r.sheetRow as number) - headerRow - 1] ?? [], width),
          ...(last !== undefined ? { last } : {}),
          ...(held !== undefined ? { held } : {}),
          ...(note !== undefined ? { missed: note } : {}),
          ...(customer ? { customer } : {}),
        },
      ];
    });
    const size = said.reduce((n, [key, s]) => n + key.length * 3 + JSON.stringify(s).length, 0);
    for (let parts = Math.max(1, Math.ceil(size / PART_BYTES)); parts <= MOST_PARTS; parts++) {
      const split: Part[] = Array.from({ length: parts }, () => ({ g: generation, said: {} }));
      for (const [key, s] of said) split[partOf(key, parts)].said[key] = s;
      const texts = split.map((p) => JSON.stringify(p));
      if (texts.some((t) => utf8Length(t) > PART_BYTES)) continue;
      const index: Index = {
        v: VERSION,
        g: generation,
        day: isoDay(wb.today),
        last: headerRow + rows.length,
        headerRow,
        header: hashOf(header, width),
        parts,
        ...(table.name
          ? {
              customers: {
                name: table.name,
                headerRow: table.headerRow,
                header: hashOf(table.header, customerWidth),
              },
            }
          : {}),
      };
      const values: Record<string, string> = { [LIST_SAID]: JSON.stringify(index) };
      texts.forEach((t, i) => (values[partKey(i)] = t));
      cache.putAll(values, LIST_SAID_SECONDS);
      return;
    }
  } catch (error) {
    console.warn(`the list was not remembered: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** What the list said of the follow-ups clicked, and where it read 顧客. */
export interface ListSaid {
  said: Map<string, Said>;
  customers?: Index['customers'];
}

/**
 * Whether each approved customer's 顧客 row holds, at the row the list read it at, the owner's cells the list read
 * (three read calls: the sheet, its header, the row; a sorted sheet or a changed header answers no).
 */
export function customerRowsAsListed(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  listed: ListSaid,
): boolean {
  const { customers } = listed;
  const wanted = [...listed.said.values()].map((s) => s.customer);
  if (!customers || wanted.some((c) => c === undefined)) return false;
  const sheet = ss.getSheetByName(customers.name);
  if (!sheet) return false;
  const header = readHeader(sheet, CUSTOMER_COLUMNS);
  if (header.headerRow !== customers.headerRow || hashOf(header.header, header.width) !== customers.header)
    return false;
  const ownerCells = ownerCellsHash(header.width, header.columns);
  return wanted.every((c) => c !== undefined && ownerCells(readRow(header, c.row)) === c.cells);
}

/**
 * What the list said of each of these follow-ups, when a click may go by it (see the top of this file): `rows` are
 * the 連絡履歴 rows the click read for them (by キー), `today` the click's day. null when any is missing or changed.
 * Under the script lock: the data generation is the one this execution found as it took the lock.
 */
export function listSaid(
  logHeader: Header<LogField>,
  rows: ReadonlyMap<number, unknown[]>,
  keys: readonly string[],
  today: Day,
): ListSaid | null {
  try {
    const cache = CacheService.getDocumentCache();
    if (!cache || logHeader.headerRow !== 1 || logHeader.columns.key === undefined) return null;
    const keyColumn = logHeader.columns.key;
    const got = cache.getAll([LIST_SAID, partKey(0)]);
    const index = parse<Index>(got[LIST_SAID]);
    // As this execution found it when it took the lock: it changes it itself (lock.ts).
    const generation = generationAtLock();
    if (generation === undefined) return null;
    if (
      !index ||
      index.v !== VERSION ||
      index.g !== generation ||
      index.day !== isoDay(today) ||
      index.last !== logHeader.lastRow ||
      index.headerRow !== logHeader.headerRow ||
      index.header !== hashOf(logHeader.header, logHeader.width)
    )
      return null;
    const parts = new Map<number, Part | null>([[0, parse<Part>(got[partKey(0)])]]);
    const out = new Map<string, Said>();
    for (const key of new Set(keys)) {
      const i = partOf(key, index.parts);
      if (!parts.has(i)) parts.set(i, parse<Part>(cache.get(partKey(i))));
      const part = parts.get(i);
      const said = part && part.g === generation ? part.said[key] : undefined;
      const row = said ? rows.get(said.row) : undefined;
      if (!said || !row || String(row[keyColumn] ?? '').trim() !== key) return null;
      if (hashOf(row, logHeader.width) !== said.cells) return null;
      out.set(key, said);
    }
    return { said: out, customers: index.customers };
  } catch (error) {
    console.warn(`the list's memory was not read: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

function parse<T>(text: string | null | undefined): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/** What follows a 不在 on a call, from the plan made after it (the reply's note; never a promise nothing arranges). */
export function missedCallNote(
  plan: Plan,
  key: string,
  wb: Pick<LoadedWorkbook, 'today' | 'settings'>,
): string {
  const retryDay = nextBusinessDay(wb.today, wb.settings.calendar);
  const letterDay = addDays(wb.today, 1);
  const base = key.replace(/#\d+$/, '');
  for (const [k, last] of plan.lastDays)
    if (k.startsWith(`${base}#`) && /^#\d+$/.test(k.slice(base.length)) && last >= retryDay)
      return '（次の営業日にもう一度お電話する予定を入れました）';
  if ((plan.lastDays.get(base + LETTER_SUFFIX) ?? -Infinity) >= letterDay)
    return '（3回つながらなかったため、手紙での連絡を予定に入れました）';
  return '（この連絡でもう一度お電話する予定はありません）';
}
