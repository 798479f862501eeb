import { SCENARIO, STEP } from '../../../labels';
import { addDays, dayFromYmd, isoDay, isValidYmd, monthDayJa, parseIsoDay, ymdOf, type Day } from '../../day';
import { isCompleteState, isRecordOfStep } from '../../history';
import { memo, memo3 } from '../../memo';
import type { MonthDay } from '../../parse';
import type { ContactRecord, Customer, RuleContext, Settings, StepCandidate } from '../../types';
import { defineRule, type Rule, type StepDef } from '../rule';
import { NO_PROBLEMS, NO_STEPS, stepFor } from '../step';
import { TEMPLATES } from './templates';

/** The greeting may go until a week after the birthday (contract S9). */
const WINDOW_DAYS = 7;
/** A letter is prepared this many days before the birthday, so it arrives on time (contract S9). */
const LETTER_LEAD_DAYS = 7;
/**
 * A letter composed later than this many days before the birthday arrives after it: ordinary mail takes about
 * three days (no delivery on Saturdays, Sundays or holidays), so it then says 「遅ればせながら」.
 */
const LETTER_TRANSIT_DAYS = 3;
/** A closed window stays asked for this long, so the planner logs its 期限切れ once. */
const CLOSED_WINDOW_KEPT_DAYS = 31;
/** The LINE caps count the 30 calendar days ending on the send day (contract 4.2). */
const LINE_CAP_WINDOW_DAYS = 30;
/** The 特典 is never offered until a day sooner than this many days after the message. */
const MIN_GIFT_DAYS = 14;
/** Complaint aftercare (the registry's AFTERCARE_RULES; named here, since the registry imports this folder). */
const AFTERCARE: ReadonlySet<string> = new Set(['S3']);

const STEPS: readonly StepDef[] = [
  { label: STEP.birthday, channels: ['LINE', 'メール', '手紙'], marketing: true, nonUrgentLine: true },
];

/**
 * S9 お誕生日 (contract section 3): a greeting on the customer's birthday (month and day; 2/29 on 2/28 in other
 * years), each year, by LINE, consented email or a letter prepared a week ahead; with 誕生日特典 it offers that until
 * 誕生日特典の期限. Never while the customer is in complaint aftercare.
 */
export const birthday: Rule<'S9'> = defineRule({
  id: 'S9',
  scenario: SCENARIO.birthday,
  kind: 'customer',
  anchor: 'occurrence',
  steps: STEPS,
  triggers: [{ field: 'birthday', header: '誕生日' }],
  reads: ['誕生日'],
  templates: TEMPLATES,
  plan(customer, ctx) {
    const born = customer.birthday;
    if (born === undefined) return NO_STEPS;
    // Complaint aftercare (an S3 step pending or upcoming): no greeting that offers a 特典 meanwhile.
    if (ctx.openSteps.some((s) => AFTERCARE.has(s.rule))) return NO_STEPS;
    const { year } = ymdOf(ctx.today);
    const current = birthdayIn(
      [year - 1, year, year + 1].find(
        (y) => addDays(birthdayIn(y, born), WINDOW_DAYS) >= ctx.today,
      ) as number,
      born,
    );
    const steps: StepCandidate[] = [];
    // Last year's window, closed lately: asked for a while more, so a greeting never sent is logged 期限切れ.
    const previous = birthdayIn(ymdOf(current).year - 1, born);
    if (ctx.today - addDays(previous, WINDOW_DAYS) <= CLOSED_WINDOW_KEPT_DAYS)
      steps.push(greeting(customer, previous, ctx));
    const now = greeting(customer, current, ctx);
    steps.push(now);
    // This year's greeting is done: next year's is the next contact (次回連絡日).
    if (
      ctx.history.some(
        (r) => isCompleteState(r.state) && isRecordOfStep(r, now.key, now.scenario, now.step, current),
      )
    )
      steps.push(greeting(customer, birthdayIn(ymdOf(current).year + 1, born), ctx));
    return { steps, problems: NO_PROBLEMS };
  },
});

/** The birthday in a year: 2/29 is 2/28 in a year without it. */
export function birthdayIn(year: number, born: MonthDay): Day {
  return isValidYmd(year, born.month, born.date)
    ? dayFromYmd(year, born.month, born.date)
    : dayFromYmd(year, born.month, born.date - 1);
}

