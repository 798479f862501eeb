/**
 * The fakes' developer metadata, as the reference pages describe it (see metadata.ts for the URLs): on a sheet or
 * one whole row or column only, found by a finder scoped to a sheet or the spreadsheet, and moving with its column.
 */
import { FakeClock } from './clock';
import { createFakeServices } from './index';
import { FakeSpreadsheet } from './spreadsheet';

function book() {
  const services = createFakeServices({
    spreadsheet: {
      id: 'ss',
      name: 'メタデータ',
      timeZone: 'Asia/Tokyo',
      sheets: [
        { name: '顧客', values: [['顧客ID', '氏名', '要確認']] },
        { name: 'メモ', values: [['x']] },
      ],
    },
    clock: new FakeClock('2026-11-22T00:00:00Z'),
  });
  const ss = services.spreadsheet as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet;
  const sheet = ss.getSheetByName('顧客') as GoogleAppsScript.Spreadsheet.Sheet;
  return { services, ss, sheet };
}

const columnsTagged = (sheet: GoogleAppsScript.Spreadsheet.Sheet, key = 'k') =>
  sheet
    .createDeveloperMetadataFinder()
    .withKey(key)
    .find()
    .map((m) => m.getLocation().getColumn()?.getColumn());

describe('Range.addDeveloperMetadata', () => {
  test('a whole column or a whole row takes metadata; getValue is null without a value', () => {
    const { sheet } = book();
    sheet.getRange('C:C').addDeveloperMetadata('k', '要確認');
    sheet.getRange('2:2').addDeveloperMetadata('row');
    const [column] = sheet.createDeveloperMetadataFinder().withKey('k').find();
    expect(column.getValue()).toBe('要確認');
    expect(String(column.getVisibility())).toBe('DOCUMENT');
    expect(String(column.getLocation().getLocationType())).toBe('COLUMN');
    expect(column.getLocation().getColumn()?.getA1Notation()).toBe('C1:C1000');
    expect(column.getLocation().getSheet()).toBeNull();
    const [row] = sheet.createDeveloperMetadataFinder().withKey('row').find();
    expect(row.getValue()).toBeNull();
    expect(row.getLocation().getRow()?.getRow()).toBe(2);
  });

  test.each([['C1'], ['C1:C10'], ['B:C'], ['A1:Z2']])(
    'a range that is not one whole row or column (%s) throws, and adds nothing',
    (a1) => {
      const { sheet } = book();
      expect(() => sheet.getRange(a1).addDeveloperMetadata('k', 'v')).toThrow(
        'Developer metadata may only be added to the top-level spreadsheet, an individual sheet, or an entire row or column',
      );
      expect(sheet.createDeveloperMetadataFinder().find()).toEqual([]);
    },
  );
});

