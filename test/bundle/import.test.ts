/**
 * 「CSVを取り込む」 through the bundle (issue 17): the one driver the sidebar and the runner use, calling the
 * bundle's global functions as google.script.run would, on files built here as their systems write them.
 */
import iconv from 'iconv-lite';
import { readImportFile } from '../../src/shared/import-file';
import { previewImport, startImport, unattendedDecisions, writeImport } from '../../src/shared/import-driver';
import {
  customerSheet,
  dateCell,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  wall,
  type Tsunagu,
  importServerOf,
} from './harness';
import type { CellValue } from '../fakes';

async function importFile(
  t: Tsunagu,
  name: string,
  bytes: Uint8Array,
  decide: (d: Record<string, string>, preview: Awaited<ReturnType<typeof previewImport>>) => void = () => {},
) {
  const server = importServerOf(t);
  const file = readImportFile(bytes);
  const started = await startImport(server, name, file.rows);
  if (!started.start.ok) throw new Error(started.start.message);
  const preview = await previewImport(server, started);
  const decisions = unattendedDecisions(preview);
  decide(decisions, preview);
  const result = await writeImport(server, started, preview, decisions);
  return { started, preview, result };
}

/** A 来店履歴 date cell as the owner reads it (Tokyo): 2026/11/20 13:05; text as it is. */
function shown(value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  const wall = new Date(value.getTime() + 9 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${wall.getUTCFullYear()}/${p(wall.getUTCMonth() + 1)}/${p(wall.getUTCDate())} ${wall.getUTCHours()}:${p(wall.getUTCMinutes())}`;
}

const sjis = (lines: string[]) => new Uint8Array(iconv.encode(lines.join('\r\n') + '\r\n', 'cp932'));

const CUSTOMERS: Record<string, CellValue>[] = [
  {
    顧客ID: 'C0001',
    氏名: '佐藤 美咲',
    ふりがな: 'さとう みさき',
    電話: '090-1111-2222',
    メール: 'misaki@example.jp',
    最終来店日: dateCell('2026-10-01'),
    来店回数: 3,
    カテゴリ: '整体',
    購入商品: '骨盤調整60分',
  },
  {
    顧客ID: 'C0002',
    氏名: '田中 一郎',
    電話: '03-3333-4444',
    最終来店日: dateCell('2026-09-01'),
    来店回数: 2,
  },
];
const HEADER = [
  '顧客ID',
  '氏名',
  'ふりがな',
  '電話',
  'メール',
  '最終来店日',
  '来店回数',
  'カテゴリ',
  '購入商品',
  '配信停止',
  'メモ',
];

function shop(): Tsunagu {
  return loadTsunagu({
    sheets: [customerSheet(CUSTOMERS, HEADER), settingsSheet(SHOP_SETTINGS)],
    today: '2026-11-24',
    hour: 10,
  });
}

/** An Airレジ 会計明細 as its parsers read it: a title line, one row per item, a totals line, Shift_JIS and CRLF. */
const AIRREGI = sjis([
  '会計明細,2026/11/01〜2026/11/23',
  '取引No,会計日,会計時間,合計,メニュー名,顧客番号,顧客名,顧客名(カナ)',
  '0001,2026/11/20,13:05,"¥12,000",骨盤調整60分,A-1,佐藤 美咲,サトウ ミサキ',
  '0001,,,,ストレッチ指導,,,',
  '0002,令和8年11月21日,１０：３０,"¥5,500",肩こり集中30分,A-2,田中 一郎,タナカ イチロウ',
  '0003,2026/11/22,15:00,"¥8,800",カット,A-3,山本 花,ヤマモト ハナ',
  '合計,,,"¥26,300",,,,',
]);

describe('importing an Airレジ export', () => {
  test('reads the title line, the sale of two items, 和暦 and full-width times; skips the totals line', async () => {
    const t = shop();
    const { started, preview } = await importFile(t, '会計明細_20261123.csv', AIRREGI, () => {});
    expect(started.start.source).toMatchObject({ layout: 'airregi', label: 'Airレジ', kind: 'visits' });
    expect(started.start.headerIndex).toBe(1);
    expect(preview.skipped).toEqual([{ line: 7, why: '合計の行です' }]);
    // No phone in this layout: 佐藤 and 田中 match only by name → the owner decides; 山本 is new.
    expect(preview.uncertain.map((p) => p.name)).toEqual(['佐藤 美咲', '田中 一郎']);
    expect(preview.newCustomers.map((p) => p.name)).toEqual(['山本 花']);
  });
});

/** Every cell of 顧客's first rows as they were: an import never changes them. */
function ownerCellsKept(t: Tsunagu) {
  const values = t.values('顧客') ?? [];
  expect(values[0].slice(0, HEADER.length)).toEqual(HEADER);
  CUSTOMERS.forEach((row, i) =>
    expect(HEADER.map((_, j) => values[i + 1][j] ?? '')).toEqual(HEADER.map((h) => row[h] ?? '')),
  );
}

describe('writing what the owner confirmed', () => {
  test('visits go to 来店履歴 with their keys; the same file again adds nothing; 顧客 keeps every cell', async () => {
    const t = shop();
    const first = await importFile(t, 'airregi.csv', AIRREGI, (d, p) => {
      // The owner confirms 佐藤 as C0001 and leaves 田中 unconfirmed; 山本 is added (the runner's choice too).
      d[p.uncertain[0].identity] = 'C0001';
    });
    expect(first.result).toMatchObject({ added: 2, merged: 0, already: 0, newCustomers: 1 });
    // 田中 (uncertain, not confirmed) is not imported; the totals line neither.
    expect(first.result.skipped).toBe(2);
    const visits = t.records('来店履歴');
    expect(visits.map((v) => [shown(v['日時']), v['顧客ID'], v['メニュー'], v['金額'], v['出典']])).toEqual([
      ['2026/11/20 13:05', 'C0001', '骨盤調整60分、ストレッチ指導', 12000, 'Airレジ 2026/11/24取込'],
      ['2026/11/22 15:00', 'C0003', 'カット', 8800, 'Airレジ 2026/11/24取込'],
    ]);
    expect(visits[0]['取込キー']).toBe('airregi:0001');
    ownerCellsKept(t);
    const customers = t.records('顧客');
    expect(customers).toHaveLength(3);
    expect(customers[2]).toMatchObject({ 顧客ID: 'C0003', 氏名: '山本 花', ふりがな: 'ヤマモト ハナ' });

    const again = await importFile(t, 'airregi.csv', AIRREGI, (_d, p) => {
      // 佐藤 is now known from the earlier import: no question asked again.
      expect(p.uncertain.map((u) => u.name)).toEqual(['田中 一郎']);
      expect(p.newCustomers).toEqual([]);
    });
    expect(again.result).toMatchObject({ added: 0, merged: 0, newCustomers: 0 });
    expect(again.result.already).toBe(2);
    expect(t.records('来店履歴')).toHaveLength(2);
    expect(t.records('顧客')).toHaveLength(3);
    ownerCellsKept(t);
  });

  test('an uncertain match is never merged without the owner, and a rejected one adds nothing', async () => {
    const t = shop();
    await importFile(t, 'airregi.csv', AIRREGI, (d, p) => {
      for (const u of p.uncertain) d[u.identity] = 'skip';
      for (const n of p.newCustomers) d[n.identity] = 'skip';
    });
    expect(t.values('来店履歴')).toBeUndefined();
    expect(t.records('顧客')).toHaveLength(2);
  });

  test('a part sent twice adds nothing; new customers sent twice are added once', async () => {
    const t = shop();
    const server = importServerOf(t);
    const started = await startImport(server, 'a.csv', readImportFile(AIRREGI).rows);
    const preview = await previewImport(server, started);
    const person = preview.newCustomers[0];
    const add = { source: started.start.source, people: [person] };
    const firstAdd = t.call<{ ids: Record<string, string>; added: number }>('addImportCustomers', add);
    const secondAdd = t.call<{ ids: Record<string, string>; added: number }>('addImportCustomers', add);
    expect(firstAdd).toEqual({ ids: { [person.identity]: 'C0003' }, added: 1 });
    expect(secondAdd).toEqual({ ids: { [person.identity]: 'C0003' }, added: 0 });
    const decisions = { [preview.uncertain[0].identity]: 'C0001', [person.identity]: 'C0003' };
    const request = { ...started.start, rows: started.rows, decisions };
    const once = t.call<{ added: number }>('writeImportPart', request);
    const twice = t.call<{ added: number; already: number }>('writeImportPart', request);
    expect(once.added).toBe(2);
    expect(twice).toMatchObject({ added: 0, already: 2 });
    expect(t.records('顧客')).toHaveLength(3);
  });

  test("the owner's 取り込まない stands even when an earlier part made the person look certain", async () => {
    const twins: Record<string, CellValue>[] = [
      { 顧客ID: 'C0001', 氏名: '佐藤 美咲' },
      { 顧客ID: 'C0002', 氏名: '佐藤 美咲' },
    ];
    const t = loadTsunagu({
      sheets: [customerSheet(twins, HEADER), settingsSheet(SHOP_SETTINGS)],
      today: '2026-11-24',
      hour: 10,
    });
    const file = utf8(['来店日,会員番号,氏名', '2026/11/20,7,佐藤 美咲', '2026/11/21,,佐藤 美咲']);
    const server = importServerOf(t);
    const started = await startImport(server, 'x.csv', readImportFile(file).rows);
    const preview = await previewImport(server, started);
    expect(preview.uncertain).toHaveLength(2);
    const [numbered, bare] = preview.uncertain;
    // Sent as two parts, as a long file would be: the first teaches 来店履歴 who member 7 is.
    const base = { ...started.start, decisions: { [numbered.identity]: 'C0001', [bare.identity]: 'skip' } };
    t.call('writeImportPart', { ...base, rows: started.rows.slice(0, 1) });
    t.call('writeImportPart', { ...base, rows: started.rows.slice(1) });
    expect(t.records('来店履歴').map((r) => [shown(r['日時']), r['顧客ID']])).toEqual([
      ['2026/11/20 0:00', 'C0001'],
    ]);
  });
});

describe('the planner uses the merged facts', () => {
  test('an imported visit starts 購入後フォロー as a typed one would, and 理由 says where the date came from', async () => {
    const t = shop();
    await importFile(t, 'airregi.csv', AIRREGI, (d, p) => {
      d[p.uncertain[0].identity] = 'C0001';
    });
    t.call('runDailyFollowUps');
    const sato = t.records('顧客').find((c) => c['顧客ID'] === 'C0001');
    expect(sato?.['理由']).toBe(
      '購入後フォロー（お伺い）: 来店履歴（Airレジ 11/24取込）の来店日（2026/11/20）の2日後（カテゴリ「整体」）。下書き（連絡履歴）。2日遅れ',
    );
    // The owner's own cells are as they were: 最終来店日 10/01, 来店回数 3.
    expect(sato?.['最終来店日']).toEqual(dateCell('2026-10-01'));
    expect(sato?.['来店回数']).toBe(3);
  });
});

const utf8 = (lines: string[]) => new Uint8Array(Buffer.from(lines.join('\n') + '\n', 'utf8'));

/** 佐藤's visit of 11/20 as STORES予約 lists it (the phone without its 0, as Excel leaves it). */
const SATO_R1 = [
  'R1',
  '2026/11/20 13:00',
  '骨盤調整60分',
  '6600',
  '佐藤 美咲',
  '9011112222',
  'misaki@example.jp',
  '確定',
  '',
];

/** STORES予約's 予約一覧 (its help page's items, the headers its parsers read): UTF-8 here, phones without their 0. */
function storesExport(rows: string[][]): Uint8Array {
  return utf8([
    '予約番号,希望の予約日時,メニュー,金額,顧客名,電話番号,メールアドレス,ステータス,キャンセル日時',
    ...rows.map((r) => r.join(',')),
  ]);
}

describe('bookings and several sources', () => {
  test('a booking sets 次回予約日; the next export without it withdraws it; 顧客 is never written', async () => {
    const t = shop();
    const first = storesExport([
      SATO_R1,
      [
        'R2',
        '2026/12/05 10:00',
        '骨盤調整60分',
        '6600',
        '佐藤 美咲',
        '9011112222',
        'misaki@example.jp',
        '確定',
        '',
      ],
      [
        'R3',
        '2026/12/06 11:00',
        '肩こり集中30分',
        '3300',
        '田中 一郎',
        '0333334444',
        '',
        'キャンセル',
        '2026/11/22 9:00',
      ],
    ]);
    const { preview } = await importFile(t, '予約一覧.csv', first);
    // By phone (the dropped 0 put back): certain. The cancelled booking is not imported.
    expect(preview).toMatchObject({
      visits: 1,
      bookings: 1,
      matchedCustomers: 1,
      uncertain: [],
      newCustomers: [],
    });
    expect(preview.skipped).toEqual([{ line: 4, why: 'キャンセル・取消の行です' }]);
    const rows = t.records('来店履歴');
    expect(rows.map((r) => [shown(r['日時']), shown(r['次回予約日']), r['出典']])).toEqual([
      ['2026/11/20 13:00', '', 'STORES予約 2026/11/24取込'],
      ['', '2026/12/05 10:00', 'STORES予約 2026/11/24取込'],
    ]);
    t.call('runDailyFollowUps');
    // S5 and S2 read 次回予約日 through the merge; the plan says nothing of a visit on 12/05 yet.
    ownerCellsKept(t);

    // The next export no longer lists R2: withdrawn.
    t.at('2026-11-26', 10);
    const second = storesExport([
      SATO_R1,
      [
        'R4',
        '2026/12/10 10:00',
        'カット',
        '4400',
        '佐藤 美咲',
        '9011112222',
        'misaki@example.jp',
        '確定',
        '',
      ],
    ]);
    const again = await importFile(t, '予約一覧.csv', second);
    expect(again.result).toMatchObject({ added: 1, already: 1, withdrawn: 1 });
    const after = t.records('来店履歴');
    expect(after.map((r) => shown(r['次回予約日']))).toEqual([
      '',
      '予約なし（2026/11/26取込で確認）',
      '2026/12/10 10:00',
    ]);
    ownerCellsKept(t);

    // After the day: R4 listed as a visit is a new fact (its booking's key is not the visit's), and the booking
    // that has passed is not withdrawn.
    t.at('2026-12-11', 10);
    const third = await importFile(t, '予約一覧.csv', second);
    expect(third.result).toMatchObject({ added: 1, already: 1, withdrawn: 0 });
    expect(t.records('来店履歴').map((r) => [shown(r['日時']), r['取込キー']])).toEqual([
      ['2026/11/20 13:00', 'stores-reserve:R1'],
      ['', 'stores-reserve:R2#予約'],
      ['', 'stores-reserve:R4#予約'],
      ['2026/12/10 10:00', 'stores-reserve:R4'],
    ]);
  });

  test('the same visit in a register export and a booking export is one row; 出典 names both', async () => {
    const t = shop();
    await importFile(t, '予約一覧.csv', storesExport([SATO_R1]));
    await importFile(t, 'airregi.csv', AIRREGI, (d, p) => {
      for (const u of p.uncertain) d[u.identity] = 'skip';
      for (const n of p.newCustomers) d[n.identity] = 'skip';
    });
    // 佐藤 is known now by phone from STORES, but Airレジ's rows have no phone: still uncertain, and skipped.
    expect(t.records('来店履歴')).toHaveLength(1);
    await importFile(t, 'airregi.csv', AIRREGI, (d, p) => {
      d[p.uncertain.find((u) => u.name === '佐藤 美咲')!.identity] = 'C0001';
    });
    const rows = t.records('来店履歴');
    expect(rows.filter((r) => r['顧客ID'] === 'C0001')).toHaveLength(1);
    expect(rows[0]['出典']).toBe('STORES予約 2026/11/24取込・Airレジ 2026/11/24取込');
    expect(String(rows[0]['取込キー']).split(' ')).toEqual(['stores-reserve:R1', 'airregi:0001']);
    // The visit's facts are the first source's: the amount is not counted twice.
    expect(rows[0]['金額']).toBe(6600);
  });
});

describe('a customer list (Square)', () => {
  test('its 最終来店日 becomes one visit; its 来店回数 is used only where 顧客 has none', async () => {
    const t = shop();
    const file = utf8([
      'Square Customer ID,Reference ID,First Name,Last Name,Email Address,Phone Number,Transaction Count,First Visit,Last Visit,Email Unsubscribed',
      'SQ1,,美咲,佐藤,misaki@example.jp,+81 90-1111-2222,9,2025-01-10,2026-11-18,True',
      'SQ2,,花子,鈴木,hanako@example.jp,+819055556666,4,2025-06-01,2026-11-10,True',
      'SQ3,,健,高橋,,+819000001111,1,2026-11-01,2026-11-01,False',
    ]);
    const { started, preview, result } = await importFile(t, 'customers.csv', file);
    // The source's unsubscribe: a new customer starts with it; of an existing one the owner is told.
    expect(result.problems).toEqual([
      '佐藤 美咲様（C0001）はSquare（顧客リスト）でメールの配信停止になっています。顧客の「配信停止」に「メール」を入れてください',
    ]);
    expect(started.start.source).toMatchObject({ layout: 'square-customers', kind: 'customers' });
    expect(preview).toMatchObject({ visits: 3, matchedCustomers: 1 });
    expect(preview.newCustomers.map((n) => n.name)).toEqual(['鈴木 花子', '高橋 健']);
    t.call('runDailyFollowUps');
    const rows = t.records('来店履歴');
    expect(rows.map((r) => [r['顧客ID'], shown(r['日時']), r['来店回数']])).toEqual([
      ['C0001', '2026/11/18 0:00', 9],
      ['C0003', '2026/11/10 0:00', 4],
      ['C0004', '2026/11/01 0:00', 1],
    ]);
    const suzuki = t.records('顧客').find((c) => c['顧客ID'] === 'C0003');
    expect(suzuki).toMatchObject({
      氏名: '鈴木 花子',
      // The number as a Japanese phone: +81 read as 0.
      電話: '09055556666',
      メール: 'hanako@example.jp',
      配信停止: 'メール',
    });
    expect(t.records('顧客').find((c) => c['顧客ID'] === 'C0004')).toMatchObject({
      氏名: '高橋 健',
      配信停止: '',
    });
    ownerCellsKept(t);
  });
});

describe('a Google Form in the same spreadsheet', () => {
  test('its responses sheet is offered first and imported through the same path, dates read whatever the locale', async () => {
    const form = {
      name: 'フォームの回答 1',
      values: [
        ['タイムスタンプ', 'お名前', '電話番号', 'ご来店日', 'ご感想'],
        [
          new Date(wall('2026-11-21', 20, 54)),
          '佐藤 美咲',
          '090-1111-2222',
          new Date(wall('2026-11-21', 0)),
          'よかったです',
        ],
        [new Date(wall('2026-11-22', 9, 3)), '新井 結衣', '080-7777-8888', '', ''],
      ],
    };
    const t = loadTsunagu({
      sheets: [
        customerSheet(CUSTOMERS, HEADER),
        settingsSheet(SHOP_SETTINGS),
        form,
        { name: 'メモ', values: [['a'], ['b']] },
      ],
      today: '2026-11-24',
      hour: 10,
    });
    const sheets = t.call<{ name: string; form: boolean }[]>('getImportSheets');
    expect(sheets.map((s) => [s.name, s.form])).toEqual([
      ['フォームの回答 1', true],
      ['メモ', false],
    ]);
    const { rows } = t.call<{ rows: string[][] }>('readImportSheet', 'フォームの回答 1', 1, 2000);
    expect(rows[1].slice(0, 4)).toEqual([
      '2026/11/21 20:54',
      '佐藤 美咲',
      '090-1111-2222',
      '2026/11/21 00:00',
    ]);
    const server = importServerOf(t);
    const started = await startImport(server, 'フォームの回答 1', rows);
    expect(started.start.source).toMatchObject({ layout: 'google-forms', label: 'Googleフォーム' });
    const preview = await previewImport(server, started);
    expect(preview).toMatchObject({ visits: 2, matchedCustomers: 1 });
    await writeImport(server, started, preview, unattendedDecisions(preview));
    // ご来店日 when it is answered; the moment the form was sent when it is not.
    expect(t.records('来店履歴').map((r) => [shown(r['日時']), r['顧客ID'], r['出典']])).toEqual([
      ['2026/11/21 0:00', 'C0001', 'Googleフォーム 2026/11/24取込'],
      ['2026/11/22 9:03', 'C0003', 'Googleフォーム 2026/11/24取込'],
    ]);
  });
});

/** The same three visits as each layout writes them: a title line above, a totals line below, the odd cells real exports have. */
const LAYOUT_FILES: Record<string, { header: string[]; rows: string[][] }> = {
  smaregi: {
    header: [
      '取引ID',
      '取引日時',
      '取引区分 （1：通常、2：入金）',
      '取消区分 (0:通常、1：取消)',
      '合計',
      '会員ID',
      '姓',
      '名',
      '商品名',
    ],
    rows: [
      ['101', '2026/11/20 13:05:00', '1', '0', '¥12,000', 'M1', '佐藤', '美咲', '骨盤調整60分'],
      ['102', '令和8年11月21日 10:30', '1', '0', '５，５００', 'M2', '田中', '一郎', '肩こり集中30分'],
      ['103', '2026/11/22 15:00:00', '1', '0', '8800', 'M3', '山本', '花', 'カット'],
      ['合計', '', '', '', '¥26,300', '', '', '', ''],
    ],
  },
  'square-transactions': {
    header: [
      'Date',
      'Time',
      'Time Zone',
      'Total Collected',
      'Transaction ID',
      'Description',
      'Event Type',
      'Customer ID',
      'Customer Name',
    ],
    rows: [
      ['2026-11-20', '13:05:00', 'Tokyo', '¥12,000', 'T1', '骨盤調整60分', 'Payment', 'S1', '佐藤 美咲'],
      ['2026-11-21', '10:30:00', 'Tokyo', '¥5,500', 'T2', '肩こり集中30分', 'Payment', 'S2', '田中 一郎'],
      ['2026-11-22', '15:00:00', 'Tokyo', '¥8,800', 'T3', 'カット', 'Payment', 'S3', '山本 花'],
      ['2026-11-22', '16:00:00', 'Tokyo', '-¥8,800', 'T4', 'カット', 'Refund', 'S3', '山本 花'],
    ],
  },
  airregi: {
    header: ['取引No', '会計日', '会計時間', '合計', 'メニュー名', '顧客番号', '顧客名', '顧客名(カナ)'],
    rows: [
      ['0001', '2026/11/20', '13:05', '¥12,000', '骨盤調整60分', 'A-1', '佐藤 美咲', 'サトウ ミサキ'],
      ['0002', '令和8年11月21日', '１０：３０', '¥5,500', '肩こり集中30分', 'A-2', '田中 一郎', ''],
      ['0003', '2026/11/22', '15:00', '¥8,800', 'カット', 'A-3', '山本 花', 'ヤマモト ハナ'],
      ['合計', '', '', '¥26,300', '', '', '', ''],
    ],
  },
  'stores-reserve': {
    header: ['予約番号', '希望の予約日時', 'メニュー', '金額', '顧客名', '電話番号', 'ステータス'],
    rows: [
      ['R1', '2026/11/20 13:05', '骨盤調整60分', '12000', '佐藤 美咲', '9011112222', '確定'],
      ['R2', '2026/11/21 10:30', '肩こり集中30分', '5,500', '田中 一郎', '0333334444', '確定'],
      ['R3', '2026/11/22 15:00', 'カット', '¥8,800', '山本 花', '08099990000', '確定'],
      ['合計', '', '', '26300', '', '', ''],
    ],
  },
  general: {
    header: ['利用日', 'お名前', 'TEL', '商品名', '合計金額'],
    rows: [
      ['2026/11/20 13:05', '佐藤 美咲', '090-1111-2222', '骨盤調整60分', '¥12,000'],
      ['令和8年11月21日', '田中 一郎', '０３－３３３３－４４４４', '肩こり集中30分', '5,500円'],
      ['2026年11月22日 15時00分', '山本 花', '080-9999-0000', 'カット', '8800'],
      ['総計', '', '', '', '26,300'],
    ],
  },
};

function encode(lines: string[][], encoding: string): Uint8Array {
  const tab = encoding === 'utf16le';
  const text =
    lines
      .map((cells) =>
        cells
          .map((c) => (tab ? c : /[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
          .join(tab ? '\t' : ','),
      )
      .join('\r\n') + '\r\n';
  if (encoding === 'cp932') return new Uint8Array(iconv.encode(text, 'cp932'));
  if (encoding === 'utf16le') return new Uint8Array(iconv.encode(text, 'utf16le', { addBOM: true }));
  if (encoding === 'utf8bom')
    return new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
  return new Uint8Array(Buffer.from(text));
}

describe.each(Object.keys(LAYOUT_FILES))('%s', (layout) => {
  test.each(['cp932', 'utf8bom', 'utf8', 'utf16le'])(
    'in %s, with a title line and a totals line',
    async (encoding) => {
      const { header, rows } = LAYOUT_FILES[layout];
      const bytes = encode([['売上データ 2026年11月'], [], header, ...rows], encoding);
      const t = shop();
      // The owner confirms every uncertain match to the customer it names (no phone in some layouts: names only).
      const { started, preview } = await importFile(t, 'export.csv', bytes, (d, p) => {
        for (const u of p.uncertain) d[u.identity] = u.candidates[0].customerId;
      });
      expect(started.start.source.layout).toBe(layout);
      expect(started.start.headerIndex).toBe(2);
      expect(preview.visits).toBe(3);
      expect(preview.skipped.map((s) => s.line)).toEqual([7]);
      const visits = t.records('来店履歴');
      expect(visits.map((v) => [v['顧客ID'], shown(v['日時']), v['金額']])).toEqual([
        ['C0001', '2026/11/20 13:05', 12000],
        ['C0002', layout === 'general' ? '2026/11/21 0:00' : '2026/11/21 10:30', 5500],
        ['C0003', '2026/11/22 15:00', 8800],
      ]);
      ownerCellsKept(t);
    },
  );
});

describe('the second review', () => {
  test('「新しいお客様として追加」 never lands on the customer the owner said they are not', async () => {
    const t = loadTsunagu({
      sheets: [customerSheet([{ 顧客ID: 'C0001', 氏名: '山田 花子' }], HEADER), settingsSheet(SHOP_SETTINGS)],
      today: '2026-11-24',
      hour: 10,
    });
    const file = utf8(['来店日,氏名,メニュー', '2026/11/20,山田 花子,カット']);
    await importFile(t, 'x.csv', file, (d, p) => {
      expect(p.uncertain.map((u) => u.candidates.map((c) => c.customerId))).toEqual([['C0001']]);
      d[p.uncertain[0].identity] = 'new';
    });
    expect(t.records('顧客').map((c) => [c['顧客ID'], c['氏名']])).toEqual([
      ['C0001', '山田 花子'],
      ['C0002', '山田 花子'],
    ]);
    expect(t.records('来店履歴').map((r) => r['顧客ID'])).toEqual(['C0002']);
  });

  test('someone with no name is not offered as a new customer', async () => {
    const t = shop();
    const file = utf8(['来店日,氏名,メールアドレス,メニュー', '2026/11/22,,hana@example.jp,カット']);
    const { preview } = await importFile(t, 'x.csv', file);
    expect(preview.newCustomers).toEqual([]);
    expect(preview.skipped.map((s) => s.why)).toEqual([
      'お名前がないため、新しいお客様として追加できません（顧客に名前を入れてから、もう一度取り込んでください）',
    ]);
    expect(t.records('顧客')).toHaveLength(2);
  });

  test('a correction that still cannot import is not remembered; a browser copy 「(1)」 is the same system', () => {
    const t = shop();
    const head = [
      ['ご来店', 'お客様', '内容'],
      ['2026/11/20', '山田', 'カット'],
    ];
    const refused = t.call<{ ok: boolean; remembered: boolean }>('startImport', {
      fileName: 'mini.csv',
      head,
      mapping: { menu: 2 },
      label: 'ミニ予約',
    });
    expect(refused).toMatchObject({ ok: false, remembered: false });
    expect(t.services.properties.document.getProperty('tsunagu.import.mappings')).toBeNull();
    const a = t.call<{ source: { label: string } }>('startImport', {
      fileName: '予約一覧_20261127.csv',
      head: [['来店日', '氏名']],
    });
    const b = t.call<{ source: { label: string } }>('startImport', {
      fileName: '予約一覧_20261127 (1).csv',
      head: [['来店日', '氏名']],
    });
    expect([a.source.label, b.source.label]).toEqual(['予約一覧', '予約一覧']);
  });
});
