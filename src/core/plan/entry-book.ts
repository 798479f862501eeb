/**
 * What a customer's row is chosen by, for each entry the planner keeps, in flat arrays filled while the customer is
 * planned. At 100,000 customers the entries kept for the daily limits (300,000, of which 280,000 queued, spread over
 * the heap) were each read again after the queue, to settle and compare them; now the row is chosen from these
 * arrays and the queue's result. What is read of the entries is the one the row shows (and, to join two channels of
 * its step, any other on the same day), today's contacts, and the step of an S10 card out of reach.
 */
import type { Day } from '../day';
import { grown } from '../grown';
import { RULE_RANK } from '../policy';
import type { Entry } from './model';

const WAITING = 1;
const PREPARES = 2;
const CHANNEL = 4;

/** What the daily limits decided, by queue index (QueueResult), and how to write it on an entry (DailyLimits.settle). */
export interface QueueOutcome {
  days: Float64Array;
  firstDays: Float64Array;
  today: Day;
  settle(entry: Entry): void;
}

export class EntryBook {
  length = 0;
  private days: Float64Array<ArrayBuffer>;
  private ranks: Uint8Array<ArrayBuffer>;
  private flags: Uint8Array<ArrayBuffer>;
  private queueAt: Int32Array<ArrayBuffer>;
  private outcome: QueueOutcome | undefined;

  /** `expected`: about how many entries will be filed at once (the planner's guess from the customers). */
  constructor(expected = 1024) {
    const size = Math.max(16, Math.ceil(expected));
    this.days = new Float64Array(size);
    this.ranks = new Uint8Array(size);
    this.flags = new Uint8Array(size);
    this.queueAt = new Int32Array(size);
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

  /** An entry, to be read: what the daily limits decided of it is written on it first (DailyLimits.settle). */
  read(entry: Entry): Entry {
    this.outcome?.settle(entry);
    return entry;
  }

  /**
   * Its day once the daily limits decided (as settle writes it): NaN when they cannot reach it (its window closes
   * first, or a year passes). Before they decide, the day it was filed with.
   */
  dayOf(slot: number): number {
    const q = this.queueAt[slot];
    const o = this.outcome;
    if (q < 0 || o === undefined) return this.days[slot];
    const day = o.days[q];
    return day === o.firstDays[q] ? this.days[slot] : day;
  }

  /** To be prepared today once the daily limits decided (as settle writes it). */
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
    return (this.flags[slot] & CHANNEL) !== 0;
  }

  rank(slot: number): number {
    return this.ranks[slot];
  }

  private write(slot: number, entry: Entry): void {
    entry.slot = slot;
    this.days[slot] = entry.day;
    this.ranks[slot] = RULE_RANK[entry.step.rule];
    this.flags[slot] =
      (entry.step.waiting ? WAITING : 0) |
      (entry.preparesToday ? PREPARES : 0) |
      (entry.channel !== '' ? CHANNEL : 0);
    this.queueAt[slot] = entry.queueAt;
  }

  private grow(atLeast: number): void {
    let size = this.days.length * 2;
    while (size < atLeast) size *= 2;
    this.days = grown(this.days, size);
    this.ranks = grown(this.ranks, size);
    this.flags = grown(this.flags, size);
    this.queueAt = grown(this.queueAt, size);
  }
}
