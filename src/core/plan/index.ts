/**
 * The planner (contract sections 3–4), split by reason to change: model.ts (what it takes and gives),
 * customer-run.ts (one customer's run through every rule), daily-limits.ts (the daily limits and LINE's monthly
 * allowance), wording.ts (理由 and the customer's row), held.ts (pending contacts no rule asks for). What differs
 * between rules is in their folders (rules/<name>/), never here.
 */
import { indexByCustomer, NO_RECORDS } from '../history';
import { orphanContacts } from '../guard';
import type { Channel, ContactRecord, Customer } from '../types';
import { type CustomerPlan, emptyPlan, type Plan, type PlanInput, type Planned } from './model';
import { bindRules, planCustomer, plannedOf, startRun } from './customer-run';
import { finish, summarize } from './wording';
import {
  applyDailyLimits,
  collectQueued,
  countPreparedToday,
  limitedChannels,
  lineAllowanceOf,
  type LineToday,
  nextMonth,
  spendLineAllowance,
} from './daily-limits';
import { BLOCKED, countPendingOfGone, MET } from './held';
import { isExampleCustomer } from '../examples';
import { QueueBook } from '../queue';
import { EntryBook } from './entry-book';
import { RULE_RANK } from '../policy';
import { RULES, type RuleId } from '../registry';
import type { Rule } from '../rules/rule';

export type { CustomerPlan, DueContact, LineAllowanceUse, Plan, PlanInput, SkippedContact } from './model';
export { LINE_ALLOWANCE_SPENT } from './model';
export { unreadableRow } from './customer-run';
export { heldLines } from './held';
export { lineAllowanceLine, skippedReason } from './wording';

// Loops over every customer or log row run once per plan, before V8 has optimized them: they index rather than
// iterate, which would allocate an iterator result per item.

/**
 * Merges every rule into one plan (contract sections 3–4). Rules run in collision priority order, so a
 * higher one books a customer's day before a lower one: S3 > S11 > S2 > S6 > S1 > S5 > S9 > S8 > S4 > S7. Then the daily
 * limits move today's overflow to tomorrow.
 *
 * One customer is planned at a time, start to finish, so what a customer's run needs dies with it (100,000
 * customers). Only two things cross customers: each rule's shop-wide work, done first (S5's slot and who gets it,
 * S7's issues and households), and the daily limits, applied last to the contacts due today.
 *
 * `rules` are every rule of the registry, in priority order; the benchmark alone plans with some left out, to
 * measure what they cost (tools/bench/run-size.ts).
 */
export function planFollowUps(given: PlanInput, rules: readonly Rule<RuleId>[] = RULES): Plan {
  const allowance = lineAllowanceOf(given);
  // 連絡履歴 in one pass: by 顧客ID, and what an earlier run prepared today (for the daily limits).
  const preparedToday = new Map<Channel, number>();
  const byCustomer = indexByCustomer(given.records, (record) =>
    countPreparedToday(preparedToday, record, given.today),
  );
  // Each customer's rows, looked up once; and which 顧客IDs of 連絡履歴 a 顧客 row has (MET), blocked or not.
  const met = new Uint8Array(byCustomer.rows.length);
  const histories: (readonly ContactRecord[])[] = new Array<readonly ContactRecord[]>(given.customers.length);
  for (let i = 0; i < given.customers.length; i++) {
    const customer = given.customers[i];
    const slot = byCustomer.slotOf.get(customer.id);
    if (slot === undefined) histories[i] = NO_RECORDS;
    else {
      histories[i] = byCustomer.rows[slot];
      met[slot] |= customer.blocked ? MET | BLOCKED : MET;
    }
  }
  // The 顧客IDs of 連絡履歴 that no 顧客 row has: usually none, and then no row is an orphan.
  let gone = 0;
  for (let slot = 0; slot < met.length; slot++) if (met[slot] === 0) gone++;
  const input: PlanInput = {
    ...given,
    orphans: gone === 0 ? new Map() : orphanContacts(given.customers, given.records),
    lineSpentUntil:
      allowance && allowance.remaining - allowance.waiting <= 0 ? nextMonth(given.today) : undefined,
  };
  const historyOf = (customer: Customer) => {
    const slot = byCustomer.slotOf.get(customer.id);
    return slot === undefined ? NO_RECORDS : byCustomer.rows[slot];
  };
  const plan = emptyPlan();
  const bound = bindRules(input, historyOf, plan, rules);
  // The contacts waiting for a daily limit, and the entries of each customer kept for them (their row waits for the
  // queue), filed as each customer is planned.
  // Sized for about three entries a customer (what a shop's customers mostly have), so that they seldom grow.
  const queued = new QueueBook(input.customers.length * 3);
  const entries = new EntryBook(input.customers.length * 3, input.today);
  const limited = limitedChannels(input.settings);
  // A customer with a contact due today or waiting for a daily limit waits for the queue before their row is written.
  const rows: (CustomerPlan | Planned)[] = [];
  const lineToday: LineToday[] = [];
  for (let i = 0; i < input.customers.length; i++) {
    const run = startRun(input.customers[i], histories[i], input);
    // Example customers (「例」 and 配信停止 すべて) are never planned: summarize says what they are.
    if (!run.customer.blocked && !isExampleCustomer(run.customer)) planCustomer(run, input, plan, bound);
    if (allowance)
      for (let j = 0; j < run.entries.length; j++) {
        const entry = run.entries[j];
        if (entry.preparesToday && entry.channel === 'LINE') lineToday.push({ entry, diary: run.diary });
      }
    if (collectQueued(run, queued, limited)) rows.push(plannedOf(run, entries.file(run.entries)));
    else {
      // Nothing waits for the queue: the row is written now, its entries filed only to be compared, and their slots
      // given back.
      run.first = entries.file(run.entries);
      run.count = run.entries.length;
      rows.push(summarize(run, entries, input.today, input.settings));
      entries.length = run.first;
    }
  }
  countPendingOfGone(byCustomer, met, plan);
  // LINE's allowance first: a contact it moves to email or a letter joins that channel's queue.
  if (allowance) {
    plan.lineAllowance = spendLineAllowance(lineToday, allowance, queued, limited, input);
    for (let i = 0; i < lineToday.length; i++) entries.refile(lineToday[i].entry);
  }
  const limits = applyDailyLimits(queued, input, preparedToday);
  plan.queues = limits.queues;
  entries.decided(limits);
  // One pass over the rows: S10 cards the letter limit cannot reach in their window, named to the owner before they
  // expire, and each customer's row and today's contacts. What it compares is in the EntryBook: of 100,000
  // customers' entries, it reads none: what it needs of them is in the EntryBook (entry-book.ts).
  const S10 = RULE_RANK.S10;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if ('count' in row)
      for (let slot = row.first; slot < row.first + row.count; slot++)
        if (entries.rank(slot) === S10 && Number.isNaN(entries.dayOf(slot)))
          (plan.unfitCards ??= []).push({ customer: row.customer, step: entries.step(slot) });
    finish(row, entries, input, plan);
  }
  return plan;
}
