/** Pending contacts no rule asks for any more: closed when that is evidence, held with what to fix when it is not. */
import { missingTrigger } from '../triggers';
import { findRule, triggersOf } from '../registry';
import { NOTE, stepLabel } from '../../labels';
import { type Day, leadingDay } from '../day';
import { isPendingState, type RowsByCustomer } from '../history';
import { isCopyKey, keyRule, parseKey } from '../keys';
import { howToStop } from '../guard';
import type { Channel, ContactRecord, Customer } from '../types';
import { count, type CustomerRun, LIMIT_ITEMS, type Plan, type PlanInput } from './model';

/**
 * A pending row that no rule asks for any more — the customer came back after a cancellation, a newer visit or
 * complaint date replaced the old one, a vacancy slot has passed, a newsletter issue is over — is closed, so an
 * outdated message can never be sent. Rows of a customer whose data has problems are left alone until fixed.
 */
export function closeOrphans(run: CustomerRun, input: PlanInput, plan: Plan, closedBefore: number): void {
  const { unasked } = run;
  if (!unasked || unasked.size === 0) return;
  // Rows this customer's run already closed (a lapsed window, a replaced visit).
  const closing = new Set(plan.closed.slice(closedBefore).map((c) => c.record));
  if (run.customer.problems.length > 0) {
    // A value that cannot be read (a date cell turned to 「不明」) holds the contacts no rule asked for: counted.
    for (const record of run.history)
      if (record.key && isPendingState(record.state) && !closing.has(record) && unasked.has(record.key)) {
        run.problems.push(
          `${stepLabel(record.scenario, record.step)}の予定を保留しています（要確認を直すと続けます）`,
        );
        count(plan.held, 'unreadable');
        plan.heldKeys.set(record.key, '顧客シートのこの行に読めない値があります（「要確認」列）');
      }
    return;
  }
  for (let i = 0; i < run.history.length; i++) {
    const record = run.history[i];
    if (!record.key || !isPendingState(record.state) || closing.has(record)) continue;
    // A copied LINE is the outbox's to settle, not a rule's.
    if (!unasked.has(record.key) || isCopyKey(record.key)) continue;
    if (findRule(keyRule(record.key))?.keepsPending?.(record.key, input.now)) continue;
    // Only positive evidence closes a pending contact: when what its rule starts from is missing (a blank cell, a
    // header renamed for a day), the contact is held, with a 要確認, until the data is back.
    const missing = missingTrigger(record.key, run.customer);
    const moved = missing ? '' : movedBack(record.key, run.customer);
    if (moved) {
      // Not positive evidence: the date the step hangs on was corrected to an earlier day (11/20 → 11/19).
      run.problems.push(
        `${stepLabel(record.scenario, record.step)}の予定を保留しています（「${moved}」が前の日付に直されました。前の予定のままでよければ、このままで構いません。やめるときは、${howToStop(record)}）`,
      );
      continue;
    }
    if (missing) {
      run.problems.push(
        `${stepLabel(record.scenario, record.step)}の予定を保留しています（「${missing}」が空欄か、見出しが見つかりません。戻すと続けます）`,
      );
      count(plan.held, `missing:${missing}`);
      plan.heldKeys.set(record.key, `顧客シートの「${missing}」が空欄か、見出しが見つかりません`);
      continue;
    }
    // What the rule reads is gone from the workbook (a header renamed: 来店回数, カテゴリ's 初回フォロー日数) or names
    // nothing (a カテゴリ not in the カテゴリ table): no rule can say it is unwanted. Held.
    const unread = unreadInput(record.key, run.customer, input);
    if (unread) {
      run.problems.push(
        `${stepLabel(record.scenario, record.step)}の予定を保留しています（${unread}ため。直すと続けます）`,
      );
      count(plan.held, `input:${unread}`);
      plan.heldKeys.set(record.key, standalone(unread));
      continue;
    }
    plan.closed.push({ record, note: NOTE.noLongerNeeded });
  }
}

/**
 * A row deleted from 顧客 (or a 顧客ID changed) is no evidence that its pending contacts are unwanted, nor is a row
 * that cannot be planned (a duplicated 顧客ID, a blank 氏名): they are left as they are — not prepared, not sent,
 * not closed — and counted, so the summary can say what to fix.
 */
export function countPendingOfGone(
  byCustomer: RowsByCustomer,
  /** By 顧客ID's slot: MET when a 顧客 row has it, and BLOCKED too when one such row is blocked; 0 when none has. */
  met: Uint8Array,
  plan: Plan,
): void {
  for (let slot = 0; slot < byCustomer.rows.length; slot++) {
    if (met[slot] === 0) countPending(byCustomer.rows[slot], plan, 'gone');
    else if (met[slot] & BLOCKED) countPending(byCustomer.rows[slot], plan, 'blocked');
  }
}

/** What a 顧客 row says of the 顧客ID of a slot (countPendingOfGone): it is there, and it is blocked. */
export const MET = 1;
export const BLOCKED = 2;

