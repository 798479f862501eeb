import { isoDay } from '../../day';
import { composeMessage } from '../../compose';
import { readFlags, taskText } from '../../flags';
import { refreshLetter } from '../../letter-text';
import { planFollowUps } from '../../plan';
import { DEFAULT_TEMPLATES } from '../../registry';
import { cardAddressees, greetingFields, greetingSeasons, mourners } from '.';
import type { ContactRecord, Customer } from '../../types';
import { d, householdMember, planInput, record, settings } from '../../../../test/core/builders';

/** S10 季節のご挨拶 (contract section 3, S10 row; section 2, 喪中 and the 年賀状 / 暑中見舞い / 挨拶状の対象 settings). */
const OTHER = { postalCode: '150-0001', address: '東京都渋谷区神宮前1-2-3' };
const HOUSE = '世帯:1540004東京都世田谷区太子堂2-1-1';
const ON: [string, unknown][] = [
  ['年賀状', 'TRUE'],
  ['暑中見舞い', 'TRUE'],
  ['休眠日数', 3650],
];

const member = householdMember;

function plan(
  today: string,
  customers: Customer[],
  extra: [string, unknown][] = [],
  records: ContactRecord[] = [],
) {
  return planFollowUps(
    planInput({ today: d(today), customers, records, settings: settings([...extra, ...ON]) }),
  );
}
function cards(
  today: string,
  customers: Customer[],
  extra: [string, unknown][] = [],
  records: ContactRecord[] = [],
) {
  return plan(today, customers, extra, records)
    .due.filter((x) => x.step.rule === 'S10')
    .map((x) => [x.step.key, x.channel])
    .sort();
}

describe('S10 年賀状: from 12-10 to households with an address and a member seen within 挨拶状の対象', () => {
  test('off by default: no card even in December', () => {
    const p = planFollowUps(planInput({ today: d('2026-12-10'), customers: [member('A1', 0)] }));
    expect(p.due.filter((x) => x.step.rule === 'S10')).toEqual([]);
  });

  test('12-09 nothing; 12-10 one はがき per household, keyed by the household, with 投函 dates in 理由', () => {
    const family = [member('A1', 0), member('A2', 1)];
    expect(cards('2026-12-09', family)).toEqual([]);
    const p = plan('2026-12-10', family);
    const due = p.due.filter((x) => x.step.rule === 'S10');
    expect(due.map((x) => [x.step.key, x.channel])).toEqual([[`${HOUSE}|S10|年賀状|2026-12-10`, '手紙']]);
    expect(due[0].reason).toContain('12月15日〜25日に投函');
    expect(due[0].reason).toContain('ご家族2人で1枚');
    expect(due[0].step.last).toBe(d('2026-12-24'));
  });

  test('no address → no card; two households → two cards', () => {
    expect(cards('2026-12-10', [member('A1', 0, { postalCode: undefined, address: undefined })])).toEqual([]);
    expect(cards('2026-12-10', [member('A1', 0), member('B1', 1, OTHER)])).toEqual([
      ['世帯:1500001東京都渋谷区神宮前1-2-3|S10|年賀状|2026-12-10', '手紙'],
      [`${HOUSE}|S10|年賀状|2026-12-10`, '手紙'],
    ]);
  });

  test('挨拶状の対象 2年以内 (default): a household last seen longer ago gets none, unless a member was seen', () => {
    const old = member('A1', 0, { lastVisit: d('2024-12-09') });
    expect(cards('2026-12-10', [old])).toEqual([]);
    expect(cards('2026-12-10', [member('A1', 0, { lastVisit: d('2024-12-10') })])).toHaveLength(1);
    expect(cards('2026-12-10', [old, member('A2', 1)])).toHaveLength(1);
    expect(cards('2026-12-10', [old], [['挨拶状の対象', '全員']])).toHaveLength(1);
    expect(
      cards('2026-12-10', [member('A1', 0, { lastVisit: d('2026-01-01') })], [['挨拶状の対象', '6か月以内']]),
    ).toEqual([]);
  });

  test('a household that has this season’s card (sent, under another key) gets no second one', () => {
    const sent = record({
      customerId: 'A1',
      key: `${HOUSE}|S10|年賀状|2026-12-10`,
      scenario: '季節のご挨拶',
      step: '年賀状',
      channel: '手紙',
      state: '送信済',
      at: d('2026-12-10'),
    });
    expect(cards('2026-12-11', [member('A1', 0), member('A2', 1)], [], [sent])).toEqual([]);
  });
});

