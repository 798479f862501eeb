/** 理由 and 次回連絡内容 in the owner's words, and the customer's row of 次回連絡日 (followup-rules.md 2). */
import { NOTE, stepLabel } from '../../labels';
import { type Day, slashDay } from '../day';
import { RULES } from '../registry';
import type { Rule } from '../rules/rule';
import type { Channel, Customer, Settings, StepCandidate } from '../types';
import { EXAMPLE_REASON, isExampleCustomer } from '../examples';
import { memo, memo2, memo3 } from '../memo';
import { flat } from '../flat-text';
import type { EntryBook } from './entry-book';
import {
  type CustomerPlan,
  type DueContact,
  type Entry,
  LIMIT_ITEMS,
  LINE_ALLOWANCE_SPENT,
  type LineAllowanceUse,
  type Plan,
  type PlanInput,
  type Planned,
  type SkippedContact,
} from './model';

/** 理由 of a skipped contact, as 連絡履歴 records it. */
export function skippedReason({ step, note, refused }: SkippedContact): string {
  const head = headOf(step);
  return note === NOTE.overCap ? `${head}。期限内に送れる日がありません${inParentheses(refused)}` : head;
}

/** How 次回連絡日's 理由 mentions it when nothing else is planned. */
function skippedToday({ step, note, refused }: SkippedContact): string {
  return `${labelOf(step)}は${note}でスキップ${inParentheses(refused)}`;
}

/** （a、b）, or nothing: a call whose window has no business day left is held back with no reason to list. */
function inParentheses(reasons: readonly string[]): string {
  return reasons.length > 0 ? `（${reasons.join('、')}）` : '';
}

/**
 * 次回連絡内容 in the owner's words (followup-rules.md 2): `シナリオ（ステップ）`, or the シナリオ alone when the
 * ステップ repeats it, with the newsletter's issue (`ニュースレター（11月号）`). A handful of texts shared by every
 * row, not one string per customer. 理由 and 要確認 name the step the same way.
 */
const CONTENTS = new Map<string, Map<string, Map<string, string>>>();

export function contentOf(step: StepCandidate): string {
  const issue = step.fields?.['号'] ?? '';
  // By シナリオ, ステップ and issue, each the step's own string: no key is built per call (100,000s of them).
  let bySteps = CONTENTS.get(step.scenario);
  if (bySteps === undefined) CONTENTS.set(step.scenario, (bySteps = new Map()));
  let byIssue = bySteps.get(step.step);
  if (byIssue === undefined) bySteps.set(step.step, (byIssue = new Map()));
  let content = byIssue.get(issue);
  if (content === undefined) {
    content = stepLabel(step.scenario, step.step, issue);
    byIssue.set(issue, content);
  }
  return content;
}

function sameStep(a: StepCandidate, b: StepCandidate): boolean {
  return a.scenario === b.scenario && a.step === b.step;
}

export function labelOf(step: StepCandidate): string {
  return contentOf(step);
}

/** 理由's first part: 「シナリオ（ステップ）: where its date came from」. */
function headOf(step: StepCandidate, label = labelOf(step)): string {
  return head(label, step.because);
}

// 理由 and its parts, one string for every contact they say (memo.ts): the label and because they are made of are
// shared strings (the rules share their because), and so is what they make, which the plan's rows keep until the
// run ends (100,000 customers, a few thousand different texts).
const head = memo2((label: string, because: string) => `${label}: ${because}`);
const pendingReason = memo3(
  (head: string, state: string | undefined, late: number) =>
    `${head}。${state}（連絡履歴）${late > 0 ? `。${late}日遅れ` : ''}`,
);
const unpreparedReason = memo((head: string) => `${head}。要確認のため準備できません`);
/** A reason and what a daily limit or LINE's allowance says after it (its text starts with 「。」). */
const joined = memo2((reason: string, after: string) => `${reason}${after}`);
const unfitReason = memo2(
  (reason: string, channel: string) =>
    `${reason}。設定「${LIMIT_ITEMS[channel as Channel] ?? ''}」を上げると準備できます`,
);

/**
 * 理由: the step, where its date came from, and what moved it — as it is when the entry is filed (EntryBook.write),
 * before a daily limit moves it (what the limit says is added then: EntryBook.reason).
 */
