import { lineAllowanceLine, planFollowUps, skippedReason } from '../../src/core/plan';
import { readCustomers } from '../../src/core/customers';
import { isoDay } from '../../src/core/day';
import { unreachableChannels } from '../../src/core/policy';
import type { ContactRecord, Customer } from '../../src/core/types';
import { customer, d, planInput, record, settings, slot, TZ } from './builders';

const LINE_ONLY: Partial<Customer> = { email: undefined, postalCode: undefined, address: undefined };
const lineSent = (at: string, i: number) =>
  record({
    customerId: 'C0001',
    key: `C0001|S4|お役立ち情報|x${i}`,
    scenario: '休眠客フォロー',
    step: 'お役立ち情報',
    channel: 'LINE',
    state: '送信済',
    at: d(at),
  });

describe('LINE caps (30 days ending on the send day, sent and pending, owner-typed included)', () => {
  test('a step whose only channel is LINE waits for the first day the hard cap allows, inside its window', () => {
    const history = ['2026-10-27', '2026-11-05', '2026-11-10', '2026-11-15'].map(lineSent);
    const p = planFollowUps(
      planInput({ today: d('2026-11-22'), customers: [customer(LINE_ONLY)], records: history }),
    );
    const row = p.customers[0];
    // 10-27 leaves the 30-day window on 11-26.
    expect(row.nextDay === undefined ? null : isoDay(row.nextDay)).toBe('2026-11-26');
    expect(row.nextChannel).toBe('LINE');
    expect(row.reason).toContain(
      'LINEで（メールアドレスなし、郵便番号か住所なし）。LINEが30日で4回（上限4回）のため2026/11/26に回します',
    );
    expect(p.due).toHaveLength(0);
  });

  test('with no day inside the window, the due step is logged スキップ 上限超過', () => {
    const history = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'].map(lineSent);
    const p = planFollowUps(
      planInput({ today: d('2026-12-05'), customers: [customer(LINE_ONLY)], records: history }),
    );
    expect(p.skipped.map((s) => [s.step.step, s.note])).toEqual([['お伺い', '上限超過']]);
    expect(skippedReason(p.skipped[0])).toMatch(
      /^購入後フォロー（お伺い）: .+。期限内に送れる日がありません（メールアドレスなし、郵便番号か住所なし、LINEが30日で4回（上限4回））$/,
    );
  });

  test('上限超過 says so even when nothing is left to list (a call whose window has no business day left)', () => {
    const step = {
      ...planFollowUps(planInput({ today: d('2026-11-22'), customers: [customer({})] })).due[0].step,
      scenario: 'クレーム後フォロー',
      step: 'お詫びと確認',
      because: '前回の電話が不在のため3回目',
    };
    const skipped = { customer: customer({}), step, refused: [] };
    expect(skippedReason({ ...skipped, note: '上限超過' })).toBe(
      'クレーム後フォロー（お詫びと確認）: 前回の電話が不在のため3回目。期限内に送れる日がありません',
    );
    expect(skippedReason({ ...skipped, note: '期限切れ' })).toBe(
      'クレーム後フォロー（お詫びと確認）: 前回の電話が不在のため3回目',
    );
  });

  test('over the cap, another channel carries it instead', () => {
    const history = ['2026-11-05', '2026-11-10', '2026-11-15', '2026-11-20'].map(lineSent);
    const p = planFollowUps(
      planInput({
        today: d('2026-11-22'),
        customers: [customer({ email: undefined, address: '東京都' })],
        records: history,
      }),
    );
    expect(p.due.map((x) => x.channel)).toEqual(['手紙']);
  });
});

describe('one email/LINE/phone contact per customer per day, in rule priority', () => {
  test('the lower rule moves to the next free day, keeping its channel; letters are exempt', () => {
    // A first visit (服: お伺い at D + 7, too far from the お礼 to join it): S6 お礼 (LINE, due 11-16, still open)
    // outranks S1 お伺い (email, due 11-22).
    const first = customer({ visits: 1, lastVisit: d('2026-11-15'), category: '服' });
    const p = planFollowUps(planInput({ today: d('2026-11-22'), customers: [first] }));
    expect(p.due.map((x) => [x.step.scenario, x.channel])).toEqual([['サンキューレター', 'LINE']]);
    expect(p.customers[0].nextContent).toBe('サンキューレター（お礼）');
    const letterOnly = customer({ visits: 1, lastVisit: d('2026-11-15'), category: '服', email: undefined });
    const q = planFollowUps(planInput({ today: d('2026-11-22'), customers: [letterOnly] }));
    expect(q.due.map((x) => x.channel).sort()).toEqual(['LINE', '手紙']);
  });
});

