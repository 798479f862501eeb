import { categoryOfMenu, DEFAULT_CATEGORY_ROWS, readCategories } from '../../src/core/categories';
import { mergeVisits } from '../../src/core/import/facts';
import { nextCustomerIds } from '../../src/core/import/ids';
import { kindOf, labelFromFileName, mappingProblem, recognise } from '../../src/core/import/layouts';
import { CustomerIndex, identityOf } from '../../src/core/import/match';
import type { ImportedVisit } from '../../src/core/import/model';
import { fillDownSales, readImportRow, type RowContext } from '../../src/core/import/rows';
import { importKey, knownIdentities, planVisitWrite, type VisitRow } from '../../src/core/import/visit-log';
import type { Customer } from '../../src/core/types';
import { customer, d, visitRow } from './builders';

describe('recognising a layout by its header row', () => {
  test.each([
    [
      'smaregi',
      [
        '取引ID',
        '取引日時',
        '取引区分 （1：通常、2：入金）',
        '取消区分 (0:通常、1：取消)',
        '合計',
        '会員ID',
        '姓',
        '名',
      ],
    ],
    [
      'airregi',
      [
        '取引No',
        '来店日',
        '来店時間',
        '会計日',
        '会計時間',
        '合計',
        'メニュー名',
        '顧客名',
        '顧客名(カナ)',
        '顧客番号',
      ],
    ],
    [
      'stores-reserve',
      [
        '予約番号',
        '希望の予約日時',
        'メニュー',
        '金額',
        '顧客名',
        '電話番号',
        'ステータス',
        'キャンセル日時',
      ],
    ],
    [
      'square-customers',
      ['Square Customer ID', 'First Name', 'Last Name', 'Phone Number', 'Transaction Count', 'Last Visit'],
    ],
    [
      'square-transactions',
      ['Date', 'Time', 'Transaction ID', 'Event Type', 'Customer ID', 'Customer Name', 'Total Collected'],
    ],
    ['google-forms', ['タイムスタンプ', 'お名前', '電話番号', 'ご来店日']],
    ['google-forms-en', ['Timestamp', 'Email Address', 'お名前']],
  ])('%s', (id, headers) => {
    const found = recognise([['何かの見出し'], [], headers, headers.map(() => 'x')]);
    expect(found?.layout.id).toBe(id);
    expect(found?.headerIndex).toBe(2);
  });

  test('スマレジ: its legend in the header does not hide 取消区分; the receipt is 取引ID', () => {
    const found = recognise([
      ['取引ID', '取引日時', '取消区分 (0:通常、1：取消)', '合計', '会員ID', '姓', '名'],
    ])!;
    expect(found.mapping).toMatchObject({
      transactionId: 0,
      visitAt: 1,
      status: 2,
      amount: 3,
      externalId: 4,
      familyName: 5,
      givenName: 6,
    });
  });

  test('the general layout matches the usual Japanese names, and 顧客名(カナ) stays apart from 顧客名', () => {
    const found = recognise([
      ['利用日', '顧客番号', '顧客名', '顧客名(カナ)', 'TEL', 'Eメール', '商品名', '合計金額', '次回予約'],
    ])!;
    expect(found.layout.id).toBe('general');
    expect(found.mapping).toEqual({
      visitAt: 0,
      externalId: 1,
      name: 2,
      kana: 3,
      phone: 4,
      email: 5,
      menu: 6,
      amount: 7,
      nextBooking: 8,
    });
    expect(kindOf(found.layout, found.mapping)).toBe('visits');
  });

  test('a list with only 最終来店日 is a customer list; without a date or a person it says what to choose', () => {
    const list = recognise([['会員番号', '氏名', '最終来店日', '来店回数']])!;
    expect(kindOf(list.layout, list.mapping)).toBe('customers');
    expect(mappingProblem({ name: 1 }, 'visits')).toBe(
      '「来店日時」が見つかりません。下の対応で、その列を選んでください。',
    );
    expect(mappingProblem({ visitAt: 0 }, 'visits')).toContain('お客様が分かる列');
    expect(mappingProblem({ visitAt: 0, phone: 1 }, 'visits')).toBe('');
  });

  test('no header row among the top lines: nothing is guessed', () => {
    expect(
      recognise([
        ['2026/11/20', '山田'],
        ['2026/11/21', '佐藤'],
      ]),
    ).toBeNull();
  });

  test('the source of the general layout is named after the file, without its dates', () => {
    expect(labelFromFileName('reserva_20261120_1305.csv')).toBe('reserva');
    expect(labelFromFileName('C:\\Users\\shop\\予約データ 2026-11-20.csv')).toBe('予約データ');
    expect(labelFromFileName('20261120.csv')).toBe('CSV');
  });
});

