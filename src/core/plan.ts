import { NOTE } from '../labels';
import { nextBusinessDay } from './calendar';
import { addDays, parseIsoDay, slashDay, type Day } from './day';
import { indexByCustomer, isPendingState } from './history';
import { stepState, withCallRetries } from './lifecycle';
import { busyDays, holdsItsDay, lineContactDays, RULE_PRIORITY, unreachableChannels } from './policy';
import { RULES } from './rules';
import { newsletterIssues, newsletterSteps } from './rules/newsletter';
import { isVacancyCandidate, slotToOffer, vacancyStep } from './rules/vacancy';
import { book, place, type Diary } from './schedule';
import type { Moment, Slot } from './slots';
import type { Category, Channel, ContactRecord, Customer, RuleId, Settings, StepCandidate } from './types';

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
}

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
  reason: string;
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
  /** The last day of each open step's window, by key: the latest day the owner may snooze it to. */
  lastDays: Map<string, Day>;
}

interface Entry {
  step: StepCandidate;
  day: Day;
  channel: string;
  reason: string;
}

/** One customer's run: their history, calendar, open steps and what is planned. */
interface CustomerRun {
  customer: Customer;
  history: readonly ContactRecord[];
  diary: Diary;
  openSteps: StepCandidate[];
  entries: Entry[];
  due: DueContact[];
  problems: string[];
  /** Steps logged スキップ by this run, so 理由 can say so when nothing else is planned. */
  skippedToday: string[];
  /** Keys of every step the rules produced this run: a pending row with another key is no longer wanted. */
  seenKeys: Set<string>;
}

/**
 * Merges every rule into one plan (contract sections 3–4). Rules run in collision priority order, so a
 * higher one books a customer's day before a lower one: S3 > S2 > S6 > S1 > S5 > S8 > S4 > S7. Then the daily
 * limits move today's overflow to tomorrow.
 */
export function planFollowUps(input: PlanInput): Plan {
  const byCustomer = indexByCustomer(input.records);
  const runs = input.customers.map((customer) =>
    startRun(customer, byCustomer.get(customer.id) ?? [], input),
  );
  const plan: Plan = { customers: [], due: [], skipped: [], closed: [], notices: [], lastDays: new Map() };
  const active = runs.filter((r) => !r.customer.blocked);
  for (const rule of RULE_PRIORITY) {
    if (rule === 'S5') planVacancy(active, input, plan);
    else if (rule === 'S7') planNewsletter(active, input, plan);
    else {
      const perCustomer = RULES.find((r) => r.id === rule);
      if (!perCustomer) continue;
      for (const run of active) {
        const wanted = perCustomer.steps(run.customer, {
          today: input.today,
          now: input.now,
          settings: input.settings,
          categories: input.categories,
          history: run.history,
          slots: input.slots,
          openSteps: run.openSteps,
        });
        run.problems.push(...wanted.problems);
        for (const record of wanted.stale ?? []) plan.closed.push({ record, note: NOTE.replaced });
        for (const step of wanted.steps) planStep(run, step, input, plan);
      }
    }
  }
  applyDailyLimits(active, input);
  for (const run of active) closeOrphans(run, input, plan);
  for (const run of runs) {
    plan.due.push(...run.due);
    plan.customers.push(summarize(run));
  }
  return plan;
}

function startRun(customer: Customer, history: readonly ContactRecord[], input: PlanInput): CustomerRun {
  const category = customer.category ? input.categories.get(customer.category) : undefined;
  const unreachable = unreachableChannels(history, customer);
  if (customer.lineUserId && input.unfollowed?.has(customer.lineUserId)) unreachable.add('LINE');
  return {
    customer,
    history,
    diary: {
      customer,
      busy: busyDays(history),
      policy: {
        settings: input.settings,
        categoryAllowsPhone: category?.phoneAllowed ?? true,
        unreachable,
        lineDays: lineContactDays(history),
      },
    },
    openSteps: [],
    entries: [],
    due: [],
    problems: [...customer.problems],
    skippedToday: [],
    seenKeys: new Set(),
  };
}

