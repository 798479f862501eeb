import { isoDay } from '../../day';
import { planFollowUps } from '../../plan';
import type { ContactRecord } from '../../types';
import { customer, d, planInput, record, settings } from '../../../../test/core/builders';

describe('S7 ニュースレター', () => {
  const body: [string, unknown][] = [
    ['ニュースレター配信日', 24],
    ['ニュースレター本文', '今月のお知らせです。'],
    // Letters to every household: these cases are about households and issues (one channel per household is
    // household.test.ts beside this file).
    ['ニュースレターの郵送', '全員'],
  ];
  const family = [
    customer({
      index: 0,
      id: 'F2',
      lastVisit: d('2026-03-01'),
      category: undefined,
      emailConsent: true,
      email: 'f2@example.jp',
    }),
    customer({
      index: 1,
      id: 'F1',
      lastVisit: d('2026-03-01'),
      category: undefined,
      emailConsent: false,
      email: undefined,
    }),
  ];
  const plan = (today: string, extra: [string, unknown][] = [], records: ContactRecord[] = []) =>
    planFollowUps(
      planInput({
        today: d(today),
        customers: family,
        records,
        settings: settings([...body, ...extra, ['休眠日数', 3650]]),
      }),
    );
  const newsletters = (p: ReturnType<typeof plan>) =>
    p.due
      .filter((x) => x.step.rule === 'S7')
      .map((x) => [x.step.key, x.channel])
      .sort();

  test('one letter per household (addressed to the first 顧客ID) and email to those who agreed', () => {
    expect(newsletters(plan('2026-11-24'))).toEqual([
      ['F2|S7|ニュースレター|2026-11', 'メール'],
      ['世帯:1540004東京都世田谷区太子堂2-1-1|S7|ニュースレター|2026-11', '手紙'],
    ]);
  });

  test('is upcoming before its day, and a missed issue goes out once, today', () => {
    const before = plan('2026-11-20');
    expect(newsletters(before)).toEqual([
      ['F2|S7|ニュースレター|2026-10', 'メール'],
      ['世帯:1540004東京都世田谷区太子堂2-1-1|S7|ニュースレター|2026-10', '手紙'],
    ]);
    // October's letter was keyed the way earlier versions keyed it (顧客ID|…#手紙): it still counts.
    const sentOctober: ContactRecord[] = [
      record({
        customerId: 'F1',
        key: 'F1|S7|ニュースレター|2026-10#手紙',
        scenario: 'ニュースレター',
        step: 'ニュースレター',
        channel: '手紙',
        state: '印刷済',
        at: d('2026-10-24'),
      }),
      record({
        customerId: 'F2',
        key: 'F2|S7|ニュースレター|2026-10',
        scenario: 'ニュースレター',
        step: 'ニュースレター',
        channel: 'メール',
        state: '送信済',
        at: d('2026-10-24'),
      }),
    ];
    const waiting = plan('2026-11-20', [], sentOctober);
    expect(newsletters(waiting)).toEqual([]);
    expect(waiting.customers.map((c) => (c.nextDay === undefined ? null : isoDay(c.nextDay)))).toEqual([
      '2026-11-24',
      '2026-11-24',
    ]);
  });

  test('an issue before 導入日 is not sent late', () => {
    const p = planFollowUps(
      planInput({
        today: d('2026-11-20'),
        introDay: d('2026-11-01'),
        customers: family,
        settings: settings([...body, ['休眠日数', 3650]]),
      }),
    );
    expect(newsletters(p)).toEqual([]);
  });

  test('without a body nothing is prepared and the owner is told', () => {
    const p = planFollowUps(
      planInput({
        today: d('2026-11-24'),
        customers: family,
        settings: settings([
          ['ニュースレター配信日', 24],
          ['休眠日数', 3650],
        ]),
      }),
    );
    expect(newsletters(p)).toEqual([]);
    expect(p.notices[0]).toContain('ニュースレター本文');
  });

  test('letters beyond 1日の手紙上限 wait for the next days', () => {
    const houses = [0, 1, 2].map((i) =>
      customer({
        index: i,
        id: `H${i}`,
        address: `東京都世田谷区${i}`,
        email: undefined,
        category: undefined,
        lastVisit: d('2026-03-01'),
      }),
    );
    const p = planFollowUps(
      planInput({
        today: d('2026-11-24'),
        customers: houses,
        settings: settings([...body, ['1日の手紙上限', 2], ['休眠日数', 3650]]),
      }),
    );
    expect(p.due.map((x) => x.customer.id)).toEqual(['H0', 'H1']);
    expect(p.customers[2].reason).toContain('1日の手紙上限（2件）の順番待ちのため2026/11/25に回します');
  });
});