describe('S10 喪中: no 年賀状 to a household in mourning, a 寒中見舞い from 1-08 instead', () => {
  test.each([
    ['the year ending', 2026],
    ['TRUE', 'now' as const],
    ['unreadable (要確認)', 'unread' as const],
  ])('喪中 %s → no 年賀状', (_, mourning) => {
    expect(cards('2026-12-10', [member('A1', 0, { mourning })])).toEqual([]);
  });

  test('a 喪中 of an earlier year does not stop the 年賀状', () => {
    expect(cards('2026-12-10', [member('A1', 0, { mourning: 2025 })])).toHaveLength(1);
  });

  test('one member in mourning covers the household, whoever its addressee is', () => {
    expect(cards('2026-12-10', [member('A1', 0), member('A2', 1, { mourning: 2026 })])).toEqual([]);
    expect(cards('2027-01-07', [member('A1', 0), member('A2', 1, { mourning: 2026 })])).toEqual([]);
    expect(cards('2027-01-08', [member('A1', 0), member('A2', 1, { mourning: 2026 })])).toEqual([
      [`${HOUSE}|S10|寒中見舞い|2027-01-08`, '手紙'],
    ]);
  });

  test('TRUE gets the 寒中見舞い; a household not in mourning gets none in January', () => {
    expect(cards('2027-01-08', [member('A1', 0, { mourning: 'now' })])).toHaveLength(1);
    expect(cards('2027-01-08', [member('A1', 0)])).toEqual([]);
    expect(cards('2027-01-08', [member('A1', 0, { mourning: 'unread' })])).toEqual([]);
  });

  test('a 喪中 written after the 年賀状 went brings no 寒中見舞い: one greeting a season', () => {
    const sent = record({
      customerId: 'A1',
      key: `${HOUSE}|S10|年賀状|2026-12-10`,
      scenario: '季節のご挨拶',
      step: '年賀状',
      channel: '手紙',
      state: '送信済',
      at: d('2026-12-12'),
    });
    expect(cards('2027-01-08', [member('A1', 0, { mourning: 'now' })], [], [sent])).toEqual([]);
  });
});

describe('S10 暑中見舞い: from 7-07, 残暑見舞い when composed after 7-31', () => {
  test('7-06 nothing; 7-07 one card per household', () => {
    expect(cards('2027-07-06', [member('A1', 0, { lastVisit: d('2027-03-01') })])).toEqual([]);
    expect(cards('2027-07-07', [member('A1', 0, { lastVisit: d('2027-03-01') }), member('A2', 1)])).toEqual([
      [`${HOUSE}|S10|暑中見舞い|2027-07-07`, '手紙'],
    ]);
  });

  test('off unless 暑中見舞い is TRUE', () => {
    expect(cards('2027-07-07', [member('A1', 0)], [['暑中見舞い', 'FALSE']])).toEqual([]);
  });

  test('dated 盛夏 until 7-31, then 残暑お見舞い and 晩夏', () => {
    expect(greetingFields('暑中見舞い', '2027-07-07', d('2027-07-31'))).toEqual({
      暑中見舞いの挨拶: '暑中お見舞い申し上げます',
      挨拶状の日付: '令和9年 盛夏',
    });
    expect(greetingFields('暑中見舞い', '2027-07-07', d('2027-08-01'))).toEqual({
      暑中見舞いの挨拶: '残暑お見舞い申し上げます',
      挨拶状の日付: '令和9年 晩夏',
    });
  });
});

