import { composeMessage, type ComposedMessage } from '../core/compose';
import { flagsText, legacyFlagsText } from '../core/flags';
import { isCopyKey } from '../core/keys';
import { isPendingState } from '../core/history';
import { surelyOptedOut } from '../core/consent';
import { footerProblems } from '../core/templates';
import { dayOfInstant, instantOfDay, isoDay } from '../core/day';
import { addressFor } from '../core/guard';
import { forecastLines } from '../core/forecast';
import { heldLines, skippedReason, type CustomerPlan, type DueContact, type Plan } from '../core/plan';
import type { Channel, ContactRecord } from '../core/types';
import {
  CHANNELS,
  CUSTOMER_COLUMNS,
  NOTE,
  stepLabel,
  type ContactState,
  type CustomerField,
} from '../labels';
import { knownQuota } from '../channels/line-api';
import {
  draftLookupKey,
  type DraftRef,
  type MailDrafts,
  type OpenDraft,
  type TrackedDraft,
} from '../channels/gmail';
import { appendToOutbox, withdrawFromOutbox, type OutboxRow } from '../channels/line-outbox';
import { readCallOutcomes, rebuildPhoneList, type UnreadResult } from '../channels/phone-list';
import type { LogEntry } from '../sheets/log';
import { ensureColumns, firstDataRow, writeColumns } from '../sheets/table';
import { rebuildDashboard } from './dashboard';
import { rebuildLetters } from './print-letters';
import { sendOwnerNotice, sendOwnerWarning } from './notice';
import { lostLogText, LostLogError, rememberLog, type LostLog } from './log-guard';
import { zonedNow } from './zone';
import { mailOfThisAccount, OwnerOnlyError } from './owner';
import { missingFor, permissionMessage, SCOPE, scopeLabel } from './scopes';
import { Budget } from './budget';
import { isPreparing, rememberHeaders, setLastDailyRun, setNeedsResume, tagMemo } from './properties';
import { rememberTags } from '../sheets/find-sheets';
import { customerHeaderOf, loadWorkbook, planOf, settingsOf, type LoadedWorkbook } from './workbook';
import { lineAllowanceLine } from '../core/plan';

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
    wb = loadWorkbook(ss, now);
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
    setLegacyFlags(wb);
    wb.log.noteTypedRows(wb.records);
    wb.log.flush();
  }
  // Rows of customers no longer on 顧客 hold nothing: their note is enough, the summary does not count them.
  const unreadableRows = wb.records.filter((r) => r.unreadable !== undefined && !r.unknownCustomer).length;
  // LINE's monthly allowance, as LINE says it now: the planner spends it like a daily limit (contract 4.2).
  const plan = planOf(wb, knownQuota()?.remaining);
  const messages = new Map<DueContact, ComposedMessage>();
  for (const due of plan.due) messages.set(due, composeMessage(due, wb));
  const footer = footerProblemsOf(wb);
  const forecast = forecastLines(plan.queues);
  const waiting = new Map<string, number>();
  const ready = readyToPrepare(plan, messages, footer, waiting);
  writeCustomerPlan(wb, plan.customers);
  const prepared = emptyCounts();
  const preparedByScenario: Record<string, number> = {};
  let noticeTo = '';
  let mailFailures = { failed: 0, gmailLimit: false, interrupted: false, ownerOnly: '' };
  let dashboardProblem = '';
  const unfinished: string[] = [];
  // A LINE held by data to fix goes back to the owner (承認待ち): not sent by the hourly batch meanwhile.
  withdrawHeldLine(wb, plan);
  if (preparing) {
    closeLapsed(wb, plan, mail, unchecked, mailBlocked);
    logSkipped(wb, plan);
    mailFailures = prepare(wb, ready, messages, mail, prepared, budget, mailBlocked);
    // Unfinished or failed contacts are tried again within the hour — except when Gmail's daily quota is spent or
    // Gmail is not permitted (trying every hour would not change that).
    // Another editor's run may set the checkpoint but never clear it: the owner's run may have left work (the
    // notice, letters …) that only the owner's next run finishes.
    const resume =
      mailFailures.interrupted || (mailFailures.failed > 0 && !mailFailures.gmailLimit && !mailBlocked);
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
  rememberLog(wb.log.counts());
  rememberHeaders(wb.ruleHeaders.known, wb.ruleHeaders.present);
  return {
    today: isoDay(wb.today),
    preview: !preparing,
    customers: wb.customers.length,
    planned: plan.customers.filter((c) => c.nextDay !== undefined).length,
    dueToday: plan.due.length,
    held: plan.due.length - ready.length,
    prepared,
    preparedByScenario,
    noticeTo,
    skipped: preparing ? plan.skipped.length : 0,
    optedOutDrafts: optedOut,
    mailFailed: mailFailures.failed,
    gmailLimit: mailFailures.gmailLimit,
    mailOwnerOnly: mailFailures.ownerOnly,
    interrupted: mailFailures.interrupted
      ? ready.length - CHANNELS.reduce((sum, c) => sum + prepared[c], 0) - mailFailures.failed
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
      ...(mailBlocked ? [permissionMessage('email', mailMissing)] : []),
    ],
  };
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
  return { ...nothingDone(isoDay(wb.today), wb.customers.length), unfinished: ['今日の計画と準備'] };
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
    prepared: emptyCounts(),
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

