/**
 * The fakes' TextFinder, as https://developers.google.com/apps-script/reference/spreadsheet/text-finder and the
 * Sheet/Range createTextFinder pages describe it: partial, case-insensitive matching unless asked otherwise, displayed
 * values (formulas by their value unless matchFormulaText), null when there are no more matches, each call counted.
 */
import { FakeClock } from './clock';
import { createFakeServices } from './index';
import { idPattern } from '../../src/sheets/find-row';

function book() {
  const services = createFakeServices({
    spreadsheet: {
      id: 'ss',
      name: '検索',
      timeZone: 'Asia/Tokyo',
      sheets: [
        {
          name: '顧客',
          values: [
            ['顧客ID', '氏名', 'メモ'],
            ['C001', '田中', 'c001の紹介'],
            [12, '鈴木', ''],
            ['c001', '佐藤', 'C001'],
            ['C0011', '高橋', 'C001'],
          ],
          numberFormats: [[], [], ['0000']],
          formulas: { C5: '=A2' },
        },
      ],
    },
    clock: new FakeClock('2026-11-22T00:00:00Z'),
  });
  const ss = services.spreadsheet as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet;
  const sheet = ss.getSheetByName('顧客') as GoogleAppsScript.Spreadsheet.Sheet;
  return { services, sheet };
}

const where = (ranges: GoogleAppsScript.Spreadsheet.Range[]) => ranges.map((r) => r.getA1Notation());

describe('TextFinder', () => {
  test('partial and case-insensitive by default, row by row', () => {
    const { sheet } = book();
    expect(where(sheet.createTextFinder('c001').findAll())).toEqual(['A2', 'C2', 'A4', 'C4', 'A5', 'C5']);
  });

  test('matchEntireCell and matchCase narrow it to the cell that is exactly the text', () => {
    const { sheet } = book();
    const column = sheet.getRange(2, 1, 4, 1);
    expect(where(column.createTextFinder('C001').matchEntireCell(true).findAll())).toEqual(['A2', 'A4']);
    expect(where(column.createTextFinder('C001').matchEntireCell(true).matchCase(true).findAll())).toEqual([
      'A2',
    ]);
  });

  test('a Range finder searches that range only', () => {
    const { sheet } = book();
    expect(where(sheet.getRange('C1:C5').createTextFinder('c001').findAll())).toEqual(['C2', 'C4', 'C5']);
  });

  test('the displayed value is searched: 12 formatted 0000 is found as 0012', () => {
    const { sheet } = book();
    const finder = () => sheet.getRange('A:A').createTextFinder('0012').matchEntireCell(true);
    expect(where(finder().findAll())).toEqual(['A3']);
    expect(sheet.getRange('A:A').createTextFinder('12').matchEntireCell(true).findAll()).toEqual([]);
  });

  test('a formula is searched by its value unless matchFormulaText', () => {
    const { sheet } = book();
    const column = sheet.getRange('C1:C5');
    expect(where(column.createTextFinder('C001').matchEntireCell(true).findAll())).toEqual(['C4', 'C5']);
    expect(where(column.createTextFinder('=A2').matchFormulaText(true).findAll())).toEqual(['C5']);
  });

  test('findNext walks the matches in order and gives null when there are no more', () => {
    const { sheet } = book();
    const finder = sheet.getRange('A:A').createTextFinder('C001').matchEntireCell(true);
    expect(finder.getCurrentMatch()).toBeNull();
    expect(finder.findNext()?.getA1Notation()).toBe('A2');
    expect(finder.getCurrentMatch()?.getA1Notation()).toBe('A2');
    expect(finder.findNext()?.getA1Notation()).toBe('A4');
    expect(finder.findNext()).toBeNull();
    expect(finder.findPrevious()?.getA1Notation()).toBe('A2');
    expect(sheet.createTextFinder('nobody').findNext()).toBeNull();
  });

  test('startFrom starts after the given cell', () => {
    const { sheet } = book();
    const finder = sheet.getRange('A:A').createTextFinder('C001').matchEntireCell(true);
    expect(finder.startFrom(sheet.getRange('A2')).findNext()?.getA1Notation()).toBe('A4');
  });

  test('regular expressions only when asked', () => {
    const { sheet } = book();
    expect(sheet.createTextFinder('C0+1$').findAll()).toEqual([]);
    expect(
      where(
        sheet
          .getRange('A:A')
          .createTextFinder('C0+1')
          .useRegularExpression(true)
          .matchEntireCell(true)
          .findAll(),
      ),
    ).toEqual(['A2', 'A4']);
  });

  test("a regular expression's \\s is ASCII whitespace only (RE2 and Java alike); the product names the others", () => {
    const { sheet } = book();
    sheet.getRange('A6:A7').setValues([['\u3000C001'], [' C001']]);
    const found = (pattern: string) =>
      where(
        sheet
          .getRange('A:A')
          .createTextFinder(pattern)
          .useRegularExpression(true)
          .matchEntireCell(true)
          .findAll(),
      );
    expect(found('\\s*C001')).toEqual(['A2', 'A4', 'A7']);
    expect(found('[\\s]*C001')).toEqual(['A2', 'A4', 'A7']);
    // idPattern writes the ideographic space and NBSP in itself: the id with a full-width space is found.
    expect(found(idPattern('C001') as string)).toEqual(['A2', 'A4', 'A6', 'A7']);
  });

  test('each call is counted with the range it searches', () => {
    const { services, sheet } = book();
    const targets: string[] = [];
    services.calls.onCall = (_s, method, target) => {
      if (method.startsWith('TextFinder.')) targets.push(`${method} ${target?.a1}`);
    };
    sheet.getRange('A:A').createTextFinder('C001').matchEntireCell(true).findAll();
    expect(services.calls.count('SpreadsheetApp', 'Range.createTextFinder')).toBe(1);
    expect(services.calls.count('SpreadsheetApp', 'TextFinder.findAll')).toBe(1);
    expect(targets).toEqual(['TextFinder.matchEntireCell A1:A1000', 'TextFinder.findAll A1:A1000']);
    sheet.createTextFinder('x').findNext();
    expect(services.calls.count('SpreadsheetApp', 'Sheet.createTextFinder')).toBe(1);
  });

  test('what is not modelled throws', () => {
    const { sheet } = book();
    expect(() => sheet.createTextFinder('C001').replaceAllWith('x')).toThrow('not modelled');
    expect(() => sheet.createTextFinder('')).toThrow();
  });
});

