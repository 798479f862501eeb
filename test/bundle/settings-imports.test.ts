/**
 * The 設定 tab's 「取り込み」 (issue 17 item 7): 来店履歴's rows and the newest 出典, the layouts 「CSVを取り込む」
 * remembers (each forgotten on the owner's 「忘れる」), and its button that opens the sidebar on the import view.
 */
import iconv from 'iconv-lite';
import { readImportFile } from '../../src/shared/import-file';
import { previewImport, startImport, unattendedDecisions, writeImport } from '../../src/shared/import-driver';
import type { ActionResult, ImportOverview } from '../../src/shared/sidebar-types';
import {
  customerSheet,
  dateCell,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
  importServerOf,
} from './harness';

const MAPPINGS = 'tsunagu.import.mappings';

/** Through the one driver the sidebar uses; uncertain matches left unconfirmed, new customers added. */
async function importFile(
  t: Tsunagu,
  name: string,
  bytes: Uint8Array,
  correction?: { mapping: Record<string, number>; label: string },
) {
  const server = importServerOf(t);
  const started = await startImport(server, name, readImportFile(bytes).rows, correction);
  if (!started.start.ok) throw new Error(started.start.message);
  const preview = await previewImport(server, started);
  return writeImport(server, started, preview, unattendedDecisions(preview));
}

const sjis = (lines: string[]) => new Uint8Array(iconv.encode(lines.join('\r\n') + '\r\n', 'cp932'));
const utf8 = (lines: string[]) => new TextEncoder().encode(lines.join('\n') + '\n');

/** An Airレジ 会計明細 as in test/bundle/import.test.ts: a title line, two item rows of one sale, a totals line. */
const AIRREGI = sjis([
  '会計明細,2026/11/01〜2026/11/23',
  '取引No,会計日,会計時間,合計,メニュー名,顧客番号,顧客名,顧客名(カナ)',
  '0001,2026/11/20,13:05,"¥12,000",骨盤調整60分,A-1,佐藤 美咲,サトウ ミサキ',
  '0001,,,,ストレッチ指導,,,',
  '0003,2026/11/22,15:00,"¥8,800",カット,A-3,山本 花,ヤマモト ハナ',
  '合計,,,"¥20,800",,,,',
]);

/** A shop's own sheet: 来店日 and お名前 found by the general layout, the rest mapped once by the owner, who names it. */
const OWN_SHEET = utf8([
  '来店日,お名前,連絡先,施術内容',
  '2026/11/25 10:00,田中 一郎,03-3333-4444,肩こり集中30分',
]);
const OWN_MAPPING = { visitAt: 0, name: 1, phone: 2, menu: 3 };

function shop(): Tsunagu {
  return loadTsunagu({
    sheets: [
      customerSheet([
        {
          顧客ID: 'C0001',
          氏名: '佐藤 美咲',
          ふりがな: 'さとう みさき',
          電話: '090-1111-2222',
          最終来店日: dateCell('2026-10-01'),
          来店回数: 3,
          カテゴリ: '整体',
        },
        { 顧客ID: 'C0002', 氏名: '田中 一郎', 電話: '03-3333-4444', 最終来店日: dateCell('2026-09-01') },
      ]),
      settingsSheet(SHOP_SETTINGS),
    ],
    today: '2026-11-24',
    hour: 10,
  });
}

const overview = (t: Tsunagu) => t.call<{ imports: ImportOverview }>('getSettingsView').imports;
const snapshot = (t: Tsunagu) => JSON.stringify(t.services.spreadsheet.toData());

describe('the 設定 tab: 取り込み', () => {
  test('before any import: no 来店履歴, nothing remembered; reading it writes nothing', () => {
    const t = shop();
    const before = snapshot(t);
    expect(overview(t)).toEqual({ hasSheet: false, rows: 0, latest: '', layouts: [] });
    expect(snapshot(t)).toBe(before);
  });

  test('after imports: 来店履歴 rows, the newest 出典, and a corrected layout by its label', async () => {
    const t = shop();
    await importFile(t, '会計明細_20261123.csv', AIRREGI);
    // Only the Airレジ import: 佐藤 matched by name alone stays unconfirmed; 山本 is a new customer.
    const visits = t.records('来店履歴');
    expect(overview(t)).toEqual({
      hasSheet: true,
      rows: visits.length,
      latest: 'Airレジ 2026/11/24取込',
      layouts: [],
    });
    expect(visits.length).toBeGreaterThan(0);

    // Two days later, the shop's own sheet, its columns mapped by the owner and remembered under its name.
    t.at('2026-11-26', 10);
    await importFile(t, '予約表.csv', OWN_SHEET, { mapping: OWN_MAPPING, label: 'うちの予約表' });
    const after = overview(t);
    expect(after.rows).toBe(t.records('来店履歴').length);
    expect(after.rows).toBe(visits.length + 1);
    expect(after.latest).toBe('うちの予約表 2026/11/26取込');
    expect(after.layouts).toEqual([
      {
        signature: expect.any(String),
        label: 'うちの予約表',
        headers: ['来店日', 'お名前', '連絡先', '施術内容'],
      },
    ]);
  });

  test('「忘れる」 forgets that layout only; the next file with its header is recognised afresh', async () => {
    const t = shop();
    // Two corrected layouts remembered.
    await importFile(t, '予約表.csv', OWN_SHEET, { mapping: OWN_MAPPING, label: 'うちの予約表' });
    const OTHER = utf8(['利用日,氏名,内容', '2026/11/20,佐藤 美咲,カット']);
    await importFile(t, 'ノート.csv', OTHER, { mapping: { visitAt: 0, name: 1, menu: 2 }, label: 'ノート' });
    const layouts = overview(t).layouts;
    expect(layouts.map((l) => l.label)).toEqual(['ノート', 'うちの予約表']);
    const own = layouts[1];

    const visitsBefore = JSON.stringify(t.values('来店履歴'));
    const forgot = t.call<ActionResult>('forgetImportLayout', own.signature);
    expect(forgot).toEqual({
      ok: true,
      message: expect.stringContaining('「うちの予約表」の列の対応を忘れました'),
    });
    expect(overview(t).layouts.map((l) => l.label)).toEqual(['ノート']);
    // 来店履歴 is not touched by forgetting.
    expect(JSON.stringify(t.values('来店履歴'))).toBe(visitsBefore);
    const started = await startImport(importServerOf(t), '予約表.csv', readImportFile(OWN_SHEET).rows);
    expect(started.start.remembered).toBe(false);
    const other = await startImport(importServerOf(t), 'ノート.csv', readImportFile(OTHER).rows);
    expect(other.start.remembered).toBe(true);

    // Again, or something that is not a signature: said, nothing else changes.
    expect(t.call<ActionResult>('forgetImportLayout', own.signature)).toEqual({
      ok: true,
      message: 'その列の対応は、もう覚えていません。',
    });
    expect(t.call<ActionResult>('forgetImportLayout', 42)).toMatchObject({ ok: false });
    t.call<ActionResult>('forgetImportLayout', layouts[0].signature);
    expect(overview(t).layouts).toEqual([]);
    // The last one forgotten: the property is gone, not left as {}.
    expect(t.services.properties.document.getProperty(MAPPINGS)).toBeNull();
  });

  test('「CSVを取り込む」 reopens the sidebar on the import view', () => {
    const t = shop();
    t.call('showImportSidebar');
    expect(t.services.ui.shown.at(-1)).toMatchObject({ kind: 'sidebar', title: 'CSVを取り込む' });
    expect(t.services.ui.shown.at(-1)?.html).toContain('<body data-tab="import">');
  });
});
