import { composeMessage, type ComposedMessage } from '../core/compose';
import { legacyFlagsText } from '../core/flags';
import { isPendingState } from '../core/history';
import { surelyOptedOut } from '../core/consent';
import { dayOfInstant, instantOfDay, isoDay } from '../core/day';
import { forecastLines } from '../core/forecast';
import { heldLines, skippedReason, type CustomerPlan, type DueContact, type Plan } from '../core/plan';
import type { Channel, ContactRecord } from '../core/types';
import { CHANNELS, CUSTOMER_COLUMNS, NOTE, type ContactState, type CustomerField } from '../labels';
import { knownQuota } from '../channels/line-api';
import type { MailDrafts } from '../channels/gmail';
import { withdrawFromOutbox } from '../channels/line-outbox';
import { readCallOutcomes, type UnreadResult } from '../channels/phone-list';
import { ensureColumns, firstDataRow, writeColumns } from '../sheets/table';
import { rebuildDashboard } from './dashboard';
import { rebuildLetters } from './print-letters';
import { sendOwnerNotice, sendOwnerWarning } from './notice';
import { lostLogText, LostLogError, rememberLog, type LostLog } from './log-guard';
import { zonedNow } from './zone';
import { mailOfThisAccount, OwnerOnlyError } from './owner';
import { missingFor, permissionMessage } from './scopes';
import { Budget } from './budget';
import {
  isPreparing,
  legacyFlags,
  rememberHeaders,
  setLastDailyRun,
  setNeedsResume,
  tagMemo,
  planIsStale,
  clearPlanStale,
} from './properties';
import { rememberTags } from '../sheets/find-sheets';
import {
  customerHeaderOf,
  loadWorkbook,
  planOf,
  recordsOf,
  settingsOf,
  type LoadedWorkbook,
} from './workbook';
import { lineAllowanceLine } from '../core/plan';
import { nothingPrepared, prepareContacts } from './prepare';
import { rebuildCalls } from './prepare/call';
import { footerProblemsOf, heldParts, waitingLines } from './prepare/held';
import { followOpenDraft, trackedDraft, withoutSendingMark } from './prepare/mail';
import { countExamples } from '../core/examples';
import { seasonDayLines } from './season';
import { cellLimitLines } from './cells';
import { archiveIfDue, countsForMemory, type ArchiveResult } from './archive';
import { OwnerError, errorText } from '../core/errors';

export interface DailyRunSummary {
  today: string;
  preview: boolean;
  customers: number;
  /** Customers with a due or upcoming follow-up (次回連絡日 filled). */
  planned: number;
  dueToday: number;
  /** Due today but not prepared: the message has a problem to fix first (see 要確認). */
  held: number;
  prepared: Record<Channel, number>;
  /** Prepared today by シナリオ. */
  preparedByScenario: Record<string, number>;
  /** Where the owner's morning notice went ('' when none was sent). */
  noticeTo: string;
  /** Steps logged スキップ: 期限切れ or 上限超過. */
  skipped: number;
  /** Gmail drafts deleted because their customer opted out of email since (contract 4.8). */
  optedOutDrafts: number;
  /** Emails left 失敗 (retried on the next run); gmailLimit when Gmail's daily quota stopped the batch. */
  mailFailed: number;
  gmailLimit: boolean;
  /** Why emails were left 失敗 when the run is another editor's: drafts are made in the owner's Gmail ('' else). */
  mailOwnerOnly: string;
  /** Stopped near the time limit: what is left stays 準備中 and the next hourly run finishes it. */
  interrupted: number;
  /** Steps after preparing (the owner's notice, 手紙, 電話リスト, 集計) left for the next hourly run by the budget. */
  unfinished: string[];
  needsAttention: number;
  /**
   * When a daily limit makes a queue longer than a day (the first run on an old list): how many days it takes, the
   * postage, and how to spread or trim it (contract 3, Step life cycle). Empty otherwise.
   */
  forecast: string[];
  setupProblems: string[];
  /** Nothing was planned or prepared: 連絡履歴 was lost (setupProblems says how to bring it back). */
  stopped?: boolean;
  /** This month's LINE allowance and how the day spends it ('' when LINE did not say: no token, no limit). */
  lineAllowance?: string;
  /** Example customers (「例」 and 配信停止 すべて): never contacted, counted apart from `customers`. */
  examples?: number;
  /** What the month's archiving moved (連絡履歴アーカイブ) and folded (来店履歴), on the day it ran. */
  archived?: ArchiveResult;
}