describe('where metadata is', () => {
  test('a sheet finder sees that sheet’s own and its columns’, not another sheet’s; getDeveloperMetadata only the sheet’s own', () => {
    const { ss, sheet } = book();
    const memo = ss.getSheetByName('メモ') as GoogleAppsScript.Spreadsheet.Sheet;
    sheet.addDeveloperMetadata('k', '顧客');
    sheet.getRange('C:C').addDeveloperMetadata('k', '要確認');
    memo.getRange('A:A').addDeveloperMetadata('k', 'メモ');
    const values = (list: GoogleAppsScript.Spreadsheet.DeveloperMetadata[]) => list.map((m) => m.getValue());
    expect(values(sheet.createDeveloperMetadataFinder().withKey('k').find())).toEqual(['顧客', '要確認']);
    expect(values(ss.createDeveloperMetadataFinder().withKey('k').find())).toEqual([
      '顧客',
      '要確認',
      'メモ',
    ]);
    expect(values(ss.createDeveloperMetadataFinder().withKey('other').find())).toEqual([]);
    expect(values(sheet.getDeveloperMetadata())).toEqual(['顧客']);
    const [own] = sheet.getDeveloperMetadata();
    expect(own.getLocation().getSheet()?.getName()).toBe('顧客');
  });

  test('metadata moves with its column when columns are inserted before it, not after', () => {
    const { sheet } = book();
    sheet.getRange('C:C').addDeveloperMetadata('k', '要確認');
    sheet.insertColumnsAfter(3, 2);
    expect(columnsTagged(sheet)).toEqual([3]);
    sheet.insertColumnsAfter(1, 1);
    expect(columnsTagged(sheet)).toEqual([4]);
  });

  test('deleting the column or the sheet deletes its metadata', () => {
    const { ss, sheet, services } = book();
    sheet.getRange('Z:Z').addDeveloperMetadata('k', 'last');
    sheet.deleteColumns(26, 1);
    expect(columnsTagged(sheet)).toEqual([]);
    const memo = ss.getSheetByName('メモ') as GoogleAppsScript.Spreadsheet.Sheet;
    memo.addDeveloperMetadata('k', 'メモ');
    ss.deleteSheet(memo);
    expect(ss.createDeveloperMetadataFinder().find()).toEqual([]);
    expect(services.spreadsheet.toData().sheets.every((s) => !s.developerMetadata)).toBe(true);
  });

  test('exported and loaded again, metadata is where it was', () => {
    const { services, sheet } = book();
    sheet.getRange('C:C').addDeveloperMetadata('k', '要確認');
    sheet.addDeveloperMetadata('tsunagu.sheet', '顧客');
    const data = services.spreadsheet.toData();
    expect(data.sheets[0].developerMetadata).toEqual([
      { key: 'k', value: '要確認', column: 3 },
      { key: 'tsunagu.sheet', value: '顧客' },
    ]);
    const again = createFakeServices({ spreadsheet: data, clock: new FakeClock('2026-11-22T00:00:00Z') });
    const loaded = (again.spreadsheet as FakeSpreadsheet).sheet(
      '顧客',
    ) as unknown as GoogleAppsScript.Spreadsheet.Sheet;
    expect(columnsTagged(loaded)).toEqual([3]);
  });

  test('a removed piece of metadata is gone, and using it again throws', () => {
    const { sheet } = book();
    sheet.getRange('C:C').addDeveloperMetadata('k', '要確認');
    const [tag] = sheet.createDeveloperMetadataFinder().withKey('k').find();
    tag.remove();
    expect(columnsTagged(sheet)).toEqual([]);
    expect(() => tag.getKey()).toThrow();
  });
});

describe('Sheet.deleteRows', () => {
  test('deleted rows take their metadata with them; the rows below move up with theirs, their cells and heights', () => {
    const { sheet } = book();
    sheet.getRange('A2:A6').setValues([['r2'], ['r3'], ['r4'], ['r5'], ['r6']]);
    sheet.setRowHeight(5, 40);
    for (const row of [2, 3, 5]) sheet.getRange(`${row}:${row}`).addDeveloperMetadata('row', `was ${row}`);
    sheet.deleteRows(3, 2);
    const rows = sheet
      .createDeveloperMetadataFinder()
      .withKey('row')
      .find()
      .map((m) => [m.getValue(), m.getLocation().getRow()?.getRow()]);
    expect(rows).toEqual([
      ['was 2', 2],
      ['was 5', 3],
    ]);
    expect(sheet.getRange('A2:A4').getValues()).toEqual([['r2'], ['r5'], ['r6']]);
    expect(sheet.getRowHeight(3)).toBe(40);
    expect(sheet.getMaxRows()).toBe(998);
  });

  test('a sheet keeps at least one row, and rows past the end are refused', () => {
    const { sheet } = book();
    expect(() => sheet.deleteRows(1, sheet.getMaxRows())).toThrow(
      "You can't delete all the rows on the sheet.",
    );
    expect(() => sheet.deleteRows(999, 5)).toThrow('Those rows are out of bounds.');
  });
});
