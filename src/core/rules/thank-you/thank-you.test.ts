import { isoDay } from '../../day';
import { planFollowUps } from '../../plan';
import { thankYou } from '.';
import { composeMessage } from '../../compose';
import { DEFAULT_TEMPLATES } from '../../registry';
import type { ContactRecord, Customer, Settings } from '../../types';
import { customer, d, planInput, record, ruleContext, settings } from '../../../../test/core/builders';

const KEY = 'C0001|S6|お礼|2026-11-20';

/** A first-time customer (2026-11-20); no category, so S1 stays out of the way. */
function firstVisit(c: Partial<Customer> = {}): Customer {
  return customer({
    category: undefined,
    visits: 1,
    firstVisit: d('2026-11-20'),
    lastVisit: d('2026-11-20'),
    ...c,
  });
}

function stepsOf(c: Partial<Customer> = {}, s: Settings = settings()) {
  return thankYou.plan(firstVisit(c), ruleContext({ today: d('2026-11-21'), settings: s })).steps;
}

describe('S6 サンキューレター: only for a first visit', () => {
  test.each<[string, Partial<Customer>, number]>([
    ['来店回数 1 with 最終来店日 → お礼', {}, 1],
    ['来店回数 2 → nothing', { visits: 2 }, 0],
    ['来店回数 0 → nothing', { visits: 0 }, 0],
    ['来店回数 blank → nothing', { visits: undefined }, 0],
    ['no 最終来店日 → nothing', { lastVisit: undefined }, 0],
  ])('%s', (_name, c, count) => {
    expect(stepsOf(c)).toHaveLength(count);
  });

  test('お礼 the day after the visit, until 14 days after it, by LINE > メール', () => {
    const [step] = stepsOf();
    expect({ ...step, due: isoDay(step.due), last: isoDay(step.last!) }).toEqual({
      rule: 'S6',
      scenario: 'サンキューレター',
      step: 'お礼',
      anchor: '2026-11-20',
      key: KEY,
      due: '2026-11-21',
      last: '2026-12-04',
      channels: ['LINE', 'メール'],
      because: '初回来店日（2026/11/20）の翌日',
    });
  });
});

describe('S6 サンキューレター: a handwritten letter as well for a high-value first purchase', () => {
  test.each<[string, number | undefined, [string, unknown][], number]>([
    ['no 購入金額 → LINE/email only', undefined, [], 1],
    ['just below 高額購入金額 (30,000) → LINE/email only', 29_999, [], 1],
    ['exactly 高額購入金額 → also a letter', 30_000, [], 2],
    ['above it → also a letter', 120_000, [], 2],
    ['the threshold is the one in 設定', 12_000, [['高額購入金額', '10000']], 2],
  ])('%s', (_name, amount, rows, count) => {
    expect(stepsOf({ amount }, settings(rows))).toHaveLength(count);
  });

  test('the letter is its own candidate for the same step: same dates, 手紙 only, marked 手書き推奨', () => {
    const [thanks, letter] = stepsOf({ amount: 30_000 });
    expect(letter).toEqual({
      ...thanks,
      key: `${KEY}#手紙`,
      channels: ['手紙'],
      handwritten: true,
      because: '初回来店日（2026/11/20）の翌日。購入金額 30,000円（30,000円以上）のため手書き推奨',
    });
  });
});

describe('S6 サンキューレター through the plan', () => {
  const plan = (today: string, c: Partial<Customer> = {}) =>
    planFollowUps(planInput({ today: d(today), customers: [firstVisit(c)] }));

  test('the day of the visit, お礼 is planned for tomorrow', () => {
    const row = plan('2026-11-20').customers[0];
    expect([isoDay(row.nextDay!), row.nextContent]).toEqual(['2026-11-21', 'サンキューレター（お礼）']);
  });

  test('the day after, お礼 is due; a high-value customer also gets the letter', () => {
    expect(plan('2026-11-21').due.map((x) => x.step.key)).toEqual([KEY]);
    const keys = plan('2026-11-21', { amount: 50_000 }).due.map((x) => x.step.key);
    expect(keys.sort()).toEqual([KEY, `${KEY}#手紙`]);
  });

  test('a returning customer gets no thank-you letter', () => {
    expect(plan('2026-11-21', { visits: 2 }).due).toHaveLength(0);
  });
});

