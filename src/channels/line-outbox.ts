import { OUTBOX_COLUMNS, SHEET, type OutboxField } from '../labels';
import { appendRows, cellValue, ensureColumns, readTable, trimColumns } from '../sheets/table';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface OutboxRow {
  key: string;
  customerId: string;
  name: string;
  lineUserId: string;
  message: string;
  /** Pre-approved when 設定 LINE自動送信 is TRUE. */
  approved: boolean;
  state: '承認待ち' | '承認済';
  /** Put back for a LINE still waiting whose row is gone (the sheet was deleted): never over one the owner withdrew. */
  restored?: boolean;
}

const FIELDS = Object.keys(OUTBOX_COLUMNS) as OutboxField[];

/** Adds LINE drafts to the LINE送信 outbox, where the owner edits and approves them (one setValues). */
export function appendToOutbox(ss: Spreadsheet, rows: readonly OutboxRow[]): void {
  if (rows.length === 0) return;
  const sheet = ss.getSheetByName(SHEET.lineOutbox) ?? createOutbox(ss);
  const table = readTable(sheet, OUTBOX_COLUMNS);
  ensureColumns(table, OUTBOX_COLUMNS, FIELDS);
  // A row withdrawn earlier (スキップ, e.g. snoozed) does not stand in for the contact prepared again; it does
  // keep a restored row from coming back over the owner's own スキップ.
  const stateCol = table.columns.state as number;
  const keyOf = (r: unknown[]) => String(r[table.columns.key as number] ?? '');
  const any = new Set(table.rows.map(keyOf));
  const live = new Set(table.rows.filter((r) => String(r[stateCol] ?? '') !== 'スキップ').map(keyOf));
  const fresh = rows.filter((r) => !(r.restored ? any : live).has(r.key));
  const values = fresh.map((r) => {
    const row: unknown[] = new Array(table.width).fill('');
    const put = (field: OutboxField, value: unknown) => (row[table.columns[field] as number] = value);
    put('key', r.key);
    put('customerId', r.customerId);
    put('name', r.name);
    put('lineUserId', r.lineUserId);
    put('message', r.message);
    put('approved', r.approved);
    put('state', r.state);
    return row;
  });
  appendRows(sheet, values, table.width);
}

function createOutbox(ss: Spreadsheet): GoogleAppsScript.Spreadsheet.Sheet {
  const sheet = ss.insertSheet(SHEET.lineOutbox);
  trimColumns(sheet, FIELDS.length);
  sheet.getRange(1, 1, 1, FIELDS.length).setValues([FIELDS.map((f) => OUTBOX_COLUMNS[f].header)]);
  sheet.setFrozenRows(1);
  sheet.setColumnWidth(FIELDS.indexOf('message') + 1, 360);
  return sheet;
}

/**
 * Withdraws outbox rows whose contact was closed (window over, no longer needed): unapproved and marked
 * スキップ so they can never be sent. One read, one write over the rows they span.
 */
/** Rows a withdrawal leaves alone: finished, or possibly accepted by LINE already (送信中). */
const FINAL_OR_SENDING = ['送信済', 'スキップ', '送信中'];

/** The message of each LINE draft still waiting, by key: the text the owner may have edited on the sheet. */
export function outboxTexts(ss: Spreadsheet): Map<string, string> {
  const sheet = ss.getSheetByName(SHEET.lineOutbox);
  if (!sheet) return new Map();
  const table = readTable(sheet, OUTBOX_COLUMNS);
  const { key, state, message } = table.columns;
  if (key === undefined || state === undefined || message === undefined) return new Map();
  return new Map(
    table.rows
      .filter((row) => ['承認待ち', '承認済'].includes(String(row[state] ?? '')))
      .map((row) => [String(row[key] ?? ''), String(row[message] ?? '')]),
  );
}

/** Whether a send of this key may be under way or done: its outbox row is 送信中 or 送信済. */
export function isSendingOrSent(ss: Spreadsheet, contactKey: string): boolean {
  const sheet = ss.getSheetByName(SHEET.lineOutbox);
  if (!sheet) return false;
  const table = readTable(sheet, OUTBOX_COLUMNS);
  const { key, state } = table.columns;
  if (key === undefined || state === undefined) return false;
  return table.rows.some(
    (row) => String(row[key] ?? '') === contactKey && ['送信中', '送信済'].includes(String(row[state] ?? '')),
  );
}

/**
 * The owner approves a LINE draft from the sidebar, optionally with edited text: 承認 TRUE, 状態 承認済. Returns the
 * message as it now stands, or null when there is no row for the key that can still be approved.
 */
export function approveInOutbox(ss: Spreadsheet, contactKey: string, editedText?: string): string | null {
  const sheet = ss.getSheetByName(SHEET.lineOutbox);
  if (!sheet) return null;
  const table = readTable(sheet, OUTBOX_COLUMNS);
  ensureColumns(table, OUTBOX_COLUMNS, FIELDS);
  const col = (f: OutboxField) => table.columns[f] as number;
  const index = table.rows.findIndex(
    (row) =>
      String(row[col('key')] ?? '') === contactKey &&
      ['承認待ち', '承認済'].includes(String(row[col('state')] ?? '')),
  );
  if (index < 0) return null;
  const row = table.rows[index].slice(0, table.width);
  if (editedText !== undefined) row[col('message')] = editedText;
  row[col('approved')] = true;
  row[col('state')] = '承認済';
  sheet.getRange(index + 2, 1, 1, table.width).setValues([row.map(cellValue)]);
  return String(row[col('message')]);
}

export function withdrawFromOutbox(ss: Spreadsheet, keys: ReadonlySet<string>, note: string): void {
  const sheet = keys.size > 0 ? ss.getSheetByName(SHEET.lineOutbox) : null;
  if (!sheet) return;
  const table = readTable(sheet, OUTBOX_COLUMNS);
  const { key, approved, state, note: noteCol } = table.columns;
  if (key === undefined || approved === undefined || state === undefined || noteCol === undefined) return;
  const hits = table.rows.flatMap((row, i) =>
    keys.has(String(row[key] ?? '')) && !FINAL_OR_SENDING.includes(String(row[state] ?? '')) ? [i] : [],
  );
  if (hits.length === 0) return;
  const first = Math.min(...hits);
  const last = Math.max(...hits);
  const from = Math.min(approved, state, noteCol);
  const to = Math.max(approved, state, noteCol);
  const block = table.rows.slice(first, last + 1).map((row) => row.slice(from, to + 1));
  for (const i of hits) {
    const row = block[i - first];
    row[approved - from] = false;
    row[state - from] = 'スキップ';
    row[noteCol - from] = note;
  }
  sheet
    .getRange(first + 2, from + 1, block.length, to - from + 1)
    .setValues(block.map((r) => r.map(cellValue)));
}