const SYSTEM_FIELDS: CustomerField[] = ['nextDay', 'nextContent', 'nextChannel', 'reason', 'attention'];
const DATE_FORMAT = 'yyyy/mm/dd';

/**
 * Plans every customer's next follow-up and, unless Tsunagu is still previewing, prepares what is due today:
 * Gmail drafts, LINE outbox rows, letters and the call list. Each contact's intent lands in 連絡履歴 before
 * its side effect, and is confirmed after it.
 */
export function runDailyFollowUps(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  mail: MailDrafts = mailOfThisAccount(),
  budget: Budget = new Budget(now.getTime()),
): DailyRunSummary {
  // Whether this run is the owner's: the mailbox it was given says (asked once, not per step).
  const asOwner = !mail.ofAnotherAccount;
  // A lost 連絡履歴 stops the run before anything is written: loading finds it deleted (and makes no empty one) or
  // emptied of its rows.
  let wb: LoadedWorkbook;
  try {
    wb = loadWorkbook(ss, now, { dailyRun: true });
  } catch (error) {
    if (error instanceof LostLogError) return stoppedRun(ss, now, error.lost, asOwner);
    throw error;
  }
  const preparing = isPreparing();
  // Reading the workbook (finding the customer list among the sheets, checking its columns) is the first piece of
  // work: a run already past the budget once it is read leaves the whole day to the next hourly run.
  if (preparing && budget.over()) {
    setNeedsResume(true);
    return leftForNextRun(wb);
  }
  // Without Gmail's permission (granular consent) the day is still planned and LINE, letters and calls prepared;
  // emails wait, with a note, until the owner grants it.
  const mailMissing = preparing ? missingFor('email') : [];
  const mailBlocked = mailMissing.length > 0;
  let unchecked = new Set<string>();
  let optedOut = 0;
  let unreadCalls: UnreadResult[] = [];
  if (preparing) {
    if (!mailBlocked) unchecked = syncDrafts(wb, mail);
    if (!mailBlocked) optedOut = deleteOptedOutDrafts(wb, mail, unchecked);
    unreadCalls = recordCallOutcomes(wb);
    const readingLegacyFlags = !legacyFlags.read();
    if (readingLegacyFlags) setLegacyFlags(wb);
    wb.log.noteTypedRows(wb.records);
    wb.log.flush();
    if (readingLegacyFlags) legacyFlags.markRead();
  }
  // Rows of customers no longer on 顧客 hold nothing: their note is enough, the summary does not count them.
  const unreadableRows = wb.records.filter((r) => r.unreadable !== undefined && !r.unknownCustomer).length;
  // LINE's monthly allowance, as LINE says it now: the planner spends it like a daily limit (contract 4.2).
  const plan = planOf(wb, knownQuota()?.remaining);
  const messages = new Map<DueContact, ComposedMessage>();
  for (const due of plan.due) messages.set(due, composeMessage(due, wb));
  const footer = footerProblemsOf(wb);
  const forecast = [...seasonDayLines(wb, plan), ...forecastLines(plan.queues), ...cellLimitLines(wb)];
  const waiting = new Map<string, number>();
  const { ready, held } = readyToPrepare(plan, messages, footer, waiting);
  // A preview writes the plan as made. A preparing run writes it once the day's contacts are made (below).
  if (!preparing) writeWholePlan(wb, plan.customers);
  let done = nothingPrepared();
  const preparedByScenario: Record<string, number> = {};
  let noticeTo = '';
  let dashboardProblem = '';
  const unfinished: string[] = [];
  // A LINE held by data to fix goes back to the owner (承認待ち): not sent by the hourly batch meanwhile.
  withdrawHeldLine(wb, plan);
  if (preparing) {
    try {
      closeLapsed(wb, plan, mail, unchecked, mailBlocked);
      logSkipped(wb, plan);
      done = prepareContacts(wb, ready, messages, mail, budget, mailBlocked);
    } catch (error) {
      // The plan made before, as a run that stopped here always wrote it; the error told is the preparing one.
      try {
        writeWholePlan(wb, plan.customers);
      } catch (writing) {
        console.warn(`顧客 not written after a failed preparing: ${String(writing)}`);
      }
      throw error;
    }
    // 次回連絡日 and 理由 as the day's preparing left them (承認待ち, 下書き … for what was made), planned again from
    // 連絡履歴 as written (wb.log holds every row it wrote): the plan made before would leave each of those rows for
    // the list read after the owner's first click to write — at 100,000 customers, 28 s of the lock that click's
    // next one waits for.
    const after = planOf({ ...wb, records: recordsOf(wb.log, wb.customers) }, knownQuota()?.remaining);
    // The contacts held by their message are due still, and held the same way.
    noteHeld(after, held);
    writeWholePlan(wb, after.customers);
    // Unfinished or failed contacts are tried again within the hour — except when Gmail's daily quota is spent or
    // Gmail is not permitted (trying every hour would not change that).
    // Another editor's run may set the checkpoint but never clear it: the owner's run may have left work (the
    // notice, letters …) that only the owner's next run finishes.
    const resume = done.interrupted || (done.failed > 0 && !done.gmailLimit && !mailBlocked);
    if (resume || asOwner) setNeedsResume(resume);
    for (const due of ready)
      preparedByScenario[due.step.scenario] = (preparedByScenario[due.step.scenario] ?? 0) + 1;
    // Each step starts only inside the budget; one left over is done by the next hourly run (the checkpoint).
    const step = (name: string, work: () => void) => (budget.over() ? unfinished.push(name) : work());
    // The notice goes to the owner from the owner's run; another editor's run leaves it (and the day) to that.
    if (asOwner) step('オーナー通知', () => (noticeTo = sendOwnerNotice(wb, forecast)));
    step('手紙', () => rebuildLetters(wb.ss, wb.log, wb.today));
    step('電話リスト', () => rebuildCalls(wb, unreadCalls));
    step('集計', () => (dashboardProblem = rebuildDashboardSafely(wb)));
    if (unfinished.length > 0) setNeedsResume(true);
  }
  // A preview is not the day's run: turning 自動実行 on later the same day still prepares today.
  // Nor is a run by another editor, which cannot make the owner's drafts or send the owner's notice.
  if (preparing && asOwner) setLastDailyRun(wb.today);
  rememberLog(countsForMemory(wb.ss, wb.log));
  rememberHeaders(wb.ruleHeaders.known, wb.ruleHeaders.present);
  // Last, once a month: 連絡履歴's rows no rule needs any more move to 連絡履歴アーカイブ, 来店履歴's old visits fold
  // (app/archive.ts). It reads 連絡履歴 again and leaves wb.log stale: nothing after this reads it.
  const { archived, problem: archiveProblem } =
    preparing && asOwner && !done.interrupted && unfinished.length === 0 && !budget.over()
      ? archiveSafely(wb, budget)
      : { archived: null, problem: '' };
  const examples = countExamples(wb.customers);
  return {
    today: isoDay(wb.today),
    preview: !preparing,
    customers: wb.customers.length - examples,
    planned: plan.customers.filter((c) => c.nextDay !== undefined).length,
    dueToday: plan.due.length,
    held: plan.due.length - ready.length,
    prepared: done.prepared,
    preparedByScenario,
    noticeTo,
    skipped: preparing ? plan.skipped.length : 0,
    optedOutDrafts: optedOut,
    mailFailed: done.failed,
    gmailLimit: done.gmailLimit,
    mailOwnerOnly: done.ownerOnly,
    interrupted: done.interrupted
      ? ready.length - CHANNELS.reduce((sum, c) => sum + done.prepared[c], 0) - done.failed
      : 0,
    unfinished,
    needsAttention: plan.customers.filter((c) => c.attention).length,
    lineAllowance: plan.lineAllowance ? lineAllowanceLine(plan.lineAllowance) : '',
    forecast,
    setupProblems: [
      ...wb.setupProblems,
      ...plan.notices,
      ...heldLines(plan, customerHeaderOf(wb)),
      ...unreadCalls
        .filter((u) => wb.records.some((r) => r.key === u.key && r.state === '予定'))
        .map(unreadCallNotice),
      ...(unreadableRows > 0 ? [unreadableRowsNotice(unreadableRows)] : []),
      ...footer.filter((f) => !waiting.has(f)),
      ...waitingLines(waiting),
      ...(dashboardProblem ? [dashboardProblem] : []),
      ...(archiveProblem ? [archiveProblem] : []),
      ...(mailBlocked ? [permissionMessage('email', mailMissing)] : []),
    ],
    examples,
    ...(archived ? { archived } : {}),
  };
}

