/**
 * xlsx ⇄ SpreadsheetData for the local runner: reads a real workbook into the plain data behind the Apps Script
 * fakes, with values as getValues() would return them in Google Sheets, and writes the run's result back into a
 * copy without disturbing what the owner formatted.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { TZDate } from '@date-fns/tz';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { CellValue, SheetData, SpreadsheetData } from '../test/fakes/model';
import { columnLetters, columnNumber } from '../test/fakes/spreadsheet';
import { addCharts } from './xlsx-chart';

export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';
/** Format given to a date written into a cell that has no date format of its own. */
export const DEFAULT_DATE_FORMAT = 'yyyy/mm/dd';
const DEFAULT_DATE_TIME_FORMAT = 'yyyy/mm/dd h:mm:ss';

export interface LoadedWorkbook {
  workbook: ExcelJS.Workbook;
  data: SpreadsheetData;
}

export interface WriteWorkbookInput {
  /** The workbook readWorkbook loaded; it is modified in place. */
  workbook: ExcelJS.Workbook;
  before: SpreadsheetData;
  after: SpreadsheetData;
  /** Where to write; must not be the file the workbook was read from. */
  path: string;
}

/** Where each loaded workbook came from, so writeWorkbook can refuse to overwrite the owner's file. */
const sourcePaths = new WeakMap<ExcelJS.Workbook, string>();