/** Counts the customer's pending contacts (Tsunagu's own rows) as held for `why`. */
function countPending(history: readonly ContactRecord[], plan: Plan, why: 'gone' | 'blocked'): void {
  for (let i = 0; i < history.length; i++) {
    const { key, state } = history[i];
    if (!key || !isPendingState(state)) continue;
    count(plan.held, why);
    plan.heldKeys.set(key, HELD_BECAUSE[why]);
  }
}

const HELD_BECAUSE = {
  gone: '顧客シートにこの顧客IDの行がありません',
  blocked: '顧客IDが重なっているか、氏名が空欄です（「要確認」列）',
};

/**
 * Why a pending contact's rule cannot say it is unwanted this run (「見出し「来店回数」が見つからない」, to go before
 * ため), or '' when it can: a header the rule reads is missing, or the customer's カテゴリ is not in the カテゴリ table.
 */
function unreadInput(key: string, customer: Customer, input: PlanInput): string {
  const rule = findRule(keyRule(key));
  for (const header of rule?.reads ?? [])
    if (input.missingHeaders?.has(header)) return `見出し「${header}」が見つからない`;
  return rule?.unreadInput?.(customer, input.categories) ?? '';
}

/**
 * unreadInput's reason (plain form, to go before ため: 「カテゴリ「整体院」がカテゴリシートにない」, 「見出し「来店回数」
 * が見つからない」) as heldKeys says it, alone and polite like its other reasons: 「…にありません」「…が見つかりません」.
 * The card shows it after 「直すところ: 」 and heldNote inside 「保留中のため…（…）」, so it says the fact, not 保留 again.
 */
function standalone(unread: string): string {
  if (unread.endsWith('見つからない')) return `${unread.slice(0, -'見つからない'.length)}見つかりません`;
  if (unread.endsWith('にない') || unread.endsWith('がない'))
    return `${unread.slice(0, -'ない'.length)}ありません`;
  return `${unread}ためです`;
}

/**
 * One line per cause of held contacts, for the summary and the sidebar: how many are held and what to fix
 * (contract section 3: "要確認 and the summary say what to fix").
 */
export function heldLines(
  plan: Pick<Plan, 'held'>,
  /** Whether 顧客 has this header: without it the line asks for the header back, else for the blank values. */
  hasHeader: (header: string) => boolean = () => false,
): string[] {
  const lines: string[] = [];
  for (const [key, n] of plan.held) {
    const at = key.indexOf(':');
    const [kind, what] = at < 0 ? [key, ''] : [key.slice(0, at), key.slice(at + 1)];
    if (kind === 'limit')
      lines.push(
        `設定「${LIMIT_ITEMS[what as Channel] ?? what}」を読めないため、今日の${what}${n}件を準備せずに保留しています。設定を数字で書き直してください（0にすると${what}を使いません）`,
      );
    else if (kind === 'missing')
      lines.push(
        hasHeader(what)
          ? `「${what}」が空欄の行があるため、${n}件の連絡を保留しています（予定は消していません）。その行の「${what}」を入れ直してください（「要確認」列に行ごとの理由があります）`
          : `見出し「${what}」が見つからないため、${n}件の連絡を保留しています（予定は消していません）。見出しを「${what}」に戻してください`,
      );
    else if (kind === 'input')
      lines.push(
        `${what}ため、${n}件の連絡を保留しています（予定は消していません）。見出しや値を元に戻してください（「要確認」列に行ごとの説明があります）`,
      );
    else if (kind === 'gone')
      lines.push(
        `顧客シートにない顧客IDの連絡が${n}件、準備や送信をせずに保留しています（予定は消していません）。行を消したり顧客IDを変えたりした場合は元に戻してください。不要なら、連絡履歴でその行の状態を「スキップ」にしてください`,
      );
    else if (kind === 'blocked')
      lines.push(
        `顧客IDが重なっているか氏名が空欄のお客様の連絡が${n}件、保留になっています（予定は消していません）。「要確認」列を見て直してください`,
      );
    else
      lines.push(
        `顧客シートに読めない値があるため、${n}件の連絡を保留しています（予定は消していません）。「要確認」列を見て直してください`,
      );
  }
  return lines;
}

/**
 * The header of the date the record's rule starts from when it now says an earlier day than the record's own
 * (a correction, not a new event); '' otherwise, or when a visit since then closes it anyway (S2: came back).
 */
function movedBack(key: string, customer: Customer): string {
  const parts = parseKey(key);
  const anchor = parts ? leadingDay(parts.anchor) : null;
  if (parts === undefined || anchor === null) return '';
  const rule = findRule(parts.rule);
  // S4's anchor is its occurrence, not a date on the row.
  if (rule?.anchor !== 'row') return '';
  const trigger = triggersOf(rule.id)[0];
  const now = trigger ? customer[trigger.field] : undefined;
  if (typeof now !== 'number' || now >= anchor) return '';
  if (rule.endedBy?.(customer, now as Day)) return '';
  return trigger.header;
}
