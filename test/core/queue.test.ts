import { addDays, isoDay, type Day } from '../../src/core/day';
import { forecastLines } from '../../src/core/forecast';
import { planFollowUps, type Plan } from '../../src/core/plan';
import { POSTAGE, postageOf, yenText } from '../../src/core/postage';
import { MAX_WAIT_DAYS, QueueBook, runQueues, type QueueItem } from '../../src/core/queue';
import type { Customer, RuleId } from '../../src/core/types';
import { customer, d, planInput, settings } from './builders';

const TODAY = '2026-11-24';

/** Reached only by letter: no email, no LINE, no phone. */
const LETTER_ONLY: Partial<Customer> = { email: undefined, lineUserId: undefined, phone: undefined };

/** Dormant since long before TODAY (休眠日数 90), no category: only S4 plans, by letter. */
function dormantByLetter(i: number, lastVisit: Day): Customer {
  return customer({
    ...LETTER_ONLY,
    index: i,
    id: `D${String(i).padStart(3, '0')}`,
    address: `東京都世田谷区太子堂${i}-1`,
    category: undefined,
    firstVisit: d('2024-01-10'),
    lastVisit,
  });
}

/** A 整体 customer whose お伺い (D + 2, window + 21) goes by letter. */
function afterVisitByLetter(i: number, lastVisit: string): Customer {
  return customer({
    ...LETTER_ONLY,
    index: i,
    id: `P${i}`,
    address: `東京都世田谷区三軒茶屋${i}-1`,
    lastVisit: d(lastVisit),
  });
}

const rowDay = (p: Plan, id: string) => {
  const row = p.customers.find((c) => c.customerId === id);
  return row?.nextDay === undefined ? null : isoDay(row.nextDay);
};
const rowOf = (p: Plan, id: string) => p.customers.find((c) => c.customerId === id);

describe('次回連絡日 after the daily limits: the queue they make (contract 3 Step life cycle, 4.7)', () => {
  test('20 letters a day × 3 days: day 1 for the first 20, day 2 for the next 20, day 3 for the rest', () => {
    // Index i was last seen i days before 2025-06-01: the highest index is the oldest due, so it goes first.
    const dormant = Array.from({ length: 60 }, (_, i) => dormantByLetter(i, addDays(d('2025-06-01'), -i)));
    const p = planFollowUps(planInput({ today: d(TODAY), customers: dormant }));
    const byDay = new Map<string, string[]>();
    for (const c of p.customers) {
      const day = c.nextDay === undefined ? 'none' : isoDay(c.nextDay);
      byDay.set(day, [...(byDay.get(day) ?? []), c.customerId]);
    }
    expect([...byDay.keys()].sort()).toEqual(['2026-11-24', '2026-11-25', '2026-11-26']);
    expect(byDay.get('2026-11-24')?.sort()).toEqual(dormant.slice(40).map((c) => c.id));
    expect(byDay.get('2026-11-25')?.sort()).toEqual(dormant.slice(20, 40).map((c) => c.id));
    expect(byDay.get('2026-11-26')?.sort()).toEqual(dormant.slice(0, 20).map((c) => c.id));
    expect(p.due).toHaveLength(20);
    expect(p.due.every((x) => x.channel === '手紙' && x.customer.index >= 40)).toBe(true);
    expect(rowOf(p, 'D040')?.reason).not.toContain('順番待ち');
    expect(rowOf(p, 'D025')?.reason).toContain('1日の手紙上限（20件）の順番待ちのため2026/11/25に回します');
    expect(rowOf(p, 'D000')?.reason).toContain('1日の手紙上限（20件）の順番待ちのため2026/11/26に回します');
    expect(p.queues).toEqual([
      {
        channel: '手紙',
        limit: 20,
        total: 60,
        days: 3,
        lastDay: d('2026-11-26'),
        byScenario: [
          { scenario: '休眠客フォロー', rule: 'S4', count: 60, moved: 40, days: 3, lastDay: d('2026-11-26') },
        ],
        unfit: 0,
      },
    ]);
  });

  test('a queue that fits in today says nothing and moves nothing', () => {
    const dormant = Array.from({ length: 20 }, (_, i) => dormantByLetter(i, d('2025-06-01')));
    const p = planFollowUps(planInput({ today: d(TODAY), customers: dormant }));
    expect(p.due).toHaveLength(20);
    expect(p.queues).toEqual([]);
    expect(forecastLines(p.queues)).toEqual([]);
  });

  test('mixed rules: a higher rule goes first even when a lower one is older; within a rule oldest due first', () => {
    const customers = [
      dormantByLetter(0, d('2025-01-01')),
      dormantByLetter(1, d('2025-02-01')),
      // お伺い due 11-22 and 11-23: younger than every S4 contact, but S1 outranks S4.
      afterVisitByLetter(2, '2026-11-21'),
      afterVisitByLetter(3, '2026-11-20'),
    ];
    const p = planFollowUps(
      planInput({ today: d(TODAY), customers, settings: settings([['1日の手紙上限', 1]]) }),
    );
    expect(p.due.map((x) => [x.customer.id, x.step.scenario])).toEqual([['P3', '購入後フォロー']]);
    expect(rowDay(p, 'P3')).toBe('2026-11-24');
    expect(rowDay(p, 'P2')).toBe('2026-11-25');
    expect(rowDay(p, 'D000')).toBe('2026-11-26');
    expect(rowDay(p, 'D001')).toBe('2026-11-27');
    expect(rowOf(p, 'D001')?.reason).toContain('1日の手紙上限（1件）の順番待ちのため2026/11/27に回します');
    const [letters] = p.queues;
    expect(letters.byScenario.map((s) => [s.scenario, s.count, s.days])).toEqual([
      ['購入後フォロー', 2, 2],
      ['休眠客フォロー', 2, 4],
    ]);
  });

  test('a contact the limit cannot reach before its window closes is said, not silently dropped', () => {
    // お伺い due 11-04, window to 11-25: one letter a day reaches two of the three.
    const customers = [0, 1, 2].map((i) => afterVisitByLetter(i, '2026-11-02'));
    const p = planFollowUps(
      planInput({ today: d(TODAY), customers, settings: settings([['1日の手紙上限', 1]]) }),
    );
    expect(customers.map((c) => rowDay(p, c.id))).toEqual(['2026-11-24', '2026-11-25', null]);
    expect(rowOf(p, 'P2')?.reason).toContain(
      '1日の手紙上限（1件）の順番待ちで、期限の2026/11/25までに準備できません。設定「1日の手紙上限」を上げると準備できます',
    );
    expect(p.queues[0].unfit).toBe(1);
    expect(forecastLines(p.queues)).toContain('手紙のうち1件は、1日1通では期限までに準備できません');
    // Nothing is skipped or closed by the forecast itself: the window closing does that, on its day.
    expect(p.skipped).toEqual([]);
  });
});