describe('S10 dates: each card dated as its season requires', () => {
  test('年賀状 「令和○年 元旦」 whatever day it is printed; 寒中見舞い 「令和○年 一月」', () => {
    for (const day of ['2026-12-10', '2026-12-24'])
      expect(greetingFields('年賀状', '2026-12-10', d(day))?.挨拶状の日付).toBe('令和9年 元旦');
    expect(greetingFields('寒中見舞い', '2027-01-08', d('2027-01-20'))?.挨拶状の日付).toBe('令和9年 一月');
  });

  test('the seasons a run asks for: the open New Year pair, and a summer; none closed before 導入日', () => {
    const s = settings(ON);
    const steps = (today: string, intro = '2020-01-01') =>
      greetingSeasons(s, d(today), d(intro)).map((x) => `${x.step} ${isoDay(x.due)}`);
    expect(greetingSeasons(s, d('2026-12-10'), d('2020-01-01')).map((x) => x.step)).toEqual([
      '年賀状',
      '寒中見舞い',
      '暑中見舞い',
    ]);
    // Installed on 12-15: the 年賀状 window is still open (the contract ignores only windows closed before 導入日).
    expect(steps('2026-12-20', '2026-12-15')).toEqual([
      '年賀状 2026-12-10',
      '寒中見舞い 2027-01-08',
      '暑中見舞い 2027-07-07',
    ]);
    // Installed on 12-26: the 年賀状 window had closed; the 寒中見舞い's had not begun.
    expect(steps('2026-12-27', '2026-12-26')).toEqual(['寒中見舞い 2027-01-08', '暑中見舞い 2027-07-07']);
    // Installed on 8-10: that summer's cards are still open until 8-31.
    expect(steps('2027-08-10', '2027-08-10')).toContain('暑中見舞い 2027-07-07');
    expect(greetingSeasons(settings(), d('2026-12-10'), d('2020-01-01'))).toEqual([]);
  });
});

describe('S10 cards in the greeting-card form, and the 年賀状 posting task', () => {
  const SHOP: [string, unknown][] = [
    ['店名', 'ここち堂'],
    ['店舗住所', '〒154-0004 東京都世田谷区太子堂2-14-3'],
    ['店舗電話', '03-5432-1234'],
  ];
  function composed(today: string, customers: Customer[]) {
    const p = plan(today, customers, SHOP);
    const [contact] = p.due.filter((x) => x.step.rule === 'S10');
    return composeMessage(contact, {
      today: d(today),
      settings: settings([...SHOP, ...ON]),
      templates: DEFAULT_TEMPLATES,
    });
  }

  test('年賀状: 謹賀新年 … 「令和9年 元旦」, no 拝啓 / 時候の挨拶 / 敬具, and 【投函】12月15日〜25日', () => {
    const m = composed('2026-12-10', [member('A1', 0)]);
    expect(m.problems).toEqual([]);
    const lines = m.body.split('\n');
    expect(lines).toContain('謹賀新年');
    expect(lines).toContain('令和9年 元旦');
    expect(m.body).not.toMatch(/拝啓|敬具|の候|令和8年12月10日/);
    expect(m.task).toEqual({ how: '投函', what: '12月15日〜25日' });
    // Printed later (手紙を作成 refreshes a letter's date and season): the card keeps 「令和9年 元旦」.
    const printed = refreshLetter(lines, d('2026-12-20'));
    expect(printed).toContain('令和9年 元旦');
    expect(printed.join('\n')).not.toMatch(/令和8年12月20日|の候/);
  });

  test('寒中見舞い 「令和9年 一月」 and 暑中見舞い 「令和9年 盛夏」 carry no posting task', () => {
    const winter = composed('2027-01-08', [member('A1', 0, { mourning: 2026 })]);
    expect(winter.body).toContain('寒中お見舞い申し上げます');
    expect(winter.body).toContain('令和9年 一月');
    expect(winter.body).not.toMatch(/拝啓|敬具|謹賀新年/);
    expect(winter.task).toBeUndefined();
    const summer = composed('2027-08-03', [member('A1', 0, { lastVisit: d('2027-03-01') })]);
    expect(summer.body).toContain('残暑お見舞い申し上げます');
    expect(summer.body).toContain('令和9年 晩夏');
    expect(summer.body).not.toMatch(/拝啓|敬具/);
  });

  test('the 年賀状 wishes one person, a family or an organisation as each is', () => {
    const wish = (customers: Customer[]) =>
      composed('2026-12-10', customers)
        .body.split('\n')
        .find((line) => line.includes('お祈り申し上げます'))
        ?.trim();
    expect(wish([member('A1', 0)])).toBe('ご健康とご多幸をお祈り申し上げます。');
    expect(wish([member('A1', 0), member('A2', 1)])).toBe(
      'ご家族の皆さまのご健康とご多幸をお祈り申し上げます。',
    );
    expect(wish([member('A1', 0, { name: '三軒茶屋ファミリー歯科', honorific: '御中' })])).toBe(
      '皆さまのますますのご発展を心よりお祈り申し上げます。',
    );
  });

  test('the posting task is written to お店の作業 and read back from there', () => {
    const text = taskText({ how: '投函', what: '12月15日〜25日' });
    expect(text).toBe('【投函】12月15日〜25日に投函してください');
    expect(readFlags(text).task).toEqual({ how: '投函', what: '12月15日〜25日' });
  });
});

