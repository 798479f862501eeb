import { isoDay } from '../../day';
import { DEFAULT_CATEGORY_ROWS, readCategories } from '../../categories';
import { planFollowUps, type Plan } from '../../plan';
import type { ContactRecord, Customer } from '../../types';
import { customer, d, planInput, record, settings } from '../../../../test/core/builders';

/** The first customer's plan row as the 顧客 sheet shows it. */
function row(plan: Plan) {
  const r = plan.customers[0];
  return {
    date: r.nextDay === undefined ? null : isoDay(r.nextDay),
    content: r.nextContent,
    channel: r.nextChannel,
    reason: r.reason,
    attention: r.attention,
  };
}

function plan(today: string, c: Partial<Customer> = {}, records: ContactRecord[] = [], extra = {}): Plan {
  return planFollowUps(planInput({ today: d(today), customers: [customer(c)], records, ...extra }));
}

const KEY = 'C0001|S1|お伺い|2026-11-20';

describe('S1 購入後フォロー（お伺い） (整体: 2 days after the visit, window 21 days)', () => {
  test.each([
    ['before it is due, it is upcoming on its due date', '2026-11-21', '2026-11-22', 0],
    ['on its due date, it is due today', '2026-11-22', '2026-11-22', 1],
    ['overdue inside the window, it shows today', '2026-11-30', '2026-11-30', 1],
    ['on the last day of the window, it is still due', '2026-12-13', '2026-12-13', 1],
  ])('%s', (_name, today, expectedDate, dueCount) => {
    const p = plan(today);
    expect(row(p).date).toBe(expectedDate);
    expect(row(p).content).toBe('購入後フォロー（お伺い）');
    expect(row(p).channel).toBe('メール');
    expect(p.due).toHaveLength(dueCount);
  });

  test('理由 names the rule, the visit date, the category and how late it is', () => {
    const reason = row(plan('2026-11-30')).reason;
    expect(reason).toContain('購入後フォロー（お伺い）');
    expect(reason).toContain('最終来店日（2026/11/20）の2日後');
    expect(reason).toContain('整体');
    expect(reason).toContain('8日遅れ');
  });

  test('a closed window is logged 期限切れ once Tsunagu was installed before it closed, and S1 moves on', () => {
    const p = plan('2026-12-14');
    expect(p.skipped.map((e) => [e.step.key, e.note])).toEqual([[KEY, '期限切れ']]);
    // The 電話確認 window closed with it, so (outcome unknown) the 提案 comes next, as the contract says.
    expect(p.due.map((x) => x.step.step)).toEqual(['提案']);
  });

  test('windows closed before 導入日 are ignored without a log row', () => {
    const p = plan('2026-12-14', {}, [], { introDay: d('2026-12-14') });
    expect(p.skipped).toHaveLength(0);
  });

  test.each<[string, Partial<Customer>, string]>([
    ['no email → letter', { email: undefined }, '手紙'],
    ['メール opted out → letter', { optOut: new Set(['メール'] as const) }, '手紙'],
    ['no email and no address → LINE', { email: undefined, address: undefined }, 'LINE'],
    ['no email, no postal code → LINE', { email: undefined, postalCode: undefined }, 'LINE'],
  ])('channel preference メール > 手紙 > LINE: %s', (_name, c, channel) => {
    expect(row(plan('2026-11-22', c)).channel).toBe(channel);
  });

  test('no usable channel is reported in 要確認, never silently dropped', () => {
    const r = row(plan('2026-11-22', { email: undefined, address: undefined, lineUserId: undefined }));
    expect(r.date).toBeNull();
    expect(r.attention).toContain('購入後フォロー（お伺い）の連絡手段がありません');
    expect(r.attention).toContain('メールアドレスなし');
  });

  test('配信停止: すべて leaves 次回連絡日 blank and says why', () => {
    const r = row(plan('2026-11-22', { optOut: new Set(['メール', 'LINE', '手紙', '電話'] as const) }));
    expect(r.date).toBeNull();
    expect(r.reason).toContain('配信停止');
  });

  test('a 宛先不明 letter blocks letters for that customer', () => {
    const bounced = record({
      customerId: 'C0001',
      channel: '手紙',
      state: '印刷済',
      result: '宛先不明',
      at: d('2026-10-01'),
      scenario: 'x',
      step: 'y',
      key: 'C0001|S4|お役立ち情報|2026-10-01',
    });
    expect(row(plan('2026-11-22', { email: undefined }, [bounced])).channel).toBe('LINE');
  });

  test('a step with a pending 連絡履歴 row is shown, not prepared again', () => {
    const drafted = record({
      customerId: 'C0001',
      key: KEY,
      state: '下書き',
      channel: 'メール',
      at: d('2026-11-22'),
      plannedDay: d('2026-11-22'),
    });
    const p = plan('2026-11-23', {}, [drafted]);
    expect(p.due).toHaveLength(0);
    expect(row(p).date).toBe('2026-11-23');
    expect(row(p).reason).toContain('下書き');
  });

  describe('延期: the owner snoozed the step to a 予定日', () => {
    const snoozed = (to: string) =>
      record({
        customerId: 'C0001',
        key: KEY,
        state: '延期',
        channel: 'メール',
        at: d('2026-11-22'),
        plannedDay: d(to),
      });

    test('before that day it is shown on that day and not prepared', () => {
      const p = plan('2026-11-23', {}, [snoozed('2026-11-26')]);
      expect(p.due).toHaveLength(0);
      expect(row(p).date).toBe('2026-11-26');
      expect(row(p).reason).toContain('延期');
    });

    test('on that day it is prepared again on the same 連絡履歴 row, not a new one', () => {
      const r = snoozed('2026-11-26');
      const p = plan('2026-11-26', {}, [r]);
      expect(p.due.map((due) => ({ key: due.step.key, retryOf: due.retryOf, channel: due.channel }))).toEqual(
        [{ key: KEY, retryOf: r.index, channel: 'メール' }],
      );
    });

    test('it holds no day of its own: a snoozed LINE does not count toward the LINE caps', () => {
      const line = { ...snoozed('2026-11-26'), channel: 'LINE' as const };
      const p = plan('2026-11-26', { email: undefined, postalCode: undefined, address: undefined }, [line]);
      expect(p.due.map((due) => due.channel)).toEqual(['LINE']);
    });

    test('snoozed past its window, it closes 期限切れ like any step never done', () => {
      const p = plan('2026-12-14', {}, [snoozed('2026-12-13')]);
      expect(p.due.map((due) => due.step.key)).not.toContain(KEY);
      expect(p.closed.map((c) => c.note)).toEqual([expect.stringContaining('期限切れ')]);
    });
  });

  test('a row the owner typed by hand (no key) counts as done', () => {
    const typed = record({ customerId: 'C0001', state: '送信済', channel: 'LINE', at: d('2026-11-21') });
    const p = plan('2026-11-22', {}, [typed]);
    expect(p.due).toHaveLength(0);
  });

  test('keys never depend on today', () => {
    const keys = ['2026-11-22', '2026-11-25', '2026-12-01'].map((t) => plan(t).due[0]?.step.key);
    expect(keys).toEqual([KEY, KEY, KEY]);
  });

  test('a newer 最終来店日 restarts S1 with new keys', () => {
    const done = record({
      customerId: 'C0001',
      key: KEY,
      state: '送信済',
      channel: 'メール',
      at: d('2026-11-22'),
    });
    const p = plan('2026-12-03', { lastVisit: d('2026-12-01') }, [done]);
    expect(p.due.map((x) => x.step.key)).toEqual(['C0001|S1|お伺い|2026-12-01']);
  });

  test('an unknown category is reported naming it', () => {
    expect(row(plan('2026-11-22', { category: 'ヨガ' })).attention).toContain(
      'カテゴリ「ヨガ」がカテゴリシートにありません',
    );
  });
});

