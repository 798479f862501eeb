/**
 * The queue the daily limits make (contract 3, Step life cycle, and 4.7): every contact on a channel with a daily
 * limit (1日の手紙上限, 1日の電話上限 on business days, 1日のメール上限) is placed on the day it will really be
 * prepared — each day takes the first N waiting, in rule priority, then oldest due first — never after its window
 * closes (such a contact is marked unfit, to be said, not dropped), and one email/LINE/call per customer per day.
 * Pure: no Apps Script globals.
 */
import { isBusinessDay, type ShopCalendar } from './calendar';
import { addDays, type Day } from './day';
import { grown } from './grown';
import { isInstant, RULE_RANK } from './policy';
import type { Channel, RuleId } from './types';

/** A contact waiting for its channel's daily limit (the planner's entries are these). */
export interface QueueContact {
  channel: Channel | '';
  /** The first day the channel policy allows (before any limit). */
  placedDay: Day;
  step: { rule: RuleId; scenario: string; due: Day; last?: Day };
}

/** A contact with its customer's calendar, as runQueues takes them one by one. */
export interface QueueItem extends QueueContact {
  /** The customer's days with an email, LINE or call (other than the queued ones), shared by their items. */
  busy: Day[] | undefined;
}

export interface QueueResult {
  /** By item: the day it will be prepared, or NaN when the limit cannot reach it in time (its window, a year). */
  days: Float64Array;
  /** By item: its placedDay as the queue read it, so a caller can tell the items the limit moved from the rest. */
  firstDays: Float64Array;
  /** By item: its step's last day as the queue read it (Infinity when it has none), and its channel. */
  lastDays: Float64Array;
  channels: readonly (Channel | '')[];
  /** The channels whose queue from today is longer than a day. */
  queues: ChannelQueue[];
}

export interface QueueLimit {
  channel: Channel;
  /** Contacts a day. */
  limit: number;
  /** Contacts of this channel an earlier run prepared today. */
  usedToday: number;
  /** The limit on a given day, when it is not `limit` every day (a season's temporary 1日の手紙上限). */
  limitOn?: (day: Day) => number;
}

/** A channel whose queue from today is longer than a day: what the forecast tells the owner. */
export interface ChannelQueue {
  channel: Channel;
  limit: number;
  /** Contacts in the stretch from today in which every day's limit is used up, and the day after it. */
  total: number;
  /** Days of that stretch on which contacts are prepared. */
  days: number;
  lastDay: Day;
  /** The same, by シナリオ, in rule priority. */
  byScenario: ScenarioQueue[];
  /** Contacts whose window closes before the limit reaches them (anywhere in the queue). */
  unfit: number;
}

export interface ScenarioQueue {
  scenario: string;
  rule: RuleId;
  count: number;
  /** Of those, the contacts the limit moved past their first day: the シナリオ waits in the queue. */
  moved: number;
  /** Days from today until its last contact is prepared (days with room on the channel). */
  days: number;
  lastDay: Day;
}

/**
 * The longest a contact waits in a queue: one the limit cannot reach within a year is said to be out of reach (as a
 * window closing is), rather than dated years ahead. The owner's answer is the same: raise the limit or trim.
 */
export const MAX_WAIT_DAYS = 365;

/** A queue key: (rule rank × DUE_SPAN + due day) × INDEX_SPAN + the item's index (below 2^44: exact). */
const INDEX_SPAN = 2 ** 23;
const DUE_SPAN = 2 ** 17;

/** The rank of a contact whose rule has none (RULE_RANK): after every rule's. */
const UNRANKED = 255;

/** A channel that never has room (every day closed) stops here. */
const HORIZON_DAYS = 3650;

/**
 * The items the queue compares, in flat arrays, filled as the planner files each contact (while its entry is still in
 * the cache): the queue then never reaches into 100,000s of entries spread over the heap. An item's index is its
 * order of filing.
 */
export class QueueBook {
  length = 0;
  /** Each item's place in the queue as one number (rule priority, due day, then its index). */
  key: Float64Array<ArrayBuffer>;
  placed: Float64Array<ArrayBuffer>;
  /** Its step's last day, Infinity when it has none. */
  last: Float64Array<ArrayBuffer>;
  // Made as long as `expected` and written by index, so that they seldom grow (past it they grow as lists do).
  readonly channels: (Channel | '')[];
  readonly busy: (Day[] | undefined)[];
  readonly scenarios: string[];
  readonly rules: RuleId[];

