import { COMPLETE_STATES, PENDING_STATES } from '../labels';
import type { Day } from './day';
import type { ContactRecord, ContactState, RuleId } from './types';

/** `顧客ID|rule|step|anchor`, plus `#n` for the n-th attempt of a retried call. Never depends on today. */
export function contactKey(
  customerId: string,
  rule: RuleId,
  step: string,
  anchor: string,
  attempt = 1,
): string {
  const base = `${customerId}|${rule}|${step}|${anchor}`;
  return attempt > 1 ? `${base}#${attempt}` : base;
}

export function isPendingState(state: ContactState | undefined): boolean {
  return state !== undefined && PENDING_STATES.has(state);
}

export function isCompleteState(state: ContactState | undefined): boolean {
  return state !== undefined && COMPLETE_STATES.has(state);
}

/** Completed and actually done (not skipped): the customer was contacted. */
export function isDone(record: ContactRecord): boolean {
  return isCompleteState(record.state) && record.state !== 'スキップ';
}

/**
 * The log rows that belong to one step: Tsunagu's own rows by key, and rows the owner typed by hand (no key)
 * with the same シナリオ and ステップ dated on or after the event the step hangs on.
 */
export function recordsOfStep(
  history: readonly ContactRecord[],
  key: string,
  scenario: string,
  step: string,
  since: Day,
): ContactRecord[] {
  return history.filter((r) =>
    r.key
      ? r.key === key || r.key.startsWith(`${key}#`)
      : r.scenario === scenario && r.step === step && r.at !== undefined && r.at >= since,
  );
}

/** Group log rows by 顧客ID, keeping sheet order. */
export function indexByCustomer(records: readonly ContactRecord[]): Map<string, ContactRecord[]> {
  const byCustomer = new Map<string, ContactRecord[]>();
  for (const record of records) {
    const list = byCustomer.get(record.customerId);
    if (list) list.push(record);
    else byCustomer.set(record.customerId, [record]);
  }
  return byCustomer;
}