describe('daily limits', () => {
  test("today's overflow moves to tomorrow in rule priority, then oldest due first, and 理由 says so", () => {
    const many = ['2026-11-10', '2026-11-15', '2026-11-18'].map((visit, i) =>
      customer({ index: i, id: `C${i}`, lastVisit: d(visit), email: undefined }),
    );
    const p = planFollowUps(
      planInput({ today: d('2026-11-22'), customers: many, settings: settings([['1日の手紙上限', 2]]) }),
    );
    expect(p.due.map((x) => x.customer.id)).toEqual(['C0', 'C1']);
    const held = p.customers[2];
    expect(held.nextDay === undefined ? null : isoDay(held.nextDay)).toBe('2026-11-23');
    expect(held.reason).toContain('1日の手紙上限（2件）の順番待ちのため2026/11/23に回します');
  });

  test('letters an earlier run prepared today count toward the limit', () => {
    const earlier: ContactRecord = record({
      customerId: 'X',
      key: 'X|S4|お役立ち情報|2026-11-01',
      channel: '手紙',
      state: '印刷待ち',
      at: d('2026-11-22'),
    });
    const p = planFollowUps(
      planInput({
        today: d('2026-11-22'),
        customers: [customer({ email: undefined })],
        records: [earlier],
        settings: settings([['1日の手紙上限', 1]]),
      }),
    );
    expect(p.due).toHaveLength(0);
  });
});

describe('pending contacts and their windows', () => {
  test('a draft never sent is closed 期限切れ when its window ends, never sent late', () => {
    const draft = record({
      customerId: 'C0001',
      key: 'C0001|S1|お伺い|2026-11-20',
      channel: 'メール',
      state: '下書き',
      at: d('2026-11-22'),
      draftId: 'r1',
    });
    const p = planFollowUps(planInput({ today: d('2026-12-14'), records: [draft] }));
    expect(p.closed.map((c) => [c.record.draftId, c.note.slice(0, 4)])).toEqual([['r1', '期限切れ']]);
  });

  test('a newer 最終来店日 closes the pending rows of the earlier visit', () => {
    const draft = record({
      customerId: 'C0001',
      key: 'C0001|S1|お伺い|2026-11-20',
      channel: 'メール',
      state: '下書き',
      at: d('2026-11-22'),
    });
    const p = planFollowUps(
      planInput({
        today: d('2026-11-26'),
        customers: [customer({ lastVisit: d('2026-11-25') })],
        records: [draft],
      }),
    );
    expect(p.closed.map((c) => c.note)).toEqual(['新しいご来店のため終了']);
  });
});

describe('reading 顧客', () => {
  test('a duplicated 顧客ID is reported on both rows and neither is contacted', () => {
    const rows = [
      { id: 'C1', name: '佐藤' },
      { id: 'C2', name: '鈴木' },
      { id: 'C1', name: '佐藤（別人）' },
    ];
    const customers = readCustomers(rows, { timeZone: TZ, regularVisits: 3 });
    expect(customers.map((c) => c.blocked)).toEqual([true, false, true]);
    expect(customers[0].problems).toContain(
      '顧客ID「C1」が2行あります（重複を直すまでどちらにも連絡しません）',
    );
  });
});