/** Archiving is housekeeping: when it cannot be done, the day's contacts are prepared all the same, and it is said. */
function archiveSafely(
  wb: LoadedWorkbook,
  budget: Budget,
): { archived: ArchiveResult | null; problem: string } {
  try {
    return { archived: archiveIfDue(wb, budget), problem: '' };
  } catch (error) {
    console.warn(`連絡履歴アーカイブ not written: ${errorText(error)}`);
    return { archived: null, problem: error instanceof OwnerError ? error.message : '' };
  }
}

/**
 * The day's run when 連絡履歴 was lost: nothing planned, nothing prepared, and the owner told how to bring back
 * just that sheet — in the summary and, from the owner's run once preparing, in the morning notice. The day is not
 * marked run, so the first hourly run after the sheet is back prepares the day.
 */
function stoppedRun(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  lost: LostLog,
  asOwner: boolean,
): DailyRunSummary {
  const { timeZone, today } = zonedNow(ss, now);
  const text = lostLogText(lost);
  const preparing = isPreparing();
  const noticeTo =
    preparing && asOwner
      ? sendOwnerWarning(
          settingsOf(ss, timeZone).settings.ownerNotice,
          isoDay(today),
          '【つなぐ】連絡履歴が消えているため、準備を止めています',
          `${text}\n\nスプレッドシート: ${ss.getUrl()}`,
        )
      : '';
  return {
    ...nothingDone(isoDay(today), 0),
    preview: !preparing,
    noticeTo,
    setupProblems: [text],
    stopped: true,
  };
}

