/**
 * The morning run's warning before Sheets' 10-million-cell limit (src/app/cells.ts): the grids are counted only when
 * what the run read of 顧客 and 連絡履歴 is large enough to matter, and the notice gets a line past 80%.
 */
import { cellLimitLines } from '../../src/app/cells';
import type { LoadedWorkbook } from '../../src/app/workbook';
import { FakeClock } from '../fakes';
import { installGlobals } from '../fakes/globals';

/** A workbook whose 売上 sheet the owner grew to `rows` rows of 26 columns, beside a 顧客 of 1,000 × 26. */
function workbook(rows: number) {
  const { services, restore } = installGlobals({
    spreadsheet: {
      id: 'cells-test',
      name: 'ここち堂',
      timeZone: 'Asia/Tokyo',
      sheets: [{ name: '顧客', values: [['顧客ID', '氏名']] }],
    },
    clock: new FakeClock(Date.UTC(2026, 10, 22, 0)),
  });
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const sales = ss.insertSheet('売上');
  if (rows > sales.getMaxRows()) sales.insertRowsAfter(sales.getMaxRows(), rows - sales.getMaxRows());
  return { services, restore, ss };
}

/** What the run read: 顧客 of `customers` rows × 30 columns, 連絡履歴 of `logRows` rows. */
const read = (ss: GoogleAppsScript.Spreadsheet.Spreadsheet, customers: number, logRows: number) =>
  ({
    ss,
    customerTable: { rows: { length: customers }, header: { length: 30 } },
    log: { rowCount: () => logRows },
  }) as unknown as Pick<LoadedWorkbook, 'ss' | 'customerTable' | 'log'>;

test('a shop whose 顧客 and 連絡履歴 are far from the limit: no grid is counted', () => {
  const { services, restore, ss } = workbook(320_000);
  try {
    services.calls.reset();
    expect(cellLimitLines(read(ss, 10_000, 40_000))).toEqual([]);
    expect(services.calls.total('SpreadsheetApp')).toBe(0);
  } finally {
    restore();
  }
});

test('a large shop at 84% of the limit: one line with the largest sheets and what to do', () => {
  const { restore, ss } = workbook(320_000);
  try {
    expect(cellLimitLines(read(ss, 100_000, 150_000))).toEqual([
      'スプレッドシートのセル数: 8,346,000セル（上限の1,000万セルの83%）を使っています。上限に達すると行を増やせず、連絡履歴に書けないため連絡を準備できなくなります。大きいシートは「売上」832万セル、「顧客」3万セルです。使っていない行・列・シートを削除してください。',
    ]);
  } finally {
    restore();
  }
});

test('a large shop well inside the limit: counted, and nothing said (no sheet’s name read)', () => {
  const { services, restore, ss } = workbook(100_000);
  try {
    services.calls.reset();
    expect(cellLimitLines(read(ss, 100_000, 150_000))).toEqual([]);
    expect(services.calls.count('SpreadsheetApp', 'Sheet.getName')).toBe(0);
  } finally {
    restore();
  }
});
