import { menuPath } from './menu-path';
import { OwnerError } from '../core/errors';
import { readCategories, CATEGORY_HEADERS, DEFAULT_CATEGORY_ROWS } from '../core/categories';
import { zonedNow } from './zone';
import { readCustomers } from '../core/customers';
import { matchCustomerIds } from '../core/records';
import { RULE_HEADER_NAMES } from '../core/triggers';
import { isoDay, type Day } from '../core/day';
import { planFollowUps, type Plan, type PlanInput } from '../core/plan';
import { readSettings } from '../core/settings';
import { readSlots, type Moment, type Slot } from '../core/slots';
import { DEFAULT_TEMPLATES } from '../core/registry';
import type { MessageTemplate } from '../core/templates';
import type { Category, ContactRecord, Customer, Settings } from '../core/types';
import {
  CHANNELS,
  CUSTOMER_COLUMNS,
  MENU,
  SETTINGS_HEADERS,
  SHEET,
  SLOT_HEADERS,
  TEMPLATE_HEADERS,
  type Channel,
  type CustomerField,
} from '../labels';
import { ContactLog } from '../sheets/log';
import { rowRecords, type Table } from '../sheets/table';
import {
  checkSystemColumns,
  customersTable,
  plainRows,
  plainTable,
  sheetLookup,
  type SheetLookup,
} from '../sheets/find-sheets';
import {
  chosenCustomerSheet,
  foundCustomerSheet,
  introDay,
  knownHeaders,
  seenCustomerSheet,
  setColumnsTagged,
  tagMemo,
  untaggedInstall,
} from './properties';
import { LostLogError, lostLogGiven } from './log-guard';
import { leftoverRows } from './archive';
import { adoptEarlierEvents, blockedIdsOf, lineInvites, readLineFriends } from './line-link';
import { linkLineFriends, sameCustomerId, unknownFriendLinks, type LineFriend } from '../core/line-links';
import { mergeVisits } from '../core/import/facts';
import { shortHash, type VisitRow } from '../core/import/visit-log';
import { storedSeasonLimit } from './season-limit';
import { ownerBookingText, ownerBookingsAtImport, readVisitLog } from './import';

/** Everything a run needs from the spreadsheet, read in whole blocks once. */
export interface LoadedWorkbook {
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  timeZone: string;
  now: Date;
  today: Day;
  /** now as a calendar day and minutes after midnight in the spreadsheet's time zone. */
  moment: Moment;
  slots: Slot[];
  settings: Settings;
  /** Settings and category problems, shown to the owner. */
  setupProblems: string[];
  categories: Map<string, Category>;
  templates: MessageTemplate[];
  customers: Customer[];
  customerTable: Table<CustomerField>;
  log: ContactLog;
  records: ContactRecord[];
  /** LINE user ids that blocked the shop's account (LINE友だち). */
  unfollowed: Set<string>;
  /** Headers the rules read that this workbook had before and lacks now (see knownHeaders). */
  missingHeaders: Set<string>;
  /** The same headers as present now, for the daily run to remember. */
  ruleHeaders: { known: Set<string>; present: string[] };
  /** 顧客ID → 連携コード of the customers not on LINE yet, while the shop has LINE set up (printed on letters). */
  lineInvites: Map<string, string>;
  /** The shop's LINE ID that invitations name ('' when there are none). */
  lineBasicId: string;
}

/**
 * `dailyRun`: the daily run (under the script lock) adds LINE友だち's missing columns and makes the 連携コード
 * customers still lack; every other reader only reads, so a sidebar that merely shows the list writes nothing (and
 * two readers at once cannot make a customer two codes or a sheet two columns).
 */