describe('runQueues', () => {
  const cal = settings([['定休日', '水']]).calendar;
  const today = d(TODAY); // 火曜
  const item = (rule: RuleId, channel: QueueItem['channel'], placed: string, busy?: Day[]): QueueItem => ({
    channel,
    placedDay: d(placed),
    step: { rule, scenario: rule, due: d(placed) },
    busy,
  });
  test('a contact whose due day or rule says nothing waits behind the rest, and the others keep their order', () => {
    const odd: QueueItem[] = [
      item('S4', '手紙', TODAY),
      { ...item('S4', '手紙', TODAY), step: { rule: 'S4' as RuleId, scenario: 'S4', due: NaN as Day } },
      { ...item('S4', '手紙', TODAY), step: { rule: 'S99' as RuleId, scenario: 'S99', due: d(TODAY) } },
      // A fraction of a day would have named the next item (key % INDEX_SPAN): it is the day it falls in.
      {
        ...item('S4', '手紙', TODAY),
        step: { rule: 'S4' as RuleId, scenario: 'S4', due: (d(TODAY) - 2 ** -23) as Day },
      },
    ];
    const { days } = runQueues(odd, [{ channel: '手紙', limit: 1, usedToday: 0 }], today, cal);
    expect(daysOf(days)).toEqual(['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-24']);
  });

  test('a contact placed on no day (-Infinity) does not hold the queue for ever: it is out of reach', () => {
    const never = { ...item('S4', '手紙', TODAY), placedDay: -Infinity as Day };
    const r = runQueues(
      [never, item('S4', '手紙', TODAY)],
      [{ channel: '手紙', limit: 1, usedToday: 0 }],
      today,
      cal,
    );
    expect(daysOf(r.days)).toEqual([null, '2026-11-24']);
    expect(r.queues[0]?.unfit).toBe(1);
  });

  /** Each item's day (null when out of reach). */
  const daysOf = (days: Float64Array) =>
    [...days].map((day) => (Number.isNaN(day) ? null : isoDay(day as Day)));

  test('calls take only business days: the 定休日 has no room', () => {
    const calls = [0, 1, 2].map(() => item('S1', '電話', TODAY));
    const { days, queues } = runQueues(calls, [{ channel: '電話', limit: 1, usedToday: 0 }], today, cal);
    expect(daysOf(days)).toEqual(['2026-11-24', '2026-11-26', '2026-11-27']);
    expect(queues[0].days).toBe(3);
  });

  test("a シナリオ's days run to its last contact the limit moved, not to one due later on its own day", () => {
    // On a 1-a-day limit: three cards and twelve dormant letters (a lower rule) from today, and a fourth card due
    // ten days on, which takes that day's room on its own day (a 寒中見舞い behind the 年賀状): the cards' queue is
    // three days long, not eleven.
    const cards = [0, 1, 2].map(() => item('S10', '手紙', TODAY));
    const later = item('S10', '手紙', isoDay(addDays(today, 10)));
    const dormant = Array.from({ length: 12 }, () => item('S4', '手紙', TODAY));
    const { days, queues } = runQueues(
      [...cards, later, ...dormant],
      [{ channel: '手紙', limit: 1, usedToday: 0 }],
      today,
      cal,
    );
    expect(daysOf(days)[3]).toBe(isoDay(addDays(today, 10)));
    const s10 = queues[0].byScenario.find((q) => q.rule === 'S10');
    expect(s10).toMatchObject({ count: 4, moved: 2, lastDay: d('2026-11-26'), days: 3 });
  });

  test('one email/LINE/call a day: a queued email skips a day the customer already has a contact', () => {
    const busy = [d('2026-11-25')];
    const first = item('S4', 'メール', TODAY);
    const mine = item('S4', 'メール', TODAY, busy);
    const { days } = runQueues([first, mine], [{ channel: 'メール', limit: 1, usedToday: 0 }], today, cal);
    expect(daysOf(days)).toEqual(['2026-11-24', '2026-11-26']);
    expect(busy.map(isoDay)).toEqual(['2026-11-25', '2026-11-26']);
  });

  test("across channels, a customer's higher rule keeps the day", () => {
    const busy: Day[] = [];
    const letter = item('S4', '手紙', TODAY);
    const call = item('S3', '電話', TODAY, busy);
    const mail = item('S4', 'メール', TODAY, busy);
    const { days } = runQueues(
      [letter, mail, call],
      [
        { channel: '電話', limit: 5, usedToday: 0 },
        { channel: 'メール', limit: 5, usedToday: 0 },
        { channel: '手紙', limit: 5, usedToday: 0 },
      ],
      today,
      cal,
    );
    expect(daysOf(days)).toEqual(['2026-11-24', '2026-11-25', '2026-11-24']);
  });

  test('a contact without a window waits at most a year: beyond that it is out of reach, not dated years ahead', () => {
    const letters = Array.from({ length: 400 }, () => item('S4', '手紙', TODAY));
    const { days, queues } = runQueues(letters, [{ channel: '手紙', limit: 1, usedToday: 0 }], today, cal);
    const reached = daysOf(days).filter((day) => day !== null);
    expect(reached).toHaveLength(MAX_WAIT_DAYS + 1);
    expect(reached[reached.length - 1]).toBe(isoDay(addDays(today, MAX_WAIT_DAYS)));
    expect(queues[0].unfit).toBe(400 - MAX_WAIT_DAYS - 1);
  });

  test('what an earlier run prepared today counts', () => {
    const letters = [0, 1].map(() => item('S4', '手紙', TODAY));
    const { days } = runQueues(letters, [{ channel: '手紙', limit: 2, usedToday: 1 }], today, cal);
    expect(daysOf(days)).toEqual(['2026-11-24', '2026-11-25']);
  });
});