describe('reading rows', () => {
  const ctx = (headers: string[], now = { day: d('2026-11-24'), minutes: 600 }): RowContext => {
    const found = recognise([headers])!;
    return {
      layout: found.layout,
      kind: kindOf(found.layout, found.mapping),
      mapping: found.mapping,
      headers,
      timeZone: 'Asia/Tokyo',
      now,
    };
  };

  test('a sale of several item rows is filled down from its first row', () => {
    const c = ctx(['取引No', '会計日', '会計時間', '合計', 'メニュー名', '顧客名']);
    const rows = fillDownSales(
      [
        { line: 2, cells: ['1', '2026/11/20', '13:05', '¥12,000', 'カット', '山田 花子'] },
        { line: 3, cells: ['1', '', '', '', 'カラー', ''] },
        { line: 4, cells: ['2', '2026/11/21', '10:00', '¥3,000', 'シャンプー', '佐藤 一郎'] },
      ],
      c.mapping,
    );
    expect(rows[1].cells).toEqual(['1', '2026/11/20', '13:05', '¥12,000', 'カラー', '山田 花子']);
    expect(rows[2].cells[5]).toBe('佐藤 一郎');
  });

  test('スマレジ: a voided sale and a deposit are not visits', () => {
    const headers = [
      '取引ID',
      '取引日時',
      '取引区分 （1：通常、2：入金）',
      '取消区分 (0:通常、1：取消)',
      '合計',
      '姓',
      '名',
    ];
    const c = ctx(headers);
    expect(
      readImportRow({ line: 2, cells: ['9', '2026/11/20 13:05:00', '1', '1', '3000', '山田', '花子'] }, c),
    ).toEqual({ ok: false, why: 'キャンセル・取消の行です' });
    expect(
      readImportRow({ line: 3, cells: ['10', '2026/11/20 14:00:00', '2', '0', '5000', '', ''] }, c),
    ).toEqual({ ok: false, why: '売上ではない取引（入金・出金など）です' });
    const sale = readImportRow(
      { line: 4, cells: ['11', '2026/11/20 15:00:00', '1', '0', '4,400', '山田', '花子'] },
      c,
    );
    expect(sale).toMatchObject({
      ok: true,
      visit: { name: '山田 花子', amount: 4400, at: { day: d('2026-11-20'), minutes: 900 } },
    });
  });

  test('a row dated after the import is a booking; a 次回予約 already past says nothing', () => {
    const c = ctx(['来店日', '氏名', '次回予約']);
    expect(readImportRow({ line: 2, cells: ['2026/11/30 10:00', '山田', ''] }, c)).toMatchObject({
      ok: true,
      visit: { booking: { day: d('2026-11-30') } },
    });
    const past = readImportRow({ line: 3, cells: ['2026/11/20', '山田', '2026/11/22 10:00'] }, c);
    expect(past.ok && past.visit.booking).toBeFalsy();
    expect(readImportRow({ line: 4, cells: ['あした', '山田', ''] }, c)).toEqual({
      ok: false,
      why: '来店日時「あした」を日時として読めません',
    });
  });
});

