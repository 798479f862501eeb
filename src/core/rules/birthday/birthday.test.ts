import { isoDay, type Day } from '../../day';
import { planFollowUps } from '../../plan';
import { birthday, birthdayIn, giftDeadline } from '.';
import { composeMessage } from '../../compose';
import { readSettings } from '../../settings';
import { DEFAULT_TEMPLATES } from '../../registry';
import type { ContactRecord, Customer, Settings } from '../../types';
import type { DueContact } from '../../plan';
import { customer, d, planInput, record, ruleContext, settings } from '../../../../test/core/builders';

const SHOP: [string, unknown][] = [
  ['店名', 'ここち堂'],
  ['店舗住所', '東京都世田谷区太子堂1-2-3'],
  ['店舗電話', '03-1234-5678'],
];

/** A customer born on 5月3日, no purchase to follow up (no カテゴリ, not a first visit, last seen lately). */
function born(c: Partial<Customer> = {}): Customer {
  return customer({ birthday: { month: 5, date: 3 }, category: undefined, lastVisit: d('2026-04-20'), ...c });
}

function stepsOn(today: string, c: Partial<Customer> = {}, history: ContactRecord[] = [], s = settings()) {
  return birthday.plan(born(c), ruleContext({ today: d(today), history, settings: s })).steps.map((step) => ({
    key: step.key,
    due: isoDay(step.due),
    last: isoDay(step.last as Day),
    channels: step.channels,
    because: step.because,
  }));
}

function plan(
  today: string,
  customers: Customer[],
  records: ContactRecord[] = [],
  rows: [string, unknown][] = [],
) {
  return planFollowUps(
    planInput({ today: d(today), customers, records, settings: settings([...SHOP, ...rows]) }),
  );
}

function compose(due: DueContact, today: string, rows: [string, unknown][] = []) {
  return composeMessage(due, {
    today: d(today),
    settings: settings([...SHOP, ...rows]),
    templates: DEFAULT_TEMPLATES,
  });
}

describe('S9 お誕生日: on the birthday → +7, each year', () => {
  test('お祝い on the birthday, until a week after it, LINE > メール > 手紙', () => {
    expect(stepsOn('2026-04-24')).toEqual([
      {
        key: 'C0001|S9|お祝い|2026-05-03',
        due: '2026-05-03',
        last: '2026-05-10',
        channels: ['LINE', 'メール', '手紙'],
        because: 'お誕生日（5月3日）',
      },
    ]);
  });

  test('no 誕生日 → nothing', () => {
    expect(stepsOn('2026-04-24', { birthday: undefined })).toEqual([]);
  });

  test('in the window the greeting is this year’s; after it, next year’s (and last year’s, to log it 期限切れ)', () => {
    expect(stepsOn('2026-05-10').map((s) => s.key)).toEqual(['C0001|S9|お祝い|2026-05-03']);
    expect(stepsOn('2026-05-11').map((s) => s.key)).toEqual([
      'C0001|S9|お祝い|2026-05-03',
      'C0001|S9|お祝い|2027-05-03',
    ]);
    expect(stepsOn('2026-08-01').map((s) => s.key)).toEqual(['C0001|S9|お祝い|2027-05-03']);
  });

  test('a birthday at the turn of the year: 12/30 is still in its window on 1/5 of the next year', () => {
    expect(stepsOn('2027-01-05', { birthday: { month: 12, date: 30 } }).map((s) => s.key)).toEqual([
      'C0001|S9|お祝い|2026-12-30',
    ]);
  });

  test('once this year’s greeting is done, next year’s is the next contact', () => {
    const sent = record({
      customerId: 'C0001',
      key: 'C0001|S9|お祝い|2026-05-03',
      state: '送信済',
      at: d('2026-05-03'),
    });
    expect(stepsOn('2026-05-04', {}, [sent]).map((s) => s.key)).toEqual([
      'C0001|S9|お祝い|2026-05-03',
      'C0001|S9|お祝い|2027-05-03',
    ]);
    const p = plan(
      '2026-05-04',
      [born({ lastVisit: undefined })],
      [{ ...sent, scenario: 'お誕生日', step: 'お祝い', channel: 'LINE' }],
    );
    expect(p.due).toEqual([]);
    expect([p.customers[0].nextDay && isoDay(p.customers[0].nextDay), p.customers[0].reason]).toEqual([
      '2027-05-03',
      'お誕生日（お祝い）: お誕生日（5月3日）',
    ]);
    expect(p.customers[0].nextContent).toBe('お誕生日（お祝い）');
  });
});

