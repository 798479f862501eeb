/** What the planner takes and gives (PlanInput, Plan, the customer's row, today's contacts), and the entries it keeps. */
import { NOTE } from '../../labels';
import type { Day } from '../day';
import type { OrphanIndex } from '../guard';
import type { ChannelQueue } from '../queue';
import type { Diary, Placement } from '../schedule';
import type { Moment, Slot } from '../slots';
import type {
  Category,
  Channel,
  ClosedContact,
  ContactRecord,
  Customer,
  RuleContext,
  Settings,
  StepCandidate,
} from '../types';

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
  /**
   * A temporary 1日の手紙上限 for a season's window the owner accepted (season-forecast.ts): the letter queue uses
   * it on those days only.
   */
  seasonLetterLimit?: { from: Day; to: Day; limit: number };
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

export type { ClosedContact };

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
  /**
   * The last day of each open step's window, by key: the latest day the owner may snooze it to. Only the sidebar
   * and its clicks read it, so it is made from the planner's notes (noteLastDay) when first read: the daily and
   * hourly runs never build a map of every open step's key (44,000 at 100,000 customers).
   */
  readonly lastDays: ReadonlyMap<string, Day>;
  /** What noteLastDay noted, in order: a later note of the same key wins, as Map.set would. */
  readonly lastDayNotes: { readonly keys: string[]; readonly days: Day[] };
  /** The LINE allowance and how this run spends it, when LINE said what is left. */
  lineAllowance?: LineAllowanceUse;
  /** Channels whose daily limit makes a queue longer than a day (the forecast says how long, and the postage). */
  queues: ChannelQueue[];
  /** S10 cards the letter limit cannot reach before their window closes: each is named to the owner. */
  unfitCards?: { customer: Customer; step: StepCandidate }[];
}

/**
 * A step with its day: one object holding all 理由 will need, written out only where it is shown (a customer's
 * next step, today's contacts). Kept until the daily limits for every customer with a contact due today, so it is
 * one allocation, of one shape, for the whole plan.
 */
export interface Entry {
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
  /** Said after 理由 when LINE's monthly allowance moved the contact, else ''. What a daily limit says is the EntryBook's. */
  limited: string;
  /** Its place in the daily limits' queue (what they decide is read from the EntryBook); -1 when not queued. */
  queueAt: number;
  /** Its slot in the plan's EntryBook once filed; -1 until then. A row written in the loop gives its slots back. */
  slot: number;
}

export const NO_REASONS: readonly string[] = Object.freeze([]);

export function pendingEntry(step: StepCandidate, day: Day, record: ContactRecord): Entry {
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
    queueAt: -1,
    slot: -1,
  };
}

export function unpreparedEntry(step: StepCandidate, from: Day): Entry {
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
    queueAt: -1,
    slot: -1,
  };
}

export function placedEntry(
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
    queueAt: -1,
    slot: -1,
  };
}

type Placed = Extract<Placement, { kind: 'placed' }>;

/** What a customer's run planned: all their row of 次回連絡日 needs, kept for the daily limits. */
export interface Planned {
  customer: Customer;
  /**
   * How many entries it filed in the EntryBook, from `first`. The entries themselves are not kept: what the row and
   * today's contacts need of them is in the book, so they die young with the run (300,000 at 100,000 customers).
   */
  count: number;
  problems: readonly string[];
  /** Steps logged スキップ by this run, so 理由 can say so when nothing else is planned. */
  skippedToday: readonly SkippedContact[];
  /**
   * The EntryBook slot of its first entry (entry j is at first + j); -1 until filed. Kept only while the row waits
   * for the queue: a row written in the loop gives its slots back.
   */
  first: number;
  /** Its row as openRow starts it, made while the customer is planned, for a row kept for the daily limits. */
  summary?: CustomerPlan;
}

/** One customer's run: their history, calendar, open steps and what is planned. */
export interface CustomerRun extends Planned {
  entries: Entry[];
  problems: string[];
  skippedToday: SkippedContact[];
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

export function emptyPlan(): Plan {
  const plan: Omit<Plan, 'lastDays'> = {
    customers: [],
    due: [],
    skipped: [],
    closed: [],
    notices: [],
    held: new Map(),
    heldKeys: new Map(),
    lastDayNotes: { keys: [], days: [] },
    lineAllowance: undefined,
    queues: [],
    unfitCards: undefined,
  };
  // Defined on the object once made, with one getter for every plan: V8 makes a hash table of an object literal with
  // a getter, and of an object given a getter another object of its shape does not share. The planner reaches the
  // plan a few times for each of 100,000 customers, and makes a scratch plan for each trial.
  return Object.defineProperty(plan, 'lastDays', { enumerable: true, get: lastDaysOf }) as Plan;
}

/** plan.lastDays as made so far, and how many of its notes are in it. */
const LAST_DAYS = new WeakMap<object, { map: Map<string, Day>; notes: number }>();

/** The notes not yet in the map are added as it is read: a note made after a first read is not lost. */
function lastDaysOf(this: Omit<Plan, 'lastDays'>): ReadonlyMap<string, Day> {
  let made = LAST_DAYS.get(this);
  if (made === undefined) LAST_DAYS.set(this, (made = { map: new Map(), notes: 0 }));
  const { keys, days } = this.lastDayNotes;
  for (; made.notes < keys.length; made.notes++) made.map.set(keys[made.notes], days[made.notes]);
  return made.map;
}

/** The last day of an open step's window, for plan.lastDays. */
export function noteLastDay(plan: Plan, key: string, day: Day): void {
  plan.lastDayNotes.keys.push(key);
  plan.lastDayNotes.days.push(day);
}

export function count(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** The 設定 item of each channel's daily limit. */
export const LIMIT_ITEMS: Partial<Record<Channel, string>> = {
  手紙: '1日の手紙上限',
  電話: '1日の電話上限',
  メール: '1日のメール上限',
};
