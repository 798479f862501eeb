/** The daily limits and LINE's monthly allowance: the contacts they move to a later day or another channel (contract 4.2, 4.7). */
import { type Day, dayFromYmd, slashDay, ymdOf } from '../day';
import { holdsItsDay, isInstant, RULE_RANK } from '../policy';
import { type ChannelQueue, MAX_WAIT_DAYS, type QueueBook, runQueues } from '../queue';
import { book, type Diary, place } from '../schedule';
import type { Channel, ContactRecord, Settings } from '../types';
import {
  type CustomerRun,
  type Entry,
  LINE_ALLOWANCE_SPENT,
  type LineAllowanceUse,
  type PlanInput,
} from './model';
import type { QueueOutcome } from './entry-book';

/** A LINE contact due today, with its customer's calendar so that it can move to the next channel. */
export interface LineToday {
  entry: Entry;
  diary: Diary;
}

/** LINE's allowance as the planner starts: what LINE said, less what is already waiting to be sent. */
export function lineAllowanceOf(input: PlanInput): { remaining: number; waiting: number } | undefined {
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
export function spendLineAllowance(
  lineToday: LineToday[],
  allowance: { remaining: number; waiting: number },
  queued: QueueBook,
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
    withoutDay(diary.busy, entry.day);
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
      fileForQueue(entry, diary.busy, queued);
    }
  }
  return { ...allowance, today: lineToday.length - moved, moved };
}

/** The 1st of the month after `day`: when LINE's monthly allowance starts again. */
export function nextMonth(day: Day): Day {
  const { year, month } = ymdOf(day);
  return dayFromYmd(year, month + 1, 1);
}

/** The channels whose daily limit queues their contacts: not one the shop turned off (0) or whose limit is unreadable. */
export function limitedChannels(settings: Settings): Channel[] {
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
export function collectQueued(run: CustomerRun, queued: QueueBook, limited: readonly Channel[]): boolean {
  let any = false;
  for (let j = 0; j < run.entries.length; j++) {
    const entry = run.entries[j];
    if (entry.preparesToday) any = true;
    if (entry.pending || entry.unprepared || entry.step.waiting || entry.limited) continue;
    if (entry.channel === '' || !limited.includes(entry.channel)) continue;
    fileForQueue(entry, run.diary.busy, queued);
    any = true;
  }
  return any;
}

/**
 * Files a contact for its daily limit's queue. On an email or a call its own day leaves the customer's calendar
 * (`busy`, the days with an email, LINE or call), which the queue reads and gives back the day it takes.
 */
function fileForQueue(entry: Entry, busy: Day[], queued: QueueBook): void {
  if (entry.channel === '' || !isInstant(entry.channel)) {
    entry.queueAt = queued.add(entry, undefined);
    return;
  }
  withoutDay(busy, entry.placedDay);
  entry.queueAt = queued.add(entry, busy);
}

/**
 * Takes `day` out of a customer's busy days, in place (the queue reads the same array): splice would also make a
 * list of what it took out, for each of 100,000s of contacts.
 */
function withoutDay(busy: Day[], day: Day): void {
  const at = busy.indexOf(day);
  if (at < 0) return;
  for (let k = at + 1; k < busy.length; k++) busy[k - 1] = busy[k];
  busy.length--;
}

/** Counts a 連絡履歴 row an earlier run prepared today, by channel: it takes its place in today's daily limit. */
export function countPreparedToday(counts: Map<Channel, number>, r: ContactRecord, today: Day): void {
  // Rows being retried today (失敗, 準備中, a 延期 whose day came) are not yet prepared: they need their slot.
  if (r.key && r.at === today && r.channel && holdsItsDay(r))
    counts.set(r.channel, (counts.get(r.channel) ?? 0) + 1);
}

/** What the daily limits decided: the long queues, for the forecast, and each queued contact's day. */
export interface DailyLimits extends QueueOutcome {
  queues: ChannelQueue[];
}

/**
 * 1日の手紙上限 / 1日の電話上限 / 1日のメール上限 (contract 4.7 and 3's Step life cycle): every contact waiting for
 * a limited channel is placed on the day it will really be prepared — the queue the limits make, in rule priority
 * and then oldest due first, counting what an earlier run prepared today — and 理由 says so. Returns the channels
 * whose queue is longer than a day, for the forecast, and what 理由 says of each contact they moved (said).
 */
export function applyDailyLimits(
  queued: QueueBook,
  input: PlanInput,
  /** What countPreparedToday counted of 連絡履歴 (the planner counts it as it indexes the rows). */
  preparedToday: ReadonlyMap<Channel, number>,
): DailyLimits {
  const { today, settings } = input;
  const season = input.seasonLetterLimit;
  const limits = limitedChannels(settings).map((channel) => ({
    channel,
    limit: dailyLimit(channel, settings),
    usedToday: preparedToday.get(channel) ?? 0,
    // A season's temporary 1日の手紙上限, on its window's days only.
    ...(channel === '手紙' && season
      ? {
          limitOn: (day: Day) =>
            day >= season.from && day <= season.to ? season.limit : settings.dailyLetterLimit,
        }
      : {}),
  }));
  const { days, firstDays, lastDays, channels, queues } = runQueues(queued, limits, today, settings.calendar);
  // One text per channel and day (moved) or last day (unfit), shared by every contact it is said of: numbers for
  // keys, no string built per contact (100,000 customers). Made here, in queue order, from what the queue read:
  // an unfit contact's text is the first one of its channel and last day says.
  const texts = new Map<number, string>();
  for (let i = 0; i < queued.length; i++) {
    const day = days[i];
    // Prepared on the day placing it chose: its entry says so already (that day, preparesToday when it is today,
    // not unfit).
    if (day === firstDays[i]) continue;
    const channel = channels[i] as Channel;
    const at = textKey(day, lastDays[i], LIMITED.indexOf(channel));
    if (texts.has(at)) continue;
    if (Number.isNaN(day)) {
      const last = lastDays[i] === Infinity ? undefined : (lastDays[i] as Day);
      const by =
        last === undefined || last - firstDays[i] > MAX_WAIT_DAYS ? '1年以内' : `期限の${slashDay(last)}まで`;
      texts.set(
        at,
        `。1日の${channel}上限（${dailyLimit(channel, settings)}件）の順番待ちで、${by}に準備できません`,
      );
    } else
      texts.set(
        at,
        `。1日の${channel}上限（${dailyLimit(channel, settings)}件）の順番待ちのため${slashDay(day as Day)}に回します`,
      );
  }
  return {
    queues,
    days,
    firstDays,
    today,
    said(q, placedDay) {
      const day = days[q];
      // Left on its day, or moved back onto the day it was placed on: nothing to say.
      if (day === firstDays[q] || day === placedDay) return '';
      // Out of reach (NaN): 理由 says why it cannot be prepared (the EntryBook tells the rows).
      return texts.get(textKey(day, lastDays[q], LIMITED.indexOf(channels[q] as Channel))) as string;
    },
  };
}

/** The key of a queue text: the day and channel it moved a contact to, or (unfit) the last day of its window. */
function textKey(day: number, last: number, lane: number): number {
  return Number.isNaN(day) ? -((last === Infinity ? 0 : last) * 4 + lane + 1) : day * 4 + lane;
}
