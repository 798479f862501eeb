import { COMPLETE_STATES, PENDING_STATES } from '../labels';
import type { Day } from './day';
import type { ContactRecord, ContactState, RuleId } from './types';

/**
 * `顧客ID|rule|step|anchor`, plus `#n` for the n-th attempt of a retried call, or a suffix such as `#手紙` for a
 * second contact of the same step. Never depends on today.
 */
export function contactKey(
  customerId: string,
  rule: RuleId,
  step: string,
  anchor: string,
  attempt = 1,
  suffix = '',
): string {
  // join makes one flat string; a template would keep a chain of pieces per key (100,000 customers hold many).
  return [customerId, rule, step, attempt > 1 ? `${anchor}#${attempt}${suffix}` : anchor + suffix].join('|');
}

/**
 * The 連絡履歴 key of a LINE送信 row the owner copied for another customer: `顧客ID|コピー|<the contact's key, its
 * | written />`. Of no rule (the planner neither plans nor closes it), it counts for that customer's LINE caps.
 */
export function copyKey(customerId: string, contactKey: string): string {
  // ASCII /: a key is read back through NFKC, which would turn ／ into / and lose the row it names.
  return [customerId, COPY_RULE, contactKey.replace(/\|/g, '/')].join('|');
}

export const COPY_RULE = 'コピー';

export function isCopyKey(key: string): boolean {
  return key.split('|')[1] === COPY_RULE;
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
 * with the same シナリオ and ステップ (as readRecords read them) dated on or after the event the step hangs on.
 */
export function recordsOfStep(
  history: readonly ContactRecord[],
  key: string,
  scenario: string,
  step: string,
  since: Day,
): ContactRecord[] {
  const found: ContactRecord[] = [];
  for (const r of history) if (isRecordOfStep(r, key, scenario, step, since)) found.push(r);
  return found;
}

export function isRecordOfStep(
  r: ContactRecord,
  key: string,
  scenario: string,
  step: string,
  since: Day,
): boolean {
  if (r.key) return isKeyOfStep(r.key, key);
  if (r.scenario !== scenario) return false;
  // A row that cannot be read holds its step — and, when only its シナリオ can be told, that scenario's steps —
  // even without a date: the safe reading is that the customer may have been contacted.
  if (r.unreadable !== undefined)
    return (r.step === step || r.step === '') && (r.at === undefined || r.at >= since);
  return r.step === step && r.at !== undefined && r.at >= since;
}

/** The step's own key, or one of its later attempts (`key#2`, `key#手紙`). */
export function isKeyOfStep(recordKey: string, key: string): boolean {
  if (recordKey === key) return true;
  // Compared in place: the planner asks this for every step of every customer.
  return (
    recordKey.length > key.length && recordKey.charCodeAt(key.length) === HASH && recordKey.startsWith(key)
  );
}

const HASH = '#'.charCodeAt(0);

/** Group log rows by 顧客ID, keeping sheet order. */
export function indexByCustomer(records: readonly ContactRecord[]): Map<string, ContactRecord[]> {
  const byCustomer = new Map<string, ContactRecord[]>();
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    const list = byCustomer.get(record.customerId);
    if (list) list.push(record);
    else byCustomer.set(record.customerId, [record]);
  }
  return byCustomer;
}
