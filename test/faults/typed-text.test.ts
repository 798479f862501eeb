/**
 * Sheets reads a string written by a script as if the owner typed it ('0354321234' → 354321234, '50%' → 0.5,
 * '2026/11/24' → a date). Text stays text in every sheet Tsunagu writes: the owner's phone numbers, the owner's
 * own words that pass through Tsunagu (an edited LINE message, a 設定 value), and Tsunagu's own texts. And an
 * owner who types while Tsunagu is sending LINE loses nothing.
 */
import type { CellValue } from '../fakes';
import { ownerTypesBefore } from '../fakes/owner-edits';
import {
  C4_CALLER,
  C4_INQUIRY_SENT,
  customerSheet,
  dateCell,
  lineStandIn,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from '../bundle/harness';

const PHONE = '0354321234';
const lineId = (n: number) => `U${String(n).repeat(32)}`;

/** Three LINE customers whose お伺い is due on 2026-11-22, a caller typed with a text phone number, and C1. */
function shop(fetch = lineStandIn().handler): Tsunagu {
  const visit = {
    最終来店日: dateCell('2026-11-20'),
    来店回数: 3,
    カテゴリ: '整体',
    購入商品: '50%OFF ヘッドスパ',
  };
  return loadTsunagu({
    sheets: [
      customerSheet([
        { 顧客ID: 'L1', 氏名: '高橋 花子', LINEユーザーID: lineId(1), 電話: PHONE, ...visit },
        { 顧客ID: 'L2', 氏名: '山本 次郎', LINEユーザーID: lineId(2), ...visit },
        { 顧客ID: 'L3', 氏名: '伊藤 三郎', LINEユーザーID: lineId(3), ...visit },
        { ...C4_CALLER, 電話: PHONE },
      ]),
      settingsSheet(SHOP_SETTINGS),
      logSheet([C4_INQUIRY_SENT]),
    ],
    today: '2026-11-22',
    documentProperties: { 'tsunagu.line.token': 'token' },
    fetch,
  });
}

type Item = { key: string; channel: string; customerId?: string };
const items = (t: Tsunagu): Item[] =>
  t.call<{ groups: { items: Item[] }[] }>('getTodayFollowUps').groups.flatMap((g) => g.items);
const lineKey = (t: Tsunagu, id: string) =>
  items(t).find((i) => i.channel === 'LINE' && i.key.startsWith(`${id}|`))?.key ?? '';
const outboxRow = (t: Tsunagu, id: string) => t.records('LINE送信').find((r) => r['顧客ID'] === id);
const logRow = (t: Tsunagu, key: string) => t.records('連絡履歴').find((r) => r['キー'] === key);

/** The A1 address of a LINE送信 cell, by customer and header. */
function outboxCell(t: Tsunagu, id: string, header: string): string {
  const [head = [], ...rows] = t.values('LINE送信') ?? [];
  const row = rows.findIndex((r) => r[head.indexOf('顧客ID')] === id) + 2;
  return `${String.fromCharCode(65 + head.indexOf(header))}${row}`;
}

function tick(t: Tsunagu, id: string): void {
  t.services.spreadsheet
    .getSheetByName('LINE送信')
    ?.getRange(outboxCell(t, id, '承認'))
    .setValue(true);
}

describe('text stays text in every sheet Tsunagu writes', () => {
  test('a phone number the owner typed as text survives a week of runs and sidebar actions, still text', () => {
    const t = shop();
    const phones = () => t.records('顧客').map((r) => r['電話']);
    const before = phones();
    expect(before).toEqual([PHONE, '', '', PHONE]);

    t.call('runDailyFollowUps');
    // Into 電話リスト (Tsunagu's own sheet) as the same text.
    expect(t.records('電話リスト').map((r) => r['電話'])).toEqual([PHONE]);
    const all = items(t);
    t.call('applyFollowUpAction', { keys: all.map((i) => i.key), action: 'prepare' });
    const call = all.find((i) => i.channel === '電話');
    t.call('applyFollowUpAction', { keys: [call?.key], action: 'called', outcome: '満足' });
    t.at('2026-11-22', 10);
    t.call('applyFollowUpAction', { keys: [lineKey(t, 'L1')], action: 'approveLine', send: true });
    t.call('applyFollowUpAction', { keys: [lineKey(t, 'L2')], action: 'snooze', date: '2026-11-25' });
    t.call('createLetterSheet');
    t.call('markLettersPrinted');
    t.call('installAutoRunTrigger');
    for (const day of ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']) {
      t.at(day, 8);
      t.call('runScheduled', {});
      expect({ day, phones: phones() }).toEqual({ day, phones: before });
    }
    for (const phone of phones()) expect(typeof phone).toBe('string');
  });

  test.each([
    ['a date', '2026/11/24'],
    ['a date without a year', '11/24'],
    ['a Japanese date', '2026年11月24日'],
    ['a number with a thousands separator', '1,000'],
    ['yen', '¥1,000'],
    ['a percentage', '50%'],
    ['a time', '9:30'],
    ['a phone number', PHONE],
    ['a boolean', 'TRUE'],
    ['a formula', '=1+1'],
    ['a leading apostrophe', "'ありがとう'"],
    ['a quoted word', "'quoted"],
  ])('a LINE message the owner edited to %s reads back as exactly that text (%j)', (_, text) => {
    const t = shop();
    t.call('runDailyFollowUps');
    const key = lineKey(t, 'L1');
    const reply = t.call<{ ok: boolean }>('applyFollowUpAction', {
      keys: [key],
      action: 'approveLine',
      send: false,
      text,
    });
    expect(reply.ok).toBe(true);
    expect(outboxRow(t, 'L1')?.['メッセージ']).toBe(text);
    expect(logRow(t, key)?.['内容']).toBe(text);
  });

  test("Tsunagu's own texts read back as written: drafts with '50%OFF', 次回連絡内容, 電話リスト, 連絡履歴", () => {
    const t = shop();
    t.call('runDailyFollowUps');
    const messages = t.records('LINE送信').map((r) => r['メッセージ']);
    expect(messages).toHaveLength(3);
    for (const message of messages) {
      expect(typeof message).toBe('string');
      expect(message).toContain('50%OFF ヘッドスパ');
    }
    for (const row of t.records('顧客'))
      for (const header of ['次回連絡内容', '次回チャネル', '理由', '要確認'])
        expect(typeof row[header]).toBe('string');
    const list = t.records('電話リスト')[0];
    for (const header of ['顧客ID', '氏名', '電話', '内容', '理由', '話すこと', 'キー'])
      expect(typeof list[header]).toBe('string');
    for (const row of t.records('連絡履歴'))
      for (const header of ['顧客ID', 'キー', '内容', '備考']) expect(typeof row[header]).toBe('string');
  });

  test('a 設定 value typed in the sidebar like a number or date stays the text the owner typed', () => {
    const t = shop();
    const reply = t.call<{ ok: boolean; message: string }>('saveSettings', {
      店舗電話: PHONE,
      署名: '2026/11/24',
      半年後の特典: '50%',
    });
    expect(reply.message).toBe('3項目を保存しました。');
    const value = (item: string) => t.records('設定').find((r) => r['項目'] === item)?.['値'];
    expect([value('店舗電話'), value('署名'), value('半年後の特典')]).toEqual([PHONE, '2026/11/24', '50%']);
  });

  test('a 備考 written for a snoozed LINE and a withdrawn row stays text', () => {
    const t = shop();
    t.call('runDailyFollowUps');
    t.call('applyFollowUpAction', { keys: [lineKey(t, 'L2')], action: 'snooze', date: '2026-11-25' });
    const row = outboxRow(t, 'L2');
    expect(row?.['状態']).toBe('スキップ');
    expect(typeof row?.['備考']).toBe('string');
    expect(row?.['備考']).not.toBe('');
  });
});

/** Text Sheets would read as something else, or whose apostrophe it would drop. */
const LOOK_ALIKES = [PHONE, '2026/11/24', '1,000', '50%', 'TRUE', '=1+1', "'quoted"];

describe("look-alike text reads back as written, in plain-text ('@') cells and automatic ones alike", () => {
  /** Every cell of a sheet with its number format, as [text, format] for the string cells. */
  function cells(t: Tsunagu, name: string): [CellValue, string][] {
    const sheet = t.services.spreadsheet.getSheetByName(name);
    return (t.values(name) ?? []).flatMap((row, r) =>
      row.map((value, c): [CellValue, string] => [
        value,
        sheet?.getRange(r + 1, c + 1).getNumberFormat() ?? '',
      ]),
    );
  }
  const plain = (t: Tsunagu, name: string, text: string) =>
    cells(t, name).filter(([v, f]) => v === text && f === '@').length;
  const automatic = (t: Tsunagu, name: string, text: string) =>
    cells(t, name).filter(([v, f]) => v === text && f !== '@').length;

  test.each(LOOK_ALIKES)(
    "%j as a customer's id, name and address and a シナリオ the owner typed: 連絡履歴, LINE送信, 電話リスト, 手紙, 宛名ラベル, 集計",
    (text) => {
      const visit = { 最終来店日: dateCell('2026-11-20'), カテゴリ: '整体' };
      const t = loadTsunagu({
        sheets: [
          customerSheet([
            {
              顧客ID: text,
              氏名: text,
              LINEユーザーID: lineId(1),
              来店回数: 3,
              購入商品: 'ヘッドスパ',
              ...visit,
            },
            {
              顧客ID: 'C2',
              氏名: '鈴木 一郎',
              郵便番号: '〒154-0004',
              住所: text,
              来店回数: 1,
              購入商品: '全身もみほぐし',
              ...visit,
            },
            { ...C4_CALLER, 氏名: text, 電話: PHONE },
          ]),
          settingsSheet(SHOP_SETTINGS),
          logSheet([
            C4_INQUIRY_SENT,
            {
              日時: dateCell('2026-11-05'),
              顧客ID: 'C9',
              氏名: '山田 太郎',
              シナリオ: text,
              ステップ: 'お伺い',
              チャネル: '電話',
              状態: '完了',
              キー: 'C9|独自|お伺い|2026-11-05',
            },
          ]),
        ],
        today: '2026-11-22',
        documentProperties: { 'tsunagu.line.token': 'token' },
      });
      t.call('runDailyFollowUps');
      const key = `${text}|S1|お伺い|2026-11-20`;
      // LINE送信's cells are automatic: the text went in with an apostrophe Sheets dropped.
      expect(outboxRow(t, text)).toMatchObject({ キー: key, 顧客ID: text, 氏名: text });
      expect(automatic(t, 'LINE送信', text)).toBe(2);
      // 連絡履歴's text columns are plain text: the id and name of the LINE draft and of C4's call, as written.
      expect(logRow(t, key)).toMatchObject({ 顧客ID: text, 氏名: text });
      // (C4's call goes to PHONE: its 宛先 is that number, as written, too.)
      expect(plain(t, '連絡履歴', text)).toBe(text === PHONE ? 4 : 3);
      expect(plain(t, '連絡履歴', key)).toBe(1);
      // 電話リスト: the name in an automatic cell, the number in its plain-text 電話 column.
      expect(t.records('電話リスト')[0]).toMatchObject({ 氏名: text, 電話: PHONE });
      expect(automatic(t, '電話リスト', text)).toBe(1);
      expect(plain(t, '電話リスト', PHONE)).toBe(1);
      // 手紙 and 宛名ラベル print the address line as it is.
      expect(automatic(t, '手紙', text)).toBe(1);
      expect(automatic(t, '宛名ラベル', text)).toBe(1);
      // 集計 names the owner's シナリオ in its plain-text cells.
      expect(plain(t, '集計', text)).toBeGreaterThanOrEqual(1);
      // The owner's own cells in 顧客 are as they were.
      expect(t.records('顧客').map((r) => [r['顧客ID'], r['氏名'], r['住所']])).toEqual([
        [text, text, ''],
        ['C2', '鈴木 一郎', text],
        ['C4', text, ''],
      ]);
      // The sidebar approves the LINE draft: 連絡履歴 and LINE送信 are rewritten, still the same text.
      t.call('applyFollowUpAction', { keys: [key], action: 'approveLine', send: false });
      expect(logRow(t, key)).toMatchObject({ 状態: '承認済', 顧客ID: text, 氏名: text });
      expect(outboxRow(t, text)).toMatchObject({ 状態: '承認済', 顧客ID: text, 氏名: text });
    },
  );

  test.each(LOOK_ALIKES.flatMap((text) => [[text, 'automatic'] as const, [text, 'plain text'] as const]))(
    '設定 saved from the sidebar: %j into a 値 cell that is %s',
    (text, format) => {
      const t = shop();
      const sheet = t.services.spreadsheet.getSheetByName('設定');
      const row = (t.values('設定') ?? []).findIndex((r) => r[0] === '店名') + 1;
      if (format === 'plain text') sheet?.getRange(`B1:B${row + 5}`).setNumberFormat('@');
      const reply = t.call<{ message: string }>('saveSettings', { 店名: text, 署名: text });
      expect(reply.message).toContain('2項目を保存しました。');
      const value = (item: string) => t.records('設定').find((r) => r['項目'] === item)?.['値'];
      expect([value('店名'), value('署名')]).toEqual([text, text]);
    },
  );
});

describe('an owner who types in LINE送信 while Tsunagu is sending', () => {
  function approvedShop() {
    const api = lineStandIn();
    const t = shop(api.handler);
    t.call('runDailyFollowUps');
    tick(t, 'L1');
    tick(t, 'L3');
    t.at('2026-11-22', 10);
    return { t, api };
  }

  test('edits made right before Tsunagu marks the rows 送信中 are all kept', () => {
    const { t, api } = approvedShop();
    const edit = ownerTypesBefore(
      t.services,
      { beforeWriteOn: 'LINE送信' },
      { sheet: 'LINE送信', cell: outboxCell(t, 'L2', 'メッセージ'), value: '本文を直しました' },
      { sheet: 'LINE送信', cell: outboxCell(t, 'L2', '承認'), value: true },
      { sheet: 'LINE送信', cell: outboxCell(t, 'L1', '備考'), value: '11/24 お電話済み' },
      { sheet: 'LINE送信', cell: outboxCell(t, 'L3', '備考'), value: "'0354321234" },
    );
    expect(t.call('sendApprovedLine')).toMatchObject({ sent: 2 });
    expect(edit.happened).toBe(true);
    expect(api.to()).toEqual([lineId(1), lineId(3)]);
    expect(outboxRow(t, 'L2')).toMatchObject({
      メッセージ: '本文を直しました',
      承認: true,
      状態: '承認待ち',
    });
    expect(outboxRow(t, 'L1')).toMatchObject({ 状態: '送信済', 備考: '11/24 お電話済み' });
    expect(outboxRow(t, 'L3')).toMatchObject({ 状態: '送信済', 備考: PHONE });
  });

  test('edits made while the messages were being pushed are kept by the last write', () => {
    const { t } = approvedShop();
    const message = (id: string) => outboxRow(t, id)?.['メッセージ'];
    const sentText = message('L1');
    const edit = ownerTypesBefore(
      t.services,
      { beforeWriteOn: 'LINE送信', nth: 2 },
      { sheet: 'LINE送信', cell: outboxCell(t, 'L2', 'メッセージ'), value: '来週にします' },
      { sheet: 'LINE送信', cell: outboxCell(t, 'L3', '備考'), value: '届いたか確認する' },
    );
    expect(t.call('sendApprovedLine')).toMatchObject({ sent: 2 });
    expect(edit.happened).toBe(true);
    expect(message('L2')).toBe('来週にします');
    expect(message('L1')).toBe(sentText);
    expect(outboxRow(t, 'L3')).toMatchObject({ 状態: '送信済', 備考: '届いたか確認する' });
  });

  test('a message the owner edits after Tsunagu first reads LINE送信 is the one sent', () => {
    const { t, api } = approvedShop();
    // Typed after sending read LINE送信 to find the approved rows, before it reads them again to send.
    const edit = ownerTypesBefore(
      t.services,
      { beforeReadOf: 'LINE送信', nth: 2 },
      { sheet: 'LINE送信', cell: outboxCell(t, 'L1', 'メッセージ'), value: '高橋 花子様 その後いかがですか' },
      { sheet: 'LINE送信', cell: outboxCell(t, 'L3', '承認'), value: false },
    );
    expect(t.call('sendApprovedLine')).toMatchObject({ sent: 1, waiting: 0 });
    expect(edit.happened).toBe(true);
    const texts = api.pushes.map(
      (p) => (JSON.parse(p.payload ?? '{}') as { messages: { text: string }[] }).messages[0].text,
    );
    // L3 was unticked: not sent, left waiting for the owner.
    expect(texts).toEqual(['高橋 花子様 その後いかがですか']);
    expect(outboxRow(t, 'L3')).toMatchObject({ 承認: false, 状態: '承認待ち' });
  });

  test('the owner-edit check itself sees an edit that a whole-block write would undo', () => {
    const { t } = approvedShop();
    const cell = outboxCell(t, 'L2', 'メッセージ');
    ownerTypesBefore(t.services, { beforeWriteOn: 'LINE送信' }, { sheet: 'LINE送信', cell, value: 'x' });
    const sheet = t.services.spreadsheet.getSheetByName('LINE送信');
    const block = sheet?.getDataRange().getValues() as CellValue[][];
    sheet?.getRange(1, 1, block.length, block[0].length).setValues(block);
    expect(outboxRow(t, 'L2')?.['メッセージ']).not.toBe('x');
  });
});

describe('writes send only what changed', () => {
  /** Every setValue(s) during fn, as 'sheet!A1'. */
  function writesDuring(t: Tsunagu, fn: () => void): string[] {
    const writes: string[] = [];
    const previous = t.services.calls.onCall;
    t.services.calls.onCall = (service, method, target) => {
      if (method === 'Range.setValues' || method === 'Range.setValue')
        writes.push(`${target?.sheet ?? ''}!${target?.a1 ?? ''}`);
      previous?.(service, method, target);
    };
    try {
      fn();
    } finally {
      t.services.calls.onCall = previous;
    }
    return writes;
  }

  test('a run that changes nothing writes nothing into 顧客, and only the one changed cell after an edit', () => {
    const t = shop();
    // The first run prepares; the second notes what was prepared (承認待ち in 理由); after that nothing changes.
    t.call('runDailyFollowUps');
    t.call('runDailyFollowUps');
    const again = writesDuring(t, () => t.call('runDailyFollowUps'));
    expect(again.filter((w) => w.startsWith('顧客!'))).toEqual([]);
    // The owner clears one of Tsunagu's cells: the next run writes back that cell alone.
    const [head] = t.values('顧客') ?? [];
    const column = String.fromCharCode(65 + (head ?? []).indexOf('理由'));
    const written = t.records('顧客')[1]['理由'];
    t.services.spreadsheet.getSheetByName('顧客')?.getRange(`${column}3`).setValue('');
    const third = writesDuring(t, () => t.call('runDailyFollowUps'));
    expect(third.filter((w) => w.startsWith('顧客!'))).toEqual([`顧客!${column}3`]);
    expect(t.records('顧客')[1]['理由']).toBe(written);
  });

  test('a 結果 the owner types in 連絡履歴 while Tsunagu records an approval on that row is kept', () => {
    const t = shop();
    t.call('runDailyFollowUps');
    const key = lineKey(t, 'L1');
    const [head = [], ...rows] = t.values('連絡履歴') ?? [];
    const row = rows.findIndex((r) => r[head.indexOf('キー')] === key) + 2;
    const cell = (header: string) => `${String.fromCharCode(65 + head.indexOf(header))}${row}`;
    const edit = ownerTypesBefore(
      t.services,
      { beforeWriteOn: '連絡履歴' },
      { sheet: '連絡履歴', cell: cell('結果'), value: '満足' },
      { sheet: '連絡履歴', cell: cell('備考'), value: '11/24 来店予定' },
    );
    t.call('applyFollowUpAction', { keys: [key], action: 'approveLine', send: false });
    expect(edit.happened).toBe(true);
    expect(logRow(t, key)).toMatchObject({ 状態: '承認済', 結果: '満足', 備考: '11/24 来店予定' });
  });
});
