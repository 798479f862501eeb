import type { ColumnLabel } from '../labels';
import { tagColumn } from './tags';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
export type Columns<F extends string> = Partial<Record<F, number>>;

/**
 * A sheet read as one block: the header row matched to fields by text (or alias), and the data rows below it.
 * One getValues per table, whatever the number of rows.
 */
export interface Table<F extends string> {
  sheet: Sheet;
  /** 0-based column index of each field found in the header row. */
  columns: Columns<F>;
  /** Number of columns in the block (the sheet's last column with data). */
  width: number;
  /**
   * 1-based sheet row of the header: 1, or lower when the owner keeps a title above it (「顧客リスト 2026年」 in A1).
   * Data row i is sheet row `headerRow + 1 + i` (see firstDataRow); every write goes through it.
   */
  headerRow: number;
  /** The sheet's name when the caller already asked for it (saves a getName). */
  name?: string;
  /** The header row's cells as the owner wrote them. */
  header: unknown[];
  /** Data rows (the rows below the header), each `width` wide. */
  rows: unknown[][];
  /** Headers of required fields that are missing. */
  missingRequired: string[];
}

/**
 * A header as it is matched: NFKC (full-width letters, digits and brackets become half-width), notes dropped —
 * anything in brackets ((…), [… ], 【…】, and （…） / ［…］ after NFKC) and anything from ※ on
 * (`最終来店日（yyyy/mm/dd）`, `メール ※PC`) — then spaces removed and lower case. A header that is nothing but a
 * note (`【必須】`) keeps the words inside its brackets.
 */
export function normalizeHeader(text: unknown): string {
  const plain = String(text ?? '').normalize('NFKC');
  const squash = (t: string) => t.replace(/\s+/g, '').toLowerCase();
  const withoutNotes = squash(
    plain.replace(/※.*$/s, '').replace(/\([^()]*\)|\[[^[\]]*\]|【[^【】]*】|〔[^〔〕]*〕/g, ''),
  );
  return withoutNotes || squash(plain.replace(/[()[\]【】〔〕※]/g, ''));
}

/**
 * A header as Tsunagu's own columns (次回連絡日 … 要確認, `system` in the labels) are matched: NFKC, spaces removed and
 * lower case, notes kept. 「理由（来店のきっかけ）」 or 「要確認（スタッフ記入）」 is the owner's column, never
 * Tsunagu's 理由 or 要確認 (normalizeHeader would read both as Tsunagu's and Tsunagu would write over them).
 */
export function exactHeader(text: unknown): string {
  return String(text ?? '')
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .toLowerCase();
}

/** How many rows from the top a header row is looked for in (a title and a blank line or two above it). */
export const HEADER_SEARCH_ROWS = 10;

export function matchHeaders<F extends string>(
  headerRow: readonly unknown[],
  spec: Readonly<Record<F, ColumnLabel>>,
): { columns: Columns<F>; missingRequired: string[] } {
  const positionsBy = (key: (text: unknown) => string) => {
    const positions = new Map<string, number>();
    headerRow.forEach((cell, i) => {
      const name = key(cell);
      if (name && !positions.has(name)) positions.set(name, i);
    });
    return positions;
  };
  const noted = positionsBy(normalizeHeader);
  const exact = positionsBy(exactHeader);
  const columns: Columns<F> = {};
  const missingRequired: string[] = [];
  for (const field of Object.keys(spec) as F[]) {
    const label = spec[field];
    // The owner's columns are matched with their notes set aside; Tsunagu's own only by their exact header.
    const [key, positions] = label.system ? [exactHeader, exact] : [normalizeHeader, noted];
    const names = [label.header, ...(label.aliases ?? [])].map(key);
    const at = names.map((n) => positions.get(n)).find((i) => i !== undefined);
    if (at !== undefined) columns[field] = at;
    else if (label.required) missingRequired.push(label.header);
  }
  return { columns, missingRequired };
}

/**
 * The header row among a sheet's first rows (0-based): the first that holds every required header and at least
 * one header of the spec (a title row above the header is skipped). When none does, the row that holds the most
 * headers of the spec, so what is reported missing is what is missing from the owner's header row (0 when no row
 * holds any).
 */
