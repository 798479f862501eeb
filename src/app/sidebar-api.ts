import { composeMessage } from '../core/compose';
import { readFlags, taskText, type GiftTask } from '../core/flags';
import { keyAnchor, keyRule } from '../core/keys';
import { dayOfInstant, isoDay, type Day } from '../core/day';
import { isPendingState } from '../core/history';
import { holdsItsDay } from '../core/policy';
import { forecastLines, mailKindOf } from '../core/forecast';
import { heldLines, type Plan } from '../core/plan';
import type { ContactRecord } from '../core/types';
import { reasonUnder, SCENARIO, SHEET, stepLabel, type Channel } from '../labels';
import type {
  FollowUpDetail,
  FollowUpItem,
  FollowUpPage,
  TodayView,
  VacancyOfferView,
} from '../shared/sidebar-types';
import { gmailDraftsUrl } from '../channels/gmail';
import { ownerAccount, runsAsOwner } from './owner';
import { knownQuota } from '../channels/line-api';
import { outboxStates } from '../channels/line-outbox';
import { footerProblemsOf, heldParts, waitingLines } from './prepare/held';
import { isPreparing, planStaleMark } from './properties';
import { writeWholePlan } from './daily-run';
import { getAutoRunState } from './auto-run';
import { customerHeaderOf, loadWorkbook, planOf, type LoadedWorkbook } from './workbook';
import { LostLogError } from './log-guard';
import { callCards } from './call-card';
import { countExamples, examplesLine } from '../core/examples';
import { seasonCardOf, unfitCardLines } from './season';

/** Calls first: they are the follow-ups that need the owner's own time today. */
const SIDEBAR_ORDER: readonly Channel[] = ['電話', 'LINE', 'メール', '手紙'];

/** Items per group in the list; the sidebar asks for the rest a page at a time. */
export const PAGE_SIZE = 100;

/** Today's and overdue follow-ups for the sidebar: prepared contacts from 連絡履歴, plus what is due but not yet prepared. */
export function getTodayFollowUps(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  /** Keeps what the list says for the next click (list-said.ts). */
  remember?: (wb: LoadedWorkbook, plan: Plan) => void,
): TodayView {
  const wb = loadedOrLost(ss, now);
  // 連絡履歴 lost: nothing to list, only how to bring it back.
  if (wb instanceof LostLogError)
    return {
      today: isoDay(dayOfInstant(now, ss.getSpreadsheetTimeZone())),
      preview: !isPreparing(),
      autoRun: getAutoRunState().on,
      groups: [],
      total: 0,
      lineRemaining: null,
      nextDate: null,
      problems: [wb.message],
      forecast: [],
      mailOwner: null,
    };
  const plan = planOf(wb);
  remember?.(wb, plan);
  return viewOf(wb, plan);
}

/**
 * The list, with the whole plan written to 顧客 when a sidebar action left it to be (its mark, planStaleMark). The
 * workbook is read and planned without the script lock: a whole read takes about 12 s at 10,000 customers and 100 s
 * at 100,000 (npm run bench), and the owner's next click, made while it runs, would wait for the lock 10 s and then
 * be turned away. The plan is written in `whileLocked` (the lock taken), and only if the mark is still `mark`: an
 * action since then left a new one (its own rows may be newer than this read), a run that wrote the whole plan left
 * none. writeCustomerPlan reads the 顧客IDs again just before writing, so rows the owner sorted meanwhile are found.
 */
export function refreshedToday(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  mark: string,
  whileLocked: (work: () => void) => void,
  remember?: (wb: LoadedWorkbook, plan: Plan) => void,
): TodayView {
  const wb = loadedOrLost(ss, now);
  if (wb instanceof LostLogError) return getTodayFollowUps(ss, now);
  const plan = planOf(wb);
  whileLocked(() => {
    if (planStaleMark() !== mark) return;
    writeWholePlan(wb, plan.customers);
    remember?.(wb, plan);
  });
  return viewOf(wb, plan);
}

/**
 * The workbook as a sidebar call reads it, or the LostLogError loading it raised: loading finds a deleted, emptied
 * or partly deleted 連絡履歴 itself (and makes no empty one), so no check of its own is needed first.
 */
function loadedOrLost(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
): LoadedWorkbook | LostLogError {
  try {
    return loadWorkbook(ss, now);
  } catch (error) {
    if (error instanceof LostLogError) return error;
    throw error;
  }
}

/**
 * The next page of one group: the items the sidebar does not show yet (by key, so a list that changed in between
 * neither skips nor repeats anything).
 */
export function getFollowUpPage(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  channel: unknown,
  shownKeys: unknown,
): FollowUpPage {
  const wb = loadedOrLost(ss, now);
  if (wb instanceof LostLogError) return { items: [], remaining: 0 };
  const shown = new Set(Array.isArray(shownKeys) ? shownKeys.filter((k) => typeof k === 'string') : []);
  if (typeof channel !== 'string') return { items: [], remaining: 0 };
  const rest = todayItems(wb, planOf(wb), { channel: channel as Channel })
    .map((f) => f.item)
    .filter((i) => !shown.has(i.key));
  return { items: rest.slice(0, PAGE_SIZE), remaining: Math.max(0, rest.length - PAGE_SIZE) };
}

