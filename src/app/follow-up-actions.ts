import { mailKindOf } from '../core/forecast';
import { composeMessage, type ComposedMessage } from '../core/compose';
import { heldNote } from '../core/consent';
import { addDays, isoDay, parseIsoDay, slashDay, type Day } from '../core/day';
import type { CustomerPlan, DueContact, Plan } from '../core/plan';
import type { Channel, ContactRecord } from '../core/types';
import { CHANNELS, MENU } from '../labels';
import type { ActionReply, CallOutcomeName, FollowUpAction } from '../shared/sidebar-types';
import type { MailDrafts } from '../channels/gmail';
import { mailOfThisAccount, ownerOnlyMessage, recordedAutoRun } from './owner';
import { approveInOutbox, outboxStates, withdrawFromOutbox } from '../channels/line-outbox';
import { ContactLog, type LogEntry } from '../sheets/log';
import { writeCustomerPlan, writeWholePlan } from './daily-run';
import { prepareContacts } from './prepare';
import { rebuildCalls } from './prepare/call';
import { footerProblemsOf, heldBecause } from './prepare/held';
import { trackedDraft } from './prepare/mail';
import { rebuildLetters, waitingOnSheetsText } from './print-letters';
import { sendApprovedLine } from './line-send';
import { LOG_COLUMNS, SCENARIO, SHEET, type CustomerField, type LogField, type OutboxField } from '../labels';
import { readHeader, readRow, rowsWithText, sparseTable, type Header } from '../sheets/find-row';
import { fewerRowsThanRemembered } from './log-guard';
import { firstDataRow, type Table } from '../sheets/table';
import { dropCalls } from '../channels/phone-list';
import { idKey } from '../core/records';
import { loadScope, reachOf, type SendScope } from './scope';
import { bulkKeys, openRows, todayItems, viewOf } from './sidebar-api';
import { markPlanStale } from './properties';
import {
  checkCalendarAgreesWithAppsScript,
  loadWorkbook,
  planOf,
  recordsOf,
  withFreshLog,
  type LoadedWorkbook,
} from './workbook';
import { zonedNow } from './zone';
import { menuPath } from './menu-path';
import { customerRowsAsListed, listSaid, missedCallNote } from './list-said';
import { keyRule } from '../core/keys';
import { findRule } from '../core/registry';
import { isPendingState } from '../core/history';
import { holdsItsDay } from '../core/policy';

const CALL_OUTCOMES: readonly CallOutcomeName[] = ['満足', '不満', '不在'];
/** The furthest a step without a window (a recurring one) may be snoozed. */
const MAX_SNOOZE_DAYS = 365;
/** LINE's limit for one text message. */
const MAX_LINE_TEXT = 5000;
const RELOAD = '一覧を再読み込みしてください。';
const NOT_FOUND = `この連絡は見つかりませんでした（すでに済んだか、計画が変わりました）。${RELOAD}`;
const SENDING =
  'このLINEは送信中か送信済みです。「LINE送信」シートで確かめてから、もう一度操作してください。';

/** One follow-up as the sidebar knows it: a pending 連絡履歴 row, or a step due today that is not prepared yet. */
type Target = { kind: 'record'; record: ContactRecord } | { kind: 'due'; due: DueContact };

/** What deciding on 連絡履歴 rows needs: the rows as read (and written back), the spreadsheet and the day. */
type Rows = Pick<LoadedWorkbook, 'ss' | 'log' | 'now' | 'today' | 'timeZone'>;

interface Done {
  ok: boolean;
  message: string;
}

/**
 * What the owner did in the sidebar: prepare now, approve (and send) a LINE, a call made (満足 / 不満 / 不在),
 * スキップ, or 延期 to a date — for one follow-up or a group. Only 連絡履歴 and Tsunagu's own sheets change; then the
 * plan is written again and the list returned with the outcome.
 */
export function applyFollowUpAction(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  request: unknown,
  mail: MailDrafts = mailOfThisAccount(),
): ActionReply {
  const asked = readAction(request);
  if (!asked) return { ok: false, message: `操作を読み取れませんでした。${RELOAD}` };
  const targeted =
    'keys' in asked && asked.action !== 'prepare' ? actTargeted(ss, now, asked, request, mail) : null;
  return targeted ?? actOn(loadWorkbook(ss, now), asked, mail);
}

/**
 * An action on follow-ups already in 連絡履歴 (スキップ, 延期, 電話した, LINEの承認・送信), reading only what it acts on
 * (issue 19 item 4): each row found by its キー (keyedRows). スキップ and 電話した 満足 / 不満 are decided on those rows
 * alone (decideOnRows); 不在 (what follows it is the plan's to say), 延期 (the step's window bounds it) and a LINE
 * approval (consent before sending) read the customers' own rows by 顧客ID (scope.ts), planned alone. Writes only the
 * cells that change in those rows, and the customers' Tsunagu columns.
 * null when the whole workbook is needed: a step not prepared yet (the shop-wide daily limits decide it), a 手紙 (its
 * sheets are laid out for the whole day), an id the scope cannot find as the planner would, or a customer whose row
 * then holds a contact due today.
 */