export function headerRowIndex<F extends string>(
  values: readonly (readonly unknown[])[],
  spec: Readonly<Record<F, ColumnLabel>>,
): number {
  const last = Math.min(values.length, HEADER_SEARCH_ROWS);
  let best = 0;
  let bestCount = 0;
  for (let i = 0; i < last; i++) {
    const { columns, missingRequired } = matchHeaders(values[i], spec);
    const count = Object.keys(columns).length;
    if (missingRequired.length === 0 && count > 0) return i;
    if (count > bestCount) [best, bestCount] = [i, count];
  }
  return best;
}

export function readTable<F extends string>(sheet: Sheet, spec: Readonly<Record<F, ColumnLabel>>): Table<F> {
  const values = sheet.getDataRange().getValues();
  const at = headerRowIndex(values, spec);
  const header = values[at] ?? [];
  const { columns, missingRequired } = matchHeaders(header, spec);
  return {
    sheet,
    columns,
    width: header.length,
    headerRow: at + 1,
    header: [...header],
    rows: values.slice(at + 1),
    missingRequired,
  };
}

/** The sheet row of a table's first data row (the row below its header). */
export function firstDataRow(table: { headerRow: number }): number {
  return table.headerRow + 1;
}

/** Each data row as a record of the fields that have a column. */
export function rowRecords<F extends string>(table: Table<F>): Partial<Record<F, unknown>>[] {
  const entries = Object.entries(table.columns) as [F, number][];
  return table.rows.map((row) => recordOfRow(row, entries));
}

/**
 * The same, with undefined for each row a sparse table did not read (sparseTable leaves it as an empty array; a
 * row read from the sheet always has its cells, blank or not): a sidebar action's 連絡履歴 spans tens of thousands
 * of rows, of which it read a handful.
 */
export function readRowRecords<F extends string>(
  table: Table<F>,
  /** Only these rows (by data index): the others are undefined, as rows not read are. */
  only?: (index: number) => boolean,
): (Partial<Record<F, unknown>> | undefined)[] {
  const entries = Object.entries(table.columns) as [F, number][];
  return table.rows.map((row, i) =>
    row.length === 0 || (only && !only(i)) ? undefined : recordOfRow(row, entries),
  );
}

function recordOfRow<F extends string>(
  row: readonly unknown[],
  entries: readonly [F, number][],
): Partial<Record<F, unknown>> {
  const record: Partial<Record<F, unknown>> = {};
  for (const [field, col] of entries) record[field] = row[col];
  return record;
}

/**
 * Adds the header cells of missing fields after the last column (one setValues, on the header row), so Tsunagu's
 * own columns appear without moving anything the owner has. Each column added is tagged as Tsunagu's (tags.ts).
 */
export function ensureColumns<F extends string>(
  table: Table<F>,
  spec: Readonly<Record<F, ColumnLabel>>,
  fields: readonly F[],
): void {
  const missing = fields.filter((f) => table.columns[f] === undefined);
  if (missing.length === 0) return;
  const { sheet } = table;
  const start = table.width;
  ensureWidth(sheet, start + missing.length);
  sheet
    .getRange(table.headerRow, start + 1, 1, missing.length)
    .setValues([missing.map((f) => spec[f].header)]);
  missing.forEach((f, i) => {
    table.columns[f] = start + i;
    table.header[start + i] = spec[f].header;
    tagColumn(sheet, start + i + 1, spec[f].header);
  });
  table.width = start + missing.length;
}

/**
 * Writes columns of values for the given fields, `values[field][i]` to data row i (the rows below the header). Only
 * what changed is sent: for each run of adjacent columns, one setValues per block of changed rows — rows close
 * enough share a block (CELLS_A_CALL_COSTS) — over the columns that changed in it, so a run where nothing changed costs
 * nothing, and a few customers changed among 100,000 are a few small writes, not one of every row between the first
 * and the last. Writes with no read between them are sent together when the script next reads (cost.ts); what a
 * block costs is its cells. Cells inside a block that did not change are sent again as they were read (text kept as
 * text by cellValue). `previous` is what the sheet holds now, row by row as read; null when unknown (every cell is
 * then written).
 */
