import { planFollowUps } from '../../plan';
import { reachedByEmail } from '.';
import type { Channel, ContactRecord, Customer } from '../../types';
import { customer, d, householdMember, planInput, record, settings } from '../../../../test/core/builders';

/** S7 by one channel per household (contract S7, 設定 ニュースレターの郵送). */
const TODAY = '2026-11-24';
const body: [string, unknown][] = [
  ['ニュースレター配信日', 24],
  ['ニュースレター本文', '今月のお知らせです。'],
  ['休眠日数', 3650],
];

const member = householdMember;
const withEmail = { email: 'mother@example.jp', emailConsent: true };

function newsletters(customers: Customer[], extra: [string, unknown][] = [], records: ContactRecord[] = []) {
  const p = planFollowUps(
    planInput({ today: d(TODAY), customers, records, settings: settings([...body, ...extra]) }),
  );
  return p.due
    .filter((x) => x.step.rule === 'S7')
    .map((x) => [x.step.key, x.channel, x.reason])
    .sort();
}
const keys = (rows: ReturnType<typeof newsletters>) => rows.map(([key, channel]) => [key, channel]);
const HOUSEHOLD = '世帯:1540004東京都世田谷区太子堂2-1-1|S7|ニュースレター|2026-11';

describe('S7 ニュースレター by one channel per household (ニュースレターの郵送)', () => {
  test('default: two members, one with メール同意 → the email, and no letter to their household', () => {
    const family = [member('A1', 0, withEmail), member('A2', 1)];
    expect(keys(newsletters(family))).toEqual([['A1|S7|ニュースレター|2026-11', 'メール']]);
  });

  test('default: a household no member of which gets the email has its letter, and 理由 says why', () => {
    const rows = newsletters([member('B1', 0), member('B2', 1, { email: 'b2@example.jp' })]);
    expect(keys(rows)).toEqual([[HOUSEHOLD, '手紙']]);
    expect(rows[0][2]).toContain('メールの届かないご家庭に手紙でお送りします（ご家族2人で1通）');
  });

  test('全員: the letter goes too', () => {
    const family = [member('A1', 0, withEmail), member('A2', 1)];
    expect(keys(newsletters(family, [['ニュースレターの郵送', '全員']]))).toEqual([
      ['A1|S7|ニュースレター|2026-11', 'メール'],
      [HOUSEHOLD, '手紙'],
    ]);
  });

  test('a member moving away takes the email with them: the household left behind gets the letter', () => {
    const moved = member('A1', 0, {
      ...withEmail,
      postalCode: '150-0001',
      address: '東京都渋谷区神宮前1-1-1',
    });
    expect(keys(newsletters([moved, member('A2', 1)]))).toEqual([
      ['A1|S7|ニュースレター|2026-11', 'メール'],
      [HOUSEHOLD, '手紙'],
    ]);
  });

  test('a member moving in with メール同意 once the letter waits to be printed: it is kept, not doubled', () => {
    const waiting = record({
      customerId: 'A2',
      key: HOUSEHOLD,
      scenario: 'ニュースレター',
      step: 'ニュースレター',
      channel: '手紙',
      state: '印刷待ち',
      at: d(TODAY),
    });
    const p = planFollowUps(
      planInput({
        today: d(TODAY),
        customers: [member('A1', 0, withEmail), member('A2', 1)],
        records: [waiting],
        settings: settings(body),
      }),
    );
    expect(p.closed).toEqual([]);
    expect(p.due.map((x) => [x.step.key, x.channel])).toEqual([['A1|S7|ニュースレター|2026-11', 'メール']]);
  });

  test.each<[string, Partial<Customer>, ContactRecord[]]>([
    ['配信停止 メール', { optOut: new Set<Channel>(['メール']) }, []],
    ['no メール同意', { emailConsent: false }, []],
    [
      'the email bounced (宛先不明)',
      {},
      [
        record({
          customerId: 'A1',
          key: 'A1|S7|ニュースレター|2026-10',
          scenario: 'ニュースレター',
          step: 'ニュースレター',
          channel: 'メール',
          state: '送信済',
          result: '宛先不明',
          content: '宛先: mother@example.jp',
          at: d('2026-10-24'),
        }),
      ],
    ],
  ])(
    'default: a member the email does not reach (%s) leaves the household its letter',
    (_, over, records) => {
      const rows = newsletters([member('A1', 0, { ...withEmail, ...over }), member('A2', 1)], [], records);
      expect(keys(rows)).toEqual([[HOUSEHOLD, '手紙']]);
    },
  );

  test('1日のメール上限 0 (no email at all): every household gets its letter', () => {
    const family = [member('A1', 0, withEmail), member('A2', 1)];
    expect(keys(newsletters(family, [['1日のメール上限', 0]]))).toEqual([[HOUSEHOLD, '手紙']]);
  });
});

describe('S7 when email is held', () => {
  test('an unreadable 1日のメール上限 holds email, so the household still gets its letter', () => {
    const member = customer({ id: 'H1', email: 'h1@example.jp', emailConsent: true });
    const held = { ...settings([['1日のメール上限', 'たくさん']]) };
    expect(held.heldChannels).toContain('メール');
    expect(reachedByEmail(member, held, [])).toBe(false);
    expect(reachedByEmail(member, settings([]), [])).toBe(true);
  });
});