function actTargeted(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  action: KeyedAction,
  request: unknown,
  mail: MailDrafts,
): ActionReply | null {
  const found = keyedRows(ss, action, request);
  if (!found) return null;
  const { logHeader, keyRows, ids } = found;
  // 不在 is not: what follows it (a second call, a letter, nothing) is the plan's to say.
  if (action.action === 'skip' || (action.action === 'called' && action.outcome !== '不在')) {
    const alone = decideOnRows(ss, now, action, logHeader, keyRows, mail);
    if (alone) return alone;
  }
  // A letter, or a decision on a contact chosen among all customers, is the whole workbook's (below): said by the
  // rows already read, before the customers' rows are looked for.
  if (wholeWorkbookDecides(logHeader, keyRows, action)) return null;
  const listed = decideAsListed(ss, now, action, logHeader, keyRows, mail);
  if (listed) return listed;
  const scoped = loadScope(ss, now, [...ids], logHeader, keyRows);
  if (scoped.kind === 'whole') return null;
  const { wb } = scoped;
  const plan = planOf(wb);
  const targets = findTargets(wb, plan, action.keys);
  if (targets.some((t) => t.kind === 'due')) return null;
  if (targets.length === 0) return { ok: false, message: notFound(plan, action.keys) };
  const channels = new Set(targets.map(channelOf));
  if (channels.has('手紙')) return null;
  if (
    action.action !== 'approveLine' &&
    targets.some((t) => t.kind === 'record' && SHOP_WIDE.includes(t.record.scenario))
  )
    return null;

  let done: Done;
  if (action.action === 'approveLine') {
    if (![...channels].every((c) => c === 'LINE'))
      return { ok: false, message: 'LINEの連絡ではありません。' };
    const held = action.keys.map((k) => plan.heldKeys.get(k)).find((why) => why !== undefined);
    if (held) return { ok: false, message: heldNote('LINE', held) };
    done = approveLine(wb, targets, action, () => {
      // Consent at the moment of sending, from these customers' rows as they are now (found by 顧客ID again).
      const again = loadScope(ss, wb.now, [...ids], logHeader, new Map());
      return again.kind === 'scope' ? { log: wb.log, reach: reachOf(again.wb) } : undefined;
    });
  } else if (action.action === 'prepare') {
    return null;
  } else {
    done = decide(wb, targets, action, plan.lastDays, mail);
  }
  if (!done.ok) return done;

  const after = { ...wb, records: recordsOf(wb.log, wb.customers) };
  const replanned = planOf(after);
  // The customer's own plan is written at once; the whole plan decides the rest — the daily limits' queue may move
  // a contact later, a newsletter, a slot or a card is placed among all customers. The owner does not wait for it:
  // the sidebar reads the list again right after the reply, and that read writes the whole plan first
  // (refreshedToday).
  if (replanned.due.length === 0) writeCustomerRows(after, replanned.customers);
  markPlanStale();
  // Read just before it is written (one more commit): the owner may be typing 結果 on another call meanwhile.
  if (channels.has('電話')) dropCalls(ss, targets.map(keyOf));
  return {
    ...done,
    message: done.message + missedCallNoteOf(action, replanned, targets, after),
    done: targets.map(keyOf),
  };
}

/**
 * The 連絡履歴 rows of an action's キー (each found by a TextFinder on the キー column, or at the row number the
 * sidebar remembers once that row is read and holds the キー), with the 顧客ID they name; null when the whole
 * workbook must decide: no 連絡履歴 or no キー or 顧客ID column, fewer rows than the last run left (the lost-連絡履歴
 * guard: rows the owner deleted stop every action until the whole read has said why), a キー not in 連絡履歴 (a step
 * not prepared yet, or gone), or a row without a 顧客ID as text.
 */
function keyedRows(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  action: KeyedAction,
  request: unknown,
): { logHeader: Header<LogField>; keyRows: Map<number, unknown[]>; ids: Set<string> } | null {
  const logSheet = ss.getSheetByName(SHEET.log);
  if (!logSheet) return null;
  const logHeader = readHeader(logSheet, LOG_COLUMNS);
  const { key: keyColumn, customerId: idColumn } = logHeader.columns;
  if (keyColumn === undefined || idColumn === undefined || logHeader.lastRow <= logHeader.headerRow)
    return null;
  if (fewerRowsThanRemembered(logHeader.lastRow - logHeader.headerRow)) return null;
  const remembered = rememberedRows(request);
  const keyRows = new Map<number, unknown[]>();
  const ids = new Set<string>();
  for (const key of new Set(action.keys)) {
    const holds = (row: unknown[]) => String(row[keyColumn] ?? '').trim() === key;
    const at = remembered.get(key);
    const rememberedRow =
      at !== undefined && at > logHeader.headerRow && at <= logHeader.lastRow ? readRow(logHeader, at) : null;
    const found =
      rememberedRow && holds(rememberedRow)
        ? [[at as number, rememberedRow] as const]
        : rowsWithText(logHeader, keyColumn, key)
            .map((r) => [r, readRow(logHeader, r)] as const)
            .filter(([, row]) => holds(row));
    if (found.length === 0) return null;
    for (const [r, row] of found) {
      keyRows.set(r, row);
      const id = String(row[idColumn] ?? '').trim();
      if (typeof row[idColumn] !== 'string' || id === '') return null;
      ids.add(id);
    }
  }
  return { logHeader, keyRows, ids };
}