describe('idPattern (src/sheets/find-row.ts) through the TextFinder', () => {
  test('finds an id as the planner matches ids: full-width, spaces, any case, leading zeros of a number', () => {
    const services = createFakeServices({
      spreadsheet: {
        id: 'ss',
        name: '検索',
        timeZone: 'Asia/Tokyo',
        sheets: [
          {
            name: '連絡履歴',
            values: [
              ['顧客ID'],
              ['C001'],
              ['Ｃ００１'],
              [' c001 '],
              ['C0011'],
              ['0012'],
              [12],
              ['C-1'],
              ['c_2'],
            ],
          },
        ],
      },
      clock: new FakeClock('2026-11-22T00:00:00Z'),
    });
    const ss = services.spreadsheet as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet;
    const column = (ss.getSheetByName('連絡履歴') as GoogleAppsScript.Spreadsheet.Sheet).getRange('A2:A9');
    const find = (id: string) =>
      where(
        column
          .createTextFinder(idPattern(id) as string)
          .useRegularExpression(true)
          .matchEntireCell(true)
          .findAll(),
      );
    expect(find('C001')).toEqual(['A2', 'A3', 'A4']);
    expect(find('12')).toEqual(['A6', 'A7']);
    expect(find('0012')).toEqual(['A6', 'A7']);
    expect(find('C-1')).toEqual(['A8']);
    expect(find('C_2')).toEqual(['A9']);
    expect(idPattern('田中')).toBeNull();
  });
});