describe("S6's お礼 carries S1's お伺い for a first visit when they fall within 3 days (contract S1)", () => {
  const VISIT = '2026-11-20';
  // 整体: お伺い at D + 2, one day after the お礼 (D + 1).
  const first = (c: Partial<Customer> = {}) =>
    customer({ visits: 1, lastVisit: d(VISIT), category: '整体', amount: undefined, ...c });
  const planOn = (today: string, c: Partial<Customer> = {}, records: ContactRecord[] = []) =>
    planFollowUps(planInput({ today: d(today), customers: [first(c)], records }));

  test('one message: the お礼 carries the お伺い, and no お伺い of its own is planned', () => {
    const p = planOn('2026-11-21');
    expect(p.due.map((x) => [x.step.key, x.step.carries, x.channel])).toEqual([
      ['C0001|S6|お礼|2026-11-20', 'お伺い', 'LINE'],
    ]);
    expect(p.due[0].reason).toContain('購入後フォローのお伺いも兼ねます');
    const next = planOn('2026-11-22');
    expect(next.due.map((x) => x.step.step)).not.toContain('お伺い');
  });

  test("a customer who blocked the shop's LINE (no email, an address): the お伺い goes by letter on its own", () => {
    const blocked = first({ email: undefined, lineUserId: `U${'d'.repeat(32)}` });
    const p = planFollowUps(
      planInput({
        today: d('2026-11-22'),
        customers: [blocked],
        unfollowed: new Set([blocked.lineUserId as string]),
      }),
    );
    expect(p.due.map((x) => [x.step.step, x.channel])).toEqual([['お伺い', '手紙']]);
  });

  test('the お礼 sent is the お伺い done: the 電話確認 follows from its day, and no お伺い is prepared later', () => {
    const sent = record({
      customerId: 'C0001',
      key: 'C0001|S6|お礼|2026-11-20',
      scenario: 'サンキューレター',
      step: 'お礼',
      channel: 'LINE',
      state: '送信済',
      at: d('2026-11-21'),
    });
    const p = planOn('2026-11-26', {}, [sent]);
    expect(p.due.map((x) => [x.step.step, x.step.because])).toEqual([
      ['電話確認', 'お伺い（2026/11/21）の5日後'],
    ]);
    for (const today of ['2026-11-22', '2026-11-23', '2026-12-05'])
      expect(planOn(today, {}, [sent]).due.map((x) => x.step.step)).not.toContain('お伺い');
  });

  test.each<[string, Partial<Customer>]>([
    ['a second visit', { visits: 2 }],
    ['an お伺い more than 3 days after the お礼 (服: D + 7)', { category: '服' }],
    ['a customer the お礼 cannot reach (letters only)', { lineUserId: undefined, email: undefined }],
  ])('not joined for %s: the お伺い goes on its own', (_name, c) => {
    // The お礼 was sent the day after the visit, so nothing else takes the お伺い's day.
    const thanked = record({
      customerId: 'C0001',
      key: 'C0001|S6|お礼|2026-11-20',
      scenario: 'サンキューレター',
      step: 'お礼',
      channel: 'LINE',
      state: '送信済',
      at: d('2026-11-21'),
    });
    const due = (today: string) => planOn(today, c, [thanked]).due.map((x) => [x.step.step, x.step.carries]);
    const inquiryDay = c.category === '服' ? '2026-11-27' : '2026-11-22';
    expect(due(inquiryDay)).toContainEqual(['お伺い', undefined]);
  });

  test('its message is the 「お礼（お伺い）」 template, which asks how things are', () => {
    const [due] = planOn('2026-11-21').due;
    const message = composeMessage(due, {
      today: d('2026-11-21'),
      settings: settings([['店名', 'ここち堂']]),
      templates: DEFAULT_TEMPLATES,
    });
    expect(message.problems).toEqual([]);
    expect(message.body).toMatch(/について、その後いかが(ですか|でしょうか)/);
    expect(message.body).toContain('ありがとうございました');
  });
});