describe('matching', () => {
  const person = (c: Partial<Customer>) => customer({ phone: undefined, email: undefined, ...c });
  const people = [
    person({ id: 'C1', name: '佐藤 美咲', kana: 'さとう みさき', phone: '090-1111-2222' }),
    person({ id: 'C2', name: '佐藤 健', phone: '090-1111-2222' }),
    person({ id: 'C3', name: '田中 一郎', email: 'ichiro@example.jp' }),
    person({ id: 'C4', name: '山田 花子' }),
    person({ id: 'C5', name: '山田 花子', kana: 'やまだ はなこ' }),
  ];
  const visit = (v: Partial<ImportedVisit>): ImportedVisit => ({
    line: 2,
    customerId: '',
    externalId: '',
    name: '',
    kana: '',
    phone: '',
    email: '',
    menu: '',
    ...v,
  });
  const index = new CustomerIndex(people, new Map([['ext:Airレジ:A-9', 'C3']]));
  const match = (v: Partial<ImportedVisit>) => index.match(visit(v), identityOf(visit(v), 'Airレジ'));

  test('a family sharing a phone: the name decides, or the owner does', () => {
    expect(match({ name: '佐藤 美咲', phone: '+81 90 1111 2222' })).toMatchObject({ status: 'uncertain' });
    expect(match({ name: '佐藤 美咲', phone: '9011112222' }).candidates.map((c) => c.customerId)).toEqual([
      'C1',
      'C2',
    ]);
  });

  test('an address of one customer with the same name is certain; with another name it asks', () => {
    expect(match({ name: '田中 一郎', email: 'ICHIRO@example.jp' })).toMatchObject({
      status: 'matched',
      customerId: 'C3',
      why: 'メールアドレス',
    });
    expect(match({ name: '田中 花子', email: 'ichiro@example.jp' })).toMatchObject({
      status: 'uncertain',
      why: 'メールアドレスは同じですが、お名前が違います（ご家族かもしれません）',
    });
  });

  test('a name alone never matches for certain; a different reading rules a namesake out', () => {
    expect(match({ name: '山田 花子' })).toMatchObject({
      status: 'uncertain',
      why: '同じお名前のお客様が2人います',
    });
    expect(match({ name: '山田 花子', kana: 'ヤマダ ハナコ' }).candidates.map((c) => c.why)).toEqual([
      'お名前が同じ',
      'お名前とフリガナが同じ',
    ]);
    expect(match({ name: '山田 花子', kana: 'ヤマダ カコ' }).candidates.map((c) => c.customerId)).toEqual([
      'C4',
    ]);
    expect(match({ name: '鈴木 一' })).toMatchObject({ status: 'new' });
  });

  test('顧客ID is certain when the name agrees; another system numbering its customers otherwise asks', () => {
    expect(match({ customerId: 'Ｃ４', name: '山田 花子' })).toMatchObject({
      status: 'matched',
      customerId: 'C4',
    });
    expect(match({ customerId: 'C4' })).toMatchObject({ status: 'matched', customerId: 'C4' });
    expect(match({ customerId: 'C4', name: '別人' })).toMatchObject({
      status: 'uncertain',
      why: '顧客IDは同じですが、お名前が違います（顧客では「山田 花子」様）',
    });
  });

  test('what an earlier import tied to a customer is certain: its system number, never a name alone', () => {
    expect(match({ externalId: 'A-9', name: '田中' })).toMatchObject({
      status: 'matched',
      customerId: 'C3',
      why: '前回の取り込み',
    });
    // The same number from another system is another system's customer.
    expect(identityOf(visit({ externalId: 'A-9' }), 'STORES予約')).toBe('ext:STORES予約:A-9');
    expect(index.match(visit({ externalId: 'A-9', name: '田中' }), 'ext:STORES予約:A-9').status).not.toBe(
      'matched',
    );
  });
});

describe('new 顧客ID continue the owner pattern', () => {
  test.each([
    [['C0001', 'C0012', 'C0003', '例1'], 2, ['C0013', 'C0014']],
    [['1', '2', '30'], 1, ['31']],
    [['K-009', 'K-010', 'X1'], 1, ['K-011']],
    [[], 2, ['C0001', 'C0002']],
    [['山田さん'], 1, ['C0001']],
  ])('%j + %d → %j', (ids, n, expected) => {
    expect(nextCustomerIds(ids, n)).toEqual(expected);
  });
});