function planStep(run: CustomerRun, wanted: StepCandidate, input: PlanInput, plan: Plan): void {
  const { today } = input;
  const step = withCallRetries(run.customer, wanted, run.history, input.settings);
  run.seenKeys.add(step.key);
  const label = `${step.scenario}「${step.step}」`;
  const state = stepState(step, run.history, today, input.introDay);
  if (state.kind === 'done') return;
  if (state.kind === 'lapsed') {
    plan.closed.push({
      record: state.record,
      note: `${NOTE.expired}（${label}の期限 ${slashDay(step.last as Day)} を過ぎました）`,
    });
    return;
  }
  if (state.kind === 'expired') {
    if (state.log && !step.recurring) {
      plan.skipped.push({
        customer: run.customer,
        step,
        note: NOTE.expired,
        reason: `${label}: ${step.because}`,
      });
      run.skippedToday.push(`${label}は${NOTE.expired}でスキップ`);
    }
    return;
  }
  run.openSteps.push(step);
  if (step.last !== undefined) plan.lastDays.set(step.key, step.last);
  if (state.kind === 'pending') {
    const planned = state.record.plannedDay ?? step.due;
    const day = Math.max(planned, today) as Day;
    const overdue = today - step.due;
    const late = overdue > 0 && !step.recurring && state.record.state !== '延期' ? `。${overdue}日遅れ` : '';
    const reason = `${label}: ${step.because}。${state.record.state}（連絡履歴）${late}`;
    run.entries.push({ step, day, channel: state.record.channel ?? '', reason });
    return;
  }
  const from = Math.max(step.due, today) as Day;
  if (step.blockers && step.blockers.length > 0) {
    run.problems.push(...step.blockers.map((b) => `${label}: ${b}`));
    run.entries.push({
      step,
      day: from,
      channel: '',
      reason: `${label}: ${step.because}。要確認のため準備できません`,
    });
    return;
  }
  const placement = place(run.diary, step, from, input.settings);
  if (placement.kind === 'none') {
    // Channels the owner stopped on purpose are no problem to report; missing details are.
    if (!placement.refused.every((why) => why.endsWith('は配信停止'))) {
      run.problems.push(`${label}の連絡手段がありません（${placement.refused.join('、')}）`);
    }
    return;
  }
  if (placement.kind === 'blocked') {
    if (today >= step.due && !step.waiting) {
      const reason = `${label}: ${step.because}。期限内に送れる日がありません（${placement.refused.join('、')}）`;
      plan.skipped.push({ customer: run.customer, step, note: NOTE.overCap, reason });
      run.skippedToday.push(`${label}は${NOTE.overCap}でスキップ（${placement.refused.join('、')}）`);
    }
    return;
  }
  const { channel, day } = placement;
  const parts = [`${label}: ${step.because}`];
  if (placement.refused.length > 0) parts.push(`${channel}で（${placement.refused.join('、')}）`);
  if (day > from) {
    // Say only what held it back on the first day; what ruled out the other channels is said just above.
    const moved = placement.movedBecause.filter((why) => !placement.refused.includes(why));
    parts.push(`${moved.join('、')}のため${slashDay(day)}に`);
  }
  const daysLate = today - step.due;
  // A recurring step (S4/S5/S7) has no backlog: a missed occurrence is simply due today.
  if (daysLate > 0 && day === today && !step.recurring) parts.push(`${daysLate}日遅れ`);
  if (step.waiting) parts.push('前のステップが終わってから');
  const reason = parts.join('。');
  run.entries.push({ step, day, channel, reason });
  if (step.waiting) return;
  book(run.diary, channel, day);
  if (day === today) {
    run.due.push({
      customer: run.customer,
      step,
      channel,
      daysLate: Math.max(0, daysLate),
      reason,
      retryOf: state.retryOf,
    });
  }
}

/** S5: one slot per run, to the most loyal regulars who can be reached today by LINE or consented email. */
function planVacancy(runs: readonly CustomerRun[], input: PlanInput, plan: Plan): void {
  const slot = slotToOffer(input.slots, input.records, input.now, input.settings);
  if (!slot) return;
  const higher = new Set<RuleId>(['S3', 'S2', 'S6', 'S1']);
  const candidates = runs
    .filter((run) => isVacancyCandidate(run.customer, run.history, run.openSteps, input.today))
    .filter((run) => !run.entries.some((e) => e.day === input.today && higher.has(e.step.rule)))
    .sort((a, b) => (b.customer.visits ?? 0) - (a.customer.visits ?? 0));
  let offered = 0;
  for (const run of candidates) {
    if (offered >= input.settings.vacancyMaxRecipients) break;
    const step = vacancyStep(run.customer, slot, input.today);
    const placement = place(run.diary, { ...step, last: input.today }, input.today, input.settings);
    if (placement.kind !== 'placed') continue;
    planStep(run, step, input, plan);
    offered++;
  }
}

/** S7: this month's issue (or a missed one, once) and the next, for every household and consenting reader. */
function planNewsletter(runs: readonly CustomerRun[], input: PlanInput, plan: Plan): void {
  const issues = newsletterIssues(input.settings, input.today, input.introDay);
  if (issues.length === 0) return;
  if (!input.settings.newsletterBody) {
    plan.notices.push(
      'ニュースレター配信日が設定されていますが、設定「ニュースレター本文」が空のため準備しません',
    );
    return;
  }
  const byCustomer = new Map(runs.map((r) => [r.customer, r]));
  const customers = runs.map((r) => r.customer);
  for (const issue of issues) {
    for (const [customer, steps] of newsletterSteps(customers, issue)) {
      const run = byCustomer.get(customer);
      if (run) for (const step of steps) planStep(run, step, input, plan);
    }
  }
}

/**
 * 1日の手紙上限 / 1日の電話上限 / 1日のメール上限 (contract 4.7): today's overflow moves to tomorrow, in rule
 * priority and then oldest due first, counting what an earlier run prepared today.
 */