export async function readWorkbook(
  path: string,
  options: { timeZone?: string } = {},
): Promise<LoadedWorkbook> {
  const workbook = new ExcelJS.Workbook();
  const file = await patchForExceljs(await readFile(path));
  // exceljs declares its own global Buffer, which no longer matches @types/node's generic Buffer.
  await workbook.xlsx.load(file as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  sourcePaths.set(workbook, resolve(path));

  const context: DateContext = {
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    date1904: workbook.properties.date1904 ?? false,
  };
  const name = basename(path, extname(path));
  return {
    workbook,
    data: {
      id: stableId(name),
      name,
      timeZone: context.timeZone,
      sheets: workbook.worksheets.map((worksheet) => readSheet(worksheet, context)),
    },
  };
}

export async function writeWorkbook({ workbook, before, after, path }: WriteWorkbookInput): Promise<void> {
  if (sourcePaths.get(workbook) === resolve(path)) {
    throw new Error(`Refusing to overwrite the source workbook ${path}: write the result to another file.`);
  }
  const context: DateContext = { timeZone: after.timeZone, date1904: workbook.properties.date1904 ?? false };
  const beforeByName = new Map(before.sheets.map((sheet) => [sheet.name, sheet]));
  const afterNames = new Set(after.sheets.map((sheet) => sheet.name));

  for (const sheet of before.sheets) {
    const worksheet = afterNames.has(sheet.name) ? undefined : workbook.getWorksheet(sheet.name);
    if (worksheet) workbook.removeWorksheet(worksheet.id);
  }
  after.sheets.forEach((sheet, index) => {
    const previous = beforeByName.get(sheet.name);
    const existing = previous && workbook.getWorksheet(sheet.name);
    const worksheet = existing ?? addSheet(workbook, sheet, context);
    if (existing && previous) updateSheet(existing, previous, sheet, context);
    setSheetOrder(worksheet, index + 1);
  });
  // exceljs writes no charts: they are added to its output before the file is written, once.
  const file = Buffer.from(await workbook.xlsx.writeBuffer());
  await writeFile(path, await addCharts(file, after));
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

function readSheet(worksheet: ExcelJS.Worksheet, context: DateContext): SheetData {
  const values: CellValue[][] = [];
  const numberFormats: string[][] = [];
  const rowHeights: Record<number, number> = {};
  worksheet.eachRow((row, rowNumber) => {
    if (row.height) rowHeights[rowNumber] = Math.round((row.height * 4) / 3);
    const rowValues: CellValue[] = [];
    const rowFormats: string[] = [];
    row.eachCell((cell, col) => {
      const numFmt = formatOf(cell);
      // getValues() gives '' for every cell of a merge but the top-left one; exceljs repeats the master's value.
      rowValues[col - 1] = cell.master === cell ? readCellValue(cell.value, numFmt, context) : '';
      rowFormats[col - 1] = numFmt;
    });
    values[rowNumber - 1] = fillHoles(rowValues, '');
    numberFormats[rowNumber - 1] = fillHoles(rowFormats, '');
  });
  trimTrailingEmpty(values, numberFormats);

  const sheet: SheetData = { name: worksheet.name, values, numberFormats };
  const frozenRows = frozenRowsOf(worksheet);
  if (frozenRows) sheet.frozenRows = frozenRows;
  const columnWidths = columnWidthsOf(worksheet);
  if (Object.keys(columnWidths).length) sheet.columnWidths = columnWidths;
  if (Object.keys(rowHeights).length) sheet.rowHeights = rowHeights;
  const merges = worksheet.model.merges;
  if (merges.length) sheet.merges = [...merges];
  if (worksheet.state !== 'visible') sheet.hidden = true;
  const { validations, rejecting } = validationsOf(worksheet);
  if (Object.keys(validations).length) sheet.validations = validations;
  if (rejecting.length) sheet.validationsRejectInvalid = rejecting;
  return sheet;
}

/**
 * The dropdowns (list validations with their items written inline, as addValidations writes them) by range: each
 * column's run of cells under the same list becomes one range, like Sheets' own 'E2:E1000'. A list that points at
 * cells elsewhere has no items to read and is left out. A dropdown rejects other values when Excel would stop them:
 * it shows its error and errorStyle is 'stop' (the default of ECMA-376 CT_DataValidation's errorStyle).
 */
function validationsOf(worksheet: ExcelJS.Worksheet): {
  validations: Record<string, string[]>;
  rejecting: string[];
} {
  // exceljs declares no dataValidations on its Worksheet type; its reader expands every range into cells.
  const model = (
    worksheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }
  ).dataValidations.model;
  const groups = new Map<string, { items: string[]; reject: boolean; cells: Map<number, number[]> }>();
  for (const [address, rule] of Object.entries(model)) {
    const items = rule.type === 'list' ? inlineItems(rule.formulae?.[0]) : null;
    const cell = /^([A-Z]+)(\d+)$/.exec(address);
    if (!items || !cell) continue;
    const reject = rule.showErrorMessage === true && (rule.errorStyle ?? 'stop') === 'stop';
    const key = JSON.stringify([items, reject]);
    const group = groups.get(key) ?? { items, reject, cells: new Map<number, number[]>() };
    groups.set(key, group);
    const col = columnNumber(cell[1]);
    group.cells.set(col, [...(group.cells.get(col) ?? []), Number(cell[2])]);
  }
  const validations: Record<string, string[]> = {};
  const rejecting: string[] = [];
  for (const { items, reject, cells } of groups.values()) {
    for (const [col, rows] of [...cells].sort(([a], [b]) => a - b)) {
      rows.sort((a, b) => a - b);
      for (let i = 0; i < rows.length;) {
        let j = i;
        while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1) j++;
        const letters = columnLetters(col);
        const range = i === j ? `${letters}${rows[i]}` : `${letters}${rows[i]}:${letters}${rows[j]}`;
        validations[range] = items;
        if (reject) rejecting.push(range);
        i = j + 1;
      }
    }
  }
  return { validations, rejecting };
}

/** `"可,不可"` → ['可', '不可'] (doubled quotes inside are one); null for a formula that is not an inline list. */
function inlineItems(formula: unknown): string[] | null {
  const match = /^"((?:[^"]|"")*)"$/.exec(String(formula ?? ''));
  return match ? match[1].split(',').map((item) => item.replace(/""/g, '"')) : null;
}

/** Normalises an exceljs cell value to what getValues() returns for the same cell in Google Sheets. */
function readCellValue(value: ExcelJS.CellValue, numFmt: string, context: DateContext): CellValue {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' || isDate(value)) return readNumber(value, numFmt, context);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('error' in value) return value.error;
  if ('hyperlink' in value) return readCellValue(value.text, numFmt, context);
  // A formula reads as its cached result; one never calculated has none.
  return readCellValue(value.result, numFmt, context);
}

/**
 * exceljs turns a number into a Date whenever its format has any of y/m/d/h/s/M outside quotes, time-only formats
 * included, and misses codes like 'YYYY' or 'DD': decide from the serial and our own format test instead.
 */
