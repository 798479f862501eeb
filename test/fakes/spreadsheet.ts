import type { CellValue, ChartData, SheetData, SpreadsheetData } from './model';
import {
  Counted,
  type FakeEnv,
  createEnv,
  enumObject,
  enumValue,
  isDate,
  rememberDateRealm,
  timeOf,
} from './calls';
import { instantOf, wallTimeOf } from './clock';
import { MetadataStore } from './metadata';

type GasSpreadsheetApp = GoogleAppsScript.Spreadsheet.SpreadsheetApp;
type GasSpreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type GasSheet = GoogleAppsScript.Spreadsheet.Sheet;
type GasRange = GoogleAppsScript.Spreadsheet.Range;
type GasValidation = GoogleAppsScript.Spreadsheet.DataValidation;
type GasValidationBuilder = GoogleAppsScript.Spreadsheet.DataValidationBuilder;
type GasCriteria = GoogleAppsScript.Spreadsheet.DataValidationCriteria;
type GasFontWeight = GoogleAppsScript.Spreadsheet.FontWeight;
type GasChart = GoogleAppsScript.Spreadsheet.EmbeddedChart;
type GasChartBuilder = GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder;
type GasContainerInfo = GoogleAppsScript.Spreadsheet.ContainerInfo;
type GasChartOptions = GoogleAppsScript.Charts.ChartOptions;
type GasChartType = GoogleAppsScript.Charts.ChartType;
type GasUi = GoogleAppsScript.Base.Ui;
type GasMenu = GoogleAppsScript.Base.Menu;
type GasButton = GoogleAppsScript.Base.Button;
type GasPromptResponse = GoogleAppsScript.Base.PromptResponse;

const SERVICE = 'SpreadsheetApp';
const DEFAULT_ROWS = 1000;
const DEFAULT_COLUMNS = 26;
const CELL_LIMIT = 10_000_000;
const MAX_CELL_CHARS = 50_000;
/** What Apps Script's getNumberFormats() reports for a cell left on automatic. */
export const AUTOMATIC_FORMAT = '0.###############';

const MSG_OUTSIDE = 'The coordinates of the range are outside the dimensions of the sheet.';

// The fakes implement only part of each Apps Script interface, so they cross into the declared types here,
// one checked conversion per class instead of casts scattered through the methods.
const gasRange = (range: FakeRange): GasRange => range as unknown as GasRange;
const gasSheet = (sheet: FakeSheet): GasSheet => sheet as unknown as GasSheet;
const gasSpreadsheet = (ss: FakeSpreadsheet): GasSpreadsheet => ss as unknown as GasSpreadsheet;
const gasValidation = (rule: FakeDataValidation): GasValidation => rule as unknown as GasValidation;
const gasBuilder = (builder: FakeDataValidationBuilder): GasValidationBuilder =>
  builder as unknown as GasValidationBuilder;
const gasMenu = (menu: FakeMenu): GasMenu => menu as unknown as GasMenu;
const gasTextFinder = (finder: FakeTextFinder): GoogleAppsScript.Spreadsheet.TextFinder =>
  finder as unknown as GoogleAppsScript.Spreadsheet.TextFinder;
const gasChart = (chart: FakeEmbeddedChart): GasChart => chart as unknown as GasChart;
const gasChartBuilder = (builder: FakeEmbeddedChartBuilder): GasChartBuilder =>
  builder as unknown as GasChartBuilder;

// ---------------------------------------------------------------------------------------------------------
// A1 notation

/** A block of cells, 1-based like Apps Script. */
export interface Rect {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

export function columnLetters(column: number): string {
  let out = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function toA1(rect: Rect): string {
  const start = `${columnLetters(rect.column)}${rect.row}`;
  if (rect.numRows === 1 && rect.numColumns === 1) return start;
  return `${start}:${columnLetters(rect.column + rect.numColumns - 1)}${rect.row + rect.numRows - 1}`;
}

/** Parses 'B2', 'A1:C3', 'A:C', '2:5', 'A2:C' (open to the last row) and "'Sheet 1'!A1"; null if malformed. */
export function parseA1(
  a1: string,
  maxRows: number,
  maxColumns: number,
): { sheet?: string; rect: Rect } | null {
  const bang = a1.lastIndexOf('!');
  const sheet =
    bang >= 0
      ? a1
          .slice(0, bang)
          .replace(/^'(.*)'$/, '$1')
          .replace(/''/g, "'")
      : undefined;
  const parts = a1
    .slice(bang + 1)
    .replace(/\$/g, '')
    .toUpperCase()
    .split(':');
  if (parts.length > 2) return null;
  const ends = parts.map((p) => /^([A-Z]*)(\d*)$/.exec(p));
  if (ends.some((m) => !m || (m[1] === '' && m[2] === ''))) return null;
  const [first, last = first] = ends as RegExpExecArray[];
  const col1 = first[1] ? columnNumber(first[1]) : 1;
  const row1 = first[2] ? Number(first[2]) : 1;
  const col2 = last[1] ? columnNumber(last[1]) : maxColumns;
  const row2 = last[2] ? Number(last[2]) : maxRows;
  if (parts.length === 1 && (!first[1] || !first[2])) return null;
  const rect = {
    row: Math.min(row1, row2),
    column: Math.min(col1, col2),
    numRows: Math.abs(row2 - row1) + 1,
    numColumns: Math.abs(col2 - col1) + 1,
  };
  return sheet === undefined ? { rect } : { sheet, rect };
}

function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.row >= outer.row &&
    inner.column >= outer.column &&
    inner.row + inner.numRows <= outer.row + outer.numRows &&
    inner.column + inner.numColumns <= outer.column + outer.numColumns
  );
}

function overlaps(a: Rect, b: Rect): boolean {
  return (
    a.row < b.row + b.numRows &&
    b.row < a.row + a.numRows &&
    a.column < b.column + b.numColumns &&
    b.column < a.column + a.numColumns
  );
}

// ---------------------------------------------------------------------------------------------------------
// Sparse per-cell properties (formats other than number formats, notes, validations, formulas)

class CellLayer<T> {
  private rows = new Map<number, Map<number, T>>();

  get size(): number {
    let n = 0;
    for (const cols of this.rows.values()) n += cols.size;
    return n;
  }

  get(row: number, column: number): T | undefined {
    return this.rows.get(row)?.get(column);
  }

  set(row: number, column: number, value: T | undefined): void {
    let cols = this.rows.get(row);
    if (value === undefined) {
      cols?.delete(column);
      if (cols?.size === 0) this.rows.delete(row);
      return;
    }
    if (!cols) {
      cols = new Map();
      this.rows.set(row, cols);
    }
    cols.set(column, value);
  }

  fill(rect: Rect, value: T | undefined): void {
    for (let r = rect.row; r < rect.row + rect.numRows; r++) {
      for (let c = rect.column; c < rect.column + rect.numColumns; c++) this.set(r, c, value);
    }
  }

  clear(): void {
    this.rows.clear();
  }

  *entries(): IterableIterator<[number, number, T]> {
    for (const [r, cols] of this.rows) for (const [c, v] of cols) yield [r, c, v];
  }

  /** Moves everything below `after` down by `count` rows, as inserting rows does. */
  shiftRows(after: number, count: number): void {
    const moved = new Map<number, Map<number, T>>();
    for (const [r, cols] of this.rows) moved.set(r > after ? r + count : r, cols);
    this.rows = moved;
  }

  /** Drops rows from..from+count-1 and moves the rows below them up, as deleting rows does. */
  deleteRows(from: number, count: number): void {
    const moved = new Map<number, Map<number, T>>();
    for (const [r, cols] of this.rows)
      if (r < from) moved.set(r, cols);
      else if (r >= from + count) moved.set(r - count, cols);
    this.rows = moved;
  }

  shiftColumns(after: number, count: number): void {
    for (const [r, cols] of this.rows) {
      const moved = new Map<number, T>();
      for (const [c, v] of cols) moved.set(c > after ? c + count : c, v);
      this.rows.set(r, moved);
    }
  }

  /** Groups equal values (by key) into rectangles: column runs first, then side-by-side equal runs. */
  toRects(keyOf: (value: T) => string): { rect: Rect; value: T }[] {
    const runs = new Map<string, { value: T; rows: number[] }>();
    for (const [r, c, v] of this.entries()) {
      const id = `${keyOf(v)}\u0000${c}`;
      const run = runs.get(id) ?? { value: v, rows: [] };
      run.rows.push(r);
      runs.set(id, run);
    }
    const byBand = new Map<string, { value: T; row: number; numRows: number; columns: number[] }>();
    for (const [id, { value, rows }] of runs) {
      const [key, col] = id.split('\u0000');
      rows.sort((a, b) => a - b);
      for (let i = 0; i < rows.length;) {
        let j = i;
        while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1) j++;
        const band = `${key}\u0000${rows[i]}\u0000${rows[j]}`;
        const entry = byBand.get(band) ?? {
          value,
          row: rows[i],
          numRows: rows[j] - rows[i] + 1,
          columns: [],
        };
        entry.columns.push(Number(col));
        byBand.set(band, entry);
        i = j + 1;
      }
    }
    const out: { rect: Rect; value: T }[] = [];
    for (const { value, row, numRows, columns } of byBand.values()) {
      columns.sort((a, b) => a - b);
      for (let i = 0; i < columns.length;) {
        let j = i;
        while (j + 1 < columns.length && columns[j + 1] === columns[j] + 1) j++;
        out.push({ rect: { row, column: columns[i], numRows, numColumns: j - i + 1 }, value });
        i = j + 1;
      }
    }
    return out.sort((a, b) => a.rect.row - b.rect.row || a.rect.column - b.rect.column);
  }
}

/**
 * Column-major cells. Writing a column block (the usual bulk write) touches a few long arrays instead of
 * growing every row's array, which keeps 100,000-row writes cheap.
 */
class Grid<T> {
  private columns: (T[] | undefined)[] = [];

  constructor(private readonly empty: T) {}

  static fromRows<T>(rows: readonly (readonly T[])[], empty: T, copy: (value: T) => T): Grid<T> {
    const grid = new Grid(empty);
    rows.forEach((row, r) => {
      row.forEach((value, c) => {
        if (value !== undefined && value !== empty) grid.column(c + 1, r + 1)[r] = copy(value);
      });
    });
    return grid;
  }

  get(row: number, column: number): T {
    const v = this.columns[column - 1]?.[row - 1];
    return v === undefined ? this.empty : v;
  }

  /** A column's raw array (may be short or undefined: missing cells are empty). */
  peek(column: number): readonly T[] | undefined {
    return this.columns[column - 1];
  }

  /** A column ready to write from `fromRow` on; gaps are filled so the array stays dense (fast). */
  column(column: number, fromRow: number): T[] {
    const col = this.columns[column - 1] ?? (this.columns[column - 1] = []);
    while (col.length < fromRow - 1) col.push(this.empty);
    return col;
  }

  set(row: number, column: number, value: T): void {
    this.column(column, row)[row - 1] = value;
  }

  clear(): void {
    this.columns = [];
  }

  fill(rect: Rect, value: T): void {
    for (let c = rect.column; c < rect.column + rect.numColumns; c++) {
      const col = this.columns[c - 1];
      if (!col) continue;
      const end = Math.min(col.length, rect.row - 1 + rect.numRows);
      for (let r = rect.row - 1; r < end; r++) col[r] = value;
    }
  }

  private isEmpty(value: T | undefined): boolean {
    return value === undefined || value === this.empty;
  }

  lastRow(): number {
    let last = 0;
    for (const col of this.columns) {
      if (!col) continue;
      let r = col.length;
      while (r > last && this.isEmpty(col[r - 1])) r--;
      last = Math.max(last, r);
    }
    return last;
  }

  lastColumn(): number {
    for (let c = this.columns.length; c > 0; c--) {
      const col = this.columns[c - 1];
      if (col && col.some((v) => !this.isEmpty(v))) return c;
    }
    return 0;
  }

  insertRows(after: number, count: number): void {
    this.columns = this.columns.map((col) =>
      col && col.length > after
        ? col.slice(0, after).concat(new Array<T>(count).fill(this.empty), col.slice(after))
        : col,
    );
  }

  insertColumns(after: number, count: number): void {
    if (this.columns.length > after) this.columns.splice(after, 0, ...new Array<undefined>(count));
  }

  deleteRows(from: number, count: number): void {
    for (const col of this.columns) col?.splice(from - 1, count);
  }

  /** Rows of the used area, each trimmed of trailing empty cells. */
  toRows(copy: (value: T) => T): T[][] {
    const rows = this.lastRow();
    const columns = this.lastColumn();
    return Array.from({ length: rows }, (_, r) => {
      const row: T[] = [];
      for (let c = 1; c <= columns; c++) row.push(copy(this.get(r + 1, c)));
      while (row.length && this.isEmpty(row[row.length - 1])) row.pop();
      return row;
    });
  }
}

type StoredCell = string | number | boolean;

/**
 * Cell values. A Date is stored as its epoch ms plus a flag in a parallel grid, so date columns cost no
 * objects (100,000 Date objects per write made the garbage collector the bottleneck).
 */
class CellStore {
  readonly values = new Grid<StoredCell>('');
  /** 1 where the number in `values` is a Date. */
  readonly dates = new Grid<number>(0);

  static fromRows(rows: readonly (readonly CellValue[])[]): CellStore {
    const store = new CellStore();
    rows.forEach((row, r) => {
      row.forEach((value, c) => {
        if (value !== undefined && value !== '') store.set(r + 1, c + 1, value);
      });
    });
    return store;
  }

  /** The cell as a CellValue; Dates are fresh host-realm Dates. */
  get(row: number, column: number): CellValue {
    const v = this.values.get(row, column);
    return typeof v === 'number' && this.dates.get(row, column) === 1 ? new Date(v) : v;
  }

  set(row: number, column: number, value: CellValue): void {
    if (typeof value === 'object') {
      this.values.set(row, column, timeOf(value));
      this.dates.set(row, column, 1);
      return;
    }
    this.values.set(row, column, value);
    if (this.dates.peek(column)) this.dates.set(row, column, 0);
  }

  fill(rect: Rect): void {
    this.values.fill(rect, '');
    this.dates.fill(rect, 0);
  }

  clear(): void {
    this.values.clear();
    this.dates.clear();
  }

  insertRows(after: number, count: number): void {
    this.values.insertRows(after, count);
    this.dates.insertRows(after, count);
  }

  insertColumns(after: number, count: number): void {
    this.values.insertColumns(after, count);
    this.dates.insertColumns(after, count);
  }

  deleteRows(from: number, count: number): void {
    this.values.deleteRows(from, count);
    this.dates.deleteRows(from, count);
  }

  toRows(): CellValue[][] {
    return this.values
      .toRows((v) => v)
      .map((row, r) => row.map((v, c) => (typeof v === 'number' ? this.get(r + 1, c + 1) : v)));
  }
}

// ---------------------------------------------------------------------------------------------------------
// How Sheets stores and shows what a script writes