  /** `expected`: about how many items will be filed (the planner's guess from its customers): the arrays seldom grow. */
  constructor(expected = 1024) {
    const size = Math.max(16, Math.ceil(expected));
    this.key = new Float64Array(size);
    this.placed = new Float64Array(size);
    this.last = new Float64Array(size);
    this.channels = new Array<Channel | ''>(size);
    this.busy = new Array<Day[] | undefined>(size);
    this.scenarios = new Array<string>(size);
    this.rules = new Array<RuleId>(size);
  }

  /** Files a contact with its customer's calendar (QueueItem.busy); returns its index. */
  add(item: QueueContact, busy: Day[] | undefined): number {
    const i = this.length;
    // Below INDEX_SPAN in all, so that each key stays exact.
    if (i + 1 >= INDEX_SPAN) throw new Error(`queue of ${i + 1} contacts: more than ${INDEX_SPAN - 1}`);
    if (i === this.key.length) {
      this.key = grown(this.key, i * 2);
      this.placed = grown(this.placed, i * 2);
      this.last = grown(this.last, i * 2);
    }
    const { step } = item;
    // Whole numbers in range, whatever the step says: a key always names its item (key % INDEX_SPAN) and compares
    // with every other. A due day that is not one (NaN) waits behind every dated one; a rule without a rank, last.
    const dueDay = Number.isNaN(step.due)
      ? DUE_SPAN - 1
      : Math.min(Math.max(Math.floor(step.due), 0), DUE_SPAN - 1);
    const rank = RULE_RANK[step.rule] ?? UNRANKED;
    this.key[i] = (rank * DUE_SPAN + dueDay) * INDEX_SPAN + i;
    this.placed[i] = item.placedDay;
    this.last[i] = step.last ?? Infinity;
    this.channels[i] = item.channel;
    this.busy[i] = busy;
    this.scenarios[i] = step.scenario;
    this.rules[i] = step.rule;
    this.length = i + 1;
    return i;
  }
}

/**
 * Places every item on its day (days[i], NaN when out of reach) and returns the channels whose queue from today is longer
 * than a day. Each day, the channels take their contacts in one order, rule priority then oldest due, so a
 * customer's higher rule keeps the day when two of their contacts would meet.
 */
