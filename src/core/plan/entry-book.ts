/**
 * What a customer's row is chosen by and made of, for each entry the planner keeps, in flat arrays filled while the
 * customer is planned. At 100,000 customers the entries kept for the daily limits (300,000, of which 280,000
 * queued) are spread over the heap by the time the queue has decided: reading again the one each row shows cost a
 * cache miss or two each (about 0.7 µs). Now each entry's 理由, 次回連絡内容, channel, step and earlier attempt are
 * written here as it is filed, while it is in the cache (shared strings and pointers: writing them builds almost
 * nothing), and the row and today's contacts are made from these arrays and the queue's result. The entries
 * themselves are not kept (Planned keeps their count): they die young with their customer's run.
 */
import type { Day } from '../day';
import { grown } from '../grown';
import { RULE_RANK } from '../policy';
import type { Channel, StepCandidate } from '../types';
import type { Entry } from './model';
import { contentOf, reasonOf, withLimit } from './wording';

const WAITING = 1;
const PREPARES = 2;
/** The flags' other bits: the entry's channel, by its place here ('' when it has none). */
const CHANNELS: readonly (Channel | '')[] = ['', 'LINE', 'メール', '電話', '手紙'];
const CHANNEL_SHIFT = 2;

/** What the daily limits decided, by queue index (QueueResult), and what 理由 says of it. */
export interface QueueOutcome {
  days: Float64Array;
  firstDays: Float64Array;
  today: Day;
  /**
   * What 理由 says after the rest when the daily limits moved the contact at queue index `q` (or cannot reach it),
   * '' when they left it on `placedDay`, the day it was filed with.
   */
  said(q: number, placedDay: Day): string;
}

export class EntryBook {
  length = 0;
  private days: Float64Array<ArrayBuffer>;
  private ranks: Uint8Array<ArrayBuffer>;
  private flags: Uint8Array<ArrayBuffer>;
  private queueAt: Int32Array<ArrayBuffer>;
  /** 理由 as filed (reasonOf), before a daily limit adds what it says. */
  private reasons: string[];
  /** 次回連絡内容 (contentOf). */
  private contents: string[];
  /** The entry's step, and the 連絡履歴 row of an earlier attempt it reuses (NaN when none). */
  private steps: StepCandidate[];
  private retries: Float64Array<ArrayBuffer>;
  private outcome: QueueOutcome | undefined;

  /**
   * `expected`: about how many entries will be filed at once (the planner's guess from the customers); `today`: the
   * plan's, that 理由 counts days late from.
   */
  constructor(
    expected: number,
    private readonly today: Day,
  ) {
    const size = Math.max(16, Math.ceil(expected));
    this.days = new Float64Array(size);
    this.ranks = new Uint8Array(size);
    this.flags = new Uint8Array(size);
    this.queueAt = new Int32Array(size);
    this.reasons = new Array<string>(size).fill('');
    this.contents = new Array<string>(size).fill('');
    this.steps = new Array<StepCandidate>(size);
    this.retries = new Float64Array(size);
  }

  /** Files a customer's entries in order: entry j at slot first + j. Returns first. */
  file(entries: readonly Entry[]): number {
    const first = this.length;
    const end = first + entries.length;
    if (end > this.days.length) this.grow(end);
    for (let j = 0; j < entries.length; j++) this.write(first + j, entries[j]);
    this.length = end;
    return first;
  }

  /** Writes an entry again after something changed it (LINE's allowance moving it to another channel or day). */
  refile(entry: Entry): void {
    if (entry.slot >= 0) this.write(entry.slot, entry);
  }

  /** From now on, each slot answers with what the daily limits decided. */
  decided(outcome: QueueOutcome): void {
    this.outcome = outcome;
  }

  /**
   * Its day once the daily limits decided: NaN when they cannot reach it (its window closes first, or a year
   * passes). Before they decide, the day it was filed with.
   */
  dayOf(slot: number): number {
    const q = this.queueAt[slot];
    const o = this.outcome;
    if (q < 0 || o === undefined) return this.days[slot];
    const day = o.days[q];
    return day === o.firstDays[q] ? this.days[slot] : day;
  }

  /** To be prepared today once the daily limits decided. */
  preparesToday(slot: number): boolean {
    const q = this.queueAt[slot];
    const o = this.outcome;
    if (q < 0 || o === undefined) return (this.flags[slot] & PREPARES) !== 0;
    const day = o.days[q];
    if (day === o.firstDays[q]) return (this.flags[slot] & PREPARES) !== 0;
    return day === o.today;
  }

  waiting(slot: number): boolean {
    return (this.flags[slot] & WAITING) !== 0;
  }

  hasChannel(slot: number): boolean {
    return this.flags[slot] >> CHANNEL_SHIFT !== 0;
  }

  rank(slot: number): number {
    return this.ranks[slot];
  }

  /** 理由, with what the daily limits said once they decided. */
  reason(slot: number): string {
    const q = this.queueAt[slot];
    const o = this.outcome;
    if (q < 0 || o === undefined) return this.reasons[slot];
    // A queued contact is filed on the day it was placed on (entry.day is entry.placedDay until the queue decides).
    return withLimit(this.reasons[slot], o.said(q, this.days[slot] as Day));
  }

  content(slot: number): string {
    return this.contents[slot];
  }

  step(slot: number): StepCandidate {
    return this.steps[slot];
  }

  retryOf(slot: number): number | undefined {
    const row = this.retries[slot];
    return Number.isNaN(row) ? undefined : row;
  }

  channel(slot: number): Channel | '' {
    return CHANNELS[this.flags[slot] >> CHANNEL_SHIFT];
  }

  private write(slot: number, entry: Entry): void {
    entry.slot = slot;
    const { step } = entry;
    const content = contentOf(step);
    this.contents[slot] = content;
    this.reasons[slot] = reasonOf(entry, this.today, content);
    this.steps[slot] = step;
    this.retries[slot] = entry.retryOf ?? NaN;
    this.days[slot] = entry.day;
    this.ranks[slot] = RULE_RANK[step.rule];
    this.flags[slot] =
      (step.waiting ? WAITING : 0) |
      (entry.preparesToday ? PREPARES : 0) |
      (CHANNELS.indexOf(entry.channel) << CHANNEL_SHIFT);
    this.queueAt[slot] = entry.queueAt;
  }

  /** By half as much again: the planner's guess is seldom far short, and at 100,000 customers a doubling is 300,000 slots. */
  private grow(atLeast: number): void {
    let size = Math.ceil(this.days.length * 1.5);
    while (size < atLeast) size = Math.ceil(size * 1.5);
    this.days = grown(this.days, size);
    this.ranks = grown(this.ranks, size);
    this.flags = grown(this.flags, size);
    this.queueAt = grown(this.queueAt, size);
    this.retries = grown(this.retries, size);
    this.steps.length = size;
    for (const texts of [this.reasons, this.contents]) {
      const length = texts.length;
      texts.length = size;
      texts.fill('', length);
    }
  }
}
