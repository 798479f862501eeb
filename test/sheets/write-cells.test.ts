/**
 * writeCells and the text-safe writers on the fakes: text reaches each cell as written whatever its number
 * format, and scattered changes cost a bounded number of setValues without touching a formula.
 */
import { FakeClock } from '../fakes/clock';
import { createFakeServices } from '../fakes/index';
import { ownerTypesBefore } from '../fakes/owner-edits';
import { appendRows, cellValue, writeCells, type CellChange } from '../../src/sheets/table';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const LOOK_ALIKES = ['0354321234', '2026/11/24', '1,000', '50%', 'TRUE', '=1+1', "'quoted"];

/** A sheet of 40 data rows × 5 columns: A is an id, B–E text. */
function setup(rows = 40) {
  const values = [
    ['ID', '状態', '内容', '結果', '備考'],
    ...Array.from({ length: rows }, (_, i) => [`R${i + 1}`, '待ち', `本文${i + 1}`, '', '']),
  ];
  const services = createFakeServices({
    spreadsheet: { id: 'id', name: 'つなぐテスト', timeZone: 'Asia/Tokyo', sheets: [{ name: '表', values }] },
    clock: new FakeClock('2026-11-22T00:00:00Z'),
  });
  const sheet = services.spreadsheetApp.getActiveSpreadsheet().getSheetByName('表') as unknown as Sheet;
  const writes = () => services.calls.count('SpreadsheetApp', 'Range.setValues');
  const cell = (a1: string) => sheet.getRange(a1).getValue();
  return { services, sheet, writes, cell };
}

describe('cellValue by number format', () => {
  test.each(LOOK_ALIKES)('%j: an apostrophe in an automatic cell, none in a plain-text cell', (text) => {
    expect(cellValue(text)).toBe(`'${text}`);
    expect(cellValue(text, '0.###############')).toBe(`'${text}`);
    expect(cellValue(text, '@')).toBe(text);
    expect(cellValue('ふつうの文', '@')).toBe('ふつうの文');
  });
});

