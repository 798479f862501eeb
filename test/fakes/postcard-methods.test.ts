/**
 * The Range methods the はがき sheet calls, as the fakes model them (each with its reference URL in
 * test/fakes/spreadsheet.ts): setVerticalText, setVerticalAlignments, mergeAcross, and deleting rows that hold
 * whole merges.
 */
import { FakeClock } from './clock';
import { createFakeServices } from './index';

function sheetOf() {
  const services = createFakeServices({
    spreadsheet: {
      id: 'sheet-id',
      name: 'はがき',
      timeZone: 'Asia/Tokyo',
      sheets: [{ name: 'はがき', values: [] }],
    },
    clock: new FakeClock('2026-12-10T00:00:00Z'),
  });
  const ss = services.spreadsheetApp.getActiveSpreadsheet();
  const fake = services.spreadsheet.sheet('はがき');
  if (!fake) throw new Error('no sheet');
  return { sheet: ss.getSheets()[0], fake };
}

test('setVerticalText stacks the cells of the range, and false unstacks them; a non-boolean is refused', () => {
  const { sheet, fake } = sheetOf();
  sheet.getRange('A1:B2').setVerticalText(true);
  expect([fake.cell(1, 1).verticalText, fake.cell(2, 2).verticalText, fake.cell(3, 1).verticalText]).toEqual([
    true,
    true,
    undefined,
  ]);
  sheet.getRange('A1').setVerticalText(false);
  expect(fake.cell(1, 1).verticalText).toBeUndefined();
  expect(() => sheet.getRange('A1').setVerticalText('yes' as unknown as boolean)).toThrow('method signature');
});

test('setVerticalAlignments sets one alignment per cell and checks the grid’s shape', () => {
  const { sheet, fake } = sheetOf();
  sheet.getRange('A1:B1').setVerticalAlignments([['top', 'bottom']]);
  expect([fake.cell(1, 1).verticalAlignment, fake.cell(1, 2).verticalAlignment]).toEqual(['top', 'bottom']);
  expect(() => sheet.getRange('A1:B1').setVerticalAlignments([['top']])).toThrow('number of columns');
});

test('mergeAcross merges each row of the range on its own, keeping each row’s first value', () => {
  const { sheet, fake } = sheetOf();
  sheet.getRange('A1:C2').setValues([
    ['a', 'b', 'c'],
    ['d', 'e', 'f'],
  ]);
  sheet.getRange('A1:C2').mergeAcross();
  expect(fake.mergedRanges).toEqual(['A1:C1', 'A2:C2']);
  expect(sheet.getRange('A1:C2').getValues()).toEqual([
    ['a', '', ''],
    ['d', '', ''],
  ]);
});

test('deleting rows takes the merges wholly inside them along; cutting through a merge is refused', () => {
  const { sheet, fake } = sheetOf();
  sheet.getRange('A1:C1').merge();
  sheet.getRange('A3:C3').merge();
  sheet.getRange('A5:A6').merge();
  sheet.deleteRows(1, 2);
  expect(fake.mergedRanges).toEqual(['A1:C1', 'A3:A4']);
  expect(() => sheet.deleteRows(4, 1)).toThrow('deleting part of a merge');
});

test('getRangeList: one call sets borders or stacked text on every range; an empty list or a bad A1 throws', () => {
  const { sheet, fake } = sheetOf();
  sheet.getRangeList(['A1', 'C2:D2']).setBorder(true, true, true, true, null, null, '#e60012', null);
  expect([fake.cell(1, 1).border, fake.cell(2, 4).border, fake.cell(2, 2).border]).toEqual([
    'top,left,bottom,right #e60012 SOLID',
    'top,left,bottom,right #e60012 SOLID',
    undefined,
  ]);
  sheet.getRangeList(['B3', 'A5:C5']).setVerticalText(true);
  expect([fake.cell(3, 2).verticalText, fake.cell(5, 3).verticalText, fake.cell(4, 1).verticalText]).toEqual([
    true,
    true,
    undefined,
  ]);
  expect(() => sheet.getRangeList([])).toThrow();
  expect(() => sheet.getRangeList(['not a range'])).toThrow('Range not found');
});