/**
 * The greeting of the birthday `day`. When neither LINE nor consented email will carry it that day (no LINE, or
 * the customer already had LINE目安月回数 LINE in the 30 days ending then), a letter is prepared a week ahead so it
 * arrives on time; otherwise the planner takes LINE > メール > 手紙 on the day.
 */
function greeting(customer: Customer, day: Day, ctx: RuleContext): StepCandidate {
  const letterFirst =
    !instantOnTheDay(customer, day, ctx) && Boolean(customer.postalCode && customer.address);
  const born = customer.birthday as MonthDay;
  const leap = born.month === 2 && born.date === 29 && ymdOf(day).date === 28 ? '（2月29日生まれ）' : '';
  return stepFor(customer.id, birthday, STEP.birthday, isoDay(day), {
    due: letterFirst ? addDays(day, -LETTER_LEAD_DAYS) : day,
    last: addDays(day, WINDOW_DAYS),
    because: birthdayLine(day, leap, letterFirst),
    fields: birthdayFields(day),
    ...(letterFirst ? { channels: ['手紙'] } : {}),
  });
}

// 理由 and {{お誕生日}}, one of each for every customer they say (memo.ts): each step keeps them until the run ends.
const birthdayLine = memo3((day: Day, leap: string, letterFirst: boolean) =>
  letterFirst
    ? `お誕生日（${monthDayJa(day)}${leap}）に届くよう、${LETTER_LEAD_DAYS}日前に手紙で`
    : `お誕生日（${monthDayJa(day)}${leap}）`,
);
const birthdayFields = memo((day: Day): Readonly<Record<string, string>> =>
  Object.freeze({ お誕生日: monthDayJa(day) }),
);

/**
 * Whether LINE or consented email can carry the greeting on the day, as far as the row and 連絡履歴 tell now: the
 * planner still checks each channel on the day it places the step (contract 4).
 */
function instantOnTheDay(customer: Customer, day: Day, ctx: RuleContext): boolean {
  const { settings } = ctx;
  const open = (channel: 'LINE' | 'メール') =>
    !customer.optOut.has(channel) &&
    !ctx.unreachable?.has(channel) &&
    !(settings.heldChannels ?? []).includes(channel);
  const line =
    open('LINE') &&
    customer.lineUserId !== undefined &&
    !customer.lineConflict &&
    lineCountOn(ctx.history, day) < settings.lineMonthlyTarget;
  const email =
    open('メール') && customer.email !== undefined && customer.emailConsent && settings.dailyEmailLimit > 0;
  return line || email;
}

/**
 * The customer's LINE contacts in the 30 days ending on `day`, counted as the channel policy counts them (policy.ts
 * lineContactDays and lineCountAround: sent or pending, typed by the owner or not; a skipped, failed, snoozed or
 * interrupted one holds no day). Not imported from there: policy.ts imports the registry, which imports this rule.
 */
const HOLDS_NO_DAY: readonly string[] = ['スキップ', '失敗', '延期', '準備中'];

function lineCountOn(history: readonly ContactRecord[], day: Day): number {
  const from = addDays(day, -(LINE_CAP_WINDOW_DAYS - 1));
  let count = 0;
  for (let i = 0; i < history.length; i++) {
    const r = history[i];
    if (r.channel !== 'LINE' || HOLDS_NO_DAY.includes(r.state ?? '')) continue;
    const at = isCompleteState(r.state) ? (r.at ?? r.plannedDay) : (r.plannedDay ?? r.at);
    if (at !== undefined && at >= from && at <= day) count++;
  }
  return count;
}

/** 誕生日特典の期限 for the birthday `day`, never sooner than two weeks after the message is written (`today`). */
export function giftDeadline(day: Day, today: Day, settings: Settings): Day {
  const until = settings.birthdayGiftUntil;
  const { year, month } = ymdOf(day);
  const end = until === 'monthEnd' ? addDays(dayFromYmd(year, month + 1, 1), -1) : addDays(day, until);
  const soonest = addDays(today, MIN_GIFT_DAYS);
  return end < soonest ? soonest : end;
}

/** The birthday a greeting's anchor names. */
export function birthdayOfAnchor(anchor: string): Day | undefined {
  return parseIsoDay(anchor) ?? undefined;
}

/** Whether the greeting, written on `today` for this channel, reaches the customer after the birthday. */
export function isBelated(day: Day, today: Day, letter: boolean): boolean {
  return letter ? today > addDays(day, -LETTER_TRANSIT_DAYS) : today > day;
}