/**
 * スキップ and 電話した 満足 / 不満 on follow-ups prepared and waiting in 連絡履歴: the owner's word on those rows
 * alone, with no plan — nothing of the customer, 設定 or the other sheets is read (issue 19 item 4). What the owner
 * said is recorded on the row (a skipped draft deleted, a skipped LINE withdrawn, a drafted email Gmail already sent
 * recorded as sent, as decide does), and the customer's next contact is left to the whole plan the sidebar's next
 * read writes. A row the plan would be closing today (its window ended, a newer step replaced it) is recorded as
 * the owner said rather than refused: nothing goes out either way, and a call the owner did make counts.
 * null, for the scoped path to decide, when a row is not one of these: not pending or its day not held (a 失敗 or a
 * 延期 whose day came is due again, and the daily limits place it), a 手紙 (its sheets are laid out for the whole
 * day), a row Tsunagu cannot read, two rows with one キー.
 */
function decideOnRows(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  action: Extract<KeyedAction, { action: 'skip' | 'called' }>,
  logHeader: Header<LogField>,
  keyRows: ReadonlyMap<number, unknown[]>,
  mail: MailDrafts,
): ActionReply | null {
  const { timeZone, today } = zonedNow(ss, now);
  checkCalendarAgreesWithAppsScript(now, timeZone, today);
  const pending = pendingTargets({ ss, now, today, timeZone }, logHeader, keyRows, action.keys);
  if (!pending) return null;
  const { rows, targets } = pending;
  const done = decide(rows, targets, action, new Map(), mail);
  if (!done.ok) return done;
  markPlanStale();
  // Read just before it is written: the owner may be typing 結果 on another call meanwhile.
  if (targets.some((t) => channelOf(t) === '電話')) dropCalls(ss, targets.map(keyOf));
  return { ...done, done: targets.map(keyOf) };
}

/**
 * The clicked rows as pending follow-ups that are not letters, each one row of its キー and read as Tsunagu writes
 * it: what is decided on rows alone. null when any is not (a row copied by the owner, one unreadable, closed, a 失敗
 * or 延期 due again, a 手紙): the plan decides.
 */
function pendingTargets(
  at: Omit<Rows, 'log'>,
  logHeader: Header<LogField>,
  keyRows: ReadonlyMap<number, unknown[]>,
  keys: readonly string[],
): { rows: Rows; targets: Target[] } | null {
  const log = ContactLog.ofRows(sparseTable(logHeader, keyRows), at.timeZone, at.today, []);
  const records = log.records();
  const byKey = new Map(records.map((r) => [r.key, r]));
  // Two rows with one キー (a row the owner copied): the plan says which is the contact.
  if (byKey.size !== records.length) return null;
  const targets: Target[] = [];
  for (const key of new Set(keys)) {
    const r = byKey.get(key);
    if (!r || r.unreadable !== undefined || !isPendingState(r.state) || !holdsItsDay(r)) return null;
    if (r.channel === '手紙') return null;
    targets.push({ kind: 'record', record: r });
  }
  return { rows: { ...at, log }, targets };
}

/**
 * 不在, 延期 and LINEの承認 (without 送信) on follow-ups the sidebar's list showed, decided on the rows clicked and what
 * the list said of them (list-said.ts) — what follows a 不在, the step's last day, whether it is held — instead of
 * planning the customer again: 連絡履歴 (and LINE送信, 電話リスト) is written as decide and approveLine write it, and
 * the customer's 次回連絡日 is left to the list read that follows, as after スキップ. null, for the customer to be
 * planned, when the list's memory cannot be gone by (another execution since, a row changed, another day, lost from
 * the cache), or when the plan is to say: a 延期 past the last day the list knew (the refusal is the plan's), a held
 * step, a call the list has no 不在 answer for, a row that is not a pending follow-up of the list's.
 */
function decideAsListed(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  action: KeyedAction,
  logHeader: Header<LogField>,
  keyRows: ReadonlyMap<number, unknown[]>,
  mail: MailDrafts,
): ActionReply | null {
  const missedCall = action.action === 'called' && action.outcome === '不在';
  if (!(action.action === 'snooze' || missedCall || (action.action === 'approveLine' && !action.send)))
    return null;
  const { timeZone, today, minutes } = zonedNow(ss, now);
  const listed = listSaid(logHeader, keyRows, action.keys, today);
  if (!listed) return null;
  const { said } = listed;
  checkCalendarAgreesWithAppsScript(now, timeZone, today);
  const pending = pendingTargets({ ss, now, today, timeZone }, logHeader, keyRows, action.keys);
  if (!pending) return null;
  const { rows, targets } = pending;
  const saidOf = [...said.values()];
  let done: Done;
  let note = '';
  if (action.action === 'approveLine') {
    if (targets.some((t) => channelOf(t) !== 'LINE') || saidOf.some((s) => s.held !== undefined)) return null;
    // What the list knew may no longer hold at this hour: a slot passed (keepsPending), a booking whose check at
    // sending the plan makes before (atSending without keepsPending) — the plan says.
    const moment = { day: today, minutes };
    for (const key of action.keys) {
      const rule = findRule(keyRule(key));
      if (rule?.keepsPending ? !rule.keepsPending(key, moment) : rule?.atSending !== undefined) return null;
    }
    // An approved LINE is sent by a send that reads consent again but does not plan: the customer's row is read, and
    // one changed since the list (a new visit, another カテゴリ) is planned again.
    if (!customerRowsAsListed(ss, listed)) return null;
    done = approveLine(rows, targets, action);
  } else if (action.action === 'snooze') {
    const day = parseIsoDay(action.date);
    if (day === null || saidOf.some((s) => s.last !== undefined && day > s.last)) return null;
    const lastDays = new Map<string, Day>();
    for (const [key, s] of said) if (s.last !== undefined) lastDays.set(key, s.last);
    done = decide(rows, targets, action, lastDays, mail);
  } else if (missedCall) {
    const notes = new Set(saidOf.map((s) => s.missed));
    if (notes.has(undefined)) return null;
    done = decide(rows, targets, action as DecidedAction, new Map(), mail);
    note = notes.size === 1 ? ([...notes][0] as string) : '';
  } else {
    return null;
  }
  if (!done.ok) return done;
  markPlanStale();
  // Read just before it is written: the owner may be typing 結果 on another call meanwhile.
  if (targets.some((t) => channelOf(t) === '電話')) dropCalls(ss, targets.map(keyOf));
  return { ...done, message: done.message + note, done: targets.map(keyOf) };
}