export function runQueues(
  items: readonly QueueItem[] | QueueBook,
  limits: readonly QueueLimit[],
  today: Day,
  calendar: ShopCalendar,
): QueueResult {
  let book: QueueBook;
  if (items instanceof QueueBook) book = items;
  else {
    book = new QueueBook();
    for (let i = 0; i < items.length; i++) book.add(items[i], items[i].busy);
  }
  const n = book.length;
  const { key } = book;
  // The book's lists are made longer than what was filed (QueueBook's constructor): the result has one per item.
  const channels = book.channels.length === n ? book.channels : book.channels.slice(0, n);
  const placed = book.placed.subarray(0, n);
  const last = book.last.subarray(0, n);
  // Written here, not on the items: 100,000 customers' items are spread over the heap, and the planner reads only the
  // few a customer's row shows (plan/entry-book.ts).
  const days = new Float64Array(n).fill(NaN);
  const lanes = limits
    .filter((l) => l.limit > 0 || l.limitOn !== undefined)
    .map((l) => lane(l, channels, placed, today))
    .filter((l) => l.order.length > 0);
  if (lanes.length === 0) return { days, firstDays: placed, lastDays: last, channels, queues: [] };
  let day = firstDay(lanes, placed) ?? today;
  // A first day of -Infinity would never move on (addDays keeps it): such a contact arrives today, out of reach.
  if (!Number.isFinite(day)) day = today;
  const end = addDays(today, HORIZON_DAYS);
  const deferred: [Lane, number][] = [];
  while (day <= end) {
    for (let k = 0; k < lanes.length; k++) {
      const l = lanes[k];
      l.waiting.arrive(l.order, placed, key, day);
      // Nothing more arrives and everything waiting has waited a year: out of reach, all at once.
      if (
        l.waiting.next === l.order.length &&
        l.waiting.size > 0 &&
        day - placed[l.order[l.waiting.next - 1]] > MAX_WAIT_DAYS
      )
        l.unfit += l.waiting.clear();
      const limit =
        l.limit.channel === '電話' && !isBusinessDay(day, calendar)
          ? 0
          : (l.limit.limitOn?.(day) ?? l.limit.limit);
      l.room = day === today ? Math.max(0, limit - l.limit.usedToday) : limit;
      l.took = 0;
      if (l.stretch.open && day !== l.stretch.expected) l.stretch.open = false;
    }
    takeDay(lanes, day, book, days, deferred);
    for (const [l, i] of deferred) l.waiting.putBack(key[i]);
    deferred.length = 0;
    for (const l of lanes) {
      const s = l.stretch;
      if (!s.open) continue;
      if (l.room > 0) s.days.push(day);
      // A day with room left ends the stretch (it is in it: it takes the rest).
      if (l.took < l.room) s.open = false;
      else s.expected = addDays(day, 1);
    }
    if (lanes.some((l) => l.waiting.size > 0)) day = addDays(day, 1);
    else {
      const next = firstDay(lanes, placed);
      if (next === undefined) break;
      day = next;
    }
  }
  // What the horizon left: never prepared.
  for (const l of lanes) {
    l.unfit += l.waiting.size + (l.order.length - l.waiting.next);
  }
  const queues = lanes.map((l) => report(l, today)).filter((q): q is ChannelQueue => q !== undefined);
  return { days, firstDays: placed, lastDays: last, channels, queues };
}

/**
 * One day of the queue: the channels with room take their waiting contacts, the first-coming across channels first,
 * until none has room or contacts left. A contact whose window closed (or that waited a year) is out of reach; one
 * whose customer already has an email, LINE or call that day is put back for the next (deferred). Its own function,
 * called each day: its loop (280,000 contacts at 100,000 customers) is compiled on its own, not with the day loop's
 * bookkeeping, whose rarer paths would otherwise throw the compiled loop away as they are first reached.
 */
function takeDay(
  lanes: readonly Lane[],
  day: Day,
  book: QueueBook,
  days: Float64Array,
  deferred: [Lane, number][],
): void {
  const placed = book.placed;
  const last = book.last;
  for (;;) {
    // The channel whose first waiting contact comes first: a customer's higher rule takes the day.
    let best: Lane | undefined;
    let first = Infinity;
    for (let k = 0; k < lanes.length; k++) {
      const l = lanes[k];
      if (l.took >= l.room || l.waiting.size === 0) continue;
      const top = l.waiting.first();
      if (top < first) {
        best = l;
        first = top;
      }
    }
    if (!best) break;
    const i = best.waiting.take() % INDEX_SPAN;
    if (day > last[i] || day - placed[i] > MAX_WAIT_DAYS) {
      best.unfit++;
      continue;
    }
    const busy = book.busy[i];
    const instant = isInstant(best.limit.channel);
    if (instant && busy?.includes(day)) {
      // One email/LINE/call a day: it waits for the customer's next free day.
      deferred.push([best, i]);
      continue;
    }
    days[i] = day;
    best.took++;
    if (instant) busy?.push(day);
    if (best.stretch.open) tally(best.stretch, book, i, day);
  }
}

interface Stretch {
  open: boolean;
  expected: Day;
  days: Day[];
  byScenario: Map<string, ScenarioQueue>;
  total: number;
  /** Contacts in it that the limit moved past their first day. */
  moved: number;
}

interface Lane {
  limit: QueueLimit;
  /** Indexes of the channel's items, by first day. */
  order: number[];
  /** Those that arrived (their first day came) and wait to be taken. */
  waiting: Waiting;
  room: number;
  took: number;
  unfit: number;
  stretch: Stretch;
}

