import type { ColumnLabel } from '../labels';

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
  /** Data rows (sheet row 2 onwards), each `width` wide. */
  rows: unknown[][];
  /** Headers of required fields that are missing. */
  missingRequired: string[];
}

export function normalizeHeader(text: unknown): string {
  return String(text ?? '')
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .toLowerCase();
}

export function matchHeaders<F extends string>(
  headerRow: readonly unknown[],
  spec: Readonly<Record<F, ColumnLabel>>,
): { columns: Columns<F>; missingRequired: string[] } {
  const positions = new Map<string, number>();
  headerRow.forEach((cell, i) => {
    const name = normalizeHeader(cell);
    if (name && !positions.has(name)) positions.set(name, i);
  });
  const columns: Columns<F> = {};
  const missingRequired: string[] = [];
  for (const field of Object.keys(spec) as F[]) {
    const label = spec[field];
    const names = [label.header, ...(label.aliases ?? [])].map(normalizeHeader);
    const at = names.map((n) => positions.get(n)).find((i) => i !== undefined);
    if (at !== undefined) columns[field] = at;
    else if (label.required) missingRequired.push(label.header);
  }
  return { columns, missingRequired };
}

export function readTable<F extends string>(sheet: Sheet, spec: Readonly<Record<F, ColumnLabel>>): Table<F> {
  const values = sheet.getDataRange().getValues();
  const header = values[0] ?? [];
  const { columns, missingRequired } = matchHeaders(header, spec);
  return { sheet, columns, width: header.length, rows: values.slice(1), missingRequired };
}

/** Each data row as a record of the fields that have a column. */
export function rowRecords<F extends string>(table: Table<F>): Partial<Record<F, unknown>>[] {
  const entries = Object.entries(table.columns) as [F, number][];
  return table.rows.map((row) => {
    const record: Partial<Record<F, unknown>> = {};
    for (const [field, col] of entries) record[field] = row[col];
    return record;
  });
}

/**
 * Adds the header cells of missing fields after the last column (one setValues), so Tsunagu's own columns
 * appear without moving anything the owner has.
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
  sheet.getRange(1, start + 1, 1, missing.length).setValues([missing.map((f) => spec[f].header)]);
  missing.forEach((f, i) => (table.columns[f] = start + i));
  table.width = start + missing.length;
}

/**
 * Writes whole columns of values for the given fields, one setValues per run of adjacent columns, starting at
 * sheet row 2. `values[field][i]` goes to data row i.
 */
export function writeColumns<F extends string>(
  table: Table<F>,
  values: Partial<Record<F, readonly unknown[]>>,
  numberFormats: Partial<Record<F, string>> = {},
): void {
  const fields = (Object.keys(values) as F[])
    .filter((f) => table.columns[f] !== undefined)
    .sort((a, b) => (table.columns[a] as number) - (table.columns[b] as number));
  const count = Math.max(0, ...fields.map((f) => (values[f] as readonly unknown[]).length));
  if (count === 0) return;
  ensureRows(table.sheet, count + 1);
  for (const run of adjacentRuns(fields, (f) => table.columns[f] as number)) {
    const block = Array.from({ length: count }, (_, i) =>
      run.map((f) => cellValue((values[f] as unknown[])[i])),
    );
    const range = table.sheet.getRange(2, (table.columns[run[0]] as number) + 1, count, run.length);
    range.setValues(block);
  }
  for (const field of fields) {
    const format = numberFormats[field];
    if (format)
      table.sheet.getRange(2, (table.columns[field] as number) + 1, count, 1).setNumberFormat(format);
  }
}

/** Appends rows below the last row with data, in one setValues. */
export function appendRows(
  sheet: Sheet,
  rows: readonly (readonly unknown[])[],
  width: number,
  formats?: () => string[],
): number {
  if (rows.length === 0) return sheet.getLastRow();
  const first = sheet.getLastRow() + 1;
  ensureRows(sheet, first + rows.length - 1);
  const range = sheet.getRange(first, 1, rows.length, width);
  if (formats) range.setNumberFormats(rows.map(formats));
  range.setValues(rows.map((r) => padRow(r, width)));
  return first;
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

export function ensureRows(sheet: Sheet, lastRow: number): void {
  const max = sheet.getMaxRows();
  if (lastRow > max) sheet.insertRowsAfter(max, lastRow - max);
}

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
  return Array.from({ length: width }, (_, i) => cellValue(row[i]));
}

/**
 * Text that Sheets would read as a formula (= + - @) is written with a leading apostrophe so it stays text:
 * customer data must never execute in the owner's spreadsheet.
 */
export function cellValue(value: unknown): unknown {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' && /^[=+\-@]/.test(value)) return `'${value}`;
  return value;
}