/** The summary of a run that read the workbook past the budget and left the day, all of it, to the next run. */
function leftForNextRun(wb: LoadedWorkbook): DailyRunSummary {
  const examples = countExamples(wb.customers);
  return {
    ...nothingDone(isoDay(wb.today), wb.customers.length - examples),
    unfinished: ['今日の計画と準備'],
    examples,
  };
}

/** A day's summary with nothing planned or prepared, for the runs that stop before planning. */
function nothingDone(today: string, customers: number): DailyRunSummary {
  return {
    today,
    preview: false,
    customers,
    planned: 0,
    dueToday: 0,
    held: 0,
    prepared: nothingPrepared().prepared,
    preparedByScenario: {},
    noticeTo: '',
    skipped: 0,
    optedOutDrafts: 0,
    mailFailed: 0,
    gmailLimit: false,
    mailOwnerOnly: '',
    interrupted: 0,
    unfinished: [],
    needsAttention: 0,
    forecast: [],
    setupProblems: [],
  };
}

/** The shop's LINE plan limit, when a token is set and LINE says (null: unknown, 集計 then shows the free plan's). */
/** 集計 is a report: when it cannot be drawn, the day's contacts are still prepared, and the owner is told. */
function rebuildDashboardSafely(wb: LoadedWorkbook): string {
  try {
    rebuildDashboard(wb.ss, {
      today: wb.today,
      timeZone: wb.timeZone,
      customers: wb.customers,
      records: wb.log.records(),
      settings: wb.settings,
      lineLimit: knownQuota()?.limit ?? null,
    });
    return '';
  } catch (error) {
    console.warn(`集計 not rebuilt: ${errorText(error)}`);
    return `「集計」シートを更新できませんでした（${errorText(error)}）。今日の準備は済んでいます。`;
  }
}

/**
 * Outcomes the owner wrote in 電話リスト complete the planned call in 連絡履歴 (日時 = this run); a word that cannot
 * be read leaves the call 予定, stays on the list, and is reported (returned for the summary).
 */
function recordCallOutcomes(wb: LoadedWorkbook): UnreadResult[] {
  const byKey = new Map(wb.records.filter((r) => r.state === '予定' && r.key).map((r) => [r.key, r]));
  const { outcomes, unread } = readCallOutcomes(wb.ss);
  for (const { key, result } of outcomes) {
    const record = byKey.get(key);
    if (!record) continue;
    if (result) {
      wb.log.update(record.index, { result });
      record.result = result;
    }
    complete(wb, record, '完了', '', wb.now);
  }
  wb.log.flush();
  return unread;
}

