import { planFollowUps } from '../../plan';
import { readSlots } from '../../slots';
import type { ContactRecord, Customer } from '../../types';
import type { Slot } from '../../slots';
import { customer, d, planInput, record, settings, slot } from '../../../../test/core/builders';

/** Dormant-free regulars: their last visit is recent, and S1 is long done, so only the shop-wide rules speak. */
const regular = (i: number, overrides: Partial<Customer> = {}) =>
  customer({
    index: i,
    id: `R${i}`,
    visits: 5 + i,
    regular: true,
    lastVisit: d('2026-11-01'),
    category: undefined,
    lineUserId: `U${String(i).padStart(32, 'a')}`,
    ...overrides,
  });

const TODAY = d('2026-11-24');
const OFFER = slot('2026-11-26 10:00', { offer: true, specialPrice: '通常6,000円→4,500円' });

function vacancy(
  customers: Customer[],
  records: ContactRecord[] = [],
  extra: Parameters<typeof planInput>[0] = { today: TODAY },
) {
  return planFollowUps(
    planInput({ ...extra, today: TODAY, customers, records, slots: [OFFER, ...(extra.slots ?? [])] }),
  );
}
const offered = (p: ReturnType<typeof vacancy>) => p.due.filter((x) => x.step.rule === 'S5');

describe('S5 空き枠案内', () => {
  test('goes to the most loyal regulars first, at most 空き枠案内の最大人数, by LINE with the slot and price', () => {
    const p = vacancy([regular(0), regular(1), regular(2)], [], {
      today: TODAY,
      settings: settings([['空き枠案内の最大人数', 2]]),
    });
    // R0 has the fewest visits and is left out.
    expect(
      offered(p)
        .map((x) => [x.customer.id, x.channel])
        .sort(),
    ).toEqual([
      ['R1', 'LINE'],
      ['R2', 'LINE'],
    ]);
    expect(offered(p).find((x) => x.customer.id === 'R2')?.step).toMatchObject({
      key: 'R2|S5|ご案内|2026-11-26 10:00',
      fields: { 空き枠: '11月26日（木）10:00', 特別価格: '通常6,000円→4,500円' },
    });
  });

  test.each<[string, Partial<Customer>]>([
    ['a new customer', { visits: 1, regular: true }],
    ['a customer who is not 常連', { regular: false, visits: 2 }],
    ['a customer in complaint aftercare', { complaintDate: d('2026-11-20') }],
    ['a customer with no LINE and no consented email', { lineUserId: undefined, emailConsent: false }],
    // The issue: offers went to regulars last seen 14–24 months ago.
    [
      'a regular no longer active (last seen beyond their own dormant threshold)',
      { lastVisit: d('2025-09-01'), firstVisit: d('2024-01-10') },
    ],
    [
      'a regular becoming dormant within 14 days (their S4 letter is near)',
      { lastVisit: d('2026-06-21'), firstVisit: d('2026-01-10'), visits: 3 },
    ],
    ['a regular with no 最終来店日', { lastVisit: undefined }],
    [
      'a customer already booked (次回予約日 in the future)',
      { nextBooking: { day: d('2026-12-01'), minutes: 600 } },
    ],
    ['a customer booked later today', { nextBooking: { day: d('2026-11-24'), minutes: 18 * 60 } }],
  ])('is never offered to %s', (_name, overrides) => {
    expect(offered(vacancy([regular(0, overrides)]))).toEqual([]);
  });

  test('uses consented email when LINE is at its monthly target', () => {
    const line = record({
      customerId: 'R0',
      key: 'R0|S1|お伺い|2026-11-01',
      scenario: '購入後フォロー',
      step: 'お伺い',
      channel: 'LINE',
      state: '送信済',
      at: d('2026-11-03'),
    });
    expect(offered(vacancy([regular(0)], [line])).map((x) => x.channel)).toEqual(['メール']);
  });

  test('a 次回予約日 that has passed (and was visited) is no booking: the offer goes', () => {
    const visited = regular(0, { nextBooking: { day: d('2026-11-01'), minutes: 600 } });
    expect(offered(vacancy([visited])).map((x) => x.customer.id)).toEqual(['R0']);
  });

  test.each<[string, string, boolean]>([
    ['an S4 letter printed 14 days ago', '2026-11-10', false],
    ['an S4 letter planned 14 days ahead', '2026-12-08', false],
    ['an S4 letter 15 days ago', '2026-11-09', true],
  ])('never beside an S4 contact: %s', (_name, day, offeredToo) => {
    const letter = record({
      customerId: 'R0',
      key: `R0|S4|お役立ち情報|${day}`,
      scenario: '休眠客フォロー',
      step: 'お役立ち情報',
      channel: '手紙',
      state: day > '2026-11-24' ? '延期' : '印刷済',
      at: d(day > '2026-11-24' ? '2026-11-20' : day),
      plannedDay: d(day),
    });
    expect(offered(vacancy([regular(0)], [letter])).map((x) => x.customer.id)).toEqual(
      offeredToo ? ['R0'] : [],
    );
  });

  test('at most 3 by default (空き枠案内の最大人数), most visits first', () => {
    const p = vacancy([0, 1, 2, 3, 4].map((i) => regular(i)));
    expect(
      offered(p)
        .map((x) => x.customer.id)
        .sort(),
    ).toEqual(['R2', 'R3', 'R4']);
  });

  test('among regulars with as many visits, 顧客 order decides; one who cannot take it makes room for the next', () => {
    // R0 has the most visits but is booked already; R1–R3 tie, listed R3, R1, R2 on 顧客.
    const booked = regular(0, { visits: 12, nextBooking: { day: d('2026-12-01'), minutes: 600 } });
    const tied = [3, 1, 2].map((i) => regular(i, { visits: 7 }));
    const p = vacancy([booked, ...tied, regular(4, { visits: 6 })], [], {
      today: TODAY,
      settings: settings([['空き枠案内の最大人数', 2]]),
    });
    expect(offered(p).map((x) => x.customer.id)).toEqual(['R3', 'R1']);
  });

  test('skips a customer who had a vacancy offer in the last 30 days', () => {
    const earlier = record({
      customerId: 'R0',
      key: 'R0|S5|ご案内|2026-10-30 10:00',
      scenario: '空き枠案内',
      step: 'ご案内',
      channel: 'LINE',
      state: '送信済',
      at: d('2026-10-28'),
    });
    const p = vacancy([regular(0), regular(1)], [earlier], {
      today: TODAY,
      settings: settings([['空き枠案内の間隔日数', 1]]),
    });
    expect(offered(p).map((x) => x.customer.id)).toEqual(['R1']);
  });

  test('skips a customer who has a higher-priority contact that day', () => {
    const thanked = regular(0, { visits: 1, regular: true, lastVisit: d('2026-11-23') });
    expect(offered(vacancy([thanked, regular(1)])).map((x) => x.customer.id)).toEqual(['R1']);
  });

  test('offers a slot once: not again after it was offered, nor within the shop interval, nor after the slot', () => {
    const sent = record({
      customerId: 'R9',
      key: `R9|S5|ご案内|${OFFER.anchor}`,
      scenario: '空き枠案内',
      step: 'ご案内',
      channel: 'LINE',
      state: '送信済',
      at: d('2026-11-10'),
    });
    expect(
      offered(
        vacancy([regular(0)], [sent], { today: TODAY, settings: settings([['空き枠案内の間隔日数', 1]]) }),
      ),
    ).toEqual([]);
    const recent = record({
      customerId: 'R9',
      key: 'R9|S5|ご案内|2026-11-21 10:00',
      scenario: '空き枠案内',
      step: 'ご案内',
      channel: 'LINE',
      state: '送信済',
      at: d('2026-11-20'),
    });
    const heldBack = vacancy([regular(0)], [recent]);
    expect(offered(heldBack)).toEqual([]);
    // Held back by the shop's interval: listed in the summary, never dropped without a word (contract S5).
    expect(heldBack.notices).toEqual([
      '空き枠「11月26日（木）10:00」は、前回の空き枠のご案内から設定「空き枠案内の間隔日数」（7日）がたっていないため、まだご案内していません',
    ]);
    const past = planFollowUps(
      planInput({
        today: TODAY,
        customers: [regular(0)],
        slots: [slot('2026-11-24 07:00', { offer: true })],
      }),
    );
    expect(offered(past)).toEqual([]);
  });
});