export function loadWorkbook(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  { dailyRun = false }: { dailyRun?: boolean } = {},
): LoadedWorkbook {
  const { timeZone, today, minutes } = zonedNow(ss, now);
  checkCalendarAgreesWithAppsScript(now, timeZone, today);
  // The sheets listed while finding the customer list answer every later lookup by name (no call each).
  const { table: customerTable, lookup } = customerSheetTable(ss);
  const { settings, problems: settingsProblems } = settingsOf(ss, timeZone, lookup);
  const { categorySheet, categories, problems: categoryProblems } = categoriesOf(ss, lookup);
  const slotSheet = plainTable(ss, SHEET.slots, SLOT_HEADERS, lookup);
  const { slots, problems: slotProblems } = readSlots(slotSheet?.rows ?? [], timeZone, slotSheet?.missing);
  // A lost 連絡履歴 (deleted, or emptied of its rows) stops here, before an empty one is made or anything planned.
  const logSheet = lookup(SHEET.log);
  const deleted = logSheet ? null : lostLogGiven(ss, { sheet: false, rows: 0 });
  if (deleted) throw new LostLogError(deleted);
  const log = ContactLog.open(ss, timeZone, today, lookup);
  const emptied = log.rowCount() > 0 ? null : lostLogGiven(ss, { sheet: true, rows: 0 });
  if (emptied) throw new LostLogError(emptied);
  // LINE友だち's 顧客ID links a friend as 顧客's LINEユーザーID does (line-link.ts); 顧客 itself is not written. Its
  // missing columns are added by the daily run only (and 初期設定), the 顧客ID column among them.
  const friends = readLineFriends(ss, lookup, dailyRun);
  if (dailyRun) adoptEarlierEvents(friends);
  const { customers, problems: visitProblems } = withVisits(
    ss,
    linkedCustomersOf(customerTable, friends, timeZone, settings.regularVisits, today),
    customerTable,
    { timeZone, today, regularVisits: settings.regularVisits, categories, lookup },
  );
  const records = recordsOf(log, customers);
  // Rows archived and still in 連絡履歴 are Tsunagu's to delete (archive.ts): the memory leaves them out.
  const leftovers = leftoverRows(ss, log);
  let keyed = 0;
  for (let i = 0; i < records.length; i++)
    if (records[i].key !== '' && !leftovers?.[records[i].index]) keyed++;
  const removed = lostLogGiven(ss, { sheet: true, rows: log.rowCount(), keyed });
  if (removed) throw new LostLogError(removed);
  // Headers a rule reads: one the workbook had before and lacks now was renamed or deleted, and holds.
  const { missing: missingHeaders, known, present } = ruleHeadersOf(customerTable, categorySheet);
  const invites = lineInvites(ss, customers, now, lookup, dailyRun);
  return {
    ss,
    timeZone,
    now,
    today,
    moment: { day: today, minutes },
    missingHeaders,
    ruleHeaders: { known, present },
    slots,
    settings,
    setupProblems: [
      ...settingsProblems,
      ...categoryProblems,
      ...slotProblems,
      ...visitProblems,
      ...[unknownFriendLinks(customers, friends)].filter(Boolean),
    ],
    categories,
    templates: [...ownerTemplates(ss, lookup), ...DEFAULT_TEMPLATES],
    customers,
    customerTable,
    log,
    records,
    unfollowed: blockedIdsOf(friends),
    lineInvites: invites.codes,
    lineBasicId: invites.basicId,
  };
}

/** カテゴリ as read from its sheet (the defaults when there is none), with what is wrong in it. */
export function categoriesOf(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  lookup: SheetLookup = sheetLookup(ss),
): ReturnType<typeof readCategories> & { categorySheet: ReturnType<typeof plainTable> } {
  const categorySheet = plainTable(ss, SHEET.categories, CATEGORY_HEADERS, lookup);
  return {
    categorySheet,
    ...readCategories(categorySheet?.rows ?? DEFAULT_CATEGORY_ROWS, categorySheet?.missing),
  };
}