/** What the summary says of 連絡履歴 rows Tsunagu could not read (each is noted in its own 備考). */
function unreadableRowsNotice(rows: number): string {
  return `連絡履歴の${rows}行を読めませんでした（理由はその行の備考にあります）。書き直すまで、その行のお客様のその連絡はしません。`;
}

/** What the summary says of a call result Tsunagu could not read. */
function unreadCallNotice(u: UnreadResult): string {
  return `電話リストの結果「${u.word}」（${u.name} 様）を読めませんでした。満足・不満・不在（電話したが結果がない時は 済）で書き直してください（それまでこの電話は予定のままです）`;
}

/**
 * A draft the owner sent from Gmail becomes 送信済; one deleted unsent becomes スキップ. When Gmail could not
 * tell (it failed), the row stays 下書き and the next run asks again; those drafts' ids are returned. A draft still
 * open is followed: its current thread and subject are written back (see followOpenDraft).
 */
function syncDrafts(wb: LoadedWorkbook, mail: MailDrafts): Set<string> {
  const unchecked = new Set<string>();
  const drafts = wb.records.filter((r) => r.state === '下書き' && r.draftId);
  const fates = mail.fates(drafts.map((r) => trackedDraft(r, wb.timeZone)));
  // A sidebar send cut short leaves its mark in 備考 (see SENDING_MARK): taken off once the row is settled, or once
  // Gmail has said what became of its draft (a write can stop between the 状態 and 備考 cells).
  for (const record of wb.records) {
    const settled =
      record.state !== '下書き' || (fates.get(record.draftId) ?? { kind: 'unknown' }).kind !== 'unknown';
    const unmarked = settled ? withoutSendingMark(record.note) : undefined;
    if (unmarked === undefined) continue;
    wb.log.update(record.index, { note: unmarked });
    record.note = unmarked;
  }
  for (const record of drafts) {
    const fate = fates.get(record.draftId);
    if (fate?.kind === 'draft') followOpenDraft(wb, record, fate);
    else if (fate?.kind === 'sent') complete(wb, record, '送信済', '', fate.at);
    else if (fate?.kind === 'deleted')
      complete(wb, record, 'スキップ', '下書きが送信されずに削除されました', wb.now);
    else if (fate?.kind === 'unknown') {
      unchecked.add(record.draftId);
      console.warn(`Gmail draft not checked: ${fate.error}`);
    }
  }
  wb.log.flush();
  return unchecked;
}

const OPTED_OUT_NOTE = '配信停止（メール）になったため、Gmailの下書きを削除しました';

/**
 * A customer who opted out of email has their waiting Gmail draft deleted at the next run, and its row closed
 * スキップ with why (contract 4.8). A draft Gmail could not be asked about stays for the next run; one in the owner's
 * mailbox, when another editor runs, stays for the owner's run.
 */
function deleteOptedOutDrafts(wb: LoadedWorkbook, mail: MailDrafts, unchecked: ReadonlySet<string>): number {
  // Only an opt-out Tsunagu could read deletes a draft; one it cannot read holds it (the 要確認 says so).
  const optedOut = new Set(wb.customers.filter((c) => surelyOptedOut(c, 'メール')).map((c) => c.id));
  let deleted = 0;
  for (const record of wb.records) {
    if (record.state !== '下書き' || record.channel !== 'メール' || !record.draftId) continue;
    if (!optedOut.has(record.customerId) || unchecked.has(record.draftId)) continue;
    try {
      mail.discard(record.draftId);
    } catch (error) {
      if (error instanceof OwnerOnlyError) continue;
      throw error;
    }
    complete(wb, record, 'スキップ', OPTED_OUT_NOTE, wb.now);
    deleted++;
  }
  wb.log.flush();
  return deleted;
}

/** 日時 of a complete row is when it happened: the 電話確認 counts its days from the sending of the お伺い. */
function complete(
  wb: LoadedWorkbook,
  record: ContactRecord,
  state: ContactState,
  note: string,
  at: Date,
): void {
  wb.log.update(record.index, { state, at, ...(note ? { note } : {}) });
  record.state = state;
  record.at = dayOfInstant(at, wb.timeZone);
}

