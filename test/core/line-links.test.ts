import {
  CODE_ALPHABET,
  codesIn,
  linkLineFriends,
  nameKey,
  newLinkCodes,
  phoneIn,
  suggestLinks,
  suggestionKey,
  type LineFriend,
} from '../../src/core/line-links';
import { composeLetter, lineInvite } from '../../src/core/letter-text';
import { planFollowUps } from '../../src/core/plan';
import { checkChannel } from '../../src/core/policy';
import type { Customer } from '../../src/core/types';
import { customer, d, planInput, settings } from './builders';

const HANAKO = `U${'1'.repeat(32)}`;
const KEN = `U${'2'.repeat(32)}`;

function friend(overrides: Partial<LineFriend> = {}): LineFriend {
  return {
    userId: HANAKO,
    displayName: 'はなこ',
    blocked: false,
    customerId: '',
    phone: '',
    code: '',
    ...overrides,
  };
}

/** A customer with LINE as the only way to reach them: where LINE goes shows in the plan. */
const lineOnly = (overrides: Partial<Customer> = {}) =>
  customer({
    email: undefined,
    postalCode: undefined,
    address: undefined,
    lineUserId: undefined,
    ...overrides,
  });

describe('linkLineFriends: a LINE友だち row’s 顧客ID links as 顧客’s LINEユーザーID does', () => {
  test('a friend whose 顧客ID is filled gives that customer LINE; 顧客 itself is not changed', () => {
    const c = lineOnly();
    const [linked] = linkLineFriends([c], [friend({ customerId: 'C0001' })]);
    expect(linked.lineUserId).toBe(HANAKO);
    expect(linked.notes).toBeUndefined();
    expect(c.lineUserId).toBeUndefined();
  });

  test('the 顧客ID is matched with widths and spaces aside (「Ｃ０００１ 」 is C0001)', () => {
    const [linked] = linkLineFriends([lineOnly()], [friend({ customerId: 'Ｃ０００１ ' })]);
    expect(linked.lineUserId).toBe(HANAKO);
  });

  test('the same friend in 顧客 and in LINE友だち is no conflict', () => {
    const [linked] = linkLineFriends([customer({ lineUserId: HANAKO })], [friend({ customerId: 'C0001' })]);
    expect(linked.lineUserId).toBe(HANAKO);
    expect(linked.lineConflict).toBeUndefined();
  });

  test('顧客’s LINEユーザーID and a LINE友だち link disagree: no LINE, and 要確認 names both friends', () => {
    const [linked] = linkLineFriends(
      [customer({ lineUserId: KEN })],
      [friend({ customerId: 'C0001' }), friend({ userId: KEN, displayName: 'けん' })],
    );
    expect(linked.lineUserId).toBeUndefined();
    expect(linked.lineConflict).toContain('顧客シートのLINEユーザーIDは友だち「けん」');
    expect(linked.lineConflict).toContain('「LINE友だち」でこの顧客IDが入っているのは友だち「はなこ」');
    expect(linked.notes).toEqual([linked.lineConflict]);
    expect(linked.lineConflict).toContain('違う方を消してください');
  });

  test('two friends linked to one customer: no LINE for that customer', () => {
    const [linked] = linkLineFriends(
      [lineOnly()],
      [friend({ customerId: 'C0001' }), friend({ userId: KEN, displayName: 'けん', customerId: 'C0001' })],
    );
    expect(linked.lineUserId).toBeUndefined();
    expect(linked.lineConflict).toContain('2人の友だち（「はなこ」、「けん」）');
  });

  test('one friend linked to two customers: neither gets LINE, each told who the other is', () => {
    const [a, b] = linkLineFriends(
      [customer({ lineUserId: HANAKO }), lineOnly({ id: 'C0002', index: 1 })],
      [friend({ customerId: 'C0002' })],
    );
    expect(a.lineUserId).toBeUndefined();
    expect(b.lineUserId).toBeUndefined();
    expect(a.lineConflict).toContain('顧客ID「C0002」のお客様ともつながっています');
    expect(b.lineConflict).toContain('顧客ID「C0001」のお客様ともつながっています');
  });

  test('a conflict sends LINE to the next channel, with the reason in 要確認', () => {
    const customers = linkLineFriends(
      [customer({ lineUserId: KEN, email: 'misaki@example.jp', lastVisit: d('2026-11-20') })],
      [friend({ customerId: 'C0001' })],
    );
    const plan = planFollowUps(planInput({ today: d('2026-11-22'), customers }));
    expect(plan.customers[0].attention).toContain('LINEのつながりが食い違っています');
    expect(plan.customers[0].nextChannel).not.toBe('LINE');
    expect(plan.customers[0].nextChannel).not.toBe('');
  });

  test('the policy says why LINE is refused for a customer in a conflict', () => {
    const [c] = linkLineFriends([customer({ lineUserId: KEN })], [friend({ customerId: 'C0001' })]);
    const verdict = checkChannel(
      'LINE',
      c,
      { rule: 'S1', step: 'お伺い', scenario: '購入後フォロー' } as never,
      d('2026-11-22'),
      { settings: settings(), categoryAllowsPhone: true, unreachable: new Set(), lineDays: [] },
    );
    expect(verdict).toEqual({ ok: false, why: 'LINEのつながりが食い違っている' });
  });

  test('a linked friend who blocked the shop stays blocked', () => {
    const customers = linkLineFriends([lineOnly()], [friend({ customerId: 'C0001', blocked: true })]);
    const plan = planFollowUps(
      planInput({ today: d('2026-11-22'), customers, unfollowed: new Set([HANAKO]) }),
    );
    expect(plan.customers[0].nextChannel).not.toBe('LINE');
    expect(plan.due.filter((due) => due.channel === 'LINE')).toEqual([]);
  });

  test('linked by LINE友だち only, the customer is planned by LINE', () => {
    const customers = linkLineFriends([lineOnly()], [friend({ customerId: 'C0001' })]);
    const plan = planFollowUps(planInput({ today: d('2026-11-22'), customers }));
    expect(plan.customers[0].nextChannel).toBe('LINE');
  });
});

