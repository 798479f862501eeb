import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { SheetData, SpreadsheetData } from '../fakes/model';
import {
  instantToSerial,
  isDateFormat,
  readWorkbook,
  serialToInstant,
  writeWorkbook,
} from '../../tools/xlsx';
import { buildRawXlsx, type Producer, type RawSheet } from './xlsx-fixtures';

/** 2026-11-23 (serial 46349) at midnight in Tokyo. */
const NOV_23_TOKYO = new Date('2026-11-22T15:00:00Z');
const NOV_23_SERIAL = 46349;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsunagu-xlsx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function saveRaw(name: string, sheets: RawSheet[], producer: Producer): Promise<string> {
  const path = join(dir, `${name}.xlsx`);
  await writeFile(path, await buildRawXlsx(sheets, producer));
  return path;
}

async function loadWithExceljs(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

/** The raw `<c>` element of a cell in the nth worksheet part, to see exactly what was written. */
async function rawCellXml(path: string, sheetFile: string, address: string): Promise<string> {
  const zip = await JSZip.loadAsync(await readFile(path));
  const xml = (await zip.file(`xl/worksheets/${sheetFile}`)?.async('string')) ?? '';
  return new RegExp(`<c r="${address}"[^>]*(/>|>[\\s\\S]*?</c>)`).exec(xml)?.[0] ?? '';
}

function sheetNamed(data: SpreadsheetData, name: string): SheetData {
  const sheet = data.sheets.find((s) => s.name === name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
}

describe('dates', () => {
  const tokyo = { timeZone: 'Asia/Tokyo', date1904: false };

  it('reads a serial as midnight of that day in the spreadsheet time zone, and back', () => {
    expect(serialToInstant(NOV_23_SERIAL, tokyo)).toEqual(NOV_23_TOKYO);
    expect(instantToSerial(NOV_23_TOKYO, tokyo)).toBe(NOV_23_SERIAL);
    const newYork = { timeZone: 'America/New_York', date1904: false };
    expect(serialToInstant(NOV_23_SERIAL, newYork)).toEqual(new Date('2026-11-23T05:00:00Z'));
    expect(instantToSerial(serialToInstant(46349.75, newYork), newYork)).toBe(46349.75);
  });

  it('tells date formats from time-only and number formats', () => {
    for (const format of [
      'yyyy/mm/dd',
      'YYYY/MM/DD',
      'yyyy"年"m"月"d"日"',
      '[$-411]ggge"年"m"月"d"日"',
      'm/d/yy',
      'mmm',
    ]) {
      expect([format, isDateFormat(format)]).toEqual([format, true]);
    }
    for (const format of [
      '',
      'General',
      'h:mm',
      '[h]:mm:ss',
      'mm:ss',
      'h:mm AM/PM',
      '#,##0"日"',
      '0.00E+00',
      '@',
    ]) {
      expect([format, isDateFormat(format)]).toEqual([format, false]);
    }
  });
});

describe('round trip through exceljs', () => {
  const ownerFont: Partial<ExcelJS.Font> = { name: 'Meiryo', size: 12, color: { argb: 'FFFF0000' } };
  const ownerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
  let source: string;

  beforeAll(async () => {
    const workbook = new ExcelJS.Workbook();
    const customers = workbook.addWorksheet('顧客', { views: [{ state: 'frozen', ySplit: 1 }] });
    customers.getColumn(1).width = 20;
    customers.getRow(1).values = ['お名前', '来店日', '金額', '会員', 'メモ', '倍', 'サイト', 'エラー'];
    customers.getCell('A1').font = { bold: true };
    customers.getCell('A1').fill = ownerFill;
    customers.getRow(2).values = [
      '山田 花子',
      new Date(Date.UTC(2026, 10, 23)),
      1234.5,
      true,
      { richText: [{ text: '大切な', font: { bold: true } }, { text: 'お客様' }] },
      { formula: 'C2*2', result: 2469 },
      { text: 'ホームページ', hyperlink: 'https://example.com' },
      { error: '#N/A' },
    ];
    customers.getCell('B2').numFmt = 'yyyy/mm/dd';
    customers.getCell('B2').font = ownerFont;
    customers.getCell('C2').numFmt = '#,##0.00';
    customers.getCell('C2').font = ownerFont;
    customers.getCell('C2').fill = ownerFill;
    customers.getCell('D2').font = ownerFont;
    customers.getCell('A3').value = '結合';
    customers.getCell('C3').value = 10;
    customers.getCell('F3').value = { sharedFormula: 'F2', result: 20 };
    customers.getCell('C4').value = 7;
    customers.getCell('C4').style = customers.getCell('C2').style; // loads as one style object shared with C2
    customers.mergeCells('A3:B3');
    workbook.addWorksheet('古いシート').getCell('A1').value = 'old';
    source = join(dir, 'owner.xlsx');
    await workbook.xlsx.writeFile(source);
  });

  it('reads values as getValues() would', async () => {
    const { data } = await readWorkbook(source, {});
    expect(data).toMatchObject({ name: 'owner', timeZone: 'Asia/Tokyo' });
    expect(data.id).toBe((await readWorkbook(source, {})).data.id);
    const customers = sheetNamed(data, '顧客');
    expect(customers.values).toEqual([
      ['お名前', '来店日', '金額', '会員', 'メモ', '倍', 'サイト', 'エラー'],
      ['山田 花子', NOV_23_TOKYO, 1234.5, true, '大切なお客様', 2469, 'ホームページ', '#N/A'],
      ['結合', '', 10, '', '', 20],
      ['', '', 7],
    ]);
    expect(customers.numberFormats?.[1].slice(0, 3)).toEqual(['', 'yyyy/mm/dd', '#,##0.00']);
    expect(customers).toMatchObject({ frozenRows: 1, merges: ['A3:B3'], columnWidths: { 1: 145 } });
  });

  it('writes only what changed, keeping the owner formatting', async () => {
    const { workbook, data } = await readWorkbook(source, {});
    const after = structuredClone(data);
    after.sheets = after.sheets.filter((sheet) => sheet.name !== '古いシート');
    const customers = sheetNamed(after, '顧客');
    customers.values[1][0] = '山田 花子 様';
    customers.values[1][2] = 5000;
    customers.values[1][8] = new Date('2026-12-24T15:00:00Z'); // 2026-12-25 in Tokyo
    customers.values[1][9] = '=SUM(A1)';
    (customers.numberFormats ?? [])[3][2] = '0';
    after.sheets.unshift({
      name: '送信履歴',
      values: [
        ['日時', '状態'],
        [NOV_23_TOKYO, '送信済み'],
      ],
      frozenRows: 1,
      validations: { 'B2:B3': ['送信済み', '保留'], C2: ['はい'] },
      validationsRejectInvalid: ['C2'],
      bold: ['A1:B1'],
      backgrounds: { A1: '#d9ead3' },
      notes: { B1: '自動で記録されます' },
      tabColor: '#ff9900',
      columnWidths: { 1: 145 },
    });
    const output = join(dir, 'owner-out.xlsx');
    await writeWorkbook({ workbook, before: data, after, path: output });

    const written = await loadWithExceljs(output);
    expect(written.worksheets.map((ws) => ws.name)).toEqual(['送信履歴', '顧客']);
    const sheet = written.getWorksheet('顧客');
    if (!sheet) throw new Error('顧客 missing');
    // Untouched owner cells keep value, font, fill and format.
    expect(sheet.getCell('A1').font).toMatchObject({ bold: true });
    expect(sheet.getCell('A1').fill).toEqual(ownerFill);
    expect(sheet.getCell('B2').font).toMatchObject(ownerFont);
    expect(sheet.getCell('B2').numFmt).toBe('yyyy/mm/dd');
    expect(sheet.getCell('B2').value).toEqual(new Date(Date.UTC(2026, 10, 23)));
    expect(sheet.getCell('F2').formula).toBe('C2*2');
    // A changed cell gets its new value and keeps its style.
    expect(sheet.getCell('A2').value).toBe('山田 花子 様');
    expect(sheet.getCell('C2').value).toBe(5000);
    expect(sheet.getCell('C2').numFmt).toBe('#,##0.00');
    expect(sheet.getCell('C2').font).toMatchObject(ownerFont);
    expect(sheet.getCell('C2').fill).toEqual(ownerFill);
    // A format change touches that cell only, not the others loaded with the same style.
    expect(sheet.getCell('C4').numFmt).toBe('0');
    expect(sheet.getCell('C4').fill).toEqual(ownerFill);
    expect(sheet.getCell('C2').numFmt).toBe('#,##0.00');
    // A date lands on the same calendar day, as a serial with a date format.
    expect(sheet.getCell('I2').value).toEqual(new Date(Date.UTC(2026, 11, 25)));
    expect(sheet.getCell('I2').numFmt).toBe('yyyy/mm/dd');
    // A string that looks like a formula stays a string.
    expect(sheet.getCell('J2').value).toBe('=SUM(A1)');
    expect(sheet.getCell('J2').type).toBe(ExcelJS.ValueType.String);
    const j2 = await rawCellXml(output, 'sheet1.xml', 'J2');
    expect(j2).toMatch(/t="(s|str|inlineStr)"/);
    expect(j2).not.toContain('<f>');

    const history = written.getWorksheet('送信履歴');
    if (!history) throw new Error('送信履歴 missing');
    expect(history.getCell('B2').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"送信済み,保留"'],
    });
    expect(history.getCell('B3').dataValidation).toMatchObject({ type: 'list', errorStyle: 'warning' });
    expect(history.getCell('C2').dataValidation).toMatchObject({ formulae: ['"はい"'], errorStyle: 'stop' });
    expect(history.getCell('A1').fill).toMatchObject({ fgColor: { argb: 'FFD9EAD3' } });
    expect(history.getCell('B1').note).toBe('自動で記録されます');
    expect(history.properties.tabColor).toEqual({ argb: 'FFFF9900' });
    expect(history.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(history.getCell('A1').font).toMatchObject({ bold: true });
    expect(history.getCell('A2').numFmt).toBe('yyyy/mm/dd');

    const reread = await readWorkbook(output, {});
    expect(sheetNamed(reread.data, '顧客').values[1]).toEqual(customers.values[1]);
    expect(sheetNamed(reread.data, '送信履歴')).toMatchObject({
      values: [
        ['日時', '状態'],
        [NOV_23_TOKYO, '送信済み'],
      ],
      frozenRows: 1,
      columnWidths: { 1: 145 },
    });
  });

  it('refuses to overwrite the file it read', async () => {
    const { workbook, data } = await readWorkbook(source, {});
    await expect(writeWorkbook({ workbook, before: data, after: data, path: source })).rejects.toThrow(
      /overwrite/,
    );
  });
});

describe('producer quirks', () => {
  it('reads a Google Sheets export', async () => {
    const path = await saveRaw(
      'google',
      [
        {
          name: '顧客',
          frozenRows: 1,
          merges: ['A4:B4'],
          cells: {
            A1: '名前',
            B1: '来店日',
            C1: '和暦',
            D1: '会員',
            A2: 'Tanaka',
            B2: { value: NOV_23_SERIAL, numFmt: 'yyyy/mm/dd' },
            C2: { value: NOV_23_SERIAL, numFmt: 'yyyy"年"m"月"d"日"' },
            D2: true,
            E2: false,
            A3: { formula: 'A2&"様"', cached: 'Tanaka様' },
            B3: { formula: 'B2+1', cached: NOV_23_SERIAL + 1, numFmt: 'yyyy/mm/dd' },
            C3: { formula: 'VLOOKUP(A2,X:Y,2,FALSE)', cached: { error: '#N/A' } },
            D3: { error: '#REF!' },
            E3: { formula: 'NOW()' },
            A4: '結合',
          },
        },
        { name: '設定', hidden: true, cells: { A1: 'key' } },
      ],
      'google',
    );
    const { data } = await readWorkbook(path, {});
    expect(data.sheets[0]).toMatchObject({
      values: [
        ['名前', '来店日', '和暦', '会員'],
        ['Tanaka', NOV_23_TOKYO, NOV_23_TOKYO, true, false],
        ['Tanaka様', new Date('2026-11-23T15:00:00Z'), '#N/A', '#REF!'],
        ['結合'],
      ],
      frozenRows: 1,
      merges: ['A4:B4'],
    });
    expect(data.sheets[0].numberFormats?.[1]).toEqual(['', 'yyyy/mm/dd', 'yyyy"年"m"月"d"日"', '', '']);
    expect(data.sheets[1]).toMatchObject({ name: '設定', hidden: true, values: [['key']] });
  });

  it('reads an Excel file', async () => {
    const path = await saveRaw(
      'excel',
      [
        {
          name: 'Sheet1',
          cells: {
            A1: { value: NOV_23_SERIAL, numFmt: 14 }, // built-in short date
            B1: { value: NOV_23_SERIAL + 0.75, numFmt: 22 }, // built-in date and time
            C1: { value: NOV_23_SERIAL, numFmt: 28 }, // built-in 和暦 (ggge"年"m"月"d"日")
            D1: { value: NOV_23_SERIAL, numFmt: 31 }, // built-in yyyy"年"m"月"d"日"
            E1: { value: 0.5, numFmt: 20 }, // built-in h:mm: a time, not a date
            F1: { value: 0.5, numFmt: 32 }, // built-in h"時"mm"分"
            A2: { richText: [{ text: '重要', bold: true }, { text: 'なお客様' }] },
            B2: { inlineString: 'インライン' },
            C2: { inlineString: '  spaced  ' },
            D2: 1234.5,
          },
        },
      ],
      'excel',
    );
    const { data } = await readWorkbook(path, {});
    expect(data.sheets[0].values).toEqual([
      [NOV_23_TOKYO, new Date('2026-11-23T09:00:00Z'), NOV_23_TOKYO, NOV_23_TOKYO, 0.5, 0.5],
      ['重要なお客様', 'インライン', '  spaced  ', 1234.5],
    ]);
    expect(data.sheets[0].numberFormats?.[0]).toEqual([
      'mm-dd-yy',
      'm/d/yy "h":mm',
      '[$-411]ggge"年"m"月"d"日"',
      'yyyy"年"m"月"d"日"',
      'h:mm',
      'h"時"mm"分"',
    ]);
  });

  it('reads a LibreOffice file', async () => {
    const path = await saveRaw(
      'libreoffice',
      [
        {
          name: 'Sheet1',
          cells: {
            A1: { value: NOV_23_SERIAL, numFmt: 'YYYY/MM/DD' },
            B1: { value: NOV_23_SERIAL, numFmt: '[$-411]ggge"年"m"月"d"日"' },
            C1: 42,
            D1: '   three leading spaces',
            E1: { formula: 'C1*2', cached: 84 },
            // exceljs parseFloat()s a t="d" value ('2026-…' → 2026); readWorkbook turns it into a serial first.
            A2: { isoDate: '2026-11-23T00:00:00', numFmt: 'YYYY/MM/DD' },
            B2: { isoDate: '2026-11-23T18:00:00Z', numFmt: 'YYYY/MM/DD HH:MM' },
          },
        },
      ],
      'libreoffice',
    );
    expect(await rawCellXml(path, 'sheet1.xml', 'C1')).toContain('t="n"');
    const { data } = await readWorkbook(path, {});
    expect(data.sheets[0].values).toEqual([
      [NOV_23_TOKYO, NOV_23_TOKYO, 42, '   three leading spaces', 84],
      [NOV_23_TOKYO, new Date('2026-11-23T09:00:00Z')],
    ]);
  });

  it('reads dates in the time zone it is given', async () => {
    const path = await saveRaw(
      'zone',
      [{ name: 'S', cells: { A1: { value: NOV_23_SERIAL, numFmt: 'yyyy/mm/dd' } } }],
      'google',
    );
    const { data } = await readWorkbook(path, { timeZone: 'Europe/London' });
    expect(data.timeZone).toBe('Europe/London');
    expect(data.sheets[0].values).toEqual([[new Date('2026-11-23T00:00:00Z')]]);
  });
});

describe('dropdowns (list data validations)', () => {
  it('reads inline lists back by column run, rejecting only where Excel stops other values', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('設定');
    sheet.getCell('A1').value = '項目';
    const list = (items: string, errorStyle?: 'stop' | 'warning'): ExcelJS.DataValidation => ({
      type: 'list',
      allowBlank: true,
      showErrorMessage: true,
      ...(errorStyle ? { errorStyle } : {}),
      formulae: [items],
    });
    for (let row = 2; row <= 5; row++) sheet.getCell(`B${row}`).dataValidation = list('"可,不可"', 'stop');
    sheet.getCell('C2').dataValidation = list('"メール,LINE,""なし"""', 'warning');
    // No errorStyle: ECMA-376's default is stop.
    sheet.getCell('D2').dataValidation = list('"TRUE,FALSE"');
    // A list drawn from cells elsewhere has no items to read.
    sheet.getCell('E2').dataValidation = list('$A$1:$A$3');
    const path = join(dir, 'dropdowns.xlsx');
    await workbook.xlsx.writeFile(path);

    const read = sheetNamed((await readWorkbook(path)).data, '設定');
    expect(read.validations).toEqual({
      'B2:B5': ['可', '不可'],
      C2: ['メール', 'LINE', '"なし"'],
      D2: ['TRUE', 'FALSE'],
    });
    expect(read.validationsRejectInvalid?.sort()).toEqual(['B2:B5', 'D2']);
  });

  it('writes the dropdowns of a sheet a run added, and reads them back the same', async () => {
    const before: SpreadsheetData = { id: 'x', name: 'x', timeZone: 'Asia/Tokyo', sheets: [] };
    const after: SpreadsheetData = {
      ...before,
      sheets: [
        {
          name: 'カテゴリ',
          values: [['カテゴリ', '電話']],
          validations: { 'B2:B20': ['可', '不可'], C2: ['a', 'b'] },
          validationsRejectInvalid: ['B2:B20'],
        },
      ],
    };
    const path = join(dir, 'dropdowns-written.xlsx');
    await writeWorkbook({ workbook: new ExcelJS.Workbook(), before, after, path });
    const read = sheetNamed((await readWorkbook(path)).data, 'カテゴリ');
    expect(read.validations).toEqual(after.sheets[0].validations);
    expect(read.validationsRejectInvalid).toEqual(['B2:B20']);
  });
});
