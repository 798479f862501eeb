/**
 * The workbook as one sidebar action needs it (issue 19 item 4): the customers it acts on and their rows only, each
 * found by 顧客ID with a TextFinder and read with its neighbours left unread — 顧客, 連絡履歴, 来店履歴 and LINE友だち —
 * beside the small sheets every plan reads whole (設定, カテゴリ, 空き枠, テンプレート). Whatever cannot be read that
 * way (an id the TextFinder cannot match as the planner does, two rows with one id, a system column not settled, a
 * LINEユーザーID another customer has too) answers `whole`: the caller then reads the whole workbook as before.
 */
import { idKey } from '../core/records';
import { normalizeText } from '../core/parse';
import { blockedIdsOf, readLineFriends } from './line-link';
import { CUSTOMER_COLUMNS, FRIEND_COLUMNS, SHEET, SLOT_HEADERS, VISIT_COLUMNS } from '../labels';
import type { Customer } from '../core/types';
import type { CustomerField, LogField } from '../labels';
import { readSlots } from '../core/slots';
import { ContactLog } from '../sheets/log';
import {
  findCustomerSheet,
  isCustomerSheetName,
  plainTable,
  sheetLookup,
  systemColumnsSettled,
} from '../sheets/find-sheets';
import {
  readHeader,
  readRow,
  readRows,
  rowsWithId,
  rowsWithText,
  sparseTable,
  type Header,
} from '../sheets/find-row';
import type { Table } from '../sheets/table';
import {
  chosenCustomerSheet,
  foundCustomerSheet,
  seenCustomerSheet,
  tagMemo,
  untaggedInstall,
} from './properties';
import { DEFAULT_TEMPLATES } from '../core/registry';
import { zonedNow } from './zone';
import {
  categoriesOf,
  checkCalendarAgreesWithAppsScript,
  linkedCustomersOf,
  ownerTemplates,
  recordsOf,
  ruleHeadersOf,
  settingsOf,
  withVisits,
  type LoadedWorkbook,
} from './workbook';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/**
 * What a LINE send reads instead of 連絡履歴, 顧客 and LINE友だち whole (line-send.ts): the rows of the customers it
 * sends to, and their consent as their rows are right now.
 */
export interface SendScope {
  log: ContactLog;
  reach: { customers: Customer[]; unfollowed: Set<string>; lostHeader: (header: string) => boolean };
}

/** Consent as lineReachWithVisitsNow reads it (its lostHeader as the run sees it), from a scope. */
export function reachOf(wb: LoadedWorkbook): SendScope['reach'] {
  const headers = new Set<string>(
    (Object.keys(wb.customerTable.columns) as CustomerField[])
      .filter((f) => wb.customerTable.columns[f] !== undefined)
      .map((f) => CUSTOMER_COLUMNS[f].header as string),
  );
  const known = wb.ruleHeaders.known;
  return {
    customers: wb.customers,
    unfollowed: wb.unfollowed,
    lostHeader: (header) => known.has(header) && !headers.has(header),
  };
}

export type Scoped = { kind: 'scope'; wb: LoadedWorkbook } | { kind: 'whole'; why: string };

const whole = (why: string): Scoped => ({ kind: 'whole', why });

/**
 * The workbook for these customers (by 顧客ID as 連絡履歴 shows it), with `logRows` — 連絡履歴 rows the caller already
 * found and read (by キー) — kept as read.
 */
