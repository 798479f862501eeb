import { isoDay } from '../../day';
import { planFollowUps } from '../../plan';
import { composeMessage } from '../../compose';
import { DEFAULT_TEMPLATES } from '../../registry';
import { isMarketingStep, isNonUrgentLineStep, RULE_PRIORITY } from '../../registry';
import type { Moment } from '../../slots';
import type { ContactRecord, Customer, RuleContext } from '../../types';
import { bookingReminder, stillBooked } from '.';
import { customer, d, planInput, record, ruleContext, settings } from '../../../../test/core/builders';

// 2026-12-05 is a Saturday; 2026-12-06 a Sunday.
const at = (iso: string, hh = 14, mm = 0): Moment => ({ day: d(iso), minutes: hh * 60 + mm });
const KEY = 'C0001|S11|前日のご案内|2026-12-05 14:00';

/** A customer booked for Saturday 12/5 at 14:00, with no category so that S1 stays out of the way. */
function booked(c: Partial<Customer> = {}): Customer {
  return customer({ category: undefined, lastVisit: d('2026-10-01'), nextBooking: at('2026-12-05'), ...c });
}

function stepsOf(c: Partial<Customer>, ctx: Partial<RuleContext> = {}, today = '2026-12-01') {
  return bookingReminder.plan(booked(c), ruleContext({ today: d(today), ...ctx })).steps;
}

describe('S11 ご予約前日のご案内: when it starts (contract section 3, S11)', () => {
  test.each<[string, Partial<Customer>, string, number]>([
    ['no 次回予約日 → nothing', { nextBooking: undefined }, '2026-12-01', 0],
    ['a booking ahead → 前日のご案内', {}, '2026-12-01', 1],
    ['the day before the booking → 前日のご案内', {}, '2026-12-04', 1],
    ['the booking day, before its time → still asked (its window is the booking day)', {}, '2026-12-05', 1],
    ['a booking that has passed → nothing', {}, '2026-12-06', 0],
    ['a キャンセル日 on the booking day → nothing', { cancelDate: d('2026-12-05') }, '2026-12-04', 0],
    [
      'a キャンセル日 on another day (an earlier booking) → 前日のご案内',
      { cancelDate: d('2026-11-20') },
      '2026-12-04',
      1,
    ],
    [
      'a bare date (no time) counts as ahead all of its day',
      { nextBooking: at('2026-12-05', 0, 0) },
      '2026-12-05',
      1,
    ],
  ])('%s', (_name, c, today, count) => {
    expect(stepsOf(c, {}, today)).toHaveLength(count);
  });

  test('the booking day after its time has begun → nothing', () => {
    const ctx = { now: at('2026-12-05', 14, 0) };
    expect(stepsOf({}, ctx, '2026-12-05')).toHaveLength(0);
    expect(stepsOf({}, { now: at('2026-12-05', 13, 59) }, '2026-12-05')).toHaveLength(1);
  });

  test('the step hangs on the booking moment: key, the calendar day before → the booking day, LINE > メール', () => {
    const [step] = stepsOf({});
    expect(step).toMatchObject({
      rule: 'S11',
      scenario: 'ご予約前日のご案内',
      step: '前日のご案内',
      anchor: '2026-12-05 14:00',
      key: KEY,
      channels: ['LINE', 'メール'],
      because: '次回予約日（2026/12/05 14:00）の前日',
      fields: { 予約日時: '12月5日（土）14:00' },
    });
    expect([isoDay(step.due), isoDay(step.last!)]).toEqual(['2026-12-04', '2026-12-05']);
  });

  test('a calendar day, not a business day: a Monday booking after a closed Sunday is due on the Sunday', () => {
    const closed = settings([['定休日', '日']]);
    const [step] = stepsOf({ nextBooking: at('2026-12-07', 10, 30) }, { settings: closed });
    expect(isoDay(step.due)).toBe('2026-12-06');
    expect(step.fields).toEqual({ 予約日時: '12月7日（月）10:30' });
  });

  test('a bare date: the key names the day, the message the date without a time', () => {
    const [step] = stepsOf({ nextBooking: at('2026-12-05', 0, 0) });
    expect(step.key).toBe('C0001|S11|前日のご案内|2026-12-05');
    expect(step.fields).toEqual({ 予約日時: '12月5日（土）' });
  });

  test('a moved booking is a new contact: its own key and day', () => {
    const [moved] = stepsOf({ nextBooking: at('2026-12-10', 11) });
    expect(moved.key).toBe('C0001|S11|前日のご案内|2026-12-10 11:00');
    expect(isoDay(moved.due)).toBe('2026-12-09');
    const [sameDayLater] = stepsOf({ nextBooking: at('2026-12-05', 16) });
    expect(sameDayLater.key).not.toBe(KEY);
  });

  test('a service message: no メール同意 needed, not held to LINE目安月回数, ranked after S3 and before S2', () => {
    expect(isMarketingStep('S11', '前日のご案内')).toBe(false);
    expect(isNonUrgentLineStep('S11', '前日のご案内')).toBe(false);
    const rank = (id: string) => RULE_PRIORITY.indexOf(id as (typeof RULE_PRIORITY)[number]);
    expect(rank('S3')).toBeLessThan(rank('S11'));
    expect(rank('S11')).toBe(rank('S3') + 1);
    expect(rank('S11')).toBeLessThan(rank('S2'));
  });
});