describe('空き枠 as the customer reads it', () => {
  test('a slot names its end when 所要(分) is known, and its start alone when not', () => {
    const { slots } = readSlots(
      [
        [new Date('2026-11-26T01:00:00Z'), 60, '', true, '空き'],
        [new Date('2026-11-27T05:30:00Z'), '45分', '', true, '空き'],
        [new Date('2026-11-28T02:00:00Z'), '', '', true, '空き'],
        [new Date('2026-11-28T14:30:00Z'), 120, '', true, '空き'],
      ],
      'Asia/Tokyo',
    );
    expect(slots.map((s) => s.label)).toEqual([
      '11月26日（木）10:00〜11:00',
      '11月27日（金）14:30〜15:15',
      '11月28日（土）11:00',
      // Past midnight: the start alone, never 「〜25:30」.
      '11月28日（土）23:30',
    ]);
  });
});

/** R0's offer of OFFER's slot by LINE, made on 11-24, in `state`, planned for `plannedDay`. */
const offerRow = (state: ContactRecord['state'], plannedDay: ReturnType<typeof d>) =>
  record({
    customerId: 'R0',
    key: 'R0|S5|ご案内|2026-11-26 10:00',
    scenario: '空き枠案内',
    step: 'ご案内',
    channel: 'LINE',
    state,
    at: d('2026-11-24'),
    plannedDay,
  });

