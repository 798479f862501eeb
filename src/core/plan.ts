import { missingTrigger } from './triggers';
import { AFTERCARE_RULES, findRule, isDeclinableStep, RULES, speaksAfter, triggersOf } from './registry';
import type { Rule, ShopContext, Trial } from './rules/rule';
import { NOTE, stepLabel } from '../labels';
import { dayFromYmd, leadingDay, slashDay, ymdOf, type Day } from './day';
import { indexByCustomer, isPendingState } from './history';
import { isCopyKey, keyRule, parseKey } from './keys';
import { stepState, withCallRetries } from './lifecycle';
import { busyDays, holdsItsDay, isInstant, lineContactDays, RULE_RANK, unreachableChannels } from './policy';
import { earlierContact, heldBecause, howToStop, orphanContacts, type OrphanIndex } from './guard';
import { isFollowed } from './rules/dormant';
import { MAX_WAIT_DAYS, runQueues, type ChannelQueue } from './queue';
import { book, place, type Diary, type Placement } from './schedule';
import type { Moment, Slot } from './slots';
import type {
  Category,
  Channel,
  ContactRecord,
  Customer,
  RuleContext,
  RuleId,
  Settings,
  StepCandidate,
} from './types';

export interface PlanInput {
  today: Day;
  /** Now in the spreadsheet's time zone (today, minutes after midnight). */
  now: Moment;
  /** 空き枠, earliest first. */
  slots: readonly Slot[];
  /** 導入日: windows that closed before it are ignored without a log row. */
  introDay: Day;
  settings: Settings;
  categories: ReadonlyMap<string, Category>;
  customers: readonly Customer[];
  records: readonly ContactRecord[];
  /** LINE user ids that unfollowed (blocked) the shop's account. */
  unfollowed?: ReadonlySet<string>;
  /** Filled by planFollowUps: sent or pending rows of 顧客IDs no longer on 顧客, by address. */
  orphans?: OrphanIndex;
  /**
   * Headers the rules read that the workbook lacks this run (顧客 columns such as 来店回数, カテゴリ-sheet columns
   * such as 初回フォロー日数): a pending contact of a rule that reads one is held, not closed — the header may have
   * been renamed for a day.
   */
  missingHeaders?: ReadonlySet<string>;
  /** Filled by planFollowUps: LINE is not used before this day (the 1st of next month), its allowance spent. */
  lineSpentUntil?: Day;
  /**
   * This month's LINE messages left in the shop's plan (/v2/bot/message/quota less /quota/consumption, as LINE said
   * this run); undefined or null when unknown or unlimited. The planner spends it like a daily limit, in rule
   * priority (contract 4.2).
   */
  lineAllowance?: number | null;
}

/** The shop's LINE allowance as this run spends it: shown in the summary. */
export interface LineAllowanceUse {
  /** What LINE said was left this month. */
  remaining: number;
  /** LINE messages prepared or approved and not yet sent (連絡履歴), already spoken for. */
  waiting: number;
  /** Today's LINE contacts this run prepares. */
  today: number;
  /** Today's LINE contacts that went to another channel or a later day for want of allowance. */
  moved: number;
}

/** What 理由 says when the month's LINE allowance is spoken for (contract 4.2). */
export const LINE_ALLOWANCE_SPENT = '今月のLINE配信数の上限';

/** What the 顧客 sheet's system columns say for one customer. */
export interface CustomerPlan {
  index: number;
  customerId: string;
  nextDay?: Day;
  nextContent: string;
  nextChannel: string;
  reason: string;
  attention: string;
}

/** A step due today that nobody has prepared yet: the app turns it into a draft, an outbox row, a letter or a call. */
export interface DueContact {
  customer: Customer;
  step: StepCandidate;
  channel: Channel;
  daysLate: number;
  reason: string;
  /** The 連絡履歴 row of an earlier attempt that failed: it is reused, never duplicated. */
  retryOf?: number;
}

/** A step logged スキップ: its window closed unanswered (期限切れ) or the LINE caps left no day (上限超過). */
export interface SkippedContact {
  customer: Customer;
  step: StepCandidate;
  note: (typeof NOTE)[keyof typeof NOTE];
  /** What kept every channel from every day of the window (上限超過); empty for 期限切れ. */
  refused: readonly string[];
}

