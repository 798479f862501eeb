/**
 * 「CSVを取り込む」 through the bundle (issue 17): the one driver the sidebar and the runner use, calling the
 * bundle's global functions as google.script.run would, on files built here as their systems write them.
 */
import iconv from 'iconv-lite';
import { readImportFile } from '../../src/shared/import-file';
import {
  previewImport,
  startImport,
  unattendedDecisions,
  writeImport,
  type ImportServer,
} from '../../src/shared/import-driver';
import { customerSheet, dateCell, loadTsunagu, settingsSheet, SHOP_SETTINGS, type Tsunagu } from './harness';

function serverOf(t: Tsunagu): ImportServer {
  return {
    startImport: async (r) => t.call('startImport', r),
    checkImportPart: async (r) => t.call('checkImportPart', r),
    writeImportPart: async (r) => t.call('writeImportPart', r),
    finishImport: async (r) => t.call('finishImport', r),
  };
}

async function importFile(
  t: Tsunagu,
  name: string,
  bytes: Uint8Array,
  decide: (d: Record<string, string>, preview: Awaited<ReturnType<typeof previewImport>>) => void = () => {},
) {
  const server = serverOf(t);
  const file = readImportFile(bytes);
  const started = await startImport(server, name, file.rows);
  if (!started.start.ok) throw new Error(started.start.message);
  const preview = await previewImport(server, started);
  const decisions = unattendedDecisions(preview);
  decide(decisions, preview);
  const result = await writeImport(server, started, preview, decisions);
  return { started, preview, result };
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
  expect(values[0]).toEqual(HEADER);
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
    expect(visits.map((v) => [v['日時'], v['顧客ID'], v['メニュー'], v['金額'], v['出典']])).toEqual([
      ['2026/11/20 13:05', 'C0001', '骨盤調整60分、ストレッチ指導', 12000, 'Airレジ 2026/11/24取込'],
      ['2026/11/22 15:00', 'C0003', 'カット', 8800, 'Airレジ 2026/11/24取込'],
    ]);
    expect(visits[0]['取込キー']).toBe('airregi:0001');
    ownerCellsKept(t);
    const customers = t.records('顧客');
    expect(customers).toHaveLength(3);
    expect(customers[2]).toMatchObject({ 顧客ID: 'C0003', 氏名: '山本 花', ふりがな: 'ヤマモト ハナ' });

    const again = await importFile(t, 'airregi.csv', AIRREGI, (d, p) => {
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

  test('a part sent twice adds nothing', async () => {
    const t = shop();
    const server = serverOf(t);
    const started = await startImport(server, 'a.csv', readImportFile(AIRREGI).rows);
    const preview = await previewImport(server, started);
    const decisions = { ...unattendedDecisions(preview), [preview.uncertain[0].identity]: 'C0001' };
    const request = { ...started.start, rows: started.rows, decisions };
    const once = t.call<{ added: number }>('writeImportPart', request);
    const twice = t.call<{ added: number; already: number; newCustomers: Record<string, string> }>(
      'writeImportPart',
      request,
    );
    expect(once.added).toBe(2);
    expect(twice).toMatchObject({ added: 0, already: 2 });
    expect(t.records('顧客')).toHaveLength(3);
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
    expect(sato?.['理由']).toContain('来店履歴（Airレジ 11/24取込）の来店日（2026/11/20）');
    // The owner's own cells are as they were: 最終来店日 10/01, 来店回数 3.
    expect(sato?.['最終来店日']).toEqual(dateCell('2026-10-01'));
    expect(sato?.['来店回数']).toBe(3);
  });
});
