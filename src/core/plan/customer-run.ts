/** One customer's run: every rule in priority order, each step placed by the channel policy (contract sections 3–4). */
import { AFTERCARE_RULES, isDeclinableStep, RULES, speaksAfter } from '../registry';
import type { Rule, ShopContext, Trial } from '../rules/rule';
import { NO_PROBLEMS } from '../rules/step';
import { NOTE } from '../../labels';
import { type Day, slashDay } from '../day';
import { isPendingState } from '../history';
import { quietBefore, stepState, withCallRetries } from '../lifecycle';
import { busyDays, lineContactDays, unreachableChannels } from '../policy';
import { earlierContact, heldBecause, type OrphanIndex } from '../guard';
import { book, place } from '../schedule';
import type { ContactRecord, Customer, RuleId, StepCandidate } from '../types';
import {
  count,
  type CustomerRun,
  emptyPlan,
  LIMIT_ITEMS,
  NO_REASONS,
  noteLastDay,
  pendingEntry,
  placedEntry,
  type Plan,
  type PlanInput,
  type Planned,
  type SkippedContact,
  unpreparedEntry,
} from './model';
import { labelOf, openRow } from './wording';
import { closeOrphans } from './held';

const NO_ORPHANS: OrphanIndex = new Map();
const NONE_SKIPPED: readonly SkippedContact[] = Object.freeze([]);

/**
 * A rule with what it worked out for the whole shop this run, in one record: the planner asks it customer by
 * customer, always with its own shared work. (A record, not a closure: one call per rule and customer, 100,000
 * customers.)
 */
export interface BoundRule {
  readonly rule: Rule;
  readonly shared: unknown;
}

/**
 * Every rule bound to its shop-wide work (S5's slot and its recipients, S7's issues and households), in priority
 * order: a rule's trials plan only rules above it, already bound.
 */
export function bindRules(
  input: PlanInput,
  historyOf: (customer: Customer) => readonly ContactRecord[],
  plan: Plan,
  rules: readonly Rule<RuleId>[] = RULES,
): readonly BoundRule[] {
  const bound: BoundRule[] = [];
  const shop: ShopContext = {
    today: input.today,
    now: input.now,
    introDay: input.introDay,
    settings: input.settings,
    customers: input.customers,
    records: input.records,
    slots: input.slots,
    historyOf,
    missingHeaders: input.missingHeaders,
    notice: (text) => plan.notices.push(text),
    trial: (customer, rule) =>
      trial(customer, speaksAfter(rule as RuleId), historyOf(customer), input, bound),
  };
  for (let i = 0; i < rules.length; i++) bound.push(bind(rules[i], shop));
  return bound;
}

/** One rule with its own shop-wide work: the two never part, so no rule is asked with another's. */
function bind<S>(rule: Rule<RuleId, S>, shop: ShopContext): BoundRule {
  const bound: { rule: Rule<RuleId, S>; shared: S | undefined } = { rule, shared: rule.shared?.(shop) };
  return bound;
}

/** The customer planned by the rules `first` alone, on a scratch plan: what they leave of the customer's day. */
function trial(
  customer: Customer,
  first: ReadonlySet<RuleId>,
  history: readonly ContactRecord[],
  input: PlanInput,
  rules: readonly BoundRule[],
): Trial {
  const run = startRun(customer, history, input);
  const scratch = emptyPlan();
  for (let i = 0; i < rules.length; i++)
    if (first.has(rules[i].rule.id as RuleId)) planRule(run, rules[i], input, scratch);
  const { today, settings } = input;
  return {
    openSteps: run.openSteps,
    busyToday: run.entries.some((e) => e.day === today && first.has(e.step.rule)),
    inAftercare: run.openSteps.some((s) => AFTERCARE_RULES.has(s.rule)),
    canPlace: (step) => place(run.diary, step, today, settings).kind === 'placed',
  };
}

/** Every rule in priority order, the same way: what differs between rules is in their folders. */
export function planCustomer(
  run: CustomerRun,
  input: PlanInput,
  plan: Plan,
  rules: readonly BoundRule[],
): void {
  const closedBefore = plan.closed.length;
  for (let i = 0; i < rules.length; i++) planRule(run, rules[i], input, plan);
  closeOrphans(run, input, plan, closedBefore);
}