describe('merged facts (contract section 2)', () => {
  const categories = readCategories(DEFAULT_CATEGORY_ROWS).categories;
  const row = (at: string | undefined, extra: Partial<VisitRow> = {}): VisitRow =>
    visitRow({ ...(at ? { at: { day: d(at), minutes: 600 } } : {}), ...extra });
  const options = { categories, regularVisits: 5, today: d('2026-11-24') };

  test("the later 最終来店日, the earlier 初回来店日, visit days after the owner's 最終来店日 added to 来店回数", () => {
    const owner = customer({
      id: 'C1',
      firstVisit: d('2026-03-01'),
      lastVisit: d('2026-10-01'),
      visits: 3,
      category: '整体',
    });
    const merged = mergeVisits(
      owner,
      [
        row('2026-02-01'),
        row('2026-09-15'),
        row('2026-11-20', { menu: 'カット＆カラー', amount: 9900 }),
        row('2026-11-20'),
        row('2026-11-22'),
      ],
      options,
    );
    expect(merged).toMatchObject({
      firstVisit: d('2026-02-01'),
      lastVisit: d('2026-11-22'),
      visits: 5,
      regular: true,
    });
    expect(merged.factSources).toMatchObject({ lastVisit: '来店履歴（Airレジ 11/24取込）' });
    // The latest visit (11/22) says nothing of a purchase: 購入商品 stays the owner's.
    expect(merged.product).toBe(owner.product);
    expect(owner.lastVisit).toBe(d('2026-10-01'));
  });

  test("the latest visit's メニュー gives カテゴリ through キーワード; one that matches none keeps 顧客's and says so", () => {
    const owner = customer({ id: 'C1', lastVisit: d('2026-10-01'), category: '整体' });
    expect(mergeVisits(owner, [row('2026-11-20', { menu: 'カット', amount: 4400 })], options)).toMatchObject({
      category: '美容室',
      product: 'カット',
      amount: 4400,
    });
    const unknown = mergeVisits(owner, [row('2026-11-20', { menu: 'ネイル' })], options);
    expect(unknown.category).toBe('整体');
    expect(unknown.notes).toEqual([
      '来店履歴のメニュー「ネイル」に合うカテゴリがありません。カテゴリ表の「キーワード」に言葉を足してください（それまでは顧客のカテゴリ「整体」で続けます）',
    ]);
  });

  test("with 来店回数 blank: the visit days, or a customer list's count and the days after it", () => {
    const owner = customer({ id: 'C1', visits: undefined, lastVisit: undefined, firstVisit: undefined });
    expect(mergeVisits(owner, [row('2026-11-01'), row('2026-11-01')], options).visits).toBe(1);
    expect(
      mergeVisits(owner, [row('2026-10-01', { visitCount: 9 }), row('2026-11-01')], options).visits,
    ).toBe(10);
    expect(mergeVisits({ ...owner, visits: 2 }, [row('2026-10-01', { visitCount: 9 })], options).visits).toBe(
      3,
    );
  });

  test('次回予約日: the newest word — an import, unless the owner edited the cell since', () => {
    const booked = { day: d('2026-12-05'), minutes: 600 };
    const owner = customer({ id: 'C1', nextBooking: { day: d('2026-12-01'), minutes: 0 } });
    const rows = [row(undefined, { nextBooking: booked })];
    expect(
      mergeVisits(owner, rows, { ...options, ownerBookingNow: 'x', ownerBookingAtImport: 'x' }).nextBooking,
    ).toEqual(booked);
    expect(
      mergeVisits(owner, rows, { ...options, ownerBookingNow: 'y', ownerBookingAtImport: 'x' }).nextBooking,
    ).toEqual(owner.nextBooking);
    // The export no longer lists it: its row reads 予約なし, and the owner's unchanged cell goes with it.
    const withdrawn = [row(undefined, { bookingWithdrawn: true })];
    expect(
      mergeVisits(owner, withdrawn, { ...options, ownerBookingNow: 'x', ownerBookingAtImport: 'x' })
        .nextBooking,
    ).toBeUndefined();
    // Two bookings ahead, in whatever order the export listed them: the earlier one (its day-before comes first);
    // one already past is no booking.
    const two = [
      row(undefined, { nextBooking: { day: d('2026-12-20'), minutes: 600 } }),
      row(undefined, { nextBooking: { day: d('2026-12-01'), minutes: 660 } }),
      row(undefined, { nextBooking: { day: d('2026-11-20'), minutes: 600 } }),
    ];
    expect(mergeVisits(owner, two, options).nextBooking).toEqual({ day: d('2026-12-01'), minutes: 660 });
  });
});

