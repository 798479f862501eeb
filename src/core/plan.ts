import { nextBusinessDay, onOrAfterBusinessDay } from './calendar';
import { addDays, parseIsoDay, slashDay, type Day } from './day';
import { contactKey, indexByCustomer, isCompleteState, isPendingState, recordsOfStep } from './history';
import { checkChannel, lineContactDays, unreachableChannels, type PolicyContext } from './policy';
import { RULES } from './rules';
import type { Moment, Slot } from './slots';
import type { Category, Channel, ContactRecord, Customer, Settings, StepCandidate } from './types';

/** How many calls in all before a 不在 step falls back to a letter. */
const MAX_CALL_ATTEMPTS = 3;

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

/** A window that closed with the step never done: logged スキップ / 期限切れ. */
export interface ExpiredContact {
  customer: Customer;
  step: StepCandidate;
}

export interface Plan {
  customers: CustomerPlan[];
  due: DueContact[];
  expired: ExpiredContact[];
}

interface Entry {
  step: StepCandidate;
  day: Day;
  channel: string;
  reason: string;
}

export function planFollowUps(input: PlanInput): Plan {
  const historyByCustomer = indexByCustomer(input.records);
  const plan: Plan = { customers: [], due: [], expired: [] };
  for (const customer of input.customers) {
    plan.customers.push(planCustomer(customer, historyByCustomer.get(customer.id) ?? [], input, plan));
  }
  return plan;
}

function planCustomer(
  customer: Customer,
  history: ContactRecord[],
  input: PlanInput,
  plan: Plan,
): CustomerPlan {
  const problems = [...customer.problems];
  const row: CustomerPlan = {
    index: customer.index,
    customerId: customer.id,
    nextContent: '',
    nextChannel: '',
    reason: '',
    attention: '',
  };
  if (customer.blocked) {
    row.reason = '要確認の問題が解決するまで連絡しません';
    row.attention = problems.join('／');
    return row;
  }
  const category = customer.category ? input.categories.get(customer.category) : undefined;
  const policy: PolicyContext = {
    settings: input.settings,
    categoryAllowsPhone: category?.phoneAllowed ?? true,
    unreachable: unreachableChannels(history),
    lineDays: lineContactDays(history),
  };
  const openSteps: StepCandidate[] = [];
  const ctx = {
    today: input.today,
    now: input.now,
    settings: input.settings,
    categories: input.categories,
    history,
    slots: input.slots,
    openSteps,
  };
  const entries: Entry[] = [];
  for (const rule of RULES) {
    const wanted = rule.steps(customer, ctx);
    problems.push(...wanted.problems);
    for (const step of wanted.steps) {
      const outcome = planStep(
        customer,
        withCallRetries(customer, step, history, input),
        history,
        policy,
        input,
        plan,
        problems,
      );
      if (outcome.open) openSteps.push(step);
      if (outcome.entry) entries.push(outcome.entry);
    }
  }
  entries.sort((a, b) => a.day - b.day);
  const next = entries[0];
  if (next) {
    row.nextDay = next.day;
    row.nextContent = `${next.step.scenario}: ${next.step.step}`;
    row.nextChannel = next.channel;
    row.reason = next.reason;
  } else {
    row.reason =
      customer.optOut.size === 4 ? '配信停止: すべて — 連絡しません' : '予定しているフォローはありません';
  }
  row.attention = problems.join('／');
  return row;
}