function lane(
  limit: QueueLimit,
  channels: readonly (Channel | '')[],
  placed: Float64Array,
  today: Day,
): Lane {
  const order: number[] = [];
  for (let i = 0; i < channels.length; i++) if (channels[i] === limit.channel) order.push(i);
  byFirstDay(order, placed);
  return {
    limit,
    order,
    waiting: new Waiting(order.length),
    room: 0,
    took: 0,
    unfit: 0,
    stretch: { open: true, expected: today, days: [], byScenario: new Map(), total: 0, moved: 0 },
  };
}

/** The widest span of first days sorted by counting (a year of queue is a few hundred days). */
const COUNTING_SPAN = 100_000;

/**
 * Sorts item indexes (given in increasing order) by first day, then index: by counting the items of each day when
 * the days are whole numbers within COUNTING_SPAN (always, for days the planner placed), in one pass rather than
 * a comparison sort of 100,000s of items; otherwise by comparison. The same order either way.
 */
function byFirstDay(order: number[], placed: Float64Array): void {
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < order.length; k++) {
    const day = placed[order[k]];
    if (!Number.isInteger(day)) {
      min = NaN;
      break;
    }
    if (day < min) min = day;
    if (day > max) max = day;
  }
  if (order.length < 2) return;
  if (Number.isNaN(min) || max - min > COUNTING_SPAN) {
    order.sort((a, b) => placed[a] - placed[b] || a - b);
    return;
  }
  // starts[d]: where day min + d begins; filled in index order, so each day keeps its items by index.
  const starts = new Int32Array(max - min + 2);
  for (let k = 0; k < order.length; k++) starts[placed[order[k]] - min + 1]++;
  for (let d = 1; d < starts.length; d++) starts[d] += starts[d - 1];
  const sorted = order.slice();
  for (let k = 0; k < sorted.length; k++) order[starts[placed[sorted[k]] - min]++] = sorted[k];
}

/** The first day an item not yet arrived can be prepared (undefined when none is left). */
function firstDay(lanes: readonly Lane[], placed: Float64Array): Day | undefined {
  let first: number | undefined;
  for (const l of lanes)
    if (l.waiting.next < l.order.length) {
      const day = placed[l.order[l.waiting.next]];
      if (first === undefined || day < first) first = day;
    }
  return first as Day | undefined;
}

function tally(s: Stretch, book: QueueBook, i: number, day: Day): void {
  s.total++;
  const moved = day > book.placed[i] ? 1 : 0;
  s.moved += moved;
  const scenario = book.scenarios[i];
  const known = s.byScenario.get(scenario);
  if (known) {
    known.count++;
    known.moved += moved;
    // Its days run to the last contact the limit moved: one prepared on its own first day later on (a 寒中見舞い due
    // 1-08 behind the 年賀状 of December) does not make the シナリオ's queue longer.
    if (moved && day > known.lastDay) known.lastDay = day;
  } else
    s.byScenario.set(scenario, {
      scenario,
      rule: book.rules[i],
      count: 1,
      moved,
      days: 0,
      lastDay: day,
    });
}

function report(l: Lane, today: Day): ChannelQueue | undefined {
  const s = l.stretch;
  if (s.moved === 0 && l.unfit === 0) return undefined;
  const byScenario = [...s.byScenario.values()].sort((a, b) => RULE_RANK[a.rule] - RULE_RANK[b.rule]);
  for (const q of byScenario) q.days = s.days.filter((d) => d <= q.lastDay).length;
  const lastDay = byScenario.reduce((last, q) => (q.lastDay > last ? q.lastDay : last), today);
  return {
    channel: l.limit.channel,
    limit: l.limit.limit,
    total: s.moved > 0 ? s.total : 0,
    days: s.moved > 0 ? s.days.filter((d) => d <= lastDay).length : 0,
    lastDay,
    byScenario: s.moved > 0 ? byScenario : [],
    unfit: l.unfit,
  };
}

/**
 * The keys of a channel's contacts that arrived and wait, smallest first. The contacts of one arrival day are one
 * run, sorted once (most of a queue arrives on its first day: a shop's whole backlog); the runs are merged through
 * a small heap of runs, and a contact put back for a day its customer was busy goes to a heap of its own. Taking a
 * contact then costs a step along its run, not a pop from a heap of 100,000s (the same order either way: by key).
 */