export function writeColumns<F extends string>(
  table: Table<F>,
  values: Partial<Record<F, readonly unknown[]>>,
  numberFormats: Partial<Record<F, string>> = {},
  previous: readonly (readonly unknown[])[] | null = table.rows,
): void {
  const fields = (Object.keys(values) as F[])
    .filter((f) => table.columns[f] !== undefined)
    .sort((a, b) => (table.columns[a] as number) - (table.columns[b] as number));
  const count = Math.max(0, ...fields.map((f) => (values[f] as readonly unknown[]).length));
  if (count === 0) return;
  const first = firstDataRow(table);
  // Rows read are on the sheet: only rows past them may need the grid to grow (a getMaxRows call).
  if (count > table.rows.length) ensureRows(table.sheet, first + count - 1);
  const valueAt = (f: F, i: number) => (values[f] as readonly unknown[])[i] ?? '';
  const changed = (f: F, i: number) =>
    !previous || !sameCell(previous[i]?.[table.columns[f] as number], valueAt(f, i));
  for (const run of adjacentRuns(fields, (f) => table.columns[f] as number)) {
    // Blocks of changed rows, each with the columns of the run that changed in it, in one pass (100,000 rows).
    let top = -1;
    let bottom = -1;
    let [left, right] = [Infinity, -Infinity];
    const write = () => {
      const block = Array.from({ length: bottom - top + 1 }, (_, r) =>
        run.slice(left, right + 1).map((f) => valueAt(f, top + r)),
      );
      const column = (table.columns[run[left]] as number) + 1;
      setTextValues(table.sheet.getRange(first + top, column, block.length, right - left + 1), block);
    };
    for (let i = 0; i < count; i++) {
      let rowLeft = Infinity;
      let rowRight = -Infinity;
      for (let j = 0; j < run.length; j++)
        if (changed(run[j], i)) {
          rowLeft = Math.min(rowLeft, j);
          rowRight = Math.max(rowRight, j);
        }
      if (rowRight < 0) continue;
      if (top >= 0 && (i - bottom - 1) * run.length > CELLS_A_CALL_COSTS) {
        write();
        [left, right] = [Infinity, -Infinity];
        top = -1;
      }
      if (top < 0) top = i;
      bottom = i;
      left = Math.min(left, rowLeft);
      right = Math.max(right, rowRight);
    }
    if (top >= 0) write();
  }
  for (const field of fields) {
    const format = numberFormats[field];
    if (format)
      table.sheet.getRange(first, (table.columns[field] as number) + 1, count, 1).setNumberFormat(format);
  }
}

/** One cell to write: data row (0 = the row below the header, see writeCells), 0-based column, and the value. */
export interface CellChange {
  row: number;
  column: number;
  value: unknown;
}

/**
 * Writes the given cells so whatever the owner typed in any other cell stays. Each block of changed cells — a
 * run of adjacent columns in a row, joined with the same run in the rows directly below it — is one setValues.
 * When the changes are scattered over many rows (a flush after a day's drafts), that would be a call per
 * block; then the cells are written column run by column run instead, from the first changed row to the last
 * (see writeSpans), which bounds the calls by the columns written, not the rows. Returns how many setValues
 * it made. `firstRow` is the sheet row of data row 0: the row below the table's header (firstDataRow).
 */
export function writeCells(sheet: Sheet, changes: readonly CellChange[], firstRow = 2): number {
  if (changes.length === 0) return 0;
  const blocks = exactBlocks(changes);
  const spans = columnSpans(changes);
  // Spans cost a getRange and three reads more than blocks; worth it only when they save more than that.
  if (blocks.length > spans.length + 2) {
    const written = writeSpans(sheet, changes, spans, firstRow);
    if (written !== null) return written;
  }
  const bounds = boundsOf(changes);
  const formats = changes.some((c) => needsApostrophe(c.value))
    ? sheet.getRange(bounds.top + firstRow, bounds.left + 1, bounds.rows, bounds.columns).getNumberFormats()
    : null;
  for (const { top, left, rows } of blocks) {
    const values = rows.map((row, i) =>
      row.map((value, j) => cellValue(value, formats?.[top + i - bounds.top]?.[left + j - bounds.left])),
    );
    sheet.getRange(top + firstRow, left + 1, rows.length, rows[0].length).setValues(values);
  }
  return blocks.length;
}