/** A call that ended 不在 is tried again the next business day, three calls in all, then a letter. */
function withCallRetries(
  customer: Customer,
  step: StepCandidate,
  history: readonly ContactRecord[],
  input: PlanInput,
): StepCandidate {
  const misses = history.filter(
    (r) =>
      r.key.startsWith(step.key) && r.channel === '電話' && r.result === '不在' && isCompleteState(r.state),
  );
  if (misses.length === 0) return step;
  const lastCall = misses.reduce<Day>((latest, r) => Math.max(latest, r.at ?? latest) as Day, step.due);
  if (misses.length >= MAX_CALL_ATTEMPTS) {
    return {
      ...step,
      key: `${step.key}#手紙`,
      due: addDays(lastCall, 1),
      channels: ['手紙'],
      because: `${step.because}。電話が${misses.length}回つながらなかったため手紙で`,
    };
  }
  return {
    ...step,
    key: contactKey(customer.id, step.rule, step.step, step.anchor, misses.length + 1),
    due: nextBusinessDay(lastCall, input.settings.calendar),
    channels: ['電話'],
    because: `${step.because}。前回の電話が不在のため${misses.length + 1}回目`,
  };
}

function planStep(
  customer: Customer,
  step: StepCandidate,
  history: readonly ContactRecord[],
  policy: PolicyContext,
  input: PlanInput,
  plan: Plan,
  problems: string[],
): { open: boolean; entry?: Entry } {
  const { today } = input;
  const label = `${step.scenario}「${step.step}」`;
  const records = recordsOfStep(history, step.key, step.scenario, step.step, anchorDay(step));
  const exact = records.filter((r) => r.key === step.key || !r.key);
  if (exact.some((r) => isCompleteState(r.state) && !(r.channel === '電話' && r.result === '不在')))
    return { open: false };
  const pending = exact.find((r) => isPendingState(r.state));
  // 失敗 (quota, error) is retried while the window is open, on the same 連絡履歴 row.
  const failed = pending?.state === '失敗' ? pending : undefined;
  if (pending && !failed) {
    const day = Math.max(pending.plannedDay ?? step.due, today) as Day;
    const reason = `${label}: ${step.because}。${pending.state}（連絡履歴）`;
    return { open: true, entry: { step, day, channel: pending.channel ?? '', reason } };
  }
  if (step.last !== undefined && today > step.last) {
    if (step.last >= input.introDay) plan.expired.push({ customer, step });
    return { open: false };
  }
  const choice = chooseChannel(customer, step, policy, input);
  if (!choice.channel) {
    problems.push(`${label}の連絡手段がありません（${choice.refused.join('、')}）`);
    return { open: true };
  }
  const day = Math.max(choice.day, today) as Day;
  if (step.last !== undefined && day > step.last) return { open: true };
  const parts = [`${label}: ${step.because}`];
  if (choice.refused.length > 0) parts.push(`${choice.channel}で（${choice.refused.join('、')}）`);
  if (choice.day > step.due) parts.push(`休業日のため${slashDay(choice.day)}に`);
  const daysLate = today - choice.day;
  if (daysLate > 0) parts.push(`${daysLate}日遅れ`);
  if (step.waiting) parts.push('前のステップが終わってから');
  const reason = parts.join('。');
  if (!step.waiting && choice.day <= today) {
    plan.due.push({
      customer,
      step,
      channel: choice.channel,
      daysLate: Math.max(0, daysLate),
      reason,
      retryOf: failed?.index,
    });
  }
  return { open: true, entry: { step, day, channel: choice.channel, reason } };
}

interface Choice {
  channel?: Channel;
  day: Day;
  refused: string[];
}

/** The first channel in the step's order that the policy allows; calls move off closed days. */
function chooseChannel(
  customer: Customer,
  step: StepCandidate,
  policy: PolicyContext,
  input: PlanInput,
): Choice {
  const refused: string[] = [];
  for (const channel of step.channels) {
    const day = channel === '電話' ? onOrAfterBusinessDay(step.due, input.settings.calendar) : step.due;
    const sendDay = Math.max(day, input.today) as Day;
    const verdict = checkChannel(channel, customer, step, sendDay, policy);
    if (verdict.ok) return { channel, day, refused };
    refused.push(verdict.why);
  }
  return { day: step.due, refused };
}

function anchorDay(step: StepCandidate): Day {
  return parseIsoDay(step.anchor) ?? (-Infinity as Day);
}