describe('review findings, pinned', () => {
  test('an unreadable 配信停止 stops every channel until the owner fixes it', () => {
    const [c] = readCustomers([{ id: 'C1', name: '佐藤', optOut: 'メールしないで', email: 'a@example.jp' }], {
      timeZone: TZ,
      regularVisits: 3,
    });
    expect(c.optOut.size).toBe(4);
    expect(c.problems[0]).toContain('直すまで、このお客様にはどの方法でも連絡しません');
  });

  test('a LINE sent days after it was prepared counts on the day it was sent', () => {
    const late = (sent: string, i: number) => record({ ...lineSent(sent, i), plannedDay: d('2026-10-10') });
    const history = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'].map(late);
    const p = planFollowUps(
      planInput({ today: d('2026-11-24'), customers: [customer(LINE_ONLY)], records: history }),
    );
    expect(p.due.filter((x) => x.channel === 'LINE')).toEqual([]);
  });

  test('three 不在 calls the owner typed by hand also lead to a letter', () => {
    const done = record({
      customerId: 'C0001',
      key: 'C0001|S1|お伺い|2026-11-20',
      channel: 'メール',
      state: '送信済',
      at: d('2026-11-22'),
    });
    const miss = (at: string) =>
      record({
        customerId: 'C0001',
        step: '電話確認',
        channel: '電話',
        state: '完了',
        result: '不在',
        at: d(at),
      });
    const p = planFollowUps(
      planInput({
        today: d('2026-12-01'),
        records: [done, miss('2026-11-27'), miss('2026-11-28'), miss('2026-11-30')],
      }),
    );
    expect(p.due.map((x) => [x.step.step, x.channel])).toEqual([['電話確認', '手紙']]);
  });

  test('a call pushed by 1日の電話上限 waits for the next business day, not a 定休日', () => {
    const done = (id: string) =>
      record({
        customerId: id,
        key: `${id}|S1|お伺い|2026-11-10`,
        channel: 'メール',
        state: '送信済',
        at: d('2026-11-19'),
      });
    const callers = ['K1', 'K2'].map((id, i) => customer({ index: i, id, lastVisit: d('2026-11-10') }));
    const p = planFollowUps(
      planInput({
        today: d('2026-11-24'),
        customers: callers,
        records: callers.map((c) => done(c.id)),
        settings: settings([
          ['1日の電話上限', 1],
          ['定休日', '水'],
        ]),
      }),
    );
    expect(p.due.map((x) => x.customer.id)).toEqual(['K1']);
    expect(isoDay(p.customers[1].nextDay as never)).toBe('2026-11-26');
    expect(p.customers[1].reason).toContain('1日の電話上限（1件）の順番待ちのため2026/11/26に回します');
  });
});

describe('pending rows nobody asks for any more', () => {
  test('a cancellation follow-up still waiting when the customer comes back is closed', () => {
    const waiting = record({
      customerId: 'C0001',
      key: 'C0001|S2|ご連絡|2026-11-20',
      scenario: 'キャンセルフォロー',
      step: 'ご連絡',
      channel: 'LINE',
      state: '承認待ち',
      at: d('2026-11-21'),
    });
    const back = customer({ cancelDate: d('2026-11-20'), lastVisit: d('2026-11-23'), category: undefined });
    const p = planFollowUps(planInput({ today: d('2026-11-24'), customers: [back], records: [waiting] }));
    expect(p.closed.map((c) => [c.record.key, c.note])).toEqual([
      ['C0001|S2|ご連絡|2026-11-20', '状況が変わり不要になったため終了'],
    ]);
  });

  test('a vacancy offer is closed only once its slot has passed', () => {
    const offer = record({
      customerId: 'C0001',
      key: 'C0001|S5|ご案内|2026-11-26 10:00',
      scenario: '空き枠案内',
      step: 'ご案内',
      channel: 'LINE',
      state: '承認待ち',
      at: d('2026-11-24'),
    });
    const plain = customer({ category: undefined });
    const before = planFollowUps(planInput({ today: d('2026-11-25'), customers: [plain], records: [offer] }));
    expect(before.closed).toEqual([]);
    const after = planFollowUps(planInput({ today: d('2026-11-27'), customers: [plain], records: [offer] }));
    expect(after.closed.map((c) => c.record.key)).toEqual(['C0001|S5|ご案内|2026-11-26 10:00']);
  });
});