describe('連名: a household card names each member with their own 様', () => {
  const household = (members: Customer[]) => ({ key: 'k', members, addressee: members[0] });
  const names = (list: { name: string; honorific: string }[]) => list.map((a) => `${a.name} ${a.honorific}`);

  test('two members, each with 様; a member who takes no letters is left off', () => {
    const a = member('C1', 0, { name: '佐藤 美咲' });
    const b = member('C2', 1, { name: '佐藤 健' });
    const c = member('C3', 2, { name: '佐藤 翼', optOut: new Set(['手紙']) });
    expect(names(cardAddressees(household([a, b, c])))).toEqual(['佐藤 美咲 様', '佐藤 健 様']);
  });

  test('a company at the address is never named beside a person; alone, it is the addressee with 御中', () => {
    const shop = member('C1', 0, { name: '株式会社みほん', honorific: '御中' });
    const person = member('C2', 1, { name: '佐藤 健' });
    expect(names(cardAddressees(household([shop, person])))).toEqual(['佐藤 健 様']);
    expect(names(cardAddressees(household([shop])))).toEqual(['株式会社みほん 御中']);
  });

  test('three names fit; four or more: the first, then 「ご家族」 with 様', () => {
    const people = ['美咲', '健', '翼', '陽菜'].map((n, i) => member(`C${i + 1}`, i, { name: `佐藤 ${n}` }));
    expect(names(cardAddressees(household(people.slice(0, 3))))).toEqual([
      '佐藤 美咲 様',
      '佐藤 健 様',
      '佐藤 翼 様',
    ]);
    expect(names(cardAddressees(household(people)))).toEqual(['佐藤 美咲 様', 'ご家族 様']);
  });

  test('a 寒中見舞い goes to the member who wrote 喪中, not to the whole household', () => {
    const a = member('C1', 0, { name: '佐藤 一郎' });
    const b = member('C2', 1, { name: '佐藤 花子', mourning: 2026 });
    expect(names(mourners(household([a, b]), 2026))).toEqual(['佐藤 花子 様']);
  });
});

describe('a 暑中見舞い printed after 7-31 reads as a 残暑見舞い', () => {
  const card = [
    '〒154-0004',
    '佐藤 美咲 様',
    '',
    '暑中お見舞い申し上げます',
    '　暑さ厳しき折',
    '令和9年 盛夏',
  ];
  test.each([
    ['2027-07-31', '暑中お見舞い申し上げます', '令和9年 盛夏'],
    ['2027-08-01', '残暑お見舞い申し上げます', '令和9年 晩夏'],
    ['2027-08-31', '残暑お見舞い申し上げます', '令和9年 晩夏'],
  ])('printed on %s: %s, %s', (day, greeting, date) => {
    const printed = refreshLetter(card, d(day));
    expect(printed[3]).toBe(greeting);
    expect(printed[5]).toBe(date);
  });

  test('a 年賀状 printed in December keeps 「令和9年 元旦」', () => {
    expect(refreshLetter(['謹賀新年', '令和9年 元旦'], d('2026-12-20'))).toEqual([
      '謹賀新年',
      '令和9年 元旦',
    ]);
  });
});