interface Block {
  top: number;
  left: number;
  rows: unknown[][];
}

/** The changed cells as blocks: a run of adjacent columns in a row, joined with the same run directly below. */
function exactBlocks(changes: readonly CellChange[]): Block[] {
  const byRow = new Map<number, Map<number, unknown>>();
  for (const { row, column, value } of changes) {
    const cells = byRow.get(row) ?? new Map<number, unknown>();
    cells.set(column, value);
    byRow.set(row, cells);
  }
  const blocks: Block[] = [];
  let open = new Map<string, Block>();
  for (const row of [...byRow.keys()].sort((a, b) => a - b)) {
    const cells = byRow.get(row) as Map<number, unknown>;
    const next = new Map<string, Block>();
    for (const columns of adjacentRuns(
      [...cells.keys()].sort((a, b) => a - b),
      (c) => c,
    )) {
      const key = `${columns[0]}:${columns.length}`;
      const values = columns.map((c) => cells.get(c));
      const above = open.get(key);
      if (above && above.top + above.rows.length === row) {
        above.rows.push(values);
        next.set(key, above);
      } else {
        const block = { top: row, left: columns[0], rows: [values] };
        blocks.push(block);
        next.set(key, block);
      }
    }
    open = next;
  }
  return blocks;
}

/** A run of adjacent changed columns and the rows from the first change in them to the last. */
interface Span {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function columnSpans(changes: readonly CellChange[]): Span[] {
  const columns = [...new Set(changes.map((c) => c.column))].sort((a, b) => a - b);
  return adjacentRuns(columns, (c) => c).map((run) => {
    const left = run[0];
    const right = run[run.length - 1];
    const { top, rows } = boundsOf(changes.filter((c) => c.column >= left && c.column <= right));
    return { left, right, top, bottom: top + rows - 1 };
  });
}

/** The rectangle the changes cover, in a loop: spreading 100,000 cells into Math.min overflows the stack. */
function boundsOf(changes: readonly CellChange[]): {
  top: number;
  left: number;
  rows: number;
  columns: number;
} {
  let [top, bottom, left, right] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const { row, column } of changes) {
    if (row < top) top = row;
    if (row > bottom) bottom = row;
    if (column < left) left = column;
    if (column > right) right = column;
  }
  return { top, left, rows: bottom - top + 1, columns: right - left + 1 };
}

/**
 * One setValues per span. The cells of a span Tsunagu does not change are sent again as they are now: read
 * just before (values, formulas and number formats over all the spans, one call each), so a value the owner
 * typed since Tsunagu read the sheet is kept, and sent so Sheets keeps it as it is (text as text, by
 * cellValue; numbers, dates and booleans as themselves). A formula is never overwritten: a row of a span whose
 * unchanged cell holds one splits the span there, and that row's own changes are written as exact blocks. When
 * Sheets refuses a span's setValues, null says to write every change as exact blocks instead.
 */
function writeSpans(
  sheet: Sheet,
  changes: readonly CellChange[],
  spans: readonly Span[],
  firstRow: number,
): number | null {
  const bounds = boundsOf(changes);
  const range = sheet.getRange(bounds.top + firstRow, bounds.left + 1, bounds.rows, bounds.columns);
  const current = range.getValues();
  const formulas = range.getFormulas();
  const formats = range.getNumberFormats();
  const wanted = new Map(changes.map((c) => [`${c.row}:${c.column}`, c.value]));
  const writes: { top: number; left: number; values: unknown[][] }[] = [];
  const exact: CellChange[] = [];
  const cellAt = (row: number, column: number) => {
    const [i, j] = [row - bounds.top, column - bounds.left];
    const key = `${row}:${column}`;
    return cellValue(wanted.has(key) ? wanted.get(key) : current[i][j], formats[i][j]);
  };
  for (const span of spans) {
    const columns = Array.from({ length: span.right - span.left + 1 }, (_, k) => span.left + k);
    const changedIn = (row: number) => columns.some((column) => wanted.has(`${row}:${column}`));
    let segment: number[] = [];
    const flush = () => {
      // A segment starts and ends at a changed row: unchanged rows at its edges need no writing.
      while (segment.length > 0 && !changedIn(segment[0])) segment.shift();
      while (segment.length > 0 && !changedIn(segment[segment.length - 1])) segment.pop();
      if (segment.length > 0)
        writes.push({
          top: segment[0],
          left: span.left,
          values: segment.map((row) => columns.map((column) => cellAt(row, column))),
        });
      segment = [];
    };
    for (let row = span.top; row <= span.bottom; row++) {
      const formula = columns.some(
        (column) =>
          !wanted.has(`${row}:${column}`) && formulas[row - bounds.top][column - bounds.left] !== '',
      );
      if (!formula) {
        segment.push(row);
        continue;
      }
      flush();
      for (const column of columns)
        if (wanted.has(`${row}:${column}`))
          exact.push({ row, column, value: wanted.get(`${row}:${column}`) });
    }
    flush();
  }
  for (const { top, left, rows } of exactBlocks(exact))
    writes.push({
      top,
      left,
      values: rows.map((line, i) => line.map((_, j) => cellAt(top + i, left + j))),
    });
  try {
    for (const { top, left, values } of writes)
      sheet.getRange(top + firstRow, left + 1, values.length, values[0].length).setValues(values);
  } catch {
    // A cell sent again that its data validation now refuses (a value from before the rule): Sheets refuses the
    // whole setValues and changes nothing, so the exact blocks are written instead.
    return null;
  }
  return writes.length;
}