describe('an honorific typed into 氏名 (issue 14: no 「様様」)', () => {
  test.each([
    ['山田 花子様', '山田 花子', '様'],
    ['山田花子 様', '山田花子', '様'],
    ['山田 花子さま', '山田 花子', '様'],
    ['株式会社ここち 御中', '株式会社ここち', '御中'],
    ['山田 花子', '山田 花子', '様'],
    ['様', '様', '様'],
    ['ラーメン御殿', 'ラーメン御殿', '様'],
  ])('「%s」 → 氏名 「%s」, 敬称 %s', (typed, name, honorific) => {
    const [c] = readCustomers([{ id: 'C1', name: typed }], { timeZone: TZ, regularVisits: 3 });
    expect({ name: c.name, honorific: c.honorific }).toEqual({ name, honorific });
  });

  test('an 敬称 the owner wrote still wins', () => {
    const [c] = readCustomers([{ id: 'C1', name: '山田 花子様', honorific: '殿' }], {
      timeZone: TZ,
      regularVisits: 3,
    });
    expect({ name: c.name, honorific: c.honorific }).toEqual({ name: '山田 花子', honorific: '殿' });
  });
});

describe("S1's 提案 is marketing (contract 4.2, 4.3)", () => {
  // 美容室: 提案 at D + 35; the お伺い's window (D + 3 → D + 24) closed, so the 提案 is due on its own.
  const proposalFor = (c: Partial<Customer>, records: ContactRecord[] = []) =>
    planFollowUps(
      planInput({
        today: d('2026-10-06'),
        customers: [customer({ category: '美容室', lastVisit: d('2026-09-01'), ...c })],
        records,
      }),
    ).due.filter((x) => x.step.step === '提案');

  test('email needs メール同意: without it the letter carries it', () => {
    const [due] = proposalFor({ emailConsent: false });
    expect(due.channel).toBe('手紙');
    expect(due.reason).toContain('メール同意なし');
    expect(proposalFor({ emailConsent: true }).map((x) => x.channel)).toEqual(['メール']);
  });

  test('a customer reachable only by email who did not agree to marketing gets no 提案, and that is no 要確認', () => {
    const emailOnly = {
      lineUserId: undefined,
      postalCode: undefined,
      address: undefined,
      emailConsent: false,
    };
    expect(proposalFor(emailOnly)).toEqual([]);
    const p = planFollowUps(
      planInput({
        today: d('2026-10-06'),
        customers: [customer({ category: '美容室', lastVisit: d('2026-09-01'), ...emailOnly })],
      }),
    );
    expect(p.customers[0].attention).toBe('');
  });

  test('LINE is non-urgent: held to LINE目安月回数', () => {
    const lineOnly = { ...LINE_ONLY, emailConsent: false };
    expect(proposalFor(lineOnly).map((x) => x.channel)).toEqual(['LINE']);
    // One LINE in the last 30 days reaches the target of 1: the 提案 does not go by LINE today.
    expect(proposalFor(lineOnly, [lineSent('2026-09-20', 1)])).toEqual([]);
  });
});