describe('an offer prepared and waiting (承認待ち) until its slot', () => {
  const waiting = (state: ContactRecord['state'] = '承認待ち') => offerRow(state, d('2026-11-24'));
  const planOn = (slots: Slot[], today = d('2026-11-25'), state?: ContactRecord['state']) =>
    planFollowUps(planInput({ today, customers: [regular(0)], records: [waiting(state)], slots }));

  test('is the customer’s 次回連絡日, with its 理由, and 延期 is bounded by the slot’s day', () => {
    const p = planOn([OFFER]);
    expect(p.closed).toEqual([]);
    expect(p.customers[0]).toMatchObject({
      nextDay: d('2026-11-25'),
      nextContent: '空き枠案内（ご案内）',
      nextChannel: 'LINE',
      reason: expect.stringContaining('11月26日（木）10:00の空き枠を、常連のお客様'),
    });
    expect(p.lastDays.get('R0|S5|ご案内|2026-11-26 10:00')).toBe(d('2026-11-26'));
    // Not offered again, and nobody else gets the slot it holds.
    expect(p.due).toEqual([]);
  });

  test('a slot row the owner deleted is no evidence: the offer waits, named by its キー', () => {
    const p = planOn([]);
    expect(p.closed).toEqual([]);
    expect(p.customers[0]).toMatchObject({
      nextDay: d('2026-11-25'),
      nextContent: '空き枠案内（ご案内）',
      reason: expect.stringContaining('2026/11/26 10:00の空き枠をご案内しています'),
    });
  });

  test('a slot marked 埋まり ends it (contract 3: the slot is taken)', () => {
    const taken = planOn([{ ...OFFER, open: false, taken: true }]);
    expect(taken.closed.map((c) => [c.record.key, c.note])).toEqual([
      ['R0|S5|ご案内|2026-11-26 10:00', '空き枠が埋まったため終了'],
    ]);
    expect(taken.customers[0].nextContent).not.toBe('空き枠案内（ご案内）');
  });

  test('a 状態 that cannot be read, or a 状態 column gone, ends nothing', () => {
    const { slots: unreadable } = readSlots(
      [[new Date('2026-11-26T01:00:00Z'), 60, '', true, '確認中']],
      'Asia/Tokyo',
    );
    const { slots: noColumn } = readSlots(
      [[new Date('2026-11-26T01:00:00Z'), 60, '', true, '']],
      'Asia/Tokyo',
      ['状態'],
    );
    for (const slots of [unreadable, noColumn]) {
      expect(slots[0]).toMatchObject({ open: false, taken: false });
      expect(planOn(slots).closed).toEqual([]);
    }
    const { slots: marked } = readSlots(
      [[new Date('2026-11-26T01:00:00Z'), 60, '', true, '埋まり']],
      'Asia/Tokyo',
    );
    expect(marked[0]).toMatchObject({ open: false, taken: true });
  });

  test('once the slot has passed it is closed, as before', () => {
    const after = planOn([OFFER], d('2026-11-27'));
    expect(after.closed.map((c) => c.record.key)).toEqual(['R0|S5|ご案内|2026-11-26 10:00']);
  });

  test('an offer already approved (承認済) shows the same way', () => {
    expect(planOn([OFFER], d('2026-11-25'), '承認済').customers[0].nextContent).toBe('空き枠案内（ご案内）');
  });
});

describe('an offer due again (延期 to a day that came, 失敗) is made again only for a slot surely open', () => {
  const row = (state: ContactRecord['state']) => offerRow(state, d('2026-11-25'));
  const planOn = (slots: Slot[], state: ContactRecord['state']) =>
    planFollowUps(
      planInput({ today: d('2026-11-25'), customers: [regular(0)], records: [row(state)], slots }),
    );

  test.each<[string, Slot[]]>([
    ['案内 unticked by the owner', [{ ...OFFER, offer: false }]],
    ['a 状態 that cannot be read', [{ ...OFFER, open: false, taken: false }]],
    ['its slot row deleted', []],
  ])('not made again when %s, and not closed either', (_why, slots) => {
    for (const state of ['延期', '失敗'] as const) {
      const p = planOn(slots, state);
      expect(p.due).toEqual([]);
      expect(p.closed).toEqual([]);
    }
  });

  test('made again, with its slot and price, while the slot is open and offered', () => {
    for (const state of ['延期', '失敗'] as const)
      expect(planOn([OFFER], state).due.map((x) => [x.step.key, x.step.fields])).toEqual([
        ['R0|S5|ご案内|2026-11-26 10:00', { 空き枠: '11月26日（木）10:00', 特別価格: '通常6,000円→4,500円' }],
      ]);
  });

  test('two seats at one time: taken only when both are', () => {
    const waiting = row('承認待ち');
    const plan = (slots: Slot[]) =>
      planFollowUps(
        planInput({ today: d('2026-11-25'), customers: [regular(0)], records: [waiting], slots }),
      );
    const taken = { ...OFFER, open: false, taken: true };
    expect(plan([taken, OFFER]).closed).toEqual([]);
    expect(plan([OFFER, taken]).closed).toEqual([]);
    expect(plan([taken, { ...taken }]).closed.map((c) => c.note)).toEqual(['空き枠が埋まったため終了']);
  });
});