describe('the forecast and the rates table', () => {
  test('one table of rates, each with its source', () => {
    expect(POSTAGE.letter.yen).toBe(110);
    expect(POSTAGE.postcard.yen).toBe(85);
    for (const rate of Object.values(POSTAGE)) {
      expect(rate.source).toContain('日本郵便');
      expect(rate.since).toBe('2024-10-01');
    }
    expect(postageOf('letter', 170)).toBe(18700);
    expect(yenText(18700)).toBe('18,700円');
    expect(yenText(1234567)).toBe('1,234,567円');
    expect(yenText(85)).toBe('85円');
  });

  test('「休眠客フォロー 170件：1日20通で9日間、郵便代 約18,700円」 with how to spread or trim it', () => {
    const dormant = Array.from({ length: 170 }, (_, i) => dormantByLetter(i, d('2025-06-01')));
    const p = planFollowUps(planInput({ today: d(TODAY), customers: dormant }));
    const lines = forecastLines(p.queues);
    expect(lines).toContain('休眠客フォロー 170件：1日20通で9日間、郵便代 約18,700円');
    expect(lines.join('\n')).toContain('設定「1日の手紙上限」');
    expect(lines.join('\n')).toContain('設定「休眠フォローの対象」');
    // The last of them shows the ninth day.
    const days = p.customers.map((c) => c.nextDay as Day);
    expect(isoDay(days.reduce((a, b) => (b > a ? b : a)))).toBe('2026-12-02');
  });

  test('several シナリオ in one queue: a line for each that waits, and the total of all', () => {
    const customers = [
      ...Array.from({ length: 30 }, (_, i) => dormantByLetter(i, d('2025-06-01'))),
      ...[0, 1, 2].map((i) => afterVisitByLetter(100 + i, '2026-11-21')),
    ];
    const p = planFollowUps(
      planInput({ today: d(TODAY), customers, settings: settings([['1日の手紙上限', 10]]) }),
    );
    // 購入後フォロー outranks 休眠客フォロー: its 3 letters go first and wait for nothing, so only the total counts them.
    expect(forecastLines(p.queues).slice(1, 3)).toEqual([
      '休眠客フォロー 30件：1日10通で4日間、郵便代 約3,300円',
      '手紙の合計 33件：1日10通で4日間、郵便代 約3,630円',
    ]);
  });

  test('a queue of email says its channel, and no postage', () => {
    const byMail = Array.from({ length: 5 }, (_, i) => ({
      ...dormantByLetter(i, d('2025-06-01')),
      postalCode: undefined,
      email: `c${i}@example.jp`,
      emailConsent: true,
    }));
    const p = planFollowUps(
      planInput({ today: d(TODAY), customers: byMail, settings: settings([['1日のメール上限', 2]]) }),
    );
    expect(forecastLines(p.queues)).toContain('休眠客フォロー（メール） 5件：1日2通で3日間');
  });
});

