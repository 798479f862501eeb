import { COMPLETE_STATES, PENDING_STATES } from '../labels';
import { isKeyOfStep } from './keys';
import type { Day } from './day';
import type { ContactRecord, ContactState } from './types';

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
): readonly ContactRecord[] {
  // No list made until a row is found: most steps have none (100,000 customers, several steps each).
  let found: ContactRecord[] | undefined;
  for (let j = 0; j < history.length; j++) {
    const r = history[j];
    if (!isRecordOfStep(r, key, scenario, step, since)) continue;
    if (found) found.push(r);
    else found = [r];
  }
  return found ?? NO_RECORDS;
}

/** No rows: one shared, frozen list for every customer, step or household that has none. */
export const NO_RECORDS: readonly ContactRecord[] = Object.freeze([]);

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

/**
 * 連絡履歴 grouped by 顧客ID: each 顧客ID's rows in sheet order, the 顧客IDs in the order they first appear.
 * `slotOf` gives a 顧客ID's place in `rows`, so that a caller can mark the 顧客IDs it meets in a typed array rather
 * than a set of strings (100,000 customers).
 */
export interface RowsByCustomer {
  slotOf: ReadonlyMap<string, number>;
  rows: readonly (readonly ContactRecord[])[];
}

/** Group log rows by 顧客ID, keeping sheet order; `each`, when given, sees every row in the same pass. */
export function indexByCustomer(
  records: readonly ContactRecord[],
  each?: (record: ContactRecord) => void,
): RowsByCustomer {
  const slotOf = new Map<string, number>();
  const rows: ContactRecord[][] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    each?.(record);
    const slot = slotOf.get(record.customerId);
    if (slot !== undefined) rows[slot].push(record);
    else {
      slotOf.set(record.customerId, rows.length);
      rows.push([record]);
    }
  }
  return { slotOf, rows };
}

/** Skipped, failed, snoozed and interrupted contacts hold no day: they are placed again when they reopen. */
export function holdsItsDay(r: ContactRecord): boolean {
  return r.state !== 'スキップ' && r.state !== '失敗' && r.state !== '延期' && r.state !== '準備中';
}