function readNumber(value: number | Date, numFmt: string, context: DateContext): CellValue {
  const serial = isDate(value) ? wallClockToSerial(value, context.date1904) : value;
  return isDateFormat(numFmt) ? serialToInstant(serial, context) : serial;
}

function formatOf(cell: ExcelJS.Cell): string {
  const numFmt = cell.numFmt ?? '';
  return numFmt === 'General' ? '' : numFmt;
}

function frozenRowsOf(worksheet: ExcelJS.Worksheet): number {
  // exceljs leaves views null when the sheet has no <sheetViews>, whatever its types say.
  const view = (worksheet.views ?? []).find((v) => v.state === 'frozen');
  return view && 'ySplit' in view ? (view.ySplit ?? 0) : 0;
}

function columnWidthsOf(worksheet: ExcelJS.Worksheet): Record<number, number> {
  const widths: Record<number, number> = {};
  (worksheet.columns ?? []).forEach((column, index) => {
    // exceljs widths are in characters of the default font; Sheets works in pixels.
    if (column.width) widths[index + 1] = Math.round(column.width * 7 + 5);
  });
  return widths;
}

function fillHoles<T>(row: T[], empty: T): T[] {
  return Array.from(row, (item) => item ?? empty);
}

/** Drops trailing '' cells and empty rows so the data ends where the content ends, like getDataRange(). */
function trimTrailingEmpty(values: CellValue[][], numberFormats: string[][]): void {
  for (let r = 0; r < values.length; r++) {
    const row = values[r] ?? [];
    let length = row.length;
    while (length > 0 && row[length - 1] === '') length--;
    values[r] = row.slice(0, length);
    numberFormats[r] = (numberFormats[r] ?? []).slice(0, length);
  }
  while (values.length && values[values.length - 1].length === 0) {
    values.pop();
    numberFormats.pop();
  }
}

function stableId(name: string): string {
  return `xlsx-${createHash('sha256').update(name).digest('hex').slice(0, 24)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

/** Writes only what the run changed, so the owner's styles, formulas and layout survive. */
function updateSheet(
  worksheet: ExcelJS.Worksheet,
  previous: SheetData,
  next: SheetData,
  context: DateContext,
): void {
  const rowCount = Math.max(rowCountOf(previous), rowCountOf(next));
  for (let r = 0; r < rowCount; r++) {
    const colCount = Math.max(colCountOf(previous, r), colCountOf(next, r));
    for (let c = 0; c < colCount; c++) {
      const value = valueAt(next, r, c);
      const numFmt = formatAt(next, r, c);
      const valueChanged = !sameValue(valueAt(previous, r, c), value);
      const formatChanged = formatAt(previous, r, c) !== numFmt;
      if (!valueChanged && !formatChanged) continue;
      const cell = worksheet.getCell(r + 1, c + 1);
      // Setting a covered cell of a merge would overwrite the merge's visible value.
      if (cell.master !== cell) continue;
      writeCell(cell, value, formatChanged ? numFmt : undefined, context);
    }
  }
  if ((previous.frozenRows ?? 0) !== (next.frozenRows ?? 0)) setFrozenRows(worksheet, next.frozenRows ?? 0);
  if (Boolean(previous.hidden) !== Boolean(next.hidden)) worksheet.state = next.hidden ? 'hidden' : 'visible';
}

function addSheet(workbook: ExcelJS.Workbook, sheet: SheetData, context: DateContext): ExcelJS.Worksheet {
  const worksheet = workbook.addWorksheet(sheet.name, { state: sheet.hidden ? 'hidden' : 'visible' });
  setFrozenRows(worksheet, sheet.frozenRows ?? 0);
  for (let r = 0; r < rowCountOf(sheet); r++) {
    const colCount = colCountOf(sheet, r);
    for (let c = 0; c < colCount; c++) {
      const value = valueAt(sheet, r, c);
      const numFmt = formatAt(sheet, r, c);
      if (value === '' && !numFmt) continue;
      writeCell(worksheet.getCell(r + 1, c + 1), value, numFmt || undefined, context);
    }
  }
  for (const [col, pixels] of Object.entries(sheet.columnWidths ?? {})) {
    worksheet.getColumn(Number(col)).width = Math.max(0, Math.round(((pixels - 5) / 7) * 100) / 100);
  }
  for (const [row, pixels] of Object.entries(sheet.rowHeights ?? {})) {
    worksheet.getRow(Number(row)).height = (pixels * 3) / 4;
  }
  for (const range of sheet.merges ?? []) worksheet.mergeCells(range);
  addValidations(worksheet, sheet);
  addCellDecorations(worksheet, sheet);
  if (sheet.tabColor) worksheet.properties.tabColor = { argb: argbOf(sheet.tabColor) };
  return worksheet;
}

function addValidations(worksheet: ExcelJS.Worksheet, sheet: SheetData): void {
  const rejecting = new Set(sheet.validationsRejectInvalid ?? []);
  for (const [range, allowed] of Object.entries(sheet.validations ?? {})) {
    const validation: ExcelJS.DataValidation = {
      type: 'list',
      allowBlank: true,
      showErrorMessage: true,
      // Sheets only warns about other values unless told to reject them.
      errorStyle: rejecting.has(range) ? 'stop' : 'warning',
      // An inline list: Excel caps it at 255 characters and splits items on commas.
      formulae: [`"${allowed.map((item) => item.replace(/"/g, '""')).join(',')}"`],
    };
    for (const address of cellsOf(range)) worksheet.getCell(address).dataValidation = validation;
  }
}