/** Whether a cell as read already holds the value about to be written (dates by instant, empty as ''). */
export function sameCell(current: unknown, next: unknown): boolean {
  const a = current ?? '';
  const b = next ?? '';
  if (isDate(a) || isDate(b)) return isDate(a) && isDate(b) && a.getTime() === b.getTime();
  return a === b;
}

function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** Appends rows below the last row with data, in one setValues. */
export function appendRows(
  sheet: Sheet,
  rows: readonly (readonly unknown[])[],
  width: number,
  formats?: (row: readonly unknown[], index: number) => string[],
): number {
  if (rows.length === 0) return sheet.getLastRow();
  const first = sheet.getLastRow() + 1;
  ensureRows(sheet, first + rows.length - 1);
  const range = sheet.getRange(first, 1, rows.length, width);
  const numberFormats = formats ? rows.map(formats) : undefined;
  if (numberFormats) range.setNumberFormats(numberFormats);
  setTextValues(
    range,
    rows.map((r) => padRow(r, width)),
    numberFormats,
  );
  return first;
}

/**
 * Writes `rows` into `range` (one setValues) so each cell reads back as exactly what Tsunagu meant: look-alike
 * text gets its apostrophe (cellValue) unless the cell is formatted as plain text. The formats are the ones the
 * caller just set, or else read from the range (one getNumberFormats) — only when some text needs them.
 */
export function setTextValues(
  range: GoogleAppsScript.Spreadsheet.Range,
  rows: readonly (readonly unknown[])[],
  formats?: readonly (readonly string[])[],
): void {
  const known = formats ?? textFormats(range, rows);
  range.setValues(rows.map((row, i) => row.map((value, j) => cellValue(value, known?.[i]?.[j]))));
}

/**
 * The number formats setTextValues needs for `rows` (one getNumberFormats, only when some text needs them). A
 * caller that clears the sheet first reads them before the clear: a read after a write sends the write first, one
 * more round trip (cost.ts).
 */
export function textFormats(
  range: GoogleAppsScript.Spreadsheet.Range,
  rows: readonly (readonly unknown[])[],
): string[][] | undefined {
  return rows.some((row) => row.some(needsApostrophe)) ? range.getNumberFormats() : undefined;
}

export function ensureWidth(sheet: Sheet, lastColumn: number): void {
  const max = sheet.getMaxColumns();
  if (lastColumn > max) sheet.insertColumnsAfter(max, lastColumn - max);
}

/**
 * A sheet Tsunagu just made keeps only the columns it uses: a new sheet has 26, and 連絡履歴 grows by a row per
 * contact, so the spare columns would cost the workbook millions of its 10 million cells.
 */
export function trimColumns(sheet: Sheet, width: number): void {
  const max = sheet.getMaxColumns();
  if (max > width) sheet.deleteColumns(width + 1, max - width);
}

/**
 * A sheet Tsunagu rebuilds (手紙, 宛名ラベル) is made exactly as large as its content: Sheets' 10 million cells count
 * the grid, and a new sheet's 26 columns × the rows of a long letter list would count for nothing printed.
 */
