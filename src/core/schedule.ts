import { onOrAfterBusinessDay } from './calendar';
import { addDays, slashDay, type Day } from './day';
import { checkChannel, isInstant, type PolicyContext } from './policy';
import type { Channel, Customer, Settings, StepCandidate } from './types';

/** How far a step without a window (S4, S5, S7) may be pushed by caps and busy days. */
const OPEN_HORIZON_DAYS = 60;

/** One customer's calendar during a run: what the channel policy and one-contact-per-day need to know. */
export interface Diary {
  customer: Customer;
  policy: PolicyContext;
  /** Days with an email, LINE or phone contact, from 連絡履歴 and this run's bookings. */
  busy: Day[];
}

export type Placement =
  | {
      kind: 'placed';
      channel: Channel;
      day: Day;
      refused: readonly string[];
      movedBecause: readonly string[];
    }
  /** Nothing can carry it, on any day. */
  | { kind: 'none'; refused: readonly string[] }
  /** Only the LINE caps (or busy days) stand in the way, until the end of its window. */
  | { kind: 'blocked'; refused: readonly string[] };

/**
 * The first day from `from` and the first channel in the step's order that the policy allows (contract 4):
 * calls only on business days, one email/LINE/call per customer per day, LINE within its caps. A step whose
 * channels are refused only for a while (caps, a busy day) moves to a later day inside its window.
 */
export function place(diary: Diary, step: StepCandidate, from: Day, settings: Settings): Placement {
  const horizon = step.last ?? addDays(from, OPEN_HORIZON_DAYS);
  let moved: readonly string[] = NONE;
  for (let day = from; day <= horizon; day = addDays(day, 1)) {
    const choice = firstAllowed(diary, step, day, horizon, settings);
    if (!choice.channel) {
      if (!choice.temporary) return { kind: 'none', refused: choice.refused };
      if (moved.length === 0) moved = [...choice.refused]; // the first day's reasons say it
      continue;
    }
    // One email/LINE/call a day: the lower-priority contact moves to the next free day, keeping its channel.
    if (isInstant(choice.channel) && diary.busy.includes(choice.day)) {
      if (moved.length === 0) moved = [`${slashDay(choice.day)}は別の連絡あり`];
      continue;
    }
    // 定休日, 休業日 or a public holiday: 「お休み」 covers each (the calendar says which in 診断).
    if (choice.day > day && moved.length === 0) moved = [`${slashDay(day)}はお休み`];
    return {
      kind: 'placed',
      channel: choice.channel,
      day: choice.day,
      refused: choice.refused,
      movedBecause: unique(moved),
    };
  }
  return { kind: 'blocked', refused: unique(moved) };
}

interface Allowed {
  channel?: Channel;
  day: Day;
  /** Why earlier channels in the order were not used. */
  refused: readonly string[];
  /** Some refusal may pass on a later day (the LINE caps, a call's window end). */
  temporary: boolean;
}

/** The first channel in the step's order the policy allows on this day (a call on the next business day). */
function firstAllowed(
  diary: Diary,
  step: StepCandidate,
  day: Day,
  horizon: Day,
  settings: Settings,
): Allowed {
  let refused: readonly string[] = NONE;
  let temporary = false;
  for (let i = 0; i < step.channels.length; i++) {
    const channel = step.channels[i];
    // A call due on a closed day moves to the next business day rather than giving way to email.
    const sendDay = channel === '電話' ? onOrAfterBusinessDay(day, settings.calendar) : day;
    if (sendDay > horizon) {
      temporary = true;
      continue;
    }
    const verdict = checkChannel(channel, diary.customer, step, sendDay, diary.policy);
    if (verdict.ok) return { channel, day: sendDay, refused: unique(refused), temporary };
    refused = [...refused, verdict.why];
    temporary ||= verdict.temporary === true;
  }
  return { day, refused: unique(refused), temporary };
}

/** Records a placed contact so later steps of the same run see the busy day and the LINE count. */
export function book(diary: Diary, channel: Channel, day: Day): void {
  if (isInstant(channel) && !diary.busy.includes(day)) diary.busy.push(day);
  if (channel === 'LINE') diary.policy.lineDays.push(day);
}

/** No reasons: one shared, frozen empty list (a list with reasons is always a new one). */
const NONE: readonly string[] = Object.freeze([]);

function unique(items: readonly string[]): readonly string[] {
  // Most lists are empty or hold one reason: no set for them.
  return items.length < 2 ? items : [...new Set(items)];
}