function addCellDecorations(worksheet: ExcelJS.Worksheet, sheet: SheetData): void {
  for (const range of sheet.bold ?? []) {
    for (const address of cellsOf(range)) {
      const cell = worksheet.getCell(address);
      cell.font = { ...cell.font, bold: true };
    }
  }
  for (const [range, color] of Object.entries(sheet.backgrounds ?? {})) {
    for (const address of cellsOf(range)) {
      worksheet.getCell(address).fill = {
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: argbOf(color) },
      };
    }
  }
  for (const [address, note] of Object.entries(sheet.notes ?? {})) worksheet.getCell(address).note = note;
}

/** '#rrggbb' → exceljs' 'FFRRGGBB'. */
function argbOf(color: string): string {
  return `FF${color.replace(/^#/, '').toUpperCase()}`;
}

/**
 * Writes a value, and a number format when one is given. Strings are always text: a string starting with '='
 * stays a string (exceljs only writes formulas for { formula } values). Dates become serials with a date format.
 */
function writeCell(
  cell: ExcelJS.Cell,
  value: CellValue,
  numFmt: string | undefined,
  context: DateContext,
): void {
  if (isDate(value)) {
    const serial = instantToSerial(value, context);
    cell.value = serial;
    const current = cell.numFmt ?? '';
    const fallback = Number.isInteger(serial) ? DEFAULT_DATE_FORMAT : DEFAULT_DATE_TIME_FORMAT;
    numFmt = numFmt || (isDateFormat(current) ? current : fallback);
  } else {
    cell.value = value === '' ? null : value;
  }
  if (numFmt !== undefined && numFmt !== (cell.numFmt ?? '')) setNumFmt(cell, numFmt);
}

/** exceljs shares one style object between cells loaded with the same style: copy it before changing it. */
function setNumFmt(cell: ExcelJS.Cell, numFmt: string): void {
  const { numFmt: _previous, ...style } = cell.style;
  cell.style = numFmt ? { ...style, numFmt } : style;
}

function setFrozenRows(worksheet: ExcelJS.Worksheet, frozenRows: number): void {
  worksheet.views = frozenRows ? [{ state: 'frozen', xSplit: 0, ySplit: frozenRows }] : [];
}

/** exceljs orders sheets by this (untyped) number when it writes the workbook. */
function setSheetOrder(worksheet: ExcelJS.Worksheet, orderNo: number): void {
  (worksheet as ExcelJS.Worksheet & { orderNo: number }).orderNo = orderNo;
}

function rowCountOf(sheet: SheetData): number {
  return Math.max(sheet.values.length, sheet.numberFormats?.length ?? 0);
}

function colCountOf(sheet: SheetData, r: number): number {
  return Math.max(sheet.values[r]?.length ?? 0, sheet.numberFormats?.[r]?.length ?? 0);
}

function valueAt(sheet: SheetData, r: number, c: number): CellValue {
  return sheet.values[r]?.[c] ?? '';
}

function formatAt(sheet: SheetData, r: number, c: number): string {
  return sheet.numberFormats?.[r]?.[c] ?? '';
}