describe('a long queue', () => {
  test('2,500 letters on a limit of 1,000 a day: each customer in 顧客 order, a thousand a day', () => {
    // The planner sizes its flat arrays for about three contacts a customer; they would grow past that as below.
    const dormant = Array.from({ length: 2500 }, (_, i) => dormantByLetter(i, d('2025-06-01')));
    const p = planFollowUps(
      planInput({ today: d(TODAY), customers: dormant, settings: settings([['1日の手紙上限', 1000]]) }),
    );
    expect(p.customers.map((c) => isoDay(c.nextDay as Day))).toEqual(
      dormant.map((_, i) => isoDay(addDays(d(TODAY), Math.floor(i / 1000)))),
    );
    expect(p.due.map((c) => c.customer.id)).toEqual(dormant.slice(0, 1000).map((c) => c.id));
    expect(p.customers[2499].reason).toContain('1日の手紙上限（1000件）の順番待ちのため2026/11/26に回します');
  });

  test('a book that grows past what it first holds loses nothing: 2,500 contacts filed into room for 16', () => {
    const items = Array.from({ length: 2500 }, (_, i) => ({
      channel: '手紙' as const,
      placedDay: d(TODAY),
      // Oldest due first: the last filed goes first.
      step: { rule: 'S4' as RuleId, scenario: '休眠客フォロー', due: addDays(d('2025-06-01'), -i) },
    }));
    const small = new QueueBook(16);
    for (const x of items) small.add(x, undefined);
    const limits = [{ channel: '手紙' as const, limit: 1000, usedToday: 0 }];
    const { days } = runQueues(small, limits, d(TODAY), settings().calendar);
    expect([...days].map((day) => isoDay(day as Day))).toEqual(
      items.map((_, i) => isoDay(addDays(d(TODAY), Math.floor((2499 - i) / 1000)))),
    );
    // The same as the book runQueues makes of the list itself.
    expect(days).toEqual(
      runQueues(
        items.map((x) => ({ ...x, busy: undefined })),
        limits,
        d(TODAY),
        settings().calendar,
      ).days,
    );
  });
});