export function loadScope(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  customerIds: readonly string[],
  logHeader: Header<LogField>,
  logRows: ReadonlyMap<number, unknown[]>,
): Scoped {
  const { timeZone, today, minutes } = zonedNow(ss, now);
  checkCalendarAgreesWithAppsScript(now, timeZone, today);
  if (untaggedInstall()) return whole('an install from before the column tags');
  const search = seenSheet(ss) ?? findCustomerSheet(ss, chosenCustomerSheet(), foundCustomerSheet);
  if (search.kind !== 'found') return whole('no one customer list');
  const lookup = onceEach(sheetLookup(ss, search.named));
  const customerHeader = readHeader(search.sheet, CUSTOMER_COLUMNS);
  const idColumn = customerHeader.columns.id;
  if (customerHeader.missingRequired.length > 0 || idColumn === undefined) return whole('顧客 headers');

  // Each customer's one row, found by 顧客ID and read, its id checked as read.
  const customerRows = new Map<number, unknown[]>();
  for (const id of new Set(customerIds)) {
    const rows = rowsWithId(customerHeader, idColumn, id);
    if (rows === null || rows.length !== 1) return whole(`顧客ID ${id}: ${rows?.length ?? 'not searchable'}`);
    const values = readRow(customerHeader, rows[0]);
    if (idKey(normalizeText(values[idColumn])) !== idKey(id)) return whole(`顧客ID ${id} moved`);
    customerRows.set(rows[0], values);
  }
  const customerTable = sparseTable(customerHeader, customerRows);
  customerTable.name = search.name;
  if (!systemColumnsSettled(customerTable, CUSTOMER_COLUMNS, tagMemo)) return whole('system columns');

  const { settings, problems: settingsProblems } = settingsOf(ss, timeZone, lookup);
  const { categorySheet, categories, problems: categoryProblems } = categoriesOf(ss, lookup);
  const slotSheet = plainTable(ss, SHEET.slots, SLOT_HEADERS, lookup);
  const { slots, problems: slotProblems } = readSlots(slotSheet?.rows ?? [], timeZone, slotSheet?.missing);

  // LINE友だち: the friends linked to these customers (by 顧客ID or their LINEユーザーID), and every friend row of
  // those user ids, so a friend linked to someone else too is seen (then the whole workbook decides).
  const plainIds = [...customerRows.values()].map((row) => normalizeText(row[idColumn]));
  const lineColumn = customerHeader.columns.lineUserId;
  const userIds = new Set(
    lineColumn === undefined
      ? []
      : [...customerRows.values()].map((row) => normalizeText(row[lineColumn]).trim()).filter(Boolean),
  );
  const friendsSheet = lookup(SHEET.lineFriends);
  let friendsLookup = lookup;
  if (friendsSheet) {
    const header = readHeader(friendsSheet, FRIEND_COLUMNS);
    const { userId, customerId } = header.columns;
    const rows = new Set<number>();
    if (customerId !== undefined)
      for (const id of plainIds) {
        const found = rowsWithId(header, customerId, id);
        if (found === null) return whole('LINE友だち 顧客ID');
        found.forEach((r) => rows.add(r));
      }
    const read = new Map<number, unknown[]>();
    for (const r of rows) read.set(r, readRow(header, r));
    if (userId !== undefined) for (const row of read.values()) userIds.add(normalizeText(row[userId]).trim());
    userIds.delete('');
    if (userId !== undefined)
      for (const u of userIds)
        for (const r of rowsWithText(header, userId, u)) if (!read.has(r)) read.set(r, readRow(header, r));
    const keys = new Set(plainIds.map(idKey));
    if (customerId !== undefined)
      for (const row of read.values()) {
        const linked = normalizeText(row[customerId]).trim();
        if (linked && !keys.has(idKey(linked))) return whole('a LINE friend linked to another customer');
      }
    friendsLookup = windowLookup(lookup, SHEET.lineFriends, header, read);
  }
  // A LINEユーザーID on another customer's row is a conflict only the whole list can name.
  if (lineColumn !== undefined)
    for (const u of userIds)
      if (rowsWithText(customerHeader, lineColumn, u).some((r) => !customerRows.has(r)))
        return whole('a LINE user on two customers');
  const friends = readLineFriends(ss, friendsLookup);

  // 来店履歴: these customers' visits only.
  const visitsSheet = lookup(SHEET.visits);
  let visitsLookup = lookup;
  if (visitsSheet) {
    const header = readHeader(visitsSheet, VISIT_COLUMNS);
    const column = header.columns.customerId;
    const read = new Map<number, unknown[]>();
    if (column !== undefined)
      for (const id of plainIds) {
        const found = rowsWithId(header, column, id);
        if (found === null) return whole('来店履歴 顧客ID');
        for (const [r, row] of readRows(header, found)) read.set(r, row);
      }
    visitsLookup = windowLookup(lookup, SHEET.visits, header, read);
  }
  const { customers, problems: visitProblems } = withVisits(
    ss,
    linkedCustomersOf(customerTable, friends, timeZone, settings.regularVisits, today),
    customerTable,
    { timeZone, today, regularVisits: settings.regularVisits, categories, lookup: visitsLookup },
  );

  // 連絡履歴: every row of these customers, found by 顧客ID as displayed (shownIdsOf's 0012), with the rows found by キー.
  const logColumn = logHeader.columns.customerId;
  if (logColumn === undefined) return whole('連絡履歴 顧客ID');
  const logRead = new Map(logRows);
  const shown = new Map<number, string>();
  for (const c of customers) {
    const found = rowsWithId(logHeader, logColumn, c.id);
    if (found === null) return whole('連絡履歴 顧客ID');
    for (const [r, row] of readRows(
      logHeader,
      found.filter((r) => !logRead.has(r)),
    ))
      logRead.set(r, row);
    for (const r of found) shown.set(r, c.id);
  }
  for (const [r, row] of logRead)
    if (!shown.has(r) && normalizeText(row[logColumn]).trim() !== '')
      return whole('a キー of another customer');
  const logTable = sparseTable(logHeader, logRead);
  const first = logHeader.headerRow + 1;
  const shownIds = logTable.rows.map((_, i) => shown.get(first + i) ?? '');
  const log = ContactLog.ofRows(logTable, timeZone, today, shownIds);
  const records = recordsOf(log, customers);

  const { missing: missingHeaders, known, present } = ruleHeadersOf(customerTable, categorySheet);
  return {
    kind: 'scope',
    wb: {
      ss,
      timeZone,
      now,
      today,
      moment: { day: today, minutes },
      missingHeaders,
      ruleHeaders: { known, present },
      slots,
      settings,
      setupProblems: [...settingsProblems, ...categoryProblems, ...slotProblems, ...visitProblems],
      categories,
      templates: [...ownerTemplates(ss, lookup), ...DEFAULT_TEMPLATES],
      customers,
      customerTable: customerTable as Table<CustomerField>,
      log,
      records,
      unfollowed: blockedIdsOf(friends),
      // 連携コード are printed on letters and shown on cards: neither is an action on a prepared row.
      lineInvites: new Map(),
      lineBasicId: '',
    },
  };
}

