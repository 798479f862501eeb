import { nextBusinessDay } from './calendar';
import { addDays, leadingDay, type Day } from './day';
import { isCompleteState, isPendingState, isRecordOfStep } from './history';
import { contactKey, LETTER_SUFFIX } from './keys';
import type { ContactRecord, Customer, RuleId, Settings, StepCandidate } from './types';

/** How many calls in all before a 不在 step falls back to a letter. */
const MAX_CALL_ATTEMPTS = 3;

/** Where a step stands in its life cycle (contract section 3, "Step life cycle"). */
export type StepState =
  | { kind: 'done' }
  /** Prepared earlier and not finished: shown, never prepared again. */
  | { kind: 'pending'; record: ContactRecord }
  /** Prepared but never done, and its window has closed: the row is closed 期限切れ, never sent late. */
  | { kind: 'lapsed'; record: ContactRecord }
  /** A 連絡履歴 row Tsunagu cannot read names it: nothing is prepared or closed until the owner fixes the row. */
  | { kind: 'held'; record: ContactRecord }
  /** Wants a contact: due (today ≥ due) or upcoming. `retryOf`: a 失敗 or 準備中 row, or a 延期 one whose day came. */
  | { kind: 'open'; retryOf?: number }
  /** Its window closed with the step never done; `log` when that happened after 導入日. */
  | { kind: 'expired'; log: boolean };

export function stepState(
  step: StepCandidate,
  history: readonly ContactRecord[],
  today: Day,
  introDay: Day,
): StepState {
  // One pass, no lists: the planner asks this of every step of every customer. The anchor's day is read only for
  // a row without a key (most rows have one; most customers have no row).
  let since: Day | undefined;
  let pending: ContactRecord | undefined;
  let unreadable: ContactRecord | undefined;
  for (let i = 0; i < history.length; i++) {
    const r = history[i];
    // Its own key only: `key#2` is another attempt, with its own state.
    const ours = r.key
      ? r.key === step.key
      : isRecordOfStep(r, step.key, step.scenario, step.step, (since ??= anchorDay(step)));
    if (!ours) continue;
    if (r.unreadable !== undefined) {
      unreadable ??= r;
      continue;
    }
    if (isCompleteState(r.state) && !isMissedCall(r)) return DONE;
    if (!pending && isPendingState(r.state)) pending = r;
  }
  const closed = step.last !== undefined && today > step.last;
  // Held, not closed: when its window has passed, nothing is logged for it either.
  if (unreadable) return closed ? EXPIRED_UNLOGGED : { kind: 'held', record: unreadable };
  if (pending && pending.key && closed) return { kind: 'lapsed', record: pending };
  // 失敗 (quota, error) is retried while the window is open, on the same 連絡履歴 row; 延期 is, from its 予定日 on;
  // 準備中 is an intent an interrupted run left behind (runs hold the lock), finished by the next one.
  if (pending && !isReopened(pending, today)) return { kind: 'pending', record: pending };
  if (closed) return (step.last as Day) >= introDay ? EXPIRED_LOGGED : EXPIRED_UNLOGGED;
  return pending ? { kind: 'open', retryOf: pending.index } : OPEN;
}

/**
 * The day before which a closed window leaves nothing: a step whose window closed before today and before 導入日,
 * with no 連絡履歴 row of its own, is expired and not logged (stepState: EXPIRED_UNLOGGED), so it is neither planned
 * nor written anywhere. A rule may leave such a step out instead of building it (RuleContext.quietBefore): most
 * windows of customers last seen long ago, each run.
 */
export function quietBefore(today: Day, introDay: Day): Day {
  return Math.min(today, introDay) as Day;
}

/** Whether a window that ends on `last` closed before `quiet` (RuleContext.quietBefore; undefined: never). */
export function closedQuietly(quiet: Day | undefined, last: Day): boolean {
  return quiet !== undefined && last < quiet;
}

/**
 * Whether the customer has no 連絡履歴 row that a step of this rule could be matched with: no key of the rule (of
 * any owner or anchor: a superset of the keys stepState and withCallRetries compare) and no row typed by hand under
 * its シナリオ.
 */
export function noRowOfRule(history: readonly ContactRecord[], rule: RuleId, scenario: string): boolean {
  const part = (RULE_PARTS[rule] ??= `|${rule}|`);
  for (let i = 0; i < history.length; i++) {
    const r = history[i];
    if (r.key ? r.key.includes(part) : r.scenario === scenario) return false;
  }
  return true;
}

const RULE_PARTS: Partial<Record<RuleId, string>> = {};

// The answers without a row of their own, shared: most steps of most customers are open with nothing to retry.
const DONE: StepState = Object.freeze({ kind: 'done' });
const OPEN: StepState = Object.freeze({ kind: 'open', retryOf: undefined });
const EXPIRED_LOGGED: StepState = Object.freeze({ kind: 'expired', log: true });
const EXPIRED_UNLOGGED: StepState = Object.freeze({ kind: 'expired', log: false });

function isReopened(r: ContactRecord, today: Day): boolean {
  return (
    r.state === '失敗' || r.state === '準備中' || (r.state === '延期' && (r.plannedDay ?? today) <= today)
  );
}

function isMissedCall(r: ContactRecord): boolean {
  return r.channel === '電話' && r.result === '不在';
}

/** A call that ended 不在 is tried again the next business day, three calls in all, then a letter. */
export function withCallRetries(
  customer: Customer,
  step: StepCandidate,
  history: readonly ContactRecord[],
  settings: Settings,
): StepCandidate {
  // Calls the owner typed by hand (no key) count as much as Tsunagu's own rows. The anchor's day is read only for
  // a missed call: most customers have none.
  let since: Day | undefined;
  let missed = 0;
  let lastCall = step.due;
  for (let i = 0; i < history.length; i++) {
    const r = history[i];
    if (!isMissedCall(r) || !isCompleteState(r.state)) continue;
    if (!isRecordOfStep(r, step.key, step.scenario, step.step, (since ??= anchorDay(step)))) continue;
    missed++;
    if (r.at !== undefined && r.at > lastCall) lastCall = r.at;
  }
  if (missed === 0) return step;
  if (missed >= MAX_CALL_ATTEMPTS) {
    return {
      ...step,
      key: step.key + LETTER_SUFFIX,
      due: addDays(lastCall, 1),
      channels: ['手紙'],
      because: `${step.because}。電話が${missed}回つながらなかったため手紙で`,
    };
  }
  return {
    ...step,
    key: contactKey(customer.id, step.rule, step.step, step.anchor, missed + 1),
    due: nextBusinessDay(lastCall, settings.calendar),
    channels: ['電話'],
    because: `${step.because}。前回の電話が不在のため${missed + 1}回目`,
  };
}

/** The day the step's event happened: a date, a slot's date-time, or a newsletter month (its first day). */
function anchorDay(step: StepCandidate): Day {
  return leadingDay(step.anchor) ?? (-Infinity as Day);
}
