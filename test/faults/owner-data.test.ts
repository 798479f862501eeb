/**
 * Owner data is sacred: after any run or sidebar action, every cell the owner owns — value, formula and number
 * format — is exactly as before, 満足度 included. Only Tsunagu's own columns and sheets change.
 */
import type { CellValue, SheetData, SpreadsheetData } from '../fakes';
import {
  C4_CALLER,
  CUSTOMER_HEADER,
  dateCell,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from '../bundle/harness';
import { tally } from './tally';

/** Tsunagu's columns on 顧客 and 連絡履歴, and the sheets that are wholly its own. */
const SYSTEM_CUSTOMER_COLUMNS = ['次回連絡日', '次回連絡内容', '次回チャネル', '理由', '要確認'];
const SYSTEM_SHEETS = new Set(['LINE送信', 'LINE友だち', '手紙', '宛名ラベル', '電話リスト', '集計']);

/** Every owner cell as `sheet!row,col` → what it holds (value, formula, number format). */
function ownerCells(data: SpreadsheetData): Map<string, string> {
  const cells = new Map<string, string>();
  for (const sheet of data.sheets) {
    if (SYSTEM_SHEETS.has(sheet.name)) continue;
    const header = (sheet.values[0] ?? []).map(String);
    const keyColumn = header.indexOf('キー');
    sheet.values.forEach((row, r) => {
      // 連絡履歴: the rows the owner typed (no キー) are theirs; Tsunagu's own rows are not.
      if (sheet.name === '連絡履歴' && r > 0 && String(row[keyColumn] ?? '') !== '') return;
      row.forEach((value, c) => {
        if (sheet.name === '顧客' && SYSTEM_CUSTOMER_COLUMNS.includes(header[c])) return;
        const a1 = `${String.fromCharCode(65 + c)}${r + 1}`;
        const held = {
          value: value instanceof Date ? `date:${value.getTime()}` : value,
          format: sheet.numberFormats?.[r]?.[c] ?? '',
          formula: sheet.formulas?.[a1] ?? '',
        };
        cells.set(`${sheet.name}!${a1}`, JSON.stringify(held));
      });
    });
  }
  return cells;
}

function changedCells(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before].filter(([key, held]) => after.get(key) !== held).map(([key]) => key);
}

const LINE_ID = `U${'1'.repeat(32)}`;

/** A 顧客 sheet in the owner's own column order, with their own columns, formulas and date formats. */
function customers(): SheetData {
  const header = [
    'メモ',
    '満足度',
    ...CUSTOMER_HEADER.filter((h) => !['メモ', '満足度'].includes(h)).reverse(),
    '担当',
  ];
  const visit = {
    最終来店日: dateCell('2026-11-20'),
    来店回数: 2,
    カテゴリ: '整体',
    購入商品: '骨盤調整60分',
  };
  const rows: Record<string, CellValue>[] = [
    {
      顧客ID: 'M1',
      氏名: '佐藤 美咲',
      メール: 'm1@example.jp',
      ...visit,
      満足度: '満足',
      担当: '=UPPER("sato")',
    },
    { 顧客ID: 'L1', 氏名: '高橋 花子', LINEユーザーID: LINE_ID, ...visit, メモ: '腰痛 😊' },
    { 顧客ID: 'P1', 氏名: '鈴木 一郎', 郵便番号: '154-0004', 住所: '東京都世田谷区太子堂1-2-3', ...visit },
    { ...C4_CALLER, 満足度: '不満' },
  ];
  const values = [header, ...rows.map((r) => header.map((h) => r[h] ?? ''))];
  const dateColumn = header.indexOf('最終来店日');
  return {
    name: '顧客',
    values,
    numberFormats: values.map((_, r) =>
      header.map((__, c) => (r > 0 && c === dateColumn ? 'yyyy"年"m"月"d"日"' : '')),
    ),
    formulas: { [`${String.fromCharCode(65 + header.indexOf('担当'))}2`]: '=UPPER("sato")' },
  };
}