describe('S1 購入後フォロー（電話確認） (5 days after the お伺い was done, inside its window)', () => {
  const inquiryDone = (at: string) =>
    record({ customerId: 'C0001', key: KEY, state: '送信済', channel: 'メール', at: d(at) });

  test('is due 電話確認日数 after the お伺い was actually done, by phone', () => {
    const p = plan('2026-11-28', {}, [inquiryDone('2026-11-23')]);
    expect(row(p)).toMatchObject({
      date: '2026-11-28',
      content: '購入後フォロー（電話確認）',
      channel: '電話',
    });
    expect(row(p).reason).toContain('お伺い（2026/11/23）の5日後');
  });

  test('is not planned while the お伺い is still a draft', () => {
    const drafted = record({
      customerId: 'C0001',
      key: KEY,
      state: '下書き',
      channel: 'メール',
      at: d('2026-11-22'),
    });
    const p = plan('2026-11-28', {}, [drafted]);
    expect(p.customers[0].nextContent).toBe('購入後フォロー（お伺い）');
  });

  test.each<[string, Partial<Customer>, string]>([
    ['a new customer (来店回数 1) gets email instead of a call', { visits: 1 }, 'メール'],
    ['no 電話許可 and not 常連 → email', { phoneAllowed: false }, 'メール'],
    ['常連 without 電話許可 may be phoned', { phoneAllowed: false, regular: true }, '電話'],
    ['電話 opted out → email', { optOut: new Set(['電話'] as const) }, 'メール'],
    ['マッサージ allows calls', { category: 'マッサージ' }, '電話'],
  ])('%s', (_name, c, channel) => {
    // A first-time customer's サンキューレター is already done, so only the phone rule decides here.
    const thanked = record({
      customerId: 'C0001',
      key: 'C0001|S6|お礼|2026-11-20',
      scenario: 'サンキューレター',
      step: 'お礼',
      state: '送信済',
      channel: 'LINE',
      at: d('2026-11-21'),
    });
    const history = [inquiryDone('2026-11-23'), thanked];
    const check = plan('2026-11-28', c, history).due.find((x) => x.step.step === '電話確認');
    expect(check?.channel).toBe(channel);
  });

  test('a call due on a 定休日 moves to the next business day', () => {
    // 2026-11-25 is a Wednesday.
    const p = plan('2026-11-24', {}, [inquiryDone('2026-11-20')], { settings: settings([['定休日', '水']]) });
    expect(row(p).date).toBe('2026-11-26');
    expect(row(p).reason).toContain('2026/11/25はお休みのため2026/11/26に回します');
  });

  test('a call due on a public holiday moves when 祝日休業 is on', () => {
    // 2026-11-23 is 勤労感謝の日.
    const p = plan('2026-11-22', {}, [inquiryDone('2026-11-18')]);
    expect(row(p).date).toBe('2026-11-24');
  });

  test('不在 is retried the next business day as attempt 2, then a letter after three calls', () => {
    const base = 'C0001|S1|電話確認|2026-11-20';
    const miss = (n: number, at: string) =>
      record({
        customerId: 'C0001',
        key: n === 1 ? base : `${base}#${n}`,
        step: '電話確認',
        channel: '電話',
        state: '完了',
        result: '不在',
        at: d(at),
      });
    const once = plan('2026-11-29', {}, [inquiryDone('2026-11-23'), miss(1, '2026-11-28')]);
    expect(once.due.map((x) => [x.step.key, x.channel])).toEqual([[`${base}#2`, '電話']]);
    const thrice = plan('2026-12-02', {}, [
      inquiryDone('2026-11-23'),
      miss(1, '2026-11-28'),
      miss(2, '2026-11-29'),
      miss(3, '2026-11-30'),
    ]);
    expect(thrice.due.map((x) => [x.step.key, x.channel])).toEqual([[`${base}#手紙`, '手紙']]);
  });
});

