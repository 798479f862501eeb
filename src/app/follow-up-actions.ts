import { addDays, isoDay, parseIsoDay, slashDay, type Day } from '../core/day';
import { isPendingState } from '../core/history';
import type { DueContact } from '../core/plan';
import type { ContactRecord } from '../core/types';
import { composeMessage } from '../core/compose';
import type { ActionReply, CallOutcomeName, FollowUpAction } from '../shared/sidebar-types';
import { gmailDrafts, type MailDrafts } from '../channels/gmail';
import { isSendingOrSent, withdrawFromOutbox } from '../channels/line-outbox';
import type { LogEntry } from '../sheets/log';
import { rebuildCalls, writeCustomerPlan } from './daily-run';
import { rebuildLetters } from './letters';
import { viewOf } from './sidebar-api';
import { loadWorkbook, planOf, type LoadedWorkbook } from './workbook';

const CALL_OUTCOMES: readonly CallOutcomeName[] = ['満足', '不満', '不在'];
/** The furthest a step without a window (a recurring one) may be snoozed. */
const MAX_SNOOZE_DAYS = 365;
const NOT_FOUND =
  'この連絡は見つかりませんでした（すでに済んだか、計画が変わりました）。一覧を再読み込みしてください。';

/** One follow-up as the sidebar knows it: a pending 連絡履歴 row, or a step due today that is not prepared yet. */
type Target = { kind: 'record'; record: ContactRecord } | { kind: 'due'; due: DueContact };

/**
 * What the owner did with one follow-up in the sidebar: a call made (満足 / 不満 / 不在), スキップ, or 延期 to a
 * date. Only 連絡履歴 and Tsunagu's own views change; then the plan is written again and the list returned.
 */
export function applyFollowUpAction(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  request: unknown,
  mail: MailDrafts = gmailDrafts,
): ActionReply {
  const action = readAction(request);
  if (!action) return { ok: false, message: '操作を読み取れませんでした。一覧を再読み込みしてください。' };
  const wb = loadWorkbook(ss, now);
  const plan = planOf(wb);
  const target = findTarget(wb, plan.due, action.key);
  if (!target) return { ok: false, message: NOT_FOUND };
  const outcome = apply(wb, target, action, plan.lastDays.get(action.key), mail);
  if (!outcome.ok) return outcome;
  wb.log.flush();

  const after = loadWorkbook(ss, now);
  const replanned = planOf(after);
  writeCustomerPlan(after, replanned.customers);
  if (channelOf(target) === '電話') rebuildCalls(after);
  if (channelOf(target) === '手紙') rebuildLetters(ss, after.log, after.today);
  return { ...outcome, view: viewOf(after, replanned) };
}

function apply(
  wb: LoadedWorkbook,
  target: Target,
  action: FollowUpAction,
  lastDay: Day | undefined,
  mail: MailDrafts,
): ActionReply {
  const name = target.kind === 'record' ? target.record.name : target.due.customer.name;
  switch (action.action) {
    case 'called': {
      if (channelOf(target) !== '電話') return { ok: false, message: '電話の連絡ではありません。' };
      record(wb, target, { state: '完了', result: action.outcome, at: wb.now });
      const next = action.outcome === '不在' ? '（次の営業日にもう一度お電話する予定を入れます）' : '';
      return { ok: true, message: `${name} 様への電話を「${action.outcome}」で記録しました。${next}` };
    }
    case 'skip': {
      if (isBeingSent(wb, target)) return { ok: false, message: SENDING };
      release(wb, target, mail, '取り下げ: オーナーがスキップしました');
      const reason = target.kind === 'record' ? target.record.note : target.due.reason;
      record(wb, target, { state: 'スキップ', at: wb.now, note: `オーナーがスキップ。${reason}` });
      return { ok: true, message: `${name} 様への連絡をスキップしました。` };
    }
    case 'snooze': {
      if (isBeingSent(wb, target)) return { ok: false, message: SENDING };
      const day = parseIsoDay(action.date) as Day;
      const latest = lastDay ?? addDays(wb.today, MAX_SNOOZE_DAYS);
      if (day <= wb.today) return { ok: false, message: '延期する日は明日以降を選んでください。' };
      if (day > latest)
        return {
          ok: false,
          message: `この連絡は${slashDay(latest)}までです。それより前の日を選んでください。`,
        };
      release(wb, target, mail, `取り下げ: ${slashDay(day)}に延期しました`);
      record(wb, target, { state: '延期', plannedDay: day, draftId: '', threadId: '' });
      return { ok: true, message: `${name} 様への連絡を${slashDay(day)}に延期しました。` };
    }
  }
}

const SENDING =
  'このLINEは送信中です。送れたかどうかを「LINE送信」シートで確かめてから、もう一度操作してください。';

function isBeingSent(wb: LoadedWorkbook, target: Target): boolean {
  return (
    target.kind === 'record' && target.record.channel === 'LINE' && isSendingOrSent(wb.ss, target.record.key)
  );
}

/** A prepared contact gives back what it holds: its Gmail draft is deleted, its LINE row withdrawn. */
function release(wb: LoadedWorkbook, target: Target, mail: MailDrafts, outboxNote: string): void {
  if (target.kind !== 'record') return;
  const { record: r } = target;
  if (r.state === '下書き' && r.draftId) mail.discard(r.draftId);
  if (r.channel === 'LINE') withdrawFromOutbox(wb.ss, new Set([r.key]), outboxNote);
}

/** Updates the pending row, or logs the due step as a new row already in its final state. */
function record(
  wb: LoadedWorkbook,
  target: Target,
  changes: Partial<LogEntry> & Pick<LogEntry, 'state'>,
): void {
  if (target.kind === 'record') {
    wb.log.update(target.record.index, changes);
    return;
  }
  const { due } = target;
  if (due.retryOf !== undefined) {
    wb.log.update(due.retryOf, { channel: due.channel, note: due.reason, ...changes });
    return;
  }
  const message = composeMessage(due, wb);
  wb.log.append([
    {
      at: wb.now,
      customerId: due.customer.id,
      name: due.customer.name,
      scenario: due.step.scenario,
      step: due.step.step,
      channel: due.channel,
      plannedDay: wb.today,
      content: due.channel === '電話' ? message.body : '',
      key: due.step.key,
      note: due.reason,
      ...changes,
    },
  ]);
}

function findTarget(wb: LoadedWorkbook, due: readonly DueContact[], key: string): Target | null {
  const found = due.find((d) => d.step.key === key);
  if (found) return { kind: 'due', due: found };
  const pending = wb.records.find((r) => r.key === key && isPendingState(r.state));
  return pending ? { kind: 'record', record: pending } : null;
}

function channelOf(target: Target): string {
  return target.kind === 'record' ? (target.record.channel ?? '') : target.due.channel;
}

/** The request comes from the browser: take only a well-formed action. */
function readAction(request: unknown): FollowUpAction | null {
  if (typeof request !== 'object' || request === null) return null;
  const { key, action, outcome, date } = request as Record<string, unknown>;
  if (typeof key !== 'string' || key.trim() === '') return null;
  if (action === 'called' && CALL_OUTCOMES.includes(outcome as CallOutcomeName))
    return { key, action, outcome: outcome as CallOutcomeName };
  if (action === 'skip') return { key, action };
  if (
    action === 'snooze' &&
    typeof date === 'string' &&
    parseIsoDay(date) !== null &&
    isoDay(parseIsoDay(date) as Day) === date
  )
    return { key, action, date };
  return null;
}
