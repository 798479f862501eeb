import { addDays, type Day } from './day';
import { holdsItsDay, isCompleteState } from './history';
export { unreachableChannels } from './reach';
import { isMarketingStep, isNonUrgentLineStep, RULE_PRIORITY, RULE_RANK } from './registry';
import { CHANNELS } from '../labels';
import type { Channel, ContactRecord, Customer, Settings, StepCandidate } from './types';

/** Marketing email and non-urgent LINE, step by step as the registry declares them (contract 4.2–4.3). */
function isMarketing(step: StepCandidate): boolean {
  return isMarketingStep(step.rule, step.step);
}

function isNonUrgentLine(step: StepCandidate): boolean {
  return isNonUrgentLineStep(step.rule, step.step);
}
const LINE_CAP_WINDOW_DAYS = 30;

/** Collision priority and rank: declared by the registry's order (registry.ts). */
export { RULE_PRIORITY, RULE_RANK };

/** Email, LINE and phone: at most one per customer per day. Letters arrive days later and are exempt. */
export function isInstant(channel: Channel): boolean {
  return channel !== '手紙';
}

/**
 * The days this customer already has an email, LINE or phone contact on (sent, done or pending). A customer has a
 * handful: a short list costs less than a set for each of 100,000 customers.
 */
export function busyDays(history: readonly ContactRecord[]): Day[] {
  const days: Day[] = [];
  for (let i = 0; i < history.length; i++) {
    const r = history[i];
    if (!r.channel || !isInstant(r.channel) || !holdsItsDay(r)) continue;
    const day = contactDay(r);
    if (day !== undefined && !days.includes(day)) days.push(day);
  }
  return days;
}

export interface PolicyContext {
  settings: Settings;
  /** Whether the category of the customer's purchase allows phone calls (カテゴリ 電話 可/不可). */
  categoryAllowsPhone: boolean;
  /** Channels with a 宛先不明 result (or a LINE unfollow) for this customer. */
  unreachable: ReadonlySet<Channel>;
  /** This customer's LINE contacts (sent or pending, owner-typed included) by day, this run's included. */
  lineDays: Day[];
  /** The shop's monthly LINE allowance is spoken for: LINE is not used before this day (the 1st of next month). */
  lineSpentUntil?: Day;
}

/** `temporary` refusals (the LINE caps) may pass on a later day; the others will not. */
export type ChannelVerdict = { ok: true } | { ok: false; why: string; temporary?: boolean };

/** The channels with a daily limit in 設定, and its item. */
const DAILY_LIMIT: Partial<
  Record<Channel, { key: 'dailyLetterLimit' | 'dailyPhoneLimit' | 'dailyEmailLimit'; item: string }>
> = {
  手紙: { key: 'dailyLetterLimit', item: '1日の手紙上限' },
  電話: { key: 'dailyPhoneLimit', item: '1日の電話上限' },
  メール: { key: 'dailyEmailLimit', item: '1日のメール上限' },
};

/** Whether a channel may carry this step to this customer on this day (contract section 4). */
export function checkChannel(
  channel: Channel,
  customer: Customer,
  step: StepCandidate,
  sendDay: Day,
  ctx: PolicyContext,
): ChannelVerdict {
  if (customer.optOut.has(channel)) return REFUSED[channel].optedOut;
  // A daily limit of 0 turns the channel off (rather than moving its contacts a day at a time until they lapse).
  const off = DAILY_LIMIT[channel];
  if (off && ctx.settings[off.key] === 0) return REFUSED[channel].turnedOff;
  if (ctx.unreachable.has(channel)) return REFUSED[channel].unreachable;
  switch (channel) {
    case 'メール':
      if (!customer.email) return no('メールアドレスなし');
      if (isMarketing(step) && !customer.emailConsent) return no('メール同意なし');
      return OK;
    case '手紙':
      return customer.postalCode && customer.address ? OK : no('郵便番号か住所なし');
    case 'LINE': {
      if (customer.lineConflict) return no('LINEのつながりが食い違っている');
      if (!customer.lineUserId) return no('LINEユーザーIDなし');
      if (ctx.lineSpentUntil !== undefined && sendDay < ctx.lineSpentUntil) return LINE_ALLOWANCE_SPENT;
      const count = lineCountAround(ctx.lineDays, sendDay);
      if (count + 1 > ctx.settings.lineMonthlyLimit) {
        return {
          ok: false,
          why: `LINEが30日で${count}回（上限${ctx.settings.lineMonthlyLimit}回）`,
          temporary: true,
        };
      }
      if (isNonUrgentLine(step) && count >= ctx.settings.lineMonthlyTarget) {
        return {
          ok: false,
          why: `LINEが30日で${count}回（目安${ctx.settings.lineMonthlyTarget}回）`,
          temporary: true,
        };
      }
      return OK;
    }
    case '電話':
      return checkPhone(customer, step, ctx);
  }
}