/**
 * Pending rows whose window closed (or that a newer visit replaced) are closed, and their drafts deleted — except
 * a draft Gmail could not be asked about this run (it may have been sent), one Gmail may not be asked to delete
 * (its permission is not granted), and one in the owner's mailbox when another editor runs: closing those now
 * would leave a draft that can still be sent, so their rows wait for a run that can.
 */
function closeLapsed(
  wb: LoadedWorkbook,
  plan: Plan,
  mail: MailDrafts,
  unchecked: ReadonlySet<string>,
  mailBlocked = false,
): void {
  const lineKeys = new Set<string>();
  for (const { record, note } of plan.closed) {
    const hasDraft = record.state === '下書き' && Boolean(record.draftId);
    if (hasDraft && (mailBlocked || unchecked.has(record.draftId))) continue;
    if (hasDraft) {
      try {
        mail.discard(record.draftId);
      } catch (error) {
        if (error instanceof OwnerOnlyError) continue;
        throw error;
      }
    }
    if (record.channel === 'LINE') lineKeys.add(record.key);
    complete(wb, record, 'スキップ', note, wb.now);
  }
  wb.log.flush();
  withdrawFromOutbox(wb.ss, lineKeys, '取り下げ: 期限切れか不要になりました（連絡履歴の備考をご覧ください）');
}

/**
 * Held contacts (contract 3: not prepared, not sent, not closed) whose LINE waits in LINE送信: their rows go back
 * to 承認待ち with what to fix, so an approval given before the data went missing does not send them.
 */
function withdrawHeldLine(wb: LoadedWorkbook, plan: Plan): void {
  const byKey = new Map<string, string>();
  for (const record of wb.records) {
    const why = record.channel === 'LINE' && record.key ? plan.heldKeys.get(record.key) : undefined;
    if (!why) continue;
    byKey.set(record.key, why);
    // 連絡履歴 follows: the approval is taken back there too.
    if (record.state === '承認済') wb.log.update(record.index, { state: '承認待ち' });
  }
  if (byKey.size === 0) return;
  wb.log.flush();
  // One note for all: the 要確認 of each customer's row says what to fix for them.
  withdrawFromOutbox(
    wb.ss,
    new Set(byKey.keys()),
    '保留: 顧客シートやカテゴリシートの見出しか値が読めないため、送信を止めました（顧客シートの「要確認」列をご覧ください）。直してから、もう一度承認してください。',
    '承認待ち',
  );
}

/**
 * A message with a problem (an empty merge field, a missing template) is never prepared: the owner fixes it and
 * the next run prepares it. Email waits while the 特定電子メール法 footer lacks a setting. A customer's own problems
 * go to their row's 要確認; the shop's are counted in `waiting` (said once) and the row's 理由 says it waits.
 */
function readyToPrepare(
  plan: Plan,
  messages: Map<DueContact, ComposedMessage>,
  footer: string[],
  waiting: Map<string, number>,
): { ready: DueContact[]; held: HeldRow[] } {
  const ready: DueContact[] = [];
  const held: HeldRow[] = [];
  for (const due of plan.due) {
    const { row: mine, shop } = heldParts(due, messages.get(due) as ComposedMessage, footer);
    if (mine.length === 0 && shop.length === 0) {
      ready.push(due);
      continue;
    }
    for (const problem of shop) waiting.set(problem, (waiting.get(problem) ?? 0) + 1);
    held.push({ index: due.customer.index, mine });
  }
  noteHeld(plan, held);
  return { ready, held };
}

/** A customer whose contact due today is held by its message: what to fix in the row (mine), or the shop's settings. */
interface HeldRow {
  index: number;
  mine: readonly string[];
}

/** What holds each customer's contact, said in their row: 要確認 for their own data, 理由 for the shop's settings. */
function noteHeld(plan: Plan, held: readonly HeldRow[]): void {
  if (held.length === 0) return;
  const rows = new Map(plan.customers.map((c) => [c.index, c]));
  for (const { index, mine } of held) {
    const row = rows.get(index);
    if (!row) continue;
    if (mine.length > 0)
      row.attention = [row.attention, ...mine, '直すと次の実行で準備します'].filter(Boolean).join('／');
    else if (row.reason && !row.reason.includes(SHOP_WAIT)) row.reason = `${row.reason}。${SHOP_WAIT}`;
  }
}