describe('S9 お誕生日: 2/29', () => {
  test.each([
    [2027, '2027-02-28'],
    [2028, '2028-02-29'],
    [2100, '2100-02-28'],
  ])('in %i it is %s', (year, day) => {
    expect(isoDay(birthdayIn(year, { month: 2, date: 29 }))).toBe(day);
  });

  test('planned on 2/28 in a year without 2/29, and 理由 says why', () => {
    const [step] = stepsOn('2027-02-01', { birthday: { month: 2, date: 29 } });
    expect(step).toMatchObject({ due: '2027-02-28', because: 'お誕生日（2月28日（2月29日生まれ））' });
    expect(stepsOn('2028-02-01', { birthday: { month: 2, date: 29 } })[0].due).toBe('2028-02-29');
  });
});

describe('S9 お誕生日: letters are prepared 7 days ahead', () => {
  test('no LINE and no consented email: a letter, prepared a week before the birthday', () => {
    const steps = stepsOn('2026-04-20', { lineUserId: undefined, emailConsent: false });
    expect(steps).toEqual([
      {
        key: 'C0001|S9|お祝い|2026-05-03',
        due: '2026-04-26',
        last: '2026-05-10',
        channels: ['手紙'],
        because: 'お誕生日（5月3日）に届くよう、7日前に手紙で',
      },
    ]);
  });

  test('email without メール同意 is no channel for a greeting (marketing)', () => {
    const p = plan('2026-05-03', [
      born({ lineUserId: undefined, emailConsent: false, postalCode: undefined }),
    ]);
    expect(p.due).toEqual([]);
    expect(p.customers[0].attention).not.toBe('');
  });

  test('the planner prepares that letter on its day, and it does not say 遅ればせながら', () => {
    const p = plan('2026-04-26', [born({ lineUserId: undefined, email: undefined })]);
    expect(p.due.map((c) => [c.step.key, c.channel])).toEqual([['C0001|S9|お祝い|2026-05-03', '手紙']]);
    const message = compose(p.due[0], '2026-04-26');
    expect(message.problems).toEqual([]);
    expect(message.body).toContain('お誕生日おめでとうございます');
    expect(message.body).not.toContain('遅ればせながら');
  });
});

describe('S9 お誕生日: the LINE target (non-urgent) through the planner', () => {
  const lineOn = (day: string): ContactRecord =>
    record({
      customerId: 'C0001',
      scenario: '購入後フォロー',
      step: 'お伺い',
      channel: 'LINE',
      state: '送信済',
      at: d(day),
      key: `C0001|S1|お伺い|${day}`,
    });

  test('no LINE in the 30 days ending on the birthday: LINE on the day', () => {
    const p = plan('2026-05-03', [born()], [lineOn('2026-04-03')]);
    expect(p.due.map((c) => c.channel)).toEqual(['LINE']);
  });

  test('a LINE in the 30 days ending on the birthday: the greeting goes by consented email instead', () => {
    const p = plan('2026-05-03', [born()], [lineOn('2026-04-04')]);
    expect(p.due.map((c) => c.channel)).toEqual(['メール']);
  });

  test('…or, without email, by a letter prepared a week ahead', () => {
    const p = plan('2026-04-26', [born({ email: undefined })], [lineOn('2026-04-20')]);
    expect(p.due.map((c) => c.channel)).toEqual(['手紙']);
  });

  test('…or, with LINE alone, later in its window when the cap allows it', () => {
    const p = plan(
      '2026-05-03',
      [born({ email: undefined, postalCode: undefined, address: undefined })],
      [lineOn('2026-04-05')],
    );
    expect(p.due).toEqual([]);
    expect(p.customers[0].nextDay && isoDay(p.customers[0].nextDay)).toBe('2026-05-05');
    expect(p.customers[0].reason).toContain('LINE');
  });
});

describe('S9 お誕生日: never in complaint aftercare', () => {
  test('an S3 step upcoming (クレーム対応日 set) → no greeting', () => {
    const p = plan('2026-05-03', [born({ complaintDate: d('2026-04-01') })]);
    expect(p.due.filter((c) => c.step.rule === 'S9')).toEqual([]);
    expect(p.customers[0].nextContent).not.toContain('お誕生日');
  });

  test('once the aftercare is over (every S3 step done or closed), the birthday is greeted again', () => {
    const p = plan('2028-05-03', [born({ complaintDate: d('2026-04-01'), lastVisit: undefined })]);
    expect(p.due.map((c) => c.step.rule)).toEqual(['S9']);
  });
});