export function fitGrid(sheet: Sheet, rows: number, columns: number): void {
  const [maxRows, maxColumns] = [sheet.getMaxRows(), sheet.getMaxColumns()];
  if (rows > maxRows) sheet.insertRowsAfter(maxRows, rows - maxRows);
  else if (rows < maxRows) sheet.deleteRows(rows + 1, maxRows - rows);
  if (columns > maxColumns) sheet.insertColumnsAfter(maxColumns, columns - maxColumns);
  else if (columns < maxColumns) sheet.deleteColumns(columns + 1, maxColumns - columns);
}

export function ensureRows(sheet: Sheet, lastRow: number): void {
  const max = sheet.getMaxRows();
  if (lastRow > max) sheet.insertRowsAfter(max, lastRow - max);
}

/**
 * Unchanged cells between two blocks of changed rows are sent again (as read) rather than starting another block
 * while they cost less than the call: a block is a range and a setValues (1 ms and 1.2 ms while nothing reads) and a
 * cell written about 61 µs (test/fakes/cost.ts), so about 36 cells — 7 rows of Tsunagu's 5 columns of 顧客.
 */
const CELLS_A_CALL_COSTS = 36;

function adjacentRuns<F>(fields: readonly F[], position: (f: F) => number): F[][] {
  const runs: F[][] = [];
  for (const field of fields) {
    const run = runs[runs.length - 1];
    if (run && position(run[run.length - 1]) + 1 === position(field)) run.push(field);
    else runs.push([field]);
  }
  return runs;
}

function padRow(row: readonly unknown[], width: number): unknown[] {
  return Array.from({ length: width }, (_, i) => row[i] ?? '');
}

/** The number format of a cell formatted as plain text (Format > Number > Plain text). */
export const PLAIN_TEXT = '@';

/**
 * The value to write for a cell so that it reads back as exactly what Tsunagu meant. Sheets reads a string
 * written by setValue(s) as if the owner typed it: a formula (= + - @), a number ('0354321234', '1,000',
 * '¥500', '1e3'), a percentage, a date ('2026/11/24', '11/24', '2026年11月24日'), a time ('9:30') or TRUE/FALSE.
 * Such text — and text that itself starts with an apostrophe — gets a leading apostrophe, which Sheets drops
 * and keeps the rest as text: customer data never executes, and a phone number keeps its leading zero.
 * A cell formatted as plain text ('@', `numberFormat`) already keeps text as written, and no Google page says it
 * drops an apostrophe there (it may keep it as a visible character): text for it is written as it is.
 */
export function cellValue(value: unknown, numberFormat?: string): unknown {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? fitCell(value) : value;
  if (numberFormat !== PLAIN_TEXT && needsApostrophe(text)) return `'${text as string}`;
  return text;
}

/** Sheets refuses a cell of more than 50,000 characters, and with it the whole setValues. */
export const CELL_CHARACTERS = 50_000;
export const SHORTENED_MARK = '…（長すぎるため省略）';

/**
 * Text as Sheets can hold it: over 50,000 characters it is shortened, with a mark, so one over-long value (a
 * 購入商品 pasted twice over) is that row's problem and never stops a whole write.
 */
export function fitCell(text: string): string {
  return text.length < CELL_CHARACTERS ? text : text.slice(0, CELL_CHARACTERS - 100) + SHORTENED_MARK;
}

/** Whether cellValue gives this value an apostrophe in a cell not formatted as plain text. */
function needsApostrophe(value: unknown): boolean {
  return typeof value === 'string' && wouldBeParsed(value);
}

/**
 * Deliberately broad: an apostrophe on text Sheets would have kept anyway costs nothing, a missing one turns
 * text into a number or date. Anything whose first visible character is a digit, a sign, a currency sign, a
 * dot, an apostrophe or a formula character, and TRUE/FALSE in any case.
 */
function wouldBeParsed(text: string): boolean {
  const t = text.trim();
  if (t === '') return false;
  if (/^['=+\-@.¥￥$€£\d０-９＋－]/.test(t) || /^[=+\-@']/.test(text)) return true;
  return /^(true|false)$/i.test(t);
}
