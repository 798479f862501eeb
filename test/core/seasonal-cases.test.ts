/**
 * S10 季節のご挨拶: the cases an independent review of the merged rule found wrong (issue 18), each as the contract
 * asks it: one card per household whoever its addressee becomes, a withdrawn 年賀状 is no card, 喪中 on a row without
 * 郵便番号, seasons open on 導入日, a company at a mourning address, 挨拶状の対象 as of the season's first day, a
 * 暑中見舞い printed in August, and 喪中 written as owners write it.
 */
import { planFollowUps } from '../../src/core/plan';
import { composeMessage } from '../../src/core/compose';
import { refreshLetter } from '../../src/core/letter-text';
import { readCustomers } from '../../src/core/customers';
import { DEFAULT_TEMPLATES } from '../../src/core/registry';
import type { Channel, ContactRecord, Customer } from '../../src/core/types';
import { d, householdMember, planInput, record, settings, TZ } from '../core/builders';

const HOUSE = '世帯:1540004東京都世田谷区太子堂2-1-1';
const ON: [string, unknown][] = [
  ['年賀状', 'TRUE'],
  ['暑中見舞い', 'TRUE'],
  ['休眠日数', 3650],
  ['店名', 'ここち堂'],
];
const member = householdMember;
const plan = (
  today: string,
  cs: Customer[],
  records: ContactRecord[] = [],
  intro = '2020-01-01',
  extra: [string, unknown][] = [],
) =>
  planFollowUps(
    planInput({
      today: d(today),
      customers: cs,
      records,
      settings: settings([...extra, ...ON]),
      introDay: d(intro),
    }),
  );
const cards = (p: ReturnType<typeof plan>) =>
  p.due.filter((x) => x.step.rule === 'S10').map((x) => `${x.customer.id} ${x.step.step}`);
const card = (o: Partial<ContactRecord>) =>
  record({
    customerId: 'A1',
    scenario: '季節のご挨拶',
    channel: '手紙',
    step: '年賀状',
    key: `${HOUSE}|S10|年賀状|2026-12-10`,
    at: d('2026-12-10'),
    ...o,
  });

test('D1 one per household: a member with a smaller 顧客ID joins after the 年賀状 was printed → no second card', () => {
  const printed = card({ customerId: 'A2', state: '印刷済' });
  expect(cards(plan('2026-12-11', [member('A1', 0), member('A2', 1)], [printed]))).toEqual([]);
});
test('D1b the addressee opts out of 郵送 after the card was printed → no second card to the other member', () => {
  const printed = card({ customerId: 'A1', state: '印刷済' });
  expect(
    cards(
      plan(
        '2026-12-11',
        [member('A1', 0, { optOut: new Set<Channel>(['手紙']) }), member('A2', 1)],
        [printed],
      ),
    ),
  ).toEqual([]);
});
test('D2 喪中 written after the 年賀状 was prepared (withdrawn as スキップ) → 寒中見舞い in January', () => {
  const withdrawn = card({
    state: 'スキップ',
    note: '状況が変わり不要になったため終了',
    at: d('2026-12-12'),
  });
  expect(cards(plan('2027-01-08', [member('A1', 0, { mourning: 2026 })], [withdrawn]))).toEqual([
    'A1 寒中見舞い',
  ]);
});
test('D3 a member without 郵便番号 at the same 住所 is in mourning → no 年賀状 to that address', () => {
  expect(
    cards(plan('2026-12-10', [member('A1', 0, { postalCode: undefined, mourning: 2026 }), member('A2', 1)])),
  ).toEqual([]);
});
test('D4 installed on 12-12 (window open until 12-24) → 年賀状 prepared', () => {
  expect(cards(plan('2026-12-12', [member('A1', 0)], [], '2026-12-12'))).toEqual(['A1 年賀状']);
});
test('D4b installed on 7-10 → 暑中見舞い prepared', () => {
  expect(
    cards(plan('2027-07-10', [member('A1', 0, { lastVisit: d('2027-03-01') })], [], '2027-07-10')),
  ).toEqual(['A1 暑中見舞い']);
});
test('D5 a company (御中) at the address of a person in mourning does not get the 寒中見舞い', () => {
  const due = plan('2027-01-08', [
    member('A1', 0, { name: '株式会社あおき', honorific: '御中' }),
    member('A2', 1, { mourning: 2026 }),
  ]).due.filter((x) => x.step.rule === 'S10');
  expect(due.map((x) => x.customer.honorific)).not.toContain('御中');
});
test('D6 a pending card is not withdrawn because 挨拶状の対象 ran out after its season began', () => {
  const pending = card({ state: '印刷待ち' });
  expect(plan('2026-12-13', [member('A1', 0, { lastVisit: d('2024-12-12') })], [pending]).closed).toEqual([]);
});
test('D7 a 暑中見舞い prepared on 7-31 and printed on 8-08 (after 立秋) reads 残暑見舞い', () => {
  const p = plan('2027-07-31', [member('A1', 0, { lastVisit: d('2027-03-01') })]);
  const c = p.due.find((x) => x.step.rule === 'S10')!;
  const m = composeMessage(c, {
    today: d('2027-07-31'),
    settings: settings(ON),
    templates: DEFAULT_TEMPLATES,
  });
  const printed = refreshLetter(m.body.split('\n'), d('2027-08-08')).join('\n');
  expect(printed).toContain('残暑お見舞い申し上げます');
});
test.each([
  ['喪中', 'now'],
  ['令和8年11月', 2026],
  ['R8.11', 2026],
  ['令和8年（父）', 2026],
])('D9 喪中 「%s」 is read', (cell, want) => {
  const [c] = readCustomers([{ id: 'C1', name: '佐藤 美咲', mourning: cell }], {
    timeZone: TZ,
    regularVisits: 3,
    today: d('2026-11-24'),
  });
  expect(c.mourning).toBe(want);
});
test('D9b 喪中 「済」 is ambiguous (喪中はがき受取済? 喪明け?) → reported, not read as TRUE', () => {
  const [c] = readCustomers([{ id: 'C1', name: '佐藤 美咲', mourning: '済' }], {
    timeZone: TZ,
    regularVisits: 3,
    today: d('2026-11-24'),
  });
  expect(c.problems.length).toBeGreaterThan(0);
});

test('年賀状 turned on after its window (12-26): no 期限切れ row per household; a season that had cards still logs its unprepared ones', () => {
  const late = plan('2026-12-26', [
    member('A1', 0),
    member('B1', 1, { postalCode: '150-0001', address: 'x1' }),
  ]);
  expect(late.skipped.filter((x) => x.step.rule === 'S10')).toEqual([]);
  // The same households, one card prepared in the window: the other is logged 期限切れ once the window has closed.
  const prepared = card({ state: '印刷済', at: d('2026-12-10') });
  const after = plan(
    '2026-12-26',
    [member('A1', 0), member('B1', 1, { postalCode: '150-0001', address: 'x1' })],
    [prepared],
  );
  expect(after.skipped.filter((x) => x.step.rule === 'S10').map((x) => x.customer.id)).toEqual(['B1']);
});