/** 設定 as read from its sheet (defaults where a row is missing), with what is wrong in it. */
export function settingsOf(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  timeZone: string,
  lookup: SheetLookup = sheetLookup(ss),
): ReturnType<typeof readSettings> {
  const rows = plainRows(ss, SHEET.settings, SETTINGS_HEADERS, lookup) ?? [];
  return readSettings(
    rows.map((r) => [r[0], r[1]] as const),
    timeZone,
  );
}

/**
 * 顧客 as it is now, read for consent at the moment of sending (contract 4.8): the rows, 配信停止, LINEユーザーID.
 * A 顧客 sheet that cannot be read throws, so nothing is sent unchecked.
 */
export function customersNow(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  timeZone: string,
  today: Day,
): Customer[] {
  return lineReachNow(ss, timeZone, today).customers;
}

/** 空き枠 as it is now: a send asks a vacancy offer's slot again (S5's atSending), a round trip or three. */
export function slotsNow(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, timeZone: string): readonly Slot[] {
  const sheet = plainTable(ss, SHEET.slots, SLOT_HEADERS);
  return readSlots(sheet?.rows ?? [], timeZone, sheet?.missing).slots;
}

/**
 * customersNow with the LINE user ids that blocked the shop, both from one read of LINE友だち (LINE's send reads
 * consent once per send).
 */
export function lineReachNow(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  timeZone: string,
  today: Day,
): { customers: Customer[]; unfollowed: Set<string> } {
  const { table, lookup } = customerSheetTable(ss);
  const { settings } = settingsOf(ss, timeZone, lookup);
  const friends: LineFriend[] = readLineFriends(ss, lookup);
  const customers = linkedCustomersOf(table, friends, timeZone, settings.regularVisits, today);
  return { customers, unfollowed: blockedIdsOf(friends) };
}

/**
 * lineReachNow as the run sees 顧客, with 来店履歴's bookings merged in, and which headers 顧客 has: for a contact
 * its rule checks again at the moment of sending (S11: 次回予約日 and キャンセル日 as they are now), and which headers it
 * had before and lacks now (renamed or deleted).
 */
export function lineReachWithVisitsNow(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  timeZone: string,
  today: Day,
): { customers: Customer[]; unfollowed: Set<string>; lostHeader: (header: string) => boolean } {
  const { table, lookup } = customerSheetTable(ss);
  const { settings } = settingsOf(ss, timeZone, lookup);
  const { categories } = categoriesOf(ss, lookup);
  const friends: LineFriend[] = readLineFriends(ss, lookup);
  const { customers } = withVisits(
    ss,
    linkedCustomersOf(table, friends, timeZone, settings.regularVisits, today),
    table,
    { timeZone, today, regularVisits: settings.regularVisits, categories, lookup },
  );
  const headers = new Set<string>(
    (Object.keys(table.columns) as CustomerField[])
      .filter((field) => table.columns[field] !== undefined)
      .map((field) => CUSTOMER_COLUMNS[field].header as string),
  );
  // Lost: a header the workbook had before (knownHeaders, as the run sees it) and lacks now.
  const known = knownHeaders();
  return {
    customers,
    unfollowed: blockedIdsOf(friends),
    lostHeader: (header) => known.has(header) && !headers.has(header),
  };
}

/** 顧客's rows read as customers, with LINE友だち's links applied (one way for the run and for the moment of sending). */
export function linkedCustomersOf(
  table: Parameters<typeof rowRecords>[0],
  friends: readonly LineFriend[],
  timeZone: string,
  regularVisits: number,
  today: Day,
): Customer[] {
  return linkLineFriends(readCustomers(rowRecords(table), { timeZone, regularVisits, today }), friends);
}

/**
 * 顧客 as the planner sees it once 来店履歴 is merged in (core/import/facts.ts): the owner's cells never change, the
 * imported visits, purchases and bookings stand beside them with where they came from. A 来店履歴 row Tsunagu
 * cannot read is said in that customer's 要確認; rows of a 顧客ID no longer in 顧客 are said once.
 */