/** One follow-up's message, for the card the owner opens. */
export function getFollowUpDetail(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  key: unknown,
): FollowUpDetail | null {
  const wb = loadedOrLost(ss, now);
  if (wb instanceof LostLogError || typeof key !== 'string') return null;
  const [found] = todayItems(wb, planOf(wb), { key });
  return found ? { key: found.item.key, preview: found.preview, lineText: found.lineText } : null;
}

export function viewOf(wb: LoadedWorkbook, plan: Plan): TodayView {
  const all = todayItems(wb, plan);
  const items = all.map((f) => f.item);
  const upcoming = plan.customers
    .map((c) => c.nextDay)
    .filter((d): d is Day => d !== undefined && d > wb.today);
  return {
    today: isoDay(wb.today),
    preview: !isPreparing(),
    autoRun: getAutoRunState().on,
    groups: SIDEBAR_ORDER.map((channel: Channel) => {
      const members = items.filter((i) => i.channel === channel);
      return {
        channel,
        total: members.length,
        items: members.slice(0, PAGE_SIZE),
        preparable: bulkKeys(members, 'prepare').length,
        sendable: bulkKeys(members, 'approveLine').length,
      };
    }).filter((g) => g.total > 0),
    total: items.length,
    lineRemaining: items.some((i) => i.channel === 'LINE') ? (knownQuota()?.remaining ?? null) : null,
    nextDate:
      items.length === 0 && upcoming.length > 0 ? isoDay(upcoming.reduce((a, b) => (b < a ? b : a))) : null,
    problems: [...wb.setupProblems, ...heldLines(plan, customerHeaderOf(wb)), ...shopWaitLines(all)],
    forecast: [...forecastLines(plan.queues), ...unfitCardLines(plan)],
    mailOwner: runsAsOwner() ? null : ownerAccount(),
    vacancyOffers: vacancyOffersOf(wb, plan),
    examples: examplesLine(countExamples(wb.customers)),
    season: seasonCardOf(wb, plan),
  };
}

/** The shop's problems that hold today's contacts, once each with how many (message-style.md). */
function shopWaitLines(items: readonly FullItem[]): string[] {
  const waiting = new Map<string, number>();
  for (const { shopWaits = [] } of items)
    for (const w of shopWaits) waiting.set(w, (waiting.get(w) ?? 0) + 1);
  return waitingLines(waiting);
}

/**
 * Who was offered which 空き枠 (S5), for slots still to come: the offers in 連絡履歴 (not スキップ) and today's offers
 * not yet prepared, by slot. The slot is named as the messages name it, or from the offer's key when the row of
 * 空き枠 is gone.
 */
function vacancyOffersOf(wb: LoadedWorkbook, plan: Plan): VacancyOfferView[] {
  const names = new Map(wb.customers.map((c) => [c.id, `${c.name} ${c.honorific}`]));
  const bySlot = new Map<string, string[]>();
  const add = (anchor: string, customerId: string, what: string) => {
    if (anchor < `${isoDay(wb.today)} ${clock(wb.moment.minutes)}`) return; // the slot has passed
    const list = bySlot.get(anchor) ?? [];
    list.push(`${names.get(customerId) ?? customerId}（${what}）`);
    bySlot.set(anchor, list);
  };
  for (const r of wb.records) {
    if (r.scenario !== SCENARIO.vacancy || r.state === 'スキップ' || !r.key) continue;
    add(keyAnchor(r.key), r.customerId, [r.channel, r.state].filter(Boolean).join('・'));
  }
  for (const due of plan.due)
    if (due.step.scenario === SCENARIO.vacancy)
      add(due.step.anchor, due.customer.id, `${due.channel}・今日準備`);
  const labels = new Map(wb.slots.map((s) => [s.anchor, s.label]));
  return [...bySlot]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([anchor, to]) => ({ slot: labels.get(anchor) ?? anchor.replace(/-/g, '/'), to }));
}

/** Minutes after midnight as HH:MM, the form of a slot's anchor. */
function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The items a group's bulk action applies to: what can be prepared now, or the LINE that can be approved. */
export function bulkKeys(items: readonly FollowUpItem[], action: 'prepare' | 'approveLine'): string[] {
  return items
    .filter((i) =>
      action === 'prepare' ? i.state === '' && i.problem === '' : i.channel === 'LINE' && i.problem === '',
    )
    .map((i) => i.key);
}

interface FullItem {
  item: FollowUpItem;
  preview: string;
  lineText: string | null;
  /** The shop's problems that hold it (said once, in the banner). */
  shopWaits?: readonly string[];
}

/**
 * 連絡履歴 rows the sidebar lists and acts on: prepared and not finished. A row the plan is closing (its window
 * ended) is not today's to do; a 失敗, 準備中 or due 延期 row is one only as the plan places it (as due today).
 */
export function openRows(wb: LoadedWorkbook, plan: Plan): ContactRecord[] {
  const closing = new Set(plan.closed.map((c) => c.record.index));
  return wb.records.filter((r) => isPendingState(r.state) && holdsItsDay(r) && !closing.has(r.index));
}