/**
 * Whether the whole workbook decides on these rows, as written: a 手紙 (its sheets are laid out for the whole day),
 * or a decision (延期, 不在) on a contact of a rule that plans among all customers (SHOP_WIDE) — the step's window and
 * what follows are the whole plan's. Not a LINE approval of such a contact (空き枠案内 is the one by LINE): who was
 * offered the slot was settled when it was prepared, a prepared offer is closed only once its slot has passed (the
 * rule's keepsPending, read off its キー), and it is sent only with the customer's consent as their row says at that
 * moment — all of which the customer's own rows hold, read by the scope.
 */
function wholeWorkbookDecides(
  logHeader: Header<LogField>,
  rows: ReadonlyMap<number, unknown[]>,
  action: KeyedAction,
): boolean {
  const { channel, scenario } = logHeader.columns;
  const text = (row: unknown[], column: number | undefined) =>
    column === undefined ? '' : String(row[column] ?? '').trim();
  for (const row of rows.values()) {
    if (text(row, channel) === '手紙') return true;
    if (action.action !== 'approveLine' && SHOP_WIDE.includes(text(row, scenario))) return true;
  }
  return false;
}

/** Tsunagu's columns of 顧客 that a plan writes (daily-run.ts writeCustomerPlan). */
const PLAN_FIELDS: readonly CustomerField[] = [
  'nextDay',
  'nextContent',
  'nextChannel',
  'reason',
  'attention',
];
/** Rules whose plan for one customer depends on the others (a slot offered to a few, one newsletter a household). */
const SHOP_WIDE: readonly string[] = [SCENARIO.vacancy, SCENARIO.newsletter, SCENARIO.seasonal];

/**
 * Writes each scoped customer's Tsunagu columns (only the cells that change) on that customer's row, checked again
 * by its 顧客ID right before: false (nothing written) when a column is missing, a row moved, or a customer's next
 * contact is one whose plan depends on other customers — the caller then writes the whole plan.
 */
function writeCustomerRows(wb: LoadedWorkbook, rows: readonly CustomerPlan[]): boolean {
  const table = wb.customerTable;
  if (PLAN_FIELDS.some((f) => table.columns[f] === undefined)) return false;
  if (rows.some((p) => SHOP_WIDE.some((s) => p.nextContent.startsWith(s)))) return false;
  const first = firstDataRow(table);
  const views = rows.map((p) => ({
    plan: { ...p, index: 0 },
    table: { ...table, headerRow: first + p.index - 1, rows: [table.rows[p.index]] },
  }));
  const idColumn = table.columns.id as number;
  const checked: string[] = [];
  for (const { table: one } of views) {
    const read = String(one.rows[0][idColumn] ?? '').trim();
    const now = one.sheet.getRange(firstDataRow(one), idColumn + 1).getValue();
    if (idKey(String(now ?? '').trim()) !== idKey(read)) return false;
    checked.push(read);
  }
  // Each row was checked just now, its 顧客ID read as the same customer's (as typed or retyped): writeCustomerPlan
  // does not read it again, and writes that customer's plan there.
  views.forEach(({ plan, table: one }, i) =>
    writeCustomerPlan({ ...wb, customerTable: one }, [plan], [checked[i]]),
  );
  return true;
}

/** The row numbers the sidebar remembers for its items (`rows`: キー → sheet row), checked before any is used. */
function rememberedRows(request: unknown): Map<string, number> {
  const rows = (request as { rows?: unknown }).rows;
  if (typeof rows !== 'object' || rows === null) return new Map();
  return new Map(
    Object.entries(rows).filter((e): e is [string, number] => Number.isInteger(e[1]) && (e[1] as number) > 0),
  );
}