export function withVisits(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  customers: Customer[],
  table: Table<CustomerField>,
  options: {
    timeZone: string;
    today: Day;
    regularVisits: number;
    categories: ReadonlyMap<string, Category>;
    lookup: SheetLookup;
  },
): { customers: Customer[]; problems: string[] } {
  const log = readVisitLog(ss, options.timeZone, options.lookup);
  if (log.rows.length === 0) return { customers, problems: [] };
  const byId = new Map<string, VisitRow[]>();
  for (const row of log.rows) {
    const id = sameCustomerId(row.customerId);
    const list = byId.get(id);
    if (list) list.push(row);
    else byId.set(id, [row]);
  }
  const atImport = ownerBookingsAtImport();
  const usedCategories = new Set(customers.map((c) => c.category).filter((c): c is string => !!c));
  const bookingColumn = table.columns.nextBooking;
  const seen = new Set<string>();
  const merged = customers.map((c) => {
    const id = sameCustomerId(c.id);
    const rows = byId.get(id);
    if (rows) seen.add(id);
    if (!rows || c.blocked) return c;
    const unreadable = rows.filter((r) => r.unreadable);
    const usable = rows.filter((r) => !r.unreadable);
    const ownerNow =
      bookingColumn === undefined
        ? ''
        : ownerBookingText(table.rows[c.index]?.[bookingColumn], options.timeZone);
    const result = mergeVisits(c, usable, {
      categories: options.categories,
      regularVisits: options.regularVisits,
      today: options.today,
      ownerBookingAtImport: atImport[id] ?? '',
      ownerBookingNow: ownerNow ? shortHash(ownerNow) : '',
      usedCategories,
    });
    if (unreadable.length > 0)
      (result.notes = [...(result.notes ?? [])]).push(
        `「${SHEET.visits}」の${unreadable.map((r) => `${r.index + 2}行目の${r.unreadable}`).join('、')}を読めないため、その行は使っていません。日時の形（2026/11/20 13:05）に直してください`,
      );
    return result;
  });
  const orphans = [...byId.keys()].filter((id) => id && !seen.has(id));
  const problems =
    orphans.length > 0
      ? [
          `「${SHEET.visits}」に、顧客にいない顧客IDの行があります（${orphans.slice(0, 5).join('、')}${orphans.length > 5 ? ` ほか${orphans.length - 5}件` : ''}）。顧客IDを直したときは、来店履歴の顧客IDも同じに直してください`,
        ]
      : [];
  return { customers: merged, problems };
}

/** Where the owner picks the customer list when more than one sheet could be it. */
export const CHOOSE_CUSTOMER_SHEET = menuPath(MENU.chooseCustomers);

/**
 * The customer list, found and checked before anything is written: by the owner's choice, its name or its headers
 * (sheets/find-sheets.ts), and with no owner's column under a system column's name (checkSystemColumns). An install
 * from before the tags adopts its untagged system columns once.
 */
export function customerSheetTable(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): {
  table: Table<CustomerField>;
  lookup: SheetLookup;
} {
  const found = customersTable(ss, chosenCustomerSheet(), menuPath, foundCustomerSheet);
  checkSystemColumns(found.table, CUSTOMER_COLUMNS, untaggedInstall(), tagMemo);
  setColumnsTagged();
  if (found.table.name) seenCustomerSheet.save(found.table.name);
  return found;
}

export function ownerTemplates(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  lookup: SheetLookup,
): MessageTemplate[] {
  const rows = plainRows(ss, SHEET.templates, TEMPLATE_HEADERS, lookup) ?? [];
  return rows
    .map(([scenario, step, channel, subject, body]) => ({
      scenario: String(scenario).trim(),
      step: String(step).trim(),
      channel: String(channel).trim() as Channel,
      subject: String(subject),
      body: String(body),
    }))
    .filter((t) => t.scenario && (CHANNELS as readonly string[]).includes(t.channel));
}

