import { composeMessage } from '../core/compose';
import { isoDay, type Day } from '../core/day';
import { isPendingState } from '../core/history';
import type { Plan } from '../core/plan';
import { type Channel } from '../labels';
import type { FollowUpItem, TodayView } from '../shared/sidebar-types';
import { lineConfig, quota } from '../channels/line-api';
import { outboxTexts } from '../channels/line-outbox';
import { footerProblemsOf, heldBecause } from './daily-run';
import { isPreparing } from './properties';
import { autoRunState } from './triggers';
import { loadWorkbook, planOf, type LoadedWorkbook } from './workbook';

const PREVIEW_CHARS = 240;
/** Calls first: they are the follow-ups that need the owner's own time today. */
const SIDEBAR_ORDER: readonly Channel[] = ['電話', 'LINE', 'メール', '手紙'];
/** Gmail opens a draft for editing from its drafts folder by the draft message's id (a new draft's thread id). */
const GMAIL_DRAFTS = 'https://mail.google.com/mail/u/0/#drafts';

/** Today's and overdue follow-ups for the sidebar: prepared contacts from 連絡履歴, plus what is due but not yet prepared. */
export function todayView(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date): TodayView {
  const wb = loadWorkbook(ss, now);
  return viewOf(wb, planOf(wb));
}

export function viewOf(wb: LoadedWorkbook, plan: Plan): TodayView {
  const items: FollowUpItem[] = [];
  const lastDate = (day: Day | undefined) => (day === undefined ? null : isoDay(day));
  const names = new Map(wb.customers.map((c) => [c.id, c.name]));
  const lineTexts = outboxTexts(wb.ss);
  // A 失敗 row, or a 延期 one whose day came, is due again: it is listed once, as due.
  const dueKeys = new Set(plan.due.map((d) => d.step.key));
  for (const r of wb.records) {
    if (!isPendingState(r.state) || !r.channel || dueKeys.has(r.key)) continue;
    const day = r.plannedDay ?? r.at ?? wb.today;
    if (day > wb.today) continue;
    items.push({
      key: r.key,
      customerId: r.customerId,
      name: names.get(r.customerId) ?? r.name,
      title: `${r.scenario}: ${r.step}`,
      channel: r.channel,
      date: isoDay(wb.today),
      daysLate: wb.today - day,
      lastDate: lastDate(plan.lastDays.get(r.key)),
      reason: r.note,
      state: r.state ?? '',
      preview: r.content.slice(0, PREVIEW_CHARS),
      draftUrl:
        r.state === '下書き' && r.threadId
          ? `${GMAIL_DRAFTS}?compose=${encodeURIComponent(r.threadId)}`
          : null,
      lineText: r.channel === 'LINE' ? (lineTexts.get(r.key) ?? r.content) : null,
      problem: '',
    });
  }
  const footer = footerProblemsOf(wb);
  for (const due of plan.due) {
    const message = composeMessage(due, wb);
    items.push({
      key: due.step.key,
      customerId: due.customer.id,
      name: due.customer.name,
      title: `${due.step.scenario}: ${due.step.step}`,
      channel: due.channel,
      date: isoDay(wb.today),
      daysLate: due.daysLate,
      lastDate: lastDate(due.step.last),
      reason: due.reason,
      state: '',
      preview: message.body.slice(0, PREVIEW_CHARS),
      draftUrl: null,
      lineText: due.channel === 'LINE' ? message.body : null,
      problem: heldBecause(due, message, footer).join('／'),
    });
  }
  const upcoming = plan.customers
    .map((c) => c.nextDay)
    .filter((d): d is Day => d !== undefined && d > wb.today);
  return {
    today: isoDay(wb.today),
    preview: !isPreparing(),
    autoRun: autoRunState().on,
    groups: SIDEBAR_ORDER.map((channel: Channel) => ({
      channel,
      items: items.filter((i) => i.channel === channel),
    })).filter((g) => g.items.length > 0),
    total: items.length,
    lineRemaining: items.some((i) => i.channel === 'LINE') ? lineRemaining() : null,
    nextDate: items.length === 0 && upcoming.length > 0 ? isoDay(Math.min(...upcoming) as Day) : null,
    problems: wb.setupProblems,
  };
}

/** Asked of LINE only when there is LINE to send today: two quick requests, skipped without a token. */
function lineRemaining(): number | null {
  const config = lineConfig();
  if (!config) return null;
  const left = quota(config);
  return 'error' in left ? null : left.remaining;
}