export function reasonOf(entry: Entry, today: Day, label?: string): string {
  const { step } = entry;
  const head = headOf(step, label);
  let reason: string;
  if (entry.pending) {
    const overdue = today - step.due;
    const late = overdue > 0 && !step.recurring && entry.pending.state !== '延期' ? overdue : 0;
    reason = pendingReason(head, entry.pending.state, late);
  } else if (entry.unprepared) {
    reason = unpreparedReason(head);
  } else if (
    entry.refused.length === 0 &&
    entry.placedDay <= entry.from &&
    !step.waiting &&
    !(today - step.due > 0 && entry.placedDay === today && !step.recurring)
  ) {
    // Placed on its first day, on its first channel, not late: the head alone (most contacts).
    reason = head;
  } else {
    const { channel, placedDay: day, from, refused } = entry;
    // Each part after 「。」. Joined with +, not a list's join (a tenth of the entries), and kept as one string.
    let said = head;
    // The month's LINE allowance is said as the contract words it; other refusals in brackets.
    const spent = refused.includes(LINE_ALLOWANCE_SPENT);
    const others = spent ? refused.filter((r) => r !== LINE_ALLOWANCE_SPENT) : refused;
    if (spent) said += `。${LINE_ALLOWANCE_SPENT}のため${channel}で${inParentheses(others)}`;
    else if (refused.length > 0) said += `。${channel}で（${listed(refused)}）`;
    if (day > from) {
      // Say only what held it back on the first day; what ruled out the other channels is said just above.
      const moved = entry.movedBecause.filter((m) => !refused.includes(m));
      said += `。${listed(moved)}のため${slashDay(day)}に回します`;
    }
    const daysLate = today - step.due;
    // A recurring step (S4/S5/S7) has no backlog: a missed occurrence is simply due today.
    if (daysLate > 0 && day === today && !step.recurring) said += `。${daysLate}日遅れ`;
    if (step.waiting) said += '。前のステップが終わってから';
    reason = flat(said);
  }
  return withLimit(reason, entry.limited);
}

/** Items joined with 、 (most lists here have one). */
function listed(items: readonly string[]): string {
  return items.length === 1 ? items[0] : items.join('、');
}

/** A reason with what a daily limit said after it ('' when it said nothing). */
export function withLimit(reason: string, limited: string): string {
  return limited === '' ? reason : joined(reason, limited);
}

function dueContact(run: Planned, book: EntryBook, slot: number, today: Day): DueContact {
  const step = book.step(slot);
  return {
    customer: run.customer,
    step,
    channel: book.channel(slot) as Channel, // set whenever preparesToday is
    daysLate: Math.max(0, today - step.due),
    reason: book.reason(slot),
    retryOf: book.retryOf(slot),
  };
}

/** The summary's line: what LINE said is left this month, what the day spends, and what remains. */
export function lineAllowanceLine(use: LineAllowanceUse): string {
  const after = Math.max(0, use.remaining - use.waiting - use.today);
  const waiting = use.waiting > 0 ? `送信待ち${use.waiting}通、` : '';
  const moved =
    use.moved > 0
      ? `${LINE_ALLOWANCE_SPENT}のため、${use.moved}件はほかの方法か来月に回しました（LINEのプランを上げると送れます）。`
      : use.remaining - use.waiting <= 0
        ? `${LINE_ALLOWANCE_SPENT}に達しているため、今月はLINEの代わりにほかの方法で連絡します（LINEのプランを上げると送れます）。`
        : '';
  return `今月のLINE配信数: 残り${use.remaining}通（${waiting}今日の準備${use.today}通。このあと残り${after}通）。${moved}`;
}

/**
 * 理由 when nothing is planned: a rule a setting keeps quiet says so (S4: a customer last seen before 休眠フォローの
 * 対象, which the owner can widen), so 「予定しているフォローはありません」 never hides a setting's choice.
 */
function nothingPlanned(customer: Customer, today: Day, settings: Settings): string {
  for (let i = 0; i < QUIET_RULES.length; i++) {
    const quiet = QUIET_RULES[i].quietBecause?.(customer, today, settings);
    if (quiet) return quiet;
  }
  return '予定しているフォローはありません';
}

/** The rules a setting may keep quiet (S4), found once. */
const QUIET_RULES: readonly Rule[] = RULES.filter((r: Rule) => r.quietBecause !== undefined);