/**
 * Rows written before 連絡履歴 had 「お店の作業」 get it once, from what they had then (手書き推奨 or a task in 備考, the
 * 感謝 letter's voucher): pending rows only, the ones whose flags are still to act on. From then on only the
 * column is read.
 */
function setLegacyFlags(wb: LoadedWorkbook): void {
  for (const r of wb.records) {
    if (!r.key || r.flags || !isPendingState(r.state)) continue;
    const flags = legacyFlagsText(r);
    if (!flags) continue;
    r.flags = flags;
    wb.log.update(r.index, { flags });
  }
}

/** Said in 理由 of a contact held only by the shop's settings: what to fix is said once, in the summary. */
const SHOP_WAIT = '店の設定待ち（サイドバーと実行結果のお知らせをご覧ください）';

/**
 * Writes 次回連絡日 … 要確認, at most one block per run of adjacent system columns and only over the rows that
 * changed. The 顧客ID column is read again first: if the owner sorted the sheet during the run, each value still
 * lands on its customer's row.
 */
/**
 * The whole plan onto 顧客, by a run or an action holding the script lock and planning from what it read under it:
 * what a sidebar action left to the whole plan is done, and the mark it left goes (a list read planned from before,
 * without the lock, then sees the mark gone and writes nothing: sidebar-api.ts refreshedToday).
 */
export function writeWholePlan(wb: LoadedWorkbook, rows: readonly CustomerPlan[]): void {
  writeCustomerPlan(wb, rows);
  if (planIsStale()) clearPlanStale();
}

export function writeCustomerPlan(
  wb: LoadedWorkbook,
  rows: readonly CustomerPlan[],
  /** The 顧客ID column as the caller read it right before, under the same lock: not read again. */
  checkedIds?: readonly string[],
): void {
  const table = wb.customerTable;
  if (SYSTEM_FIELDS.some((f) => table.columns[f] === undefined)) {
    ensureColumns(table, CUSTOMER_COLUMNS, SYSTEM_FIELDS);
    rememberTags(table, CUSTOMER_COLUMNS, tagMemo);
  }
  const count = table.rows.length;
  if (count === 0) return;
  const idCol = table.columns.id as number;
  const currentIds =
    checkedIds ??
    table.sheet
      .getRange(firstDataRow(table), idCol + 1, count, 1)
      .getValues()
      .map((r) => String(r[0]).trim());
  const readIds = table.rows.map((r) => String(r[idCol] ?? '').trim());
  const planById = new Map(rows.map((p) => [p.customerId, p]));
  const planByIndex = new Map(rows.map((p) => [p.index, p]));
  const moved = currentIds.some((id, i) => id !== readIds[i]);
  const columns: Record<string, unknown[]> = Object.fromEntries(SYSTEM_FIELDS.map((f) => [f, []]));
  for (let i = 0; i < count; i++) {
    const plan = moved ? planById.get(currentIds[i]) : planByIndex.get(i);
    columns.nextDay.push(plan?.nextDay === undefined ? '' : instantOfDay(plan.nextDay, wb.timeZone));
    columns.nextContent.push(plan?.nextContent ?? '');
    columns.nextChannel.push(plan?.nextChannel ?? '');
    columns.reason.push(plan?.reason ?? '');
    columns.attention.push(plan?.attention ?? '');
  }
  // Only what changed since the read is sent; after a sort the rows read are not where they were, so all is.
  writeColumns(table, columns, { nextDay: DATE_FORMAT }, moved ? null : table.rows);
}

function logSkipped(wb: LoadedWorkbook, plan: Plan): void {
  wb.log.append(
    plan.skipped.map((skipped) => {
      const { customer, step, note } = skipped;
      return {
        at: wb.now,
        customerId: customer.id,
        name: customer.name,
        scenario: step.scenario,
        step: step.step,
        // 上限超過 is about LINE; a window that closed is logged under the step's first choice.
        channel: note === NOTE.overCap ? 'LINE' : step.channels[0],
        state: 'スキップ',
        plannedDay: step.due,
        content: '',
        key: step.key,
        note: `${note}（${skippedReason(skipped)}）`,
      };
    }),
  );
}