/** 電話リスト shows every call planned for today or before that is not done yet. */
export function rebuildCalls(wb: LoadedWorkbook, unread?: readonly UnreadResult[]): void {
  const customers = new Map(wb.customers.map((c) => [c.id, c]));
  const calls = wb.log
    .records()
    .filter((r) => r.channel === '電話' && r.state === '予定' && (r.plannedDay ?? wb.today) <= wb.today);
  rebuildPhoneList(
    wb.ss,
    calls.map((r) => ({
      plannedDay: instantOfDay(r.plannedDay ?? wb.today, wb.timeZone),
      customerId: r.customerId,
      name: r.name,
      phone: customers.get(r.customerId)?.phone ?? '',
      title: stepLabel(r.scenario, r.step),
      reason: r.note,
      talkingPoints: r.content,
      key: r.key,
    })),
    unread,
  );
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

/**
 * The 件名 line of an email's 内容 (see contentOf), and the 元の件名 line right after it once the owner changed the
 * subject in Gmail.
 */
const SUBJECT_LINES = /^件名: ([^\n]*)(?:\n元の件名: ([^\n]*))?/m;

/**
 * An open draft as Gmail now has it: when the owner changed its subject (which moves it to a new thread), its row
 * gets the new スレッドID and the new 件名 in 内容, the subject it was made with kept as 元の件名 — only those cells
 * (staged; the caller flushes). So a draft sent later is found in its new thread, or by either subject.
 */
export function followOpenDraft(wb: LoadedWorkbook, record: ContactRecord, now: OpenDraft): void {
  const changes: Partial<LogEntry> = {};
  if (now.threadId && now.threadId !== record.threadId) changes.threadId = now.threadId;
  const content = withSubject(record.content, now.subject);
  if (content !== record.content) changes.content = content;
  if (Object.keys(changes).length === 0) return;
  wb.log.update(record.index, changes);
  Object.assign(record, changes);
}

/** 内容 with the 件名 line saying `subject`, and 元の件名 the subject it was made with when that differs. */
function withSubject(content: string, subject: string): string {
  const current = subject.trim();
  const found = SUBJECT_LINES.exec(content);
  if (!current || !found || found[1].trim() === current) return content;
  const original = (found[2] ?? found[1]).trim();
  const lines = original === current ? `件名: ${current}` : `件名: ${current}\n元の件名: ${original}`;
  return content.replace(SUBJECT_LINES, () => lines);
}

/**
 * A 下書き row as Gmail can be asked about it: its ids, and the recipient and subjects its 内容 recorded (see
 * contentOf and followOpenDraft) with the day it was prepared, to find its sent mail when its thread is gone.
 */
export function trackedDraft(record: ContactRecord, timeZone: string): TrackedDraft {
  const to = /^宛先: (.*)$/m.exec(record.content)?.[1]?.trim() ?? '';
  const subjects = SUBJECT_LINES.exec(record.content);
  return {
    draftId: record.draftId,
    threadId: record.threadId,
    to,
    subjects: subjects ? [subjects[1], subjects[2] ?? ''].map((s) => s.trim()).filter(Boolean) : [],
    since: record.at === undefined ? new Date(0) : instantOfDay(record.at, timeZone),
  };
}

/**
 * LINE's text message: at most 5,000 characters, counted in UTF-16 code units as String.length counts them
 * (https://developers.line.biz/en/reference/messaging-api/#text-message, /docs/messaging-api/text-character-count/).
 */
const LINE_TEXT_LIMIT = 5_000;
/** What 連絡履歴 内容 can keep of an email or a letter with room for its address lines (a cell holds 50,000). */
const MESSAGE_LIMIT = 40_000;

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

/** The settings the 特定電子メール法 footer still lacks ([] when every email can carry it). */
export function footerProblemsOf(wb: LoadedWorkbook): string[] {
  return footerProblems({
    shopName: wb.settings.shopName,
    address: wb.settings.shopAddress,
    phone: wb.settings.shopPhone,
    email: wb.settings.shopEmail,
  });
}

/**
 * Why a due contact may not be prepared yet, split by whose they are: `row`, this customer's (their 要確認), and
 * `shop`, the shop's (a blank setting or 提案文, the email footer's settings), said once in the summary and the
 * sidebar rather than on every row (message-style.md).
 */
export function heldParts(
  due: DueContact,
  message: ComposedMessage,
  footer: readonly string[],
): { row: string[]; shop: string[] } {
  const row = [...message.problems];
  const shop = [...message.shopProblems];
  // One over-long value (a 購入商品 pasted many times over) holds that customer's message, never the run.
  const limit = due.channel === 'LINE' ? LINE_TEXT_LIMIT : MESSAGE_LIMIT;
  if (message.body.length + message.subject.length > limit)
    row.push(
      `文面が長すぎるため（${String(message.body.length).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}字。${due.channel === 'LINE' ? 'LINEは1通5,000字まで' : '連絡履歴に残せるのは4万字まで'}）、準備していません。購入商品やメモなど、文面に入る欄が長すぎないか確かめてください`,
    );
  if (due.channel === 'メール' && footer.length > 0)
    shop.push(
      'メールの法定表示に必要な設定（店名・店舗住所・連絡先）が足りないため、メールを準備していません',
    );
  return { row, shop };
}

/** Why a due contact may not be prepared yet, all of it (a sidebar card, an action the owner asked for). */
export function heldBecause(due: DueContact, message: ComposedMessage, footer: readonly string[]): string[] {
  const { row, shop } = heldParts(due, message, footer);
  return [...row, ...shop];
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
): DueContact[] {
  const rows = new Map(plan.customers.map((c) => [c.index, c]));
  const ready: DueContact[] = [];
  for (const due of plan.due) {
    const { row: mine, shop } = heldParts(due, messages.get(due) as ComposedMessage, footer);
    if (mine.length === 0 && shop.length === 0) {
      ready.push(due);
      continue;
    }
    for (const problem of shop) waiting.set(problem, (waiting.get(problem) ?? 0) + 1);
    const row = rows.get(due.customer.index);
    if (!row) continue;
    if (mine.length > 0)
      row.attention = [row.attention, ...mine, '直すと次の実行で準備します'].filter(Boolean).join('／');
    else if (row.reason && !row.reason.includes(SHOP_WAIT)) row.reason = `${row.reason}。${SHOP_WAIT}`;
  }
  return ready;
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

/** The shop's problems that held contacts, once each with how many they held. */
export function waitingLines(waiting: ReadonlyMap<string, number>): string[] {
  return [...waiting].map(([problem, n]) => `${problem}（${n}件を保留中）`);
}

/**
 * Writes 次回連絡日 … 要確認, at most one block per run of adjacent system columns and only over the rows that
 * changed. The 顧客ID column is read again first: if the owner sorted the sheet during the run, each value still
 * lands on its customer's row.
 */
export function writeCustomerPlan(wb: LoadedWorkbook, rows: readonly CustomerPlan[]): void {
  const table = wb.customerTable;
  if (SYSTEM_FIELDS.some((f) => table.columns[f] === undefined)) {
    ensureColumns(table, CUSTOMER_COLUMNS, SYSTEM_FIELDS);
    rememberTags(table, CUSTOMER_COLUMNS, tagMemo);
  }
  const count = table.rows.length;
  if (count === 0) return;
  const idCol = table.columns.id as number;
  const currentIds = table.sheet
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

/**
 * Intent first (準備中, flushed), then the side effect, then the confirmed state — all in whole blocks. Once Gmail
 * says its daily quota is used up, the remaining emails are left 失敗 without asking again: the next run retries them.
 */
export function prepare(
  wb: LoadedWorkbook,
  due: readonly DueContact[],
  messages: Map<DueContact, ComposedMessage>,
  mail: MailDrafts,
  prepared: Record<Channel, number>,
  budget: Budget = new Budget(wb.now.getTime()),
  /** Gmail not permitted: emails are left 失敗 with what to grant, and retried by a later run. */
  mailBlocked = false,
): { failed: number; gmailLimit: boolean; interrupted: boolean; ownerOnly: string } {
  let failed = 0;
  let gmailLimit = false;
  let ownerOnly = '';
  let interrupted = false;
  // A row left 準備中 (interrupted) or 失敗 (Gmail threw after making the draft, perhaps) may already have its
  // draft: look them up once, only when there are such rows.
  const resumed = new Set(
    wb.records.filter((r) => r.state === '準備中' || r.state === '失敗').map((r) => r.index),
  );
  let drafts: Map<string, DraftRef> | null = null;
  const intents: LogEntry[] = due.map((d) => ({
    at: wb.now,
    customerId: d.customer.id,
    name: d.customer.name,
    scenario: d.step.scenario,
    step: d.step.step,
    channel: d.channel,
    state: '準備中',
    plannedDay: wb.today,
    content: contentOf(d, messages.get(d)),
    key: d.step.key,
    note: d.reason,
    flags: flagsText(d.step, messages.get(d)?.task),
    address: addressFor(d.customer, d.channel),
  }));
  const fresh = due.flatMap((d, i) => (d.retryOf === undefined ? [intents[i]] : []));
  const appended = wb.log.append(fresh);
  const indexes = due.map((d) => (d.retryOf === undefined ? (appended.shift() as number) : d.retryOf));
  due.forEach((d, i) => {
    if (d.retryOf !== undefined) wb.log.update(d.retryOf, intents[i]);
  });
  wb.log.flush();
  SpreadsheetApp.flush();

  const outbox = [];
  for (let i = 0; i < due.length; i++) {
    // Near Apps Script's time limit: the rest stay 準備中 (their intent is on the sheet) for the next hour's run.
    if (budget.over()) {
      interrupted = true;
      break;
    }
    const contact = due[i];
    const message = messages.get(contact) as ComposedMessage;
    const index = indexes[i];
    switch (contact.channel) {
      case 'メール': {
        if (mailBlocked) {
          failed++;
          wb.log.update(index, { state: '失敗', note: GMAIL_PERMISSION_NOTE });
          continue;
        }
        if (gmailLimit || ownerOnly) {
          failed++;
          wb.log.update(index, { state: '失敗', note: ownerOnly || GMAIL_LIMIT_NOTE });
          continue;
        }
        try {
          let made: DraftRef | undefined;
          if (contact.retryOf !== undefined && resumed.has(contact.retryOf)) {
            drafts ??= unclaimedDrafts(wb, mail);
            const lookup = draftLookupKey(contact.customer.email as string, message.subject);
            made = drafts.get(lookup);
            drafts.delete(lookup); // one draft answers for one contact
          }
          const ref =
            made ??
            mail.create({
              to: contact.customer.email as string,
              subject: message.subject,
              body: message.body,
              htmlBody: message.htmlBody,
              senderName: wb.settings.senderName || wb.settings.shopName,
            });
          wb.log.update(index, { state: '下書き', draftId: ref.draftId, threadId: ref.threadId });
        } catch (error) {
          // Gmail's daily quota or a passing error: the step stays pending and is retried while its window is open.
          failed++;
          if (error instanceof OwnerOnlyError) {
            // Another editor's run: the owner's next run makes these drafts in the owner's Gmail.
            ownerOnly = error.message;
            wb.log.update(index, { state: '失敗', note: ownerOnly });
            continue;
          }
          gmailLimit = isDailyQuotaError(error);
          wb.log.update(index, {
            state: '失敗',
            note: gmailLimit
              ? GMAIL_LIMIT_NOTE
              : `Gmailの下書きを作れませんでした（${errorText(error)}）。次の実行でもう一度試します`,
          });
          continue;
        }
        break;
      }
      case 'LINE': {
        const approved = wb.settings.lineAutoSend;
        outbox.push({
          key: contact.step.key,
          customerId: contact.customer.id,
          name: contact.customer.name,
          lineUserId: contact.customer.lineUserId as string,
          message: message.body,
          approved,
          state: approved ? ('承認済' as const) : ('承認待ち' as const),
        });
        wb.log.update(index, { state: approved ? '承認済' : '承認待ち' });
        break;
      }
      case '手紙':
        wb.log.update(index, { state: '印刷待ち' });
        break;
      case '電話':
        wb.log.update(index, { state: '予定' });
        break;
    }
    prepared[contact.channel]++;
  }
  // LINE drafts still waiting keep their outbox row even if the owner deleted LINE送信: rows already there are
  // left alone by appendToOutbox.
  appendToOutbox(wb.ss, [...waitingLine(wb), ...outbox]);
  wb.log.flush();
  return { failed, gmailLimit, interrupted, ownerOnly };
}

function waitingLine(wb: LoadedWorkbook): OutboxRow[] {
  const customers = new Map(wb.customers.map((c) => [c.id, c]));
  return wb.records.flatMap((r): OutboxRow[] => {
    const lineUserId = customers.get(r.customerId)?.lineUserId;
    if (r.channel !== 'LINE' || !r.key || !lineUserId || (r.state !== '承認待ち' && r.state !== '承認済'))
      return [];
    // A copied LINE's row is LINE送信's own: never put back under its 連絡履歴 key (it would go out again).
    if (isCopyKey(r.key)) return [];
    const approved = r.state === '承認済';
    return [
      {
        key: r.key,
        customerId: r.customerId,
        name: r.name,
        lineUserId,
        message: r.content,
        approved,
        state: r.state,
        restored: true,
      },
    ];
  });
}

/** Drafts in Gmail that no 連絡履歴 row holds yet: the only ones an interrupted contact may take as its own. */
function unclaimedDrafts(wb: LoadedWorkbook, mail: MailDrafts): Map<string, DraftRef> {
  const held = new Set(wb.records.map((r) => r.draftId).filter(Boolean));
  const drafts = mail.existing();
  for (const [lookup, ref] of drafts) if (held.has(ref.draftId)) drafts.delete(lookup);
  return drafts;
}

const GMAIL_PERMISSION_NOTE = `Gmailの許可（「${scopeLabel(SCOPE.gmail)}」）がないため、下書きを作れません。許可すると次の実行で作ります`;
const GMAIL_LIMIT_NOTE = 'Gmailの1日の上限に達したため、次の実行で下書きを作ります';

/** Apps Script's words when a service's daily quota is used up. */
function isDailyQuotaError(error: unknown): boolean {
  return /too many times for one day/i.test(errorText(error));
}

/** What went out, as 連絡履歴 keeps it; an email names its address so a bounce can be told from a new one. */
function contentOf(contact: DueContact, message: ComposedMessage | undefined): string {
  if (!message) return '';
  if (contact.channel === 'メール')
    return `宛先: ${contact.customer.email}\n件名: ${message.subject}\n${message.body}`;
  // A call's purpose heads its talking points as 【目的】 already: no 件名 (an email's word) above them.
  if (contact.channel === '電話') return message.body;
  return message.subject ? `件名: ${message.subject}\n${message.body}` : message.body;
}

function emptyCounts(): Record<Channel, number> {
  return Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
