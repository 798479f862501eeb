/**
 * 手紙を印刷済みにする marks exactly the letters on the 手紙 sheet, whatever the owner did to the sheet before
 * printing: a letter is known by its first row's developer metadata, never by printed text (nothing internal prints).
 */
import { letterPageLayout } from '../../src/core/letter-layout';
import type { CellValue } from '../fakes';
import {
  customerSheet,
  loadTsunagu,
  SECOND_VISIT,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from './harness';

const PAGE = letterPageLayout().rowsPerPage;
const KEY = (id: string) => `${id}|S1|お伺い|2026-11-20`;
/** Anything that looks like a 連絡履歴 key, a rule id or an anchor date. */
const INTERNAL = /\||\bS\d{1,2}\b|\d{4}-\d{2}-\d{2}|お伺い\||世帯:/;

/** Three second-visit customers reached only by letter: their お伺い letters are prepared on 2026-11-22. */
function shop(): Tsunagu {
  const letterCustomer = (id: string, name: string, n: number): Record<string, CellValue> => ({
    顧客ID: id,
    氏名: name,
    郵便番号: '154-0004',
    住所: `東京都世田谷区太子堂1-2-${n}`,
    ...SECOND_VISIT,
  });
  const t = loadTsunagu({
    sheets: [
      customerSheet([
        letterCustomer('L1', '青木 花子', 1),
        letterCustomer('L2', '石井 健', 2),
        letterCustomer('L3', '上田 美咲', 3),
      ]),
      settingsSheet(SHOP_SETTINGS),
    ],
    today: '2026-11-22',
  });
  t.call('runDailyFollowUps');
  t.at('2026-11-22', 18);
  return t;
}

const sheet = (t: Tsunagu) => {
  const s = t.services.spreadsheet.getSheetByName('手紙');
  if (!s) throw new Error('no 手紙 sheet');
  return s;
};
const column = (t: Tsunagu) => (t.values('手紙') ?? []).map((row) => String(row[0] ?? ''));
const states = (t: Tsunagu) =>
  Object.fromEntries(
    t
      .records('連絡履歴')
      .filter((r) => r['チャネル'] === '手紙')
      .map((r) => [String(r['キー']), String(r['状態'])]),
  );
const letterStart = (t: Tsunagu, name: string) => column(t).findIndex((text) => text === `${name} 様`) - 3;

test('the day prepares three letters, each one page, and nothing internal is on the sheet or the labels', () => {
  const t = shop();
  expect(states(t)).toEqual({ [KEY('L1')]: '印刷待ち', [KEY('L2')]: '印刷待ち', [KEY('L3')]: '印刷待ち' });
  expect([letterStart(t, '青木 花子'), letterStart(t, '石井 健'), letterStart(t, '上田 美咲')]).toEqual([
    0,
    PAGE,
    2 * PAGE,
  ]);
  for (const name of ['手紙', '宛名ラベル'])
    for (const text of (t.values(name) ?? []).flat().map(String)) expect(text).not.toMatch(INTERNAL);
});

test('rows the owner inserts (a postscript) do not lose any letter', () => {
  const t = shop();
  const s = sheet(t);
  s.insertRowsAfter(PAGE + 20, 2);
  s.getRange(PAGE + 21, 1).setValue('追伸　寒くなりましたので、どうぞご自愛ください。');
  s.insertRowsAfter(1, 1);
  expect(t.call('markLettersPrinted')).toBe('3通を印刷済みにしました。');
  expect(Object.values(states(t))).toEqual(['印刷済', '印刷済', '印刷済']);
});

test('a letter whose rows the owner deleted stays waiting, and is on the rebuilt sheet', () => {
  const t = shop();
  sheet(t).deleteRows(letterStart(t, '石井 健') + 1, PAGE);
  expect(column(t).join('\n')).not.toContain('石井 健');
  expect(t.call('markLettersPrinted')).toBe('2通を印刷済みにしました。');
  expect(states(t)).toEqual({ [KEY('L1')]: '印刷済', [KEY('L2')]: '印刷待ち', [KEY('L3')]: '印刷済' });
  expect(column(t)).toContain('石井 健 様');
  expect(column(t)).not.toContain('青木 花子 様');
});

test('the owner sorting the sheet, or rewriting a letter, still marks exactly the letters on it', () => {
  const t = shop();
  const s = sheet(t);
  // A sort moves the cells' contents; whether Sheets moves rows' metadata with them is not documented, and no row
  // is deleted either way, so every letter is still on the sheet.
  const rows = s.getRange(1, 1, 3 * PAGE, 1);
  rows.setValues(
    rows
      .getValues()
      .map((row) => String(row[0]))
      .sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
      .map((text) => [text]),
  );
  // The owner rewrites the first letter's greeting and its addressee.
  s.getRange(1, 1).setValue('拝啓　いつもありがとうございます。');
  s.getRange(4, 1).setValue('青木 花子 様（ご家族様）');
  expect(t.call('markLettersPrinted')).toBe('3通を印刷済みにしました。');
  expect(Object.values(states(t))).toEqual(['印刷済', '印刷済', '印刷済']);
});

test('a rebuilt sheet is tagged afresh: the old tags go with the old rows, nothing is marked twice', () => {
  const t = shop();
  // Rebuilds: the next run's 手紙 step and the owner's own 手紙を印刷済みにする with the sheet emptied first.
  t.call('runDailyFollowUps');
  t.call('runDailyFollowUps');
  const tags = () =>
    sheet(t)
      .createDeveloperMetadataFinder()
      .withKey('tsunagu.letter')
      .find()
      .map((m) => [m.getValue(), m.getLocation().getRow()?.getRow()]);
  expect(tags()).toEqual([
    [KEY('L1'), 1],
    [KEY('L2'), PAGE + 1],
    [KEY('L3'), 2 * PAGE + 1],
  ]);
  expect(t.call('markLettersPrinted')).toBe('3通を印刷済みにしました。');
  expect(tags()).toEqual([]);
  expect(column(t)).toEqual(['印刷待ちの手紙はありません']);
  expect(t.call('markLettersPrinted')).toBe(
    '印刷済みにする手紙はありませんでした（「手紙」シートが空です）。',
  );
});