export class Waiting {
  /** How far the channel's order has arrived. */
  next = 0;
  size = 0;
  /** The keys of the arrived contacts, in the places of the channel's order they arrived in, each run sorted by key. */
  private readonly keys: Float64Array;
  /** Each run's next place and end; `runs` is a heap of the runs with contacts left, by their next key. */
  private readonly at: number[] = [];
  private readonly end: number[] = [];
  private readonly runs: number[] = [];
  /** Contacts put back: a binary heap of keys. */
  private readonly back: number[] = [];

  constructor(length: number) {
    this.keys = new Float64Array(length);
  }

  /** Adds the contacts of `order` whose first day is `day` or before, as one run. */
  arrive(order: readonly number[], placed: Float64Array, key: Float64Array, day: number): void {
    const start = this.next;
    const n = copyArrivals(this.keys, order, placed, key, day, start);
    if (n === start) return;
    this.next = n;
    this.size += n - start;
    if (n - start > 1) this.keys.subarray(start, n).sort();
    const run = this.at.length;
    this.at.push(start);
    this.end.push(n);
    // Into the heap of runs, by its first key.
    const runs = this.runs;
    let i = runs.length;
    runs.push(run);
    const k = this.keys[start];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[this.at[runs[parent]]] <= k) break;
      runs[i] = runs[parent];
      i = parent;
    }
    runs[i] = run;
  }

  /** The smallest key waiting (Infinity when none). */
  first(): number {
    const run = this.runs.length > 0 ? this.keys[this.at[this.runs[0]]] : Infinity;
    const back = this.back.length > 0 ? this.back[0] : Infinity;
    return run < back ? run : back;
  }

  /** Takes the smallest key waiting (there is one). */
  take(): number {
    this.size--;
    const runs = this.runs;
    if (this.back.length > 0 && (runs.length === 0 || this.back[0] < this.keys[this.at[runs[0]]]))
      return pop(this.back);
    const run = runs[0];
    const k = this.keys[this.at[run]++];
    if (this.at[run] === this.end[run]) {
      const lastRun = runs.pop() as number;
      if (runs.length === 0) return k;
      runs[0] = lastRun;
    }
    // The first run's next key changed (or another run took its place): down to its place.
    const moving = runs[0];
    const mk = this.keys[this.at[moving]];
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= runs.length) break;
      const right = left + 1;
      const child =
        right < runs.length && this.keys[this.at[runs[right]]] < this.keys[this.at[runs[left]]]
          ? right
          : left;
      if (this.keys[this.at[runs[child]]] >= mk) break;
      runs[i] = runs[child];
      i = child;
    }
    runs[i] = moving;
    return k;
  }

  /** A contact taken and put back, to wait for another day. */
  putBack(k: number): void {
    this.size++;
    push(this.back, k);
  }

  /** Lets go of every contact waiting; returns how many there were. */
  clear(): number {
    const n = this.size;
    this.runs.length = 0;
    this.back.length = 0;
    this.size = 0;
    return n;
  }
}

/**
 * Copies the keys of the contacts of `order` from `start` whose first day is `day` or before; returns where they
 * end. Its own function: its loop, long on a queue's first day, is compiled on its own, not with what follows it.
 */
function copyArrivals(
  keys: Float64Array,
  order: readonly number[],
  placed: Float64Array,
  key: Float64Array,
  day: number,
  start: number,
): number {
  let n = start;
  while (n < order.length && placed[order[n]] <= day) {
    keys[n] = key[order[n]];
    n++;
  }
  return n;
}

// A binary heap of keys, smallest first.
function push(heap: number[], k: number): void {
  let at = heap.length;
  heap.push(k);
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (heap[parent] <= k) break;
    heap[at] = heap[parent];
    at = parent;
  }
  heap[at] = k;
}

function pop(heap: number[]): number {
  const top = heap[0];
  const last = heap.pop() as number;
  if (heap.length === 0) return top;
  let at = 0;
  for (;;) {
    const left = 2 * at + 1;
    if (left >= heap.length) break;
    const right = left + 1;
    const child = right < heap.length && heap[right] < heap[left] ? right : left;
    if (heap[child] >= last) break;
    heap[at] = heap[child];
    at = child;
  }
  heap[at] = last;
  return top;
}
