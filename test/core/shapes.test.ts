/**
 * Every customer and every 連絡履歴 row the readers make has the same fields in the same order, whatever the owner
 * typed or left blank. The planner reads these objects 100,000s of times a run: in V8, objects of one shape are
 * read by a fixed offset, while a field deleted after the fact (`delete customer.nextBooking`) turns the object
 * into a hash table, and every read of every customer became a lookup. The engine at 100,000 customers was some
 * 15% slower for it (issue 19). Absent means undefined here, never a missing key.
 */
import { setFlagsFromString } from 'node:v8';
import fc from 'fast-check';
import { readCustomers, type RawCustomerRow } from '../../src/core/customers';
import { mergeVisits } from '../../src/core/import/facts';
import { linkLineFriends } from '../../src/core/line-links';
import { readRecords, type RawLogRow } from '../../src/core/records';
import { readCategories, DEFAULT_CATEGORY_ROWS } from '../../src/core/categories';
import type { Customer } from '../../src/core/types';
import { planFollowUps } from '../../src/core/plan';
import { emptyPlan } from '../../src/core/plan/model';
import { customer, d, planInput, TZ, visitRow } from './builders';

const TODAY = d('2026-11-24');
const keysOf = (o: object) => Object.keys(o).join(',');

// V8's own word on it: whether an object's fields are read by offset (fast) or it has become a hash table.
setFlagsFromString('--allow-natives-syntax');
const fastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

/** What owners type in each column: a good value, a bad one, blank, and the odd ones out. */
const CUSTOMER_CELLS: { [K in keyof RawCustomerRow]-?: readonly unknown[] } = {
  id: ['C1', '', 'C2'],
  name: ['佐藤 美咲', '', '山田 花子様'],
  kana: ['さとう みさき', ''],
  honorific: ['', '様', 'さま'],
  email: ['misaki@example.jp', 'misaki@', ''],
  phone: ['090-1234-5678', '123', ''],
  lineUserId: [`U${'a'.repeat(32)}`, 'Uabc', ''],
  postalCode: ['150-0001', '1500', ''],
  address: ['東京都渋谷区神宮前1-2-3', ''],
  firstVisit: ['2026/03/01', '2026/13/40', '', '2030/01/01'],
  lastVisit: ['2026/10/01', 'きのう', '', '1800/01/01'],
  visits: [3, 'たくさん', '', 12],
  category: ['整体', ''],
  product: ['カット', ''],
  amount: [4400, '¥4,400', 'お任せ', ''],
  satisfaction: ['満足', '不満', 'ふつう', ''],
  cancelDate: ['2026/11/20', 'x', ''],
  complaintDate: ['2026/11/10', 'x', ''],
  improvement: ['待ち時間を短く', ''],
  phoneAllowed: [true, 'いいえ', '', 'たぶん'],
  regular: [true, false, '', '常連'],
  emailConsent: [true, false, '', '?'],
  optOut: ['', 'メール', 'すべて', 'ハガキ以外'],
  memo: ['', 'よく話す'],
  nextBooking: ['', '2026/12/5 14:00', '2026/11/01 10:00', 'そのうち', '12/5'],
  birthday: ['', '5/12', '1990/05/12', '13/40'],
  mourning: ['', true, 2026, '令和8年', 'たぶん'],
  nextDay: [''],
  nextContent: [''],
  nextChannel: [''],
  reason: [''],
  attention: [''],
};

const customerRow = fc.record(
  Object.fromEntries(
    Object.entries(CUSTOMER_CELLS).map(([field, cells]) => [field, fc.constantFrom(...cells)]),
  ) as { [K in keyof RawCustomerRow]: fc.Arbitrary<unknown> },
);

const LOG_CELLS: { [K in keyof RawLogRow]-?: readonly unknown[] } = {
  at: ['2026/11/20', '', '11/20', 'きのう', new Date('2026-11-20T01:00:00Z')],
  customerId: ['C1', ''],
  name: ['佐藤 美咲', ''],
  scenario: ['購入後フォロー', 'ニュースレター', '', 'なにか'],
  step: ['お礼', '', 'ようす伺い'],
  channel: ['メール', 'はがき', '', 'FAX'],
  state: ['完了', '済', '', 'たぶん', '承認待ち'],
  plannedDay: ['', '2026/12/01', 'x'],
  result: ['', '満足', 'わからない'],
  content: ['', 'お礼のメール'],
  key: ['', 'C1|S1|お礼|2026-11-20'],
  note: ['', ' 手書きで '],
  draftId: ['', 'r-123'],
  threadId: ['', 't-1'],
  address: ['', '東京都'],
  flags: ['', '再送'],
};

const logRow = fc.record(
  Object.fromEntries(
    Object.entries(LOG_CELLS).map(([field, cells]) => [field, fc.constantFrom(...cells)]),
  ) as {
    [K in keyof RawLogRow]: fc.Arbitrary<unknown>;
  },
);