describe('連携コード', () => {
  test('six characters from an alphabet with no 0/O/1/I, written XXXX-XX, never one already taken', () => {
    expect(CODE_ALPHABET).not.toMatch(/[01OI]/);
    // No vowels: no code spells BUSU, DEBU, HAGE or BAKA on a customer's letter (review 4).
    expect(CODE_ALPHABET).not.toMatch(/[AEIOU]/);
    let n = 0;
    // The first draw repeats a taken code: a new one is drawn.
    const random = () => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.99][n++ % 12];
    const made = newLinkCodes(['C1'], new Set(['2222-22']), random);
    expect(made.get('C1')).toBe('2222-2Z');
    const many = newLinkCodes(
      Array.from({ length: 500 }, (_, i) => `C${i}`),
      new Set(),
      Math.random,
    );
    expect(new Set(many.values()).size).toBe(500);
    for (const code of many.values())
      expect(code).toMatch(/^[2-9B-DF-HJ-NP-TV-Z]{4}-[2-9B-DF-HJ-NP-TV-Z]{2}$/);
  });

  test.each([
    ['連携コード 7KQ3-HX です', ['7KQ3-HX']],
    ['７ｋｑ３－ｈｘ', ['7KQ3-HX']],
    ['7kq3hx', ['7KQ3-HX']],
    ['Hello, world', []],
    ['ABCDEFGH', []],
    // A code made before the vowels were dropped is still read.
    ['連携コード BAE4-UX', ['BAE4-UX']],
  ])('codesIn(%s)', (text, codes) => {
    expect(codesIn(text)).toEqual(codes);
  });

  test.each([
    ['電話番号は090-1234-5678です', '09012345678'],
    ['０３（一）', ''],
    ['03 5432 1234 にお願いします', '0354321234'],
    ['０９０１２３４５６７８', '09012345678'],
    ['予約番号 1234567890123', ''],
    ['Hello, world', ''],
  ])('phoneIn(%s)', (text, phone) => {
    expect(phoneIn(text)).toBe(phone);
  });
});