/**
 * A lookup that asks for each sheet once (getSheetByName is a round trip): a scope looks for LINE友だち and 来店履歴
 * twice, and for sheets a shop may not have. A scope creates no sheet, so an answer holds while it is read.
 */
function onceEach(lookup: (name: string) => Sheet | null): (name: string) => Sheet | null {
  const seen = new Map<string, Sheet | null>();
  return (name) => {
    if (!seen.has(name)) seen.set(name, lookup(name));
    return seen.get(name) ?? null;
  };
}

/**
 * The customer list the last whole read found by name or by its headers (seenCustomerSheet), looked up by that
 * name: still the sheet of that name, and, when it was found by its headers, still the sheet remembered so. null
 * sends the caller to findCustomerSheet, as does the owner's choice (found by id among the sheets, with no name
 * read). A second sheet named like a customer list since then is not looked for here: the whole read that follows
 * the action (the sidebar's list) finds it and stops the plan until the owner picks one.
 */
function seenSheet(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
): { kind: 'found'; sheet: Sheet; name: string; named?: undefined } | null {
  const name = seenCustomerSheet.load();
  if (!name || chosenCustomerSheet() !== null) return null;
  const sheet = ss.getSheetByName(name);
  if (!sheet) return null;
  if (!isCustomerSheetName(name) && sheet.getSheetId() !== foundCustomerSheet.load()) return null;
  return { kind: 'found', sheet, name };
}

/**
 * A lookup whose sheet `name` reads as the header and the given rows at their places (the rows between empty), for
 * readers that read a sheet in one getDataRange().getValues() (readLineFriends, readVisitLog): nothing else of the
 * sheet is read, and nothing can be written through it.
 */
function windowLookup<F extends string>(
  lookup: (name: string) => Sheet | null,
  name: string,
  header: Header<F>,
  rows: ReadonlyMap<number, unknown[]>,
): (name: string) => Sheet | null {
  const table = sparseTable(header, rows);
  const values = [...Array.from({ length: header.headerRow - 1 }, () => []), header.header, ...table.rows];
  const window = {
    getName: () => name,
    getDataRange: () => ({ getValues: () => values.map((r) => [...r]) }),
  } as unknown as Sheet;
  return (asked) => (asked === name ? window : lookup(asked));
}