function checkPhone(customer: Customer, step: StepCandidate, ctx: PolicyContext): ChannelVerdict {
  if (!customer.phone) return no('電話番号なし');
  // S3's apology call may phone anyone with a number; every other call needs permission or a strong relationship.
  if (step.callsAnyone) return OK;
  if (!ctx.categoryAllowsPhone) return no('このカテゴリは電話しない設定');
  if (customer.visits === undefined || customer.visits <= 1) return no('新規のお客様には電話しない');
  if (!customer.phoneAllowed && !customer.regular) return no('電話許可なし（常連でもない）');
  return OK;
}

/** LINE contacts in the 30 calendar days ending on the send day, inclusive. */
export function lineCountAround(lineDays: readonly Day[], sendDay: Day): number {
  const from = addDays(sendDay, -(LINE_CAP_WINDOW_DAYS - 1));
  let count = 0;
  for (let j = 0; j < lineDays.length; j++) {
    const day = lineDays[j];
    if (day >= from && day <= sendDay) count++;
  }
  return count;
}

/** Days of a customer's LINE contacts that count toward the caps: sent or pending, typed by the owner or not. */
export function lineContactDays(history: readonly ContactRecord[]): Day[] {
  const days: Day[] = [];
  for (let i = 0; i < history.length; i++) {
    const r = history[i];
    if (r.channel !== 'LINE' || !holdsItsDay(r)) continue;
    const day = contactDay(r);
    if (day !== undefined) days.push(day);
  }
  return days;
}

/**
 * Verdicts whose words never change, made once and shared (frozen): checkChannel is asked of every channel of every
 * step of every customer, each run (100,000 customers), and most answers are one of these.
 */
const OK: ChannelVerdict = Object.freeze({ ok: true });
const REFUSALS = new Map<string, ChannelVerdict>();
function no(why: string): ChannelVerdict {
  let verdict = REFUSALS.get(why);
  if (verdict === undefined) REFUSALS.set(why, (verdict = Object.freeze({ ok: false, why })));
  return verdict;
}
const LINE_ALLOWANCE_SPENT: ChannelVerdict = Object.freeze({
  ok: false,
  why: '今月のLINE配信数の上限',
  temporary: true,
});
/** By channel: 配信停止, turned off by a daily limit of 0, and 宛先不明 (or blocked). */
const REFUSED = Object.fromEntries(
  CHANNELS.map((channel) => {
    const off = DAILY_LIMIT[channel];
    return [
      channel,
      {
        optedOut: no(`${channel}は配信停止`),
        turnedOff: no(off ? `設定「${off.item}」が0` : ''),
        unreachable: no(channel === 'LINE' ? 'LINEはブロック中か宛先不明' : `${channel}は宛先不明`),
      },
    ];
  }),
) as Record<Channel, { optedOut: ChannelVerdict; turnedOff: ChannelVerdict; unreachable: ChannelVerdict }>;

// Kept with the other state predicates (history.ts), where a rule can import it without the registry.
export { holdsItsDay } from './history';

/** The day a contact happened (日時 of a complete row) or is planned for (予定日 of a pending one). */
function contactDay(r: ContactRecord): Day | undefined {
  return isCompleteState(r.state) ? (r.at ?? r.plannedDay) : (r.plannedDay ?? r.at);
}