function actOn(read: LoadedWorkbook, asked: FollowUpAction, mail: MailDrafts): ActionReply {
  let wb = read;
  let plan = planOf(wb);
  const action = keyed(asked, wb, plan);
  if (!action) return { ok: false, message: `一覧が変わりました。${RELOAD}` };
  let targets = findTargets(wb, plan, action.keys);
  if (targets.length === 0) return { ok: false, message: notFound(plan, action.keys) };
  const channels = new Set(targets.map(channelOf));

  let done: Done;
  if (action.action === 'prepare') {
    done = prepareNow(wb, targets, mail);
  } else if (action.action === 'approveLine') {
    if (![...channels].every((c) => c === 'LINE'))
      return { ok: false, message: 'LINEの連絡ではありません。' };
    // A contact held by data to fix is not approved (contract 3: held — not prepared, not sent, not closed).
    const held = action.keys.map((k) => plan.heldKeys.get(k)).find((why) => why !== undefined);
    if (held) return { ok: false, message: heldNote('LINE', held) };
    // Not prepared yet: prepare first, so the owner approves the very row that will be sent.
    if (targets.some((t) => t.kind === 'due')) {
      const prepared = prepareNow(wb, targets, mail);
      if (!prepared.ok) return prepared;
      wb = withFreshLog(wb);
      plan = planOf(wb);
      targets = findTargets(wb, plan, action.keys);
    }
    done = approveLine(wb, targets, action);
  } else {
    done = decide(wb, targets, action, plan.lastDays, mail);
  }
  if (!done.ok) return done;

  // 連絡履歴 as the action left it. A decision and an approval wrote it through wb.log, which holds what they wrote:
  // not read whole again (at 100,000 customers, 5 million cells). Preparing and sending write it through logs of
  // their own: read again.
  const wroteElsewhere = action.action === 'prepare' || (action.action === 'approveLine' && action.send);
  const after = wroteElsewhere ? withFreshLog(wb) : { ...wb, records: recordsOf(wb.log, wb.customers) };
  const replanned = planOf(after);
  writeWholePlan(after, replanned.customers);
  if (channels.has('電話')) rebuildCalls(after);
  if (channels.has('手紙')) rebuildLetters(after.ss, after.log, after.today);
  return {
    ...done,
    message: done.message + missedCallNoteOf(action, replanned, targets, after),
    view: viewOf(after, replanned),
  };
}

/**
 * What follows a 不在, as the plan made after it says (contract 3: 不在 retries the next business day, three calls
 * in all, then a letter the day after): a second call or the letter when its step is open and its window still
 * holds the day it is due, else nothing more — a window that ends first, a newer visit that replaced the step. ''
 * for any other action, or calls that go different ways.
 */
function missedCallNoteOf(
  action: KeyedAction,
  plan: Plan,
  targets: readonly Target[],
  wb: Pick<LoadedWorkbook, 'today' | 'settings'>,
): string {
  if (action.action !== 'called' || action.outcome !== '不在') return '';
  const notes = new Set(targets.map((target) => missedCallNote(plan, keyOf(target), wb)));
  return notes.size === 1 ? [...notes][0] : '';
}

/** 電話した, スキップ and 延期: the owner's decisions, written to 連絡履歴 in one block. */
function decide(
  wb: Rows,
  targets: readonly Target[],
  action: Extract<KeyedAction, { action: 'called' | 'skip' | 'snooze' }>,
  lastDays: ReadonlyMap<string, Day>,
  mail: MailDrafts,
): Done {
  if (action.action !== 'called' && mail.ofAnotherAccount) {
    // Another editor: a drafted email's draft is in the owner's Gmail, and only the owner's account can tell
    // whether it was sent or delete it. Nothing is recorded: closing the row would leave a draft that can still go out.
    const drafted = targets.filter(
      (t) => t.kind === 'record' && t.record.state === '下書き' && t.record.draftId,
    );
    if (drafted.length > 0)
      return {
        ok: false,
        message: `${drafted.map((t) => `${nameOf(t)} 様`).join('、')}へのメールの下書きはオーナーのGmailにあります。${ownerOnlyMessage(
          action.action === 'skip' ? 'スキップ（下書きの削除）' : '延期（下書きの削除）',
          '',
        )}`,
      };
  }
  // A draft the owner already sent from Gmail is recorded as sent, never skipped or snoozed into a second email.
  if (action.action !== 'called') {
    const { sent, unknown } = sentDrafts(wb, targets, mail);
    if (unknown.length > 0 && sent.length === 0)
      return {
        ok: false,
        message: `${unknown.map((t) => `${nameOf(t)} 様`).join('、')}へのメールが送信済みかどうか、Gmailに確認できませんでした。しばらくしてからもう一度お試しください。`,
      };
    if (sent.length > 0) {
      wb.log.flush();
      return {
        ok: true,
        message: `${sent.map((t) => `${nameOf(t)} 様`).join('、')}へのメールはGmailから送信済みでした。送信済として記録しました。`,
      };
    }
  }
  const one = targets.length === 1 ? `${nameOf(targets[0])} 様への` : `${targets.length}件の`;
  // Only the LINE targets' rows of LINE送信 matter (a few are found by キー, not read whole); none, no read.
  const lineKeys = new Set(
    targets.flatMap((t) => (t.kind === 'record' && t.record.channel === 'LINE' ? [t.record.key] : [])),
  );
  // Read once: the withdrawal below writes over the rows read here, under the same lock.
  const outbox =
    action.action === 'called' || lineKeys.size === 0 ? undefined : outboxStates(wb.ss, lineKeys);
  const busy = outbox?.busy ?? new Set<string>();
  // Check every target before changing any, so a group action is all or nothing.
  for (const target of targets) {
    if (action.action === 'called' && channelOf(target) !== '電話')
      return { ok: false, message: '電話の連絡ではありません。' };
    if (target.kind === 'record' && target.record.channel === 'LINE' && busy.has(target.record.key))
      return { ok: false, message: SENDING };
    if (action.action === 'snooze') {
      const day = parseIsoDay(action.date) as Day;
      const latest = lastDays.get(keyOf(target)) ?? addDays(wb.today, MAX_SNOOZE_DAYS);
      if (day <= wb.today) return { ok: false, message: '延期する日は明日以降を選んでください。' };
      if (day > latest)
        return {
          ok: false,
          message: `${nameOf(target)} 様への連絡は${slashDay(latest)}までです。その日までの日を選んでください。`,
        };
    }
  }
  const decision = DECISIONS[action.action] as Decision<typeof action>;
  const withdrawn = decision.withdraw?.(action);
  if (withdrawn) release(wb, targets, mail, withdrawn, outbox?.read);
  for (const target of targets) record(wb, target, decision.record(action, target, wb.now));
  wb.log.flush();
  return { ok: true, message: decision.said(action, one) };
}