describe("the shop's monthly LINE allowance, spent like a daily limit in rule priority (contract 4.2)", () => {
  // Three first-visit customers: S6 お礼 (LINE > メール) is due 11-21, on LINE.
  const firstVisit = (i: number, c: Partial<Customer> = {}) =>
    customer({
      index: i,
      id: `N${i}`,
      visits: 1,
      lastVisit: d('2026-11-20'),
      category: undefined,
      lineUserId: `U${String(i).padStart(32, 'b')}`,
      ...c,
    });
  const plan = (
    lineAllowance: number | null | undefined,
    records: ContactRecord[] = [],
    extra: Customer[] = [],
  ) =>
    planFollowUps(
      planInput({
        today: d('2026-11-21'),
        customers: [firstVisit(0), firstVisit(1), firstVisit(2, { email: undefined }), ...extra],
        records,
        lineAllowance,
      }),
    );
  const channels = (p: ReturnType<typeof plan>) => p.due.map((x) => [x.customer.id, x.channel]);

  test('unknown or unlimited (no token, no target): LINE as usual', () => {
    expect(channels(plan(undefined))).toEqual([
      ['N0', 'LINE'],
      ['N1', 'LINE'],
      ['N2', 'LINE'],
    ]);
    expect(plan(null).lineAllowance).toBeUndefined();
  });

  test('once spoken for, the next channel carries it, 理由 says why, and the summary line says what remains', () => {
    const p = plan(1);
    expect(channels(p)).toEqual([
      ['N0', 'LINE'],
      ['N1', 'メール'],
    ]);
    expect(p.due[1].reason).toContain('今月のLINE配信数の上限のためメールで');
    // N2 has no email: it waits for next month's allowance.
    const n2 = p.customers.find((c) => c.customerId === 'N2')!;
    expect([isoDay(n2.nextDay!), n2.nextChannel]).toEqual(['2026-12-01', 'LINE']);
    expect(n2.reason).toContain('今月のLINE配信数の上限のため2026/12/01に回します');
    expect(p.lineAllowance).toEqual({ remaining: 1, waiting: 0, today: 1, moved: 2 });
  });

  test('in rule priority: an S2 ご連絡 takes the last LINE before an S6 お礼, whatever the customers’ order', () => {
    const cancelled = customer({
      index: 9,
      id: 'X9',
      category: undefined,
      lastVisit: d('2026-10-01'),
      cancelDate: d('2026-11-20'),
      lineUserId: `U${'c'.repeat(32)}`,
    });
    const p = planFollowUps(
      planInput({
        today: d('2026-11-21'),
        customers: [firstVisit(0), cancelled],
        slots: ['2026-11-24 10:00', '2026-11-25 10:00', '2026-11-26 10:00'].map((at) => slot(at)),
        lineAllowance: 1,
      }),
    );
    expect(p.due.map((x) => [x.customer.id, x.step.rule, x.channel])).toEqual([
      ['N0', 'S6', 'メール'],
      ['X9', 'S2', 'LINE'],
    ]);
  });

  test('LINE messages prepared and not yet sent are already spoken for; spent at the start, LINE is not planned this month', () => {
    const waiting = record({
      customerId: 'Z1',
      key: 'Z1|S6|お礼|2026-11-19',
      scenario: 'サンキューレター',
      step: 'お礼',
      channel: 'LINE',
      state: '承認待ち',
      at: d('2026-11-20'),
    });
    const p = plan(1, [waiting]);
    expect(channels(p)).toEqual([
      ['N0', 'メール'],
      ['N1', 'メール'],
    ]);
    expect(p.due[0].reason).toContain('今月のLINE配信数の上限のためメールで');
    expect(p.lineAllowance).toMatchObject({ remaining: 1, waiting: 1, today: 0 });
    expect(lineAllowanceLine(p.lineAllowance!)).toBe(
      '今月のLINE配信数: 残り1通（送信待ち1通、今日の準備0通。このあと残り0通）。今月のLINE配信数の上限に達しているため、今月はLINEの代わりにほかの方法で連絡します（LINEのプランを上げると送れます）。',
    );
  });

  test('a step whose window ends before next month is not dated after it when the allowance is spent', () => {
    // Two first visits on 11-10, LINE only: their お礼's window ends 11-24, before next month's allowance.
    const late = (i: number) => firstVisit(i, { email: undefined, lastVisit: d('2026-11-10') });
    const p = planFollowUps(
      planInput({ today: d('2026-11-21'), customers: [late(5), late(6)], lineAllowance: 1 }),
    );
    expect(p.due).toHaveLength(1);
    const row = p.customers.find((c) => c.customerId !== p.due[0].customer.id)!;
    expect(row.reason).toContain('期限（2026/11/24）までに送れない見込みです');
    expect(isoDay(row.nextDay!) <= '2026-11-24').toBe(true);
  });
});

describe('宛先不明 blocks letters until the address really changes', () => {
  const returned = (content: string) =>
    record({ customerId: 'C0001', channel: '手紙', state: '印刷済', result: '宛先不明', content });
  test('an address typed in full width is the one the returned letter printed in half width', () => {
    const c = customer({ address: '東京都世田谷区太子堂２－１－１' });
    expect([
      ...unreachableChannels([returned('〒154-0004\n東京都世田谷区太子堂2-1-1\n佐藤 美咲 様')], c),
    ]).toEqual(['手紙']);
  });
  test('a line break inside the cell is no change either; a new address lifts the block', () => {
    const c = customer({ address: '東京都世田谷区太子堂2-1-1\nコーポ若葉 308' });
    expect([...unreachableChannels([returned('東京都世田谷区太子堂2-1-1 コーポ若葉 308')], c)]).toEqual([
      '手紙',
    ]);
    const moved = customer({ address: '東京都目黒区中町1-1-1' });
    expect([...unreachableChannels([returned('東京都世田谷区太子堂2-1-1')], moved)]).toEqual([]);
  });
});