test('a negative amount is a refund or a correction, not a visit', () => {
  const found = recognise([['取引No', '会計日', '合計', '顧客名']])!;
  const ctx: RowContext = {
    layout: found.layout,
    kind: 'visits',
    mapping: found.mapping,
    headers: found.headers,
    timeZone: 'Asia/Tokyo',
    now: { day: d('2026-11-24'), minutes: 600 },
  };
  expect(readImportRow({ line: 5, cells: ['7', '2026/11/20', '-¥3,300', '山田 花子'] }, ctx)).toEqual({
    ok: false,
    why: '返金・訂正（マイナスの金額）の行です',
  });
});

describe('what 来店履歴 teaches the next import', () => {
  const row = (extra: Partial<VisitRow>): VisitRow => ({
    index: 0,
    customerId: 'C1',
    name: '佐藤 美咲',
    phone: '',
    menu: '',
    category: '',
    source: 'Airレジ 2026/11/24取込・STORES予約 2026/11/25取込',
    externalId: '7',
    keys: ['k'],
    ...extra,
  });

  test('外部ID only for the system that wrote it first; a phone with its name; never a name alone', () => {
    const known = knownIdentities([
      row({}),
      row({ customerId: 'C2', externalId: '', phone: '090-1111-2222' }),
    ]);
    expect([...known]).toEqual([
      ['ext:Airレジ:7', 'C1'],
      ['tel:09011112222|佐藤美咲', 'C2'],
    ]);
  });
});

describe('writing a part', () => {
  const on = { day: d('2026-11-24'), minutes: 600 };
  const sale = (key: string, extra: Partial<ImportedVisit>) => ({
    customerId: 'C1',
    key,
    visit: {
      line: 2,
      customerId: '',
      externalId: '',
      name: '佐藤',
      kana: '',
      phone: '',
      email: '',
      menu: 'カット',
      ...extra,
    },
  });

  test('a booking moved under the same 予約番号 takes the newest time; nothing is added', () => {
    const first = planVisitWrite(
      [],
      [sale('s:R2#予約', { booking: { day: d('2026-12-05'), minutes: 600 } })],
      'S',
      on,
      () => '',
    );
    // planVisitWrite changes the rows it is given (they are the sheet as just read): a fresh copy per call.
    const existing = () => first.appends.map((r, i) => ({ ...r, keys: [...r.keys], index: i }));
    const moved = planVisitWrite(
      existing(),
      [sale('s:R2#予約', { booking: { day: d('2026-12-08'), minutes: 660 } })],
      'S',
      on,
      () => '',
    );
    expect(moved).toMatchObject({ added: 0, merged: 1, already: 0 });
    expect(moved.updates[0].nextBooking).toEqual({ day: d('2026-12-08'), minutes: 660 });
    const same = planVisitWrite(
      existing(),
      [sale('s:R2#予約', { booking: { day: d('2026-12-05'), minutes: 600 } })],
      'S',
      on,
      () => '',
    );
    expect(same).toMatchObject({ added: 0, merged: 0, already: 1 });
  });

  test('without a 取引番号, the same visit with its 次回予約 or amount corrected keeps one key', () => {
    const v = { at: { day: d('2026-11-20'), minutes: 600 }, menu: 'カット' };
    expect(importKey('g', { ...sale('', v).visit, amount: 6600 }, '', 'tel:1|a')).toBe(
      importKey(
        'g',
        { ...sale('', v).visit, amount: 7700, booking: { day: d('2026-12-12'), minutes: 0 } },
        '',
        'tel:1|a',
      ),
    );
  });
});

test('a メニュー finds its category among the shop own categories, the table other trades being examples', () => {
  const categories = readCategories(DEFAULT_CATEGORY_ROWS).categories;
  expect(categoryOfMenu('ヘッドスパ30分', categories)).toBe('美容室');
  expect(categoryOfMenu('ヘッドスパ30分', categories, new Set(['整体', 'マッサージ']))).toBe('');
  expect(categoryOfMenu('全身もみほぐし60分', categories, new Set(['整体', 'マッサージ']))).toBe(
    'マッサージ',
  );
  // A shop whose customers have no category (or only unknown ones) matches against the whole table.
  expect(categoryOfMenu('カット', categories, new Set(['その他']))).toBe('美容室');
});
