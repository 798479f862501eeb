import { OUTBOX_COLUMNS, SHEET, type OutboxField } from '../labels';
import { appendRows, ensureColumns, readTable } from '../sheets/table';

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
}

const FIELDS = Object.keys(OUTBOX_COLUMNS) as OutboxField[];

/** Adds LINE drafts to the LINE送信 outbox, where the owner edits and approves them (one setValues). */
export function appendToOutbox(ss: Spreadsheet, rows: readonly OutboxRow[]): void {
  if (rows.length === 0) return;
  const sheet = ss.getSheetByName(SHEET.lineOutbox) ?? createOutbox(ss);
  const table = readTable(sheet, OUTBOX_COLUMNS);
  ensureColumns(table, OUTBOX_COLUMNS, FIELDS);
  const known = new Set(table.rows.map((r) => String(r[table.columns.key as number] ?? '')));
  const fresh = rows.filter((r) => !known.has(r.key));
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
  sheet.getRange(1, 1, 1, FIELDS.length).setValues([FIELDS.map((f) => OUTBOX_COLUMNS[f].header)]);
  sheet.setFrozenRows(1);
  sheet.setColumnWidth(FIELDS.indexOf('message') + 1, 360);
  return sheet;
}