function sameValue(a: CellValue, b: CellValue): boolean {
  if (isDate(a) && isDate(b)) return a.getTime() === b.getTime();
  return a === b;
}

/** Also true for a Date from another realm (structuredClone under jest, a vm sandbox), unlike instanceof. */
function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** The cell addresses of 'B2' or 'B2:C10'. */
function cellsOf(range: string): string[] {
  const match = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(range);
  if (!match) throw new Error(`Unsupported range ${range}: use 'A1' or 'A1:B2'.`);
  const [, firstCol, firstRow, lastCol = firstCol, lastRow = firstRow] = match;
  const cols = [columnNumber(firstCol), columnNumber(lastCol)].sort((a, b) => a - b);
  const rows = [Number(firstRow), Number(lastRow)].sort((a, b) => a - b);
  const addresses: string[] = [];
  for (let row = rows[0]; row <= rows[1]; row++) {
    for (let col = cols[0]; col <= cols[1]; col++) addresses.push(`${columnLetters(col)}${row}`);
  }
  return addresses;
}

// ---------------------------------------------------------------------------------------------------------------
// Dates: an xlsx date is a serial number of days counting wall-clock time, with no time zone; Apps Script gives
// the instant of that wall-clock time in the spreadsheet's time zone.

export interface DateContext {
  timeZone: string;
  /** The workbook counts days from 1904-01-01 (old Mac Excel) instead of 1899-12-30. */
  date1904: boolean;
}

const MS_PER_DAY = 86_400_000;
const EPOCH_1900_MS = Date.UTC(1899, 11, 30);
const EPOCH_1904_MS = Date.UTC(1904, 0, 1);

export function serialToInstant(serial: number, { timeZone, date1904 }: DateContext): Date {
  const wall = new Date((date1904 ? EPOCH_1904_MS : EPOCH_1900_MS) + Math.round(serial * MS_PER_DAY));
  const instant = new TZDate(
    wall.getUTCFullYear(),
    wall.getUTCMonth(),
    wall.getUTCDate(),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
    wall.getUTCMilliseconds(),
    timeZone,
  );
  return new Date(instant.getTime());
}

export function instantToSerial(instant: Date, { timeZone, date1904 }: DateContext): number {
  const wall = new TZDate(instant.getTime(), timeZone);
  const wallMs = Date.UTC(
    wall.getFullYear(),
    wall.getMonth(),
    wall.getDate(),
    wall.getHours(),
    wall.getMinutes(),
    wall.getSeconds(),
    wall.getMilliseconds(),
  );
  return (wallMs - (date1904 ? EPOCH_1904_MS : EPOCH_1900_MS)) / MS_PER_DAY;
}

/** exceljs reads a serial as the Date whose UTC fields are the wall-clock time. */
function wallClockToSerial(date: Date, date1904: boolean): number {
  return (date.getTime() - (date1904 ? EPOCH_1904_MS : EPOCH_1900_MS)) / MS_PER_DAY;
}

/**
 * Whether a number format shows a calendar date (a day, month or year, with or without a time). Time-only and
 * duration formats (h:mm, [h]:mm:ss, mm:ss) are not: their cells stay numbers.
 */
export function isDateFormat(numFmt: string): boolean {
  const section = numFmt.split(';')[0];
  const tokens = section
    .replace(/"[^"]*"/g, '') // literal text: "年"
    .replace(/\\./g, '') // escaped characters
    .replace(/[_*]./g, '') // padding and fill
    .replace(/\[[^\]]*\]/g, '') // [$-411], [Red], [h]
    .replace(/AM\/PM|A\/P/gi, '')
    .replace(/general/gi, '');
  if (/[yd]/i.test(tokens)) return true;
  // A lone month (mmm) is a date; m next to h or s means minutes.
  return /m/i.test(tokens) && !/[hs]/i.test(tokens);
}

// ---------------------------------------------------------------------------------------------------------------
// Fixes applied to the file before exceljs sees it.