describe('S9 お誕生日: the message', () => {
  const dueOn = (today: string, c: Partial<Customer> = {}, rows: [string, unknown][] = []) => {
    const p = plan(today, [born(c)], [], rows);
    expect(p.due).toHaveLength(1);
    return p.due[0];
  };

  test('on the day: お誕生日おめでとうございます, no 特典 while 誕生日特典 is blank', () => {
    const message = compose(dueOn('2026-05-03'), '2026-05-03');
    expect(message.problems).toEqual([]);
    expect(message.body).toMatch(/^佐藤様、お誕生日おめでとうございます！ここち堂です。/);
    expect(message.body).not.toContain('特典');
    expect(message.body).not.toContain('遅ればせながら');
  });

  test('by email without 誕生日特典: no empty paragraph where the 特典 would be', () => {
    const message = compose(dueOn('2026-05-03', { lineUserId: undefined }), '2026-05-03');
    expect(message.problems).toEqual([]);
    expect(message.body).toContain('お誕生日おめでとうございます。ここち堂です。');
    expect(message.body).not.toMatch(/\n\s*\n\s*\n/);
  });

  test('after the day: 遅ればせながら', () => {
    const message = compose(dueOn('2026-05-05'), '2026-05-05');
    expect(message.body).toContain('遅ればせながら、お誕生日おめでとうございます');
  });

  test('with 誕生日特典: offered until the end of the birth month by default', () => {
    const rows: [string, unknown][] = [['誕生日特典', 'ヘッドスパ10分延長']];
    const message = compose(dueOn('2026-05-03', { lineUserId: undefined }, rows), '2026-05-03', rows);
    expect(message.problems).toEqual([]);
    expect(message.subject).toBe('お誕生日おめでとうございます（ここち堂）');
    expect(message.body).toContain(
      'お誕生日の特典として、ヘッドスパ10分延長をご用意いたしました。5月31日（日）までにご来店の際、このメールをお見せください。'.replace(
        '特典として、',
        '特典として',
      ),
    );
  });

  test('誕生日特典の期限 as days from the birthday', () => {
    const rows: [string, unknown][] = [
      ['誕生日特典', 'トリートメント'],
      ['誕生日特典の期限', 'お誕生日から30日'],
    ];
    const message = compose(dueOn('2026-05-03', {}, rows), '2026-05-03', rows);
    expect(message.body).toContain('6月2日（火）までにご来店の際、このLINEをお見せください。');
  });

  test('a letter composed after the day says 遅ればせながら and offers the 特典 with the letter', () => {
    const rows: [string, unknown][] = [['誕生日特典', 'トリートメント']];
    const p = plan('2026-05-02', [born({ lineUserId: undefined, email: undefined })], [], rows);
    expect(p.due.map((c) => c.channel)).toEqual(['手紙']);
    const message = compose(p.due[0], '2026-05-02', rows);
    expect(message.body).toContain('遅ればせながら');
    expect(message.body).toContain('このお手紙をお持ちください');
  });
});

describe('S9 お誕生日: 誕生日特典の期限', () => {
  const s = (until?: string): Settings => settings(until ? [['誕生日特典の期限', until]] : []);
  test.each([
    [undefined, '2026-05-03', '2026-05-03', '2026-05-31'],
    ['お誕生月の末日', '2026-02-28', '2026-02-21', '2026-03-07'], // never sooner than two weeks after the message
    ['30日', '2026-05-03', '2026-05-03', '2026-06-02'],
    ['月末', '2026-12-05', '2026-12-05', '2026-12-31'],
  ])('%s, birthday %s written %s → %s', (until, day, today, expected) => {
    expect(isoDay(giftDeadline(d(day), d(today), s(until)))).toBe(expected);
  });

  test.each(['そのうち', '0日'])(
    'an unreadable 期限 (%s) falls back to お誕生月の末日 and says so',
    (value) => {
      const { settings: read, problems } = readSettings([['誕生日特典の期限', value]], 'Asia/Tokyo');
      expect(read.birthdayGiftUntil).toBe('monthEnd');
      expect(problems).toEqual([
        `設定「誕生日特典の期限」の値「${value}」を読めないため、既定値「お誕生月の末日」として扱います`,
      ]);
    },
  );
});