describe('suggestLinks: what the sidebar offers to つなぐ', () => {
  const aoki = lineOnly({ id: 'C7', name: '青木 花子', kana: 'アオキ ハナコ', phone: '090-1234-5678' });
  const base = { customers: [aoki], codes: new Map([['7KQ3-HX', 'C7']]), dismissed: new Set<string>() };

  test.each(['あおき はなこ', '青木花子'])(
    'a 連携コード from a friend whose 表示名 is her name (%s) is certain and says so',
    (displayName) => {
      const [s] = suggestLinks({ ...base, friends: [friend({ displayName, code: '7KQ3-HX' })] });
      expect(s).toMatchObject({ userId: HANAKO, customerId: 'C7', certain: true, caution: '' });
      expect(s.why).toBe('LINEで連携コード「7KQ3-HX」が届きました');
    },
  );

  test.each([
    [
      'a nickname or a family member’s name',
      'hana',
      '表示名がお客様のお名前と違います。ご本人のLINEか確かめてください',
    ],
    ['no name yet', '', 'LINEの表示名がまだわかりません。ご本人のLINEか確かめてください'],
  ])(
    'a 連携コード from a friend with %s: suggested, not certain, with a caution',
    (_, displayName, caution) => {
      const found = suggestLinks({ ...base, friends: [friend({ displayName, code: '7KQ3-HX' })] });
      expect(found).toEqual([expect.objectContaining({ customerId: 'C7', certain: false, caution })]);
    },
  );

  test('a phone number from a message that is the customer’s 電話 is certain', () => {
    const [s] = suggestLinks({ ...base, friends: [friend({ displayName: 'hana', phone: '09012345678' })] });
    expect(s).toMatchObject({ customerId: 'C7', certain: true });
    expect(s.why).toContain('090-1234-5678');
  });

  test.each([
    ['あおき はなこ', 'ふりがな「アオキ ハナコ」と同じ'],
    ['ｱｵｷﾊﾅｺ', 'ふりがな「アオキ ハナコ」と同じ'],
    ['青木　花子', '氏名と同じ'],
    ['青木花子さん', '氏名と同じ'],
  ])('表示名 %s matches, and says why (%s)', (displayName, why) => {
    const [s] = suggestLinks({ ...base, friends: [friend({ displayName })] });
    expect(s).toMatchObject({ customerId: 'C7', certain: false });
    expect(s.why).toContain(why);
  });

  test('no suggestion for a friend already linked, blocked, dismissed, or a customer already on LINE', () => {
    const f = friend({ displayName: 'あおき はなこ' });
    expect(suggestLinks({ ...base, friends: [{ ...f, customerId: 'C9' }] })).toEqual([]);
    expect(suggestLinks({ ...base, friends: [{ ...f, blocked: true }] })).toEqual([]);
    expect(
      suggestLinks({ ...base, friends: [f], dismissed: new Set([suggestionKey(HANAKO, 'C7')]) }),
    ).toEqual([]);
    expect(suggestLinks({ ...base, customers: [{ ...aoki, lineUserId: KEN }], friends: [f] })).toEqual([]);
    expect(suggestLinks({ ...base, friends: [friend({ displayName: 'まったく別の人' })] })).toEqual([]);
  });

  describe('a number or code that points at more than one customer (review 1)', () => {
    const taro = lineOnly({ id: 'C8', name: '青木 太郎', kana: 'アオキ タロウ', phone: '03-5432-9876' });
    const hanako = lineOnly({ id: 'C7', name: '青木 花子', kana: 'アオキ ハナコ', phone: '0354329876' });

    test('a home number two customers share: both shown, neither certain, with what to check', () => {
      const found = suggestLinks({
        ...base,
        customers: [taro, hanako],
        friends: [friend({ displayName: 'hana', phone: '0354329876' })],
      });
      expect(found.map((s) => s.customerId)).toEqual(['C8', 'C7']);
      for (const s of found) {
        expect(s.certain).toBe(false);
        expect(s.caution).toBe('同じ電話番号のお客様が複数います。どなたのLINEか確かめてください');
      }
    });

    test('shared with a customer who is not suggested (on LINE already) still is not certain', () => {
      const [s, ...rest] = suggestLinks({
        ...base,
        customers: [{ ...taro, lineUserId: KEN }, hanako],
        friends: [friend({ displayName: 'hana', phone: '0354329876' })],
      });
      expect(rest).toEqual([]);
      expect(s).toMatchObject({ customerId: 'C7', certain: false });
      expect(s.caution).toContain('同じ電話番号のお客様が複数います');
    });

    test('one customer’s code sent by a friend whose name is another customer’s: both, with a caution', () => {
      const found = suggestLinks({
        ...base,
        customers: [taro, hanako],
        codes: new Map([['7KQ3-HX', 'C8']]),
        friends: [friend({ displayName: 'あおき はなこ', code: '7KQ3-HX' })],
      });
      expect(found.map((s) => [s.customerId, s.certain])).toEqual([
        ['C8', false],
        ['C7', false],
      ]);
      expect(found[0].caution).toContain('どなたのLINEか確かめてください');
    });

    test('a number only one customer has stays certain, with no caution', () => {
      const [s] = suggestLinks({
        ...base,
        customers: [taro, { ...hanako, phone: '090-1234-5678' }],
        friends: [friend({ displayName: 'hana', phone: '09012345678' })],
      });
      expect(s).toMatchObject({ customerId: 'C7', certain: true, caution: '' });
    });
  });

  test.each([
    ['LINE', new Set(['LINE'] as const)],
    ['すべて', new Set(['メール', 'LINE', '手紙', '電話'] as const)],
  ])('no suggestion for a customer whose 配信停止 is %s (review 2)', (_label, optOut) => {
    const friends = [friend({ displayName: 'あおき はなこ', code: '7KQ3-HX', phone: '09012345678' })];
    expect(suggestLinks({ ...base, customers: [{ ...aoki, optOut }], friends })).toEqual([]);
    // Example customers (例…, すべて) likewise.
    expect(suggestLinks({ ...base, customers: [{ ...aoki, id: '例1', optOut }], friends })).toEqual([]);
  });

  test('nameKey sets widths, spaces and katakana aside', () => {
    expect(nameKey('アオキ　ハナコ')).toBe(nameKey('あおきはなこ'));
    expect(nameKey('ｱｵｷ ﾊﾅｺ')).toBe('あおきはなこ');
  });
});