describe('writeCells', () => {
  test.each(LOOK_ALIKES)('%j reads back as written in automatic and plain-text cells alike', (text) => {
    const { sheet, cell, services } = setup(3);
    sheet.getRange('C2:C3').setNumberFormat('@');
    services.calls.reset();
    writeCells(sheet, [
      { row: 0, column: 2, value: text },
      { row: 1, column: 2, value: text },
      { row: 2, column: 2, value: text },
    ]);
    expect([cell('C2'), cell('C3'), cell('C4')]).toEqual([text, text, text]);
    expect(services.calls.count('SpreadsheetApp', 'Range.getNumberFormats')).toBe(1);
  });

  test('text that needs no apostrophe costs no format read', () => {
    const { sheet, services } = setup(3);
    services.calls.reset();
    writeCells(sheet, [{ row: 0, column: 1, value: '準備済' }]);
    expect(services.calls.count('SpreadsheetApp', 'Range.getNumberFormats')).toBe(0);
  });

  test('few blocks: exactly the changed cells, one setValues each, nothing read', () => {
    const { sheet, writes, services } = setup();
    services.calls.reset();
    expect(
      writeCells(sheet, [
        { row: 0, column: 1, value: '済' },
        { row: 5, column: 1, value: '済' },
      ]),
    ).toBe(2);
    expect(writes()).toBe(2);
    expect(services.calls.count('SpreadsheetApp', 'Range.getValues')).toBe(0);
  });

  test('changes scattered over many rows: one setValues per column span, every other cell as it was', () => {
    const { sheet, writes, cell, services } = setup();
    sheet.getRange('C10').setNumberFormat('@').setValue("'0354321234"); // text with a visible apostrophe
    sheet.getRange('D12').setValue("'0354321234"); // text, kept so by its apostrophe
    sheet.getRange('D14').setValue(42);
    sheet.getRange('D16').setValue(new Date('2026-11-20T00:00:00Z'));
    sheet.getRange('D18').setValue(true);
    const before = sheet.getDataRange().getValues();
    const changes: CellChange[] = [];
    for (let row = 0; row < 40; row += 3) {
      changes.push({ row, column: 1, value: '済' });
      changes.push({ row, column: 4, value: row % 2 ? '1,000' : '2026/11/24' });
    }
    services.calls.reset();
    expect(writeCells(sheet, changes)).toBe(2); // B and E: two spans, 28 cells
    expect(writes()).toBe(2);
    const after = sheet.getDataRange().getValues();
    const wanted = new Map(changes.map((c) => [`${c.row + 1}:${c.column}`, c.value]));
    after.forEach((row, r) =>
      row.forEach((value, c) =>
        expect([r, c, value]).toEqual([r, c, wanted.get(`${r}:${c}`) ?? before[r][c]]),
      ),
    );
    expect(cell('C10')).toBe("'0354321234");
    expect(cell('D12')).toBe('0354321234');
  });

  test('a formula the owner put among the unchanged cells is never overwritten: the span is split at its row', () => {
    const { sheet, writes, services } = setup();
    sheet.getRange('B9').setValue('=A9&"!"'); // data row 7, not one Tsunagu changes
    const changes: CellChange[] = [];
    for (let row = 0; row < 40; row += 3) changes.push({ row, column: 1, value: '済' });
    services.calls.reset();
    expect(writeCells(sheet, changes)).toBe(2);
    expect(writes()).toBe(2);
    expect(sheet.getRange('B9').getFormula()).toBe('=A9&"!"');
    for (const { row } of changes) expect(sheet.getRange(row + 2, 2).getValue()).toBe('済');
  });

  test('a changed cell in the row of an owner formula is written on its own, the formula kept', () => {
    const { sheet, writes, services } = setup();
    sheet.getRange('C8').setValue('=A8&"?"'); // data row 6, next to a cell Tsunagu changes
    const changes: CellChange[] = [];
    for (let row = 0; row < 40; row += 3)
      changes.push({ row, column: 1, value: '済' }, { row, column: 2, value: 'x' });
    changes.splice(
      changes.findIndex((c) => c.row === 6 && c.column === 2),
      1,
    );
    services.calls.reset();
    expect(writeCells(sheet, changes)).toBe(3);
    expect(writes()).toBe(3);
    expect(sheet.getRange('C8').getFormula()).toBe('=A8&"?"');
    expect(sheet.getRange('B8').getValue()).toBe('済');
    expect(sheet.getRange('C41').getValue()).toBe('x');
  });

  test('a value its data validation would now refuse, among the unchanged cells: the exact blocks instead', () => {
    const { sheet, writes, services, cell } = setup();
    sheet.getRange('B13').setValue('保留'); // data row 11, not one Tsunagu changes, typed before the rule
    sheet
      .getRange('B2:B41')
      .setDataValidation(
        services.spreadsheetApp
          .newDataValidation()
          .requireValueInList(['待ち', '済'], true)
          .setAllowInvalid(false)
          .build(),
      );
    const changes: CellChange[] = [];
    for (let row = 0; row < 40; row += 3) changes.push({ row, column: 1, value: '済' });
    services.calls.reset();
    expect(writeCells(sheet, changes)).toBe(14);
    expect(writes()).toBe(15); // the refused span, then the blocks
    expect([cell('B2'), cell('B13'), cell('B14')]).toEqual(['済', '保留', '済']);
  });

  test('a value the owner typed after Tsunagu read the sheet, before the flush, is kept', () => {
    const { sheet, services, cell } = setup();
    const changes: CellChange[] = [];
    for (let row = 0; row < 40; row += 3) changes.push({ row, column: 1, value: '済' });
    // Typed right before the flush reads the cells again.
    const edit = ownerTypesBefore(
      services,
      { beforeReadOf: '表' },
      { sheet: '表', cell: 'B9', value: '電話済み' },
      { sheet: '表', cell: 'B10', value: "'0354321234" },
    );
    writeCells(sheet, changes);
    expect(edit.happened).toBe(true);
    expect([cell('B9'), cell('B10'), cell('B11'), cell('B12')]).toEqual([
      '電話済み',
      '0354321234',
      '済',
      '待ち',
    ]);
  });
});

describe('appendRows', () => {
  test.each(LOOK_ALIKES)(
    '%j reads back as written under the formats it sets and under the sheet’s',
    (text) => {
      const { sheet, cell } = setup(1);
      appendRows(sheet, [['R2', text, text]], 5, () => ['@', '@', '@', '@', '@']);
      sheet.getRange('B4').setNumberFormat('@'); // the owner's plain-text cell; C4 stays automatic
      appendRows(sheet, [['R3', text, text]], 5);
      expect(sheet.getRange('C4').getNumberFormat()).not.toBe('@');
      expect([cell('B3'), cell('C3'), cell('B4'), cell('C4')]).toEqual([text, text, text, text]);
    },
  );
});