describe('S11 through the plan', () => {
  const pending = (key: string, state: ContactRecord['state'] = '承認待ち') =>
    record({
      customerId: 'C0001',
      scenario: 'ご予約前日のご案内',
      step: '前日のご案内',
      key,
      channel: 'LINE',
      state,
      at: d('2026-12-03'),
    });
  const plan = (today: string, c: Partial<Customer> = {}, records: ContactRecord[] = [], more = {}) =>
    planFollowUps(planInput({ today: d(today), customers: [booked(c)], records, ...more }));

  test('before the day, 次回連絡日 is the day before, with 理由', () => {
    const row = plan('2026-12-01').customers[0];
    expect(row.nextContent).toBe('ご予約前日のご案内');
    expect(isoDay(row.nextDay!)).toBe('2026-12-04');
    expect(row.reason).toContain('次回予約日（2026/12/05 14:00）の前日');
  });

  test('on the day before it is due by LINE', () => {
    const due = plan('2026-12-04').due.map((x) => [x.step.key, x.channel]);
    expect(due).toEqual([[KEY, 'LINE']]);
  });

  test('without LINE it goes by メール even without メール同意 (a service message)', () => {
    const due = plan('2026-12-04', { lineUserId: undefined, emailConsent: false }).due;
    expect(due.map((x) => [x.step.key, x.channel])).toEqual([[KEY, 'メール']]);
  });

  test('配信停止 for LINE sends it by メール; 配信停止 for both leaves it unsent; never a letter or a call', () => {
    expect(plan('2026-12-04', { optOut: new Set(['LINE']) }).due.map((x) => x.channel)).toEqual(['メール']);
    expect(plan('2026-12-04', { optOut: new Set(['LINE', 'メール']) }).due).toHaveLength(0);
    expect(plan('2026-12-04', { lineUserId: undefined, email: undefined }).due).toHaveLength(0);
  });

  test('a moved booking re-times it and closes the pending reminder of the old time', () => {
    const p = plan('2026-12-04', { nextBooking: at('2026-12-10', 11) }, [pending(KEY)]);
    expect(p.closed.map((c) => [c.record.key, c.note])).toEqual([[KEY, '状況が変わり不要になったため終了']]);
    expect(p.due).toHaveLength(0);
    expect(isoDay(p.customers[0].nextDay!)).toBe('2026-12-09');
  });

  test('a cleared 次回予約日 withdraws the pending reminder (the owner says there is no booking)', () => {
    const p = plan('2026-12-04', { nextBooking: undefined }, [pending(KEY)]);
    expect(p.closed.map((c) => c.record.key)).toEqual([KEY]);
  });

  test('a キャンセル日 on the booking day withdraws the pending reminder', () => {
    const p = plan('2026-12-04', { cancelDate: d('2026-12-05') }, [pending(KEY)]);
    expect(p.closed.map((c) => c.record.key)).toEqual([KEY]);
  });

  test('a 次回予約日 header that went missing holds the pending reminder instead of closing it', () => {
    const p = plan('2026-12-04', { nextBooking: undefined }, [pending(KEY)], {
      missingHeaders: new Set(['次回予約日']),
    });
    expect(p.closed).toHaveLength(0);
    expect(p.heldKeys.has(KEY)).toBe(true);
  });

  test('a reminder already sent is not sent again', () => {
    expect(plan('2026-12-04', {}, [pending(KEY, '送信済')]).due).toHaveLength(0);
  });
});