describe('the 連携コード sentence in a letter', () => {
  const letter = (
    body: string,
    extra: { apology?: boolean; lineInvite?: { code: string; basicId: string } } = {},
  ) =>
    composeLetter({
      day: d('2026-11-22'),
      recipientName: '青木 花子',
      honorific: '様',
      postalCode: '154-0004',
      address: '東京都世田谷区太子堂2-1-1',
      body,
      shop: {
        shopName: 'ここち堂',
        senderName: '',
        address: '東京都世田谷区太子堂2-14-3',
        phone: '03-5432-1234',
      },
      ...extra,
    }).lines;

  test('one sentence, just before the closing line', () => {
    const lines = letter('その後いかがでしょうか。', {
      lineInvite: { code: '7KQ3-HX', basicId: '@216ruxyz' },
    });
    const at = lines.findIndex((l) => l.includes('連携コード 7KQ3-HX'));
    expect(lines[at]).toBe(`\u3000${lineInvite('7KQ3-HX', '@216ruxyz')}`);
    expect(lines[at]).toContain('LINEアプリで「@216ruxyz」を検索して');
    expect(lines[at + 1]).toBe('　今後ともどうぞよろしくお願い申し上げます。');
    expect(lines.filter((l) => l.includes('連携コード'))).toHaveLength(1);
  });

  test('before the owner’s own closing line too', () => {
    const lines = letter('その後いかがでしょうか。\nこれからもよろしくお願いいたします。', {
      lineInvite: { code: '7KQ3-HX', basicId: '@216ruxyz' },
    });
    const at = lines.findIndex((l) => l.includes('連携コード'));
    expect(lines[at + 1]).toContain('これからもよろしくお願いいたします。');
    expect(lines.filter((l) => l.includes('よろしくお願い'))).toHaveLength(1);
  });

  test('none without a code', () => {
    expect(letter('その後いかがでしょうか。').join('\n')).not.toContain('LINE');
  });
});