function workbook(): SheetData[] {
  return [
    customers(),
    settingsSheet(SHOP_SETTINGS),
    logSheet([
      // Rows the owner typed: a call made and a LINE sent from the phone.
      {
        日時: dateCell('2026-11-17'),
        顧客ID: 'C4',
        氏名: '田中 健',
        シナリオ: '購入後フォロー',
        ステップ: 'お伺い',
        チャネル: 'メール',
        状態: '送信済',
      },
      { 日時: dateCell('2026-10-01'), 顧客ID: 'L1', チャネル: 'LINE', 状態: '送信済', 備考: '店頭で' },
    ]),
    { name: 'スタッフメモ', values: [['メモ'], ['年末の棚卸し'], ['=1+1']], formulas: { A3: '=1+1' } },
  ];
}

function check(t: Tsunagu, before: Map<string, string>, step: string): void {
  const changed = changedCells(before, ownerCells(t.services.spreadsheet.toData()));
  tally.ownerCellsChanged += changed.length;
  tally.runsRepeated++;
  expect({ step, changed }).toEqual({ step, changed: [] });
}

describe("the owner's cells after every run and sidebar action", () => {
  test('a week of runs, clicks and sends changes none of them', () => {
    const t = loadTsunagu({
      sheets: workbook(),
      today: '2026-11-22',
      preparing: false,
      documentProperties: { 'tsunagu.line.token': 'token' },
      fetch: (request) =>
        request.url.includes('/quota')
          ? {
              status: 200,
              body: request.url.endsWith('consumption') ? '{"totalUsage":1}' : '{"type":"none"}',
            }
          : { status: 200, body: '{}' },
    });
    const before = ownerCells(t.services.spreadsheet.toData());
    expect(before.size).toBeGreaterThan(100);
    const keys = () =>
      t
        .call<{ groups: { items: { key: string; channel: string }[] }[] }>('getTodayFollowUps')
        .groups.flatMap((g) => g.items);

    t.call('runDailyFollowUps');
    check(t, before, 'preview run');
    t.call('applyFollowUpAction', { keys: keys().map((i) => i.key), action: 'prepare' });
    check(t, before, 'prepare all from the sidebar');
    const call = keys().find((i) => i.channel === '電話');
    t.call('applyFollowUpAction', { keys: [call?.key], action: 'called', outcome: '満足' });
    check(t, before, 'call recorded');
    t.at('2026-11-22', 10);
    const line = keys().find((i) => i.channel === 'LINE');
    t.call('applyFollowUpAction', {
      keys: [line?.key],
      action: 'approveLine',
      send: true,
      text: '=cmd|/c calc',
    });
    check(t, before, 'LINE edited and sent');
    const mail = keys().find((i) => i.channel === 'メール');
    t.call('applyFollowUpAction', { keys: [mail?.key], action: 'snooze', date: '2026-11-25' });
    check(t, before, 'email snoozed');
    t.call('createLetterSheet');
    t.call('markLettersPrinted');
    check(t, before, 'letters printed');
    t.call('installAutoRunTrigger');
    for (const day of ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26']) {
      t.at(day, 8);
      t.call('runScheduled', {});
      check(t, before, `hourly run ${day}`);
    }
    t.call('saveLineSettings', { ownerUserId: `U${'f'.repeat(32)}` });
    t.call('sendTestNotice');
    check(t, before, 'LINE settings and test notice');
    // The owner's 満足度 is read, never written: outcomes live in 連絡履歴.
    const satisfaction = t.records('顧客').map((r) => r['満足度']);
    expect(satisfaction).toEqual(['満足', '', '', '不満']);
  });
});

/** Cells that appeared where the sheet had none (rows appended), as `sheet!A1` → value. */
function newCells(before: Map<string, string>, after: Map<string, string>): Record<string, unknown> {
  const added: Record<string, unknown> = {};
  for (const [key, held] of after) {
    if (before.has(key)) continue;
    const { value } = JSON.parse(held) as { value: unknown };
    if (value !== '') added[key] = value;
  }
  return added;
}

