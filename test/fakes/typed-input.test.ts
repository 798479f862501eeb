import { FakeClock } from './clock';
import { createFakeServices } from './index';
import { ownerTypesBefore } from './owner-edits';

// Strings written with setValue(s) are read as if typed into a ja_JP spreadsheet in Asia/Tokyo
// (storedValue/typedInput in spreadsheet.ts cites the pages this follows).

function setup() {
  const services = createFakeServices({
    spreadsheet: {
      id: 'sheet-id',
      name: 'つなぐテスト',
      timeZone: 'Asia/Tokyo',
      sheets: [
        { name: '顧客', values: [] },
        { name: 'メモ', values: [] },
      ],
    },
    clock: new FakeClock('2026-06-01T00:00:00Z'),
  });
  const sheet = services.spreadsheetApp.getActiveSpreadsheet().getSheetByName('顧客');
  if (!sheet) throw new Error('no sheet');
  const typed = (text: string) => {
    const cell = sheet.getRange('A1');
    cell.clear();
    cell.setValue(text);
    return { value: cell.getValue(), format: cell.getNumberFormat(), shown: cell.getDisplayValue() };
  };
  return { services, sheet, typed };
}

const tokyo = (iso: string) => new Date(`${iso}+09:00`).getTime();

describe('typed input (setValue of a string)', () => {
  test.each([
    ['0354321234', 354321234],
    ['1,000', 1000],
    ['12,345.5', 12345.5],
    ['+5', 5],
    ['-5', -5],
    ['-1,000', -1000],
    ['.5', 0.5],
    ['1.5e3', 1500],
    ['1E-2', 0.01],
    ['  42  ', 42],
  ])('number %j → %p', (text, value) => {
    expect(setup().typed(text).value).toBe(value);
  });

  test.each([
    ['¥1,000', 1000, '"¥"#,##0'],
    ['￥1,000', 1000, '"¥"#,##0'],
    ['-¥500', -500, '"¥"#,##0'],
    ['¥-500', -500, '"¥"#,##0'],
    ['$5', 5, '"$"#,##0.00'],
  ])('currency %j → %p shown in a currency format', (text, value, format) => {
    const got = setup().typed(text);
    expect(got.value).toBe(value);
    expect(got.format).toBe(format);
  });

  test('percentages are fractions shown as percent', () => {
    const { typed } = setup();
    expect(typed('50%')).toEqual({ value: 0.5, format: '0%', shown: '50%' });
    expect(typed('12.5%')).toMatchObject({ value: 0.125, format: '0.00%' });
    expect(typed('-5%').value).toBeCloseTo(-0.05);
  });

  test('thousands separators give the cell #,##0; a plain number leaves it automatic', () => {
    const { typed } = setup();
    expect(typed('1,000')).toMatchObject({ format: '#,##0', shown: '1,000' });
    expect(typed('1000').format).toBe('0.###############');
  });

  test('times are Dates on 1899-12-30 with a time format', () => {
    const { typed } = setup();
    const nine = typed('9:30');
    expect(nine.value).toBeInstanceOf(Date);
    expect(nine.format).toBe('h:mm');
    expect(nine.shown).toBe('9:30');
    const withSeconds = typed('9:30:15');
    expect(withSeconds.format).toBe('h:mm:ss');
    expect(withSeconds.shown).toBe('9:30:15');
    const evening = typed('7:05 PM');
    expect(evening.shown).toBe('19:05');
    // The time is 9:30 after the Tokyo midnight of Sheets' day 0, whatever that zone's 1899 offset was.
    const midnight = (typed('0:00').value as Date).getTime();
    expect((nine.value as Date).getTime() - midnight).toBe(9.5 * 3_600_000);
    expect(typed('9:75').value).toBe('9:75');
  });

  test('dates with and without a year, in digits and in Japanese', () => {
    const { typed } = setup();
    expect(typed('2026/11/24')).toMatchObject({ format: 'yyyy/mm/dd', shown: '2026/11/24' });
    expect((typed('2026/11/24').value as Date).getTime()).toBe(tokyo('2026-11-24T00:00:00'));
    expect((typed('2026-1-5').value as Date).getTime()).toBe(tokyo('2026-01-05T00:00:00'));
    // No year: this year where the spreadsheet is (the clock says 2026).
    const noYear = typed('11/24');
    expect((noYear.value as Date).getTime()).toBe(tokyo('2026-11-24T00:00:00'));
    expect(noYear.format).toBe('m/d');
    const ja = typed('2026年11月24日');
    expect((ja.value as Date).getTime()).toBe(tokyo('2026-11-24T00:00:00'));
    expect(ja.shown).toBe('2026年11月24日');
    expect((typed('11月24日').value as Date).getTime()).toBe(tokyo('2026-11-24T00:00:00'));
    // Not a day: stays text.
    expect(typed('2026/2/30').value).toBe('2026/2/30');
    expect(typed('13/1').value).toBe('13/1');
  });

  test('TRUE/FALSE in any case are booleans', () => {
    const { typed } = setup();
    expect(typed('true').value).toBe(true);
    expect(typed('False').value).toBe(false);
  });

  test('what Sheets does not read stays text', () => {
    const { typed } = setup();
    for (const text of [
      '1,000円',
      '50%OFF',
      '03-5432-1234',
      '+81 3 5432 1234',
      '¥50%',
      '+-5',
      '1,00',
      'abc',
      '第2回',
    ])
      expect([text, typed(text).value]).toEqual([text, text]);
  });

  test("an apostrophe keeps any of them text, and so does a cell formatted as plain text ('@')", () => {
    const { sheet, typed } = setup();
    for (const text of ['0354321234', '1,000', '¥1,000', '50%', '9:30', '11/24', '2026年11月24日', 'TRUE'])
      expect(typed(`'${text}`)).toMatchObject({ value: text, format: '0.###############' });
    sheet.getRange('B1').setNumberFormat('@').setValue('50%');
    expect(sheet.getRange('B1').getValue()).toBe('50%');
  });

  test("a cell formatted as plain text ('@') keeps a leading apostrophe as a character of the text", () => {
    const { sheet } = setup();
    for (const text of ["'0354321234", "'=1+1", "''quoted", "'TRUE"]) {
      sheet.getRange('B1').setNumberFormat('@').setValue(text);
      expect(sheet.getRange('B1').getValue()).toBe(text);
      expect(sheet.getRange('B1').getFormula()).toBe('');
    }
    sheet
      .getRange('B2')
      .setNumberFormat('@')
      .setValues([['=1+1']]);
    expect(sheet.getRange('B2').getValue()).toBe('=1+1');
    expect(sheet.getRange('B2').getFormula()).toBe('');
  });

  test("a cell's own number format is kept when a typed value would give it another", () => {
    const { sheet } = setup();
    sheet.getRange('C1').setNumberFormat('0.0').setValue('50%');
    expect(sheet.getRange('C1').getValue()).toBe(0.5);
    expect(sheet.getRange('C1').getNumberFormat()).toBe('0.0');
  });
});