/** A number as typed in the ja_JP locale: digits with optional thousands groups, a decimal part, an exponent. */
const NUMBER_BODY = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(\.\d*)?|\.\d+`;
/**
 * A sign, a currency symbol (the yen sign in both widths, or $), the number, and a trailing % — in the orders
 * people type them: '-¥1,000', '¥-1,000', '+5', '50%', '1.5e3'.
 */
const NUMBER_TEXT = new RegExp(String.raw`^([+-]?)([¥￥$]?)([+-]?)(${NUMBER_BODY})(e[+-]?\d+)?(%?)$`, 'i');
const DATE_TEXT = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
/** A date without a year ('11/24'): the current year where the spreadsheet is. */
const MONTH_DAY_TEXT = /^(\d{1,2})\/(\d{1,2})$/;
/** Japanese dates, '2026年11月24日' and '11月24日'. */
const JA_DATE_TEXT = /^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日$/;
/** A time of day ('9:30', '9:30:15', '9:30 PM'), or a duration past 24 hours ('25:00'). */
const TIME_TEXT = /^(\d{1,3}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?m\.?)?$/i;

/** What Sheets stores for typed text, and the number format it gives a cell still on automatic. */
export interface TypedInput {
  value: CellValue;
  /** The format Sheets applies when the cell's format is automatic (a date format for a typed date, …). */
  format?: string;
}

/**
 * The value Sheets keeps for a value written by setValue(s). Strings are parsed as if typed into the cell
 * (https://developers.google.com/apps-script/reference/spreadsheet/range#setvaluevalue : "the value can be
 * numeric, string, boolean or date"; a string is entered as the owner would type it, like the Sheets API's
 * USER_ENTERED: "strings may be converted to numbers, dates, etc. following the same rules that are applied
 * when entering text into a cell via the Google Sheets UI",
 * https://developers.google.com/sheets/api/reference/rest/v4/ValueInputOption) unless the cell is formatted
 * as plain text ('@'), where the string is kept as written (a leading apostrophe included: see typedInput), or
 * the string starts with an apostrophe, which Sheets drops and keeps the rest as text.
 * `now` is the instant that supplies the year of a date typed without one.
 */
export function storedValue(
  input: unknown,
  numberFormat: string | undefined,
  timeZone: string,
  now = Date.now(),
): CellValue {
  switch (typeof input) {
    case 'string':
      return typedInput(input, numberFormat, timeZone, now).value;
    case 'number':
      return Number.isFinite(input) ? input : String(input);
    case 'boolean':
      return input;
    case 'undefined':
      return '';
    case 'object':
      if (input === null) return '';
      if (isDate(input)) return input; // the store keeps its epoch ms, not the object
      return String(input);
    default:
      return String(input);
  }
}

/**
 * Text typed into a cell of a spreadsheet whose locale is ja_JP (what a Japanese owner's spreadsheet gets by
 * default; the locale decides how typed numbers and dates are read: "Change a spreadsheet's locale, time zone,
 * calculation settings, and language", https://support.google.com/docs/answer/58515). What Sheets recognises
 * and the format it then gives the cell ("Format numbers in a spreadsheet",
 * https://support.google.com/docs/answer/56470; date and time values are day counts from 1899-12-30 with the
 * time as the fraction, https://developers.google.com/sheets/api/guides/formats#about_date_time_values):
 * - numbers, with a sign, thousands separators, decimals or an exponent ('0354321234' → 354321234, '1,000' →
 *   1000 shown #,##0, '1.5e3' → 1500 shown 0.00E+00);
 * - currency ('¥1,000', '￥1,000', '$5') → the amount, shown in a currency format;
 * - percentages ('50%' → 0.5, shown 0%);
 * - TRUE / FALSE in any case → booleans;
 * - dates 'yyyy/m/d', 'yyyy-m-d' (with an optional time), 'm/d' (this year) and, which no Google page confirms
 *   or denies for ja_JP, '2026年11月24日' / '11月24日' — the fake reads them as dates, the stricter choice: a
 *   product that keeps its text safe from them is safe either way;
 * - times '9:30', '9:30:15', '9:30 PM' → a time on 1899-12-30, which getValues returns as a Date (durations
 *   past 24 hours the same way, shown [h]:mm:ss).
 * DATEVALUE's page says the same of dates: "Understood formats include any date format which is normally
 * autoconverted when entered … directly into a cell. Understood formats may depend on region and language
 * settings" (https://support.google.com/docs/answer/3093039).
 */
export function typedInput(
  text: string,
  numberFormat: string | undefined,
  timeZone: string,
  now: number,
): TypedInput {
  if (text === '') return { value: '' };
  // A cell formatted as plain text keeps what was written, character for character: "Plain text" is the
  // format that stops Sheets reading a number, date or formula (https://support.google.com/docs/answer/56470),
  // and no Google page says a leading apostrophe is still dropped there. Google documents the apostrophe only
  // as what turns typed input into text — "TO_TEXT is equivalent to prefixing a number with an apostrophe"
  // (https://support.google.com/docs/answer/3094285) — and third-party reports only say it is not needed in a
  // Plain text column (https://github.com/getodk/collect/issues/3703). So the fake takes the stricter reading:
  // in a '@' cell the apostrophe stays, a visible character of the text; a product that writes text into
  // such cells without one reads back what it meant either way.
  if (numberFormat === '@') return { value: text };
  const first = text.charCodeAt(0);
  if (first === 39 /* ' */) return { value: text.slice(1) };
  if (first === 61 /* = */) return { value: text };
  const trimmed = text.trim();
  const number = NUMBER_TEXT.exec(trimmed);
  if (number && !(number[1] && number[3]) && !(number[2] && number[8])) {
    const [, sign1, currency, sign2, body, whole, fraction, exponent, percent] = number;
    const negative = (sign1 || sign2) === '-';
    let value = Number(body.replace(/,/g, '') + (exponent ?? ''));
    if (percent) value /= 100;
    if (negative) value = -value;
    if (Object.is(value, -0)) value = 0;
    const decimals = fraction && fraction.length > 1 ? '.00' : '';
    const grouped = whole !== undefined && whole.includes(',');
    let format: string | undefined;
    if (percent) format = `0${decimals}%`;
    else if (currency === '$') format = '"$"#,##0.00';
    else if (currency) format = '"¥"#,##0';
    else if (exponent) format = '0.00E+00';
    else if (grouped) format = `#,##0${decimals}`;
    return { value, format };
  }
  const upper = trimmed.length <= 5 ? trimmed.toUpperCase() : '';
  if (upper === 'TRUE') return { value: true };
  if (upper === 'FALSE') return { value: false };
  const date = DATE_TEXT.exec(trimmed);
  if (date) {
    const [, y, separator, mo, d, h = '0', mi = '0', s = '0'] = date;
    const value = wallDate(timeZone, +y, +mo, +d, +h, +mi, +s);
    if (value) return { value, format: separator === '/' ? 'yyyy/mm/dd' : 'yyyy-mm-dd' };
  }
  const monthDay = MONTH_DAY_TEXT.exec(trimmed);
  if (monthDay) {
    const value = wallDate(timeZone, wallTimeOf(now, timeZone).year, +monthDay[1], +monthDay[2]);
    if (value) return { value, format: 'm/d' };
  }
  const ja = JA_DATE_TEXT.exec(trimmed);
  if (ja) {
    const year = ja[1] ? +ja[1] : wallTimeOf(now, timeZone).year;
    const value = wallDate(timeZone, year, +ja[2], +ja[3]);
    if (value) return { value, format: ja[1] ? 'yyyy"年"m"月"d"日"' : 'm"月"d"日"' };
  }
  const time = TIME_TEXT.exec(trimmed);
  if (time) {
    const [, h, mi, s, half] = time;
    let hour = +h;
    if (half && (hour < 1 || hour > 12)) return { value: text };
    if (half) hour = (hour % 12) + (half.toLowerCase() === 'p' ? 12 : 0);
    if (+mi < 60 && (s === undefined || +s < 60)) {
      // Sheets' epoch: a time alone is that time on 1899-12-30 (the day count 0).
      const ms = instantOf(timeZone, 1899, 12, 30, 0, +mi, s === undefined ? 0 : +s) + hour * 3_600_000;
      const format = hour >= 24 ? '[h]:mm:ss' : s === undefined ? 'h:mm' : 'h:mm:ss';
      return { value: new Date(ms), format };
    }
  }
  return { value: text };
}

/** A wall-clock date and time as an instant, or null when it names no real day (2月30日). */
function wallDate(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): Date | null {
  if (month < 1 || month > 12 || day < 1 || hour >= 24 || minute >= 60 || second >= 60) return null;
  const ms = instantOf(timeZone, year, month, day, hour, minute, second);
  const back = wallTimeOf(ms, timeZone);
  return back.month === month && back.day === day ? new Date(ms) : null;
}

function isFormulaText(input: unknown): input is string {
  return typeof input === 'string' && input.length > 1 && input.charCodeAt(0) === 61;
}

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
]; // prettier-ignore
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The text Sheets shows for a value under a number format (the common date and number patterns). */
export function displayValue(value: CellValue, numberFormat: string | undefined, timeZone: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const format = numberFormat && numberFormat !== AUTOMATIC_FORMAT ? numberFormat : '';
  if (typeof value === 'number') {
    if (format === '' || format === '@' || /[ymdhs]/i.test(format.replace(/"[^"]*"/g, ''))) {
      return automaticNumber(value);
    }
    return formatNumber(value, format);
  }
  const wall = wallTimeOf(timeOf(value), timeZone);
  if (format === '' || format === '@') {
    const date = `${wall.year}/${pad(wall.month)}/${pad(wall.day)}`;
    const midnight = wall.hour === 0 && wall.minute === 0 && wall.second === 0;
    return midnight ? date : `${date} ${wall.hour}:${pad(wall.minute)}:${pad(wall.second)}`;
  }
  return formatSheetsDate(wall, format);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function automaticNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(10)));
}

