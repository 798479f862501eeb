/**
 * Rows found by what they hold, never by a number alone (issue 19 item 4): the owner sorts and inserts rows between
 * the sidebar's list and a click. A row is found by its キー or 顧客ID with a TextFinder on that column, or at a
 * remembered row number only after reading that row and checking its id; only the header row and the rows found are
 * read.
 */
import type { ColumnLabel } from '../labels';
import { columnLetters } from './tags';
import {
  headerRowIndex,
  HEADER_SEARCH_ROWS,
  matchHeaders,
  readTable,
  type Columns,
  type Table,
} from './table';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** A sheet's header row, matched by header text, with what the rows below it are. */
export interface Header<F extends string> {
  sheet: Sheet;
  columns: Columns<F>;
  header: unknown[];
  /** 1-based sheet row of the header. */
  headerRow: number;
  width: number;
  /** The sheet's last row with data: asked of the sheet (a read call) the first time it is wanted. */
  readonly lastRow: number;
  missingRequired: string[];
}

/** A header row up to its last filled cell (at least one cell): the header as readHeader reads row 1. */
export function headerCells(row: readonly unknown[]): unknown[] {
  const used = row.reduce<number>((end, cell, i) => (cell === '' || cell === null ? end : i + 1), 0);
  return row.slice(0, Math.max(used, 1));
}

/**
 * The header row: row 1 alone when it is the header (Tsunagu's own sheets, most owners' lists), else the first
 * HEADER_SEARCH_ROWS rows as readTable looks at them (a title above the header).
 */
export function readHeader<F extends string>(
  sheet: Sheet,
  spec: Readonly<Record<F, ColumnLabel>>,
): Header<F> {
  let last: number | undefined;
  const lastRow = () => (last ??= sheet.getLastRow());
  // Row 1 whole (a range of one row costs one read, whatever its width): most header rows, without asking for the
  // sheet's last row and column first.
  const [row1] = sheet.getRange('1:1').getValues();
  const first = [headerCells(row1)];
  const matched = matchHeaders(first[0], spec);
  if (matched.missingRequired.length === 0 && Object.keys(matched.columns).length > 0)
    return {
      sheet,
      ...matched,
      header: [...first[0]],
      headerRow: 1,
      width: first[0].length,
      get lastRow() {
        return lastRow();
      },
    };
  const width = Math.max(sheet.getLastColumn(), 1);
  const top = sheet.getRange(1, 1, Math.max(1, Math.min(lastRow(), HEADER_SEARCH_ROWS)), width).getValues();
  const at = headerRowIndex(top, spec);
  return {
    sheet,
    ...matchHeaders(top[at] ?? [], spec),
    header: [...(top[at] ?? [])],
    headerRow: at + 1,
    width,
    lastRow: lastRow(),
  };
}

/**
 * The sheet rows whose cell in `column` (0-based) is `text` as displayed, by a TextFinder on that column below the
 * header with matchEntireCell (any case: the caller reads each row found and checks its cell). Displayed values are searched
 * (https://developers.google.com/apps-script/reference/spreadsheet/text-finder#matchFormulaText(Boolean): formulas
 * "are considered based on their displayed value"), so the owner's 0012 formatted from 12 is found as 0012.
 */
export function rowsWithText<F extends string>(found: Header<F>, column: number, text: string): number[] {
  // Case-insensitive (the default): each row found is read and its cell compared exactly by the caller.
  return finderRows(found, column, (range) => range.createTextFinder(text).matchEntireCell(true));
}

/**
 * The sheet rows whose 顧客ID reads as `id` the way the planner matches ids (idKey in core/records.ts: NFKC, spaces
 * dropped, any case, leading zeros of a number ignored): a regular expression over the displayed text, for ids of
 * letters, digits, hyphens and underscores. null for any other id: the caller reads the whole sheet instead.
 */
export function rowsWithId<F extends string>(found: Header<F>, column: number, id: string): number[] | null {
  const pattern = idPattern(id);
  if (pattern === null) return null;
  return finderRows(found, column, (range) =>
    range.createTextFinder(pattern).useRegularExpression(true).matchEntireCell(true),
  );
}

/**
 * The rows a TextFinder finds in one column below the header. The column is taken open-ended ('C2:C', to the
 * sheet's last row; https://developers.google.com/apps-script/reference/spreadsheet/sheet#getRange(String)), which
 * costs no call to ask where the data ends; a sheet with no row below its header has no such range, and is then
 * searched down to its last row with data.
 */
function finderRows<F extends string>(
  found: Header<F>,
  column: number,
  configure: (range: GoogleAppsScript.Spreadsheet.Range) => GoogleAppsScript.Spreadsheet.TextFinder,
): number[] {
  const first = found.headerRow + 1;
  const letters = columnLetters(column + 1);
  let range: GoogleAppsScript.Spreadsheet.Range;
  try {
    range = found.sheet.getRange(`${letters}${first}:${letters}`);
  } catch {
    if (found.lastRow < first) return [];
    range = found.sheet.getRange(first, column + 1, found.lastRow - first + 1, 1);
  }
  // Below the header only, whatever Sheets makes of an open-ended range that starts past the sheet's last row.
  return configure(range)
    .findAll()
    .map((cell) => cell.getRow())
    .filter((row) => row >= first);
}