/**
 * What each of the owner's decisions does, in one table (issue 15 item 4): what the LINE送信 row says when it is
 * withdrawn, what 連絡履歴 records, and what the owner is told.
 */
interface Decision<A extends DecidedAction> {
  withdraw?: (action: A) => string;
  record: (action: A, target: Target, now: Date) => Partial<LogEntry> & Pick<LogEntry, 'state'>;
  said: (action: A, one: string) => string;
}

type DecidedAction = Extract<KeyedAction, { action: 'called' | 'skip' | 'snooze' }>;

const DECISIONS: { [K in DecidedAction['action']]: Decision<Extract<DecidedAction, { action: K }>> } = {
  called: {
    record: (action, _target, now) => ({ state: '完了', result: action.outcome, at: now }),
    // What follows a 不在 is said once the plan after it is made (missedCallNote): never a promise nothing arranges.
    said: (action, one) => `${one}電話を「${action.outcome}」で記録しました。`,
  },
  skip: {
    withdraw: () => '取り下げ: オーナーがスキップしました',
    record: (_action, target, now) => ({
      state: 'スキップ',
      at: now,
      note: `オーナーがスキップ。${reasonOf(target)}`,
    }),
    said: (_action, one) => `${one}連絡をスキップしました。`,
  },
  snooze: {
    withdraw: (action) => `取り下げ: ${slashDay(parseIsoDay(action.date) as Day)}に延期しました`,
    record: (action) => ({
      state: '延期',
      plannedDay: parseIsoDay(action.date) as Day,
      draftId: '',
      threadId: '',
    }),
    said: (action, one) => `${one}連絡を${slashDay(parseIsoDay(action.date) as Day)}に延期しました。`,
  },
};

/**
 * Prepares the due targets now with the daily run's preparers (prepareContacts: intent first, then each channel's
 * side effect); prepared ones are left as they are.
 */
function prepareNow(wb: LoadedWorkbook, targets: readonly Target[], mail: MailDrafts): Done {
  const due = targets.flatMap((t) => (t.kind === 'due' ? [t.due] : []));
  if (due.length === 0) return { ok: true, message: 'すでに準備してあります。' };
  // Another editor cannot make drafts in the owner's Gmail: the emails are left as they are (nothing recorded),
  // for the owner's account to prepare, and the editor is told so.
  const owners = mail.ofAnotherAccount ? due.filter((d) => d.channel === 'メール') : [];
  const refused =
    owners.length > 0
      ? ownerOnlyMessage(
          `メール${owners.length}件のGmailの下書き作成`,
          recordedAutoRun() ? '1時間後のオーナーの自動実行でも作られます。' : '',
        )
      : '';
  const mine = due.filter((d) => !owners.includes(d));
  if (mine.length === 0) return { ok: false, message: refused };
  const footer = footerProblemsOf(wb);
  const messages = new Map<DueContact, ComposedMessage>(mine.map((d) => [d, composeMessage(d, wb)]));
  const ready = mine.filter((d) => heldBecause(d, messages.get(d) as ComposedMessage, footer).length === 0);
  const held = mine.length - ready.length;
  if (ready.length === 0) {
    const why = heldBecause(mine[0], messages.get(mine[0]) as ComposedMessage, footer).join('／');
    return {
      ok: false,
      message: `文面に直すところがあるため準備できません: ${why}${refused ? `。${refused}` : ''}`,
    };
  }
  const failures = prepareContacts(wb, ready, messages, mail);
  const counts = failures.prepared;
  // Greeting cards are はがき (the はがき sheet), said apart from the letters on 手紙.
  const cards = ready.filter((d) => d.channel === '手紙' && mailKindOf(d.step.rule) === 'postcard').length;
  const made = CHANNELS.filter((c) => counts[c] > 0).flatMap((c) =>
    c === '手紙' && cards > 0
      ? [counts[c] > cards ? `${PREPARED_AS[c]}${counts[c] - cards}件` : '', `はがき${cards}枚`].filter(
          Boolean,
        )
      : [`${PREPARED_AS[c]}${counts[c]}件`],
  );
  const parts = [made.length > 0 ? `${made.join('、')}を準備しました。` : ''];
  if (failures.failed > 0)
    parts.push(
      failures.gmailLimit
        ? `Gmailの1日の利用上限に達したため、メール${failures.failed}件は次の実行で作ります。`
        : failures.ownerOnly ||
            `Gmailの下書きを作れなかったメール${failures.failed}件は、連絡履歴の備考をご覧ください。`,
    );
  if (held > 0)
    parts.push(`文面に直すところがある${held}件は準備していません（顧客シートの要確認をご覧ください）。`);
  parts.push(refused);
  return { ok: failures.failed < ready.length, message: parts.join('') };
}

