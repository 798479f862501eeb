/**
 * Rows found by what they hold (src/sheets/find-row.ts), on sheets as owners leave them: a grid that ends at the
 * header row, a title above the header, an id typed in full width.
 */
import { LOG_COLUMNS } from '../../src/labels';
import { readHeader, readRows, rowsWithId, rowsWithText } from '../../src/sheets/find-row';
import { FakeClock, type CellValue } from '../fakes';
import { installGlobals } from '../fakes/globals';

function sheetOf(values: CellValue[][], maxRows?: number) {
  const globals = installGlobals({
    clock: new FakeClock('2026-12-01T00:00:00Z'),
    spreadsheet: {
      id: 'ss',
      name: 't',
      timeZone: 'Asia/Tokyo',
      sheets: [{ name: '連絡履歴', values, maxRows }],
    },
  });
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(
    '連絡履歴',
  ) as GoogleAppsScript.Spreadsheet.Sheet;
  return { ...globals, sheet };
}

const HEADER = ['日時', '顧客ID', '氏名', 'シナリオ', 'ステップ', 'チャネル', '状態', 'キー'];

describe('a TextFinder on one column below the header', () => {
  test('a sheet whose grid ends at its header row finds nothing, and never the header', () => {
    const { sheet, restore } = sheetOf([HEADER], 1);
    try {
      const found = readHeader(sheet, LOG_COLUMNS);
      expect(rowsWithText(found, found.columns.key as number, 'キー')).toEqual([]);
      expect(rowsWithId(found, found.columns.customerId as number, '顧客ID')).toBeNull();
    } finally {
      restore();
    }
  });

  test('under a title row, rows are found below the header only, a full-width id as the planner reads it', () => {
    const { sheet, restore } = sheetOf([
      ['連絡の記録（2026年）'],
      HEADER,
      ['', 'C12', '佐藤', 'S1', 'お伺い', 'メール', '送信済', 'C12|S1|お伺い|2026-11-20'],
      ['', 'Ｃ１２', '佐藤', 'S1', '電話確認', '電話', '予定', 'C12|S1|電話確認|2026-11-20'],
      ['', 'C120', '鈴木', 'S1', 'お伺い', 'メール', '送信済', 'C120|S1|お伺い|2026-11-20'],
    ]);
    try {
      const found = readHeader(sheet, LOG_COLUMNS);
      expect(found.headerRow).toBe(2);
      expect(rowsWithId(found, found.columns.customerId as number, 'c12')).toEqual([3, 4]);
      expect(rowsWithText(found, found.columns.key as number, 'C120|S1|お伺い|2026-11-20')).toEqual([5]);
    } finally {
      restore();
    }
  });
});

describe('rows read in blocks', () => {
  test('rows close together are one read, rows far apart are two, and each row is its own', () => {
    const far = 2_000;
    const values: CellValue[][] = [HEADER, ...Array.from({ length: far }, (_, i) => ['', `C${i}`])];
    const { sheet, services, restore } = sheetOf(values);
    try {
      const found = readHeader(sheet, LOG_COLUMNS);
      services.calls.reset();
      const rows = readRows(found, [2, 5, far]);
      expect(services.calls.count('SpreadsheetApp', 'Range.getValues')).toBe(2);
      expect(rows.get(5)?.[1]).toBe('C3');
      expect(rows.get(far)?.[1]).toBe(`C${far - 2}`);
    } finally {
      restore();
    }
  });
});
