/**
 * The はがき sheet through dist/Code.js on the fakes (issue 18 item 3): on a December day with 年賀状 TRUE the
 * greeting cards are laid out on はがき — every address side first, then every message side in the same order, each
 * side one HAGAKI page — and no longer on 手紙; 手紙を印刷済みにする marks them 印刷済; a card whose rows the owner
 * deleted stays waiting.
 */
import { postcardLayout } from '../../src/core/postcard-layout';
import type { CellValue } from '../fakes';
import {
  customerSheet,
  dateCell,
  loadTsunagu,
  SECOND_VISIT,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from './harness';

const LAYOUT = postcardLayout();
const ADDRESS_ROWS = LAYOUT.addressRowsPx.length;
const MESSAGE_ROWS = LAYOUT.messageRowsPx.length;

const household = (id: string, name: string, address: string): Record<string, CellValue> => ({
  顧客ID: id,
  氏名: name,
  郵便番号: '154-0004',
  住所: address,
  初回来店日: dateCell('2025-04-01'),
  最終来店日: dateCell('2026-06-01'),
  来店回数: 4,
});

/**
 * Four households for 年賀状 on 2026-12-10; one of them, a second-visit customer, also gets its お伺い by letter.
 */
function shop(documentProperties: Record<string, string> = {}): Tsunagu {
  const t = loadTsunagu({
    sheets: [
      customerSheet([
        household('H1', '青木 花子', '東京都世田谷区太子堂1-2-3'),
        household('H2', '石井 健', '東京都世田谷区太子堂4-5-6 サンハイツB棟 101号'),
        household('H3', '上田 美咲', '東京都世田谷区太子堂10'),
        {
          顧客ID: 'L1',
          氏名: '江藤 学',
          郵便番号: '154-0001',
          住所: '東京都世田谷区池尻1-1-1',
          ...SECOND_VISIT,
          最終来店日: dateCell('2026-12-08'),
        },
      ]),
      settingsSheet([...SHOP_SETTINGS, ['年賀状', 'TRUE'], ['休眠日数', 3650]]),
    ],
    today: '2026-12-10',
    documentProperties,
  });
  t.call('runDailyFollowUps');
  t.at('2026-12-10', 18);
  return t;
}

const sheet = (t: Tsunagu, name: string) => {
  const s = t.services.spreadsheet.sheet(name);
  if (!s) throw new Error(`no ${name} sheet`);
  return s;
};
const letters = (t: Tsunagu) =>
  t
    .records('連絡履歴')
    .filter((r) => r['チャネル'] === '手紙')
    .map((r) => [String(r['キー']), String(r['状態'])]);
const cardStates = (t: Tsunagu) => letters(t).filter(([key]) => key.includes('|S10|'));
/** The text of each row of the はがき sheet, its cells joined. */
const rowTexts = (t: Tsunagu) =>
  (t.values('はがき') ?? []).map((row) => row.map((v) => String(v ?? '')).join(''));

test('a December day with 年賀状 TRUE: 4 cards on はがき, address sides then message sides, none on 手紙', () => {
  const t = shop();
  expect(cardStates(t).map(([, state]) => state)).toEqual(['印刷待ち', '印刷待ち', '印刷待ち', '印刷待ち']);
  const s = sheet(t, 'はがき');
  const rows = rowTexts(t);
  const n = 4;
  const pagesRows = n * ADDRESS_ROWS + n * MESSAGE_ROWS;
  expect(s.gridSize.rows).toBeGreaterThanOrEqual(pagesRows);
  expect(rows.slice(pagesRows).every((r) => r === '')).toBe(true);
  // Each side's rows are its layout's heights: 2N pages of HAGAKI, address sides first.
  const heights = Array.from({ length: pagesRows }, (_, i) => s.getRowHeight(i + 1));
  expect(heights).toEqual([
    ...Array(n).fill(LAYOUT.addressRowsPx).flat(),
    ...Array(n).fill(LAYOUT.messageRowsPx).flat(),
  ]);
  // Each address side names one household, 様 once; each message side is a 年賀状.
  const names = [0, 1, 2, 3].map((k) => rows[k * ADDRESS_ROWS + 3]);
  for (const name of [
    '青木\u3000花子\u3000様',
    '石井\u3000健\u3000様',
    '上田\u3000美咲\u3000様',
    '江藤\u3000学\u3000様',
  ])
    expect(names.filter((text) => text.includes(name))).toHaveLength(1);
  for (const text of names) expect(text.match(/様/g)).toHaveLength(1);
  expect(names.some((text) => text.includes('太子堂一の二の三'))).toBe(true);
  expect(names.some((text) => text.includes('サンハイツＢ棟'))).toBe(true);
  for (let k = 0; k < n; k++) {
    const zip = rows[k * ADDRESS_ROWS + 1];
    expect(zip).toBe(names[k].includes('江藤') ? '1540001' : '1540004');
    const message = rows.slice(
      n * ADDRESS_ROWS + k * MESSAGE_ROWS,
      n * ADDRESS_ROWS + (k + 1) * MESSAGE_ROWS,
    );
    expect(message[1]).toBe('謹賀新年');
    expect(message.join('')).toContain('令和9年 元旦');
    expect(message.join('')).not.toMatch(/拝啓|敬具/);
  }
  // The stacked (縦書き) rows: the address sides' main row, and nothing on the message sides.
  expect(s.cell(4, 21).verticalText).toBe(true);
  expect(s.cell(n * ADDRESS_ROWS + 3, 2).verticalText).toBeUndefined();
  // Bought cards by default: no frame, no 「郵便はがき」.
  expect(rows.join('')).not.toContain('郵便はがき');
  expect(s.cell(2, 9).border).toBeUndefined();
  expect(s.cell(1, 1).note).toContain('3.94');
  expect(s.cell(1, 1).note).toContain('1〜4ページ目が宛名面、5〜8ページ目が文面');
  // 手紙 holds the お伺い letter only; 宛名ラベル still has a label per card.
  const letterSheet = (t.values('手紙') ?? []).flat().map(String).join('\n');
  expect(letterSheet).toContain('江藤 学 様');
  expect(letterSheet).not.toMatch(/謹賀新年|青木 花子/);
  expect(letterSheet).toContain('拝啓');
  const labels = (t.values('宛名ラベル') ?? []).flat().map(String).join('\n');
  for (const name of ['青木 花子', '石井 健', '上田 美咲', '江藤 学']) expect(labels).toContain(name);
});

test('the 投函 task still reaches the owner: 「12月15日〜25日に投函」 with the prepared cards', () => {
  const t = shop();
  const said = [
    ...t.records('顧客').map((r) => String(r['理由'])),
    ...t.records('連絡履歴').map((r) => String(r['お店の作業'])),
  ].join('\n');
  expect(said).toContain('12月15日〜25日に投函');
  // On the はがき sheet, in the note on A1 (it does not print): the cards are no longer on 手紙's cover page.
  const note = t.services.spreadsheet.sheet('はがき')?.cell(1, 1).note ?? '';
  expect(note.split('\n')[0]).toBe('【投函】12月15日〜25日に投函してください（4枚）');
  // A 年賀状 on a card that is not a 年賀はがき needs 「年賀」 under the stamp, or it is delivered in December.
  expect(note).toContain('切手の下に赤で「年賀」と書いてください');
  expect(note).toContain('行を削除したり挿入したりしないでください');
  expect(JSON.stringify(t.values('手紙'))).not.toContain('投函');
});

test('手紙を印刷済みにする marks the letter and the cards 印刷済, and the sheets empty', () => {
  const t = shop();
  expect(t.call('markLettersPrinted')).toBe('手紙1通とはがき4枚を印刷済みにしました。');
  expect(letters(t).map(([, state]) => state)).toEqual(['印刷済', '印刷済', '印刷済', '印刷済', '印刷済']);
  expect(rowTexts(t)[0]).toBe('印刷待ちのはがきはありません');
  expect(sheet(t, 'はがき').mergedRanges).toEqual([]);
});

test('a card whose rows the owner deleted stays waiting; the others are marked', () => {
  const t = shop();
  const s = t.services.spreadsheet.getSheetByName('はがき');
  if (!s) throw new Error('no はがき');
  const second = rowTexts(t)[ADDRESS_ROWS + 3];
  s.deleteRows(ADDRESS_ROWS + 1, ADDRESS_ROWS);
  expect(t.call('markLettersPrinted')).toBe('手紙1通とはがき3枚を印刷済みにしました。');
  const waiting = cardStates(t).filter(([, state]) => state === '印刷待ち');
  expect(waiting).toHaveLength(1);
  // The waiting card is back on the rebuilt sheet, alone.
  expect(rowTexts(t)[3]).toBe(second);
  expect(sheet(t, 'はがき').getRowHeight(ADDRESS_ROWS + 1)).toBe(LAYOUT.messageRowsPx[0]);
});

test('はがきの用紙を切り替える: 私製はがき gets the 郵便番号枠 in 朱 and 「郵便はがき」, and back', () => {
  const t = shop();
  expect(t.call('switchPostcardStock')).toContain('私製はがき');
  const s = sheet(t, 'はがき');
  expect(rowTexts(t)[0]).toBe('郵便はがき');
  expect(s.cell(2, 9).border).toMatch(/^top,left,bottom,right #eb6101 SOLID_MEDIUM/);
  expect(s.cell(2, 21).border).toMatch(/^top,left,bottom,right #eb6101 SOLID\b/);
  expect(s.cell(1, 1).note).toContain('私製はがき');
  expect(t.call('switchPostcardStock')).toContain('官製はがき・年賀はがき');
  expect(rowTexts(t)[0]).toBe('');
  expect(sheet(t, 'はがき').cell(2, 9).border).toBeUndefined();
});

test('an owner’s own sheet called はがき is never written to: the cards go on 「はがき（つなぐ）」', () => {
  const own = { name: 'はがき', values: [['年賀状を出した人'], ['山田 太郎']] };
  const t = loadTsunagu({
    sheets: [
      customerSheet([household('H1', '青木 花子', '東京都世田谷区太子堂1-2-3')]),
      settingsSheet([...SHOP_SETTINGS, ['年賀状', 'TRUE'], ['休眠日数', 3650]]),
      own,
    ],
    today: '2026-12-10',
  });
  t.call('runDailyFollowUps');
  expect(t.values('はがき')).toEqual(own.values);
  expect((t.values('はがき（つなぐ）') ?? [])[1]?.join('')).toBe('1540004');
  expect(t.call('markLettersPrinted')).toBe('はがき1枚を印刷済みにしました。');
  expect(t.values('はがき')).toEqual(own.values);
});

test('「手紙を作成」 says how many are on each sheet', () => {
  const t = shop();
  expect(t.call('createLetterSheet')).toBe(
    '「手紙」シートに1通、「はがき」シートに4枚あります。印刷したら「手紙を印刷済みにする」を押してください。',
  );
});

test('「手紙を作成」 in preview prepares the cards and says them as はがき, apart from the letter', () => {
  const t = shop({ 'tsunagu.preparing': 'off' });
  const said = t.call<string>('createLetterSheet');
  expect(said).toContain('手紙1件、はがき4枚を準備しました。');
  expect(said).toContain('「はがき」シートに4枚');
});

test('250 cards on blank stock: the sheet is built in a bounded number of calls (RangeList for boxes and 縦書き)', () => {
  const many = Array.from({ length: 250 }, (_, i) =>
    household(`H${i + 1}`, `青木 ${i + 1}子`, `東京都世田谷区太子堂${i + 1}-2-3`),
  );
  const t = loadTsunagu({
    sheets: [
      customerSheet(many),
      settingsSheet([...SHOP_SETTINGS, ['年賀状', 'TRUE'], ['休眠日数', 3650], ['1日の手紙上限', '300']]),
    ],
    today: '2026-12-10',
    documentProperties: { 'tsunagu.postcardStock': 'blank' },
  });
  t.call('runDailyFollowUps');
  const calls = t.services.calls.byMethod();
  const count = (m: string) => calls[`SpreadsheetApp.${m}`] ?? 0;
  // The first card's seven boxes are drawn.
  const sheet = t.services.spreadsheet.sheet('はがき');
  const boxed: string[] = [];
  for (let r = 1; r <= ADDRESS_ROWS; r++)
    for (let c = 1; c <= LAYOUT.columnWidthsPx.length; c++)
      if (sheet?.cell(r, c).border) boxed.push(`${r},${c}`);
  expect(boxed).toHaveLength(7);
  // Boxes and stacked rows: one RangeList call each, whatever the number of cards.
  expect(count('Range.setBorder')).toBe(0);
  expect(count('RangeList.setBorder')).toBe(2);
  expect(count('Range.setVerticalText')).toBe(0);
  expect(count('RangeList.setVerticalText')).toBe(1);
  const total = t.services.calls.total('SpreadsheetApp');
  console.log(`250 cards on blank stock: ${total} SpreadsheetApp calls`);
  // Row heights (a few runs a side), merges and each card's tag remain per card: about 16 a card.
  expect(total).toBeLessThan(250 * 20);
});

test('the owner deletes their own 「はがき」 sheet: the cards on 「はがき（つなぐ）」 are still found and marked printed', () => {
  const t = loadTsunagu({
    sheets: [
      customerSheet([household('H1', '青木 花子', '東京都世田谷区太子堂1-2-3')]),
      settingsSheet([...SHOP_SETTINGS, ['年賀状', 'TRUE'], ['休眠日数', 3650]]),
      { name: 'はがき', values: [['オーナーのメモ']] },
    ],
    today: '2026-12-10',
  });
  t.call('runDailyFollowUps');
  expect((t.values('はがき（つなぐ）') ?? [])[1]?.join('')).toBe('1540004');
  const ss = t.services.spreadsheetApp.getActiveSpreadsheet();
  ss.deleteSheet(ss.getSheetByName('はがき') as GoogleAppsScript.Spreadsheet.Sheet);
  expect(t.call('markLettersPrinted')).toBe('はがき1枚を印刷済みにしました。');
  expect(t.values('はがき')).toBeUndefined();
});