/** One item or one group: only its messages are composed (a card's or a page's request needs no others). */
interface ItemFilter {
  key?: string;
  channel?: Channel;
}

/** Every follow-up of today with its message, in the order the list shows them. */
export function todayItems(wb: LoadedWorkbook, plan: Plan, only: ItemFilter = {}): FullItem[] {
  const wanted = (key: string, channel: Channel) =>
    (only.key === undefined || key === only.key) && (only.channel === undefined || channel === only.channel);
  const items: FullItem[] = [];
  const lastDate = (day: Day | undefined) => (day === undefined ? null : isoDay(day));
  const names = new Map(wb.customers.map((c) => [c.id, c.name]));
  const lineTexts = outboxStates(wb.ss).waiting;
  const cardOf = callCards(wb);
  // A call card carries the number, メモ and the last call (message-style.md); other cards nothing more.
  const callFields = (channel: Channel, customerId: string) => (channel === '電話' ? cardOf(customerId) : {});
  let drafts = '';
  // Gmail opens a draft for editing from its drafts folder by the draft message's id (a new draft's thread id).
  const draftUrl = (threadId: string) => {
    // The drafts are in the owner's mailbox, whoever has the sidebar open.
    drafts = drafts || gmailDraftsUrl(ownerAccount() || undefined);
    return `${drafts}?compose=${encodeURIComponent(threadId)}`;
  };
  for (const r of openRows(wb, plan)) {
    if (!r.channel || !wanted(r.key, r.channel)) continue;
    const day = r.plannedDay ?? r.at ?? wb.today;
    if (day > wb.today) continue;
    items.push({
      item: {
        key: r.key,
        customerId: r.customerId,
        name: names.get(r.customerId) ?? r.name,
        title: stepLabel(r.scenario, r.step),
        channel: r.channel,
        date: isoDay(wb.today),
        daysLate: wb.today - day,
        lastDate: lastDate(plan.lastDays.get(r.key)),
        reason: reasonUnder(stepLabel(r.scenario, r.step), r.note),
        state: r.state ?? '',
        draftUrl: r.state === '下書き' && r.threadId ? draftUrl(r.threadId) : null,
        // Held by data to fix (contract 3): shown with what to fix, and not approved or sent meanwhile.
        problem: plan.heldKeys.get(r.key) ?? '',
        task: taskLine(readFlags(r.flags ?? '').task),
        ...callFields(r.channel, r.customerId),
        // Only a draft nothing holds may be chosen: a held one shows its problem and no tick box.
        ...(r.channel === 'メール' && r.state === '下書き' && r.draftId && !plan.heldKeys.has(r.key)
          ? { draftReady: true }
          : {}),
        ...lineCodeOf(wb, r.customerId),
        ...printOnOf(r.channel, r.key),
        ...(r.sheetRow ? { row: r.sheetRow } : {}),
      },
      // The whole message: the card scrolls a long one (issue 16 item 6), nothing is cut.
      preview: r.content,
      lineText: r.channel === 'LINE' ? (lineTexts.get(r.key) ?? r.content) : null,
    });
  }
  const footer = footerProblemsOf(wb);
  for (const due of plan.due) {
    if (!wanted(due.step.key, due.channel)) continue;
    const message = composeMessage(due, wb);
    const held = heldParts(due, message, footer);
    items.push({
      item: {
        key: due.step.key,
        customerId: due.customer.id,
        name: due.customer.name,
        title: stepLabel(due.step.scenario, due.step.step, due.step.fields?.['号']),
        channel: due.channel,
        date: isoDay(wb.today),
        daysLate: due.daysLate,
        lastDate: lastDate(due.step.last),
        reason: reasonUnder(stepLabel(due.step.scenario, due.step.step, due.step.fields?.['号']), due.reason),
        state: '',
        draftUrl: null,
        problem: [...held.row, ...held.shop].join('／'),
        task: taskLine(message.task),
        ...callFields(due.channel, due.customer.id),
        ...lineCodeOf(wb, due.customer.id),
        ...printOnOf(due.channel, due.step.key),
      },
      preview: message.body,
      lineText: due.channel === 'LINE' ? message.body : null,
      shopWaits: held.shop,
    });
  }
  return items;
}

/** Where a letter prints from: greeting cards (a rule whose mail is はがき) on the はがき sheet, the rest on 手紙. */
function printOnOf(channel: Channel, key: string): { printOn?: string } {
  if (channel !== '手紙') return {};
  return { printOn: mailKindOf(keyRule(key)) === 'postcard' ? SHEET.postcards : SHEET.letters };
}

/** The customer's 連携コード on their card, while they are not on LINE yet (the shop has LINE set up). */
function lineCodeOf(wb: LoadedWorkbook, customerId: string): { lineCode?: string } {
  const code = wb.lineInvites.get(customerId);
  return code ? { lineCode: code } : {};
}

function taskLine(task: GiftTask | undefined): string {
  return task ? taskText(task) : '';
}

/** Asked of LINE only when there is LINE to send today: two quick requests, skipped without a token. */