/** Full-width forms of ASCII letters and digits (U+FF01–FF5E are U+0021–007E shifted), which NFKC folds. */
const WIDE_OFFSET = 0xfee0;

/**
 * A regular expression matching every text whose idKey is the id's: each letter or digit in its half- or full-width
 * form (either case), any spaces around and between, and for an all-digit id any leading zeros.
 */
export function idPattern(id: string): string | null {
  const text = id.normalize('NFKC').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const digits = /^\d+$/.test(text);
  const core = digits ? text.replace(/^0+(?=\d)/, '') : text;
  // Spaces as NFKC reads them: a Sheets regular expression's \s is ASCII only, so the ideographic space and NBSP
  // are written in as themselves (escapes differ between regular expression flavours).
  const space = '[\\s\u3000\u00a0]*';
  const charClass = (ch: string) => {
    const wide = String.fromCharCode(ch.charCodeAt(0) + WIDE_OFFSET);
    if (ch === '-') return `[\\-${wide}]`;
    if (ch === '_') return `[_${wide}]`;
    const forms = new Set([ch, ch.toUpperCase(), ch.toLowerCase()]);
    const all = [...forms].flatMap((c) => [c, String.fromCharCode(c.charCodeAt(0) + WIDE_OFFSET)]);
    return `[${all.join('')}]`;
  };
  const zeros = digits ? `(?:[0０]${space})*` : '';
  // Anchored as well as matchEntireCell: the whole cell is the id, whichever of the two the finder goes by.
  return `^${space}${zeros}${[...core].map(charClass).join(space)}${space}$`;
}

/** One sheet row's cells, as wide as the header. */
export function readRow<F extends string>(found: Header<F>, row: number): unknown[] {
  return found.sheet.getRange(row, 1, 1, found.width).getValues()[0];
}

/**
 * Rows with fewer cells than this between them are read in one block, the cells between read and left unused: a
 * read call costs about what 10,000 cells do (0.1 s against 100,000 cells a second, the figures of
 * test/fakes/cost.ts), so reading through half that many is cheaper than a second call.
 */
const NEAR_CELLS = 5_000;
/** The most cells one block read spans, however many near rows chain into it. */
const MOST_BLOCK_CELLS = 50_000;

/**
 * Several sheet rows' cells, as wide as the header: rows close together (sorted by 顧客ID, or written the same
 * week) in one getValues per block, so a customer's twenty rows cost a call or two, not twenty.
 */
export function readRows<F extends string>(
  found: Header<F>,
  rows: readonly number[],
): Map<number, unknown[]> {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const read = new Map<number, unknown[]>();
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (
      j + 1 < sorted.length &&
      (sorted[j + 1] - sorted[j] - 1) * found.width <= NEAR_CELLS &&
      (sorted[j + 1] - sorted[i] + 1) * found.width <= MOST_BLOCK_CELLS
    )
      j++;
    const block = found.sheet.getRange(sorted[i], 1, sorted[j] - sorted[i] + 1, found.width).getValues();
    for (let k = i; k <= j; k++) read.set(sorted[k], block[sorted[k] - sorted[i]]);
    i = j + 1;
  }
  return read;
}

/**
 * A Table holding only the given sheet rows, each at its own data index (the rows between are empty and never
 * read): readers and writers that go by data index (ContactLog, readCustomers, writeCells) work on it unchanged, and
 * what they write lands on the row that was read.
 */
export function sparseTable<F extends string>(
  found: Header<F>,
  rows: ReadonlyMap<number, unknown[]>,
): Table<F> {
  const first = found.headerRow + 1;
  const last = Math.max(first - 1, ...rows.keys());
  const data: unknown[][] = Array.from({ length: last - first + 1 }, () => []);
  for (const [row, values] of rows) data[row - first] = values;
  return {
    sheet: found.sheet,
    columns: found.columns,
    width: found.width,
    headerRow: found.headerRow,
    header: found.header,
    rows: data,
    missingRequired: found.missingRequired,
  };
}

/** Keys a table is read by one by one (a TextFinder each); more than this and it is read whole (fewer calls). */
export const KEYED_MAX = 5;

/**
 * A sheet of Tsunagu's keyed by キー (LINE送信), read as the rows holding these keys only (sparseTable), or whole
 * (readTable) when there are many keys or no キー column: the same table either way for a caller that looks only at
 * those keys' rows.
 */
export function keyedTable<F extends string>(
  sheet: Sheet,
  spec: Readonly<Record<F, ColumnLabel>>,
  keyField: F,
  keys: ReadonlySet<string> | undefined,
): Table<F> {
  if (!keys || keys.size > KEYED_MAX) return readTable(sheet, spec);
  const found = readHeader(sheet, spec);
  const column = found.columns[keyField];
  if (column === undefined) return readTable(sheet, spec);
  const rows = [...keys].flatMap((key) => rowsWithText(found, column, key));
  return sparseTable(found, readRows(found, rows));
}
