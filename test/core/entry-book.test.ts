import fc from 'fast-check';
import { addDays, type Day } from '../../src/core/day';
import { EntryBook, type QueueOutcome } from '../../src/core/plan/entry-book';
import { emptyPlan, type Entry, type Planned, placedEntry, unpreparedEntry } from '../../src/core/plan/model';
import { finish } from '../../src/core/plan/wording';
import { RULE_RANK } from '../../src/core/policy';
import type { Channel, RuleId, StepCandidate } from '../../src/core/types';
import { customer, d, settings } from './builders';

/**
 * The customer's row is chosen from what the EntryBook holds and what the daily limits decided, reading only the
 * entries it shows. Held here to the plain way of choosing it: settle every entry, then take the earliest (rule
 * priority among equals), leaving out steps waiting for an earlier one while anything else is ready, and contacts
 * the limits cannot reach in their window.
 */
const TODAY = d('2026-11-24');
const SETTINGS = settings();
const RULES: RuleId[] = ['S3', 'S1', 'S4', 'S6'];
const CHANNELS: (Channel | '')[] = ['', 'メール', '電話', '手紙', 'LINE'];

interface Drawn {
  rule: RuleId;
  step: 0 | 1;
  waiting: boolean;
  channel: Channel | '';
  offset: number;
  preparesToday: boolean;
  /** What the queue decides of it: not queued, its own day, a later day, out of reach. */
  queue: 'none' | 'same' | number | 'unfit';
}

const drawn: fc.Arbitrary<Drawn> = fc.record({
  rule: fc.constantFrom(...RULES),
  step: fc.constantFrom(0 as const, 1 as const),
  waiting: fc.boolean(),
  channel: fc.constantFrom(...CHANNELS),
  offset: fc.integer({ min: 0, max: 4 }),
  preparesToday: fc.boolean(),
  queue: fc.oneof(
    fc.constant('none' as const),
    fc.constant('same' as const),
    fc.integer({ min: 1, max: 3 }),
    fc.constant('unfit' as const),
  ),
});

function stepOf(rule: RuleId, step: 0 | 1, waiting: boolean): StepCandidate {
  const name = ['1回目', '2回目'][step];
  return {
    rule,
    scenario: `シナリオ${rule}`,
    step: name,
    anchor: '2026-11-01',
    key: `C0001|${rule}|${name}|2026-11-01`,
    due: TODAY,
    channels: ['メール'],
    because: `${rule}の理由`,
    waiting,
  };
}

/** Entries and the queue's decision, as the planner would have them after the loop. */
function build(all: Drawn[]) {
  const days: number[] = [];
  const firstDays: number[] = [];
  const entries: Entry[] = all.map((x) => {
    const step = stepOf(x.rule, x.step, x.waiting);
    const day = addDays(TODAY, x.offset);
    const entry =
      x.channel === ''
        ? unpreparedEntry(step, day)
        : placedEntry(
            step,
            { kind: 'placed', channel: x.channel, day, refused: [], movedBecause: [] },
            day,
            x.preparesToday && x.offset === 0,
          );
    if (x.channel !== '' && x.queue !== 'none') {
      entry.queueAt = days.length;
      firstDays.push(day);
      days.push(x.queue === 'same' ? day : x.queue === 'unfit' ? NaN : addDays(day, x.queue));
    }
    return entry;
  });
  return { entries, days, firstDays };
}

/** The entries the queue cannot reach: settle leaves their day as it was, and 理由 says so. */
const UNFIT = new WeakSet<Entry>();

/** What DailyLimits.settle writes on an entry (daily-limits.ts), for the queue decided above. */
function outcomeOf(days: number[], firstDays: number[]): QueueOutcome {
  return {
    days: Float64Array.from(days),
    firstDays: Float64Array.from(firstDays),
    today: TODAY,
    settle(entry) {
      const i = entry.queueAt;
      if (i < 0) return;
      entry.queueAt = -1;
      if (days[i] === firstDays[i]) return;
      const unfit = Number.isNaN(days[i]);
      if (unfit) UNFIT.add(entry);
      entry.preparesToday = !unfit && days[i] === TODAY;
      if (!unfit) entry.day = days[i] as Day;
      entry.limited = unfit ? '。間に合いません' : '。順番待ちで回します';
    },
  };
}

/** The plain way: every entry settled, then compared as entries. */
function plainly(entries: Entry[], outcome: QueueOutcome) {
  for (const e of entries) outcome.settle(e);
  const anyReady = entries.some((e) => !e.step.waiting && !UNFIT.has(e));
  let next: Entry | undefined;
  for (const e of entries) {
    if ((anyReady && e.step.waiting) || UNFIT.has(e)) continue;
    if (
      !next ||
      e.day < next.day ||
      (e.day === next.day && RULE_RANK[e.step.rule] < RULE_RANK[next.step.rule])
    )
      next = e;
  }
  const unfit = anyReady ? undefined : entries.find((e) => UNFIT.has(e));
  const channels: string[] = [];
  if (!unfit && next)
    for (const e of entries) {
      if ((anyReady && e.step.waiting) || UNFIT.has(e) || !e.channel || e.day !== next.day) continue;
      if (e.step.scenario !== next.step.scenario || e.step.step !== next.step.step) continue;
      if (!channels.includes(e.channel)) channels.push(e.channel);
    }
  return {
    nextDay: unfit ? undefined : next?.day,
    nextChannel: channels.join(', '),
    reason: unfit ? unfit.step.because : next ? next.step.because : undefined,
    unfit: unfit !== undefined,
    due: entries.filter((e) => e.preparesToday).map((e) => e.step.key + e.channel),
  };
}

/** Other customers' entries, filed before the customer's. */
const OTHERS = build(
  Array.from({ length: 1030 }, (): Drawn => ({
    rule: 'S1',
    step: 0,
    waiting: false,
    channel: 'メール',
    offset: 0,
    preparesToday: false,
    queue: 'none',
  })),
).entries;

test('the row and the day’s contacts chosen from the EntryBook are those the entries themselves give', () => {
  fc.assert(
    fc.property(
      fc.array(drawn, { minLength: 1, maxLength: 6 }),
      fc.nat(12),
      fc.boolean(),
      (all, extra, after) => {
        const mine = build(all);
        const theirs = build(all);
        const book = new EntryBook();
        // Other customers' entries before or after these: slots are the book's, not the customer's, and the book
        // grows past the 1,024 it first holds, around the customer's entries or after them.
        if (!after) book.file(OTHERS.slice(0, 1015 + extra));
        const row: Planned = {
          customer: customer(),
          entries: mine.entries,
          problems: [],
          skippedToday: [],
          first: book.file(mine.entries),
        };
        if (after) book.file(OTHERS.slice(0, 1015 + extra));
        book.decided(outcomeOf(mine.days, mine.firstDays));
        const plan = emptyPlan();
        finish(row, book, { today: TODAY, settings: SETTINGS } as never, plan);
        const [got] = plan.customers;
        const want = plainly(theirs.entries, outcomeOf(theirs.days, theirs.firstDays));
        expect(got.nextDay).toBe(want.nextDay);
        expect(got.nextChannel).toBe(want.nextChannel);
        if (want.reason === undefined) expect(got.reason).not.toMatch(/の理由/);
        else expect(got.reason).toContain(want.reason);
        expect(got.reason.endsWith('を上げると準備できます')).toBe(want.unfit);
        expect(plan.due.map((c) => c.step.key + c.channel)).toEqual(want.due);
      },
    ),
    { numRuns: 2000 },
  );
});