/** Japanese (ja-JP) built-in formats. exceljs knows these ids only per locale and leaves their cells as numbers. */
const JAPANESE_BUILT_IN_FORMATS: Record<number, string> = {
  27: '[$-411]ge.m.d',
  28: '[$-411]ggge"年"m"月"d"日"',
  29: '[$-411]ggge"年"m"月"d"日"',
  30: 'm/d/yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"時"mm"分"',
  33: 'h"時"mm"分"ss"秒"',
  34: 'yyyy"年"m"月"',
  35: 'm"月"d"日"',
  36: '[$-411]ge.m.d',
  50: '[$-411]ge.m.d',
  51: '[$-411]ggge"年"m"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: '[$-411]ggge"年"m"月"d"日"',
  55: 'yyyy"年"m"月"',
  56: 'm"月"d"日"',
  57: '[$-411]ge.m.d',
  58: '[$-411]ggge"年"m"月"d"日"',
};

/**
 * Rewrites the two things exceljs misreads, and returns the file untouched when neither occurs:
 * Japanese built-in number formats (declared explicitly so exceljs sees them) and `t="d"` ISO date cells
 * (exceljs parseFloat()s '2026-11-23T…' into 2026).
 */
async function patchForExceljs(file: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(file);
  let changed = false;
  const rewrite = async (entry: JSZip.JSZipObject, fix: (xml: string) => string): Promise<void> => {
    const xml = await entry.async('string');
    const fixed = fix(xml);
    if (fixed !== xml) {
      zip.file(entry.name, fixed);
      changed = true;
    }
  };

  const styles = zip.file('xl/styles.xml');
  if (styles) await rewrite(styles, declareJapaneseBuiltInFormats);
  const workbookXml = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const date1904 = /date1904="(1|true)"/.test(workbookXml);
  for (const sheet of zip.file(/^xl\/worksheets\/[^/]+\.xml$/)) {
    await rewrite(sheet, (xml) => isoDateCellsToSerials(xml, date1904));
  }
  return changed ? zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }) : file;
}

function declareJapaneseBuiltInFormats(stylesXml: string): string {
  const cellXfs = /<cellXfs\b[\s\S]*?<\/cellXfs>/.exec(stylesXml)?.[0] ?? '';
  const used = new Set([...cellXfs.matchAll(/numFmtId="(\d+)"/g)].map((m) => Number(m[1])));
  const declared = new Set(
    [...stylesXml.matchAll(/<numFmt\b[^>]*numFmtId="(\d+)"/g)].map((m) => Number(m[1])),
  );
  const missing = [...used].filter((id) => id in JAPANESE_BUILT_IN_FORMATS && !declared.has(id));
  if (!missing.length) return stylesXml;

  const numFmts = missing
    .map(
      (id) => `<numFmt numFmtId="${id}" formatCode="${escapeXmlAttribute(JAPANESE_BUILT_IN_FORMATS[id])}"/>`,
    )
    .join('');
  if (/<numFmts\b[^>]*\/>/.test(stylesXml)) {
    return stylesXml.replace(/<numFmts\b[^>]*\/>/, `<numFmts>${numFmts}</numFmts>`);
  }
  if (/<numFmts\b[^>]*>/.test(stylesXml)) {
    return stylesXml.replace(/<numFmts\b[^>]*>/, (open) => open + numFmts);
  }
  // <numFmts> must be the first child of <styleSheet>.
  return stylesXml.replace(/<styleSheet\b[^>]*>/, (open) => `${open}<numFmts>${numFmts}</numFmts>`);
}

function isoDateCellsToSerials(sheetXml: string, date1904: boolean): string {
  if (!sheetXml.includes('t="d"')) return sheetXml;
  return sheetXml.replace(
    /<c\b([^>]*?)\s+t="d"([^>/]*)>(\s*)<v>([^<]*)<\/v>/g,
    (cell: string, before: string, after: string, space: string, iso: string) => {
      const serial = isoToSerial(iso, date1904);
      return serial === undefined ? cell : `<c${before}${after}>${space}<v>${serial}</v>`;
    },
  );
}

/** The serial of the wall-clock date-time written in an ISO string; an offset, if any, is ignored as Excel does. */
function isoToSerial(iso: string, date1904: boolean): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?/.exec(
    iso.trim(),
  );
  if (!match) return undefined;
  const [, year, month, day, hours = '0', minutes = '0', seconds = '0', fraction = '0'] = match;
  const wallMs = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hours),
    Number(minutes),
    Number(seconds),
    Number(fraction.padEnd(3, '0')),
  );
  return (wallMs - (date1904 ? EPOCH_1904_MS : EPOCH_1900_MS)) / MS_PER_DAY;
}

function escapeXmlAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