function formatNumber(n: number, format: string): string {
  const section = format.split(';')[0];
  const body = /[0#][0#,.]*/.exec(section);
  if (!body) return automaticNumber(n);
  const literal = (s: string) => s.replace(/"([^"]*)"/g, '$1').replace(/\\(.)/g, '$1');
  const percent = section.includes('%');
  const [intPart, fracPart = ''] = body[0].split('.');
  const scaled = Math.abs(percent ? n * 100 : n);
  const minFrac = (fracPart.match(/0/g) ?? []).length;
  const maxFrac = minFrac + (fracPart.match(/#/g) ?? []).length;
  let text = scaled.toFixed(maxFrac);
  if (maxFrac > minFrac) text = text.replace(new RegExp(`0{1,${maxFrac - minFrac}}$`), '').replace(/\.$/, '');
  // "0: A digit in the number. Insignificant 0s will be displayed in the results" — 12 under 0000 shows 0012
  // (https://developers.google.com/sheets/api/guides/formats#number_format_tokens); getDisplayValues returns
  // that text ("takes into account date, currency and number formatting",
  // https://developers.google.com/apps-script/reference/spreadsheet/range#getdisplayvalues).
  const minWhole = (intPart.match(/0/g) ?? []).length;
  const [whole0, frac0] = text.split('.');
  if (whole0.length < minWhole)
    text = whole0.padStart(minWhole, '0') + (frac0 === undefined ? '' : `.${frac0}`);
  if (intPart.includes(',')) {
    const [whole, frac] = text.split('.');
    text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac === undefined ? '' : `.${frac}`);
  }
  const prefix = literal(section.slice(0, body.index));
  const suffix = literal(section.slice(body.index + body[0].length));
  return `${n < 0 ? '-' : ''}${prefix}${text}${suffix}`;
}

/** Sheets date formats: yyyy yy m mm mmm mmmm d dd ddd dddd h hh s ss am/pm, "quoted" and \escaped text. */
function formatSheetsDate(wall: ReturnType<typeof wallTimeOf>, format: string): string {
  const tokens = format.match(/"[^"]*"|\\.|am\/pm|a\/p|y+|m+|d+|h+|s+|\.0+|./gi) ?? [];
  const kinds = tokens.map((t) => (/^[ymdhs]/i.test(t) ? t[0].toLowerCase() : ''));
  const twelveHour = tokens.some((t) => /^(am\/pm|a\/p)$/i.test(t));
  const neighbour = (i: number, step: number): string => {
    for (let j = i + step; j >= 0 && j < tokens.length; j += step) if (kinds[j]) return kinds[j];
    return '';
  };
  return tokens
    .map((token, i) => {
      const t = token.toLowerCase();
      const n = t.length;
      switch (kinds[i]) {
        case 'y':
          return n <= 2 ? pad(wall.year % 100) : String(wall.year);
        case 'm':
          if (n <= 2 && (neighbour(i, -1) === 'h' || neighbour(i, 1) === 's'))
            return n === 2 ? pad(wall.minute) : String(wall.minute);
          if (n >= 4) return MONTHS[wall.month - 1];
          if (n === 3) return MONTHS[wall.month - 1].slice(0, 3);
          return n === 2 ? pad(wall.month) : String(wall.month);
        case 'd':
          if (n >= 4) return WEEKDAYS[wall.weekday];
          if (n === 3) return WEEKDAYS[wall.weekday].slice(0, 3);
          return n === 2 ? pad(wall.day) : String(wall.day);
        case 'h': {
          const hour = twelveHour ? wall.hour % 12 || 12 : wall.hour;
          return n >= 2 ? pad(hour) : String(hour);
        }
        case 's':
          return n >= 2 ? pad(wall.second) : String(wall.second);
      }
      if (t === 'am/pm') return wall.hour < 12 ? 'AM' : 'PM';
      if (t === 'a/p') return wall.hour < 12 ? 'A' : 'P';
      if (t.startsWith('"')) return token.slice(1, -1);
      if (t.startsWith('\\')) return token.slice(1);
      if (/^\.0+$/.test(t)) return `.${pad(wall.millisecond, 3).slice(0, n - 1)}`;
      return token;
    })
    .join('');
}

// ---------------------------------------------------------------------------------------------------------
// Data validation

export type CriteriaType = 'VALUE_IN_LIST' | 'CHECKBOX';

export class FakeDataValidation implements Pick<
  GasValidation,
  'getAllowInvalid' | 'getCriteriaType' | 'getCriteriaValues' | 'getHelpText' | 'copy'
> {
  constructor(
    private readonly env: FakeEnv,
    readonly criteria: CriteriaType,
    readonly values: readonly string[],
    readonly showDropdown: boolean,
    readonly allowInvalid: boolean,
    readonly helpText: string,
  ) {}

  getAllowInvalid(): boolean {
    this.env.calls.record(SERVICE, 'DataValidation.getAllowInvalid');
    return this.allowInvalid;
  }

  getCriteriaType(): GasCriteria {
    this.env.calls.record(SERVICE, 'DataValidation.getCriteriaType');
    return enumValue<GasCriteria>(this.criteria);
  }

  getCriteriaValues(): unknown[] {
    this.env.calls.record(SERVICE, 'DataValidation.getCriteriaValues');
    return this.criteria === 'VALUE_IN_LIST' ? [[...this.values], this.showDropdown] : [];
  }

  getHelpText(): string {
    this.env.calls.record(SERVICE, 'DataValidation.getHelpText');
    return this.helpText;
  }

  copy(): GasValidationBuilder {
    this.env.calls.record(SERVICE, 'DataValidation.copy');
    return gasBuilder(new FakeDataValidationBuilder(this.env, this));
  }

  /** Whether Sheets would accept this value in a cell under the rule (only matters when it rejects input). */
  accepts(value: CellValue): boolean {
    if (this.allowInvalid || value === '') return true;
    if (this.criteria === 'CHECKBOX') return typeof value === 'boolean';
    return this.values.includes(typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : String(value));
  }

  /** Same rule, for grouping cells on export. */
  key(): string {
    return JSON.stringify([this.criteria, this.values, this.showDropdown, this.allowInvalid, this.helpText]);
  }
}

export class FakeDataValidationBuilder
  extends Counted
  implements
    Pick<
      GasValidationBuilder,
      | 'requireValueInList'
      | 'requireCheckbox'
      | 'setAllowInvalid'
      | 'setHelpText'
      | 'build'
      | 'getAllowInvalid'
      | 'getCriteriaType'
      | 'getCriteriaValues'
      | 'getHelpText'
    >
{
  private criteria?: CriteriaType;
  private values: string[] = [];
  private showDropdown = true;
  private allowInvalid = true;
  private helpText: string | null = null;

  constructor(env: FakeEnv, from?: FakeDataValidation) {
    super(env, SERVICE, 'DataValidationBuilder.');
    if (from) {
      this.criteria = from.criteria;
      this.values = [...from.values];
      this.showDropdown = from.showDropdown;
      this.allowInvalid = from.allowInvalid;
      this.helpText = from.helpText || null;
    }
  }

  requireValueInList(values: string[], showDropdown = true): GasValidationBuilder {
    this.count('requireValueInList');
    if (!Array.isArray(values)) throw this.env.realm.error('Invalid argument: values');
    this.criteria = 'VALUE_IN_LIST';
    this.values = values.map(String);
    this.showDropdown = showDropdown;
    return gasBuilder(this);
  }

  requireCheckbox(): GasValidationBuilder {
    this.count('requireCheckbox');
    this.criteria = 'CHECKBOX';
    this.values = [];
    return gasBuilder(this);
  }

  setAllowInvalid(allowInvalidData: boolean): GasValidationBuilder {
    this.count('setAllowInvalid');
    this.allowInvalid = allowInvalidData;
    return gasBuilder(this);
  }

  setHelpText(helpText: string): GasValidationBuilder {
    this.count('setHelpText');
    this.helpText = helpText;
    return gasBuilder(this);
  }

  build(): GasValidation {
    this.count('build');
    if (!this.criteria) throw this.env.realm.error('You must specify criteria for the data validation rule.');
    const rule = new FakeDataValidation(
      this.env,
      this.criteria,
      [...this.values],
      this.showDropdown,
      this.allowInvalid,
      this.helpText ?? '',
    );
    return gasValidation(rule);
  }

  getAllowInvalid(): boolean {
    this.count('getAllowInvalid');
    return this.allowInvalid;
  }

  getCriteriaType(): GasCriteria {
    this.count('getCriteriaType');
    return enumValue<GasCriteria>(this.criteria ?? '');
  }

  getCriteriaValues(): unknown[] {
    this.count('getCriteriaValues');
    return this.criteria === 'VALUE_IN_LIST' ? [[...this.values], this.showDropdown] : [];
  }

  getHelpText(): string | null {
    this.count('getHelpText');
    return this.helpText;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Sheet

type HorizontalAlignment = 'left' | 'center' | 'normal' | 'right';
type VerticalAlignment = 'top' | 'middle' | 'bottom';

/** Cell formatting a script can set; kept for inspection, exported where SheetData has a field for it. */
class CellStyles {
  readonly bold = new CellLayer<true>();
  readonly background = new CellLayer<string>();
  readonly fontColor = new CellLayer<string>();
  readonly fontSize = new CellLayer<number>();
  readonly wrap = new CellLayer<boolean>();
  readonly horizontalAlignment = new CellLayer<HorizontalAlignment>();
  readonly verticalAlignment = new CellLayer<VerticalAlignment>();
  readonly border = new CellLayer<string>();
  /** Range.setVerticalText (stacked text); see FakeRange.setVerticalText. */
  readonly verticalText = new CellLayer<true>();

  all(): CellLayer<unknown>[] {
    return [
      this.bold,
      this.background,
      this.fontColor,
      this.fontSize,
      this.wrap,
      this.horizontalAlignment,
      this.verticalAlignment,
      this.border,
      this.verticalText,
    ];
  }
}

type StyleKey = Exclude<keyof CellStyles, 'all'>;
type StyleValue<K extends StyleKey> = CellStyles[K] extends CellLayer<infer T> ? T : never;

/** Everything readable about one cell, for tests. */
export interface CellInfo {
  value: CellValue;
  formula?: string;
  numberFormat: string;
  note?: string;
  validation?: FakeDataValidation;
  bold: boolean;
  background?: string;
  fontColor?: string;
  fontSize?: number;
  wrap?: boolean;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  border?: string;
  verticalText?: boolean;
}

export class FakeSheet
  extends Counted
  implements
    Pick<
      GasSheet,
      | 'getName'
      | 'setName'
      | 'getSheetId'
      | 'getIndex'
      | 'getLastRow'
      | 'getLastColumn'
      | 'getMaxRows'
      | 'getMaxColumns'
      | 'getRange'
      | 'getRangeList'
      | 'getDataRange'
      | 'setFrozenRows'
      | 'getFrozenRows'
      | 'setFrozenColumns'
      | 'getFrozenColumns'
      | 'setColumnWidth'
      | 'setColumnWidths'
      | 'getColumnWidth'
      | 'setRowHeight'
      | 'setRowHeights'
      | 'setRowHeightsForced'
      | 'getRowHeight'
      | 'clear'
      | 'clearContents'
      | 'insertColumnsAfter'
      | 'deleteColumns'
      | 'insertRowsAfter'
      | 'deleteRows'
      | 'hideSheet'
      | 'showSheet'
      | 'isSheetHidden'
      | 'getParent'
      | 'setTabColor'
      | 'getTabColor'
      | 'activate'
      | 'newChart'
      | 'insertChart'
      | 'getCharts'
      | 'removeChart'
      | 'updateChart'
      | 'addDeveloperMetadata'
      | 'getDeveloperMetadata'
      | 'createDeveloperMetadataFinder'
      | 'createTextFinder'
    >
{
  private values = new CellStore();
  /** Number formats; '' is automatic. */
  private formats = new Grid<string>('');
  private readonly formulas = new CellLayer<string>();
  private readonly notes = new CellLayer<string>();
  private readonly validations = new CellLayer<FakeDataValidation>();
  private readonly styles = new CellStyles();
  private merges: Rect[] = [];
  private columnWidths = new Map<number, number>();
  private rowHeights = new Map<number, number>();
  private frozenRows = 0;
  private frozenColumns = 0;
  private hidden = false;
  private tabColor: string | null = null;
  private charts: FakeEmbeddedChart[] = [];

  constructor(
    env: FakeEnv,
    private readonly parent: FakeSpreadsheet,
    private name: string,
    readonly sheetId: number,
    private maxRows = DEFAULT_ROWS,
    private maxColumns = DEFAULT_COLUMNS,
  ) {
    super(env, SERVICE, 'Sheet.');
  }

  private fail(message: string): Error {
    return this.env.realm.error(message);
  }

  // --- loading and exporting (not counted: test plumbing, not bundle calls)

  static fromData(env: FakeEnv, parent: FakeSpreadsheet, data: SheetData, sheetId: number): FakeSheet {
    const extentRows = data.values.length;
    const extentColumns = data.values.reduce((max, row) => Math.max(max, row.length), 0);
    const sheet = new FakeSheet(
      env,
      parent,
      data.name,
      data.sheetId ?? sheetId,
      data.maxRows ?? Math.max(extentRows, DEFAULT_ROWS),
      data.maxColumns ?? Math.max(extentColumns, DEFAULT_COLUMNS),
    );
    sheet.values = CellStore.fromRows(data.values);
    sheet.formats = Grid.fromRows(data.numberFormats ?? [], '', (f) => f);
    sheet.frozenRows = data.frozenRows ?? 0;
    sheet.hidden = data.hidden ?? false;
    sheet.tabColor = data.tabColor ?? null;
    for (const [k, w] of Object.entries(data.columnWidths ?? {})) sheet.columnWidths.set(Number(k), w);
    for (const [k, h] of Object.entries(data.rowHeights ?? {})) sheet.rowHeights.set(Number(k), h);
    const rectOf = (a1: string): Rect => {
      const parsed = parseA1(a1, sheet.maxRows, sheet.maxColumns);
      if (!parsed) throw new Error(`Sheet ${data.name}: bad A1 notation ${a1}`);
      return parsed.rect;
    };
    sheet.merges = (data.merges ?? []).map(rectOf);
    for (const a1 of data.bold ?? []) sheet.styles.bold.fill(rectOf(a1), true);
    const strict = new Set(data.validationsRejectInvalid ?? []);
    for (const [a1, list] of Object.entries(data.validations ?? {})) {
      const rule = new FakeDataValidation(env, 'VALUE_IN_LIST', list, true, !strict.has(a1), '');
      sheet.validations.fill(rectOf(a1), rule);
    }
    for (const [a1, note] of Object.entries(data.notes ?? {})) sheet.notes.fill(rectOf(a1), note);
    for (const [a1, color] of Object.entries(data.backgrounds ?? {}))
      sheet.styles.background.fill(rectOf(a1), color);
    for (const [a1, formula] of Object.entries(data.formulas ?? {})) sheet.formulas.fill(rectOf(a1), formula);
    return sheet;
  }

  toData(): SheetData {
    const values = this.values.toRows();
    const data: SheetData = { name: this.name, values, sheetId: this.sheetId };
    const metadata = this.parent.metadata.export(this.sheetId);
    if (metadata.length) data.developerMetadata = metadata;
    const formatRows = this.formats.toRows((f) => f);
    if (formatRows.length) data.numberFormats = formatRows;
    if (this.frozenRows) data.frozenRows = this.frozenRows;
    if (this.columnWidths.size) data.columnWidths = Object.fromEntries(this.columnWidths);
    if (this.rowHeights.size) data.rowHeights = Object.fromEntries(this.rowHeights);
    if (this.merges.length) data.merges = this.merges.map(toA1);
    const bold = this.styles.bold.toRects(() => 'b');
    if (bold.length) data.bold = bold.map(({ rect }) => toA1(rect));
    const rules = this.validations
      .toRects((rule) => rule.key())
      .filter(({ value }) => value.criteria === 'VALUE_IN_LIST');
    if (rules.length) {
      data.validations = Object.fromEntries(rules.map(({ rect, value }) => [toA1(rect), [...value.values]]));
      const strict = rules.filter(({ value }) => !value.allowInvalid).map(({ rect }) => toA1(rect));
      if (strict.length) data.validationsRejectInvalid = strict;
    }
    const record = (layer: CellLayer<string>) =>
      Object.fromEntries(layer.toRects((v) => v).map(({ rect, value }) => [toA1(rect), value]));
    if (this.formulas.size) data.formulas = record(this.formulas);
    if (this.notes.size) data.notes = record(this.notes);
    if (this.styles.background.size) data.backgrounds = record(this.styles.background);
    if (this.hidden) data.hidden = true;
    if (this.tabColor) data.tabColor = this.tabColor;
    if (this.charts.length) data.charts = this.charts.map((chart) => chart.toData(this));
    const extentColumns = values.reduce((max, row) => Math.max(max, row.length), 0);
    if (this.maxRows !== Math.max(values.length, DEFAULT_ROWS)) data.maxRows = this.maxRows;
    if (this.maxColumns !== Math.max(extentColumns, DEFAULT_COLUMNS)) data.maxColumns = this.maxColumns;
    return data;
  }

  /** Everything about one cell (1-based), uncounted, for assertions. */
  cell(row: number, column: number): CellInfo {
    const s = this.styles;
    const info: CellInfo = {
      value: this.valueAt(row, column),
      numberFormat: this.formats.get(row, column),
      bold: s.bold.get(row, column) === true,
    };
    const optional = {
      formula: this.formulas.get(row, column),
      note: this.notes.get(row, column),
      validation: this.validations.get(row, column),
      background: s.background.get(row, column),
      fontColor: s.fontColor.get(row, column),
      fontSize: s.fontSize.get(row, column),
      wrap: s.wrap.get(row, column),
      horizontalAlignment: s.horizontalAlignment.get(row, column),
      verticalAlignment: s.verticalAlignment.get(row, column),
      border: s.border.get(row, column),
      verticalText: s.verticalText.get(row, column),
    };
    for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(info, { [k]: v });
    return info;
  }

  /** A1 notation → formula of every cell holding one, uncounted. */
  formulaCells(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [r, c, f] of this.formulas.entries())
      out[toA1({ row: r, column: c, numRows: 1, numColumns: 1 })] = f;
    return out;
  }

  /** Values of the used area (uncounted); host-realm Dates. */
  dump(): CellValue[][] {
    return this.toData().values;
  }

  get mergedRanges(): string[] {
    return this.merges.map(toA1);
  }

  get nameForTests(): string {
    return this.name;
  }

  get hiddenForTests(): boolean {
    return this.hidden;
  }

  /** The inserted charts as plain data, uncounted. */
  chartsForTests(): ChartData[] {
    return this.charts.map((chart) => chart.toData(this));
  }

  /** Recreates exported charts once every sheet exists (their ranges may name another sheet). */
  restoreCharts(charts: readonly ChartData[]): void {
    this.charts = charts.map((data) => {
      const spec: ChartSpec = {
        type: data.type,
        ranges: data.ranges.map((a1) => this.parent.resolveRange(a1, this)),
        position: { ...data.position },
        options: new Map(Object.entries(structuredClone(data.options))),
        numHeaders: data.numHeaders ?? -1,
      };
      return new FakeEmbeddedChart(this.env, spec, this.parent.chartId(data.id));
    });
  }

  // --- internals used by FakeRange

  get timeZone(): string {
    return this.parent.timeZone;
  }

  valueAt(row: number, column: number): CellValue {
    return this.values.get(row, column);
  }

  assertInGrid(rect: Rect): void {
    if (rect.row + rect.numRows - 1 > this.maxRows || rect.column + rect.numColumns - 1 > this.maxColumns) {
      throw this.fail(MSG_OUTSIDE);
    }
  }

  readValues(rect: Rect, display: boolean): (CellValue | string)[][] {
    this.assertInGrid(rect);
    const makeDate = this.env.realm.date;
    const tz = this.timeZone;
    const { row, column, numRows, numColumns } = rect;
    const columns = Array.from({ length: numColumns }, (_, j) => this.values.values.peek(column + j));
    const dates = Array.from({ length: numColumns }, (_, j) => this.values.dates.peek(column + j));
    const out = new Array<(CellValue | string)[]>(numRows);
    for (let i = 0; i < numRows; i++) {
      const r = row - 1 + i;
      const line = new Array<CellValue | string>(numColumns);
      for (let j = 0; j < numColumns; j++) {
        const v = columns[j]?.[r];
        if (v === undefined || v === '') {
          line[j] = '';
        } else if (display) {
          const value = typeof v === 'number' && dates[j]?.[r] === 1 ? new Date(v) : v;
          line[j] = displayValue(value, this.formats.get(row + i, column + j), tz);
        } else {
          line[j] = typeof v === 'number' && dates[j]?.[r] === 1 ? makeDate(v) : v;
        }
      }
      out[i] = line;
    }
    return out;
  }

  /** Writes cells the way Sheets stores them; validates every cell before changing any. */
  writeValues(rect: Rect, valueAt: (i: number, j: number) => unknown): void {
    this.assertInGrid(rect);
    const tz = this.timeZone;
    const now = this.env.clock.now;
    const checkRules = this.validations.size > 0;
    // First everything that can refuse the write, so a refused write changes nothing.
    for (let i = 0; i < rect.numRows; i++) {
      for (let j = 0; j < rect.numColumns; j++) {
        const input = valueAt(i, j);
        if (typeof input === 'string' && input.length > MAX_CELL_CHARS) {
          throw this.fail(
            `Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`,
          );
        }
        if (!checkRules) continue;
        const r = rect.row + i;
        const c = rect.column + j;
        const rule = this.validations.get(r, c);
        if (rule && !rule.accepts(storedValue(input, this.formats.get(r, c), tz, now))) {
          const a1 = toA1({ row: r, column: c, numRows: 1, numColumns: 1 });
          throw this.fail(
            `The data you entered in cell ${a1} violates the data validation rules set on this cell.`,
          );
        }
      }
    }
    const trackFormulas = this.formulas.size > 0;
    for (let j = 0; j < rect.numColumns; j++) {
      const c = rect.column + j;
      const target = this.values.values.column(c, rect.row);
      let dates = this.values.dates.peek(c) ? this.values.dates.column(c, rect.row) : undefined;
      const formats = this.formats.peek(c);
      for (let i = 0; i < rect.numRows; i++) {
        const r = rect.row + i;
        const input = valueAt(i, j);
        const format = formats?.[r - 1];
        const typed = typeof input === 'string' ? typedInput(input, format, tz, now) : undefined;
        const value = typed ? typed.value : storedValue(input, format, tz);
        if (typeof value === 'object') {
          dates ??= this.values.dates.column(c, r);
          target[r - 1] = timeOf(value);
          dates[r - 1] = 1;
        } else {
          target[r - 1] = value;
          if (dates) dates[r - 1] = 0;
        }
        if (typeof input === 'string') {
          if (isFormulaText(input) && format !== '@') this.formulas.set(r, c, input);
          else if (trackFormulas) this.formulas.set(r, c, undefined);
          // Sheets gives a cell left on automatic the format of what was typed: a date format for a date, 0%
          // for a percentage, … (https://support.google.com/docs/answer/56470).
          if (typed?.format && !format) this.setFormat(r, c, typed.format);
        } else if (trackFormulas) {
          this.formulas.set(r, c, undefined);
        }
      }
    }
  }

  readFormats(rect: Rect): string[][] {
    this.assertInGrid(rect);
    return Array.from({ length: rect.numRows }, (_, i) =>
      Array.from(
        { length: rect.numColumns },
        (_, j) => this.formats.get(rect.row + i, rect.column + j) || AUTOMATIC_FORMAT,
      ),
    );
  }

  setFormat(row: number, column: number, format: string): void {
    this.formats.set(row, column, format === AUTOMATIC_FORMAT || format === 'General' ? '' : format);
  }

  clearCells(
    rect: Rect,
    what: { contents?: boolean; formats?: boolean; validations?: boolean; notes?: boolean },
  ): void {
    this.assertInGrid(rect);
    if (what.contents) this.values.fill(rect);
    if (what.formats) this.formats.fill(rect, '');
    if (what.contents) this.formulas.fill(rect, undefined);
    if (what.formats) for (const layer of this.styles.all()) layer.fill(rect, undefined);
    if (what.validations) this.validations.fill(rect, undefined);
    if (what.notes) this.notes.fill(rect, undefined);
  }

  setValidation(rect: Rect, rule: FakeDataValidation | undefined): void {
    this.assertInGrid(rect);
    this.validations.fill(rect, rule);
  }

  validationAt(row: number, column: number): FakeDataValidation | undefined {
    return this.validations.get(row, column);
  }

  noteAt(row: number, column: number): string {
    return this.notes.get(row, column) ?? '';
  }

  formulaAt(row: number, column: number): string {
    return this.formulas.get(row, column) ?? '';
  }

  setNotes(rect: Rect, note: string | undefined): void {
    this.assertInGrid(rect);
    this.notes.fill(rect, note);
  }

  style<K extends StyleKey>(key: K): CellStyles[K] {
    return this.styles[key];
  }

  merge(rect: Rect): void {
    this.assertInGrid(rect);
    if (this.merges.some((m) => overlaps(m, rect) && !contains(rect, m))) {
      throw this.fail('You must select all cells in a merged range to merge or unmerge them.');
    }
    this.merges = this.merges.filter((m) => !contains(rect, m));
    if (rect.numRows === 1 && rect.numColumns === 1) return;
    this.merges.push({ ...rect });
    // Sheets keeps only the top-left value of a merged block.
    const keep = this.valueAt(rect.row, rect.column);
    this.clearCells(rect, { contents: true });
    this.values.set(rect.row, rect.column, keep);
  }

  breakApart(rect: Rect): void {
    if (this.merges.some((m) => overlaps(m, rect) && !contains(rect, m))) {
      throw this.fail('You must select all cells in a merged range to merge or unmerge them.');
    }
    this.merges = this.merges.filter((m) => !contains(rect, m));
  }

  private lastRow(): number {
    return this.values.values.lastRow();
  }

  private lastColumn(): number {
    return this.values.values.lastColumn();
  }

  /** A range of this sheet, uncounted (the caller counted its own call). */
  rangeFor(row: number, column: number, numRows: number, numColumns: number): FakeRange {
    if (row < 1) throw this.fail('The starting row of the range is too small.');
    if (column < 1) throw this.fail('The starting column of the range is too small.');
    if (numRows < 1) throw this.fail('The number of rows in the range must be at least 1.');
    if (numColumns < 1) throw this.fail('The number of columns in the range must be at least 1.');
    const rect = { row, column, numRows, numColumns };
    this.assertInGrid(rect);
    return new FakeRange(this.env, this, rect);
  }

  // --- Apps Script API

  getName(): string {
    this.count('getName');
    return this.name;
  }

  setName(name: string): GasSheet {
    this.count('setName');
    this.parent.assertNameFree(name, this);
    this.name = name;
    return gasSheet(this);
  }

  getSheetId(): number {
    this.count('getSheetId');
    return this.sheetId;
  }

  getIndex(): number {
    this.count('getIndex');
    return this.parent.indexOf(this) + 1;
  }

  getLastRow(): number {
    this.count('getLastRow');
    return this.lastRow();
  }

  getLastColumn(): number {
    this.count('getLastColumn');
    return this.lastColumn();
  }

  getMaxRows(): number {
    this.count('getMaxRows');
    return this.maxRows;
  }

  getMaxColumns(): number {
    this.count('getMaxColumns');
    return this.maxColumns;
  }

  getRange(rowOrA1: number | string, column?: number, numRows = 1, numColumns = 1): GasRange {
    this.count('getRange');
    if (typeof rowOrA1 === 'string') {
      const parsed = parseA1(rowOrA1, this.maxRows, this.maxColumns);
      if (!parsed || (parsed.sheet !== undefined && parsed.sheet !== this.name))
        throw this.fail('Range not found');
      const { row, column: col, numRows: rows, numColumns: cols } = parsed.rect;
      return gasRange(this.rangeFor(row, col, rows, cols));
    }
    if (column === undefined)
      throw this.fail(
        "The parameters (number) don't match the method signature for SpreadsheetApp.Sheet.getRange.",
      );
    return gasRange(this.rangeFor(rowOrA1, column, numRows, numColumns));
  }

  /**
   * Sheet.getRangeList(a1Notations): "Returns the RangeList collection representing the ranges in the same sheet
   * specified by a non-empty list of A1 notations or R1C1 notations"
   * (https://developers.google.com/apps-script/reference/spreadsheet/sheet#getRangeList(String)). An empty list or
   * a notation that is not a range of this sheet throws, as getRange does. The fake reads A1 only.
   */
  getRangeList(a1Notations: string[]): GoogleAppsScript.Spreadsheet.RangeList {
    this.count('getRangeList');
    if (!Array.isArray(a1Notations) || a1Notations.length === 0)
      throw this.fail('The range list must contain at least one range.');
    const ranges = a1Notations.map((a1) => {
      const parsed = typeof a1 === 'string' ? parseA1(a1, this.maxRows, this.maxColumns) : undefined;
      if (!parsed || (parsed.sheet !== undefined && parsed.sheet !== this.name))
        throw this.fail('Range not found');
      const { row, column, numRows, numColumns } = parsed.rect;
      return this.rangeFor(row, column, numRows, numColumns);
    });
    return new FakeRangeList(
      this.env,
      this.name,
      ranges,
    ) as unknown as GoogleAppsScript.Spreadsheet.RangeList;
  }

  getDataRange(): GasRange {
    this.count('getDataRange');
    return gasRange(this.rangeFor(1, 1, Math.max(this.lastRow(), 1), Math.max(this.lastColumn(), 1)));
  }

  setFrozenRows(rows: number): void {
    this.count('setFrozenRows');
    if (rows < 0 || rows > this.maxRows) throw this.fail(MSG_OUTSIDE);
    this.frozenRows = rows;
  }

  getFrozenRows(): number {
    this.count('getFrozenRows');
    return this.frozenRows;
  }

  setFrozenColumns(columns: number): void {
    this.count('setFrozenColumns');
    if (columns < 0 || columns > this.maxColumns) throw this.fail(MSG_OUTSIDE);
    this.frozenColumns = columns;
  }

  getFrozenColumns(): number {
    this.count('getFrozenColumns');
    return this.frozenColumns;
  }

  setColumnWidth(columnPosition: number, width: number): GasSheet {
    this.count('setColumnWidth');
    this.columnWidths.set(columnPosition, width);
    return gasSheet(this);
  }

  setColumnWidths(startColumn: number, numColumns: number, width: number): GasSheet {
    this.count('setColumnWidths');
    for (let c = startColumn; c < startColumn + numColumns; c++) this.columnWidths.set(c, width);
    return gasSheet(this);
  }

  getColumnWidth(columnPosition: number): number {
    this.count('getColumnWidth');
    return this.columnWidths.get(columnPosition) ?? 100;
  }

  setRowHeight(rowPosition: number, height: number): GasSheet {
    this.count('setRowHeight');
    this.rowHeights.set(rowPosition, height);
    return gasSheet(this);
  }

  setRowHeights(startRow: number, numRows: number, height: number): GasSheet {
    this.count('setRowHeights');
    for (let r = startRow; r < startRow + numRows; r++) this.rowHeights.set(r, height);
    return gasSheet(this);
  }

  /** Like setRowHeights, but the rows keep this height even when wrapped text would need more. */
  setRowHeightsForced(startRow: number, numRows: number, height: number): GasSheet {
    this.count('setRowHeightsForced');
    if (startRow < 1 || numRows < 1 || startRow + numRows - 1 > this.maxRows) throw this.fail(MSG_OUTSIDE);
    for (let r = startRow; r < startRow + numRows; r++) this.rowHeights.set(r, height);
    return gasSheet(this);
  }

  getRowHeight(rowPosition: number): number {
    this.count('getRowHeight');
    return this.rowHeights.get(rowPosition) ?? 21;
  }

  clear(options?: { formatOnly?: boolean; contentsOnly?: boolean }): GasSheet {
    this.count('clear');
    const all = { row: 1, column: 1, numRows: this.maxRows, numColumns: this.maxColumns };
    const contents = !options?.formatOnly || !!options.contentsOnly;
    const formats = !options?.contentsOnly || !!options.formatOnly;
    if (contents) {
      this.values.clear();
      this.formulas.clear();
    }
    if (formats) {
      this.formats.clear();
      for (const layer of this.styles.all()) layer.fill(all, undefined);
    }
    return gasSheet(this);
  }

  clearContents(): GasSheet {
    this.count('clearContents');
    this.values.clear();
    this.formulas.clear();
    return gasSheet(this);
  }

  insertRowsAfter(afterPosition: number, howMany: number): GasSheet {
    this.count('insertRowsAfter');
    if (afterPosition < 1 || afterPosition > this.maxRows) throw this.fail('Those rows are out of bounds.');
    if (howMany < 1) throw this.fail('The number of rows to insert must be at least 1.');
    this.parent.assertCellBudget(howMany * this.maxColumns);
    this.maxRows += howMany;
    this.values.insertRows(afterPosition, howMany);
    this.formats.insertRows(afterPosition, howMany);
    for (const layer of this.layers()) layer.shiftRows(afterPosition, howMany);
    this.merges = this.merges.map((m) => (m.row > afterPosition ? { ...m, row: m.row + howMany } : m));
    this.rowHeights = shiftKeys(this.rowHeights, afterPosition, howMany);
    this.parent.metadata.shift(this.sheetId, 'ROW', afterPosition, howMany);
    return gasSheet(this);
  }

  /**
   * Sheet.deleteRows(rowPosition, howMany) (https://developers.google.com/apps-script/reference/spreadsheet/sheet#deleteRows(Integer,Integer)):
   * "Deletes a number of rows starting at the given row position". The rows below move up with their cells, formats,
   * heights and metadata; the deleted rows' developer metadata is deleted with them ("If the associated object is
   * deleted then its metadata is deleted too",
   * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.developerMetadata). A sheet keeps at least
   * one row, as in the Sheets UI (an error otherwise; stricter than a guess). A merge wholly inside the deleted rows
   * goes with its cells; one that only partly overlaps them is not modelled: the fake refuses it.
   */
  deleteRows(rowPosition: number, howMany: number): void {
    // The rows it deletes, for a watcher (BENCH_TRACE, tests): a structural change, not charged by the cell.
    this.env.calls.record(SERVICE, 'Sheet.deleteRows', {
      sheet: this.name,
      a1: `${rowPosition}:${rowPosition + howMany - 1}`,
    });
    if (rowPosition < 1 || howMany < 1 || rowPosition + howMany - 1 > this.maxRows)
      throw this.fail('Those rows are out of bounds.');
    if (howMany === this.maxRows) throw this.fail("You can't delete all the rows on the sheet.");
    const end = rowPosition + howMany;
    const inside = (m: Rect) => m.row >= rowPosition && m.row + m.numRows <= end;
    if (this.merges.some((m) => m.row < end && m.row + m.numRows > rowPosition && !inside(m)))
      throw new Error('FakeSheet.deleteRows: deleting part of a merge is not modelled in the fakes');
    this.merges = this.merges.filter((m) => !inside(m));
    this.maxRows -= howMany;
    this.values.deleteRows(rowPosition, howMany);
    this.formats.deleteRows(rowPosition, howMany);
    for (const layer of this.layers()) layer.deleteRows(rowPosition, howMany);
    this.merges = this.merges.map((m) => (m.row >= end ? { ...m, row: m.row - howMany } : m));
    this.rowHeights = new Map(
      [...this.rowHeights].flatMap(([k, v]): [number, number][] =>
        k < rowPosition ? [[k, v]] : k >= end ? [[k - howMany, v]] : [],
      ),
    );
    this.parent.metadata.removeLines(this.sheetId, 'ROW', rowPosition, howMany);
  }

  insertColumnsAfter(afterPosition: number, howMany: number): GasSheet {
    this.count('insertColumnsAfter');
    if (afterPosition < 1 || afterPosition > this.maxColumns)
      throw this.fail('Those columns are out of bounds.');
    if (howMany < 1) throw this.fail('The number of columns to insert must be at least 1.');
    this.parent.assertCellBudget(howMany * this.maxRows);
    this.maxColumns += howMany;
    this.values.insertColumns(afterPosition, howMany);
    this.formats.insertColumns(afterPosition, howMany);
    for (const layer of this.layers()) layer.shiftColumns(afterPosition, howMany);
    this.merges = this.merges.map((m) =>
      m.column > afterPosition ? { ...m, column: m.column + howMany } : m,
    );
    this.columnWidths = shiftKeys(this.columnWidths, afterPosition, howMany);
    this.parent.metadata.shift(this.sheetId, 'COLUMN', afterPosition, howMany);
    return gasSheet(this);
  }

  /**
   * Deletes columns. The fake supports what Tsunagu does with it — trimming empty columns off the right edge of a
   * sheet it made — and says so rather than pretend for anything else.
   */
  deleteColumns(columnPosition: number, howMany: number): void {
    this.count('deleteColumns');
    if (columnPosition < 1 || howMany < 1 || columnPosition + howMany - 1 > this.maxColumns)
      throw this.fail('Those columns are out of bounds.');
    if (columnPosition + howMany - 1 !== this.maxColumns || this.lastColumn() >= columnPosition)
      throw new Error(
        'FakeSheet.deleteColumns: only empty columns at the right edge can be deleted in the fakes',
      );
    if (howMany === this.maxColumns) throw this.fail("You can't delete all the columns on the sheet.");
    this.maxColumns -= howMany;
    this.parent.metadata.removeLines(this.sheetId, 'COLUMN', columnPosition, howMany);
  }

  private layers(): CellLayer<unknown>[] {
    return [this.formulas, this.notes, this.validations, ...this.styles.all()];
  }

  /**
   * Metadata on the sheet itself: "Adds developer metadata with the specified key [and value] to the top-level
   * sheet" (https://developers.google.com/apps-script/reference/spreadsheet/sheet#addDeveloperMetadata(String,String)).
   */
  addDeveloperMetadata(key: string, value?: unknown, visibility?: unknown): GasSheet {
    this.count('addDeveloperMetadata');
    if (typeof value !== 'string' && value !== undefined) [visibility, value] = [value, undefined];
    this.parent.metadata.add({ sheetId: this.sheetId }, key, value, visibility);
    return gasSheet(this);
  }

  /** "Get all developer metadata associated with this sheet" (the sheet's own, not its rows' or columns'). */
  getDeveloperMetadata(): GoogleAppsScript.Spreadsheet.DeveloperMetadata[] {
    this.count('getDeveloperMetadata');
    return this.parent.metadata.onSheet(this.sheetId);
  }

  /** A finder "within the scope of this sheet": the sheet's own metadata and that of its rows and columns. */
  createDeveloperMetadataFinder(): GoogleAppsScript.Spreadsheet.DeveloperMetadataFinder {
    this.count('createDeveloperMetadataFinder');
    return this.parent.metadata.finder(this.sheetId);
  }

  /**
   * Sheet.createTextFinder(findText): "Creates a text finder for the sheet, which can find and replace text within
   * the sheet" (https://developers.google.com/apps-script/reference/spreadsheet/sheet#createTextFinder(String)).
   * The fake searches the sheet's cells that hold anything (an empty cell never matches a text to find).
   */
  createTextFinder(findText: string): GoogleAppsScript.Spreadsheet.TextFinder {
    this.count('createTextFinder');
    const rect = {
      row: 1,
      column: 1,
      numRows: Math.max(this.lastRow(), 1),
      numColumns: Math.max(this.lastColumn(), 1),
    };
    return gasTextFinder(new FakeTextFinder(this.env, this, rect, findText));
  }

  /** One cell as a Range, uncounted (what a TextFinder hands back). */
  cellRange(row: number, column: number): GasRange {
    return gasRange(this.rangeFor(row, column, 1, 1));
  }

  /** A whole row or column as a Range (uncounted; a metadata location's getRow/getColumn). */
  wholeLine(dimension: 'ROW' | 'COLUMN', index: number): GasRange {
    return dimension === 'COLUMN'
      ? gasRange(this.rangeFor(1, index, this.maxRows, 1))
      : gasRange(this.rangeFor(index, 1, 1, this.maxColumns));
  }

  get metadataStore(): MetadataStore {
    return this.parent.metadata;
  }

  /** Rows and columns of the grid, uncounted. */
  get gridSize(): { rows: number; columns: number } {
    return { rows: this.maxRows, columns: this.maxColumns };
  }

  hideSheet(): GasSheet {
    this.count('hideSheet');
    if (!this.hidden && this.parent.visibleCount() === 1)
      throw this.fail("You can't hide all the sheets in a document.");
    this.hidden = true;
    return gasSheet(this);
  }

  showSheet(): GasSheet {
    this.count('showSheet');
    this.hidden = false;
    return gasSheet(this);
  }

  isSheetHidden(): boolean {
    this.count('isSheetHidden');
    return this.hidden;
  }

  getParent(): GasSpreadsheet {
    this.count('getParent');
    return gasSpreadsheet(this.parent);
  }

  setTabColor(color: string | null): GasSheet {
    this.count('setTabColor');
    this.tabColor = color;
    return gasSheet(this);
  }

  getTabColor(): string | null {
    this.count('getTabColor');
    return this.tabColor;
  }

  activate(): GasSheet {
    this.count('activate');
    this.hidden = false;
    this.parent.setActive(this);
    return gasSheet(this);
  }

  newChart(): GasChartBuilder {
    this.count('newChart');
    return gasChartBuilder(new FakeEmbeddedChartBuilder(this.env));
  }

  insertChart(chart: GasChart): void {
    this.count('insertChart');
    const fake = this.toChart(chart);
    if (fake.id !== null) throw this.fail('This chart has already been inserted; use updateChart.');
    fake.id = this.parent.chartId();
    this.charts.push(fake);
  }

  getCharts(): GasChart[] {
    this.count('getCharts');
    return this.charts.map(gasChart);
  }

  removeChart(chart: GasChart): void {
    this.count('removeChart');
    const at = this.chartIndex(this.toChart(chart));
    this.charts.splice(at, 1);
  }

  /** Replaces the chart with the same id by one built with modify(). */
  updateChart(chart: GasChart): void {
    this.count('updateChart');
    const fake = this.toChart(chart);
    this.charts[this.chartIndex(fake)] = fake;
  }

  private toChart(chart: unknown): FakeEmbeddedChart {
    if (!(chart instanceof FakeEmbeddedChart)) throw this.fail('Invalid argument: chart');
    return chart;
  }

  private chartIndex(chart: FakeEmbeddedChart): number {
    const at = this.charts.findIndex((c) => c === chart || (c.id !== null && c.id === chart.id));
    if (at < 0) throw this.fail('The chart is not on this sheet.');
    return at;
  }

  /** Grid size in cells, for the spreadsheet's 10M-cell limit. */
  get cellCount(): number {
    return this.maxRows * this.maxColumns;
  }
}

function shiftKeys(map: Map<number, number>, after: number, count: number): Map<number, number> {
  return new Map([...map].map(([k, v]) => [k > after ? k + count : k, v]));
}

// ---------------------------------------------------------------------------------------------------------
// Range

export class FakeRange implements Pick<
  GasRange,
  | 'getValues'
  | 'getDisplayValues'
  | 'getDisplayValue'
  | 'setValues'
  | 'getValue'
  | 'setValue'
  | 'getFormula'
  | 'getFormulas'
  | 'getNumberFormat'
  | 'getNumberFormats'
  | 'setNumberFormat'
  | 'setNumberFormats'
  | 'getDataValidation'
  | 'getDataValidations'
  | 'setDataValidation'
  | 'setDataValidations'
  | 'clearDataValidations'
  | 'getFontWeight'
  | 'getFontWeights'
  | 'setFontWeight'
  | 'setFontWeights'
  | 'getBackground'
  | 'setBackground'
  | 'setWrap'
  | 'setVerticalAlignment'
  | 'setHorizontalAlignment'
  | 'setHorizontalAlignments'
  | 'setFontSize'
  | 'setFontSizes'
  | 'setFontColor'
  | 'setFontColors'
  | 'merge'
  | 'mergeAcross'
  | 'breakApart'
  | 'setVerticalText'
  | 'setVerticalAlignments'
  | 'getRow'
  | 'getColumn'
  | 'getLastRow'
  | 'getLastColumn'
  | 'getNumRows'
  | 'getNumColumns'
  | 'getA1Notation'
  | 'getSheet'
  | 'getCell'
  | 'offset'
  | 'clearContent'
  | 'clear'
  | 'clearNote'
  | 'setBorder'
  | 'setNote'
  | 'getNote'
  | 'addDeveloperMetadata'
  | 'getDeveloperMetadata'
  | 'createTextFinder'
> {
  constructor(
    private readonly env: FakeEnv,
    private readonly sheet: FakeSheet,
    private readonly rect: Rect,
  ) {}

  private count(method: string): void {
    this.env.calls.record(SERVICE, `Range.${method}`, {
      sheet: this.sheet.nameForTests,
      a1: toA1(this.rect),
      cells: this.rect.numRows * this.rect.numColumns,
    });
  }

  private fail(message: string): Error {
    return this.env.realm.error(message);
  }

  /** Apps Script checks rows first, then each row's length. */
  private checkShape(data: unknown, what = 'data'): asserts data is unknown[][] {
    if (!Array.isArray(data) || !data.every((row) => Array.isArray(row))) {
      throw this.fail(`The parameters (${typeof data}) don't match the method signature.`);
    }
    const { numRows, numColumns } = this.rect;
    if (data.length !== numRows) {
      throw this.fail(
        `The number of rows in the ${what} does not match the number of rows in the range. The ${what} has ${data.length} but the range has ${numRows}.`,
      );
    }
    for (const row of data as unknown[][]) {
      if (row.length !== numColumns) {
        throw this.fail(
          `The number of columns in the ${what} does not match the number of columns in the range. The ${what} has ${row.length} but the range has ${numColumns}.`,
        );
      }
    }
  }

  private each(fn: (row: number, column: number) => void): void {
    const { row, column, numRows, numColumns } = this.rect;
    for (let r = row; r < row + numRows; r++) for (let c = column; c < column + numColumns; c++) fn(r, c);
  }

  private grid<T>(fn: (row: number, column: number) => T): T[][] {
    const { row, column, numRows, numColumns } = this.rect;
    return Array.from({ length: numRows }, (_, i) =>
      Array.from({ length: numColumns }, (_, j) => fn(row + i, column + j)),
    );
  }

  private fillStyle<K extends StyleKey>(key: K, value: StyleValue<K> | undefined): GasRange {
    this.sheet.assertInGrid(this.rect);
    (this.sheet.style(key) as CellLayer<StyleValue<K>>).fill(this.rect, value);
    return gasRange(this);
  }

  /** RangeList's one call applies to each of its ranges: the style filled uncounted. */
  styleForList<K extends StyleKey>(key: K, value: StyleValue<K> | undefined): void {
    this.fillStyle(key, value);
  }

  /** The range's position, uncounted. */
  get bounds(): Rect {
    return { ...this.rect };
  }

  /** The sheet the range is on, uncounted. */
  get parentSheet(): FakeSheet {
    return this.sheet;
  }

  /** The one whole column or row this range is, if it is one. */
  private wholeLine(): { dimension: 'ROW' | 'COLUMN'; index: number } | null {
    const { rows, columns } = this.sheet.gridSize;
    const { row, column, numRows, numColumns } = this.rect;
    if (row === 1 && numRows === rows && numColumns === 1) return { dimension: 'COLUMN', index: column };
    if (column === 1 && numColumns === columns && numRows === 1) return { dimension: 'ROW', index: row };
    return null;
  }

  /**
   * Range.addDeveloperMetadata(key[, value][, visibility])
   * (https://developers.google.com/apps-script/reference/spreadsheet/range#addDeveloperMetadata(String)). Metadata
   * sits on a spreadsheet, a sheet, or one whole row or column: "The specified DimensionRange must represent a single
   * row or column; it cannot be unbounded or span multiple rows or columns"
   * (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.developerMetadata#DeveloperMetadataLocation).
   * Any other range throws (stricter than a guess: the script must ask for a whole column, e.g. getRange('E:E')).
   */
  addDeveloperMetadata(key: string, value?: unknown, visibility?: unknown): GasRange {
    this.count('addDeveloperMetadata');
    const line = this.wholeLine();
    if (!line)
      throw this.fail(
        'Adding developer metadata to arbitrary ranges is not currently supported. Developer metadata may only be added to the top-level spreadsheet, an individual sheet, or an entire row or column.',
      );
    if (typeof value !== 'string' && value !== undefined) [visibility, value] = [value, undefined];
    this.sheet.metadataStore.add({ sheetId: this.sheet.sheetId, ...line }, key, value, visibility);
    return gasRange(this);
  }

  /** The metadata on exactly this whole row or column ([] for any other range). */
  getDeveloperMetadata(): GoogleAppsScript.Spreadsheet.DeveloperMetadata[] {
    this.count('getDeveloperMetadata');
    const line = this.wholeLine();
    return line ? this.sheet.metadataStore.onLine(this.sheet.sheetId, line.dimension, line.index) : [];
  }

  /**
   * Range.createTextFinder(findText): "Creates a text finder for the range, which can find and replace text within
   * this range" (https://developers.google.com/apps-script/reference/spreadsheet/range#createTextFinder(String)).
   */
  createTextFinder(findText: string): GoogleAppsScript.Spreadsheet.TextFinder {
    this.count('createTextFinder');
    return gasTextFinder(new FakeTextFinder(this.env, this.sheet, { ...this.rect }, findText));
  }

  getValues(): CellValue[][] {
    this.count('getValues');
    return this.sheet.readValues(this.rect, false) as CellValue[][];
  }

  getDisplayValues(): string[][] {
    this.count('getDisplayValues');
    return this.sheet.readValues(this.rect, true) as string[][];
  }

  getDisplayValue(): string {
    this.count('getDisplayValue');
    return this.sheet.readValues({ ...this.rect, numRows: 1, numColumns: 1 }, true)[0][0] as string;
  }

  getValue(): CellValue {
    this.count('getValue');
    return this.sheet.readValues({ ...this.rect, numRows: 1, numColumns: 1 }, false)[0][0];
  }

  setValues(values: unknown[][]): GasRange {
    this.count('setValues');
    this.checkShape(values);
    this.sheet.writeValues(this.rect, (i, j) => values[i][j]);
    return gasRange(this);
  }

  /** Like Apps Script, writes the value into every cell of the range. */
  setValue(value: unknown): GasRange {
    this.count('setValue');
    this.sheet.writeValues(this.rect, () => value);
    return gasRange(this);
  }

  getFormula(): string {
    this.count('getFormula');
    return this.sheet.formulaAt(this.rect.row, this.rect.column);
  }

  getFormulas(): string[][] {
    this.count('getFormulas');
    return this.grid((r, c) => this.sheet.formulaAt(r, c));
  }

  getNumberFormat(): string {
    this.count('getNumberFormat');
    return this.sheet.readFormats({ ...this.rect, numRows: 1, numColumns: 1 })[0][0];
  }

  getNumberFormats(): string[][] {
    this.count('getNumberFormats');
    return this.sheet.readFormats(this.rect);
  }

  setNumberFormat(numberFormat: string): GasRange {
    this.count('setNumberFormat');
    this.sheet.assertInGrid(this.rect);
    this.each((r, c) => this.sheet.setFormat(r, c, String(numberFormat)));
    return gasRange(this);
  }

  setNumberFormats(numberFormats: string[][]): GasRange {
    this.count('setNumberFormats');
    this.checkShape(numberFormats);
    this.sheet.assertInGrid(this.rect);
    this.each((r, c) =>
      this.sheet.setFormat(r, c, String(numberFormats[r - this.rect.row][c - this.rect.column])),
    );
    return gasRange(this);
  }

  getDataValidation(): GasValidation | null {
    this.count('getDataValidation');
    const rule = this.sheet.validationAt(this.rect.row, this.rect.column);
    return rule ? gasValidation(rule) : null;
  }

  getDataValidations(): (GasValidation | null)[][] {
    this.count('getDataValidations');
    return this.grid((r, c) => {
      const rule = this.sheet.validationAt(r, c);
      return rule ? gasValidation(rule) : null;
    });
  }

  private toRule(rule: unknown): FakeDataValidation | undefined {
    if (rule === null || rule === undefined) return undefined;
    if (!(rule instanceof FakeDataValidation)) throw this.fail('Invalid argument: rule');
    return rule;
  }

  setDataValidation(rule: GasValidation | null): GasRange {
    this.count('setDataValidation');
    this.sheet.setValidation(this.rect, this.toRule(rule));
    return gasRange(this);
  }

  setDataValidations(rules: (GasValidation | null)[][]): GasRange {
    this.count('setDataValidations');
    this.checkShape(rules);
    this.sheet.assertInGrid(this.rect);
    const { row, column } = this.rect;
    const converted = rules.map((line) => line.map((rule) => this.toRule(rule)));
    this.each((r, c) =>
      this.sheet.setValidation(
        { row: r, column: c, numRows: 1, numColumns: 1 },
        converted[r - row][c - column],
      ),
    );
    return gasRange(this);
  }

  clearDataValidations(): GasRange {
    this.count('clearDataValidations');
    this.sheet.setValidation(this.rect, undefined);
    return gasRange(this);
  }

  getFontWeight(): GasFontWeight {
    this.count('getFontWeight');
    return this.sheet.style('bold').get(this.rect.row, this.rect.column) ? 'bold' : 'normal';
  }

  getFontWeights(): GasFontWeight[][] {
    this.count('getFontWeights');
    const bold = this.sheet.style('bold');
    return this.grid((r, c) => (bold.get(r, c) ? 'bold' : 'normal'));
  }

  setFontWeight(fontWeight: GasFontWeight | null): GasRange {
    this.count('setFontWeight');
    return this.fillStyle('bold', fontWeight === 'bold' ? true : undefined);
  }

  setFontWeights(fontWeights: (GasFontWeight | null)[][]): GasRange {
    this.count('setFontWeights');
    this.checkShape(fontWeights);
    this.sheet.assertInGrid(this.rect);
    const bold = this.sheet.style('bold');
    this.each((r, c) =>
      bold.set(r, c, fontWeights[r - this.rect.row][c - this.rect.column] === 'bold' ? true : undefined),
    );
    return gasRange(this);
  }

  getBackground(): string {
    this.count('getBackground');
    return this.sheet.style('background').get(this.rect.row, this.rect.column) ?? '#ffffff';
  }

  setBackground(color: string | null): GasRange {
    this.count('setBackground');
    return this.fillStyle('background', color ?? undefined);
  }

  setWrap(isWrapEnabled: boolean): GasRange {
    this.count('setWrap');
    return this.fillStyle('wrap', isWrapEnabled);
  }

  setVerticalAlignment(alignment: VerticalAlignment | null): GasRange {
    this.count('setVerticalAlignment');
    return this.fillStyle('verticalAlignment', alignment ?? undefined);
  }

  setHorizontalAlignment(alignment: HorizontalAlignment | null): GasRange {
    this.count('setHorizontalAlignment');
    return this.fillStyle('horizontalAlignment', alignment ?? undefined);
  }

  setFontSize(size: number): GasRange {
    this.count('setFontSize');
    return this.fillStyle('fontSize', size);
  }

  setFontColor(color: string | null): GasRange {
    this.count('setFontColor');
    return this.fillStyle('fontColor', color ?? undefined);
  }

  setHorizontalAlignments(alignments: (HorizontalAlignment | null)[][]): GasRange {
    this.count('setHorizontalAlignments');
    return this.setStyles('horizontalAlignment', alignments, (a) => a ?? undefined);
  }

  setFontSizes(sizes: number[][]): GasRange {
    this.count('setFontSizes');
    return this.setStyles('fontSize', sizes, (size) => size);
  }

  setFontColors(colors: (string | null)[][]): GasRange {
    this.count('setFontColors');
    return this.setStyles('fontColor', colors, (color) => color ?? undefined);
  }

  /** One style per cell from a grid shaped like the range (the plural setters). */
  private setStyles<K extends StyleKey, V>(
    key: K,
    grid: V[][],
    toStyle: (value: V) => StyleValue<K> | undefined,
  ): GasRange {
    this.checkShape(grid);
    this.sheet.assertInGrid(this.rect);
    const layer = this.sheet.style(key) as CellLayer<StyleValue<K>>;
    this.each((r, c) => layer.set(r, c, toStyle(grid[r - this.rect.row][c - this.rect.column])));
    return gasRange(this);
  }

  merge(): GasRange {
    this.count('merge');
    this.sheet.merge(this.rect);
    return gasRange(this);
  }

  /**
   * Range.mergeAcross(): "Merge the cells in the range across the columns of the range" — each row of the range becomes
   * one merged cell (https://developers.google.com/apps-script/reference/spreadsheet/range#mergeAcross()). The same
   * rules as merge() for each row: overlapping merges must lie wholly inside, only the top-left value is kept.
   */
  mergeAcross(): GasRange {
    this.count('mergeAcross');
    for (let r = this.rect.row; r < this.rect.row + this.rect.numRows; r++)
      this.sheet.merge({ ...this.rect, row: r, numRows: 1 });
    return gasRange(this);
  }

  /**
   * Range.setVerticalText(isVertical): "Sets whether or not to stack the text for the cells in the range" (characters
   * upright, one under the other; https://developers.google.com/apps-script/reference/spreadsheet/range#setVerticalText(Boolean)).
   * The fake records the flag per cell; how Sheets draws stacked text (spacing, rotated punctuation) is not modelled.
   */
  setVerticalText(isVertical: boolean): GasRange {
    this.count('setVerticalText');
    if (typeof isVertical !== 'boolean')
      throw this.fail(
        `The parameters (${typeof isVertical}) don't match the method signature for SpreadsheetApp.Range.setVerticalText.`,
      );
    return this.fillStyle('verticalText', isVertical ? true : undefined);
  }

  /**
   * Range.setVerticalAlignments(alignments): "Sets a rectangular grid of vertical alignments (must match dimensions of
   * this range)"; each is top, middle, bottom or null (reset)
   * (https://developers.google.com/apps-script/reference/spreadsheet/range#setVerticalAlignments(Object)).
   */
  setVerticalAlignments(alignments: (VerticalAlignment | null)[][]): GasRange {
    this.count('setVerticalAlignments');
    return this.setStyles('verticalAlignment', alignments, (a) => a ?? undefined);
  }

  breakApart(): GasRange {
    this.count('breakApart');
    this.sheet.breakApart(this.rect);
    return gasRange(this);
  }

  getRow(): number {
    this.count('getRow');
    return this.rect.row;
  }

  getColumn(): number {
    this.count('getColumn');
    return this.rect.column;
  }

  getLastRow(): number {
    this.count('getLastRow');
    return this.rect.row + this.rect.numRows - 1;
  }

  getLastColumn(): number {
    this.count('getLastColumn');
    return this.rect.column + this.rect.numColumns - 1;
  }

  getNumRows(): number {
    this.count('getNumRows');
    return this.rect.numRows;
  }

  getNumColumns(): number {
    this.count('getNumColumns');
    return this.rect.numColumns;
  }

  getA1Notation(): string {
    this.count('getA1Notation');
    return toA1(this.rect);
  }

  getSheet(): GasSheet {
    this.count('getSheet');
    return gasSheet(this.sheet);
  }

  getCell(row: number, column: number): GasRange {
    this.count('getCell');
    if (row < 1 || column < 1 || row > this.rect.numRows || column > this.rect.numColumns) {
      throw this.fail('Cell reference out of range');
    }
    return gasRange(
      new FakeRange(this.env, this.sheet, {
        row: this.rect.row + row - 1,
        column: this.rect.column + column - 1,
        numRows: 1,
        numColumns: 1,
      }),
    );
  }

  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): GasRange {
    this.count('offset');
    const rect = {
      row: this.rect.row + rowOffset,
      column: this.rect.column + columnOffset,
      numRows: numRows ?? this.rect.numRows,
      numColumns: numColumns ?? this.rect.numColumns,
    };
    if (rect.row < 1 || rect.column < 1 || rect.numRows < 1 || rect.numColumns < 1)
      throw this.fail(MSG_OUTSIDE);
    this.sheet.assertInGrid(rect);
    return gasRange(new FakeRange(this.env, this.sheet, rect));
  }

  clearContent(): GasRange {
    this.count('clearContent');
    this.sheet.clearCells(this.rect, { contents: true });
    return gasRange(this);
  }

  clear(options?: {
    contentsOnly?: boolean;
    formatOnly?: boolean;
    validationsOnly?: boolean;
    commentsOnly?: boolean;
  }): GasRange {
    this.count('clear');
    const only =
      options &&
      (options.contentsOnly || options.formatOnly || options.validationsOnly || options.commentsOnly);
    this.sheet.clearCells(
      this.rect,
      only
        ? {
            contents: options.contentsOnly,
            formats: options.formatOnly,
            validations: options.validationsOnly,
            notes: options.commentsOnly,
          }
        : { contents: true, formats: true },
    );
    return gasRange(this);
  }

  clearNote(): GasRange {
    this.count('clearNote');
    this.sheet.setNotes(this.rect, undefined);
    return gasRange(this);
  }

  setBorder(
    top: boolean | null,
    left: boolean | null,
    bottom: boolean | null,
    right: boolean | null,
    vertical: boolean | null,
    horizontal: boolean | null,
    color?: string | null,
    style?: unknown,
  ): GasRange {
    this.count('setBorder');
    return this.fillStyle(
      'border',
      borderDescription({ top, left, bottom, right, vertical, horizontal }, color, style),
    );
  }

  setNote(note: string | null): GasRange {
    this.count('setNote');
    this.sheet.setNotes(this.rect, note ? String(note) : undefined);
    return gasRange(this);
  }

  getNote(): string {
    this.count('getNote');
    return this.sheet.noteAt(this.rect.row, this.rect.column);
  }
}

/** What a cell's border is recorded as: its sides, colour and style; undefined for none. */
function borderDescription(
  sides: Record<string, boolean | null>,
  color: string | null | undefined,
  style: unknown,
): string | undefined {
  const on = Object.entries(sides)
    .filter(([, v]) => v)
    .map(([k]) => k);
  return on.length ? `${on.join(',')} ${color ?? '#000000'} ${String(style ?? 'SOLID')}` : undefined;
}

/**
 * RangeList: "A collection of one or more Range instances in the same sheet. You can use this class to apply
 * operations on collections of non-adjacent ranges or cells"
 * (https://developers.google.com/apps-script/reference/spreadsheet/range-list). One call applies to every range
 * (counted once, as RangeList.method); only what Tsunagu calls is modelled: setBorder (#setBorder(Boolean,…)) and
 * setVerticalText (#setVerticalText(Boolean)), which behave as Range's do on each range.
 */
// ---------------------------------------------------------------------------------------------------------
// TextFinder (https://developers.google.com/apps-script/reference/spreadsheet/text-finder)

/**
 * "Find or replace text within a range, sheet or spreadsheet", with the search options the reference names
 * (https://developers.google.com/apps-script/reference/spreadsheet/text-finder). Modelled:
 * - matchCase(matchCase): "If true, configures the search to match the search text's case exactly, otherwise the
 *   search defaults to case-insensitive matching."
 * - matchEntireCell(matchEntireCell): "If true, configures the search to match the entire contents of a cell;
 *   otherwise, the search defaults to partial matching."
 * - matchFormulaText(matchFormulaText): "If true, configures the search to return matches that appear within formula
 *   text; otherwise cells containing formulas are considered based on their displayed value." The fake searches
 *   every cell by its displayed value (what Sheets' Find shows: 12 formatted 0000 is found as 0012, not as 12), and a
 *   formula cell by its formula text instead only with matchFormulaText(true).
 * - useRegularExpression(useRegEx): "If true, configures the search to interpret the search string as a regular
 *   expression; otherwise the search interprets the search string as normal text."
 * - findNext() / findPrevious(): "the next [previous] matching cell, or null if there are no more matches";
 *   getCurrentMatch(): the current matching cell (null before any). startFrom(startRange): "Configures the search to
 *   start searching immediately after the specified cell range."
 * - findAll(): "Returns all cells matching the search criteria." The order is not documented; the fake gives them
 *   row by row, left to right (the order findNext walks), and a caller should not rely on it.
 * Each of these is a counted call, 'TextFinder.<method>', with the sheet and the range searched as its target.
 * Not modelled (they throw, stricter than a guess): ignoreDiacritics, replaceWith, replaceAllWith.
 */
export class FakeTextFinder {
  private caseSensitive = false;
  private entireCell = false;
  private formulaText = false;
  private regex = false;
  /** Index in the search order of the current match (-1: none yet), or the cell to start after. */
  private position = -1;

  constructor(
    private readonly env: FakeEnv,
    private readonly sheet: FakeSheet,
    private readonly rect: Rect,
    private readonly findText: string,
  ) {
    if (typeof findText !== 'string' || findText === '') throw env.realm.error('Invalid argument: findText');
  }

  private count(method: string): void {
    this.env.calls.record(SERVICE, `TextFinder.${method}`, {
      sheet: this.sheet.nameForTests,
      a1: toA1(this.rect),
      // What a search looks through, for the cost model (an option call spans the same range but searches nothing).
      cells: this.rect.numRows * this.rect.numColumns,
    });
  }

  private option(
    method: string,
    value: unknown,
    set: (v: boolean) => void,
  ): GoogleAppsScript.Spreadsheet.TextFinder {
    this.count(method);
    if (typeof value !== 'boolean')
      throw this.env.realm.error(
        `The parameters (${typeof value}) don't match the method signature for TextFinder.${method}.`,
      );
    set(value);
    return gasTextFinder(this);
  }

  matchCase(matchCase: boolean): GoogleAppsScript.Spreadsheet.TextFinder {
    return this.option('matchCase', matchCase, (v) => (this.caseSensitive = v));
  }

  matchEntireCell(matchEntireCell: boolean): GoogleAppsScript.Spreadsheet.TextFinder {
    return this.option('matchEntireCell', matchEntireCell, (v) => (this.entireCell = v));
  }

  matchFormulaText(matchFormulaText: boolean): GoogleAppsScript.Spreadsheet.TextFinder {
    return this.option('matchFormulaText', matchFormulaText, (v) => (this.formulaText = v));
  }

  useRegularExpression(useRegEx: boolean): GoogleAppsScript.Spreadsheet.TextFinder {
    return this.option('useRegularExpression', useRegEx, (v) => (this.regex = v));
  }

  startFrom(startRange: GasRange): GoogleAppsScript.Spreadsheet.TextFinder {
    this.count('startFrom');
    const at = (startRange as unknown as FakeRange).bounds;
    const { row, column, numColumns } = this.rect;
    this.position = (at.row - row) * numColumns + (at.column - column);
    return gasTextFinder(this);
  }

  findAll(): GasRange[] {
    this.count('findAll');
    return this.matches().map(([r, c]) => this.sheet.cellRange(r, c));
  }

  findNext(): GasRange | null {
    this.count('findNext');
    return this.step(1);
  }

  findPrevious(): GasRange | null {
    this.count('findPrevious');
    return this.step(-1);
  }

  getCurrentMatch(): GasRange | null {
    this.count('getCurrentMatch');
    const cell = this.cellAt(this.position);
    return cell && this.matchesCell(cell[0], cell[1]) ? this.sheet.cellRange(cell[0], cell[1]) : null;
  }

  ignoreDiacritics(): never {
    throw this.env.realm.error('TextFinder.ignoreDiacritics is not modelled in the fakes.');
  }

  replaceWith(): never {
    throw this.env.realm.error('TextFinder.replaceWith is not modelled in the fakes.');
  }

  replaceAllWith(): never {
    throw this.env.realm.error('TextFinder.replaceAllWith is not modelled in the fakes.');
  }

  private cellAt(index: number): [number, number] | null {
    const { row, column, numRows, numColumns } = this.rect;
    if (index < 0 || index >= numRows * numColumns) return null;
    return [row + Math.floor(index / numColumns), column + (index % numColumns)];
  }

  /** Walks from the current position (no wrap-around: the reference says null when there are no more matches). */
  private step(direction: 1 | -1): GasRange | null {
    const total = this.rect.numRows * this.rect.numColumns;
    for (let i = this.position + direction; i >= 0 && i < total; i += direction) {
      const [r, c] = this.cellAt(i) as [number, number];
      if (this.matchesCell(r, c)) {
        this.position = i;
        return this.sheet.cellRange(r, c);
      }
    }
    return null;
  }

  private matches(): [number, number][] {
    const out: [number, number][] = [];
    const { row, column, numRows, numColumns } = this.rect;
    const shown = this.sheet.readValues(this.rect, true) as string[][];
    for (let i = 0; i < numRows; i++)
      for (let j = 0; j < numColumns; j++)
        if (this.matchesText(this.textOf(row + i, column + j, shown[i][j]))) out.push([row + i, column + j]);
    return out;
  }

  private matchesCell(r: number, c: number): boolean {
    const shown = this.sheet.readValues(
      { row: r, column: c, numRows: 1, numColumns: 1 },
      true,
    )[0][0] as string;
    return this.matchesText(this.textOf(r, c, shown));
  }

  private textOf(r: number, c: number, shown: string): string {
    const formula = this.formulaText ? this.sheet.formulaAt(r, c) : '';
    return formula || shown;
  }

  private compiled?: { key: string; re: RegExp };

  private matchesText(text: string): boolean {
    if (text === '') return false;
    if (this.regex) {
      // The reference does not name its regular expressions' flavour; Sheets' own functions use RE2 and the Sheets
      // API's find-replace Java's, in both of which \s is ASCII whitespace only. JavaScript's \s also takes U+3000
      // and NBSP: the fake narrows it, stricter than guessing (an id with a full-width space must be searched for).
      // Compiled once per search, not per cell: the fake's own time is not Apps Script's.
      const key = `${this.entireCell ? 1 : 0}${this.caseSensitive ? 1 : 0}${this.findText}`;
      if (this.compiled?.key !== key) {
        const pattern = asciiWhitespace(this.findText);
        const source = this.entireCell ? `^(?:${pattern})$` : pattern;
        this.compiled = { key, re: new RegExp(source, this.caseSensitive ? 'u' : 'iu') };
      }
      return this.compiled.re.test(text);
    }
    const [a, b] = this.caseSensitive
      ? [text, this.findText]
      : [text.toLowerCase(), this.findText.toLowerCase()];
    return this.entireCell ? a === b : a.includes(b);
  }
}

export class FakeRangeList {
  constructor(
    private readonly env: FakeEnv,
    private readonly sheetName: string,
    private readonly ranges: readonly FakeRange[],
  ) {}

  private count(method: string): void {
    this.env.calls.record(SERVICE, `RangeList.${method}`, {
      sheet: this.sheetName,
      a1: this.ranges.map((r) => toA1(r.bounds)).join(','),
      cells: this.ranges.reduce((sum, r) => sum + r.bounds.numRows * r.bounds.numColumns, 0),
    });
  }

  getRanges(): GasRange[] {
    this.count('getRanges');
    return this.ranges.map(gasRange);
  }

  setBorder(
    top: boolean | null,
    left: boolean | null,
    bottom: boolean | null,
    right: boolean | null,
    vertical: boolean | null,
    horizontal: boolean | null,
    color?: string | null,
    style?: unknown,
  ): FakeRangeList {
    this.count('setBorder');
    const description = borderDescription({ top, left, bottom, right, vertical, horizontal }, color, style);
    for (const range of this.ranges) range.styleForList('border', description);
    return this;
  }

  setVerticalText(isVertical: boolean): FakeRangeList {
    this.count('setVerticalText');
    if (typeof isVertical !== 'boolean')
      throw new Error(
        `Exception: The parameters (${typeof isVertical}) don't match the method signature for SpreadsheetApp.RangeList.setVerticalText.`,
      );
    for (const range of this.ranges) range.styleForList('verticalText', isVertical ? true : undefined);
    return this;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Spreadsheet

export interface Toast {
  message: string;
  title?: string;
  timeoutSeconds?: number | null;
}

export class FakeSpreadsheet
  extends Counted
  implements
    Pick<
      GasSpreadsheet,
      | 'getId'
      | 'getName'
      | 'getSpreadsheetTimeZone'
      | 'getSpreadsheetLocale'
      | 'getSheetByName'
      | 'getSheets'
      | 'getNumSheets'
      | 'getActiveSheet'
      | 'getRange'
      | 'insertSheet'
      | 'deleteSheet'
      | 'toast'
      | 'getUrl'
      | 'createDeveloperMetadataFinder'
    >
{
  private sheets: FakeSheet[] = [];
  readonly metadata: MetadataStore;
  private active?: FakeSheet;
  private lastChartId = 0;
  /** Every toast shown, oldest first. */
  readonly toasts: Toast[] = [];

  constructor(
    env: FakeEnv,
    readonly id: string,
    readonly name: string,
    readonly timeZone: string,
    readonly locale = 'ja_JP',
  ) {
    super(env, SERVICE, 'Spreadsheet.');
    this.metadata = new MetadataStore(env, {
      sheetById: (sheetId) => {
        const sheet = this.sheets.find((s) => s.sheetId === sheetId);
        return sheet ? gasSheet(sheet) : null;
      },
      wholeLine: (sheetId, dimension, index) =>
        (this.sheets.find((s) => s.sheetId === sheetId) as FakeSheet).wholeLine(dimension, index),
      spreadsheet: () => gasSpreadsheet(this),
    });
  }

  static fromData(env: FakeEnv, data: SpreadsheetData): FakeSpreadsheet {
    const ss = new FakeSpreadsheet(env, data.id, data.name, data.timeZone);
    data.sheets.forEach((sheet, index) => {
      ss.sheets.push(FakeSheet.fromData(env, ss, sheet, index === 0 ? 0 : ss.newSheetId(sheet.name)));
    });
    data.sheets.forEach((sheet, index) => ss.sheets[index].restoreCharts(sheet.charts ?? []));
    data.sheets.forEach((sheet, index) =>
      ss.metadata.restore(ss.sheets[index].sheetId, sheet.developerMetadata ?? []),
    );
    return ss;
  }

  toData(): SpreadsheetData {
    return {
      id: this.id,
      name: this.name,
      timeZone: this.timeZone,
      sheets: this.sheets.map((s) => s.toData()),
    };
  }

  /** Uncounted access for tests. */
  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.nameForTests === name);
  }

  allSheets(): FakeSheet[] {
    return [...this.sheets];
  }

  private fail(message: string): Error {
    return this.env.realm.error(message);
  }

  /** Stable, gid-like ids so exported state does not churn between runs. */
  private newSheetId(name: string): number {
    let h = 2166136261;
    for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    let id = (h >>> 1) % 2_000_000_000 || 1;
    while (this.sheets.some((s) => s.sheetId === id)) id++;
    return id;
  }

  assertNameFree(name: string, except?: FakeSheet): void {
    const lower = name.toLowerCase();
    if (this.sheets.some((s) => s !== except && s.nameForTests.toLowerCase() === lower)) {
      throw this.fail(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
  }

  assertCellBudget(extra: number): void {
    const used = this.sheets.reduce((sum, s) => sum + s.cellCount, 0);
    if (used + extra > CELL_LIMIT) {
      throw this.fail(
        `This action would increase the number of cells in the workbook above the limit of ${CELL_LIMIT} cells.`,
      );
    }
  }

  indexOf(sheet: FakeSheet): number {
    return this.sheets.indexOf(sheet);
  }

  /** A new chart id, or a restored one (kept, and never handed out again). */
  chartId(restored?: number): number {
    if (restored === undefined) return ++this.lastChartId;
    this.lastChartId = Math.max(this.lastChartId, restored);
    return restored;
  }

  /** An exported chart range: A1 on `home`, or "'Other'!A1" on another sheet. */
  resolveRange(a1: string, home: FakeSheet): ChartRange {
    const parsed = parseA1(a1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const sheet = parsed?.sheet === undefined ? home : this.sheet(parsed.sheet);
    if (!parsed || !sheet) throw new Error(`Chart range ${a1}: no such sheet or bad A1 notation`);
    return { sheet, rect: parsed.rect };
  }

  visibleCount(): number {
    return this.sheets.filter((s) => !s.hiddenForTests).length;
  }

  setActive(sheet: FakeSheet): void {
    this.active = sheet;
  }

  activeSheet(): FakeSheet {
    if (this.active && this.sheets.includes(this.active)) return this.active;
    return this.sheets.find((s) => !s.hiddenForTests) ?? this.sheets[0];
  }

  getId(): string {
    this.count('getId');
    return this.id;
  }

  getName(): string {
    this.count('getName');
    return this.name;
  }

  getSpreadsheetTimeZone(): string {
    this.count('getSpreadsheetTimeZone');
    return this.timeZone;
  }

  getSpreadsheetLocale(): string {
    this.count('getSpreadsheetLocale');
    return this.locale;
  }

  getSheetByName(name: string): GasSheet | null {
    this.count('getSheetByName');
    const sheet = this.sheet(name);
    return sheet ? gasSheet(sheet) : null;
  }

  getSheets(): GasSheet[] {
    this.count('getSheets');
    return this.sheets.map(gasSheet);
  }

  getNumSheets(): number {
    this.count('getNumSheets');
    return this.sheets.length;
  }

  getActiveSheet(): GasSheet {
    this.count('getActiveSheet');
    return gasSheet(this.activeSheet());
  }

  /**
   * "Returns the range as specified in A1 notation or R1C1 notation" — 'シート1'!A1:B2 or Sheet1!A1, or A1:B2 on the
   * active sheet (https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getRange(String)).
   * A sheet that does not exist throws, as Apps Script's "Range not found". R1C1 is not faked.
   */
  getRange(a1Notation: string): GasRange {
    this.count('getRange');
    const bang = typeof a1Notation === 'string' ? a1Notation.lastIndexOf('!') : -1;
    const named =
      bang < 0
        ? undefined
        : a1Notation
            .slice(0, bang)
            .replace(/^'(.*)'$/, '$1')
            .replace(/''/g, "'");
    const sheet = named === undefined ? this.activeSheet() : this.sheet(named);
    const { rows, columns } = sheet?.gridSize ?? { rows: 0, columns: 0 };
    const parsed = sheet ? parseA1(a1Notation.slice(bang + 1), rows, columns) : null;
    if (!sheet || !parsed) throw this.env.realm.error('Range not found');
    const { row, column, numRows, numColumns } = parsed.rect;
    return gasRange(sheet.rangeFor(row, column, numRows, numColumns));
  }

  /** Supports insertSheet(), (index), (name) and (name, index); templates are not faked. */
  insertSheet(
    nameOrIndex?: string | number | { template?: GasSheet },
    index?: number | { template?: GasSheet },
  ): GasSheet {
    this.count('insertSheet');
    if (typeof nameOrIndex === 'object' || typeof index === 'object')
      throw this.fail('Fake insertSheet: templates are not supported.');
    let name = typeof nameOrIndex === 'string' ? nameOrIndex : undefined;
    const at = typeof nameOrIndex === 'number' ? nameOrIndex : index;
    if (name === undefined) {
      let n = this.sheets.length + 1;
      while (this.sheet(`Sheet${n}`)) n++;
      name = `Sheet${n}`;
    }
    this.assertNameFree(name);
    if (at !== undefined && (at < 0 || at > this.sheets.length))
      throw this.fail(`Invalid argument: sheetIndex`);
    this.assertCellBudget(DEFAULT_ROWS * DEFAULT_COLUMNS);
    const sheet = new FakeSheet(this.env, this, name, this.newSheetId(name));
    this.sheets.splice(at ?? this.sheets.length, 0, sheet);
    this.active = sheet;
    return gasSheet(sheet);
  }

  deleteSheet(sheet: GasSheet): void {
    this.count('deleteSheet');
    const target = sheet as unknown;
    if (!(target instanceof FakeSheet) || !this.sheets.includes(target))
      throw this.fail('Invalid argument: sheet');
    if (this.sheets.length === 1) throw this.fail("You can't remove all the sheets in a document.");
    this.sheets = this.sheets.filter((s) => s !== target);
    this.metadata.removeSheet(target.sheetId);
  }

  toast(message: string, title?: string, timeoutSeconds?: number | null): void {
    this.count('toast');
    this.toasts.push({ message: String(message), title, timeoutSeconds });
  }

  getUrl(): string {
    this.count('getUrl');
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }

  /** A finder over the whole spreadsheet's developer metadata (see metadata.ts). */
  createDeveloperMetadataFinder(): GoogleAppsScript.Spreadsheet.DeveloperMetadataFinder {
    this.count('createDeveloperMetadataFinder');
    return this.metadata.finder();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Embedded charts

/** Fakes' enums are their member names; the mapped type makes the list match @types exactly. */
const CHART_TYPES: { readonly [K in keyof typeof GoogleAppsScript.Charts.ChartType]: K } = enumObject(
  'TIMELINE', 'AREA', 'BAR', 'BUBBLE', 'CANDLESTICK', 'COLUMN', 'COMBO', 'GAUGE', 'GEO', 'HISTOGRAM',
  'RADAR', 'LINE', 'ORG', 'PIE', 'SCATTER', 'SPARKLINE', 'STEPPED_AREA', 'TABLE', 'TREEMAP', 'WATERFALL',
); // prettier-ignore

/** A chart's data range: kept as a sheet and a block so it follows the sheet if renamed. */
export interface ChartRange {
  sheet: FakeSheet;
  rect: Rect;
}

interface ChartSpec {
  type?: string;
  ranges: ChartRange[];
  position: ChartData['position'];
  options: Map<string, unknown>;
  /** -1: Sheets guesses. */
  numHeaders: number;
}

function copySpec(spec: ChartSpec): ChartSpec {
  return {
    ...spec,
    ranges: spec.ranges.map((r) => ({ sheet: r.sheet, rect: { ...r.rect } })),
    position: { ...spec.position },
    options: new Map(spec.options),
  };
}

export class FakeChartOptions implements Pick<GasChartOptions, 'get'> {
  constructor(
    private readonly env: FakeEnv,
    private readonly options: ReadonlyMap<string, unknown>,
  ) {}

  get(option: string): unknown {
    this.env.calls.record(SERVICE, 'ChartOptions.get');
    return this.options.get(option) ?? null;
  }
}

export class FakeContainerInfo
  extends Counted
  implements Pick<GasContainerInfo, 'getAnchorColumn' | 'getAnchorRow' | 'getOffsetX' | 'getOffsetY'>
{
  constructor(
    env: FakeEnv,
    private readonly position: ChartData['position'],
  ) {
    super(env, SERVICE, 'ContainerInfo.');
  }

  getAnchorColumn(): number {
    this.count('getAnchorColumn');
    return this.position.column;
  }

  getAnchorRow(): number {
    this.count('getAnchorRow');
    return this.position.row;
  }

  getOffsetX(): number {
    this.count('getOffsetX');
    return this.position.offsetX;
  }

  getOffsetY(): number {
    this.count('getOffsetY');
    return this.position.offsetY;
  }
}

export class FakeEmbeddedChart
  extends Counted
  implements
    Pick<
      GasChart,
      'getChartId' | 'getContainerInfo' | 'getNumHeaders' | 'getOptions' | 'getRanges' | 'modify'
    >
{
  constructor(
    env: FakeEnv,
    private readonly spec: ChartSpec,
    /** Set by Sheet.insertChart; a chart built by modify() keeps its original's. */
    public id: number | null = null,
  ) {
    super(env, SERVICE, 'EmbeddedChart.');
  }

  /** Plain data, uncounted; ranges on `home` are written without a sheet name. */
  toData(home: FakeSheet): ChartData {
    const options = JSON.parse(JSON.stringify(Object.fromEntries(this.spec.options))) as Record<
      string,
      unknown
    >;
    const data: ChartData = {
      type: this.spec.type ?? '',
      ranges: this.spec.ranges.map(({ sheet, rect }) =>
        sheet === home ? toA1(rect) : `'${sheet.nameForTests.replace(/'/g, "''")}'!${toA1(rect)}`,
      ),
      position: { ...this.spec.position },
      options,
    };
    if (this.spec.numHeaders >= 0) data.numHeaders = this.spec.numHeaders;
    if (this.id !== null) data.id = this.id;
    return data;
  }

  getChartId(): number | null {
    this.count('getChartId');
    return this.id;
  }

  getContainerInfo(): GasContainerInfo {
    this.count('getContainerInfo');
    return new FakeContainerInfo(this.env, { ...this.spec.position }) as unknown as GasContainerInfo;
  }

  getNumHeaders(): number {
    this.count('getNumHeaders');
    return this.spec.numHeaders;
  }

  getOptions(): GasChartOptions {
    this.count('getOptions');
    return new FakeChartOptions(this.env, new Map(this.spec.options)) as unknown as GasChartOptions;
  }

  getRanges(): GasRange[] {
    this.count('getRanges');
    return this.spec.ranges.map(({ sheet, rect }) => gasRange(new FakeRange(this.env, sheet, { ...rect })));
  }

  modify(): GasChartBuilder {
    this.count('modify');
    return gasChartBuilder(new FakeEmbeddedChartBuilder(this.env, copySpec(this.spec), this.id));
  }
}

export class FakeEmbeddedChartBuilder
  extends Counted
  implements
    Pick<
      GasChartBuilder,
      | 'addRange'
      | 'removeRange'
      | 'clearRanges'
      | 'getRanges'
      | 'setChartType'
      | 'getChartType'
      | 'setNumHeaders'
      | 'setOption'
      | 'setPosition'
      | 'getContainer'
      | 'build'
    >
{
  private readonly spec: ChartSpec;

  constructor(
    env: FakeEnv,
    spec?: ChartSpec,
    private readonly id: number | null = null,
  ) {
    super(env, SERVICE, 'EmbeddedChartBuilder.');
    this.spec = spec ?? {
      ranges: [],
      position: { row: 1, column: 1, offsetX: 0, offsetY: 0 },
      options: new Map(),
      numHeaders: -1,
    };
  }

  private fail(message: string): Error {
    return this.env.realm.error(message);
  }

  private toRange(range: unknown): ChartRange {
    if (!(range instanceof FakeRange)) throw this.fail('Invalid argument: range');
    return { sheet: range.parentSheet, rect: range.bounds };
  }

  addRange(range: GasRange): GasChartBuilder {
    this.count('addRange');
    this.spec.ranges.push(this.toRange(range));
    return gasChartBuilder(this);
  }

  removeRange(range: GasRange): GasChartBuilder {
    this.count('removeRange');
    const { sheet, rect } = this.toRange(range);
    this.spec.ranges = this.spec.ranges.filter((r) => r.sheet !== sheet || toA1(r.rect) !== toA1(rect));
    return gasChartBuilder(this);
  }

  clearRanges(): GasChartBuilder {
    this.count('clearRanges');
    this.spec.ranges = [];
    return gasChartBuilder(this);
  }

  getRanges(): GasRange[] {
    this.count('getRanges');
    return this.spec.ranges.map(({ sheet, rect }) => gasRange(new FakeRange(this.env, sheet, { ...rect })));
  }

  setChartType(type: GasChartType): GasChartBuilder {
    this.count('setChartType');
    const name = String(type);
    if (!(name in CHART_TYPES)) throw this.fail('Invalid argument: type');
    this.spec.type = name;
    return gasChartBuilder(this);
  }

  getChartType(): GasChartType {
    this.count('getChartType');
    return enumValue<GasChartType>(this.spec.type ?? '');
  }

  setNumHeaders(headers: number): GasChartBuilder {
    this.count('setNumHeaders');
    if (!Number.isInteger(headers) || headers < -1) throw this.fail('Invalid argument: headers');
    this.spec.numHeaders = headers;
    return gasChartBuilder(this);
  }

  setOption(option: string, value: unknown): GasChartBuilder {
    this.count('setOption');
    this.spec.options.set(String(option), value);
    return gasChartBuilder(this);
  }

  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number): GasChartBuilder {
    this.count('setPosition');
    if (anchorRowPos < 1 || anchorColPos < 1) throw this.fail(MSG_OUTSIDE);
    this.spec.position = { row: anchorRowPos, column: anchorColPos, offsetX, offsetY };
    return gasChartBuilder(this);
  }

  getContainer(): GasContainerInfo {
    this.count('getContainer');
    return new FakeContainerInfo(this.env, { ...this.spec.position }) as unknown as GasContainerInfo;
  }

  /** The fake insists on a chart type: Tsunagu always says which chart it wants. */
  build(): GasChart {
    this.count('build');
    if (!this.spec.type) throw this.fail('Fake EmbeddedChartBuilder: set a chart type before build().');
    return gasChart(new FakeEmbeddedChart(this.env, copySpec(this.spec), this.id));
  }
}

/** The Charts global. Embedded charts need only its enums (typed against @types by CHART_TYPES). */
export class FakeCharts {
  readonly ChartType = CHART_TYPES;
}

// ---------------------------------------------------------------------------------------------------------
// Ui

export type MenuEntry =
  { caption: string; functionName: string } | { separator: true } | { subMenu: MenuRecord };

export interface MenuRecord {
  caption: string;
  addOn: boolean;
  items: MenuEntry[];
}

export interface ShownDialog {
  kind: 'sidebar' | 'modal' | 'modeless';
  title: string;
  html: string;
  width?: number;
  height?: number;
}

export interface AlertRecord {
  title?: string;
  prompt: string;
  buttons?: string;
}

/** The HtmlOutput fake (services.ts) describes itself through this, so the Ui need not count its getters. */
export interface DescribesHtml {
  describeHtml(): { title: string; html: string; width?: number; height?: number };
}

export class FakeMenu
  extends Counted
  implements Pick<GasMenu, 'addItem' | 'addSeparator' | 'addSubMenu' | 'addToUi'>
{
  readonly record: MenuRecord;

  constructor(
    env: FakeEnv,
    private readonly ui: FakeUi,
    caption: string,
    addOn: boolean,
  ) {
    super(env, SERVICE, 'Menu.');
    this.record = { caption, addOn, items: [] };
  }

  addItem(caption: string, functionName: string): GasMenu {
    this.count('addItem');
    this.record.items.push({ caption, functionName });
    return gasMenu(this);
  }

  addSeparator(): GasMenu {
    this.count('addSeparator');
    this.record.items.push({ separator: true });
    return gasMenu(this);
  }

  addSubMenu(menu: GasMenu): GasMenu {
    this.count('addSubMenu');
    const sub = menu as unknown;
    if (!(sub instanceof FakeMenu)) throw this.env.realm.error('Invalid argument: menu');
    this.record.items.push({ subMenu: sub.record });
    return gasMenu(this);
  }

  addToUi(): void {
    this.count('addToUi');
    this.ui.menus.push(this.record);
  }
}

const BUTTONS = enumObject('CLOSE', 'OK', 'CANCEL', 'YES', 'NO');
const BUTTON_SETS = enumObject('OK', 'OK_CANCEL', 'YES_NO', 'YES_NO_CANCEL');
export type ButtonName = keyof typeof BUTTONS;

export class FakeUi
  extends Counted
  implements
    Pick<
      GasUi,
      | 'alert'
      | 'prompt'
      | 'createMenu'
      | 'createAddonMenu'
      | 'showSidebar'
      | 'showModalDialog'
      | 'showModelessDialog'
    >
{
  readonly Button = BUTTONS;
  readonly ButtonSet = BUTTON_SETS;
  /** Menus added with addToUi, in order. */
  readonly menus: MenuRecord[] = [];
  /** Sidebars and dialogs shown, in order. */
  readonly shown: ShownDialog[] = [];
  readonly alerts: AlertRecord[] = [];
  /** Buttons the "user" will click for the next alerts/prompts; when empty, OK (or YES). */
  readonly answers: { button: ButtonName; text?: string }[] = [];

  constructor(env: FakeEnv) {
    super(env, SERVICE, 'Ui.');
  }

  private answer(buttons?: unknown): { button: ButtonName; text: string } {
    const next = this.answers.shift();
    const fallback: ButtonName = buttons === 'YES_NO' || buttons === 'YES_NO_CANCEL' ? 'YES' : 'OK';
    return { button: next?.button ?? fallback, text: next?.text ?? '' };
  }

  alert(titleOrPrompt: string, promptOrButtons?: unknown, buttons?: unknown): GasButton {
    this.count('alert');
    const record: AlertRecord =
      typeof promptOrButtons === 'string'
        ? { title: titleOrPrompt, prompt: promptOrButtons, buttons: String(buttons) }
        : {
            prompt: titleOrPrompt,
            buttons: promptOrButtons === undefined ? undefined : String(promptOrButtons),
          };
    this.alerts.push(record);
    return enumValue<GasButton>(this.answer(record.buttons).button);
  }

  prompt(titleOrPrompt: string, promptOrButtons?: unknown, buttons?: unknown): GasPromptResponse {
    this.count('prompt');
    const record: AlertRecord =
      typeof promptOrButtons === 'string'
        ? { title: titleOrPrompt, prompt: promptOrButtons, buttons: String(buttons) }
        : {
            prompt: titleOrPrompt,
            buttons: promptOrButtons === undefined ? undefined : String(promptOrButtons),
          };
    this.alerts.push(record);
    const { button, text } = this.answer(record.buttons);
    return {
      getResponseText: () => text,
      getSelectedButton: () => enumValue<GasButton>(button),
    };
  }

  createMenu(caption: string): GasMenu {
    this.count('createMenu');
    return gasMenu(new FakeMenu(this.env, this, caption, false));
  }

  createAddonMenu(): GasMenu {
    this.count('createAddonMenu');
    return gasMenu(new FakeMenu(this.env, this, '', true));
  }

  private show(kind: ShownDialog['kind'], output: unknown, title?: string): void {
    if (typeof output !== 'object' || output === null || !('describeHtml' in output)) {
      throw this.env.realm.error('Invalid argument: userInterface');
    }
    const described = (output as DescribesHtml).describeHtml();
    this.shown.push({ kind, ...described, title: title ?? described.title });
  }

  showSidebar(userInterface: GoogleAppsScript.HTML.HtmlOutput): void {
    this.count('showSidebar');
    this.show('sidebar', userInterface);
  }

  showModalDialog(userInterface: GoogleAppsScript.HTML.HtmlOutput, title: string): void {
    this.count('showModalDialog');
    this.show('modal', userInterface, title);
  }

  showModelessDialog(userInterface: GoogleAppsScript.HTML.HtmlOutput, title: string): void {
    this.count('showModelessDialog');
    this.show('modeless', userInterface, title);
  }
}

// ---------------------------------------------------------------------------------------------------------
// SpreadsheetApp

export interface FakeSpreadsheetAppOptions {
  env?: FakeEnv;
  /** Makes Dates in the bundle's realm (the host passes one created inside the vm context). */
  makeDate?: (ms: number) => Date;
}

export class FakeSpreadsheetApp implements Pick<
  GasSpreadsheetApp,
  'getActiveSpreadsheet' | 'getActive' | 'getActiveSheet' | 'getUi' | 'flush' | 'newDataValidation'
> {
  readonly WrapStrategy = enumObject('WRAP', 'OVERFLOW', 'CLIP');
  readonly BorderStyle = enumObject('DOTTED', 'DASHED', 'SOLID', 'SOLID_MEDIUM', 'SOLID_THICK', 'DOUBLE');
  readonly DataValidationCriteria = enumObject('VALUE_IN_LIST', 'CHECKBOX');
  readonly spreadsheet: FakeSpreadsheet;
  readonly ui: FakeUi;
  /** False in time-driven and other trigger runs, where Apps Script refuses getUi(). */
  uiAvailable = true;
  private readonly env: FakeEnv;

  constructor(data: SpreadsheetData, options: FakeSpreadsheetAppOptions = {}) {
    this.env = options.env ?? createEnv();
    if (options.makeDate) {
      this.env.realm = { ...this.env.realm, date: options.makeDate };
      rememberDateRealm(options.makeDate);
    }
    this.spreadsheet = FakeSpreadsheet.fromData(this.env, data);
    this.ui = new FakeUi(this.env);
  }

  private count(method: string): void {
    this.env.calls.record(SERVICE, method);
  }

  /**
   * "Returns the currently active spreadsheet, or null if there is none."
   * (https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#getActiveSpreadsheet()). A web
   * app request has no spreadsheet open in front of anyone: this fake is strict and gives null there.
   */
  getActiveSpreadsheet(): GasSpreadsheet {
    this.count('getActiveSpreadsheet');
    return this.active();
  }

  getActive(): GasSpreadsheet {
    this.count('getActive');
    return this.active();
  }

  private active(): GasSpreadsheet {
    return this.env.execution.kind === 'webApp'
      ? (null as unknown as GasSpreadsheet)
      : gasSpreadsheet(this.spreadsheet);
  }

  getActiveSheet(): GasSheet {
    this.count('getActiveSheet');
    if (this.env.execution.kind === 'webApp') return null as unknown as GasSheet;
    return gasSheet(this.spreadsheet.activeSheet());
  }

  /**
   * A Ui exists only where someone has the spreadsheet open: not in a time-driven trigger or a web app request
   * ("Cannot call SpreadsheetApp.getUi() from this context.", https://developers.google.com/apps-script/guides/dialogs).
   */
  getUi(): GasUi {
    this.count('getUi');
    const kind = this.env.execution.kind;
    if (!this.uiAvailable || kind === 'installableTrigger' || kind === 'webApp')
      throw this.env.realm.error('Cannot call SpreadsheetApp.getUi() from this context.');
    return this.ui as unknown as GasUi;
  }

  flush(): void {
    this.count('flush');
  }

  newDataValidation(): GasValidationBuilder {
    this.count('newDataValidation');
    return gasBuilder(new FakeDataValidationBuilder(this.env));
  }
}

/** A regular expression's \s as ASCII whitespace only (FakeTextFinder), inside a character class or out of one. */
function asciiWhitespace(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) {
      const next = pattern[i + 1];
      out += next === 's' ? (inClass ? ' \\t\\n\\v\\f\\r' : '[ \\t\\n\\v\\f\\r]') : ch + next;
      i++;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    out += ch;
  }
  return out;
}