/** Every field of Customer, optional or not: the type fails here when one is added or removed. */
const CUSTOMER_FIELDS: { [K in keyof Required<Customer>]: true } = {
  index: true,
  id: true,
  name: true,
  honorific: true,
  email: true,
  phone: true,
  lineUserId: true,
  postalCode: true,
  address: true,
  household: true,
  firstVisit: true,
  lastVisit: true,
  visits: true,
  category: true,
  product: true,
  amount: true,
  satisfaction: true,
  cancelDate: true,
  complaintDate: true,
  nextBooking: true,
  improvement: true,
  phoneAllowed: true,
  regular: true,
  emailConsent: true,
  optOut: true,
  optOutUnreadable: true,
  problems: true,
  notes: true,
  blocked: true,
  kana: true,
  lineConflict: true,
  birthday: true,
  mourning: true,
  factSources: true,
};

function read(rows: RawCustomerRow[]): Customer[] {
  return readCustomers(rows, { timeZone: TZ, regularVisits: 5, today: TODAY });
}

describe('one shape for every customer and every 連絡履歴 row (issue 19)', () => {
  test('customers: the same fields in the same order, whatever was typed, left blank or unreadable', () => {
    const shapes = new Set<string>();
    fc.assert(
      fc.property(fc.array(customerRow, { minLength: 1, maxLength: 8 }), (rows) => {
        for (const c of read(rows)) {
          shapes.add(keysOf(c));
          expect(fastProperties(c)).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
    expect([...shapes]).toHaveLength(1);
    // Every field of Customer is among them (the type lists them all), so none is added later to some customers.
    const [shape] = shapes;
    expect(shape.split(',').sort()).toEqual(Object.keys(CUSTOMER_FIELDS).sort());
  });

  test('連絡履歴 rows: the same fields in the same order, typed by hand or keyed, readable or not', () => {
    const shapes = new Set<string>();
    fc.assert(
      fc.property(fc.array(logRow, { minLength: 1, maxLength: 8 }), (rows) => {
        for (const r of readRecords(rows, TZ, TODAY)) {
          shapes.add(keysOf(r));
          expect(fastProperties(r)).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
    expect([...shapes]).toHaveLength(1);
    const [shape] = shapes;
    expect(shape.split(',')).toEqual(expect.arrayContaining(['unreadable', 'filledAt']));
  });

  test('来店履歴 merged in keeps the shape: a purchase without 金額, a booking the export withdrew', () => {
    const [owner] = read([
      {
        id: 'C1',
        name: '佐藤 美咲',
        lastVisit: '2026/10/01',
        amount: 4400,
        nextBooking: '2026/12/5 14:00',
      },
    ]);
    expect(owner.nextBooking).toBeDefined();
    const categories = readCategories(DEFAULT_CATEGORY_ROWS).categories;
    const options = {
      categories,
      regularVisits: 5,
      today: TODAY,
      ownerBookingNow: 'x',
      ownerBookingAtImport: 'x',
    };
    const noAmount = mergeVisits(
      owner,
      [visitRow({ at: { day: d('2026-11-20'), minutes: 600 }, menu: 'カット' })],
      options,
    );
    expect(noAmount.amount).toBeUndefined();
    const withdrawn = mergeVisits(owner, [visitRow({ bookingWithdrawn: true })], options);
    expect(withdrawn.nextBooking).toBeUndefined();
    expect(keysOf(noAmount)).toBe(keysOf(owner));
    expect(keysOf(withdrawn)).toBe(keysOf(owner));
    for (const c of [owner, noAmount, withdrawn]) expect(fastProperties(c)).toBe(true);
  });

  test('LINE友だち linked in keeps the shape: a customer in a conflict has no LINE user id, not no field', () => {
    const ken = `U${'b'.repeat(32)}`;
    const hanako = `U${'c'.repeat(32)}`;
    const [owner] = read([{ id: 'C1', name: '佐藤 美咲', lineUserId: ken }]);
    const friend = (userId: string, customerId: string) => ({
      userId,
      displayName: 'みさき',
      blocked: false,
      customerId,
      phone: '',
      code: '',
    });
    const [conflict] = linkLineFriends([owner], [friend(hanako, 'C1'), friend(ken, '')]);
    expect(conflict.lineConflict).toBeDefined();
    expect(conflict.lineUserId).toBeUndefined();
    expect(keysOf(conflict)).toBe(keysOf(owner));
    expect(fastProperties(conflict)).toBe(true);
  });

  test('the plan, which the planner reaches for every customer, is no hash table: its lastDays getter included', () => {
    // Every plan, not only the first: a trial plans each customer on a scratch plan.
    for (let i = 0; i < 3; i++) expect(fastProperties(emptyPlan())).toBe(true);
    const plan = planFollowUps(
      planInput({ today: TODAY, customers: [customer({ id: 'C1', lastVisit: d('2026-11-20') })] }),
    );
    expect(fastProperties(plan)).toBe(true);
    expect(plan.lastDays).toBeInstanceOf(Map);
    expect(Object.keys(plan)).toContain('lastDays');
  });

  test('the check itself tells a hash table: an object with a field deleted', () => {
    const deleted: { a?: number; b: number } = { a: 1, b: 2 };
    delete deleted.a;
    expect(fastProperties({ a: 1, b: 2 })).toBe(true);
    expect(fastProperties(deleted)).toBe(false);
  });
});
