import { firstWeek, firstWeekLines } from '../../src/core/first-week';
import { planFollowUps } from '../../src/core/plan';
import { customer, d, planInput, record, settings } from './builders';

const today = d('2026-11-22');
/** 整体 (お伺い 2 days after the visit, 電話確認 5 days after the お伺い): the visit of 11/20 makes both due this week. */
const visit = { lastVisit: d('2026-11-20'), category: '整体' };
const none = {
  email: undefined,
  lineUserId: undefined,
  phone: undefined,
  postalCode: undefined,
  address: undefined,
};
const shop = planInput({
  today,
  customers: [
    customer({ index: 0, id: 'C1', ...visit, ...none, email: 'c1@example.jp', phone: '090-1111-1111' }),
    customer({
      index: 1,
      id: 'C2',
      ...visit,
      ...none,
      postalCode: '154-0004',
      address: '東京都世田谷区太子堂1-2-3',
      phone: '090-2222-2222',
    }),
    customer({ index: 2, id: 'C3', ...visit, ...none, email: 'c3@example.jp' }),
    // 服: the お伺い comes 7 days after the visit, on the eighth day: not in the first week.
    customer({ index: 3, id: 'C4', lastVisit: today, category: '服', ...none, email: 'c4@example.jp' }),
  ],
});

describe('the first week after 初期設定', () => {
  test('counts every step of the seven days, the one that follows a finished contact too', () => {
    // Each customer's next contact is only their お伺い: three contacts, on one day.
    const next = planFollowUps(shop).customers.filter(
      (c) => c.nextDay !== undefined && c.nextDay <= d('2026-11-28'),
    );
    expect(next.map((c) => [c.customerId, c.nextContent, c.nextChannel])).toEqual([
      ['C1', '購入後フォロー（お伺い）', 'メール'],
      ['C2', '購入後フォロー（お伺い）', '手紙'],
      ['C3', '購入後フォロー（お伺い）', 'メール'],
    ]);
    // The week: the お伺い on 11/22, then, once done, each 電話確認 5 days later (by phone; C3 has none: by email).
    const week = firstWeek(shop);
    expect(week).toMatchObject({ contacts: 6, customers: 3, days: 2, postage: 110 });
    expect(week.byChannel).toEqual([
      { channel: 'メール', count: 3 },
      { channel: '手紙', count: 1 },
      { channel: '電話', count: 2 },
    ]);
    expect(firstWeekLines(week)).toEqual([
      'はじめの1週間（11月22日〜11月28日）：3人のお客様に、連絡 6件を2日に分けて準備します（メール 3通・手紙 1通・電話 2件）。',
      '手紙 1通の郵便代は 約110円です。',
      '毎日の分をその日のうちに済ませた（メールとLINEは送信、手紙は印刷、電話はかけた）場合の見込みです。お伺いの数日後の電話確認のように、済ませた連絡に続く連絡も数えています。',
    ]);
  });

  test('a dormant customer’s letter, printed, then the お手紙確認メール five days later', () => {
    const dormant = customer({
      id: 'D1',
      lastVisit: d('2026-05-01'),
      lineUserId: undefined,
      phone: undefined,
    });
    const input = { ...shop, customers: [dormant] };
    expect(planFollowUps(input).customers.map((c) => c.nextChannel)).toEqual(['手紙']);
    expect(firstWeek(input)).toMatchObject({
      contacts: 2,
      days: 2,
      postage: 110,
      byChannel: [
        { channel: 'メール', count: 1 },
        { channel: '手紙', count: 1 },
      ],
    });
  });

  test('a daily limit moves a contact to the next day, and what follows it with it (the planner’s own queue)', () => {
    const week = firstWeek({ ...shop, settings: settings([['1日のメール上限', 1]]) });
    // C3's お伺い waits for 11/23, so its 電話確認 by email comes on 11/28: four days with a contact.
    expect(week).toMatchObject({ contacts: 6, customers: 3, days: 4 });
    // One more day of limit and C3's 電話確認 (5 days after 11/24) falls outside the week.
    const later = firstWeek({
      ...shop,
      settings: settings([['1日のメール上限', 1]]),
      customers: [shop.customers[0], shop.customers[0], shop.customers[2]].map((c, i) => ({
        ...c,
        index: i,
        id: `M${i}`,
      })),
    });
    expect(later).toMatchObject({ contacts: 5, customers: 3 });
  });

  test('an empty week says so', () => {
    const week = firstWeek({ ...shop, customers: [shop.customers[3]] });
    expect(firstWeekLines(week)).toEqual([
      'はじめの1週間（11月22日〜11月28日）に予定している連絡はありません。',
    ]);
  });

  test('today’s contacts already prepared (preparing on) count as today’s, once; a 延期 counts on its new day', () => {
    const [c1, c2, c3] = planFollowUps(shop).due;
    const row = (due: typeof c1, index: number, state: '失敗' | '印刷待ち' | '延期', plannedDay = today) =>
      record({
        index,
        at: today,
        plannedDay,
        customerId: due.customer.id,
        scenario: due.step.scenario,
        step: due.step.step,
        channel: due.channel,
        state,
        key: due.step.key,
      });
    // C1's email failed this morning (the planner places it again today), C2's letter waits to be printed, C3's
    // email was put off to 11/24: its 電話確認 (5 days after the お伺い) falls after the week.
    const input = {
      ...shop,
      records: [row(c1, 0, '失敗'), row(c2, 1, '印刷待ち'), row(c3, 2, '延期', d('2026-11-24'))],
    };
    expect(planFollowUps(input).due.map((due) => due.customer.id)).toEqual(['C1']);
    expect(firstWeek(input)).toMatchObject({
      contacts: 5,
      customers: 3,
      days: 3,
      postage: 110,
      byChannel: [
        { channel: 'メール', count: 2 },
        { channel: '手紙', count: 1 },
        { channel: '電話', count: 2 },
      ],
    });
  });
});