const PREPARED_AS: Record<Channel, string> = {
  メール: 'Gmailの下書き',
  LINE: 'LINEの下書き',
  手紙: '手紙',
  電話: '電話リストの予定',
};

/** Approves LINE drafts (one may carry the owner's edited text), then sends them at once when asked. */
function approveLine(
  wb: Rows,
  targets: readonly Target[],
  action: Extract<KeyedAction, { action: 'approveLine' }>,
  /** Targeted: the customers' 連絡履歴 rows and consent, read again right before the send. */
  sendScope?: () => SendScope | undefined,
): Done {
  const text = action.text?.trim();
  if (text !== undefined && (text === '' || text.length > MAX_LINE_TEXT))
    return { ok: false, message: `メッセージは1〜${MAX_LINE_TEXT}文字で入力してください。` };
  // Only rows still waiting in LINE送信 (not 送信中, 送信済 or 要確認) are approved: approveInOutbox reads the targets'
  // rows once and says which it approved.
  const records = targets.filter((t): t is Extract<Target, { kind: 'record' }> => t.kind === 'record');
  const messages = approveInOutbox(wb.ss, new Set(records.map((t) => t.record.key)), text);
  const approvable = records.filter((t) => messages.has(t.record.key));
  if (approvable.length === 0) return { ok: false, message: SENDING };
  const keys = new Set(approvable.map((t) => t.record.key));
  for (const target of approvable)
    wb.log.update(target.record.index, { state: '承認済', content: messages.get(target.record.key) });
  wb.log.flush();
  const left = targets.length - approvable.length;
  const check = left > 0 ? `送信中・要確認の${left}件は「LINE送信」シートでご確認ください。` : '';
  const approved =
    approvable.length === 1
      ? `${nameOf(approvable[0])} 様へのLINEを承認しました。`
      : `LINE${approvable.length}件を承認しました。`;
  // Only the hourly run or the menu sends it: with 自動実行 off, the owner is told where to send it from.
  const when = recordedAutoRun()
    ? '9時から20時の間に送ります。'
    : `自動実行がオフのため、送るときは${menuPath(MENU.sendLine)}を押してください（9時から20時の間に送ります）。`;
  if (!action.send) return { ok: true, message: `${approved}${when}${check}` };
  // The approval stands whatever the send says (outside 9:00–20:00 it waits for the window).
  const sent = sendApprovedLine(wb.ss, wb.now, keys, undefined, sendScope);
  return { ok: true, message: `${sent.sent === keys.size ? '' : approved}${sent.message}${check}` };
}

/**
 * Records (送信済, when sent) the targets whose Gmail draft was already sent, and returns them, with the targets
 * Gmail could not answer for (it failed): those may have been sent, so nothing is decided for them.
 */
function sentDrafts(
  wb: Rows,
  targets: readonly Target[],
  mail: MailDrafts,
): { sent: Target[]; unknown: Target[] } {
  const drafts = targets.filter(
    (t): t is Extract<Target, { kind: 'record' }> =>
      t.kind === 'record' && t.record.state === '下書き' && Boolean(t.record.draftId),
  );
  if (drafts.length === 0) return { sent: [], unknown: [] };
  const fates = mail.fates(drafts.map((t) => trackedDraft(t.record, wb.timeZone)));
  const unknown = drafts.filter((t) => fates.get(t.record.draftId)?.kind === 'unknown');
  const sent = drafts.filter((t) => {
    const fate = fates.get(t.record.draftId);
    if (fate?.kind !== 'sent') return false;
    wb.log.update(t.record.index, { state: '送信済', at: fate.at });
    return true;
  });
  return { sent, unknown };
}

/** Prepared contacts give back what they hold: their Gmail drafts are deleted, their LINE rows withdrawn. */
function release(
  wb: Rows,
  targets: readonly Target[],
  mail: MailDrafts,
  outboxNote: string,
  /** LINE送信's rows of these targets, as just read (OutboxStates.read). */
  outbox?: Table<OutboxField>,
): void {
  const lineKeys = new Set<string>();
  for (const target of targets) {
    if (target.kind !== 'record') continue;
    const { record: r } = target;
    if (r.state === '下書き' && r.draftId) mail.discard(r.draftId);
    if (r.channel === 'LINE') lineKeys.add(r.key);
  }
  withdrawFromOutbox(wb.ss, lineKeys, outboxNote, 'スキップ', outbox);
}

/** Updates the pending row, or logs the due step as a row already in its final state. */
function record(
  wb: Rows | LoadedWorkbook,
  target: Target,
  changes: Partial<LogEntry> & Pick<LogEntry, 'state'>,
): void {
  if (target.kind === 'record') {
    wb.log.update(target.record.index, changes);
    return;
  }
  // A due step comes from a plan, which only the whole workbook (or a scope) makes.
  if (!('customers' in wb)) throw new Error('a due step needs the workbook it was planned from');
  const { due } = target;
  if (due.retryOf !== undefined) {
    wb.log.update(due.retryOf, { channel: due.channel, note: due.reason, ...changes });
    return;
  }
  wb.log.append([
    {
      at: wb.now,
      customerId: due.customer.id,
      name: due.customer.name,
      scenario: due.step.scenario,
      step: due.step.step,
      channel: due.channel,
      plannedDay: wb.today,
      // A call keeps its talking points, so 連絡履歴 says what was discussed.
      content: due.channel === '電話' ? composeMessage(due, wb).body : '',
      key: due.step.key,
      note: due.reason,
      ...changes,
    },
  ]);
}