/** 理由 of a skipped contact, as 連絡履歴 records it. */
export function skippedReason({ step, note, refused }: SkippedContact): string {
  const head = `${labelOf(step)}: ${step.because}`;
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

/** A pending 連絡履歴 row to close as スキップ: its window closed, or a newer visit replaced it. */
export interface ClosedContact {
  record: ContactRecord;
  note: string;
}

export interface Plan {
  customers: CustomerPlan[];
  due: DueContact[];
  skipped: SkippedContact[];
  closed: ClosedContact[];
  /** Shop-wide messages for the owner (e.g. the newsletter has no body). */
  notices: string[];
  /**
   * Contacts held back (not prepared, not closed) by data to fix, counted by what to fix: `limit:手紙` (an
   * unreadable daily limit), `missing:カテゴリ` (a trigger field blank or its header gone), `unreadable` (a customer
   * row with a value that cannot be read), `gone` (no 顧客 row has the id), `blocked` (a duplicated 顧客ID or a
   * blank 氏名). heldLines says them to the owner.
   */
  held: Map<string, number>;
  /** Pending contacts (連絡履歴 keys) held by data to fix, with what to fix: not to be approved or sent meanwhile. */
  heldKeys: Map<string, string>;
  /** The last day of each open step's window, by key: the latest day the owner may snooze it to. */
  lastDays: Map<string, Day>;
  /** The LINE allowance and how this run spends it, when LINE said what is left. */
  lineAllowance?: LineAllowanceUse;
  /** Channels whose daily limit makes a queue longer than a day (the forecast says how long, and the postage). */
  queues: ChannelQueue[];
}

/**
 * A step with its day: one object holding all 理由 will need, written out only where it is shown (a customer's
 * next step, today's contacts). Kept until the daily limits for every customer with a contact due today, so it is
 * one allocation, of one shape, for the whole plan.
 */
interface Entry {
  step: StepCandidate;
  day: Day;
  /** '' while no channel is known (the step waits for 要確認 to be fixed). */
  channel: Channel | '';
  /** The 連絡履歴 row it waits on (prepared earlier, not finished). */
  pending: ContactRecord | undefined;
  /** Held back by 要確認 (blockers): nothing can be prepared yet. */
  unprepared: boolean;
  /** The first day it could have gone, and the day placing it chose (before any daily limit). */
  from: Day;
  placedDay: Day;
  /** Why earlier channels were not used, and what held it back on its first day. */
  refused: readonly string[];
  movedBecause: readonly string[];
  /** To be prepared today (not yet prepared, not waiting): it becomes a DueContact unless a daily limit moves it. */
  preparesToday: boolean;
  /** The 連絡履歴 row of an earlier attempt to reuse. */
  retryOf: number | undefined;
  /** Said after 理由 when a daily limit moved the contact; '' until then. */
  limited: string;
  /** The customer's days with an email, LINE or call, while the daily limits queue it (QueueItem). */
  busy: Day[] | undefined;
  /** The daily limits cannot reach it before its window closes (QueueItem). */
  unfit: boolean;
}

const NO_REASONS: readonly string[] = Object.freeze([]);

function pendingEntry(step: StepCandidate, day: Day, record: ContactRecord): Entry {
  return {
    step,
    day,
    channel: record.channel ?? '',
    pending: record,
    unprepared: false,
    from: day,
    placedDay: day,
    refused: NO_REASONS,
    movedBecause: NO_REASONS,
    preparesToday: false,
    retryOf: undefined,
    limited: '',
    busy: undefined,
    unfit: false,
  };
}

function unpreparedEntry(step: StepCandidate, from: Day): Entry {
  return {
    step,
    day: from,
    channel: '',
    pending: undefined,
    unprepared: true,
    from,
    placedDay: from,
    refused: NO_REASONS,
    movedBecause: NO_REASONS,
    preparesToday: false,
    retryOf: undefined,
    limited: '',
    busy: undefined,
    unfit: false,
  };
}

function placedEntry(
  step: StepCandidate,
  placement: Placed,
  from: Day,
  preparesToday: boolean,
  retryOf?: number,
): Entry {
  return {
    step,
    day: placement.day,
    channel: placement.channel,
    pending: undefined,
    unprepared: false,
    from,
    placedDay: placement.day,
    refused: placement.refused,
    movedBecause: placement.movedBecause,
    preparesToday,
    retryOf,
    limited: '',
    busy: undefined,
    unfit: false,
  };
}

type Placed = Extract<Placement, { kind: 'placed' }>;

/** What a customer's run planned: all their row of 次回連絡日 needs, kept for the daily limits. */
interface Planned {
  customer: Customer;
  entries: Entry[];
  problems: string[];
  /** Steps logged スキップ by this run, so 理由 can say so when nothing else is planned. */
  skippedToday: SkippedContact[];
}

/** One customer's run: their history, calendar, open steps and what is planned. */
interface CustomerRun extends Planned {
  history: readonly ContactRecord[];
  /** What every per-customer rule is asked with: the same object for all of them. */
  context: RuleContext;
  diary: Diary;
  openSteps: StepCandidate[];
  /** Sent or pending rows of customers no longer on 顧客, by address (the guard against changed keys). */
  orphans: OrphanIndex;
  /**
   * Keys of this customer's pending rows that no rule has asked for yet this run: what is left is no longer
   * wanted. Undefined when nothing is pending (most customers), so the planner keeps no set for them.
   */
  unasked?: Set<string>;
}

// Loops over every customer or log row run once per plan, before V8 has optimized them: they index rather than
// iterate, which would allocate an iterator result per item.

/**
 * Merges every rule into one plan (contract sections 3–4). Rules run in collision priority order, so a
 * higher one books a customer's day before a lower one: S3 > S2 > S6 > S1 > S5 > S8 > S4 > S7. Then the daily
 * limits move today's overflow to tomorrow.
 *
 * One customer is planned at a time, start to finish, so what a customer's run needs dies with it (100,000
 * customers). Only two things cross customers: who gets today's vacancy offer, decided first, and the daily
 * limits, applied last to the contacts due today.
 */
export function planFollowUps(given: PlanInput): Plan {
  const allowance = lineAllowanceOf(given);
  const input: PlanInput = {
    ...given,
    orphans: orphanContacts(given.customers, given.records),
    lineSpentUntil:
      allowance && allowance.remaining - allowance.waiting <= 0 ? nextMonth(given.today) : undefined,
  };
  const byCustomer = indexByCustomer(input.records);
  const historyOf = (customer: Customer) => byCustomer.get(customer.id) ?? NO_HISTORY;
  const plan = emptyPlan();
  const shared = sharedOf(input, historyOf, plan);
  const queued: Entry[] = [];
  const limited = limitedChannels(input.settings);
  // A customer with a contact due today or waiting for a daily limit waits for the queue before their row is written.
  const rows: (CustomerPlan | Planned)[] = [];
  const lineToday: LineToday[] = [];
  for (let i = 0; i < input.customers.length; i++) {
    const run = startRun(input.customers[i], historyOf(input.customers[i]), input);
    if (!run.customer.blocked) planCustomer(run, input, plan, shared);
    if (allowance)
      for (const entry of run.entries)
        if (entry.preparesToday && entry.channel === 'LINE') lineToday.push({ entry, diary: run.diary });
    rows.push(
      collectQueued(run, queued, limited) ? plannedOf(run) : summarize(run, input.today, input.settings),
    );
  }
  countPendingOfGone(byCustomer, input.customers, plan);
  // LINE's allowance first: a contact it moves to email or a letter joins that channel's queue.
  if (allowance) plan.lineAllowance = spendLineAllowance(lineToday, allowance, queued, limited, input);
  plan.queues = applyDailyLimits(queued, input);
  for (let i = 0; i < rows.length; i++) finish(rows[i], input, plan);
  return plan;
}

const NO_HISTORY: readonly ContactRecord[] = Object.freeze([]);

function emptyPlan(): Plan {
  return {
    customers: [],
    due: [],
    skipped: [],
    closed: [],
    notices: [],
    held: new Map(),
    heldKeys: new Map(),
    lastDays: new Map(),
    queues: [],
  };
}
const NO_ORPHANS: OrphanIndex = new Map();

/**
 * What each rule works out once for the whole shop (S5's slot and its recipients, S7's issues and households), by
 * rule in RULES order; undefined for a rule with nothing shop-wide today.
 */
type Shared = readonly unknown[];

function sharedOf(
  input: PlanInput,
  historyOf: (customer: Customer) => readonly ContactRecord[],
  plan: Plan,
): Shared {
  const shared: unknown[] = [];
  const shop: ShopContext = {
    today: input.today,
    now: input.now,
    introDay: input.introDay,
    settings: input.settings,
    customers: input.customers,
    records: input.records,
    slots: input.slots,
    historyOf,
    notice: (text) => plan.notices.push(text),
    trial: (customer, rule) =>
      trial(customer, speaksAfter(rule as RuleId), historyOf(customer), input, shared),
  };
  // In priority order: a rule's trial plans only rules above it, whose shared work is done.
  for (let i = 0; i < RULES.length; i++) shared.push((RULES[i] as Rule).shared?.(shop));
  return shared;
}

/** The customer planned by the rules `first` alone, on a scratch plan: what they leave of the customer's day. */
function trial(
  customer: Customer,
  first: ReadonlySet<RuleId>,
  history: readonly ContactRecord[],
  input: PlanInput,
  shared: Shared,
): Trial {
  const run = startRun(customer, history, input);
  const scratch = emptyPlan();
  for (let i = 0; i < RULES.length; i++)
    if (first.has(RULES[i].id)) planRule(run, RULES[i], input, scratch, shared[i]);
  const { today, settings } = input;
  return {
    openSteps: run.openSteps,
    busyToday: run.entries.some((e) => e.day === today && first.has(e.step.rule)),
    inAftercare: run.openSteps.some((s) => AFTERCARE_RULES.has(s.rule)),
    canPlace: (step) => place(run.diary, step, today, settings).kind === 'placed',
  };
}

/** Every rule in priority order, the same way: what differs between rules is in their folders. */
function planCustomer(run: CustomerRun, input: PlanInput, plan: Plan, shared: Shared): void {
  const closedBefore = plan.closed.length;
  for (let i = 0; i < RULES.length; i++) planRule(run, RULES[i], input, plan, shared[i]);
  closeOrphans(run, input, plan, closedBefore);
}

function planRule(run: CustomerRun, rule: Rule, input: PlanInput, plan: Plan, shared: unknown): void {
  const wanted = rule.plan(run.customer, run.context, shared);
  run.problems.push(...wanted.problems);
  for (const record of wanted.stale ?? []) plan.closed.push({ record, note: NOTE.replaced });
  if (wanted.keeps) for (const key of wanted.keeps) run.unasked?.delete(key);
  planSteps(run, wanted.steps, input, plan);
}

/** Only what was planned is kept, so the run's calendar and lists can go with it. */
function plannedOf(run: CustomerRun): Planned {
  return {
    customer: run.customer,
    entries: run.entries,
    problems: run.problems,
    skippedToday: run.skippedToday,
  };
}

/** The customer's row of 次回連絡日 and today's contacts the daily limits left in place. */
function finish(row: CustomerPlan | Planned, input: PlanInput, plan: Plan): void {
  if (!('entries' in row)) {
    plan.customers.push(row);
    return;
  }
  for (const entry of row.entries)
    if (entry.preparesToday) plan.due.push(dueContact(row, entry, input.today));
  plan.customers.push(summarize(row, input.today, input.settings));
}

function startRun(customer: Customer, history: readonly ContactRecord[], input: PlanInput): CustomerRun {
  const category = customer.category ? input.categories.get(customer.category) : undefined;
  const found = unreachableChannels(history, customer);
  const unfollowed = Boolean(customer.lineUserId && input.unfollowed?.has(customer.lineUserId));
  const unreachable = unfollowed ? new Set([...found, 'LINE' as const]) : found;
  const openSteps: StepCandidate[] = [];
  return {
    customer,
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
  for (const r of history) if (r.key && isPendingState(r.state)) (keys ??= new Set()).add(r.key);
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
  if (step.last !== undefined) plan.lastDays.set(step.key, step.last);
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

/**
 * 次回連絡内容 in the owner's words (followup-rules.md 2): `シナリオ（ステップ）`, or the シナリオ alone when the
 * ステップ repeats it, with the newsletter's issue (`ニュースレター（11月号）`). A handful of texts shared by every
 * row, not one string per customer. 理由 and 要確認 name the step the same way.
 */
const CONTENTS = new Map<string, string>();

function contentOf(step: StepCandidate): string {
  const issue = step.fields?.['号'] ?? '';
  const id = `${step.scenario}|${step.step}|${issue}`;
  let content = CONTENTS.get(id);
  if (content === undefined) {
    content = stepLabel(step.scenario, step.step, issue);
    CONTENTS.set(id, content);
  }
  return content;
}

function labelOf(step: StepCandidate): string {
  return contentOf(step);
}

/** 理由: the step, where its date came from, and what moved it. */
function reasonOf(entry: Entry, today: Day): string {
  const { step } = entry;
  const head = `${labelOf(step)}: ${step.because}`;
  let reason: string;
  if (entry.pending) {
    const overdue = today - step.due;
    const late = overdue > 0 && !step.recurring && entry.pending.state !== '延期' ? `。${overdue}日遅れ` : '';
    reason = `${head}。${entry.pending.state}（連絡履歴）${late}`;
  } else if (entry.unprepared) {
    reason = `${head}。要確認のため準備できません`;
  } else {
    const { channel, placedDay: day, from, refused } = entry;
    const parts = [head];
    // The month's LINE allowance is said as the contract words it; other refusals in brackets.
    const spent = refused.includes(LINE_ALLOWANCE_SPENT);
    const others = spent ? refused.filter((r) => r !== LINE_ALLOWANCE_SPENT) : refused;
    if (spent) parts.push(`${LINE_ALLOWANCE_SPENT}のため${channel}で${inParentheses(others)}`);
    else if (refused.length > 0) parts.push(`${channel}で（${refused.join('、')}）`);
    if (day > from) {
      // Say only what held it back on the first day; what ruled out the other channels is said just above.
      const moved = entry.movedBecause.filter((m) => !refused.includes(m));
      parts.push(`${moved.join('、')}のため${slashDay(day)}に回します`);
    }
    const daysLate = today - step.due;
    // A recurring step (S4/S5/S7) has no backlog: a missed occurrence is simply due today.
    if (daysLate > 0 && day === today && !step.recurring) parts.push(`${daysLate}日遅れ`);
    if (step.waiting) parts.push('前のステップが終わってから');
    reason = parts.join('。');
  }
  return entry.limited ? reason + entry.limited : reason;
}

function dueContact(run: Planned, entry: Entry, today: Day): DueContact {
  return {
    customer: run.customer,
    step: entry.step,
    channel: entry.channel as Channel, // set whenever preparesToday is
    daysLate: Math.max(0, today - entry.step.due),
    reason: reasonOf(entry, today),
    retryOf: entry.retryOf,
  };
}

function planSteps(run: CustomerRun, steps: readonly StepCandidate[], input: PlanInput, plan: Plan): void {
  for (const step of steps) planStep(run, step, input, plan);
}

/** A LINE contact due today, with its customer's calendar so that it can move to the next channel. */
interface LineToday {
  entry: Entry;
  diary: Diary;
}

/** LINE's allowance as the planner starts: what LINE said, less what is already waiting to be sent. */
function lineAllowanceOf(input: PlanInput): { remaining: number; waiting: number } | undefined {
  const remaining = input.lineAllowance;
  if (remaining === undefined || remaining === null) return undefined;
  let waiting = 0;
  for (let i = 0; i < input.records.length; i++) {
    const r = input.records[i];
    // Prepared and waiting to be sent; a 失敗, 準備中 or 延期 row is placed again (and counted) as today's contact.
    if (r.channel === 'LINE' && r.key && (r.state === '承認待ち' || r.state === '承認済')) waiting++;
  }
  return { remaining, waiting };
}

/**
 * The month's LINE allowance, spent like a daily limit (contract 4.2): today's LINE contacts in rule priority, then
 * oldest due first; once it is spoken for, a contact takes the next channel in its step's order (or, with none, waits
 * for the 1st of next month) and 理由 says 「今月のLINE配信数の上限のため」. Runs before the daily limits, which then
 * count the contacts it moved.
 */
function spendLineAllowance(
  lineToday: LineToday[],
  allowance: { remaining: number; waiting: number },
  queued: Entry[],
  limited: readonly Channel[],
  input: PlanInput,
): LineAllowanceUse {
  const { today, settings } = input;
  lineToday.sort(
    (a, b) =>
      RULE_RANK[a.entry.step.rule] - RULE_RANK[b.entry.step.rule] || a.entry.step.due - b.entry.step.due,
  );
  let left = allowance.remaining - allowance.waiting;
  let moved = 0;
  for (const { entry, diary } of lineToday) {
    if (left > 0) {
      left--;
      continue;
    }
    moved++;
    // The day LINE held is free again for the channel that replaces it. In place: the customer's entries already
    // queued share this array, and the queue must see one calendar per customer.
    const busyAt = diary.busy.indexOf(entry.day);
    if (busyAt >= 0) diary.busy.splice(busyAt, 1);
    const lineDay = diary.policy.lineDays.lastIndexOf(entry.day);
    if (lineDay >= 0) diary.policy.lineDays.splice(lineDay, 1);
    diary.policy.lineSpentUntil = nextMonth(today);
    const placement = place(diary, entry.step, today, settings);
    // A channel whose daily limit cannot be read is held (planStep's rule): not a channel to move to.
    const held = placement.kind === 'placed' && settings.heldChannels?.includes(placement.channel) === true;
    if (placement.kind === 'placed' && placement.channel !== 'LINE' && !held) {
      book(diary, placement.channel, placement.day);
      entry.channel = placement.channel;
      entry.day = placement.day;
      entry.placedDay = placement.day;
      entry.refused = placement.refused;
      entry.movedBecause = placement.movedBecause;
      entry.preparesToday = placement.day === today;
      entry.limited = '';
    } else {
      const until = nextMonth(today);
      const last = entry.step.last;
      entry.preparesToday = false;
      // Never dated after its window: a step that cannot wait for next month says so, and its window closes it.
      if (last !== undefined && until > last) {
        entry.day = last;
        entry.limited = `。${LINE_ALLOWANCE_SPENT}のため、期限（${slashDay(last)}）までに送れない見込みです`;
      } else {
        entry.day = until;
        entry.limited = `。${LINE_ALLOWANCE_SPENT}のため${slashDay(until)}に回します`;
      }
    }
    // Moved to a channel with a daily limit: it waits in that queue like the others (see collectQueued).
    if (
      entry.channel !== '' &&
      entry.channel !== 'LINE' &&
      limited.includes(entry.channel) &&
      !entry.limited
    ) {
      if (isInstant(entry.channel)) {
        const at = diary.busy.indexOf(entry.placedDay);
        if (at >= 0) diary.busy.splice(at, 1);
        entry.busy = diary.busy;
      }
      queued.push(entry);
    }
  }
  return { ...allowance, today: lineToday.length - moved, moved };
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
 * 理由 when nothing is planned: a customer last seen before 休眠フォローの対象 is told apart (the owner can widen it),
 * so 「予定しているフォローはありません」 never hides a setting's choice.
 */
function nothingPlanned(customer: Customer, today: Day, settings: Settings): string {
  const visit = customer.lastVisit;
  const months = settings.dormantFollowMonths;
  if (visit !== undefined && months !== null && !isFollowed(visit, today, settings)) {
    const span = months % 12 === 0 ? `${months / 12}年以内` : `${months}か月以内`;
    return `最終来店日（${slashDay(visit)}）が設定「休眠フォローの対象」（${span}）より前のため、休眠客フォローはしていません`;
  }
  return '予定しているフォローはありません';
}

/** The 1st of the month after `day`: when LINE's monthly allowance starts again. */
function nextMonth(day: Day): Day {
  const { year, month } = ymdOf(day);
  return dayFromYmd(year, month + 1, 1);
}

/** The channels whose daily limit queues their contacts: not one the shop turned off (0) or whose limit is unreadable. */
function limitedChannels(settings: Settings): Channel[] {
  const channels: Channel[] = [];
  for (const channel of LIMITED) {
    const limit = dailyLimit(channel, settings);
    if (limit > 0 && !settings.heldChannels?.includes(channel)) channels.push(channel);
  }
  return channels;
}

const LIMITED: readonly Channel[] = ['手紙', '電話', 'メール'];

function dailyLimit(channel: Channel, settings: Settings): number {
  return channel === '手紙'
    ? settings.dailyLetterLimit
    : channel === '電話'
      ? settings.dailyPhoneLimit
      : settings.dailyEmailLimit;
}

/**
 * Files the run's contacts that wait for a daily limit (ready, not prepared yet) for the queue: false when the
 * customer has none and nothing due today, so their row can be written now.
 */
function collectQueued(run: CustomerRun, queued: Entry[], limited: readonly Channel[]): boolean {
  let any = false;
  for (const entry of run.entries) {
    if (entry.preparesToday) any = true;
    if (entry.pending || entry.unprepared || entry.step.waiting || entry.limited) continue;
    if (entry.channel === '' || !limited.includes(entry.channel)) continue;
    // Its own day leaves the customer's calendar: the queue gives it back the day it takes.
    if (isInstant(entry.channel)) {
      const busy = run.diary.busy;
      const at = busy.indexOf(entry.placedDay);
      if (at >= 0) busy.splice(at, 1);
      entry.busy = busy;
    }
    queued.push(entry);
    any = true;
  }
  return any;
}

/**
 * 1日の手紙上限 / 1日の電話上限 / 1日のメール上限 (contract 4.7 and 3's Step life cycle): every contact waiting for
 * a limited channel is placed on the day it will really be prepared — the queue the limits make, in rule priority
 * and then oldest due first, counting what an earlier run prepared today — and 理由 says so. Returns the channels
 * whose queue is longer than a day, for the forecast.
 */
function applyDailyLimits(queued: Entry[], input: PlanInput): ChannelQueue[] {
  const { today, settings } = input;
  const preparedToday = new Map<Channel, number>();
  for (let i = 0; i < input.records.length; i++) {
    const r = input.records[i];
    // Rows being retried today (失敗, 準備中, a 延期 whose day came) are not yet prepared: they need their slot.
    if (r.key && r.at === today && r.channel && holdsItsDay(r)) {
      preparedToday.set(r.channel, (preparedToday.get(r.channel) ?? 0) + 1);
    }
  }
  const limits = limitedChannels(settings).map((channel) => ({
    channel,
    limit: dailyLimit(channel, settings),
    usedToday: preparedToday.get(channel) ?? 0,
  }));
  const { days, queues } = runQueues(queued, limits, today, settings.calendar);
  // One text per channel and day (moved) or last day (unfit), shared by every contact it is said of: numbers for
  // keys, no string built per contact (100,000 customers).
  const texts = new Map<number, string>();
  for (let i = 0; i < queued.length; i++) {
    const entry = queued[i];
    entry.busy = undefined;
    const day = days[i];
    entry.unfit = Number.isNaN(day);
    if (!entry.unfit) entry.day = day as Day;
    const channel = entry.channel as Channel;
    const lane = LIMITED.indexOf(channel);
    if (entry.unfit) {
      entry.preparesToday = false;
      const last = entry.step.last;
      const at = -((last ?? 0) * 4 + lane + 1);
      let text = texts.get(at);
      if (text === undefined) {
        const by =
          last === undefined || last - entry.placedDay > MAX_WAIT_DAYS
            ? '1年以内'
            : `期限の${slashDay(last)}まで`;
        text = `。1日の${channel}上限（${dailyLimit(channel, settings)}件）の順番待ちで、${by}に準備できません`;
        texts.set(at, text);
      }
      entry.limited = text;
      continue;
    }
    entry.preparesToday = entry.day === today;
    if (entry.day === entry.placedDay) continue;
    const at = entry.day * 4 + lane;
    let text = texts.get(at);
    if (text === undefined) {
      text = `。1日の${channel}上限（${dailyLimit(channel, settings)}件）の順番待ちのため${slashDay(entry.day)}に回します`;
      texts.set(at, text);
    }
    entry.limited = text;
  }
  return queues;
}

/** The earliest entry fills the row; two channels of one step on that day are shown together. */
function summarize(run: Planned, today: Day, settings: Settings): CustomerPlan {
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
  if (run.customer.blocked) {
    row.reason = '要確認の問題が解決するまで連絡しません';
    return row;
  }
  // A step waiting for an earlier one is shown only when nothing else is planned; one the daily limits cannot
  // reach before its window closes is said only then.
  const anyReady = run.entries.some((e) => !e.step.waiting && !e.unfit);
  let next: Entry | undefined;
  for (const e of run.entries) {
    if ((anyReady && e.step.waiting) || e.unfit) continue;
    if (
      !next ||
      e.day < next.day ||
      (e.day === next.day && RULE_RANK[e.step.rule] < RULE_RANK[next.step.rule])
    )
      next = e;
  }
  // Nothing ready but a contact the limits cannot reach in time: that is what the owner must hear, not a step
  // waiting for it.
  const unfit = anyReady ? undefined : run.entries.find((e) => e.unfit);
  if (unfit) {
    row.reason = `${reasonOf(unfit, today)}。設定「${LIMIT_ITEMS[unfit.channel as Channel] ?? ''}」を上げると準備できます`;
    return row;
  }
  if (!next) {
    row.reason =
      run.customer.optOut.size === 4
        ? '配信停止が「すべて」のため連絡しません'
        : run.skippedToday.length > 0
          ? `${run.skippedToday.map(skippedToday).join('。')}。ほかに予定しているフォローはありません`
          : nothingPlanned(run.customer, today, settings);
    return row;
  }
  // Two channels of the same step on that day are shown together, in the order they were planned.
  let channels = '';
  for (const e of run.entries) {
    if ((anyReady && e.step.waiting) || e.unfit || !e.channel || e.day !== next.day) continue;
    if (e.step.scenario !== next.step.scenario || e.step.step !== next.step.step) continue;
    if (channels === '') channels = e.channel;
    else if (!channels.split(', ').includes(e.channel)) channels = `${channels}, ${e.channel}`;
  }
  row.nextDay = next.day;
  row.nextContent = contentOf(next.step);
  row.nextChannel = channels;
  row.reason = reasonOf(next, today);
  return row;
}

/**
 * A pending row that no rule asks for any more — the customer came back after a cancellation, a newer visit or
 * complaint date replaced the old one, a vacancy slot has passed, a newsletter issue is over — is closed, so an
 * outdated message can never be sent. Rows of a customer whose data has problems are left alone until fixed.
 */
function closeOrphans(run: CustomerRun, input: PlanInput, plan: Plan, closedBefore: number): void {
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
  for (const record of run.history) {
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
      plan.heldKeys.set(record.key, `${unread}ため保留しています`);
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
function countPendingOfGone(
  byCustomer: ReadonlyMap<string, readonly ContactRecord[]>,
  customers: readonly Customer[],
  plan: Plan,
): void {
  if (byCustomer.size === 0) return;
  const present = new Set<string>();
  const blocked = new Set<string>();
  for (let i = 0; i < customers.length; i++) {
    present.add(customers[i].id);
    if (customers[i].blocked) blocked.add(customers[i].id);
  }
  for (const [id, history] of byCustomer)
    if (!present.has(id)) countPending(history, plan, 'gone');
    else if (blocked.has(id)) countPending(history, plan, 'blocked');
}

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

function count(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** The 設定 item of each channel's daily limit. */
const LIMIT_ITEMS: Partial<Record<Channel, string>> = {
  手紙: '1日の手紙上限',
  電話: '1日の電話上限',
  メール: '1日のメール上限',
};

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