describe('S1 購入後フォロー（提案） or 改善フォロー', () => {
  const inquiry = record({
    customerId: 'C0001',
    key: KEY,
    state: '送信済',
    channel: 'メール',
    at: d('2026-11-22'),
  });
  const call = (result: '満足' | '不満') =>
    record({
      customerId: 'C0001',
      key: 'C0001|S1|電話確認|2026-11-20',
      step: '電話確認',
      channel: '電話',
      state: '完了',
      result,
      at: d('2026-11-27'),
    });

  test('satisfied → 提案 at D + 提案日数 with the category example', () => {
    const p = plan('2026-12-04', {}, [inquiry, call('満足')]);
    expect(row(p)).toMatchObject({
      date: '2026-12-04',
      content: '購入後フォロー（提案）',
      channel: 'メール',
    });
    expect(p.due[0].step.fields).toMatchObject({
      提案: expect.stringContaining('次回の施術'),
      提案の例: '次回の施術',
    });
    expect(p.due[0].step.asksOutcome).toBe(false);
  });

  test('a blank 提案文 holds the 提案 from its day with a 要確認, and it takes no place in the queue', () => {
    const blank = new Map([
      ['整体', { ...readCategories(DEFAULT_CATEGORY_ROWS).categories.get('整体')!, proposalText: '' }],
    ]);
    const before = plan('2026-12-03', {}, [inquiry, call('満足')], { categories: blank });
    expect(before.customers[0].attention).toBe('');
    const p = plan('2026-12-04', {}, [inquiry, call('満足')], { categories: blank });
    expect(p.due).toEqual([]);
    expect(p.customers[0].attention).toContain('カテゴリ「整体」の提案文が空のため、提案を準備していません');
    expect(p.queues).toEqual([]);
  });

  test('不満 → 改善フォロー the next business day, and no 提案', () => {
    const p = plan('2026-11-28', {}, [inquiry, call('不満')]);
    expect(row(p)).toMatchObject({
      date: '2026-11-28',
      content: '購入後フォロー（改善フォロー）',
      channel: '電話',
    });
    expect(p.due.map((x) => x.step.step)).toEqual(['改善フォロー']);
  });

  test("the owner's 満足度 overrides the call outcome", () => {
    const p = plan('2026-12-04', { satisfaction: '不満' }, [inquiry, call('満足')]);
    expect(row(p).content).toBe('購入後フォロー（改善フォロー）');
  });

  test('提案 waits while the 電話確認 window is open and the call is not done', () => {
    // 和菓子: お伺い +1, 提案 +14 — the 提案 date comes before the 電話確認 window closes.
    const wagashi = record({
      customerId: 'C0001',
      key: KEY.replace('2026-11-20', '2026-11-01'),
      state: '送信済',
      channel: 'メール',
      at: d('2026-11-02'),
    });
    const p = plan('2026-11-15', { category: '和菓子', lastVisit: d('2026-11-01') }, [wagashi]);
    expect(p.due.map((x) => x.step.step)).toEqual(['電話確認']);
  });

  test('a category without 電話確認 (美容室) proposes after the お伺い', () => {
    const salon = record({
      customerId: 'C0001',
      key: KEY,
      state: '送信済',
      channel: 'メール',
      at: d('2026-11-23'),
    });
    const p = plan('2026-12-25', { category: '美容室' }, [salon]);
    expect(row(p)).toMatchObject({ date: '2026-12-25', content: '購入後フォロー（提案）' });
  });
});

describe('rows that cannot be contacted', () => {
  test('a duplicated 顧客ID blocks both rows and says so', () => {
    const p = planFollowUps(
      planInput({
        today: d('2026-11-22'),
        customers: [customer({ blocked: true, problems: ['顧客ID「C0001」が2行あります'] })],
      }),
    );
    expect(p.due).toHaveLength(0);
    expect(p.customers[0].attention).toContain('顧客ID「C0001」が2行あります');
  });
});