/**
 * The customer's row before its next contact is chosen: what the customer's own fields say (要確認, an example row,
 * a blocked customer). Made as the customer is planned, while they are in the cache, for a row that waits for the
 * daily limits (Planned.summary).
 */
export function openRow(run: Planned): CustomerPlan {
  const row: CustomerPlan = {
    index: run.customer.index,
    customerId: run.customer.id,
    // Every field from the start: one shape for every row (100,000 of them).
    nextDay: undefined,
    nextContent: '',
    nextChannel: '',
    reason: '',
    attention: run.problems.length === 0 ? '' : [...new Set(run.problems)].join('／'),
  };
  // An example row is the template's sample, not a customer: nothing to check in it, nothing in 要確認.
  if (isExampleCustomer(run.customer)) {
    row.attention = '';
    row.reason = EXAMPLE_REASON;
  } else if (run.customer.blocked) row.reason = '要確認の問題が解決するまで連絡しません';
  return row;
}

/**
 * The earliest entry fills the row; two channels of one step on that day are shown together. The row is made from
 * what the EntryBook holds of the entries (their days as the daily limits decided, their 理由, 次回連絡内容 and
 * channel), not from the entries: of 100,000 customers' entries, spread over the heap, none is read again.
 */
export function summarize(
  run: Planned,
  book: EntryBook,
  today: Day,
  settings: Settings,
  row: CustomerPlan = openRow(run),
): CustomerPlan {
  // An example row or a blocked customer: said already.
  if (row.reason !== '') return row;
  const { first, count } = run;
  // A step waiting for an earlier one is shown only when nothing else is planned; one the daily limits cannot
  // reach before its window closes (a day of NaN) is said only then.
  let anyReady = false;
  for (let j = 0; j < count && !anyReady; j++)
    anyReady = !book.waiting(first + j) && !Number.isNaN(book.dayOf(first + j));
  let next = -1;
  let nextDay = 0;
  for (let j = 0; j < count; j++) {
    const day = book.dayOf(first + j);
    if (Number.isNaN(day) || (anyReady && book.waiting(first + j))) continue;
    if (next < 0 || day < nextDay || (day === nextDay && book.rank(first + j) < book.rank(first + next))) {
      next = j;
      nextDay = day;
    }
  }
  // Nothing ready but a contact the limits cannot reach in time: that is what the owner must hear, not a step
  // waiting for it.
  if (!anyReady)
    for (let j = 0; j < count; j++) {
      if (!Number.isNaN(book.dayOf(first + j))) continue;
      row.reason = unfitReason(book.reason(first + j), book.channel(first + j));
      return row;
    }
  if (next < 0) {
    row.reason =
      run.customer.optOut.size === 4
        ? '配信停止が「すべて」のため連絡しません'
        : run.skippedToday.length > 0
          ? `${run.skippedToday.map(skippedToday).join('。')}。ほかに予定しているフォローはありません`
          : nothingPlanned(run.customer, today, settings);
    return row;
  }
  const shown = first + next;
  // Two channels of the same step on that day are shown together, in the order they were planned.
  let channels = '';
  for (let j = 0; j < count; j++) {
    const slot = first + j;
    if ((anyReady && book.waiting(slot)) || !book.hasChannel(slot) || book.dayOf(slot) !== nextDay) continue;
    // Another entry on that day (seldom): its step is read to compare.
    if (j !== next && !sameStep(book.step(slot), book.step(shown))) continue;
    const channel = book.channel(slot);
    if (channels === '') channels = channel;
    else if (!channels.split(', ').includes(channel)) channels = `${channels}, ${channel}`;
  }
  row.nextDay = nextDay as Day;
  row.nextContent = book.content(shown);
  row.nextChannel = channels;
  row.reason = book.reason(shown);
  return row;
}

/** The customer's row of 次回連絡日 and today's contacts the daily limits left in place. */
export function finish(row: CustomerPlan | Planned, book: EntryBook, input: PlanInput, plan: Plan): void {
  if (!('count' in row)) {
    plan.customers.push(row);
    return;
  }
  for (let slot = row.first; slot < row.first + row.count; slot++)
    if (book.preparesToday(slot)) plan.due.push(dueContact(row, book, slot, input.today));
  plan.customers.push(summarize(row, book, input.today, input.settings, row.summary));
}