describe('S11 messages', () => {
  const shop = settings([
    ['店名', 'ここち堂'],
    ['店舗住所', '東京都世田谷区太子堂2-1-1'],
    ['店舗電話', '03-1234-5678'],
  ]);
  const [step] = bookingReminder.plan(booked(), ruleContext({ today: d('2026-12-04') })).steps;
  const text = (channel: 'LINE' | 'メール', s = shop) =>
    composeMessage(
      { customer: booked(), step, channel, daysLate: 0, reason: '' },
      { today: d('2026-12-04'), settings: s, templates: DEFAULT_TEMPLATES },
    );

  test.each<['LINE' | 'メール']>([['LINE'], ['メール']])(
    '%s names the date and time, the address and how to change it, never 「明日」',
    (channel) => {
      const m = text(channel);
      const all = `${m.subject}\n${m.body}`;
      expect(m.problems).toEqual([]);
      expect(m.shopProblems).toEqual([]);
      expect(all).toContain('12月5日（土）14:00');
      expect(all).toContain('東京都世田谷区太子堂2-1-1');
      expect(all).toContain('03-1234-5678');
      expect(all).not.toContain('明日');
    },
  );

  test('予約変更の連絡先 takes the place of 店舗電話 when the shop sets it', () => {
    const own = settings([
      ['店名', 'ここち堂'],
      ['店舗住所', '東京都世田谷区太子堂2-1-1'],
      ['店舗電話', '03-1234-5678'],
      ['予約変更の連絡先', 'https://example.jp/yoyaku'],
    ]);
    const m = text('LINE', own);
    expect(m.body).toContain('https://example.jp/yoyaku');
    expect(m.body).not.toContain('03-1234-5678');
  });
});

describe('S11 at the moment of sending (stillBooked)', () => {
  const never = () => false;
  const check = (c: Partial<Customer>, now = at('2026-12-04', 10), lost: (h: string) => boolean = never) =>
    stillBooked(KEY, booked(c), now, lost);

  test.each<[string, Partial<Customer>, Moment, ReturnType<typeof stillBooked>]>([
    ['still booked → sent', {}, at('2026-12-04', 10), undefined],
    ['still booked, the booking day before its time → sent', {}, at('2026-12-05', 13, 59), undefined],
    [
      'cleared → closed',
      { nextBooking: undefined },
      at('2026-12-04', 10),
      { close: '次回予約日が空欄になった（ご予約がなくなった）' },
    ],
    [
      'moved → closed, saying from and to',
      { nextBooking: at('2026-12-10', 11) },
      at('2026-12-04', 10),
      { close: 'ご予約が2026/12/05 14:00から2026/12/10 11:00に変わった' },
    ],
    [
      'a キャンセル日 on its day → closed',
      { cancelDate: d('2026-12-05') },
      at('2026-12-04', 10),
      { close: 'ご予約の日（2026/12/05）にキャンセル日が入っている' },
    ],
    ['begun → closed', {}, at('2026-12-05', 14), { close: 'ご予約の日時（2026/12/05 14:00）を過ぎた' }],
  ])('%s', (_name, c, now, expected) => {
    expect(check(c, now)).toEqual(expected);
  });

  test('a 次回予約日 header lost since the run holds it; a shop that never had one (bookings imported) closes it', () => {
    expect(check({ nextBooking: undefined }, at('2026-12-04', 10), (h) => h === '次回予約日')).toEqual({
      hold: '顧客シートの見出し「次回予約日」が見つからない',
    });
    expect(check({ nextBooking: undefined })).toHaveProperty('close');
  });
});