function planRule(run: CustomerRun, { rule, shared }: BoundRule, input: PlanInput, plan: Plan): void {
  const wanted = rule.plan(run.customer, run.context, shared);
  if (wanted.problems.length > 0) run.problems.push(...wanted.problems);
  // Indexed loops here and below: once per rule and customer (100,000 customers), where an iterator would be allocated.
  const { stale, ended, keeps } = wanted;
  if (stale)
    for (let i = 0; i < stale.length; i++) plan.closed.push({ record: stale[i], note: NOTE.replaced });
  if (ended) for (let i = 0; i < ended.length; i++) plan.closed.push(ended[i]);
  if (keeps) for (let i = 0; i < keeps.length; i++) run.unasked?.delete(keeps[i]);
  planSteps(run, wanted.steps, input, plan);
}

/**
 * Only what was planned is kept, so the run's calendar, lists and entries can go with it: the entries are in the
 * EntryBook from `first` (their count is kept). A list kept is a copy of its own length: a list grown by push has
 * room for 16 more, and these are kept until the daily limits for every customer with a contact waiting (100,000
 * customers).
 */
export function plannedOf(run: CustomerRun, first: number): Planned {
  return {
    customer: run.customer,
    first,
    summary: openRow(run),
    count: run.entries.length,
    // Most customers have neither: one shared empty list rather than the run's own two.
    problems: run.problems.length === 0 ? NO_PROBLEMS : run.problems,
    skippedToday: run.skippedToday.length === 0 ? NONE_SKIPPED : run.skippedToday.slice(),
  };
}

export function startRun(
  customer: Customer,
  history: readonly ContactRecord[],
  input: PlanInput,
): CustomerRun {
  const category = customer.category ? input.categories.get(customer.category) : undefined;
  const found = unreachableChannels(history, customer);
  // Most shops have no one who unfollowed: then no LINE user id is hashed to ask.
  const unfollowed = Boolean(
    customer.lineUserId && input.unfollowed?.size && input.unfollowed.has(customer.lineUserId),
  );
  const unreachable = unfollowed ? new Set([...found, 'LINE' as const]) : found;
  const openSteps: StepCandidate[] = [];
  return {
    customer,
    first: -1,
    count: 0,
    history,
    context: {
      today: input.today,
      now: input.now,
      settings: input.settings,
      categories: input.categories,
      history,
      slots: input.slots,
      openSteps,
      unreachable,
      quietBefore: quietBefore(input.today, input.introDay),
    },
    diary: {
      customer,
      busy: busyDays(history),
      policy: {
        settings: input.settings,
        categoryAllowsPhone: category?.phoneAllowed ?? true,
        unreachable,
        lineDays: lineContactDays(history),
        lineSpentUntil: input.lineSpentUntil,
      },
    },
    openSteps,
    entries: [],
    problems:
      customer.problems.length === 0 && !customer.notes
        ? []
        : [...customer.problems, ...(customer.notes ?? [])],
    skippedToday: [],
    orphans: input.orphans ?? NO_ORPHANS,
    unasked: pendingKeys(history),
  };
}

function pendingKeys(history: readonly ContactRecord[]): Set<string> | undefined {
  let keys: Set<string> | undefined;
  for (let i = 0; i < history.length; i++) {
    const r = history[i];
    if (r.key && isPendingState(r.state)) (keys ??= new Set()).add(r.key);
  }
  return keys;
}