describe('ownerTypesBefore', () => {
  test('the owner types right before the nth write on a sheet, uncounted, once', () => {
    const { services, sheet } = setup();
    const other = services.spreadsheetApp.getActiveSpreadsheet().getSheetByName('メモ');
    if (!other) throw new Error('no sheet');
    const edit = ownerTypesBefore(
      services,
      { beforeWriteOn: '顧客', nth: 2 },
      { sheet: '顧客', cell: 'B2', value: "'0354321234" },
      { sheet: '顧客', cell: 'A2', value: 'オーナー' },
    );
    other.getRange('A1').setValue('x'); // another sheet's write does not count
    sheet.getRange('A1').setValue('first');
    expect(edit.happened).toBe(false);
    expect(sheet.getRange('B2').getValue()).toBe('');
    const before = services.calls.count('SpreadsheetApp', 'Range.setValues');
    sheet.getRange('A2:A3').setValues([['script'], ['script']]);
    expect(edit.happened).toBe(true);
    // The owner typed first; the script's write then landed over A2 (it wrote that cell), not B2.
    expect(sheet.getRange('A2:B2').getValues()).toEqual([['script', '0354321234']]);
    expect(services.calls.count('SpreadsheetApp', 'Range.setValues')).toBe(before + 1);
    expect(services.calls.onCall).toBeUndefined();
  });

  test('an edit that never came can be cancelled, leaving other hooks in place', () => {
    const { services, sheet } = setup();
    const seen: string[] = [];
    services.calls.onCall = (_s, method, target) => seen.push(`${method}@${target?.sheet ?? ''}`);
    const edit = ownerTypesBefore(
      services,
      { beforeWriteOn: 'メモ' },
      { sheet: 'メモ', cell: 'A1', value: 1 },
    );
    sheet.getRange('A1').setValue(1);
    edit.cancel();
    expect(edit.happened).toBe(false);
    expect(seen).toEqual(['Sheet.getRange@', 'Range.setValue@顧客']);
    expect(services.calls.onCall).toBeDefined();
  });
});