/** Due steps first (a 失敗 or reopened 延期 row is due again), then pending rows; unknown keys are left out. */
function findTargets(wb: LoadedWorkbook, plan: Plan, keys: readonly string[]): Target[] {
  const due = new Map(plan.due.map((d) => [d.step.key, d]));
  // The rows the list shows: one the plan is closing (its window ended) is never acted on.
  const pending = new Map(
    openRows(wb, plan)
      .filter((r) => r.key)
      .map((r) => [r.key, r]),
  );
  return [...new Set(keys)].flatMap((key): Target[] => {
    const d = due.get(key);
    if (d) return [{ kind: 'due', due: d }];
    const r = pending.get(key);
    return r ? [{ kind: 'record', record: r }] : [];
  });
}

/**
 * Why the contacts of these keys cannot be acted on: the plan's own words when it is closing one (its window ended,
 * a newer visit, its slot taken …), so the owner learns why it left the list; else not found.
 */
function notFound(plan: Plan, keys: readonly string[]): string {
  const closing = plan.closed.find((c) => keys.includes(c.record.key));
  if (!closing) return NOT_FOUND;
  // 「空き枠が埋まったため終了」 → 「空き枠が埋まったため」; 「期限切れ（…）」 → 「期限切れ（…）のため」.
  const why = closing.note.endsWith('ため終了') ? closing.note.slice(0, -2) : `${closing.note}のため`;
  return `この連絡は${why}、予定から外れました。${RELOAD}`;
}

function keyOf(target: Target): string {
  return target.kind === 'record' ? target.record.key : target.due.step.key;
}

function nameOf(target: Target): string {
  return target.kind === 'record' ? target.record.name : target.due.customer.name;
}

function reasonOf(target: Target): string {
  return target.kind === 'record' ? target.record.note : target.due.reason;
}

function channelOf(target: Target): string {
  return target.kind === 'record' ? (target.record.channel ?? '') : target.due.channel;
}

type KeyedAction = Extract<FollowUpAction, { keys: string[] }>;

/**
 * A group's bulk action becomes the keys of the items it applies to today, first page or not — only if they are
 * still what the owner saw (the same day, as many): never a customer the list did not show.
 */
function keyed(action: FollowUpAction, wb: LoadedWorkbook, plan: Plan): KeyedAction | null {
  if (!('group' in action)) return action;
  const members = todayItems(wb, plan)
    .map((f) => f.item)
    .filter((i) => i.channel === action.group);
  const keys = bulkKeys(members, action.action);
  if (action.today !== isoDay(wb.today) || keys.length !== action.count) return null;
  return action.action === 'prepare'
    ? { keys, action: 'prepare' }
    : { keys, action: 'approveLine', send: action.send };
}

/** The request comes from the browser: take only a well-formed action. */
function readAction(request: unknown): FollowUpAction | null {
  if (typeof request !== 'object' || request === null) return null;
  const fields = request as Record<string, unknown>;
  const { keys: rawKeys, group, action, outcome, date, send, text, today, count } = fields;
  if (rawKeys === undefined && (CHANNELS as readonly unknown[]).includes(group)) {
    if (typeof today !== 'string' || typeof count !== 'number') return null;
    if (action === 'prepare') return { group: group as Channel, action, today, count };
    if (action === 'approveLine' && group === 'LINE' && typeof send === 'boolean')
      return { group, action, send, today, count };
    return null;
  }
  if (!Array.isArray(rawKeys) || rawKeys.length === 0) return null;
  const keys = rawKeys.filter((k): k is string => typeof k === 'string' && k.trim() !== '');
  if (keys.length !== rawKeys.length) return null;
  switch (action) {
    case 'called':
      return CALL_OUTCOMES.includes(outcome as CallOutcomeName)
        ? { keys, action, outcome: outcome as CallOutcomeName }
        : null;
    case 'skip':
      return { keys, action };
    case 'prepare':
      return { keys, action };
    case 'snooze': {
      const day = typeof date === 'string' ? parseIsoDay(date) : null;
      return day !== null && isoDay(day) === date ? { keys, action, date } : null;
    }
    case 'approveLine':
      if (typeof send !== 'boolean') return null;
      if (text === undefined) return { keys, action, send };
      return typeof text === 'string' && keys.length === 1 ? { keys, action, send, text } : null;
    default:
      return null;
  }
}

/** 手紙を作成: prepares today's due letters (even while previewing: the owner asked) and lays out 手紙 and 宛名ラベル. */
export function createLetterSheet(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date): string {
  const wb = loadWorkbook(ss, now);
  const keys = planOf(wb)
    .due.filter((d) => d.channel === '手紙')
    .map((d) => d.step.key);
  const prepared = keys.length > 0 ? actOn(wb, { keys, action: 'prepare' }, mailOfThisAccount()).message : '';
  if (keys.length === 0) rebuildLetters(ss, wb.log, wb.today);
  const { records } = keys.length > 0 ? withFreshLog(wb) : wb;
  const waiting = waitingOnSheetsText(records);
  return waiting
    ? `${prepared}${waiting}印刷したら「手紙を印刷済みにする」を押してください。`
    : '今日お送りする手紙はありません。';
}