function planStep(run: CustomerRun, wanted: StepCandidate, input: PlanInput, plan: Plan): void {
  const { today } = input;
  const step = withCallRetries(run.customer, wanted, run.history, input.settings);
  run.unasked?.delete(step.key);
  const state = stepState(step, run.history, today, input.introDay);
  if (state.kind === 'done') return;
  if (state.kind === 'lapsed') {
    plan.closed.push({
      record: state.record,
      note: `${NOTE.expired}（${labelOf(step)}の期限 ${slashDay(step.last as Day)} を過ぎました）`,
    });
    return;
  }
  if (state.kind === 'expired') {
    if (state.log && !step.recurring) {
      skip(run, plan, { customer: run.customer, step, note: NOTE.expired, refused: NO_REASONS });
    }
    return;
  }
  run.openSteps.push(step);
  if (step.last !== undefined) noteLastDay(plan, step.key, step.last);
  if (state.kind === 'held') {
    run.problems.push(`${labelOf(step)}: ${unreadableRow(state.record)}`);
    run.entries.push(unpreparedEntry(step, Math.max(step.due, today) as Day));
    return;
  }
  if (state.kind === 'pending') {
    const planned = state.record.plannedDay ?? step.due;
    const day = Math.max(planned, today) as Day;
    run.entries.push(pendingEntry(step, day, state.record));
    return;
  }
  const from = Math.max(step.due, today) as Day;
  // Sent or pending under another key (a corrected date, a renumbered 顧客ID): held for the owner to decide.
  const earlier = step.waiting
    ? undefined
    : earlierContact(step, run.customer, run.history, run.orphans, today);
  if (earlier) {
    run.problems.push(heldBecause(step, run.customer, earlier));
    // Its own row stays pending while the owner decides: the new date asking for another key is no reason to close it.
    if (earlier.key) run.unasked?.delete(earlier.key);
    run.entries.push(unpreparedEntry(step, from));
    return;
  }
  if (step.blockers && step.blockers.length > 0) {
    run.problems.push(...step.blockers.map((b) => `${labelOf(step)}: ${b}`));
    run.entries.push(unpreparedEntry(step, from));
    return;
  }
  const placement = place(run.diary, step, from, input.settings);
  if (placement.kind === 'none') {
    // Channels the owner stopped on purpose are no problem to report; missing details are. Nor is an offer (S1's
    // 提案) to a customer whose email is there but who did not agree to marketing email: that is their choice.
    const declined = isDeclinableStep(step.rule, step.step) && placement.refused.includes('メール同意なし');
    if (!declined && !placement.refused.every((why) => why.endsWith('は配信停止'))) {
      run.problems.push(`${labelOf(step)}の連絡手段がありません（${placement.refused.join('、')}）`);
    }
    return;
  }
  if (placement.kind === 'blocked') {
    if (today >= step.due && !step.waiting) {
      const refused = placement.refused;
      skip(run, plan, { customer: run.customer, step, note: NOTE.overCap, refused });
    }
    return;
  }
  const { channel, day } = placement;
  if (step.waiting) {
    run.entries.push(placedEntry(step, placement, from, false));
    return;
  }
  book(run.diary, channel, day);
  if (day === today && input.settings.heldChannels?.includes(channel)) {
    // A daily limit that cannot be read holds its channel: nothing prepared on it, no other channel taken instead.
    const item = LIMIT_ITEMS[channel] ?? channel;
    const entry = placedEntry(step, placement, from, false, state.retryOf);
    entry.limited = `。設定「${item}」を読めないため準備していません`;
    run.entries.push(entry);
    run.problems.push(
      `${labelOf(step)}（${channel}）は、設定「${item}」を読めないため準備していません（設定を直すと次の実行で準備します）`,
    );
    count(plan.held, `limit:${channel}`);
    return;
  }
  run.entries.push(placedEntry(step, placement, from, day === today, state.retryOf));
}

/** What 要確認 says of a 連絡履歴 row that holds a step. */
export function unreadableRow(record: ContactRecord): string {
  return `連絡履歴の${record.sheetRow ?? record.index + 2}行目が読めないため止めています（${record.unreadable ?? ''}）。その行を直すと再開します`;
}

function skip(run: CustomerRun, plan: Plan, skipped: SkippedContact): void {
  plan.skipped.push(skipped);
  run.skippedToday.push(skipped);
}

function planSteps(run: CustomerRun, steps: readonly StepCandidate[], input: PlanInput, plan: Plan): void {
  for (let i = 0; i < steps.length; i++) planStep(run, steps[i], input, plan);
}