describe("writes made on the owner's explicit action (contract section 2)", () => {
  test('saving the 設定 tab changes exactly the 値 cells the owner confirmed, and nothing else', () => {
    const t = loadTsunagu({
      sheets: [
        ...workbook().filter((s) => s.name !== '設定'),
        {
          name: '設定',
          values: [
            ['項目', '値', 'メモ'],
            ...SHOP_SETTINGS.map(([item, value]) => [item, value, '']),
            ['署名', '=A2&" 店主"', '式のまま'],
          ],
          formulas: { B6: '=A2&" 店主"' },
        },
      ],
      today: '2026-11-22',
    });
    const before = ownerCells(t.services.spreadsheet.toData());
    const unchanged = t.call<{ ok: boolean; message: string }>('saveSettings', {
      店名: 'ここち堂',
      店舗電話: '03-5432-1234',
    });
    expect(unchanged.message).toBe('変更はありません。');
    expect(changedCells(before, ownerCells(t.services.spreadsheet.toData()))).toEqual([]);

    const saved = t.call<{ ok: boolean; message: string }>('saveSettings', {
      店名: 'ここち堂 本店',
      '1日のメール上限': '30',
      // Neither is a 設定 item the tab offers: nothing is written for them.
      担当者: '佐藤',
      定休日: 3,
    });
    expect(saved).toEqual({ ok: true, message: '2項目を保存しました。' });
    const after = ownerCells(t.services.spreadsheet.toData());
    const changed = changedCells(before, after);
    const added = newCells(before, after);
    // The 店名 value the owner changed, and one row appended for the item the sheet lacked; the formula in 署名,
    // the owner's メモ column and every other sheet are as they were.
    expect(changed).toEqual(['設定!B2']);
    expect(added).toEqual({ '設定!A7': '1日のメール上限', '設定!B7': '30' });
    expect(t.records('設定')[0]['値']).toBe('ここち堂 本店');
    tally.ownerConfirmedWrites += changed.length + Object.keys(added).length;
    tally.runsRepeated++;

    t.call('runDailyFollowUps');
    expect(changedCells(after, ownerCells(t.services.spreadsheet.toData()))).toEqual([]);
  });
  test("saving 1日の手紙上限 writes into the owner's row 「1日の手紙上限（通）」 (the row the run reads), exactly that 値 cell", () => {
    const t = loadTsunagu({
      sheets: [
        ...workbook().filter((s) => s.name !== '設定'),
        {
          name: '設定',
          values: [
            ['項目', '値', 'メモ'],
            ...SHOP_SETTINGS.map(([item, value]) => [item, value, '']),
            ['1日の手紙上限（通）', 5, '切手の在庫まで'],
          ],
        },
      ],
      today: '2026-11-22',
    });
    const before = ownerCells(t.services.spreadsheet.toData());
    const view = t.call<{ items: { item: string; value: string }[] }>('getSettingsView');
    expect(view.items.find((i) => i.item === '1日の手紙上限')?.value).toBe('5');
    const saved = t.call<{ ok: boolean; message: string }>('saveSettings', { '1日の手紙上限': '3' });
    expect(saved).toEqual({ ok: true, message: '1項目を保存しました。' });
    const after = ownerCells(t.services.spreadsheet.toData());
    const changed = changedCells(before, after);
    expect(changed).toEqual(['設定!B6']);
    expect(newCells(before, after)).toEqual({});
    expect(t.values('設定')?.[5]).toEqual(['1日の手紙上限（通）', '3', '切手の在庫まで']);
    tally.ownerConfirmedWrites += changed.length;
    tally.runsRepeated++;

    t.call('runDailyFollowUps');
    const told = t.services.spreadsheet.toasts.at(-1)?.message ?? '';
    expect(told).not.toContain('2行以上');
    expect(changedCells(after, ownerCells(t.services.spreadsheet.toData()))).toEqual([]);
  });
});

describe('the owner-cell check itself', () => {
  test('sees a changed value, formula or number format', () => {
    const t = loadTsunagu({ sheets: workbook(), today: '2026-11-22' });
    const before = ownerCells(t.services.spreadsheet.toData());
    const sheet = t.services.spreadsheet.getSheetByName('顧客');
    sheet?.getRange(3, 1).setValue('書き換え');
    sheet?.getRange(2, CUSTOMER_HEADER.length).setNumberFormat('0.00');
    t.services.spreadsheet.getSheetByName('スタッフメモ')?.getRange('A3').setValue(2);
    expect(changedCells(before, ownerCells(t.services.spreadsheet.toData()))).toHaveLength(3);
  });
});