/** The workbook after Tsunagu wrote 連絡履歴 (an action, a batch): only 連絡履歴 is read again. */
export function withFreshLog(wb: LoadedWorkbook): LoadedWorkbook {
  const log = ContactLog.open(wb.ss, wb.timeZone, wb.today);
  return { ...wb, log, records: recordsOf(log, wb.customers) };
}

/** 連絡履歴 as the owner meant it: each row's 顧客ID matched to a customer as displayed (「0012」 is 12). */
export function recordsOf(log: ContactLog, customers: readonly Customer[]): ContactRecord[] {
  const records = log.records();
  matchCustomerIds(records, customers);
  return records;
}

/** Whether 顧客's header row has this column (by its header text, as heldLines asks). */
export function customerHeaderOf(wb: LoadedWorkbook): (header: string) => boolean {
  const found = new Set<string>(
    (Object.keys(wb.customerTable.columns) as CustomerField[])
      .filter((field) => wb.customerTable.columns[field] !== undefined)
      .map((field) => CUSTOMER_COLUMNS[field].header),
  );
  return (header) => found.has(header);
}

/**
 * Plans every customer's follow-ups from what was read (pure: nothing is written). `lineAllowance`: this month's
 * LINE messages left, when the caller asked LINE (the day's run); the planner spends it in rule priority.
 */
export function planOf(wb: LoadedWorkbook, lineAllowance?: number | null): Plan {
  return planFollowUps({ ...planInputOf(wb), lineAllowance });
}

/** What the planner is given: the workbook as read, and 導入日 from the document properties. */
export function planInputOf(wb: LoadedWorkbook): PlanInput {
  return {
    today: wb.today,
    now: wb.moment,
    slots: wb.slots,
    introDay: introDay(wb.today),
    settings: wb.settings,
    categories: wb.categories,
    customers: wb.customers,
    records: wb.records,
    unfollowed: wb.unfollowed,
    missingHeaders: wb.missingHeaders,
    seasonLetterLimit: storedSeasonLimit(wb.today),
  };
}

/** The 顧客 columns some customer rule reads to decide its steps (RULE_HEADERS in core/triggers.ts). */
export const RULE_FIELDS = (Object.keys(CUSTOMER_COLUMNS) as CustomerField[]).filter((f) =>
  RULE_HEADER_NAMES.has(CUSTOMER_COLUMNS[f].header),
);

/**
 * Every date Tsunagu writes rests on converting instants to calendar days in the spreadsheet's time zone. Check
 * that once per run against Apps Script's own formatter, and stop rather than write wrong dates.
 */
export function checkCalendarAgreesWithAppsScript(now: Date, timeZone: string, today: Day): void {
  const expected = Utilities.formatDate(now, timeZone, 'yyyy-MM-dd');
  if (expected !== isoDay(today)) {
    throw new OwnerError(
      `日付の計算がGoogleとずれています（Googleでは${expected}、つなぐでは${isoDay(today)}、タイムゾーン ${timeZone}）。予定日がずれるおそれがあるため、処理を止めました。つなぐを導入した人（開発者）に連絡してください。`,
    );
  }
}

/**
 * The headers rules read, as the workbook had them before (`known`) and has them now (`present`), and those it
 * lacks now (renamed or deleted): what they hold is held, not closed (contract section 3).
 */
export function ruleHeadersOf(
  customerTable: { columns: Partial<Record<string, number>> },
  categorySheet: { missing: readonly string[] } | null | undefined,
) {
  const known = knownHeaders();
  const present = [
    ...RULE_FIELDS.filter((f) => customerTable.columns[f] !== undefined).map(
      (f) => CUSTOMER_COLUMNS[f].header,
    ),
    ...(categorySheet
      ? CATEGORY_HEADERS.filter((h) => !categorySheet.missing.includes(h)).map((h) => `カテゴリ表:${h}`)
      : []),
  ];
  const missing = new Set(
    [...known].filter((h) => !present.includes(h)).map((h) => h.replace(/^カテゴリ表:/, '')),
  );
  return { known, present, missing };
}