function applyDailyLimits(runs: readonly CustomerRun[], input: PlanInput): void {
  const { today, settings } = input;
  const limits: Partial<Record<Channel, number>> = {
    手紙: settings.dailyLetterLimit,
    電話: settings.dailyPhoneLimit,
    メール: settings.dailyEmailLimit,
  };
  const preparedToday = new Map<Channel, number>();
  for (const r of input.records) {
    // Rows being retried today (失敗, 準備中, a 延期 whose day came) are not yet prepared: they need their slot.
    if (r.key && r.at === today && r.channel && holdsItsDay(r)) {
      preparedToday.set(r.channel, (preparedToday.get(r.channel) ?? 0) + 1);
    }
  }
  const all = runs.flatMap((run) => run.due.map((due) => ({ run, due })));
  const rank = (rule: RuleId) => RULE_PRIORITY.indexOf(rule);
  all.sort((a, b) => rank(a.due.step.rule) - rank(b.due.step.rule) || a.due.step.due - b.due.step.due);
  const used = new Map(preparedToday);
  for (const { run, due } of all) {
    const limit = limits[due.channel];
    const count = used.get(due.channel) ?? 0;
    if (limit === undefined || count < limit) {
      used.set(due.channel, count + 1);
      continue;
    }
    run.due.splice(run.due.indexOf(due), 1);
    const entry = run.entries.find((e) => e.step === due.step);
    if (entry) {
      // A call waits for the next business day; letters and email simply for tomorrow.
      entry.day = due.channel === '電話' ? nextBusinessDay(today, settings.calendar) : addDays(today, 1);
      entry.reason = `${entry.reason}。1日の${limitName(due.channel)}上限（${limit}件）のため${slashDay(entry.day)}に`;
    }
  }
}

function limitName(channel: Channel): string {
  return channel === '手紙' ? '手紙' : channel === '電話' ? '電話' : 'メール';
}

/** The earliest entry fills the row; two channels of one step on that day are shown together. */
function summarize(run: CustomerRun): CustomerPlan {
  const row: CustomerPlan = {
    index: run.customer.index,
    customerId: run.customer.id,
    nextContent: '',
    nextChannel: '',
    reason: '',
    attention: [...new Set(run.problems)].join('／'),
  };
  if (run.customer.blocked) {
    row.reason = '要確認の問題が解決するまで連絡しません';
    return row;
  }
  const rank = (e: Entry) => RULE_PRIORITY.indexOf(e.step.rule);
  // A step waiting for an earlier one is shown only when nothing else is planned.
  const ready = run.entries.filter((e) => !e.step.waiting);
  const sorted = [...(ready.length > 0 ? ready : run.entries)].sort(
    (a, b) => a.day - b.day || rank(a) - rank(b),
  );
  const next = sorted[0];
  if (!next) {
    row.reason =
      run.customer.optOut.size === 4
        ? '配信停止: すべて — 連絡しません'
        : run.skippedToday.length > 0
          ? `${run.skippedToday.join('。')}。ほかに予定しているフォローはありません`
          : '予定しているフォローはありません';
    return row;
  }
  const sameStep = sorted.filter(
    (e) => e.day === next.day && e.step.scenario === next.step.scenario && e.step.step === next.step.step,
  );
  row.nextDay = next.day;
  row.nextContent = `${next.step.scenario}: ${next.step.step}`;
  row.nextChannel = [...new Set(sameStep.map((e) => e.channel).filter(Boolean))].join(', ');
  row.reason = next.reason;
  return row;
}

/**
 * A pending row that no rule asks for any more — the customer came back after a cancellation, a newer visit or
 * complaint date replaced the old one, a vacancy slot has passed, a newsletter issue is over — is closed, so an
 * outdated message can never be sent. Rows of a customer whose data has problems are left alone until fixed.
 */
function closeOrphans(run: CustomerRun, input: PlanInput, plan: Plan): void {
  if (run.customer.problems.length > 0) return;
  const closing = new Set(plan.closed.map((c) => c.record));
  for (const record of run.history) {
    if (!record.key || !isPendingState(record.state) || closing.has(record)) continue;
    if (run.seenKeys.has(record.key)) continue;
    if (isVacancyKey(record.key) && !slotHasPassed(record.key, input.now)) continue;
    plan.closed.push({ record, note: NOTE.noLongerNeeded });
  }
}

function isVacancyKey(key: string): boolean {
  return key.split('|')[1] === 'S5';
}

/** A vacancy offer's anchor is the slot's `YYYY-MM-DD HH:MM`. */
function slotHasPassed(key: string, now: Moment): boolean {
  const match = /\|(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2})$/.exec(key);
  const day = match ? parseIsoDay(match[1]) : null;
  if (!match || day === null) return false;
  return day < now.day || (day === now.day && Number(match[2]) * 60 + Number(match[3]) <= now.minutes);
}
